"""How the page reflows on a 320 CSS px wide screen (WCAG 1.4.10): does it scroll sideways?"""

from __future__ import annotations

from playwright.async_api import Page

from selfshop.gather.screenshot import MASK_MARK
from selfshop.models.evidence import Reflow

REFLOW_WIDTH = 320
SCROLL_WIDTH_JS = (
    "() => Math.max(document.documentElement.scrollWidth, "
    "document.body ? document.body.scrollWidth : 0)"
)
# Two animation frames: let the layout settle at the new width, then measure (one call).
SETTLED_SCROLL_WIDTH_JS = (
    "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(("
    + SCROLL_WIDTH_JS
    + ")()))))"
)

# Counts the document's changes, in every document (an init script): a step on a page that did
# not change since it was last measured keeps that measure instead of resizing the page again.
# The walker's own marks (fields painted over in screenshots) are not changes.
CHANGES_INIT_JS = r"""(() => {
  let changes = 0;
  window.__selfshopChanges = () => changes;
  new MutationObserver(records => {
    if (records.some(r => r.attributeName !== 'MASK_MARK')) changes++;
  }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
})();""".replace("MASK_MARK", MASK_MARK)

# What the layout depends on: which document (its time origin), its changes, what it loaded
# (an image or font can widen it) and the viewport. null without the init script: measure.
LAYOUT_STAMP_JS = r"""() => typeof window.__selfshopChanges === 'function'
  ? [performance.timeOrigin, window.__selfshopChanges(),
     performance.getEntriesByType('resource').length, innerWidth, innerHeight]
  : null"""


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
        width = int(await page.evaluate(SETTLED_SCROLL_WIDTH_JS))
    finally:
        if original:
            await page.set_viewport_size(original)
    overflows = width > REFLOW_WIDTH + 1
    return Reflow(viewport_width=REFLOW_WIDTH, scroll_width=width, overflows=overflows)
