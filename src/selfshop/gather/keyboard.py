"""Keyboard reachability: does Tab reach the controls a step used, and does focus show?

The walker tabs through the page once per page per step, from the top, before it uses the first
control there, and looks the used controls up in that walk. Focus "shows" when the focused
element's outline, shadow, border or background differs from its look before the walk.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page

from selfshop.gather.dom import DOM_HELPERS_JS

MAX_TAB_STOPS = 80

_LOOK = r"""
  const look = el => {
    const s = getComputedStyle(el);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.borderColor,
            s.backgroundColor, s.textDecorationLine, s.color].join('|');
  };
"""

# The unfocused look of every focusable control, keyed by CSS path.
BASELINE_JS = (
    "() => {" + DOM_HELPERS_JS + "const dom = window.__selfshopDom;" + _LOOK
    + "if (document.activeElement && document.activeElement.blur) document.activeElement.blur();"
    # Tab starts from a marker at the top of the page; a custom tag leaves nth-of-type paths be.
    + "const start = document.createElement('selfshop-start'); start.tabIndex = -1;"
    + "document.body.prepend(start); start.focus({preventScroll: true});"
    + "const looks = {}; for (const el of document.querySelectorAll(dom.INTERACTIVE)) "
    + "{ looks[dom.cssPath(el)] = look(el); } return {looks, x: scrollX, y: scrollY}; }"
)

# The focused element's path and look (null when focus is on the page itself).
FOCUSED_JS = (
    "() => {" + DOM_HELPERS_JS + "const dom = window.__selfshopDom;" + _LOOK
    + "const el = document.activeElement; if (!el || el === document.body || "
    + "el === document.documentElement) return null;"
    + "return {selector: dom.cssPath(el), look: look(el)}; }"
)

RESTORE_JS = (
    "([x, y]) => { if (document.activeElement && document.activeElement.blur) "
    "document.activeElement.blur(); document.querySelectorAll('selfshop-start')"
    ".forEach(e => e.remove()); window.scrollTo(x, y); }"
)


@dataclass
class TabWalk:
    """The tab stops of one page: CSS path -> whether focus showed there."""

    url: str
    stops: dict[str, bool] = field(default_factory=dict)

    def reaches(self, selector: str | None) -> bool:
        return selector is not None and selector in self.stops

    def shows_focus(self, selector: str | None) -> bool | None:
        return self.stops.get(selector) if selector is not None else None


async def tab_walk(page: Page, max_stops: int = MAX_TAB_STOPS) -> TabWalk:
    """Press Tab from the top of the page until focus comes round again or leaves the page."""
    walk = TabWalk(url=page.url)
    try:
        baseline = await page.evaluate(BASELINE_JS)
        looks: dict[str, str] = baseline["looks"]
        for _ in range(max_stops):
            await page.keyboard.press("Tab")
            focused = await page.evaluate(FOCUSED_JS)
            if focused is None or focused["selector"] in walk.stops:
                break
            selector = focused["selector"]
            walk.stops[selector] = looks.get(selector, "") != focused["look"]
        await page.evaluate(RESTORE_JS, [baseline["x"], baseline["y"]])
    except PlaywrightError:
        pass  # the page navigated away mid-walk: keep the stops seen so far
    return walk
