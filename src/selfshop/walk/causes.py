"""Why an action did not move the customer on, when the page shows it: a control that gives its
focus away (`onfocus="blur()"`), one that cannot take focus at all, one that is disabled, hidden,
or covered by another element that takes the click.

Each reading is one bounded call on the element, made only when it can explain something (before
a key is pressed on an element, or after an action ran out of time); everything it names comes
from the audited page and is untrusted text, kept short.
"""

from __future__ import annotations

import contextlib
from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page

from selfshop.gather.dom import DOM_HELPERS_JS
from selfshop.walk.focus import FOCUS_LOST, FOCUSED_JS, describe_focused, focused_now

# How long a reading may take: it explains a failure, it must not add much to it.
READ_MS = 1_000
# Keys that operate the focused control: pressed with nothing focused, they do nothing.
ACTIVATION_KEYS = frozenset({"Enter", "Space", " "})
# Pointer actions hit-test the element: something lying over it takes the click instead.
POINTER_KINDS = frozenset({"click", "check", "uncheck", "hover"})

_NAMED_JS = r"""
  const dom = window.__selfshopDom;
  const named = el => ({role: dom.role(el), name: dom.accessibleName(el),
    tag: el.tagName.toLowerCase(), id: el.id || '',
    text: (el.innerText || el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 60)});
"""

# Focus the element, give its scripts a moment, and say whether focus stayed on it.
_KEEPS_FOCUS_JS = (
    "async el => {"
    + DOM_HELPERS_JS
    + _NAMED_JS
    + "const focused = "
    + FOCUSED_JS
    + ";"
    + r"""
  el.focus();
  await new Promise(resolve => setTimeout(resolve, 50));
  let active = document.activeElement;
  while (active && active.shadowRoot && active.shadowRoot.activeElement) {
    active = active.shadowRoot.activeElement;
  }
  if (active && (active === el || el.contains(active))) return null;
  const focusable = el.tabIndex >= 0 || el.hasAttribute('tabindex') || el.isContentEditable;
  return {self: named(el), onfocus: (el.getAttribute('onfocus') || '').slice(0, 80),
          focusable, now: focused()};
}"""
)

# Disabled, hidden, or covered where a pointer would land on it.
_STUCK_JS = (
    "el => {"
    + DOM_HELPERS_JS
    + _NAMED_JS
    + r"""
  if (el.disabled || el.matches(':disabled') || el.getAttribute('aria-disabled') === 'true') {
    return {cause: 'disabled', self: named(el)};
  }
  if (!dom.visible(el)) return {cause: 'hidden', self: named(el)};
  el.scrollIntoView({block: 'center', inline: 'center'});
  const box = el.getBoundingClientRect();
  const x = box.left + box.width / 2, y = box.top + box.height / 2;
  let top = document.elementFromPoint(x, y);
  while (top && top.shadowRoot) {
    const inner = top.shadowRoot.elementFromPoint(x, y);
    if (!inner || inner === top) break;
    top = inner;
  }
  if (top && top !== el && !el.contains(top)) {
    return {cause: 'covered', self: named(el), by: named(top)};
  }
  return null;
}"""
)


def _what(found: dict[str, Any]) -> str:
    """'the link 'Books'', or 'the <div id="wall"> 'We use cookies''."""
    name = (found.get("name") or found.get("text") or "").strip()
    if found.get("role"):
        what = str(found["role"])
    else:
        ident = f' id="{found["id"][:40]}"' if found.get("id") else ""
        what = f"<{found.get('tag') or 'element'}{ident}>"
    return f"the {what} {name[:60]!r}" if name else f"the {what}"


async def focus_trouble(locator: Locator) -> str | None:
    """Why a key pressed on this element would not reach it, or None when it keeps focus."""
    found: dict[str, Any] | None = None
    with contextlib.suppress(PlaywrightError):
        found = await locator.evaluate(_KEEPS_FOCUS_JS, timeout=READ_MS)
    if not found:
        return None
    subject = _what(found["self"])
    now = describe_focused(found.get("now"))
    if not found.get("focusable"):
        return f"{subject} cannot take keyboard focus (no tabindex), so the key went to {now}"
    handler = f' (onfocus="{found["onfocus"]}")' if found.get("onfocus") else " (a script does it)"
    if found.get("now"):
        return f"{subject} moves focus to {now} on focus{handler}"
    return f"{subject} removes focus on focus{handler}"


async def unfocused_key(page: Page, key: str) -> str | None:
    """When a key that operates a control is pressed with nothing focused: it does nothing."""
    if key not in ACTIVATION_KEYS or await focused_now(page) != FOCUS_LOST:
        return None
    return f"{key} was pressed with nothing focused, so it went to {FOCUS_LOST}"


async def why_stuck(locator: Locator, kind: str) -> str | None:
    """Why an action on this element could not be done: disabled, hidden, or (for pointer
    actions) covered by another element; None when the page does not show why."""
    found: dict[str, Any] | None = None
    with contextlib.suppress(PlaywrightError):
        found = await locator.evaluate(_STUCK_JS, timeout=READ_MS)
    if not found:
        return None
    if found["cause"] == "disabled":
        return f"{_what(found['self'])} is disabled"
    if found["cause"] == "hidden":
        return f"{_what(found['self'])} is not visible"
    if kind in POINTER_KINDS:
        return f"{_what(found['by'])} lies over it and takes the click"
    return None


def with_cause(message: str, cause: str | None) -> str:
    """'The page stayed at X.' + cause -> 'The page stayed at X: <cause>.'"""
    if not cause:
        return message
    return f"{message.rstrip().rstrip('.')}: {cause}."
