"""A leader walks a small shop in the browser guide: rates, notes, blocker, Back, Finish."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from selfshop.aio import run_sync
from selfshop.load.files import load_journey, load_standards
from selfshop.models.evidence import EvidenceKind
from selfshop.models.results import Verdict
from selfshop.publish import finish_walk
from selfshop.store.runfolder import read_run
from selfshop.walk.browser_guide import BrowserGuide
from selfshop.walk.guided import WALK_FILE, WalkSession, read_walk

pytestmark = pytest.mark.browser

STANDARDS = """\
organisation: Acme
standards:
  - id: courtesy
    title: Courtesy
    behaviours: [We greet every customer warmly]
    questions: [Did the page speak to you kindly?]
  - id: efficiency
    title: Efficiency
    questions: [Was it quick?]
    checks: [console-errors]
"""
JOURNEY = """\
id: buy-gift
title: Buy a gift
channel: web
start: /index.html
steps:
  - name: Arrive
    intent: I want a present
    ask: Is it clear where the gifts are?
  - name: Browse gifts
    measure: [{id: seconds_looking, prompt: Seconds spent looking, unit: s}]
  - name: Pay
"""
PAGES = {
    "index.html": '<!doctype html><html lang="en"><title>Acme</title>'
    '<h1>Welcome to Acme</h1><a href="gifts.html">Gifts</a>',
    "gifts.html": '<!doctype html><html lang="en"><title>Gifts</title><h1>Gifts under 30</h1>'
    '<img src="mug.png" width="10" height="10"><a href="checkout.html">Checkout</a>'
    "<script>console.error('stock service down')</script>",
    "checkout.html": '<!doctype html><html lang="en"><title>Checkout</title><h1>Pay</h1>'
    '<label>Password <input type="password" id="pw"></label>',
}


@pytest.fixture
def project(tmp_path: Path, serve_dir: Callable[[Path], str]) -> tuple[Path, str]:
    site = tmp_path / "site"
    site.mkdir()
    for name, html in PAGES.items():
        (site / name).write_text(html)
    (tmp_path / "standards.yaml").write_text(STANDARDS)
    (tmp_path / "journeys").mkdir()
    (tmp_path / "journeys" / "buy-gift.yaml").write_text(JOURNEY)
    return tmp_path, serve_dir(site)


async def leader_walks(session: WalkSession, base_url: str) -> dict[str, Any]:
    from playwright.async_api import async_playwright, expect

    from selfshop.walk.browser import launch_options

    seen: dict[str, Any] = {}
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(**launch_options(pw.chromium.executable_path))
        guide = BrowserGuide(session, browser, f"{base_url}/index.html")
        try:
            await guide.open()
            panel, site = guide.panel, guide.site
            assert panel is not None and site is not None
            progress = panel.locator("#progress")
            await expect(progress).to_have_text("Step 1 of 3")
            await expect(panel.get_by_role("heading", name="Arrive")).to_be_visible()
            await expect(
                panel.get_by_text("Ask yourself: Is it clear where the gifts are?")
            ).to_be_visible()
            await panel.get_by_role("button", name="About Courtesy").click()
            await expect(panel.get_by_text("We greet every customer warmly")).to_be_visible()
            from selfshop.gather.axe import gather_axe

            seen["panel_axe"] = [v.id for v in await gather_axe(panel)]

            # Step 1, with the mouse: a rating per standard and a note.
            await panel.locator("#standard-courtesy").get_by_label("4").check()
            await panel.locator("#standard-efficiency").get_by_label("Not applicable").check()
            await panel.get_by_label("Notes").fill("Friendly welcome")
            await panel.get_by_role("button", name="Next").click()
            await expect(progress).to_have_text("Step 2 of 3")

            # The leader walks the real site, then answers step 2 with the keyboard only.
            await site.get_by_role("link", name="Gifts").click()
            await site.wait_for_url("**/gifts.html")
            await panel.keyboard.press("Tab")  # the seconds-looking measure
            await panel.keyboard.type("40")
            await panel.keyboard.press("Tab")  # the "why" of Courtesy (its behaviours)
            await panel.keyboard.press("Tab")  # into the courtesy ratings
            await panel.keyboard.press("ArrowRight")
            await panel.keyboard.press("ArrowRight")  # 1 -> 3
            await panel.keyboard.press("Tab")  # efficiency ratings: leave unrated
            await panel.keyboard.press("Tab")  # notes
            await panel.keyboard.type("Could not find the price filter")
            await panel.keyboard.press("Tab")
            await panel.keyboard.press("Space")  # this stopped me
            await panel.keyboard.press("Tab")  # Add a photo
            await panel.keyboard.press("Tab")  # Back
            await panel.keyboard.press("Tab")  # Next
            await panel.keyboard.press("Enter")
            await expect(progress).to_have_text("Step 3 of 3")
            await expect(panel.get_by_role("button", name="Finish")).to_be_visible()

            # On to checkout; a password typed there must never be saved or shown.
            await site.get_by_role("link", name="Checkout").click()
            await site.wait_for_url("**/checkout.html")
            await site.get_by_label("Password").fill("hunter2")

            # Back to step 2: the saved answer is shown; the leader changes the rating.
            await panel.get_by_role("button", name="Back").click()
            await expect(progress).to_have_text("Step 2 of 3")
            courtesy = panel.locator("#standard-courtesy")
            await expect(courtesy.get_by_label("3")).to_be_checked()
            await expect(panel.get_by_label("This stopped me")).to_be_checked()
            await expect(panel.get_by_text("Evidence captured from")).to_contain_text("gifts.html")
            await courtesy.get_by_label("1").check()
            await panel.get_by_role("button", name="Next").click()
            await expect(progress).to_have_text("Step 3 of 3")

            await panel.locator("#standard-courtesy").get_by_label("2").check()
            await panel.get_by_label("Notes").fill("<script>alert('x')</script> & no receipt")
            await panel.get_by_role("button", name="Finish").click()
            await expect(panel.get_by_role("heading", name="Walk finished")).to_be_visible()
            seen["finished"] = await guide.wait()
            seen["site_html"] = await site.content()
        finally:
            await guide.close()
            await browser.close()
    return seen


def test_a_leader_walks_the_shop_in_the_browser_guide(project: tuple[Path, str]) -> None:
    root, base_url = project
    standards = load_standards(root / "standards.yaml")
    journey = load_journey(root / "journeys" / "buy-gift.yaml")
    session = WalkSession.start(
        journey, standards, auditor="Dana", out_dir=root / "reports", base_url=base_url
    )
    seen = run_sync(leader_walks(session, base_url))
    assert seen["finished"] is True
    assert seen["panel_axe"] == []  # the guide itself passes axe-core
    assert "selfshop" not in seen["site_html"].lower()  # the site was left alone

    steps = read_walk(session.folder).steps
    ratings = [s.guided[0] for s in steps]
    assert [r.ratings for r in ratings] == [
        {"courtesy": 4, "efficiency": None},
        {"courtesy": 1},
        {"courtesy": 2},
    ]
    assert [r.blocker for r in ratings] == [False, True, False]
    assert ratings[1].notes == "Could not find the price filter"
    assert ratings[1].measures == {"seconds_looking": 40.0}
    assert ratings[2].notes == "<script>alert('x')</script> & no receipt"  # stored as text

    # Evidence of the page the leader was on at each Next (step 2 kept from its first visit).
    assert [Path(s.url or "").name for s in steps] == ["index.html", "gifts.html", "checkout.html"]
    assert all(s.has(EvidenceKind.page) and s.has(EvidenceKind.guided) for s in steps)
    assert "Gifts under 30" in steps[1].text
    assert any(i.alt is None and i.src.endswith("mug.png") for i in steps[1].images)
    assert any("stock service down" in c.text for c in steps[1].console)
    for step in steps:
        assert step.screenshot and (session.folder / step.screenshot).is_file()
    assert steps[2].masked, "the password field is masked in the screenshot"
    assert "hunter2" not in (session.folder / WALK_FILE).read_text()
    assert json.loads((session.folder / WALK_FILE).read_text())["finished_at"] is None

    # Finishing judges the walk like any run: run.json and report.html in the same folder.
    finish_walk(session, root / "reports")
    run = read_run(session.folder)
    (journey_result,) = run.journeys
    assert str(journey_result.walker) == "guided:Dana" and str(run.walker) == "guided:Dana"
    assert journey_result.verdict is Verdict.redesign  # the leader's blocker decides
    first, second, _ = journey_result.steps
    guided = [
        [(c.standard, c.score) for c in s.checks if c.check_id == "guided"]
        for s in journey_result.steps
    ]
    assert guided == [[("courtesy", 0.75)], [("courtesy", 0.0)], [("courtesy", 0.25)]]
    # The leader's 4 counts as much as the automated courtesy checks (all 100 here).
    assert first.standard_scores["courtesy"] == 87.5
    assert second.standard_scores["courtesy"] == 50  # the 1 given after going Back
    assert any("could not get past the Browse gifts step" in r for r in journey_result.reasons)
    assert any(f.check_id == "console-errors" for f in second.findings)  # checks ran too
    report = (session.folder / "report.html").read_text()
    assert "Dana" in report and "Could not find the price filter" in report
    assert "<script>alert('x')</script>" not in report
    assert "&lt;script&gt;" in report


TABS_JOURNEY = """\
id: get-help
title: Get help
start: /tabs.html
steps:
  - name: Open the help
  - name: Back to the shop
  - name: Never reached
"""


async def leader_uses_tabs(session: WalkSession, base_url: str) -> dict[str, Any]:
    from playwright.async_api import async_playwright, expect

    from selfshop.walk.browser import launch_options

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(**launch_options(pw.chromium.executable_path))
        guide = BrowserGuide(session, browser, f"{base_url}/tabs.html")
        try:
            await guide.open()
            panel, shop = guide.panel, guide.site
            assert panel is not None and shop is not None
            progress = panel.locator("#progress")
            await shop.get_by_role("button", name="Empty basket").click()  # a confirm()
            await expect(shop.locator("#said")).to_have_text("emptied")
            async with shop.context.expect_page() as opened:
                await shop.get_by_role("link", name="Help").click()
            help_tab = await opened.value
            await help_tab.wait_for_load_state()
            await panel.get_by_role("button", name="Next").click()  # captured in the new tab
            await expect(progress).to_have_text("Step 2 of 3")
            await expect(panel.get_by_role("status")).to_contain_text(
                "The site showed a dialog (answered OK): “Empty your basket?”"
            )
            await help_tab.close()  # back to the shop's tab
            await panel.get_by_role("button", name="Next").click()
            await expect(progress).to_have_text("Step 3 of 3")
            await shop.close()  # the leader closes the site: the walk stops, unfinished
            return {"finished": await guide.wait()}
        finally:
            await guide.close()
            await browser.close()


def test_the_guide_follows_the_leader_across_tabs(project: tuple[Path, str]) -> None:
    root, base_url = project
    (root / "site" / "tabs.html").write_text(
        '<!doctype html><title>Shop</title><a href="help.html" target="_blank">Help</a>'
        "<button onclick=\"document.getElementById('said').textContent = "
        "confirm('Empty your basket?') ? 'emptied' : 'kept'\">Empty basket</button>"
        '<p id="said"></p>'
    )
    (root / "site" / "help.html").write_text("<!doctype html><title>Help</title><p>We can help")
    (root / "journeys" / "tabs.yaml").write_text(TABS_JOURNEY)
    standards = load_standards(root / "standards.yaml")
    journey = load_journey(root / "journeys" / "tabs.yaml")
    session = WalkSession.start(journey, standards, auditor="Dana", out_dir=root / "reports")
    seen = run_sync(leader_uses_tabs(session, base_url))
    assert seen["finished"] is False
    steps = read_walk(session.folder).steps
    assert [Path(s.url or "").name for s in steps] == ["help.html", "tabs.html"]
    assert "We can help" in steps[0].text
    assert any(c.level == "dialog" and "Empty your basket?" in c.text for c in steps[1].console)
    assert read_walk(session.folder).finished_at is None  # resumable


async def open_as_if_headed(session: WalkSession, base_url: str) -> dict[str, Any]:
    from playwright.async_api import async_playwright, expect

    from selfshop.walk.browser import launch_options

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(**launch_options(pw.chromium.executable_path))
        guide = BrowserGuide(session, browser, f"{base_url}/index.html", headed=True)
        try:
            await guide.open()
            assert guide.panel is not None and guide.site is not None
            await expect(guide.panel.locator("#progress")).to_have_text("Step 1 of 3")
            return {
                "viewport": guide.site.viewport_size,
                "screen": await guide.panel.evaluate("[screen.availWidth]"),
            }
        finally:
            await guide.close()
            await browser.close()


def test_a_visible_guide_sizes_the_site_beside_the_panel(project: tuple[Path, str]) -> None:
    root, base_url = project
    session = WalkSession.start(
        load_journey(root / "journeys" / "buy-gift.yaml"),
        load_standards(root / "standards.yaml"),
        auditor="Dana",
        out_dir=root / "reports",
    )
    seen = run_sync(open_as_if_headed(session, base_url))
    # A fixed viewport (never None), so the reflow check can narrow it and put it back.
    assert seen["viewport"] is not None and seen["viewport"]["width"] >= 800
