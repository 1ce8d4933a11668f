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

# The unfocused look of every focusable control, keyed by CSS path; then a log of every element
# that receives focus from here on, with its look while focused.
BASELINE_JS = (
    "() => {" + DOM_HELPERS_JS + "const dom = window.__selfshopDom;" + _LOOK
    + "if (document.activeElement && document.activeElement.blur) document.activeElement.blur();"
    + "const looks = {}; for (const el of document.querySelectorAll(dom.INTERACTIVE)) "
    + "{ looks[dom.cssPath(el)] = look(el); }"
    + "const log = window.__selfshopTabLog = [];"
    + "window.__selfshopOnFocus = e => { const el = e.target;"
    + "  if (el && el.nodeType === 1 && el.tagName !== 'SELFSHOP-START') "
    + "    log.push({selector: dom.cssPath(el), look: look(el)}); };"
    + "document.addEventListener('focusin', window.__selfshopOnFocus, true);"
    # Tab starts from a marker at the top of the page; a custom tag leaves nth-of-type paths be.
    + "const start = document.createElement('selfshop-start'); start.tabIndex = -1;"
    + "document.body.prepend(start); start.focus({preventScroll: true});"
    + "return {looks, x: scrollX, y: scrollY}; }"
)

# What focus met since the last read (and whether focus has left the page).
READ_LOG_JS = (
    "() => ({stops: (window.__selfshopTabLog || []).splice(0), "
    "away: !document.activeElement || document.activeElement === document.body})"
)

RESTORE_JS = (
    "([x, y]) => { document.removeEventListener('focusin', window.__selfshopOnFocus, true);"
    "if (document.activeElement && document.activeElement.blur) document.activeElement.blur();"
    "document.querySelectorAll('selfshop-start').forEach(e => e.remove()); window.scrollTo(x, y); }"
)
# Tab is pressed this many times between reads of the log: fewer round trips to the page.
BATCH = 6


@dataclass
class TabWalk:
    """The tab stops of one page seen so far: CSS path -> whether focus showed there."""

    url: str
    stops: dict[str, bool] = field(default_factory=dict)
    complete: bool = False  # focus came round again or left the page: every stop is known

    def reaches(self, selector: str | None) -> bool:
        return selector is not None and selector in self.stops

    def shows_focus(self, selector: str | None) -> bool | None:
        return self.stops.get(selector) if selector is not None else None

    def knows(self, selector: str | None) -> bool:
        """Can this walk answer for the selector without tabbing again?"""
        return self.complete or self.reaches(selector)


async def tab_walk(
    page: Page, until: str | None = None, max_stops: int = MAX_TAB_STOPS
) -> TabWalk:
    """Press Tab from the top of the page until focus comes round again, leaves the page, or
    reaches `until` (then the walk is not complete: a later control may need another)."""
    walk = TabWalk(url=page.url)
    try:
        baseline = await page.evaluate(BASELINE_JS)
        looks: dict[str, str] = baseline["looks"]
        pressed = 0
        while pressed < max_stops and not walk.complete and not walk.reaches(until):
            for _ in range(BATCH):
                await page.keyboard.press("Tab")
            pressed += BATCH
            found = await page.evaluate(READ_LOG_JS)
            _note_stops(walk, found["stops"], looks)
            walk.complete = walk.complete or bool(found["away"])
        await page.evaluate(RESTORE_JS, [baseline["x"], baseline["y"]])
    except PlaywrightError:
        pass  # the page navigated away mid-walk: keep the stops seen so far
    return walk


def _note_stops(walk: TabWalk, stops: list[dict[str, str]], looks: dict[str, str]) -> None:
    for stop in stops:
        selector = stop["selector"]
        if selector in walk.stops:
            walk.complete = True  # focus came round to the start again
            return
        walk.stops[selector] = looks.get(selector, "") != stop["look"]
