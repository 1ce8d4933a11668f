"""The guide panel fits its window on a 1366 x 768 laptop at every step, without scrolling: a
busy leader sees the step, what it expects, every question and Next at once."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from selfshop.aio import run_sync
from selfshop.load.files import find_root, load_standards, load_walkable_journey
from selfshop.walk.browser_guide import PANEL_VIEWPORT, panel_width
from selfshop.walk.guided import WalkSession
from selfshop.walk.phone_guide import guide_on_phone

pytestmark = pytest.mark.browser

DEMO = Path(__file__).parents[2] / "src" / "selfshop" / "demo" / "project"


async def overflow_at_each_step(session: WalkSession) -> list[tuple[str, int, int]]:
    """(step name, document height, window height) of every step, pressing Next through."""
    from playwright.async_api import async_playwright, expect

    from selfshop.walk.browser import launch_options

    addresses: list[str] = []
    walk = asyncio.create_task(guide_on_phone(session, on_open=addresses.append))
    while not addresses:
        await asyncio.sleep(0.05)
    heights = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(**launch_options(pw.chromium.executable_path))
        panel = await (await browser.new_context(viewport=PANEL_VIEWPORT)).new_page()  # type: ignore[arg-type]
        await panel.goto(addresses[0])
        for number, step in enumerate(session.journey.steps, start=1):
            total = len(session.journey.steps)
            await expect(panel.locator("#progress")).to_have_text(f"Step {number} of {total}")
            # The status line after a move ("Saved step 1.") is part of what must fit.
            await panel.locator("#standard-courtesy").get_by_label("4").check()
            scroll, window = await panel.evaluate(
                "[document.documentElement.scrollHeight, innerHeight]"
            )
            heights.append((step.name, scroll, window))
            await panel.get_by_role("button", name="Finish" if number == total else "Next").click()
        await expect(panel.get_by_role("heading", name="Walk finished")).to_be_visible()
        await browser.close()
    await walk
    return heights


@pytest.mark.parametrize("journey", ["guest-checkout", "phone-refund"])
def test_every_step_fits_the_laptop_panel(tmp_path: Path, journey: str) -> None:
    journey_file = DEMO / "journeys" / f"{journey}.yaml"
    session = WalkSession.start(
        load_walkable_journey(journey_file),
        load_standards(find_root(journey_file) / "standards.yaml"),
        auditor="Dana",
        out_dir=tmp_path,
    )
    assert panel_width(1366) == PANEL_VIEWPORT["width"]  # what a 1366 px laptop gives the panel
    heights = run_sync(overflow_at_each_step(session))
    assert len(heights) == len(session.journey.steps)
    too_tall = [(name, scroll) for name, scroll, window in heights if scroll > window]
    assert not too_tall, f"steps that need scrolling in {PANEL_VIEWPORT}: {too_tall}"
