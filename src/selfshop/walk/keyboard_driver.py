"""The keyboard lens: every action done with real key presses, as a keyboard-only customer does.

Tab (or Shift+Tab, whichever way is shorter) until the target has focus; then Enter or Space to
operate it, arrow keys to choose an option, typing to fill. Where such a customer would be
stuck, the action fails and says why, in words: the target is not in the Tab order (and what it
is instead), focus goes round a loop that never reaches it (a trap), or a script throws focus
away as it arrives (onfocus="blur()").

Pages record which elements received focus (FOCUS_LOG_JS, added to every page of a keyboard
walk), so focus that arrives and leaves again between two key presses is seen.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator

from selfshop.gather.dom import DOM_HELPERS_JS
from selfshop.gather.keyboard import FOCUSABLE
from selfshop.models.evidence import LensNote
from selfshop.models.journey import Action, FillSpec, PressSpec, SelectSpec, UploadSpec
from selfshop.walk.actions import ActionFailed
from selfshop.walk.lens_actor import LensActor

LENS = "keyboard"
MARK = "data-selfshop-keyboard-target"
# Tab presses allowed per focusable element on the page (twice round), and in all.
PRESSES_PER_STOP = 2
MAX_PRESSES = 400
# After Enter or Space on a custom control (not a native button or link): how long the page has
# to show that something happened before it is judged to have done nothing.
REACTION_S = 0.3
NATIVE = ("A", "BUTTON", "INPUT", "SELECT", "TEXTAREA", "SUMMARY")

# Records every element that receives focus, and every change to the page, since last read.
FOCUS_LOG_JS = r"""(() => {
  if (window.__selfshopFocusLog) return;
  window.__selfshopFocusLog = [];
  window.__selfshopDocument = String(Math.random());  // which document: a new page, a new id
  window.__selfshopMutations = 0;
  // 'focus' (captured) as well as 'focusin': a script that blurs an element in its own focus
  // handler (onfocus="blur()") stops the focusin event from ever being sent.
  const log = e => { if (e.target instanceof Element) window.__selfshopFocusLog.push(e.target); };
  document.addEventListener('focus', log, true);
  document.addEventListener('focusin', log, true);
  new MutationObserver(() => { window.__selfshopMutations++; })
    .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
})()"""

_DESCRIBE_JS = r"""
  const dom = window.__selfshopDom;
  const tell = el => {
    const role = el.getAttribute('role');
    const name = (dom.accessibleName(el) || '').slice(0, 60);
    // A radio button's group: Tab stops once per group, arrow keys move within it.
    const group = el.type === 'radio' && el.name ? (el.form ? 'form:' : '') + el.name : null;
    return {tag: el.tagName.toLowerCase(), role: role, name: name, path: dom.cssPath(el), group};
  };
"""

# The target marked; where focus is; what received focus and lost it since the last read.
STATE_JS = (
    "(mark) => {"
    + DOM_HELPERS_JS
    + _DESCRIBE_JS
    + r"""
  const target = document.querySelector('[' + mark + ']');
  const log = (window.__selfshopFocusLog || []).splice(0);
  const a = document.activeElement;
  const on = a && a !== document.body && a !== document.documentElement ? a : null;
  const reached = !!(on && target && (on === target || target.contains(on) || on.contains(target)));
  const lost = log.filter(el => el !== on && el !== document.body).map(tell);
  return {reached, active: on ? tell(on) : null, lost, document: window.__selfshopDocument};
}"""
)

# Marks the target; says whether it comes before the focused element, how many elements can
# take focus, and what the target is (to say why Tab cannot reach it).
MARK_JS = (
    "(el, [mark, focusable]) => {"
    + f"const NATIVE = {list(NATIVE)!r};"
    + DOM_HELPERS_JS
    + _DESCRIBE_JS
    + r"""
  for (const old of document.querySelectorAll('[' + mark + ']')) old.removeAttribute(mark);
  el.setAttribute(mark, '');
  (window.__selfshopFocusLog || []).splice(0);
  const a = document.activeElement;
  const before = !!(a && a !== document.body && a !== el && !a.contains(el)
    && (el.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING));
  const control = el.closest(focusable) || el;
  const s = getComputedStyle(control);
  const facts = {...tell(control), tabindex: control.getAttribute('tabindex'),
    tab_index: control.tabIndex, disabled: !!control.disabled,
    inert: !!control.closest('[inert]'), clickable: control.hasAttribute('onclick')
      || s.cursor === 'pointer', native: NATIVE.includes(control.tagName),
    checkable: ['checkbox', 'radio'].includes(control.type)
      || ['checkbox', 'radio', 'switch', 'menuitemcheckbox', 'menuitemradio']
        .includes(control.getAttribute('role'))};
  facts.group_size = facts.group
    ? document.querySelectorAll('input[type=radio][name="' + CSS.escape(control.name) + '"]').length
    : 0;
  return {before, stops: document.querySelectorAll(focusable).length, facts};
}"""
)

# A native select's options and which one is chosen (arrow keys move between them).
OPTIONS_JS = r"""(el, wanted) => {
  const control = el.tagName === 'SELECT' ? el : el.querySelector('select');
  if (!control) return null;
  const labels = Array.from(control.options).map(o => (o.label || o.text).trim());
  let index = labels.indexOf(wanted.trim());
  if (index < 0) index = Array.from(control.options).map(o => o.value).indexOf(wanted);
  return {current: control.selectedIndex, wanted: index};
}"""

REACTION_JS = "() => [window.__selfshopMutations || 0, location.href]"


class KeyboardDriver(LensActor):
    """Drives one page by keyboard; notes where its customer was stuck."""

    # Where the last action left focus: (the document it was on, the control's label).
    _left: tuple[str, str] | None = None

    async def operate(self, locator: Locator, action: Action) -> Locator | None:
        """Do the action by keyboard (returns None), or hand it back (upload: the file is chosen
        in the browser's own dialog once the keyboard has reached the button)."""
        if action.kind == "scroll":
            return locator  # the page scrolls to it; no key presses are the customer's
        target = action.target
        what = target.describe() if target is not None else "the element"
        facts = await self.reach(locator, what)
        spec = action.spec
        if isinstance(spec, UploadSpec):
            return locator
        if isinstance(spec, FillSpec):
            await self.page.keyboard.press("ControlOrMeta+A")
            await self.page.keyboard.type(spec.plain_value())
        elif isinstance(spec, SelectSpec):
            await self._choose(locator, spec.option, what)
        elif isinstance(spec, PressSpec):
            await self.page.keyboard.press(spec.key)
        elif action.kind in ("check", "uncheck"):
            if await locator.is_checked(timeout=self.action_ms) != (action.kind == "check"):
                await self.page.keyboard.press("Space")
        elif action.kind == "click":
            await self._activate(facts, what)
        # hover: a keyboard user's equivalent is focus, which reach() gave it.
        await self._remember_focus(what)
        return None

    async def _remember_focus(self, what: str) -> None:
        """Where the action left focus, to see whether it is still there for the next one."""
        self._left = None
        try:
            state = await self.page.evaluate(STATE_JS, MARK)
        except PlaywrightError:
            return  # a new page is loading: focus starts again at its top, as it should
        if state["document"]:
            self._left = (state["document"], what)

    def _note_focus_lost(self, state: dict[str, Any]) -> None:
        """Focus fell to the page itself between two actions on the same page (not blocking:
        the customer can Tab from the top again, at a cost)."""
        left, self._left = self._left, None
        if left is None or state["active"] is not None or state["document"] != left[0]:
            return
        self.notes.append(
            LensNote(
                lens=LENS,
                kind="focus-lost",
                message=f"After using {left[1]}, keyboard focus fell back to the top of the "
                "page: a keyboard-only customer has to Tab from the start again.",
            )
        )

    async def reach(self, locator: Locator, what: str) -> dict[str, Any]:
        """Tab to the target (Shift+Tab when it is behind focus); ActionFailed when it cannot
        be reached, saying why."""
        marked: dict[str, Any] = await locator.evaluate(
            MARK_JS, [MARK, FOCUSABLE], timeout=self.action_ms
        )
        facts: dict[str, Any] = marked["facts"]
        key = "Shift+Tab" if marked["before"] else "Tab"
        limit = min(MAX_PRESSES, PRESSES_PER_STOP * int(marked["stops"]) + 4)
        state = await self.page.evaluate(STATE_JS, MARK)
        self._note_focus_lost(state)
        if state["reached"]:
            return facts
        tour = _Tour()
        for _ in range(limit):
            await self.page.keyboard.press(key)
            state = await self.page.evaluate(STATE_JS, MARK)
            if state["reached"] or await self._within_group(state, facts):
                return facts
            if tour.step(state):
                break
        raise self._stuck(what, _why_unreached(facts, tour), "unreachable", facts)

    async def _within_group(self, state: dict[str, Any], facts: dict[str, Any]) -> bool:
        """Tab stopped on a radio button of the target's group: the arrow keys go on from
        there, as a keyboard user does (they choose as they go)."""
        active = state["active"]
        if active is None or not facts["group"] or active["group"] != facts["group"]:
            return False
        for _ in range(int(facts["group_size"])):
            await self.page.keyboard.press("ArrowDown")
            if (await self.page.evaluate(STATE_JS, MARK))["reached"]:
                return True
        return False

    async def _choose(self, locator: Locator, option: str, what: str) -> None:
        found = await locator.evaluate(OPTIONS_JS, option, timeout=self.action_ms)
        if found is None or found["wanted"] < 0:
            raise ActionFailed(f"{what} has no option {option!r} to choose with the arrow keys.")
        moves = found["wanted"] - max(found["current"], 0)
        for _ in range(abs(moves)):
            await self.page.keyboard.press("ArrowDown" if moves > 0 else "ArrowUp")

    async def _activate(self, facts: dict[str, Any], what: str) -> None:
        """Enter (Space for a checkbox or radio). A custom control that shows no sign of having
        heard the key (no change to the page, no new page) answers the mouse only."""
        before = await self.page.evaluate(REACTION_JS)
        await self.page.keyboard.press("Space" if facts["checkable"] else "Enter")
        if facts["native"]:
            return  # the browser itself makes Enter work on buttons, links and fields
        await asyncio.sleep(REACTION_S)
        try:
            after = await self.page.evaluate(REACTION_JS)
        except Exception:  # the page navigated away under us: the key did something
            return
        if after == before:
            shown = _shown(facts)
            raise self._stuck(
                what,
                f"pressing Enter on it does nothing: it is {shown} that answers mouse clicks "
                "only (use a <button>, or handle Enter and Space)",
                "no-key-handler",
                facts,
            )

    def _stuck(self, what: str, why: str, kind: str, facts: dict[str, Any]) -> ActionFailed:
        message = f"A keyboard-only customer is stuck at {what}: {why}."
        return self.stuck(LENS, kind, message, facts["path"])


@dataclass
class _Tour:
    """Where Tab has been on its way round the page: for a trap, a wrap-around, thrown focus."""

    stops: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    left_page: int = 0  # times focus left the page's elements (Tab went past the last one)
    thrown: list[dict[str, Any]] = field(default_factory=list)  # got focus and lost it at once
    trap: list[str] = field(default_factory=list)

    def step(self, state: dict[str, Any]) -> bool:
        """Notes one key press; True when going on is pointless: Tab went all the way round
        the page, or round a loop it never leaves (a trap)."""
        self.thrown += state["lost"]
        active = state["active"]
        if active is None:
            if not state["lost"]:  # focus thrown away by a script is not Tab leaving the page
                self.left_page += 1
            return self.left_page >= 2
        path = active["path"]
        self.names[path] = _label(active)
        if path in self.stops:
            if self.left_page == 0:
                self.trap = self.stops[self.stops.index(path) :]
            return True
        self.stops.append(path)
        return False


def _label(element: dict[str, Any]) -> str:
    name = element.get("name") or ""
    return f"'{name}'" if name else f"a <{element['tag']}>"


def _shown(facts: dict[str, Any]) -> str:
    role = f' role="{facts["role"]}"' if facts.get("role") else ""
    return f"a <{facts['tag']}{role}>"


def _why_unreached(facts: dict[str, Any], tour: _Tour) -> str:
    """Why Tab never reached the target, most telling reason first."""
    shown = _shown(facts)
    thrown_here = [t for t in tour.thrown if t["path"] == facts["path"]]
    if thrown_here:
        return "a script on the page moves focus away as soon as it arrives (e.g. onfocus=blur())"
    if tour.trap:
        names = ", ".join(tour.names.get(p, "?") for p in tour.trap[:4])
        more = "…" if len(tour.trap) > 4 else ""
        return (
            f"focus is trapped: Tab goes round {len(tour.trap)} control(s) ({names}{more}) "
            "and never leaves them"
        )
    if tour.thrown:
        first = tour.thrown[0]
        return (
            f"a script moves focus away from {_label(first)} as soon as it arrives "
            "(e.g. onfocus=blur()), so Tab never gets past it"
        )
    if facts["disabled"]:
        return f"it is {shown} that is disabled"
    if facts["inert"]:
        return f"it is {shown} inside an inert part of the page"
    if facts["tab_index"] < 0:
        handler = " with a click handler" if facts["clickable"] else ""
        tabindex = (
            f'tabindex="{facts["tabindex"]}"' if facts["tabindex"] is not None else "no tabindex"
        )
        return (
            f"it is {shown}{handler}, not reachable by Tab ({tabindex}; use a <button> or <a href>)"
        )
    return f"Tab went round the page ({len(tour.stops)} stops) without reaching it"
