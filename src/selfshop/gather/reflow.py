"""How the page reflows on a 320 CSS px wide screen (WCAG 1.4.10): does it scroll sideways?"""

from __future__ import annotations

from playwright.async_api import Page

from selfshop.models.evidence import Reflow

REFLOW_WIDTH = 320
SCROLL_WIDTH_JS = (
    "() => Math.max(document.documentElement.scrollWidth, "
    "document.body ? document.body.scrollWidth : 0)"
)
TWO_FRAMES_JS = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


async def gather_layout(page: Page) -> Reflow:
    """The page's width at the device's own viewport: wider means sideways scrolling there."""
    viewport = page.viewport_size
    width = viewport["width"] if viewport else int(await page.evaluate("() => innerWidth"))
    scroll_width = int(await page.evaluate(SCROLL_WIDTH_JS))
    overflows = scroll_width > width + 1
    return Reflow(viewport_width=width, scroll_width=scroll_width, overflows=overflows)


async def gather_reflow(page: Page) -> Reflow:
    """Narrow the viewport to 320 px, measure, and put the viewport back as it was."""
    original = page.viewport_size
    height = original["height"] if original else 720
    await page.set_viewport_size({"width": REFLOW_WIDTH, "height": height})
    try:
        # Two animation frames: let the layout settle at the new width before measuring.
        await page.evaluate(TWO_FRAMES_JS)
        width = int(await page.evaluate(SCROLL_WIDTH_JS))
    finally:
        if original:
            await page.set_viewport_size(original)
    overflows = width > REFLOW_WIDTH + 1
    return Reflow(viewport_width=REFLOW_WIDTH, scroll_width=width, overflows=overflows)
