"""Keyboard evidence: can Tab reach the controls a step used, and does focus show on them?

Read before each action that uses a control, while the control is still on the page, in the
same call that describes the control (gather/controls.py).

- Reachable: the control (or the focusable element around what the journey pointed at) is in
  the page's sequential focus order as the HTML standard defines it: focusable, tabIndex >= 0,
  not disabled, rendered and not inert. That is the order Tab follows; computing it in one call
  instead of pressing Tab through the page keeps a walk fast. (What it cannot see: scripts that
  trap or move focus while tabbing.)
- Focus visible: the control is focused as a keyboard user would focus it (focusVisible, so
  :focus-visible styles apply) and its look compared with its look unfocused: outline, shadow,
  border, background, underline or colour must change.
"""

from __future__ import annotations

# tabindex="-1" takes an element out of the Tab order: a wrapper such as <main tabindex="-1">
# is not the control a customer used inside it.
FOCUSABLE = (
    "a[href], button, input, select, textarea, summary, iframe, "
    '[tabindex]:not([tabindex^="-"]), [contenteditable]'
)

# Defines keyboardFacts(control) -> {reachable, visible}; needs `dom` (gather/dom.py) in scope.
KEYBOARD_FACTS_JS = r"""
  const keyboardFacts = control => {
    const look = node => {
      const s = getComputedStyle(node);
      return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.borderColor,
              s.backgroundColor, s.textDecorationLine, s.color].join('|');
    };
    const rendered = node => (node.checkVisibility
      ? node.checkVisibility({visibilityProperty: true}) : dom.visible(node));
    const reachable = control.tabIndex >= 0 && !control.disabled && !control.closest('[inert]')
      && rendered(control) && !(control.tagName === 'INPUT' && control.type === 'hidden');
    if (!reachable) return {reachable: false, visible: null};
    const before = document.activeElement;
    const x = scrollX, y = scrollY;
    if (before === control) control.blur();
    const unfocused = look(control);
    control.focus({preventScroll: true, focusVisible: true});
    const focused = document.activeElement === control ? look(control) : unfocused;
    control.blur();
    if (before && before !== document.body && before !== control && before.focus) {
      before.focus({preventScroll: true});
    }
    scrollTo(x, y);
    return {reachable: true, visible: focused !== unfocused};
  };
"""
