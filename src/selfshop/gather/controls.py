"""Interactive controls: what they are, what they are called, and how big they are to tap."""

from __future__ import annotations

from typing import Any

from playwright.async_api import ElementHandle, Locator, Page
from playwright.async_api import Error as PlaywrightError

from selfshop.gather.dom import evaluate, with_dom
from selfshop.gather.keyboard import FOCUSABLE, KEYBOARD_FACTS_JS
from selfshop.models.evidence import ControlRecord

MAX_CONTROLS = 200

_DESCRIBE = r"""
  // What a finger has to hit: a radio button or checkbox is also hit through its label.
  const targetBox = el => {
    let best = el.getBoundingClientRect();
    if (el.tagName === 'INPUT' && ['radio', 'checkbox'].includes(el.type) && el.labels) {
      for (const label of el.labels) {
        const r = label.getBoundingClientRect();
        if (r.width * r.height > best.width * best.height) best = r;
      }
    }
    return best;
  };
  const describe = el => {
    const box = targetBox(el);
    return {selector: dom.cssPath(el), role: dom.role(el), accessible_name: dom.accessibleName(el),
            width: Math.round(box.width * 10) / 10, height: Math.round(box.height * 10) / 10,
            box: {x: box.x + window.scrollX, y: box.y + window.scrollY,
                  width: box.width, height: box.height}};
  };
"""

CONTROLS_JS = with_dom(
    "() => {"
    + _DESCRIBE
    # Disabled controls cannot be used, and ones hidden from assistive technology are not
    # announced: neither needs a name a customer would hear.
    + "return Array.from(document.querySelectorAll(dom.INTERACTIVE)).filter(dom.visible)"
    + ".filter(el => !el.matches(':disabled') && !el.closest('[aria-hidden=\"true\"]'))"
    + f".slice(0, {MAX_CONTROLS}).map(describe); }}"
)

# The control an action is about to use (the focusable element around what the journey
# pointed at), described; with keyboard facts when `keyboard` is true.
USED_CONTROL_JS = with_dom(
    "(el, keyboard) => {"
    + _DESCRIBE
    + KEYBOARD_FACTS_JS
    + f"const control = el.closest('{FOCUSABLE}') || el; const found = describe(control);"
    + "if (keyboard) { const facts = keyboardFacts(control);"
    + "  found.keyboard_reachable = facts.reachable; found.focus_visible = facts.visible; }"
    + "return found; }"
)


async def gather_controls(page: Page) -> list[ControlRecord]:
    """Every visible interactive control on the page."""
    found: list[dict[str, Any]] = await evaluate(page, CONTROLS_JS)
    return [ControlRecord.model_validate(item) for item in found]


async def describe_used(
    element: ElementHandle | Locator, page_url: str, timeout_ms: int, *, keyboard: bool = False
) -> ControlRecord | None:
    """The control an action uses, read before the action changes the page; with keyboard
    reachability and focus visibility when asked. `element` is the one the action will use
    (found once for both)."""
    options = {"timeout": timeout_ms} if isinstance(element, Locator) else {}
    try:
        found: dict[str, Any] = await evaluate(element, USED_CONTROL_JS, keyboard, **options)
    except PlaywrightError:
        return None
    # Its box is where it stood before the action; the step's screenshot shows the page after
    # it (often another page), so a crop from that box would show the wrong thing.
    return ControlRecord.model_validate({**found, "used": True, "box": None, "page_url": page_url})
