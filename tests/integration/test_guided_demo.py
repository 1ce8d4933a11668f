"""A leader walks the demo shop's checkout in the browser guide, with the project's own charter:
the automated checks run on the manual path, the card number never reaches disk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from selfshop.aio import run_sync
from selfshop.demo import DEMO_SECRETS
from selfshop.load.files import find_root, load_journey, load_standards
from selfshop.models.evidence import EvidenceKind
from selfshop.publish import finish_walk
from selfshop.store.runfolder import read_run
from selfshop.walk.browser_guide import BrowserGuide
from selfshop.walk.guided import WalkSession

pytestmark = pytest.mark.browser

CHECKOUT = """\
id: guest-checkout
title: Buy a gift as a first-time visitor
channel: web
start: /gifts
steps:
  - name: Find a gift
    ask: Is the price range easy to find?
  - name: Put it in the basket
  - name: Pay as a guest
    do:
      - fill: { label: Card number, value: "${secret:DEMO_CARD}" }
"""
CARD = DEMO_SECRETS["DEMO_CARD"]


async def leader_buys_a_gift(session: WalkSession, start_url: str) -> None:
    from playwright.async_api import async_playwright, expect

    from selfshop.walk.browser import launch_options

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(**launch_options(pw.chromium.executable_path))
        guide = BrowserGuide(session, browser, start_url)
        try:
            await guide.open()
            panel, shop = guide.panel, guide.site
            assert panel is not None and shop is not None
            progress = panel.locator("#progress")

            async def answer(courtesy: str, notes: str, step: str) -> None:
                await panel.locator("#standard-courtesy").get_by_label(courtesy).check()
                await panel.get_by_label("Notes").fill(notes)
                await panel.get_by_role("button", name=step).click()

            await expect(progress).to_have_text("Step 1 of 3")
            await answer("4", "Prices are clear", "Next")
            await expect(progress).to_have_text("Step 2 of 3")

            await shop.locator(".card-title a").first.click()
            await shop.get_by_role("button", name="Add to basket").click()
            await expect(shop.get_by_role("heading", level=1)).to_contain_text("basket")
            await answer("5", "Easy", "Next")
            await expect(progress).to_have_text("Step 3 of 3")

            await shop.get_by_role("link", name="Check out").click()
            await shop.get_by_label("Email").fill("dana@example.com")
            await shop.get_by_label("Full name").fill("Dana Example")
            await shop.get_by_label("Address").fill("1 High Street")
            await shop.get_by_label("Postcode").fill("SW1A 1AA")
            await shop.get_by_label("Card number").fill(CARD)
            # Step 3 is rated on the filled-in form, before paying.
            await answer("3", "Card field had no hint of where the number is", "Finish")
            await expect(panel.get_by_role("heading", name="Walk finished")).to_be_visible()
        finally:
            await guide.close()
            await browser.close()


def test_a_leader_walks_the_demo_checkout(tmp_path: Path) -> None:
    from selfshop.demo.server import running_demo

    journey_file = tmp_path / "guest-checkout.yaml"
    journey_file.write_text(CHECKOUT)
    standards_file = find_root(Path(__file__)) / "standards.yaml"
    standards = load_standards(standards_file)
    journey = load_journey(journey_file, env=DEMO_SECRETS)
    with running_demo() as urls:
        session = WalkSession.start(
            journey,
            standards,
            auditor="Dana",
            out_dir=tmp_path / "out",
            base_url=urls.polished,
            standards_file=standards_file,
        )
        run_sync(leader_buys_a_gift(session, f"{urls.polished}/gifts"))
        finish_walk(session, tmp_path / "out")

    run = read_run(session.folder)
    (journey_result,) = run.journeys
    steps = journey_result.steps
    assert [s.evidence.guided[0].ratings["courtesy"] for s in steps] == [4, 5, 3]
    evidence = [s.evidence for s in steps]
    assert evidence[0].url is not None and evidence[0].url.endswith("/gifts")
    assert evidence[2].url is not None and evidence[2].url.endswith("/checkout")
    # The charter's automated checks ran on the leader's pages, axe-core included.
    assert all(e.has(EvidenceKind.axe) and e.has(EvidenceKind.screenshot) for e in evidence)
    check_ids = {c.check_id for s in steps for c in s.checks}
    assert {"accessibility", "guided", "security-headers"} <= check_ids
    assert evidence[2].masked, "the card field is painted over in the screenshot"
    on_disk: list[Any] = [p.read_bytes() for p in session.folder.rglob("*") if p.is_file()]
    assert not any(CARD.encode() in data for data in on_disk)
    assert journey_result.verdict.value in ("proud", "middle", "redesign")
