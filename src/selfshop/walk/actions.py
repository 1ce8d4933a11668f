"""Turn a journey's actions into Playwright calls, and failures into plain words.

Targets are found the way a customer finds things (role and name, label, text, ...), through
Playwright's locators. Every failure becomes an ActionFailed with a sentence a non-engineer can
read; the walker turns it into a failed step.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import ElementHandle, Locator, Page
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeout

from selfshop.gather.dom import evaluate, with_dom
from selfshop.models.evidence import ActionRecord
from selfshop.models.journey import (
    Action,
    CountSpec,
    ExpectSpec,
    FillSpec,
    PressSpec,
    ScrollSpec,
    SelectSpec,
    UploadSpec,
    WaitForSpec,
    _TargetFields,
)
from selfshop.models.origins import join_url as join_url  # re-exported: walkers import it here
from selfshop.walk.causes import focus_trouble, unfocused_key, why_stuck, with_cause
from selfshop.walk.focus import focused_now, holds_focus

# A CSS path that finds the element again later (keyboard and control checks).
CSS_PATH_JS = with_dom("el => dom.cssPath(el)")


class ActionFailed(Exception):
    """An action could not be done; the message is plain words for the report."""


@dataclass
class ActionContext:
    """What actions need besides the page: where the site is and how long to wait."""

    base_url: str
    action_ms: int = 5_000
    navigation_ms: int = 15_000
    files_dir: Path = Path(".")


def url_matches(current: str, expected: str, base_url: str) -> bool:
    """True when the page is at the expected path or URL (a prefix match, query ignored)."""
    wanted = join_url(base_url, expected)
    if current.startswith(wanted):
        return True
    # "/gifts" also matches "/gifts/" and "/gifts?page=2"; "/" matches the base itself.
    return urlsplit(current)._replace(query="", fragment="").geturl().rstrip("/") == wanted.rstrip(
        "/"
    )


def locate(page: Page, target: _TargetFields, *, single: bool = True) -> Locator:
    """A Playwright locator for what the customer looks for. Several matches: the first (or nth)."""
    exact = target.exact
    locator: Locator
    if target.role is not None:
        locator = page.get_by_role(target.role, name=target.name, exact=exact)  # type: ignore[arg-type]
    elif target.label is not None:
        locator = page.get_by_label(target.label, exact=exact)
    elif target.text is not None:
        locator = page.get_by_text(target.text, exact=exact)
    elif target.placeholder is not None:
        locator = page.get_by_placeholder(target.placeholder, exact=exact)
    elif target.alt is not None:
        locator = page.get_by_alt_text(target.alt, exact=exact)
    elif target.title is not None:
        locator = page.get_by_title(target.title, exact=exact)
    elif target.testid is not None:
        locator = page.get_by_test_id(target.testid)
    elif target.css is not None:
        locator = page.locator(target.css)
    elif target.xpath is not None:
        locator = page.locator(f"xpath={target.xpath}")
    else:
        locator = page.locator("html")
    if target.nth is not None:
        return locator.nth(target.nth)
    return locator.first if single else locator


def _seconds(ms: int) -> str:
    return f"{ms / 1000:g} s"


def short_error(error: BaseException) -> str:
    """The first line of a Playwright error, without its call log."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return re.sub(r"^(Page|Locator|Frame|ElementHandle)\.\w+:\s*", "", text)[:300]


async def element_selector(element: ElementHandle) -> str | None:
    """A CSS path of the element, or None when it cannot be read (it is gone, say)."""
    try:
        result = await evaluate(element, CSS_PATH_JS)
    except PlaywrightError:
        return None
    return str(result) if result else None


async def _found(locator: Locator, target: _TargetFields, ctx: ActionContext) -> ElementHandle:
    """The element the target points at, found once for everything the action does with it."""
    try:
        return await locator.element_handle(timeout=ctx.action_ms)
    except PlaywrightTimeout:
        raise ActionFailed(
            f"Could not find {target.describe()} on the page within {_seconds(ctx.action_ms)}."
        ) from None


async def goto(page: Page, url: str, ctx: ActionContext) -> None:
    try:
        response = await page.goto(url, timeout=ctx.navigation_ms, wait_until="load")
    except PlaywrightTimeout:
        raise ActionFailed(
            f"The page {url} did not finish loading within {_seconds(ctx.navigation_ms)}."
        ) from None
    except PlaywrightError as error:
        if "Download is starting" in str(error):
            raise ActionFailed(f"{url} started a download instead of showing a page.") from None
        raise ActionFailed(f"Could not open {url}: {short_error(error)}") from None
    if response is not None and response.status >= 500:
        raise ActionFailed(f"The server failed: {url} answered HTTP {response.status}.")


async def _expect(page: Page, spec: ExpectSpec, ctx: ActionContext) -> None:
    wait = ctx.action_ms
    if spec.url is not None:
        expected = spec.url
        try:
            await page.wait_for_url(
                lambda u: url_matches(u, expected, ctx.base_url), timeout=wait, wait_until="commit"
            )
        except PlaywrightTimeout:
            raise ActionFailed(
                f"Expected to be at {join_url(ctx.base_url, expected)}, "
                f"but the page stayed at {page.url}."
            ) from None
    elif spec.text is not None:
        await _wait_state(
            page.get_by_text(spec.text).first,
            "visible",
            wait,
            f"Expected the page to show {spec.text!r}, but it did not",
        )
    elif spec.visible is not None:
        await _wait_state(
            locate(page, spec.visible),
            "visible",
            wait,
            f"Expected {spec.visible.describe()} to be visible, but it was not",
        )
    elif spec.hidden is not None:
        await _wait_state(
            locate(page, spec.hidden),
            "hidden",
            wait,
            f"Expected {spec.hidden.describe()} to be hidden, but it was shown",
        )
    elif spec.title is not None:
        await _poll(
            lambda: _title_has(page, spec.title or ""),
            wait,
            f"Expected the page title to contain {spec.title!r}",
        )
    elif spec.count is not None:
        await _expect_count(page, spec.count, wait)
    elif spec.focused is not None:
        await _expect_focused(page, spec.focused, wait)


async def _title_has(page: Page, text: str) -> bool:
    return text.lower() in (await page.title()).lower()


async def _wait_state(locator: Locator, state: Any, wait_ms: int, message: str) -> None:
    try:
        await locator.wait_for(state=state, timeout=wait_ms)
    except PlaywrightTimeout:
        raise ActionFailed(f"{message} within {_seconds(wait_ms)}.") from None


async def _poll(predicate: Any, wait_ms: int, message: str) -> None:
    """Check again and again until true or the time is up (pages change after actions)."""
    deadline = time.monotonic() + wait_ms / 1000
    while True:
        try:
            if await predicate():
                return
        except PlaywrightError:
            pass  # the page was navigating: look again
        if time.monotonic() >= deadline:
            raise ActionFailed(f"{message}, within {_seconds(wait_ms)}.")
        await asyncio.sleep(0.1)


async def _expect_count(page: Page, spec: CountSpec, wait_ms: int) -> None:
    locator = locate(page, spec, single=False)
    seen: list[int] = [0]

    async def fits() -> bool:
        seen[0] = await locator.count()
        n = seen[0]
        return (
            (spec.equals is None or n == spec.equals)
            and (spec.at_least is None or n >= spec.at_least)
            and (spec.at_most is None or n <= spec.at_most)
        )

    bounds = ", ".join(
        f"{name.replace('_', ' ')} {value}"
        for name, value in (
            ("equals", spec.equals),
            ("at_least", spec.at_least),
            ("at_most", spec.at_most),
        )
        if value is not None
    )
    try:
        await _poll(fits, wait_ms, "")
    except ActionFailed:
        raise ActionFailed(
            f"Expected the number of {spec.describe()} to be {bounds}, but found {seen[0]}."
        ) from None


async def _expect_focused(page: Page, target: _TargetFields, wait_ms: int) -> None:
    locator = locate(page, target, single=False)
    try:
        await _poll(lambda: holds_focus(locator), wait_ms, "")
    except ActionFailed:
        raise ActionFailed(
            f"Expected keyboard focus on {target.describe()}, but it was on "
            f"{await focused_now(page)} (waited {_seconds(wait_ms)})."
        ) from None


async def _interact(locator: Locator | ElementHandle, action: Action, ctx: ActionContext) -> None:
    """Click, fill, select and the rest, on an element already found."""
    spec = action.spec
    t = ctx.action_ms
    kind = action.kind
    if kind == "click":
        await locator.click(timeout=t)
    elif isinstance(spec, FillSpec):
        await locator.fill(spec.plain_value(), timeout=t)
    elif isinstance(spec, SelectSpec):
        try:
            await locator.select_option(label=spec.option, timeout=t)
        except PlaywrightError:
            await locator.select_option(value=spec.option, timeout=t)
    elif kind == "check":
        await locator.check(timeout=t)
    elif kind == "uncheck":
        await locator.uncheck(timeout=t)
    elif kind == "hover":
        await locator.hover(timeout=t)
    elif isinstance(spec, UploadSpec):
        await locator.set_input_files([str(ctx.files_dir / f) for f in spec.files], timeout=t)
    elif isinstance(spec, PressSpec):
        await locator.press(spec.key, timeout=t)
    elif isinstance(spec, ScrollSpec):
        await locator.scroll_into_view_if_needed(timeout=t)


async def _untargeted(page: Page, action: Action, ctx: ActionContext) -> str | None:
    """Actions that need no element: goto, expect, press a key, scroll, wait. Returns what may
    keep the action from working (a key pressed with nothing focused), if seen."""
    spec = action.spec
    if action.kind == "goto":
        await goto(page, join_url(ctx.base_url, str(spec)), ctx)
    elif isinstance(spec, ExpectSpec):
        await _expect(page, spec, ctx)
    elif isinstance(spec, PressSpec):
        trouble = await unfocused_key(page, spec.key)
        await page.keyboard.press(spec.key)
        return trouble
    elif isinstance(spec, ScrollSpec):
        where = "0" if spec.to == "top" else "document.documentElement.scrollHeight"
        await page.evaluate(f"window.scrollTo(0, {where})")
    elif isinstance(spec, WaitForSpec):
        if spec.locator_kinds():
            await _wait_state(
                locate(page, spec),
                spec.state,
                ctx.action_ms,
                f"Waited for {spec.describe()} to be {spec.state}, but it was not",
            )
        elif spec.seconds is not None:
            await asyncio.sleep(spec.seconds)
        elif spec.url is not None:
            expected = spec.url
            try:
                await page.wait_for_url(
                    lambda u: url_matches(u, expected, ctx.base_url), timeout=ctx.action_ms
                )
            except PlaywrightTimeout:
                raise ActionFailed(
                    f"Waited for {join_url(ctx.base_url, expected)}, but the page stayed at "
                    f"{page.url}."
                ) from None
    return None


def _done_but_page_loading(timeout: PlaywrightTimeout) -> bool:
    """Did Playwright do the action and then wait for the page it opened? (Its call log says.)"""
    log = str(timeout)
    return "action done" in log and "waiting for scheduled navigations" in log


async def _finish_navigation(page: Page, action: Action, acted: float, ctx: ActionContext) -> None:
    """Wait for the page an action opened, up to the navigation limit counted from the action."""
    left_ms = ctx.navigation_ms - (time.perf_counter() - acted) * 1000
    try:
        await page.wait_for_event("load", timeout=max(left_ms, 1))
    except PlaywrightTimeout:
        with contextlib.suppress(PlaywrightError):
            if await page.evaluate("document.readyState") == "complete":
                return  # it loaded while we were looking away
        raise ActionFailed(
            f"Did {action.describe()}, but the page it opened did not finish loading within "
            f"{_seconds(ctx.navigation_ms)}."
        ) from None


def _needs_element(action: Action) -> bool:
    target = action.target
    return (
        target is not None
        and bool(target.locator_kinds())
        and action.kind not in ("expect", "wait_for")
    )


# Sees the element before the action uses it; may return its CSS path (saving a call).
BeforeInteract = Callable[[ElementHandle], Awaitable[str | None]]

# A customer lens's own way to use the element (walk/lenses): it does the action itself and
# returns None, or returns the element the action should use as usual.
Operate = Callable[[Locator, Action], Awaitable[Locator | None]]


def _detached(error: PlaywrightError) -> bool:
    return "not attached" in str(error)


async def _use(
    locator: Locator, element: ElementHandle, action: Action, ctx: ActionContext
) -> str | None:
    """Act on the element found for the target; if the page replaced it meanwhile (a script
    re-rendered it), on what the target finds now, as a customer would. Returns what may keep
    the action from working (a key pressed on an element that gives its focus away), if seen."""
    trouble = await focus_trouble(locator) if isinstance(action.spec, PressSpec) else None
    try:
        await _interact(element, action, ctx)
    except PlaywrightTimeout:
        raise
    except PlaywrightError as error:
        if not _detached(error):
            raise
        await _interact(locator, action, ctx)
    return trouble


async def perform(
    page: Page,
    action: Action,
    ctx: ActionContext,
    *,
    before_interact: BeforeInteract | None = None,
    operate: Operate | None = None,
) -> tuple[ActionRecord, Locator | None]:
    """Do one action. Returns its record (ok or not, never raising for a site's failure) and the
    element it used, if any. before_interact sees the element first (keyboard evidence)."""
    started = time.perf_counter()
    aside = 0.0  # time spent gathering evidence before the interaction: not the customer's
    record = ActionRecord(kind=action.kind, description=action.describe())
    locator: Locator | None = None
    try:
        if _needs_element(action):
            target = action.target
            assert target is not None
            locator = locate(page, target)
            element = await _found(locator, target, ctx)
            if before_interact is not None:
                noted = time.perf_counter()
                record.selector = await before_interact(element)
                aside = time.perf_counter() - noted
            if record.selector is None:
                record.selector = await element_selector(element)
            acted = time.perf_counter()
            try:
                if operate is None:
                    record.notice = await _use(locator, element, action, ctx)
                else:
                    lens_used = await operate(locator, action)
                    if lens_used is not None:
                        await _interact(lens_used, action, ctx)
            except PlaywrightTimeout as timeout:
                if not _done_but_page_loading(timeout):
                    raise
                # The click happened; the next page is slow. That is slowness, not failure,
                # up to the navigation limit.
                await _finish_navigation(page, action, acted, ctx)
                record.navigation_ms = round((time.perf_counter() - acted) * 1000, 1)
        else:
            record.notice = await _untargeted(page, action, ctx)
    except ActionFailed as failure:
        record.ok, record.error = False, str(failure)
    except PlaywrightTimeout:
        record.ok = False
        record.error = with_cause(
            f"Could not {action.describe()} within {_seconds(ctx.action_ms)}.",
            await why_stuck(locator, action.kind) if locator is not None else None,
        )
    except PlaywrightError as error:
        record.ok = False
        record.error = f"Could not {action.describe()}: {short_error(error).rstrip('.')}."
    record.duration_ms = round((time.perf_counter() - started - aside) * 1000, 1)
    return record, locator
