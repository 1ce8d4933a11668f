"""Screenshots of a guided walk for docs/: the phone panel, the laptop panel, the report.

A leader (scripted) walks the demo shop's guest checkout in phone mode, as `selfshop walk
--phone` serves it, from a 390 x 844 phone; the same panel is shot as a 1366 x 768 laptop shows
it beside the site; the finished walk's report is shot at 1280 x 800, first screen and the step
with the leader's photo.

Run from the repository: .venv/bin/python tools/screens/guided.py [OUT_DIR]  (default docs/screens)
"""

from __future__ import annotations

import asyncio
import io
import sys
import tempfile
from pathlib import Path
from typing import Any

from PIL import Image

from selfshop.demo.server import running_demo
from selfshop.load.files import find_root, load_standards, load_walkable_journey
from selfshop.publish import finish_walk
from selfshop.walk.browser import launch_options
from selfshop.walk.browser_guide import PANEL_VIEWPORT, SITE_MIN_WIDTH
from selfshop.walk.guided import WalkSession
from selfshop.walk.phone_guide import guide_on_phone

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "src" / "selfshop" / "demo" / "project"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
REPORT = {"width": 1280, "height": 800}
GAP = LAPTOP["width"] - SITE_MIN_WIDTH - PANEL_VIEWPORT["width"]
STANDARDS = ("safety", "courtesy", "inclusion", "show", "efficiency")
# Ratings (in STANDARDS order) and notes per step of the demo checkout: a leader in a hurry.
ANSWERS = [
    ("55545", "Looks like a real gift shop. Warm welcome."),
    ("54443", "The price filter hides under Gifts."),
    ("54454", ""),
    ("55554", ""),
    ("44444", ""),
    ("42323", "The postcode message does not say what is wrong."),
    ("45554", "Thanked by name. Lovely."),
]


async def shoot(out: Path, base_url: str, work: Path) -> None:
    from playwright.async_api import async_playwright, expect

    journey_file = DEMO / "journeys" / "guest-checkout.yaml"
    standards_file = find_root(journey_file) / "standards.yaml"
    journey, standards = load_walkable_journey(journey_file), load_standards(standards_file)

    def new_walk(folder: str) -> WalkSession:
        return WalkSession.start(
            journey,
            standards,
            auditor="Dana Reyes (COO)",
            out_dir=work / folder,
            journey_file=journey_file,
            standards_file=standards_file,
            base_url=base_url,
            device="mobile",
        )

    session = new_walk("reports")
    addresses: list[str] = []
    walk = asyncio.create_task(
        guide_on_phone(session, site_url=f"{base_url}/", on_open=addresses.append)
    )
    while not addresses:
        await asyncio.sleep(0.05)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(**launch_options(pw.chromium.executable_path))
        phone = await browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)  # type: ignore[arg-type]
        panel = await phone.new_page()
        await panel.goto(addresses[0])
        await expect(panel.locator("#progress")).to_have_text("Step 1 of 7")
        await panel.screenshot(path=out / "guided-phone.png")
        await laptop_screen(browser, new_walk("laptop"), base_url, out / "guided-laptop.png")
        photo = await shop_photo(browser, base_url)
        for number, (ratings, notes) in enumerate(ANSWERS, start=1):
            await expect(panel.locator("#progress")).to_have_text(f"Step {number} of 7")
            for standard, rating in zip(STANDARDS, ratings, strict=True):
                await panel.locator(f"#standard-{standard}").get_by_label(rating).tap()
            await panel.get_by_label("Notes").fill(notes)
            if number == 1:
                await panel.locator("#photo").set_input_files(
                    {"name": "shop.jpg", "mimeType": "image/jpeg", "buffer": photo}
                )
                await expect(panel.locator("#photos")).to_have_text("1 photo added")
            await panel.get_by_role("button", name="Finish" if number == 7 else "Next").tap()
        await walk
        published = finish_walk(session, work / "reports")
        await report_screens(browser, Path(published.reports["html"]), out)
        await browser.close()


async def laptop_screen(browser: Any, session: WalkSession, base_url: str, target: Path) -> None:
    """The screen of a 1366 x 768 laptop as the browser guide lays it out: the site on the left,
    the panel (no "Open the site" link: the site is right there) on the right."""
    addresses: list[str] = []
    walk = asyncio.create_task(guide_on_phone(session, on_open=addresses.append))
    while not addresses:
        await asyncio.sleep(0.05)
    height = LAPTOP["height"]
    site_size = {"width": SITE_MIN_WIDTH, "height": height}
    site = await (await browser.new_context(viewport=site_size)).new_page()
    await site.goto(f"{base_url}/")
    panel_size = {"width": PANEL_VIEWPORT["width"], "height": height}
    panel = await (await browser.new_context(viewport=panel_size)).new_page()
    await panel.goto(addresses[0])
    await panel.locator("#standard-safety").wait_for()
    screen = Image.new("RGB", (LAPTOP["width"], height), (60, 60, 68))
    screen.paste(Image.open(io.BytesIO(await site.screenshot())), (0, 0))
    screen.paste(Image.open(io.BytesIO(await panel.screenshot())), (SITE_MIN_WIDTH + GAP, 0))
    screen.save(target, optimize=True)
    await site.context.close()
    await panel.context.close()
    walk.cancel()


async def shop_photo(browser: Any, base_url: str) -> bytes:
    """A stand-in for a photo taken on the phone: the shop's front page, as a JPEG."""
    context = await browser.new_context(viewport=PHONE, is_mobile=True)
    page = await context.new_page()
    await page.goto(f"{base_url}/")
    shot = Image.open(io.BytesIO(await page.screenshot())).convert("RGB")
    await context.close()
    data = io.BytesIO()
    shot.save(data, "JPEG", quality=70)
    return data.getvalue()


async def report_screens(browser: Any, report: Path, out: Path) -> None:
    context = await browser.new_context(viewport=REPORT)
    page = await context.new_page()
    await page.goto(report.as_uri())
    await page.screenshot(path=out / "guided-report.png")
    photos = page.locator(".attachments").first
    await photos.evaluate("list => { const d = list.closest('details'); if (d) d.open = true; }")
    await photos.evaluate("list => list.closest('.guided').scrollIntoView({block: 'center'})")
    await page.screenshot(path=out / "guided-report-photo.png")
    await context.close()


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screens"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work, running_demo() as urls:
        asyncio.run(shoot(out, urls.polished, Path(work)))
    for name in ("guided-phone", "guided-laptop", "guided-report", "guided-report-photo"):
        print(out / f"{name}.png")


if __name__ == "__main__":
    main()
