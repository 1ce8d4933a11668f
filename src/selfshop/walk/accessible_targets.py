"""The screen-reader lens: a target is found only as a screen reader finds it.

A journey's target named by role and name is already found through the accessibility tree
(Playwright's get_by_role). One named otherwise (text, label, placeholder, CSS, ...) is found as
usual and then asked what the accessibility tree announces it as (its aria snapshot): a control
the customer must use has to be announced with a role they can operate and a name; the action
then uses the element get_by_role finds by that role and name. Otherwise the action fails and
says what a screen-reader user hears instead.
"""

from __future__ import annotations

import contextlib
import re

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page

from selfshop.models.journey import Action
from selfshop.walk.actions import element_selector
from selfshop.walk.lens_actor import LensActor

LENS = "screen-reader"
# Roles a screen-reader user can operate (WAI-ARIA widget roles, and links).
OPERABLE = frozenset(
    {
        "button", "link", "textbox", "searchbox", "combobox", "listbox", "option", "checkbox",
        "radio", "switch", "slider", "spinbutton", "tab", "menuitem", "menuitemcheckbox",
        "menuitemradio", "treeitem", "gridcell", "scrollbar",
    }
)  # fmt: skip
# Actions that operate a control (hover and scroll only look at an element).
OPERATED = frozenset({"click", "fill", "select", "check", "uncheck", "upload", "press"})
# The first line of an aria snapshot: `- role "name"`, `- role "name" [attrs]:` or `- text: ...`
SNAPSHOT_LINE = re.compile(r'^- (?P<role>[\w-]+)(?: "(?P<name>(?:[^"\\]|\\.)*)")?(?P<rest>.*)$')
# What the page announces, kept per step, at most this long.
MAX_ANNOUNCED = 20_000


class ScreenReaderResolver(LensActor):
    """Finds targets through the accessibility tree; notes where its customer was stuck."""

    async def operate(self, locator: Locator, action: Action) -> Locator | None:
        """The element the action should use, as found by role and accessible name."""
        target = action.target
        if target is None or target.role is not None or action.kind not in OPERATED:
            return locator  # found through the accessibility tree already, or not operated
        try:
            snapshot = await locator.aria_snapshot(timeout=self.action_ms)
        except PlaywrightError:
            snapshot = ""
        role, name = announced_as(snapshot)
        if role in OPERABLE and name:
            return self.page.get_by_role(role, name=name, exact=True).first  # type: ignore[arg-type]
        heard = _heard(role, name, snapshot)
        message = (
            f"A screen-reader user cannot find {target.describe()}: it is announced as {heard}, "
            "not as a control with a role and a name they can use (use a real <button>, <a "
            "href> or a labelled field, or give it a role and an accessible name)."
        )
        selector: str | None = None
        with contextlib.suppress(PlaywrightError):
            selector = await element_selector(await locator.element_handle(timeout=self.action_ms))
        raise self.stuck(LENS, "not-announced", message, selector)


def announced_as(snapshot: str) -> tuple[str | None, str]:
    """The role and name an element's aria snapshot starts with ('' when it has no name)."""
    first = snapshot.strip().splitlines()[0] if snapshot.strip() else ""
    found = SNAPSHOT_LINE.match(first)
    if found is None:
        return None, ""
    role = found["role"]
    name = found["name"]
    if name is None and role == "text":
        return "text", found["rest"].lstrip(": ").strip()
    return role, (name or "").replace('\\"', '"')


def _heard(role: str | None, name: str, snapshot: str) -> str:
    if not snapshot.strip() or role is None:
        return "nothing at all (it is hidden from the accessibility tree)"
    if role == "text":
        return f"plain text '{name[:60]}'"
    return f"a {role} with no name" if not name else f"a {role} '{name[:60]}'"


async def page_announced(page: Page, timeout_ms: int) -> str:
    """What a screen reader would announce on the page: its aria snapshot, cut to size."""
    snapshot = await page.locator("body").aria_snapshot(timeout=timeout_ms)
    if len(snapshot) > MAX_ANNOUNCED:
        return snapshot[:MAX_ANNOUNCED] + "\n… (cut)"
    return snapshot
