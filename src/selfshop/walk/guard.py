"""Keep a walk on the sites it may visit, and refuse what an audit must never touch.

Two rules, applied to every page of a walk's browser context, pop-ups included:

- a page's main document may only come from base_url's origin or the audit's allowed origins;
  other navigations (links, form posts, and every hop of a redirect chain) are refused before
  the request is sent;
- any request matching one of the audit's `block` globs (payment providers, say), from any
  frame of any page, is refused.

Every refusal is recorded as a BlockedRequest on the step that caused it.

The rules hold the requests they judge through DevTools' Fetch domain, not Playwright routes:
a route pauses every request of the context and turns the HTTP cache off, while the guard
pauses only documents, and, when the audit blocks anything, the requests its globs may match.

- A browser-level session (one per context) pauses every document request of the browser,
  redirect hops included, judges the main documents of the context's pages and lets the others
  go at once (subframes, other contexts' pages). It pauses a new page's first request before it
  is sent: that is how a pop-up is guarded from its very first request.
- With block globs, each page of the context also gets a page-level session pausing what the
  globs may match (workers' requests too), which auto-attaches out-of-process iframes, each held
  until it is guarded the same way. A new page gets its session before its first document goes.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import Awaitable, Callable, Iterable

# Playwright's own glob rules, which docs/ promise for `block` (pinned by uv.lock, tested).
from playwright._impl.isomorphic.url_match import glob_to_regex_pattern, resolve_glob_base
from playwright.async_api import BrowserContext, Page
from playwright.async_api import Error as PlaywrightError

from selfshop.models.evidence import BlockedRequest
from selfshop.models.origins import is_first_party, site_origins
from selfshop.walk.cdp import CdpError, Event, PlaywrightSession, Session

OFF_ORIGIN = "off-origin navigation"
BY_PATTERN = "blocked by audit pattern"
DOCUMENTS = {"urlPattern": "*", "resourceType": "Document", "requestStage": "Request"}
CDP_WILDCARDS = frozenset("*?\\")
Refusals = Callable[[BlockedRequest], None]


class OriginGuard:
    """The allow-list and block patterns of one audit, installed on browser contexts."""

    def __init__(
        self,
        base_url: str,
        allowed_origins: Iterable[str] = (),
        block: Iterable[str] = (),
        *,
        navigation_ms: int = 15_000,
    ) -> None:
        self.origins = site_origins(base_url, allowed_origins)
        self.block = list(block)
        self.navigation_ms = navigation_ms
        self._block_rules = [re.compile(_playwright_regex(glob)) for glob in self.block]

    def allows(self, url: str) -> bool:
        """May the main document come from this URL? (Non-web schemes are left alone.)"""
        return is_first_party(url, self.origins)

    def blocks(self, url: str) -> bool:
        """Does one of the audit's block globs match this URL, as Playwright matches a glob?"""
        return any(rule.search(url) for rule in self._block_rules)

    def refusal(self, url: str) -> str | None:
        """Why a main document from this URL is refused, or None when it may load."""
        if not self.allows(url):
            return OFF_ORIGIN
        return BY_PATTERN if self.blocks(url) else None

    async def install(
        self,
        context: BrowserContext,
        page: Page,
        on_blocked: Refusals,
        on_popup: Callable[[], None] | None = None,
    ) -> None:
        """Guard the context whose first page is `page` (still blank); refusals go to on_blocked,
        and on_popup hears at once when `page` opens a pop-up (the browser says so before the
        pop-up's first request; Playwright's own 'popup' event can come much later).
        Raises GuardUnavailable when the browser will not let it: the walk must not go on."""
        watch = ContextWatch(self, context, on_blocked, on_popup)
        try:
            await watch.start(page)
        except (CdpError, PlaywrightError, TimeoutError) as error:
            raise GuardUnavailable(
                "selfshop could not guard this walk, so it was not walked (nothing outside the "
                f"site may be touched): the browser refused its DevTools session ({error})."
            ) from error


class GuardUnavailable(Exception):
    """The guard could not be installed; the message says so in plain words."""


class ContextWatch:
    """The guard's sessions on one browser context, closed with it."""

    def __init__(
        self,
        guard: OriginGuard,
        context: BrowserContext,
        on_blocked: Refusals,
        on_popup: Callable[[], None] | None = None,
    ) -> None:
        self.guard, self.context, self.on_blocked = guard, context, on_blocked
        self.on_popup = on_popup
        self.first_page = ""  # the walk's own page: the one whose pop-ups the walk notes
        self.limit_s = guard.navigation_ms / 1000
        self.browser: PlaywrightSession | None = None
        self.context_id = ""
        self.targets: dict[str, str] = {}  # each target the browser has → its page's context
        self.guarded: set[str] = set()  # our pages whose requests a page-level session judges
        self.tasks: set[asyncio.Future[None]] = set()

    async def start(self, page: Page) -> None:
        first = PlaywrightSession(await self.context.new_cdp_session(page), self.limit_s)
        info = (await first.send("Target.getTargetInfo"))["targetInfo"]
        self.context_id = info.get("browserContextId", "")
        self.first_page = info["targetId"]
        self.targets[info["targetId"]] = self.context_id
        if self.guard.block:
            await self._guard_page(first, info["targetId"])
        else:
            await _quietly(first.cdp.detach())
        browser = self.context.browser
        if browser is None:
            raise CdpError("the guard needs the context's browser")
        self.browser = PlaywrightSession(await browser.new_browser_cdp_session(), self.limit_s)
        self.browser.on("Target.targetCreated", self._note_new_target)
        self.browser.on("Target.targetInfoChanged", self._note_target)
        self.browser.on("Target.targetDestroyed", self._forget_target)
        self.browser.on("Fetch.requestPaused", self._later(self._judge_document))
        await self.browser.send("Target.setDiscoverTargets", {"discover": True})
        await self.browser.send("Fetch.enable", {"patterns": [DOCUMENTS]})
        self.context.on("close", lambda _: self._spawn(self._close()))

    async def _close(self) -> None:
        if self.browser is not None:
            await _quietly(self.browser.cdp.detach())

    # Main documents, every page of the context (browser level) --------------------------------

    def _note_target(self, event: Event) -> None:
        info = event.get("targetInfo", {})
        is_page = info.get("type") == "page"  # an iframe's target is known, and never a page
        self.targets[info.get("targetId", "")] = info.get("browserContextId", "") if is_page else ""

    def _note_new_target(self, event: Event) -> None:
        self._note_target(event)
        info = event.get("targetInfo", {})
        opened_by_walk = info.get("openerId") == self.first_page != ""
        if opened_by_walk and info.get("type") == "page" and self.on_popup is not None:
            self.on_popup()

    def _forget_target(self, event: Event) -> None:
        target = event.get("targetId", "")
        self.targets.pop(target, None)
        self.guarded.discard(target)

    async def _judge_document(self, event: Event) -> None:
        assert self.browser is not None
        request_id, url = event["requestId"], event["request"]["url"]
        frame = event.get("frameId", "")
        if not await self._is_our_page(frame):
            await self._answer(self.browser, request_id, None)  # a subframe, or someone else's page
            return
        reason = self.guard.refusal(url)
        new_page = reason is None and self.guard.block and frame not in self.guarded
        # A new page (a pop-up): its other requests are guarded before its first one is sent.
        if new_page and not await self._attach_page(frame):
            await self._answer(self.browser, request_id, BY_PATTERN)  # unwatched: refused
            return
        if reason is not None:
            self.on_blocked(BlockedRequest(url=url, reason=reason))
        await self._answer(self.browser, request_id, reason)

    async def _is_our_page(self, frame: str) -> bool:
        if frame not in self.targets and self.browser is not None:
            # Not a page the guard has heard of: a subframe in its page's process, as a rule.
            try:
                info = await self.browser.send("Target.getTargetInfo", {"targetId": frame})
            except (CdpError, PlaywrightError, TimeoutError):
                return False
            self._note_target(info)
        return self.targets.get(frame) == self.context_id

    async def _attach_page(self, target: str) -> bool:
        assert self.browser is not None
        try:
            attached = await self.browser.send(
                "Target.attachToTarget", {"targetId": target, "flatten": False}
            )
            await self._guard_page(self.browser.child(attached["sessionId"]), target)
        except (CdpError, PlaywrightError, TimeoutError, KeyError):
            return False
        return True

    # Block globs, every frame of a page (page level) -------------------------------------------

    async def _guard_page(self, session: Session, target: str) -> None:
        await self._guard_target(session)
        self.guarded.add(target)

    async def _guard_target(self, session: Session) -> None:
        """Pause what the block globs may match, and hold each out-of-process iframe until it
        is guarded the same way."""
        patterns = [
            {"urlPattern": cdp_pattern(glob), "requestStage": "Request"}
            for glob in self.guard.block
        ]
        session.on("Fetch.requestPaused", self._later(lambda e: self._judge_request(session, e)))
        session.on("Target.attachedToTarget", self._later(lambda e: self._guard_child(session, e)))
        await session.send("Fetch.enable", {"patterns": patterns})
        await session.send(
            "Target.setAutoAttach",
            {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": False},
        )

    async def _guard_child(self, parent: Session, event: Event) -> None:
        child = parent.child(event["sessionId"])
        # Not every kind of target has a Fetch domain; one already gone needs nothing.
        with contextlib.suppress(CdpError, TimeoutError):
            await self._guard_target(child)
        await _quietly(child.send("Runtime.runIfWaitingForDebugger"))

    async def _judge_request(self, session: Session, event: Event) -> None:
        url = event["request"]["url"]
        reason = BY_PATTERN if self.guard.blocks(url) else None
        if reason is not None:
            self.on_blocked(BlockedRequest(url=url, reason=reason))
        await self._answer(session, event["requestId"], reason)

    # Plumbing ---------------------------------------------------------------------------------

    async def _answer(self, session: Session, request_id: str, reason: str | None) -> None:
        if reason is None:
            await _quietly(session.send("Fetch.continueRequest", {"requestId": request_id}))
        else:
            await _quietly(
                session.send(
                    "Fetch.failRequest", {"requestId": request_id, "errorReason": "BlockedByClient"}
                )
            )

    def _later(self, judge: Callable[[Event], Awaitable[object]]) -> Callable[[Event], None]:
        """An event handler that runs `judge` as a task the watch keeps until it ends."""

        def handler(event: Event) -> None:
            self._spawn(judge(event))

        return handler

    def _spawn(self, work: Awaitable[object]) -> None:
        task = asyncio.ensure_future(_quietly(work))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)


async def _quietly(work: Awaitable[object]) -> None:
    """Await work whose failure changes nothing (a target closed, a request already gone)."""
    with contextlib.suppress(CdpError, PlaywrightError, TimeoutError, KeyError):
        await work


def _playwright_regex(glob: str) -> str:
    return glob_to_regex_pattern(resolve_glob_base(None, glob))


def cdp_pattern(glob: str) -> str:
    """A DevTools URL pattern matching at least every URL the glob matches: the glob's literal
    characters, and `*` wherever it has a wildcard, a group or a character DevTools treats as
    one. (The exact glob is applied after: DevTools only decides what is worth pausing.)"""
    pattern: list[str] = []
    escaped = in_group = False
    for char in resolve_glob_base(None, glob):
        if escaped:
            escaped = False
            pattern.append("*" if char in CDP_WILDCARDS else char)
        elif char == "\\":
            escaped = True
        elif char == "{":
            in_group = True
            pattern.append("*")
        elif in_group:
            in_group = char != "}"
        elif char in "*?":
            pattern.append("*")
        else:
            pattern.append(char)
    return re.sub(r"\*+", "*", "".join(pattern))
