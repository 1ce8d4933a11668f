"""How the page reflows on a 320 CSS px wide screen (WCAG 1.4.10): does it scroll sideways,
and because of what?

WCAG 1.4.10 exempts content that needs two-dimensional layout to be used or understood:
video, canvas, images, maps and diagrams, data tables, and content inside an element that
scrolls by itself (a scrolling region that fits the screen). What sticks out is traced to the
innermost elements that stick out; the page fails only when one of them is not exempt.
"""

from __future__ import annotations

from playwright.async_api import Page

from selfshop.gather.screenshot import MASK_MARK
from selfshop.models.evidence import Reflow

REFLOW_WIDTH = 320
SCROLL_WIDTH_JS = (
    "() => Math.max(document.documentElement.scrollWidth, "
    "document.body ? document.body.scrollWidth : 0)"
)
# The innermost elements wider than the viewport, split into exempt and not.
OVERFLOW_JS = r"""
width => {
  const EXEMPT = 'video, canvas, img, svg, picture, object, embed, iframe, map, math, ' +
    'table, [role=img], [role=table], [role=grid], [role=treegrid], [role=application]';
  const limit = width + 1;
  const path = el => {
    const parts = [];
    for (let node = el; node && parts.length < 4; node = node.parentElement) {
      parts.unshift(node.tagName.toLowerCase() + (node.id ? '#' + node.id : ''));
    }
    return parts.join(' > ');
  };
  const scrolls = el => /auto|scroll|hidden|clip/.test(getComputedStyle(el).overflowX);
  const sticksOut = el => {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) return false;
    const right = box.left + scrollX + Math.max(box.width,
      getComputedStyle(el).overflowX === 'visible' ? el.scrollWidth : 0);
    return right > limit;
  };
  const causes = [], exempt = [];
  const visit = el => {
    const inner = Array.from(el.children).filter(sticksOut);
    // A scrolling element keeps its content: only its own box can stick out.
    const descend = !scrolls(el) || el === document.body || el === document.documentElement;
    if (descend && inner.length) { inner.forEach(visit); return; }
    (el.closest(EXEMPT) ? exempt : causes).push(path(el));
  };
  if (document.body && sticksOut(document.body)) visit(document.body);
  return {causes: causes.slice(0, 20), exempt: exempt.slice(0, 20)};
}
"""
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
    return await _measured(page, width, scroll_width)


async def _measured(page: Page, width: int, scroll_width: int) -> Reflow:
    overflows = scroll_width > width + 1
    traced: dict[str, list[str]] = (
        await page.evaluate(OVERFLOW_JS, width) if overflows else {"causes": [], "exempt": []}
    )
    return Reflow(
        viewport_width=width,
        scroll_width=scroll_width,
        overflows=overflows,
        causes=traced["causes"],
        exempt=traced["exempt"],
    )


async def gather_reflow(page: Page) -> Reflow:
    """Narrow the viewport to 320 px, measure, and put the viewport back as it was."""
    original = page.viewport_size
    height = original["height"] if original else 720
    await page.set_viewport_size({"width": REFLOW_WIDTH, "height": height})
    try:
        width = int(await page.evaluate(SETTLED_SCROLL_WIDTH_JS))
        return await _measured(page, REFLOW_WIDTH, width)
    finally:
        if original:
            await page.set_viewport_size(original)
