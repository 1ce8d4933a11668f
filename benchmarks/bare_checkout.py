"""The bare script a user could write instead of selfshop: the demo shop's 7-step guest checkout
walked with Playwright, axe-core run and a full-page screenshot taken after every step.

It imports nothing from selfshop, so its start-up is a plain Playwright script's. Chromium is
launched with the same executable and flags as selfshop's (walk/browser.py), so only the work
differs. bench_peers.py runs it as a subprocess beside `selfshop run` of the same journey.

Usage: python benchmarks/bare_checkout.py BASE_URL OUT_DIR
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
from pathlib import Path

from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Page, async_playwright

FLAGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
CARD = os.environ.get("DEMO_CARD", "4242424242424242")


async def checkout(page: Page, base: str, step: int) -> None:
    """The journey's actions of one step (guest-checkout.yaml, by hand)."""
    if step == 0:
        await page.goto(base + "/")
        assert "Acme Outfitters" in await page.title()
    elif step == 1:
        await page.get_by_role("link", name="Gifts", exact=True).click()
        await page.get_by_label("Price").select_option(label="Under £30")
        await page.get_by_role("button", name="Show gifts").click()
        await page.wait_for_url("**/gifts**")
    elif step == 2:
        await page.get_by_role("link", name="Star lantern").click()
        await page.get_by_role("heading", name="Star lantern").wait_for()
    elif step == 3:
        await page.get_by_role("button", name="Add to basket").click()
        await page.wait_for_url("**/basket**")
        await page.get_by_text("Star lantern").first.wait_for()
    elif step == 4:
        await page.get_by_role("link", name="Check out").click()
        await page.get_by_role("heading", name="Checkout").wait_for()
    elif step == 5:
        await page.get_by_label("Email").fill("sam.shopper@example.com")
        await page.get_by_label("Full name").fill("Sam Shopper")
        await page.get_by_label("Address").fill("1 High Street, London")
        await page.get_by_label("Postcode").fill("SW1A")
        await page.get_by_label("Card number").fill(CARD)
        await page.get_by_role("button", name="Pay now").click()
        await page.get_by_role("alert").wait_for()
    else:
        await page.get_by_label("Postcode").fill("SW1A 1AA")
        await page.get_by_label("Card number").fill(CARD)
        await page.get_by_role("button", name="Pay now").click()
        await page.get_by_text("Thank you").first.wait_for()


async def main(base: str, out: Path) -> None:
    axe = Axe()
    args = list(FLAGS) + (["--no-sandbox"] if os.geteuid() == 0 else [])
    executable = os.environ.get("SELFSHOP_CHROMIUM") or shutil.which("chromium")
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=executable, args=args)
        context = await browser.new_context(**pw.devices["Desktop Chrome"])
        page = await context.new_page()
        for step in range(7):
            await checkout(page, base.rstrip("/"), step)
            await page.wait_for_load_state("load")
            results = await axe.run(page)
            (out / f"{step}.axe.json").write_text(str(results.response), encoding="utf-8")
            await page.screenshot(path=out / f"{step}.png", full_page=True)
        await browser.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], Path(sys.argv[2])))
