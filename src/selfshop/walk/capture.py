"""Capture, shared by both walkers: what to walk and how, the evidence of one step gathered
kind by kind (only the kinds some check needs), the secrets to keep out of it, artefact names.

A gatherer that fails (the page navigated under it, say) is tried once more after the page
settles; if it fails again that kind is simply not in `gathered`, and the checks that need it
report an error result instead of a score. Gathering never fails a step.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import re
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import BrowserContext, Locator, Page
from playwright.async_api import Error as PlaywrightError

from selfshop.gather.axe import gather_axe
from selfshop.gather.console import ConsoleLog
from selfshop.gather.controls import gather_controls
from selfshop.gather.cookies import gather_cookies
from selfshop.gather.network import NetworkLog
from selfshop.gather.page import gather_page
from selfshop.gather.page_signals import gather_signals_into
from selfshop.gather.reflow import LAYOUT_STAMP_JS, gather_layout, gather_reflow
from selfshop.gather.screenshot import take, thumbnail
from selfshop.gather.timings import gather_timings
from selfshop.models.audit import Timeouts, TraceMode
from selfshop.models.evidence import (
    INTERRUPTED_STEP,
    ControlRecord,
    EvidenceKind,
    Reflow,
    StepEvidence,
    StepStatus,
)
from selfshop.models.journey import FillSpec, Journey, Lens
from selfshop.models.origins import is_first_party, site_origins
from selfshop.models.results import walk_key
from selfshop.store.atomic import write_bytes
from selfshop.store.runfolder import ARTEFACTS
from selfshop.walk import JourneyWalk

K = EvidenceKind
# Dialogs and pop-ups interrupt the customer: kept even when console errors are not wanted.
INTERRUPTIONS = ("dialog", "popup")
# What the browser announces a while after the action that caused it (a download only once the
# server has answered): until the step's evidence is gathered it is the step's, however late.
ANNOUNCED_LATE = (*INTERRUPTIONS, "download")


@dataclass
class WalkPlan:
    """One journey to walk on one device; files_dir resolves upload paths."""

    journey: Journey
    device: str
    files_dir: Path = Path(".")
    lens: Lens | None = None  # walked as this customer (walk/lenses); None: the plain walk

    @property
    def key(self) -> str:
        return walk_key(self.journey.id, self.device, self.lens)


@dataclass
class WalkSettings:
    base_url: str
    run_dir: Path
    needed: set[EvidenceKind] = field(default_factory=lambda: set(EvidenceKind))
    timeouts: Timeouts = field(default_factory=Timeouts)
    allowed_origins: list[str] = field(default_factory=list)
    block: list[str] = field(default_factory=list)
    workers: int = 1
    headed: bool = False
    browser_ws: str | None = None  # a remote browser to connect to instead of launching one
    retries: int = 0  # tries again a failed step (a journey's own retries: win)
    trace: TraceMode = TraceMode.off
    # Set (from a signal handler, say) to stop: walks end at the next step, none start.
    stop: threading.Event = field(default_factory=threading.Event)
    stopped_because: str = INTERRUPTED_STEP  # what the steps not walked say
    # Work for later stages (loading what judging reads), done in a thread while the browser
    # starts: Python only waits then.
    while_starting: Callable[[], object] | None = None
    # Work on the finished walks (judging them), done in a thread while the browser closes;
    # not when the walk was stopped.
    while_closing: Callable[[list[JourneyWalk]], object] | None = None


class StepGatherer:
    def __init__(
        self,
        context: BrowserContext,
        page: Page,
        network: NetworkLog,
        console: ConsoleLog,
        settings: WalkSettings,
        plan: WalkPlan,
        masks: Callable[[Page], Awaitable[list[Locator]]],
        *,
        write_behind: bool = False,
    ) -> None:
        self.context, self.page, self.network, self.console = context, page, network, console
        self.settings, self.plan, self.masks = settings, plan, masks
        # Screenshots saved while the walk goes on (images_written() waits for them); else
        # each is on disk before its step's evidence is handed back.
        self.write_behind = write_behind
        self.writing: dict[str, asyncio.Future[None]] = {}  # by screenshot path
        # The layout and reflow last measured, and the page's state then (LAYOUT_STAMP_JS).
        self.measured: tuple[Reflow, Reflow] | None = None
        self.measured_stamp: object = None

    async def settle(self, at_most_ms: float | None = None) -> None:
        """Let a navigation an action started finish before the page is read."""
        wait_ms = self.settings.timeouts.navigation_ms
        if at_most_ms is not None:
            wait_ms = min(wait_ms, max(1, int(at_most_ms)))
        with contextlib.suppress(PlaywrightError):
            await self.page.wait_for_load_state("load", timeout=wait_ms)

    async def _attempt(
        self, evidence: StepEvidence, kind: EvidenceKind, gather: Callable[[], Awaitable[None]]
    ) -> None:
        for attempt in (1, 2):
            try:
                await gather()
            except PlaywrightError:
                if attempt == 2:
                    return
                await self.settle()
            else:
                evidence.gathered.append(kind)
                return

    async def gather(
        self, evidence: StepEvidence, used: list[ControlRecord], felt_ms: float
    ) -> None:
        needed = self.settings.needed
        page = self.page
        evidence.url = page.url
        evidence.timings.felt_ms = round(felt_ms, 1)
        requests, entries = self.network.drain(), self.console.drain()
        if K.network in needed:
            evidence.requests = requests
            evidence.gathered.append(K.network)
        if K.console in needed:
            evidence.console = entries
            evidence.gathered.append(K.console)
        else:
            evidence.console = [e for e in entries if e.level in INTERRUPTIONS]

        async def page_fields() -> None:
            await gather_page(page, evidence, self.network.document)

        async def timings() -> None:
            evidence.timings = await gather_timings(page, felt_ms)

        async def cookies() -> None:
            evidence.cookies = await gather_cookies(self.context, page.url)

        async def screenshot() -> None:
            await self._screenshot(evidence)

        async def controls() -> None:
            on_page = await gather_controls(page) if K.controls in needed else []
            here = {c.selector: c for c in on_page}
            # A used control still on this page keeps its place on it (where it is now).
            placed = [
                u.model_copy(update={"box": here[u.selector].box})
                if u.page_url == page.url and u.selector in here
                else u
                for u in used
            ]
            used_paths = {c.selector for c in used}
            evidence.controls = placed + [c for c in on_page if c.selector not in used_paths]

        async def axe() -> None:
            evidence.axe = await gather_axe(page)

        async def reflow() -> None:
            # Narrowing the page is costly: a page unchanged since it was measured keeps that.
            stamp = await page.evaluate(LAYOUT_STAMP_JS)
            if stamp is None or stamp != self.measured_stamp or self.measured is None:
                self.measured = (await gather_layout(page), await gather_reflow(page))
                self.measured_stamp = stamp
            evidence.layout, evidence.reflow = (m.model_copy() for m in self.measured)

        # Order matters: the screenshot before anything that moves focus or the viewport.
        plan: list[tuple[EvidenceKind, Callable[[], Awaitable[None]]]] = [
            (K.page, page_fields),
            (K.timings, timings),
            (K.cookies, cookies),
            (K.screenshot, screenshot),
            (K.controls, controls),
            (K.keyboard, controls),
            (K.axe, axe),
            (K.reflow, reflow),
            (K.signals, functools.partial(gather_signals_into, page, evidence)),
        ]
        failed = evidence.status is StepStatus.failed
        for kind, gather in plan:
            wanted = kind in needed or (kind is K.screenshot and failed)
            if kind is K.keyboard and wanted:
                if K.controls not in needed:
                    await self._attempt(evidence, kind, gather)
                else:
                    evidence.gathered.append(kind)  # gathered with the controls, before actions
                continue
            if wanted:
                await self._attempt(evidence, kind, gather)

    def take_late(self, evidence: StepEvidence, until: float) -> None:
        """Requests and console entries that came after gathering began but by `until`
        (time.monotonic()): the step's own, announced a moment after its action; and every
        dialog, pop-up and download that came since (what gathering causes is never one)."""
        needed = self.settings.needed
        requests = self.network.drain(until)
        entries = self.console.drain(until, always=ANNOUNCED_LATE)
        if K.network in needed:
            evidence.requests += requests
        if K.console in needed:
            evidence.console += entries
        else:
            evidence.console += [e for e in entries if e.level in INTERRUPTIONS]

    async def page_met(self, evidence: StepEvidence) -> StepEvidence:
        """The page the step is about to act on, judged as the customer met it: its page
        fields, controls and axe results (no screenshot: findings on it carry no crop)."""
        # A step acts on a page as soon as its element exists, often before the page's style
        # sheets arrive; measured then, its controls would be the browser's unstyled ones,
        # which no customer sees. Let it load first (within the navigation limit).
        await self.settle()
        met = StepEvidence.blank_like(evidence)
        needed = self.settings.needed
        page = self.page

        async def page_fields() -> None:
            await gather_page(page, met, self.network.document)

        async def controls() -> None:
            met.controls = await gather_controls(page)

        async def axe() -> None:
            met.axe = await gather_axe(page)

        for kind, gather in ((K.page, page_fields), (K.controls, controls), (K.axe, axe)):
            if kind in needed:
                await self._attempt(met, kind, gather)
        met.url = page.url
        return met

    async def _screenshot(self, evidence: StepEvidence) -> None:
        shot = await take(self.page, await self.masks(self.page))
        stem = artefact_name(self.plan.key, evidence.step_index, evidence.step_name)
        png, jpg = f"{ARTEFACTS}/{stem}.png", f"{ARTEFACTS}/{stem}.thumb.jpg"
        earlier = self.writing.pop(png, None)
        if earlier is not None:
            await earlier  # a step tried again: its first try's pictures must not land last
        # Decoding and encoding images is slow: off the event loop, so other walks go on, and
        # (write_behind) while this walk gathers the rest of the step.
        writing = asyncio.ensure_future(asyncio.to_thread(self._keep_images, shot.png, png, jpg))
        evidence.screenshot, evidence.thumbnail, evidence.masked = png, jpg, shot.masked
        evidence.pixel_ratio = shot.pixel_ratio
        if self.write_behind:
            self.writing[png] = writing
        else:
            await writing

    async def images_written(self) -> None:
        """Wait until every screenshot taken so far is on disk (a failed write raises here)."""
        writing, self.writing = list(self.writing.values()), {}
        if writing:
            await asyncio.gather(*writing)

    def _keep_images(self, shot: bytes, png: str, jpg: str) -> None:
        write_bytes(self.settings.run_dir / png, shot)
        write_bytes(self.settings.run_dir / jpg, thumbnail(shot))


# --- shared by both walkers: first parties, the secrets to keep out of evidence (walk/scrub),
# artefact names


def first_party(settings: WalkSettings) -> Callable[[str], bool]:
    """Which requests are the site's own (its base URL's origin and the audit's allowed
    origins): the one rule both walkers record requests by."""
    origins = site_origins(settings.base_url, settings.allowed_origins)
    return lambda url: is_first_party(url, origins)


def secret_values(journey: Journey) -> list[str]:
    values = {
        action.spec.plain_value()
        for step in journey.steps
        for action in step.do
        if isinstance(action.spec, FillSpec) and action.spec.is_secret
    }
    # Longest first, so a secret containing another is replaced whole.
    return sorted((v for v in values if v), key=len, reverse=True)


def artefact_name(plan_key: str, index: int, step_name: str) -> str:
    """A file-system-safe stem for a step's artefacts."""
    slug = re.sub(r"[^a-z0-9]+", "-", step_name.lower()).strip("-")[:40] or "step"
    safe_key = re.sub(r"[^A-Za-z0-9@_-]+", "-", plan_key)
    return f"{safe_key}/{index:02d}-{slug}"
