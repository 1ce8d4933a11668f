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
  // WCAG 2.5.8's user-agent exception: is the control as big as the browser draws it when no
  // page style touches it? A copy without class or style, in an empty frame, tells. One frame
  // serves a whole call (a footer can hold a hundred small links); closeProbe removes it.
  let probe = null;
  const probeDocument = () => {
    if (probe) return probe.contentDocument;
    probe = document.createElement('iframe');
    probe.setAttribute('aria-hidden', 'true');
    probe.tabIndex = -1;
    probe.style.cssText = 'position:absolute;left:-10000px;top:0;width:600px;height:300px;' +
      'border:0;visibility:hidden';
    (document.body || document.documentElement).appendChild(probe);
    const doc = probe.contentDocument;
    if (doc && document.compatMode === 'CSS1Compat') {
      doc.open(); doc.write('<!doctype html><body></body>'); doc.close();
    }
    return doc;
  };
  const closeProbe = () => { if (probe) probe.remove(); probe = null; };
  const browserSized = el => {
    // Only in web documents: an iframe added to Chromium's own error page crashes its renderer.
    if (!/^(https?|file|data|about|blob):$/.test(location.protocol)) return false;
    try {
      const doc = probeDocument();
      if (!doc) return false;
      const copy = doc.importNode(el, true);
      for (const node of [copy, ...copy.querySelectorAll('*')]) {
        node.removeAttribute('style'); node.removeAttribute('class');
      }
      doc.body.appendChild(copy);
      const mine = el.getBoundingClientRect(), plain = copy.getBoundingClientRect();
      copy.remove();
      return Math.abs(mine.width - plain.width) < 0.5 && Math.abs(mine.height - plain.height) < 0.5;
    } catch (e) {
      return false;
    }
  };
  // WCAG 2.5.8's inline exception: a link in a sentence is as tall as its line of text.
  const inSentence = el => {
    if (getComputedStyle(el).display !== 'inline' || !el.parentElement) return false;
    const own = (el.textContent || '').replace(/\s+/g, ' ').trim().length;
    const around = (el.parentElement.textContent || '').replace(/\s+/g, ' ').trim().length;
    return around - own >= 8;
  };
  const describe = el => {
    const box = targetBox(el);
    const found = {selector: dom.cssPath(el), role: dom.role(el),
            accessible_name: dom.accessibleName(el),
            width: Math.round(box.width * 10) / 10, height: Math.round(box.height * 10) / 10,
            box: {x: box.x + window.scrollX, y: box.y + window.scrollY,
                  width: box.width, height: box.height}};
    // Only what is small enough to matter pays for the two exceptions' measurements.
    if (Math.min(box.width, box.height) < 24 && box.width > 0 && box.height > 0) {
      found.in_sentence = inSentence(el);
      found.browser_sized = !found.in_sentence && browserSized(el);
    }
    return found;
  };
"""

CONTROLS_JS = with_dom(
    "() => {"
    + _DESCRIBE
    # Disabled controls cannot be used, and ones hidden from assistive technology are not
    # announced: neither needs a name a customer would hear.
    + "try { return Array.from(document.querySelectorAll(dom.INTERACTIVE)).filter(dom.visible)"
    + ".filter(el => !el.matches(':disabled') && !el.closest('[aria-hidden=\"true\"]'))"
    + f".slice(0, {MAX_CONTROLS}).map(describe); }} finally {{ closeProbe(); }} }}"
)

# The control an action is about to use (the focusable element around what the journey
# pointed at), described; with keyboard facts when `keyboard` is true.
USED_CONTROL_JS = with_dom(
    "(el, keyboard) => {"
    + _DESCRIBE
    + KEYBOARD_FACTS_JS
    + f"const control = el.closest('{FOCUSABLE}') || el;"
    + "let found; try { found = describe(control); } finally { closeProbe(); }"
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
