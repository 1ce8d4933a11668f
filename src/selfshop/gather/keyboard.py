"""Keyboard evidence: can Tab reach the controls a step used, and does focus show on them?

Read before each action that uses a control, while the control is still on the page.

- Reachable: the control (or the focusable element around what the journey pointed at) is in
  the page's sequential focus order as the HTML standard defines it: focusable, tabIndex >= 0,
  not disabled, rendered and not inert. That is the order Tab follows; computing it in one call
  instead of pressing Tab through the page keeps a walk fast. (What it cannot see: scripts that
  trap or move focus while tabbing.)
- Focus visible: after a key press (so the browser treats the customer as a keyboard user and
  applies :focus-visible styles), the control is focused and its look compared with its look
  unfocused: outline, shadow, border, background, underline or colour must change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page

from selfshop.gather.dom import DOM_HELPERS_JS

FOCUSABLE = (
    "a[href], button, input, select, textarea, summary, iframe, [tabindex], [contenteditable]"
)

KEYBOARD_JS = (
    "el => {" + DOM_HELPERS_JS
    + r"""
  const dom = window.__selfshopDom;
  const look = node => {
    const s = getComputedStyle(node);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.borderColor,
            s.backgroundColor, s.textDecorationLine, s.color].join('|');
  };
  const control = el.closest('FOCUSABLE') || el;
  const rendered = node => (node.checkVisibility ? node.checkVisibility({visibilityProperty: true})
                                                  : dom.visible(node));
  const reachable = control.tabIndex >= 0 && !control.disabled && !control.closest('[inert]')
    && rendered(control) && !(control.tagName === 'INPUT' && control.type === 'hidden');
  if (!reachable) return {selector: dom.cssPath(control), reachable: false, visible: null};
  const before = document.activeElement;
  const x = scrollX, y = scrollY;
  if (before === control) control.blur();
  const unfocused = look(control);
  control.focus({preventScroll: true});
  const focused = document.activeElement === control ? look(control) : unfocused;
  control.blur();
  if (before && before !== document.body && before !== control && before.focus) {
    before.focus({preventScroll: true});
  }
  scrollTo(x, y);
  return {selector: dom.cssPath(control), reachable: true, visible: focused !== unfocused};
}"""
).replace("FOCUSABLE", FOCUSABLE)


@dataclass
class KeyboardFacts:
    selector: str
    reachable: bool
    focus_visible: bool | None


async def keyboard_facts(page: Page, locator: Locator, timeout_ms: int) -> KeyboardFacts | None:
    """Tab reachability and focus visibility of the control a locator points at."""
    try:
        await page.keyboard.press("Shift")  # a key press: the customer now uses the keyboard
        found: dict[str, Any] = await locator.evaluate(KEYBOARD_JS, timeout=timeout_ms)
    except PlaywrightError:
        return None
    return KeyboardFacts(found["selector"], bool(found["reachable"]), found["visible"])
