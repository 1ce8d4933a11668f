"""The automated walker: drive Chromium through each journey, step by step, gathering evidence.

One browser per run; one context per journey x device; up to `workers` journeys at once. A site
that fails makes a step fail (with words and a screenshot) and the rest of that journey
not reached; it never stops the run.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import Awaitable
from typing import Any, Protocol

from playwright.async_api import (
    Browser,
    BrowserContext,
    Dialog,
    Download,
    ElementHandle,
    Locator,
    Page,
    Playwright,
)
from playwright.async_api import Error as PlaywrightError

from selfshop.errors import EnvironmentProblem
from selfshop.gather.axe import AXE_INIT_JS
from selfshop.gather.console import ConsoleLog
from selfshop.gather.controls import describe_used
from selfshop.gather.dom import DOM_HELPERS_JS
from selfshop.gather.network import NetworkLog
from selfshop.gather.page import REFUSALS_INIT_JS
from selfshop.gather.reflow import CHANGES_INIT_JS
from selfshop.gather.screenshot import MASK_MARK
from selfshop.gather.timings import OBSERVER_INIT_JS
from selfshop.models.audit import Timeouts
from selfshop.models.evidence import (
    ActionRecord,
    BlockedRequest,
    ControlRecord,
    EvidenceKind,
    StepEvidence,
    StepStatus,
)
from selfshop.models.journey import LOOKING_KINDS, FillSpec, Journey, Lens, Step, Target
from selfshop.walk import JourneyWalk
from selfshop.walk.actions import ActionContext, goto, join_url, locate, perform
from selfshop.walk.browser import BrowserNotFound, driver_compile_cache, launch_options
from selfshop.walk.capture import (
    StepGatherer,
    WalkPlan,
    WalkSettings,
    first_party,
    secret_values,
)
from selfshop.walk.causes import with_cause
from selfshop.walk.guard import OFF_ORIGIN, GuardUnavailable, OriginGuard
from selfshop.walk.lenses import LensWalk, context_options
from selfshop.walk.retry import retries_for, with_retries
from selfshop.walk.scrub import Scrubber
from selfshop.walk.tracing import keep_trace, start_trace

# Playwright device descriptors for selfshop's device names.
DEVICE_DESCRIPTORS = {"desktop": "Desktop Chrome", "mobile": "Pixel 7"}
# Actions that use a control the customer could reach by keyboard.
# Actions that use a control, so keyboard and control checks test it. A key pressed on an element
# or a pointer rested on it uses that element as much as a click does.
INTERACTIVE_KINDS = frozenset(
    {"click", "fill", "select", "check", "uncheck", "upload", "press", "hover"}
)
# A step that spent its whole budget on its actions still gets this long to gather its evidence
# (above all the screenshot of what went wrong); a page that cannot answer in it is hung.
GATHER_GRACE_MS = 10_000
# Closing a context whose page is hung: Chromium kills the renderer, but a driver that does not
# answer is left behind rather than waited for.
CLOSE_MS = 10_000
# Beyond its steps' budgets, a journey may take this long (a browser context to open and close).
JOURNEY_MARGIN_MS = 30_000
# How long after a step's last interaction (a click, a fill, a page opened: not an expectation,
# which causes nothing) what it caused is still counted as the step's own when it comes while
# the evidence is being gathered: pop-ups, downloads, requests and console messages.
EVENT_GRACE_S = 0.25


def step_budget_ms(timeouts: Timeouts) -> int:
    """The most one step can take: its actions and gathering (step_ms), and the grace for
    gathering after actions that used all of it."""
    return timeouts.step_ms + min(GATHER_GRACE_MS, timeouts.step_ms)


def journey_bound_ms(journey: Journey, timeouts: Timeouts, retries: int = 0) -> int:
    """The most a walk of this journey can take before the watchdog ends it (each step may be
    tried 1 + retries times)."""
    tries = len(journey.steps) * (1 + retries)
    return tries * (step_budget_ms(timeouts) + CLOSE_MS) + JOURNEY_MARGIN_MS


def unresponsive(seconds: float) -> str:
    return f"The page did not respond within {seconds:g} s; the step was stopped."


class WalkListener(Protocol):
    """Hears about a walk as it goes (the progress display)."""

    def journey_started(self, walk: JourneyWalk) -> None: ...

    def step_finished(self, walk: JourneyWalk, evidence: StepEvidence) -> None: ...

    def journey_finished(self, walk: JourneyWalk) -> None: ...


class _Silent:
    def journey_started(self, walk: JourneyWalk) -> None:
        pass

    def step_finished(self, walk: JourneyWalk, evidence: StepEvidence) -> None:
        pass

    def journey_finished(self, walk: JourneyWalk) -> None:
        pass


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


async def walk_all(
    plans: list[WalkPlan],
    settings: WalkSettings,
    *,
    listener: WalkListener | None = None,
    started: list[JourneyWalk] | None = None,
) -> list[JourneyWalk]:
    """Walk every plan; return the walks in plan order. Walks are appended to `started` as they
    begin, so a caller interrupted half-way still holds the evidence gathered so far."""
    from playwright.async_api import async_playwright

    starting = settings.while_starting
    beside = asyncio.ensure_future(asyncio.to_thread(starting)) if starting else None
    driver_compile_cache()
    async with async_playwright() as pw:
        browser = await _browser(pw, settings)
        if beside is not None:
            # Only a head start: the same work is done again where it is needed, and a
            # failure is reported there.
            with contextlib.suppress(Exception):
                await beside
        closing: asyncio.Future[None] | None = None
        try:
            walks = await _walk_plans(browser, pw, plans, settings, listener or _Silent(), started)
            # Closing Chromium takes a moment in which Python only waits: the walks' own
            # work (judging) is done meanwhile.
            closing = asyncio.ensure_future(_close(browser))
            if settings.while_closing is not None and not settings.stop.is_set():
                await asyncio.to_thread(settings.while_closing, walks)
            return walks
        finally:
            await (closing if closing is not None else _close(browser))


async def _walk_plans(
    browser: Browser,
    pw: Playwright,
    plans: list[WalkPlan],
    settings: WalkSettings,
    hears: WalkListener,
    started: list[JourneyWalk] | None,
) -> list[JourneyWalk]:
    """Every plan walked, at most settings.workers at a time, each within its bound."""
    begun = started if started is not None else []
    gate = asyncio.Semaphore(max(1, settings.workers))

    async def one(plan: WalkPlan) -> JourneyWalk:
        async with gate:
            lens = plan.lens.value if plan.lens else None
            walk = JourneyWalk(journey=plan.journey, device=plan.device, lens=lens)
            if settings.stop.is_set():
                return walk  # never begun: not in `started`
            begun.append(walk)
            hears.journey_started(walk)
            walker = JourneyWalker(browser, pw, plan, settings, walk, hears)
            retries = retries_for(plan.journey, settings.retries)
            bound = journey_bound_ms(plan.journey, settings.timeouts, retries) / 1000
            try:
                async with asyncio.timeout(bound):
                    await walker.run()
            except TimeoutError:  # the watchdog: no journey outlives its bound
                walker.fail_rest(
                    f"The walk of this journey did not end within {bound:g} s and was stopped."
                )
            hears.journey_finished(walk)
            return walk

    return list(await asyncio.gather(*(one(plan) for plan in plans)))


async def _close(browser: Browser) -> None:
    await _quietly(asyncio.wait_for(browser.close(), CLOSE_MS / 1000))


async def _browser(pw: Playwright, settings: WalkSettings) -> Browser:
    """The remote browser the settings name, else a Chromium launched here."""
    if settings.browser_ws:
        from selfshop.walk.remote import connect

        timeout_ms = settings.timeouts.connect_ms
        return await connect(pw, settings.browser_ws, timeout_ms=timeout_ms, headed=settings.headed)
    return await _launch(pw, settings.headed)


async def _launch(pw: Playwright, headed: bool) -> Browser:
    try:
        options = launch_options(pw.chromium.executable_path, headed=headed)
        return await pw.chromium.launch(**options)
    except BrowserNotFound as error:
        raise EnvironmentProblem(str(error)) from None
    except PlaywrightError as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else "unknown error"
        raise EnvironmentProblem(f"Chromium would not start: {first}") from None


async def _quietly(awaitable: Awaitable[Any]) -> None:
    with contextlib.suppress(PlaywrightError, OSError, TimeoutError):
        await awaitable


class JourneyWalker:
    """Walks one journey on one device in its own browser context."""

    def __init__(
        self,
        browser: Browser,
        pw: Playwright,
        plan: WalkPlan,
        settings: WalkSettings,
        walk: JourneyWalk,
        listener: WalkListener,
    ) -> None:
        self.browser, self.pw, self.plan, self.settings = browser, pw, plan, settings
        self.walk, self.listener = walk, listener
        self.journey = plan.journey
        self.guard = OriginGuard(
            settings.base_url,
            settings.allowed_origins,
            settings.block,
            navigation_ms=settings.timeouts.navigation_ms,
        )
        self.blocked: list[BlockedRequest] = []
        self.pending: set[asyncio.Future[None]] = set()  # pop-ups being noted
        # When the browser said this walk opened a pop-up Playwright has not announced yet, and
        # how many Playwright announced before the browser's word came (matched either way).
        self.popups_due: list[float] = []
        self.popups_early = 0
        self.aside_ms = 0.0  # time this step spent gathering evidence between its actions
        self.acted_at = 0.0  # when this step's last interaction ended (time.monotonic())
        self.crashed = False  # the page's renderer gave way
        self.scrubber = Scrubber(secret_values(self.journey))
        self.judged_document = -1  # the main document last judged (NetworkLog.document_count)
        self.secret_targets: list[Target] = []
        self.lens = LensWalk(plan.lens, settings.timeouts.action_ms) if plan.lens else None
        self.ctx = ActionContext(
            base_url=settings.base_url,
            action_ms=settings.timeouts.action_ms,
            navigation_ms=settings.timeouts.navigation_ms,
            files_dir=plan.files_dir,
        )

    async def run(self) -> None:
        started = time.perf_counter()
        context: BrowserContext | None = None
        traced = False
        try:
            context = await self._new_context()
            traced = await start_trace(context, self.settings.trace, bool(self.scrubber))
            page = await context.new_page()
            # After the page: its first document (about:blank, in a process of its own) never
            # runs them; axe's source alone takes a tenth of a second to compile there.
            await self._add_gatherers_scripts(context)
            try:
                await self.guard.install(context, page, self.blocked.append, self._popup_opened)
            except GuardUnavailable as error:
                self.fail_rest(str(error))
                return
            if self.lens is not None:
                await self.lens.prepare(context, page)
            network = NetworkLog(page, first_party(self.settings))
            console = ConsoleLog(page)
            self._listen_for_interruptions(page, console)
            await self._walk_steps(context, page, network, console)
        except PlaywrightError as error:
            # The browser itself gave way (it crashed or was closed): the steps left say so.
            if self.settings.stop.is_set():
                self._stop_rest()
            elif self.crashed:
                self.fail_rest(CRASHED)
            else:
                self.fail_rest(f"The browser stopped while walking this journey: {error}")
        finally:
            if context is not None:
                if traced:
                    await keep_trace(context, self.walk, self.settings, self.plan.key)
                await _quietly(asyncio.wait_for(context.close(), CLOSE_MS / 1000))
            self.walk.duration_ms = round((time.perf_counter() - started) * 1000, 1)

    async def _new_context(self) -> BrowserContext:
        name = DEVICE_DESCRIPTORS.get(self.plan.device, DEVICE_DESCRIPTORS["desktop"])
        descriptor = dict(self.pw.devices[name])
        descriptor.pop("default_browser_type", None)
        descriptor.update(context_options(self.plan.lens))
        # Service workers would fetch past the guard: an audit must see every request.
        # Downloads are noted, never saved: nothing a site sends lands on disk.
        context = await self.browser.new_context(
            **descriptor, service_workers="block", accept_downloads=False
        )
        context.set_default_timeout(self.settings.timeouts.action_ms)
        context.set_default_navigation_timeout(self.settings.timeouts.navigation_ms)
        return context

    async def _add_gatherers_scripts(self, context: BrowserContext) -> None:
        """What the gatherers need in every document of the context, from its next one on."""
        await context.add_init_script(DOM_HELPERS_JS)  # the gatherers' helpers, in every document
        if EvidenceKind.timings in self.settings.needed:
            await context.add_init_script(OBSERVER_INIT_JS)
        if EvidenceKind.page in self.settings.needed:
            await context.add_init_script(REFUSALS_INIT_JS)
        if EvidenceKind.reflow in self.settings.needed:
            await context.add_init_script(CHANGES_INIT_JS)  # a page measured once if unchanged
        if EvidenceKind.axe in self.settings.needed:
            await context.add_init_script(AXE_INIT_JS)  # in every frame: axe asks each one

    def _listen_for_interruptions(self, page: Page, console: ConsoleLog) -> None:
        """Dialogs are answered as a customer would (OK), pop-ups noted and closed, downloads
        noted and dropped: the walk stays on the journey's own page. None fails a step by
        itself (the step's next expectation decides); each is a finding of its own. A crashed
        renderer fails the step it happens in."""

        async def on_dialog(dialog: Dialog) -> None:
            console.add("dialog", f"{dialog.type}: {dialog.message}")
            if dialog.type == "prompt":
                await _quietly(dialog.dismiss())
            else:
                await _quietly(dialog.accept())

        async def note_popup(popup: Page, opened: float) -> None:
            await _quietly(popup.wait_for_load_state("domcontentloaded", timeout=2_000))
            console.add("popup", f"A new window opened: {popup.url}", at=opened)
            await _quietly(popup.close())

        def on_popup(popup: Page) -> None:
            # Its time is when the browser opened it: Playwright announces it a while later.
            if self.popups_due:
                opened = self.popups_due.pop(0)
            else:
                opened = time.monotonic()
                self.popups_early += 1
            task = asyncio.ensure_future(note_popup(popup, opened))
            self.pending.add(task)
            task.add_done_callback(self.pending.discard)

        def on_download(download: Download) -> None:
            console.add("download", f"A download started: {download.suggested_filename}")

        def on_crash(crashed: Page) -> None:
            self.crashed = True
            console.add("crash", CRASHED)

        page.on("dialog", on_dialog)
        page.on("popup", on_popup)
        page.on("download", on_download)
        page.on("crash", on_crash)

    async def _walk_steps(
        self, context: BrowserContext, page: Page, network: NetworkLog, console: ConsoleLog
    ) -> None:
        gatherer = StepGatherer(
            context,
            page,
            network,
            console,
            self.settings,
            self.plan,
            self._masks,
            write_behind=True,
        )
        try:
            await self._walk_each_step(page, network, gatherer)
        finally:
            await gatherer.images_written()

    async def _walk_each_step(
        self, page: Page, network: NetworkLog, gatherer: StepGatherer
    ) -> None:
        failed = False
        for index, step in enumerate(self.journey.steps):
            if self.settings.stop.is_set():
                self._stop_rest()
                return
            if failed:
                evidence = self._not_reached(index)
            else:
                evidence = await self._walk_step_retried(index, step, page, network, gatherer)
                failed = evidence.status is StepStatus.failed
                if self.settings.stop.is_set():
                    # The step was cut short by the interruption, not failed by the site.
                    self._stop_rest()
                    return
            self._record(evidence)

    def _record(self, evidence: StepEvidence) -> None:
        """The step's evidence joins the walk, with any secret the site echoed masked."""
        evidence = self.scrubber.model(evidence)
        self.walk.steps.append(evidence)
        self.listener.step_finished(self.walk, evidence)

    def _blank(self, index: int) -> StepEvidence:
        evidence = StepEvidence.blank(self.journey, index, self.plan.device)
        evidence.lens = self.walk.lens
        return evidence

    def _not_reached(self, index: int, why: str | None = None) -> StepEvidence:
        evidence = StepEvidence.not_reached(self.journey, index, self.plan.device, why)
        evidence.lens = self.walk.lens
        return evidence

    def _stop_rest(self) -> None:
        """The run is being stopped: the steps not walked yet say so."""
        for index in range(len(self.walk.steps), len(self.journey.steps)):
            self._record(self._not_reached(index, self.settings.stopped_because))

    def fail_rest(self, message: str) -> None:
        """The step being walked failed for this reason; the steps after it were not reached."""
        done = len(self.walk.steps)
        for index in range(done, len(self.journey.steps)):
            if index == done:
                evidence = self._blank(index)
                evidence.status = StepStatus.failed
                evidence.error = message
            else:
                evidence = self._not_reached(index)
            self._record(evidence)

    async def _walk_step_retried(
        self, index: int, step: Step, page: Page, network: NetworkLog, gatherer: StepGatherer
    ) -> StepEvidence:
        """The step, tried again from where it began while it fails and retries are left."""
        began_at = page.url

        async def once() -> StepEvidence:
            evidence = await self._walk_step(index, step, page, network, gatherer)
            if evidence.status is StepStatus.failed:
                await gatherer.images_written()  # a failed try's pictures are moved aside
            return evidence

        async def back() -> None:
            if began_at.startswith(("http://", "https://")):
                await _start(page, began_at, self.ctx)

        return await with_retries(
            once,
            back,
            retries=retries_for(self.journey, self.settings.retries),
            run_dir=self.settings.run_dir,
            stop=self.settings.stop,
        )

    async def _walk_step(
        self, index: int, step: Step, page: Page, network: NetworkLog, gatherer: StepGatherer
    ) -> StepEvidence:
        """One step within one budget (timeouts.step_ms) for its actions and its gathering: a page
        that stops answering (a busy script, a stalled response) makes the step fail with a
        finding instead of holding the walk."""
        evidence = self._blank(index)
        self.blocked.clear()
        self.popups_due.clear()  # one the browser opened but Playwright never showed
        self.popups_early = 0
        network.drain()  # requests between steps (late beacons) belong to no step
        used: list[ControlRecord] = []
        budget_s = self.settings.timeouts.step_ms / 1000
        started = time.perf_counter()
        error: str | None = None
        self.aside_ms = 0.0
        self.acted_at = time.monotonic()
        try:
            async with asyncio.timeout(budget_s):
                error = await self._do_actions(index, step, page, network, evidence, used, gatherer)
        except TimeoutError:
            error = f"The step took longer than {budget_s:g} s and was stopped."
        # As the customer felt it: evidence gathered between actions is not their time.
        felt_ms = (time.perf_counter() - started) * 1000 - self.aside_ms
        left_s = budget_s - (time.perf_counter() - started)
        grace_s = min(GATHER_GRACE_MS, self.settings.timeouts.step_ms) / 1000
        gather_s = max(left_s, grace_s)
        try:
            async with asyncio.timeout(gather_s):
                await self._conclude(page, gatherer, evidence, used, felt_ms, error, gather_s / 2)
        except TimeoutError:
            evidence.status = StepStatus.failed
            evidence.error = evidence.error or unresponsive(budget_s)
        if self.crashed:
            evidence.status, evidence.error = StepStatus.failed, CRASHED
        self.judged_document = network.document_count
        return evidence

    async def _conclude(
        self,
        page: Page,
        gatherer: StepGatherer,
        evidence: StepEvidence,
        used: list[ControlRecord],
        felt_ms: float,
        error: str | None,
        settle_s: float,
    ) -> None:
        """After the actions: let the page settle (for at most settle_s: the rest of the budget
        is the gathering's), decide the step's status, gather evidence."""
        # Pop-ups and downloads are announced a moment after the click that caused them: what
        # comes within the grace after the step's last interaction is this step's (all that came
        # before gathering began is). The evidence is gathered meanwhile.
        grace_until = min(self.acted_at + EVENT_GRACE_S, time.monotonic() + settle_s)
        await gatherer.settle(settle_s * 1000)
        self._decide(page, evidence, error)
        await gatherer.gather(evidence, used, felt_ms)
        if self.lens is not None:
            await self._observe_lens(self.lens, page, evidence)
        await asyncio.sleep(max(0.0, grace_until - time.monotonic()))
        await self._popups_shown(grace_until, min(3, settle_s))
        if self.pending:
            await asyncio.wait(set(self.pending), timeout=min(3, settle_s))
        gatherer.take_late(evidence, grace_until)
        if evidence.status is not StepStatus.failed:
            self._decide(page, evidence, None)  # a hop off the site within the grace

    def _popup_opened(self) -> None:
        if self.popups_early:
            self.popups_early -= 1  # Playwright announced it first: nothing to wait for
        else:
            self.popups_due.append(time.monotonic())

    async def _popups_shown(self, by: float, at_most_s: float) -> None:
        """Wait (at most at_most_s) until Playwright shows every pop-up the browser opened by
        `by`: on a busy machine that can take longer than the grace, and it is this step's."""
        until = time.monotonic() + at_most_s
        while any(at <= by for at in self.popups_due) and time.monotonic() < until:
            await asyncio.sleep(0.05)

    def _decide(self, page: Page, evidence: StepEvidence, error: str | None) -> None:
        """The step's status: failed with the actions' error, or for trying to leave the site."""
        self._note_if_off_site(page)
        off_origin = [b for b in self.blocked if b.reason == OFF_ORIGIN]
        if off_origin:
            error = (
                f"The journey tried to leave the site for {off_origin[0].url}; "
                "selfshop blocked it (add the origin to allowed_origins if it is yours)."
            )
        if error:
            evidence.status, evidence.error = StepStatus.failed, error
        evidence.blocked = list(self.blocked)

    async def _observe_lens(self, lens: LensWalk, page: Page, evidence: StepEvidence) -> None:
        """What the lens's customer met on the page the step ended on (a page that will not
        answer leaves the notes taken while acting, and the lens evidence not gathered)."""
        try:
            await lens.observe(page, evidence)
        except PlaywrightError:
            evidence.lens_notes = lens.take_notes()
        else:
            evidence.gathered.append(EvidenceKind.lens)

    async def _do_actions(
        self,
        index: int,
        step: Step,
        page: Page,
        network: NetworkLog,
        evidence: StepEvidence,
        used: list[ControlRecord],
        gatherer: StepGatherer,
    ) -> str | None:
        """Do the step's actions in order; return why the step failed, or None."""
        if index == 0 and self.journey.start is not None:
            start_url = join_url(self.settings.base_url, self.journey.start)
            failure = await _start(page, start_url, self.ctx)
            self.acted_at = time.monotonic()
            if failure:
                return failure
        for action in step.do:
            before = network.document_count

            async def note_control(element: ElementHandle, kind: str = action.kind) -> str | None:
                await self._judge_page_met(network, evidence, gatherer)
                return await self._note_control(element, page.url, kind, used)

            operate = self.lens.operate if self.lens is not None else None
            record, _ = await perform(
                page, action, self.ctx, before_interact=note_control, operate=operate
            )
            if action.kind not in LOOKING_KINDS:
                self.acted_at = time.monotonic()
            evidence.actions.append(record)
            if isinstance(action.spec, FillSpec) and action.spec.is_secret:
                self.secret_targets.append(action.spec)
            if not record.ok:
                # What an earlier action of the step saw (focus given away) is why this failed.
                record.error = with_cause(record.error or "", _last_notice(evidence.actions))
                return record.error
            if network.document_count != before and (network.document.status or 0) >= 500:
                return f"The server failed: {page.url} answered HTTP {network.document.status}."
        return None

    async def _judge_page_met(
        self, network: NetworkLog, evidence: StepEvidence, gatherer: StepGatherer
    ) -> None:
        """Before the step first acts on a page no step has been judged on (the address form
        a click opened, the start page), gather it: the step may end on another page."""
        if network.document_count == self.judged_document:
            return
        started = time.perf_counter()
        evidence.pages_met.append(await gatherer.page_met(evidence))
        self.judged_document = network.document_count
        self.aside_ms += (time.perf_counter() - started) * 1000

    async def _note_control(
        self, element: ElementHandle, page_url: str, kind: str, used: list[ControlRecord]
    ) -> str | None:
        """Before an action uses a control: what it is, and whether Tab reaches it. Returns the
        control's CSS path (for the action's record)."""
        needed = self.settings.needed
        if kind not in INTERACTIVE_KINDS or not needed & {
            EvidenceKind.controls,
            EvidenceKind.keyboard,
        }:
            return None
        started = time.perf_counter()
        # Reading keyboard facts focuses the control, which would move the point Tab goes on
        # from: a keyboard lens walk must find its own way there.
        by_keys = self.lens is not None and self.lens.lens is Lens.keyboard
        control = await describe_used(
            element,
            page_url,
            self.settings.timeouts.action_ms,
            keyboard=EvidenceKind.keyboard in needed and not by_keys,
        )
        if control is not None:
            used.append(control)
        self.aside_ms += (time.perf_counter() - started) * 1000
        return control.selector if control is not None else None

    def _note_if_off_site(self, page: Page) -> None:
        """A last check, should a document ever get past the guard (it judges every hop)."""
        if not self.guard.allows(page.url):
            self.blocked.append(BlockedRequest(url=page.url, reason=OFF_ORIGIN))

    async def _masks(self, page: Page) -> list[Locator]:
        """Every field a secret was typed into, and any field or text where the site echoes a
        secret back: painted over (password fields always are)."""
        masks = [locate(page, target, single=False) for target in self.secret_targets]
        if self.scrubber:
            await page.evaluate(MARK_SECRETS_JS, [MASK_MARK, self.scrubber.secrets])
        return masks


def _last_notice(actions: list[ActionRecord]) -> str | None:
    return next((a.notice for a in reversed(actions[:-1]) if a.notice), None)


async def _start(page: Page, url: str, ctx: ActionContext) -> str | None:
    from selfshop.walk.actions import ActionFailed

    try:
        await goto(page, url, ctx)
    except ActionFailed as failure:
        return str(failure)
    return None


CRASHED = "The page crashed (the browser's renderer gave way); the step was stopped."

# Marks every field whose value, and every element whose own text, holds a typed secret, by the
# same length rules as the scrubber: long secrets anywhere, 2-3 characters as whole tokens,
# 1 character only as the whole value.
MARK_SECRETS_JS = r"""([mark, secrets]) => {
  const escape = s => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const holds = (text, secret) => {
    if (!text) return false;
    if (secret.length >= 4) return text.includes(secret);
    if (secret.length >= 2) {
      const edge = '[^\\p{L}\\p{N}]';
      return new RegExp('(^|' + edge + ')' + escape(secret) + '($|' + edge + ')', 'u')
        .test(text);
    }
    return text.trim() === secret;
  };
  const any = text => secrets.some(secret => holds(text, secret));
  for (const el of document.querySelectorAll('input, textarea, select')) {
    if (any(el.value)) el.setAttribute(mark, '');
  }
  const walker = document.createTreeWalker(document.body || document, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement && any(node.textContent)) node.parentElement.setAttribute(mark, '');
  }
}"""
