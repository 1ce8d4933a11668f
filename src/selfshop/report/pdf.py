"""report.pdf: the report printed through Chromium, for a board pack.

The HTML report is opened from disk in headless Chromium and printed with its print styles:
the first screen, the fix-first list and each journey's summary, without the folded details.
Every browser call is bounded, so a stuck browser ends in a clear error, never a hang.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from selfshop.store.atomic import write_bytes

PDF_TIMEOUT_S = 60.0  # the whole print: open, lay out, print
# The board pack: every journey's summary open, its steps folded (report.js keeps them so).
BOARD_PACK_JS = (
    "() => { document.documentElement.setAttribute('data-board-pack', '');"
    " document.querySelectorAll('details.journey').forEach(d => d.open = true); }"
)


class PdfFailed(RuntimeError):
    """Chromium could not print the report; the message says why."""


# Playwright's managed Chromium path -> keyword arguments for chromium.launch
LaunchOptions = Callable[[str | None], dict[str, Any]]


async def _print(html: Path, launch: LaunchOptions) -> bytes:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(**launch(playwright.chromium.executable_path))
        try:
            page = await browser.new_page()
            page.set_default_timeout(PDF_TIMEOUT_S * 1000)
            await page.goto(html.resolve().as_uri(), wait_until="load")
            await page.emulate_media(media="print")
            await page.evaluate(BOARD_PACK_JS)
            return await page.pdf(
                format="A4",
                print_background=True,
                margin={"top": "12mm", "bottom": "12mm", "left": "10mm", "right": "10mm"},
            )
        finally:
            await browser.close()


async def print_pdf(html: Path, pdf: Path, launch: LaunchOptions) -> Path:
    """Print the report at `html` to `pdf` (written whole or not at all); `launch` gives the
    keyword arguments for chromium.launch (walk.browser.launch_options)."""
    try:
        data = await asyncio.wait_for(_print(html, launch), PDF_TIMEOUT_S)
    except TimeoutError as error:
        raise PdfFailed(f"Chromium did not print {html} within {PDF_TIMEOUT_S:.0f} s") from error
    except Exception as error:  # Playwright's own errors: say what went wrong, in one line
        raise PdfFailed(f"Chromium could not print {html}: {str(error).splitlines()[0]}") from error
    return write_bytes(pdf, data)
