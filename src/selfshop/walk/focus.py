"""Which element has keyboard focus, in a customer's words, and whether it is the one expected.

Keyboard customers act on whatever has focus: `expect: {focused: ...}` checks it, and a key
pressed on an element that would not keep focus is noted (walk/causes.py says why).
"""

from __future__ import annotations

from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page

from selfshop.gather.dom import DOM_HELPERS_JS

# The focused element, inside open shadow roots too (document.activeElement stops at the host).
_DEEP_ACTIVE_JS = r"""
  const deepActive = () => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    return el;
  };
"""

# What has focus: null when nothing does (the body or the document: focus was lost).
FOCUSED_JS = (
    "() => {"
    + DOM_HELPERS_JS
    + _DEEP_ACTIVE_JS
    + "const dom = window.__selfshopDom; const el = deepActive();"
    + "if (!el || el === document.body || el === document.documentElement) return null;"
    + "return {role: dom.role(el), name: dom.accessibleName(el), tag: el.tagName.toLowerCase()};"
    + "}"
)

# True when one of the elements (or something inside it) has focus.
_HOLDS_FOCUS_JS = (
    "els => {" + _DEEP_ACTIVE_JS + "const el = deepActive();"
    " return els.some(candidate => candidate === el || candidate.contains(el)); }"
)

FOCUS_LOST = "the page body: focus was lost"


def describe_focused(found: dict[str, Any] | None) -> str:
    """'link 'Books'', 'a <div>', or that focus was lost."""
    if not found:
        return FOCUS_LOST
    name = (found.get("name") or "").strip()
    what = found.get("role") or f"<{found.get('tag') or 'element'}>"
    return f"{what} {name[:80]!r}" if name else f"a {what}"


async def focused_now(page: Page) -> str:
    """What has keyboard focus on the page now, in words."""
    try:
        found: dict[str, Any] | None = await page.evaluate(FOCUSED_JS)
    except PlaywrightError:
        return FOCUS_LOST
    return describe_focused(found)


async def holds_focus(locator: Locator) -> bool:
    """Is focus on one of the elements the locator finds (or inside it)?"""
    return bool(await locator.evaluate_all(_HOLDS_FOCUS_JS))
