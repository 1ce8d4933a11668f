"""JavaScript helpers shared by the gatherers that read the page's elements.

The helpers are installed in every document by an init script (DOM_HELPERS_JS, added to the
walker's browser context), so a gatherer's script does not carry them on every call. A script
written with `with_dom` finds them as `dom`; in a document without them (a page opened before
the init script, a guided walk's tab) `evaluate` sends them once and runs the script again.
"""

from __future__ import annotations

from typing import Any

from playwright.async_api import ElementHandle, Locator, Page

# Defines window.__selfshopDom (cssPath, accessibleName, role, visible) once per document.
DOM_HELPERS_JS = r"""
(() => {
  if (window.__selfshopDom) return;
  const cssPath = el => {
    const path = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      if (node.id && document.querySelectorAll('#' + CSS.escape(node.id)).length === 1) {
        path.unshift('#' + CSS.escape(node.id));
        break;
      }
      let index = 1;
      for (let sib = node.previousElementSibling; sib; sib = sib.previousElementSibling) {
        if (sib.tagName === node.tagName) index++;
      }
      path.unshift(node.tagName.toLowerCase() + ':nth-of-type(' + index + ')');
      if (node.tagName === 'HTML') break;
    }
    return path.join(' > ');
  };
  const clean = s => (s || '').replace(/\s+/g, ' ').trim();
  const accessibleName = el => {
    const labelledby = el.getAttribute('aria-labelledby');
    if (labelledby) {
      const text = labelledby.split(/\s+/).map(id => document.getElementById(id))
        .filter(Boolean).map(n => n.textContent).join(' ');
      if (clean(text)) return clean(text);
    }
    if (clean(el.getAttribute('aria-label'))) return clean(el.getAttribute('aria-label'));
    if (el.labels && el.labels.length) {
      const text = Array.from(el.labels).map(l => l.textContent).join(' ');
      if (clean(text)) return clean(text);
    }
    if (el.tagName === 'IMG' || (el.tagName === 'INPUT' && el.type === 'image')) {
      if (el.hasAttribute('alt')) return clean(el.getAttribute('alt'));
    }
    if (el.tagName === 'INPUT' && ['submit', 'button', 'reset'].includes(el.type)) {
      return clean(el.value) || ({submit: 'Submit', reset: 'Reset'}[el.type] || '');
    }
    const fieldLike = ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName);
    if (!fieldLike) {
      const parts = [];
      for (const child of el.childNodes) {
        if (child.nodeType === 3) parts.push(child.textContent);
        else if (child.nodeType === 1) {
          if (child.getAttribute('aria-hidden') === 'true') continue;
          // A child named in its own right (an image, an aria-label) lends that name.
          if (child.tagName === 'IMG' || child.hasAttribute('aria-label') ||
              child.hasAttribute('aria-labelledby')) {
            parts.push(accessibleName(child) || '');
          } else {
            parts.push(child.innerText || child.textContent);
          }
        }
      }
      if (clean(parts.join(' '))) return clean(parts.join(' '));
    }
    return clean(el.getAttribute('title')) || clean(el.getAttribute('placeholder')) || null;
  };
  const implicitRoles = {A: 'link', BUTTON: 'button', SELECT: 'combobox', TEXTAREA: 'textbox',
    SUMMARY: 'button', IMG: 'img'};
  const inputRoles = {checkbox: 'checkbox', radio: 'radio', submit: 'button', button: 'button',
    reset: 'button', image: 'button', range: 'slider', search: 'searchbox', number: 'spinbutton'};
  const role = el => {
    if (el.getAttribute('role')) return el.getAttribute('role');
    if (el.tagName === 'INPUT') return inputRoles[el.type] || 'textbox';
    if (el.tagName === 'A' && !el.hasAttribute('href')) return null;
    return implicitRoles[el.tagName] || null;
  };
  const visible = el => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && style.visibility !== 'hidden' &&
      style.display !== 'none';
  };
  const INTERACTIVE = 'a[href], button, input:not([type=hidden]), select, textarea, summary, ' +
    '[role=button], [role=link], [role=checkbox], [role=radio], [role=tab], [role=menuitem], ' +
    '[tabindex]:not([tabindex="-1"]), [onclick], [contenteditable=""], [contenteditable=true]';
  window.__selfshopDom = {cssPath, accessibleName, role, visible, INTERACTIVE};
})();
"""

# What a script written with `with_dom` returns in a document that has no helpers yet.
MISSING = "__selfshopDomMissing"


def with_dom(script: str) -> str:
    """A function of (first, second) that calls `script` with the same arguments and `dom`
    (window.__selfshopDom) in scope; or returns MISSING where the helpers are not installed.
    For page.evaluate `first` is the argument; for an element's evaluate, the element."""
    return (
        "(first, second) => { const dom = window.__selfshopDom;"
        f" if (!dom) return '{MISSING}'; return ({script})(first, second); }}"
    )


async def evaluate(
    target: Page | Locator | ElementHandle, script: str, arg: Any = None, **options: Any
) -> Any:
    """Run a `with_dom` script on a page or element, sending the helpers first if its document
    lacks them. Options (timeout) go to Locator.evaluate."""
    found = await target.evaluate(script, arg, **options)
    if found != MISSING:
        return found
    await target.evaluate("() => {" + DOM_HELPERS_JS + "}", **options)
    return await target.evaluate(script, arg, **options)
