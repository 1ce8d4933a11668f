"""How the page reflows on a 320 CSS px wide screen (WCAG 1.4.10): does it scroll sideways,
and because of what? And zoomed to 200 % (WCAG 1.4.4): is text cut off by a box that hides
what overflows it?

WCAG 1.4.10 exempts content that needs two-dimensional layout to be used or understood:
video, canvas, images, maps and diagrams, data tables, and content inside an element that
scrolls by itself (a scrolling region that fits the screen). What sticks out is traced to the
innermost elements that stick out; the page fails only when one of them is not exempt.
"""

from __future__ import annotations

from playwright.async_api import Page

from selfshop.gather.dom import evaluate, with_dom
from selfshop.gather.screenshot import MASK_MARK
from selfshop.models.evidence import PageSignal, Reflow

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
# Text partly cut off by a box that hides its overflow (hidden or clip, on the axis it overflows
# on; an element that scrolls on that axis keeps its text reachable). Text wholly outside its
# box is hidden by design (a closed panel, a slide off screen), a box under 4 px is the
# visually-hidden pattern, and a box followed by a link leads to the full text ("Read more").
CLIPPED_TEXT_JS = with_dom(
    r"""maxItems => {
  const found = [];
  const clips = value => value === 'hidden' || value === 'clip';
  // The nearest box deciding what overflows `el` on one axis: null when nothing clips it.
  const clipperOn = (el, axis) => {
    let escaping = false;  // absolutely positioned: only a positioned ancestor clips it
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.position === 'fixed') return null;
      const overflow = axis === 'x' ? style.overflowX : style.overflowY;
      if (overflow !== 'visible' && !(escaping && style.position === 'static')) {
        return clips(overflow) ? node : null;
      }
      if (style.position === 'absolute') escaping = true;
      else if (style.position !== 'static') escaping = false;
    }
    return null;
  };
  const inner = box => {
    const r = box.getBoundingClientRect();
    const left = r.left + box.clientLeft, top = r.top + box.clientTop;
    return {left, top, right: left + box.clientWidth, bottom: top + box.clientHeight};
  };
  const leadsOn = box => {
    const next = box.nextElementSibling;
    return !!next && (next.matches('a[href]') || !!next.querySelector('a[href]'));
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let read = 0;
  for (let node = walker.nextNode(); node && read < 4000 && found.length < maxItems;
       node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!node.data.trim() || !parent || parent.closest('script, style, noscript, template')) {
      continue;
    }
    read++;
    range.selectNodeContents(node);
    const rects = Array.from(range.getClientRects()).filter(r => r.width > 0 && r.height > 0);
    for (const axis of ['x', 'y']) {
      const box = clipperOn(parent, axis);
      if (!box || box.clientWidth < 4 || box.clientHeight < 4 || leadsOn(box)) continue;
      const b = inner(box);
      const shown = rects.filter(r => r.right > b.left && r.left < b.right
        && r.bottom > b.top && r.top < b.bottom);
      const slack = r => Math.max(2, r.height / 4);
      const cut = rects.some(r => axis === 'x'
        ? r.right > b.right + slack(r) || r.left < b.left - slack(r)
        : r.bottom > b.bottom + slack(r) || r.top < b.top - slack(r));
      if (shown.length && cut) {
        found.push({selector: dom.cssPath(parent), text: node.data.replace(/\s+/g, ' ').trim()
          .slice(0, 120), detail: dom.cssPath(box), value: null});
        break;
      }
    }
  }
  return found;
}"""
)
MAX_CLIPPED = 20

# Let the page answer the new width, then measure (one call). The frame after a resize runs
# the page's resize handlers, its animation frame callbacks and its ResizeObservers, all in one
# task: a timer set in an animation frame callback runs after all of them, without waiting
# for a second frame.
SETTLED_SCROLL_WIDTH_JS = (
    "() => new Promise(r => requestAnimationFrame(() => setTimeout(() => r(("
    + SCROLL_WIDTH_JS
    + ")()), 0)))"
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
    """Zoom the page to 200 % (half the viewport: CSS pixels double) and find text cut off;
    narrow it to 320 px and measure; then put the viewport back as it was."""
    original = page.viewport_size
    width, height = (original["width"], original["height"]) if original else (1280, 720)
    await page.set_viewport_size({"width": max(width // 2, 1), "height": max(height // 2, 1)})
    try:
        await page.evaluate(SETTLED_SCROLL_WIDTH_JS)
        found = await evaluate(page, CLIPPED_TEXT_JS, MAX_CLIPPED)
        await page.set_viewport_size({"width": REFLOW_WIDTH, "height": height})
        scroll_width = int(await page.evaluate(SETTLED_SCROLL_WIDTH_JS))
        reflow = await _measured(page, REFLOW_WIDTH, scroll_width)
    finally:
        if original:
            await page.set_viewport_size(original)
    reflow.clipped_text = [PageSignal.model_validate(item) for item in found]
    return reflow
