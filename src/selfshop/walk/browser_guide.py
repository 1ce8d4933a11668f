"""The browser guide: a leader walks a web journey in a real Chromium with a guide window beside it.

The site runs in its own browser context and is left alone: the guide panel is a page in a second
context (its own window), served by `guide_panel.server` (127.0.0.1, random port, per-walk
token). Each panel request is answered here, on the loop that owns the browser: at each Next the
evidence of the page the leader is on is captured and the walk saved before the panel hears back.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from selfshop.models.evidence import EvidenceKind, StepEvidence
from selfshop.models.journey import Journey
from selfshop.walk.guide_desk import GuideDesk
from selfshop.walk.guide_panel.server import PanelServer
from selfshop.walk.guided import WalkSession

if TYPE_CHECKING:
    from playwright.async_api import Browser, BrowserContext, Dialog, Locator, Page

    from selfshop.walk.capture import StepGatherer

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "mobile": {"width": 390, "height": 844}}
# The panel's window on a 1366 x 768 laptop, beside an 800 px site: a step fits it unscrolled.
PANEL_VIEWPORT = {"width": 550, "height": 660}
SITE_MIN_WIDTH = 800
FAREWELL_S = 2.0
# Fields whose content must never reach a screenshot, whatever the leader typed into them.
SECRET_FIELDS = "input[type=password], input[autocomplete^='cc-'], input[autocomplete*='one-time']"


class BrowserGuide(GuideDesk):
    """The site window, the panel window, and the answers to the panel's requests.

    A closed panel window does not end the walk: its address (printed in the terminal) opens it
    again; closing the site's window does (`ended`).
    """

    def __init__(
        self, session: WalkSession, browser: Browser, start_url: str, *, headed: bool = False
    ) -> None:
        super().__init__(session)
        self.headed = headed
        self.browser = browser
        self.start_url = start_url
        self.server: PanelServer | None = None
        self.site_context: BrowserContext | None = None
        self.panel_context: BrowserContext | None = None
        self.site: Page | None = None
        self.panel: Page | None = None
        self.recorder: PageRecorder | None = None

    # --- windows --------------------------------------------------------------------------
    async def open(self) -> BrowserGuide:
        """Open the panel, then the site where the walk starts (or a resumed walk left off)."""
        self.server = PanelServer(self.handle, asyncio.get_running_loop()).start()
        if self.headed:  # the panel fills its window, however the leader sizes it
            self.panel_context = await self.browser.new_context(no_viewport=True)
        else:
            self.panel_context = await self.browser.new_context(
                viewport=PANEL_VIEWPORT  # type: ignore[arg-type]
            )
        self.panel = await self.panel_context.new_page()
        screen = await self._screen() if self.headed else None
        self.site_context = await self._site_context(screen)
        self.recorder = await PageRecorder.install(self.site_context, self.session, self.start_url)
        self._follow(await self.site_context.new_page())
        self.site_context.on("page", self._follow)
        if screen is not None:
            await self._arrange_windows(*screen)
        await self._goto_site(self._resume_url())
        await self.panel.goto(self.server.url)
        return self

    async def _site_context(self, screen: tuple[int, int, int] | None) -> BrowserContext:
        device = self.session.record.device
        mobile = device == "mobile"
        viewport = dict(VIEWPORTS.get(device, VIEWPORTS["desktop"]))
        if screen is not None and not mobile:
            # A visible site takes the screen beside the panel; a fixed size all the same, so
            # the gatherers can narrow it for the reflow check and put it back.
            width, height, panel_width = screen
            viewport = {
                "width": max(SITE_MIN_WIDTH, width - panel_width - 16),
                "height": max(480, height - 120),
            }
        return await self.browser.new_context(
            viewport=viewport,  # type: ignore[arg-type]
            is_mobile=mobile,
            has_touch=mobile,
        )

    async def _screen(self) -> tuple[int, int, int] | None:
        """(screen width, screen height, panel width) of a visible browser, if it says."""
        assert self.panel is not None
        try:
            width, height = await self.panel.evaluate("[screen.availWidth, screen.availHeight]")
        except Exception:
            return None
        return int(width), int(height), panel_width(int(width))

    def _follow(self, page: Page) -> None:
        """The page the leader is on is the newest one open: evidence is captured there."""
        if page is self.site:
            return
        assert self.recorder is not None
        self.site = page
        self.recorder.follow(page)
        page.on("close", self._site_closed)

    def _site_closed(self, page: Page) -> None:
        assert self.site_context is not None
        still_open = [p for p in self.site_context.pages if not p.is_closed() and p is not page]
        if not still_open:
            self.ended.set()  # the leader closed the site: the walk stops, saved
        elif page is self.site:
            self.site = None
            self._follow(still_open[-1])

    async def _arrange_windows(self, width: int, height: int, panel_width: int) -> None:
        """Site on the left, panel on the right (best effort: window managers have their own
        ideas, and the leader may move them)."""
        assert self.panel is not None and self.site is not None
        with contextlib.suppress(Exception):
            await _place_window(self.site, 0, 0, width - panel_width, height)
            await _place_window(self.panel, width - panel_width, 0, panel_width, height)

    def _resume_url(self) -> str:
        last = self.session.answered(self.session.next_index - 1)
        return last.url if last is not None and last.url else self.start_url

    async def _goto_site(self, url: str) -> None:
        assert self.site is not None
        try:
            await self.site.goto(url, wait_until="domcontentloaded")
        except Exception as error:  # a site that fails is a finding for the leader, not a crash
            self.message = f"The site did not open: {error}".splitlines()[0]

    async def wait(self) -> bool:
        """Until the walk is finished or the site is closed; True when every step is answered."""
        await self.ended.wait()
        return self.session.done

    async def close(self) -> None:
        if self.server is not None:
            self.server.stop()
        for context in (self.panel_context, self.site_context):
            if context is not None:
                with contextlib.suppress(Exception):  # the leader may have closed it already
                    await context.close()

    # --- what the panel's requests need from the browser ------------------------------------
    def dialog_note(self) -> str:
        """Dialogs the site showed since the last move: the leader did not see them."""
        if self.recorder is None or not self.recorder.dialogs:
            return ""
        said = "; ".join(f"“{text[:120]}”" for text in self.recorder.dialogs)
        self.recorder.dialogs.clear()
        return f" The site showed a dialog (answered OK): {said}"

    async def capture(self, index: int) -> StepEvidence:
        assert self.recorder is not None and self.site is not None
        return await self.recorder.capture(self.session.journey, index, self.session.record.device)


def panel_width(screen_width: int) -> int:
    """What the site leaves of the screen, between a narrow phone-like panel and a roomy one."""
    return min(560, max(380, screen_width - SITE_MIN_WIDTH - 16))


async def _place_window(page: Page, left: int, top: int, width: int, height: int) -> None:
    cdp = await page.context.new_cdp_session(page)
    try:
        window = await cdp.send("Browser.getWindowForTarget")
        bounds = {"left": left, "top": top, "width": width, "height": height}
        target = {"windowId": window["windowId"], "bounds": bounds}
        await cdp.send("Browser.setWindowBounds", target)
    finally:
        await cdp.detach()


async def guide_in_browser(
    session: WalkSession,
    start_url: str,
    *,
    headless: bool = False,
    on_open: Callable[[str], None] | None = None,
) -> bool:
    """Launch Chromium and guide the leader; True when every step of the walk is answered."""
    from playwright.async_api import async_playwright

    from selfshop.walk.browser import driver_compile_cache, launch_options

    driver_compile_cache()
    async with async_playwright() as pw:
        options = launch_options(pw.chromium.executable_path, headed=not headless)
        browser = await pw.chromium.launch(**options)
        guide = BrowserGuide(session, browser, start_url, headed=not headless)
        try:
            await guide.open()
            if on_open is not None and guide.server is not None:
                on_open(guide.server.url)
            finished = await guide.wait()
            if finished and not headless:
                await asyncio.sleep(FAREWELL_S)  # let the leader see "Walk finished"
            return finished
        finally:
            await guide.close()
            await browser.close()


# Always kept for a guided walk: the report shows the leader's page beside their rating.
GUIDE_ALWAYS = {
    EvidenceKind.page,
    EvidenceKind.screenshot,
    EvidenceKind.network,
    EvidenceKind.console,
}


class PageRecorder:
    """What the site did between two Nexts, and the evidence of the page the leader is on.

    It drives the automated walker's own gatherer, so the manual path is checked exactly like
    the automated one. (The reflow measurement narrows the page for a moment at each Next.)
    """

    def __init__(self, context: BrowserContext, session: WalkSession, start_url: str) -> None:
        from selfshop.walk.capture import WalkPlan, WalkSettings, secret_values
        from selfshop.walk.scrub import Scrubber

        self.context = context
        self.settings = WalkSettings(
            base_url=start_url,
            run_dir=session.folder,
            needed=evidence_kinds(session) | GUIDE_ALWAYS,
        )
        self.plan = WalkPlan(journey=session.journey, device=session.record.device)
        self.scrubber = Scrubber(secret_values(session.journey))
        self.gatherer: StepGatherer | None = None
        self.gatherers: dict[Page, StepGatherer] = {}
        self.dialogs: list[str] = []  # shown to the leader in the panel at the next move
        self.step_started = time.monotonic()

    @classmethod
    async def install(
        cls, context: BrowserContext, session: WalkSession, start_url: str
    ) -> PageRecorder:
        from selfshop.gather.timings import OBSERVER_INIT_JS

        recorder = cls(context, session, start_url)
        if EvidenceKind.timings in recorder.settings.needed:
            await context.add_init_script(OBSERVER_INIT_JS)  # LCP and CLS need early observers
        return recorder

    def follow(self, page: Page) -> None:
        """Listen to `page` from now on: the leader opened it (a new tab) or came back to it."""
        from selfshop.gather.console import ConsoleLog
        from selfshop.gather.network import NetworkLog
        from selfshop.walk.capture import StepGatherer, first_party

        known = self.gatherers.get(page)
        if known is not None:
            self.gatherer = known  # back to a tab already listened to
            return
        console = ConsoleLog(page)
        self.gatherer = self.gatherers[page] = StepGatherer(
            self.context,
            page,
            NetworkLog(page, first_party(self.settings)),
            console,
            self.settings,
            self.plan,
            _secret_fields,
        )

        async def on_dialog(dialog: Dialog) -> None:
            # Without a listener Playwright dismisses every dialog silently; answer it as the
            # automated walker does (OK; a prompt is cancelled) and keep it as evidence.
            console.add("dialog", f"{dialog.type}: {dialog.message}")
            self.dialogs.append(dialog.message)
            with contextlib.suppress(Exception):
                await (dialog.dismiss() if dialog.type == "prompt" else dialog.accept())

        page.on("dialog", on_dialog)

    async def capture(self, journey: Journey, index: int, device: str) -> StepEvidence:
        """The evidence of the page the leader is on now; a kind that fails is left out."""
        from selfshop.walk.automated import step_budget_ms

        assert self.gatherer is not None
        step = journey.steps[index]
        evidence = StepEvidence(
            journey_id=journey.id,
            step_index=index,
            step_name=step.name,
            intent=step.intent,
            device=device,
            channel=journey.channel,
        )
        felt_ms = (time.monotonic() - self.step_started) * 1000
        # The same budget as an automated step: a hung page leaves what was gathered so far.
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(step_budget_ms(self.settings.timeouts) / 1000):
                await self.gatherer.settle()
                await self.gatherer.gather(evidence, [], felt_ms)
        self.step_started = time.monotonic()
        return self.scrubber.model(evidence)  # a journey's test card typed by hand, say


async def _secret_fields(page: Page) -> list[Locator]:
    return [page.locator(SECRET_FIELDS)]


def evidence_kinds(session: WalkSession) -> set[EvidenceKind]:
    """The kinds the standards' checks need."""
    from selfshop.judge.checks import evidence_needed

    return set(evidence_needed(session.standards))
