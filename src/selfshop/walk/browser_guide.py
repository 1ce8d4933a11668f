"""The browser guide: a leader walks a web journey in a real Chromium with a guide window beside it.

The site runs in its own browser context and is left alone: the guide panel is a page in a second
context (its own window), served by a small HTTP server bound to 127.0.0.1 on a random port that
refuses every request without the walk's token. The server runs in a thread; each panel request
is handed to the asyncio loop that owns the browser, which captures the site page's evidence at
each Next and saves the walk before it answers.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import hmac
import http.server
import json
import secrets
import threading
import time
from collections.abc import Callable, Coroutine
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from selfshop.models.evidence import EvidenceKind, StepEvidence
from selfshop.models.journey import Journey
from selfshop.walk.guided import StepAnswer, WalkSession, applicable_standards

if TYPE_CHECKING:
    from playwright.async_api import Browser, BrowserContext, Dialog, Page

    from selfshop.walk.gathering import StepGatherer

TOKEN_HEADER = "X-Walk-Token"
MAX_BODY_BYTES = 64 * 1024
REPLY_TIMEOUT_S = 120.0  # a capture on a slow page still answers well inside this
ASSETS = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/panel.js": ("panel.js", "text/javascript; charset=utf-8"),
    "/panel.css": ("panel.css", "text/css; charset=utf-8"),
}
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
}
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "mobile": {"width": 390, "height": 844}}
PANEL_VIEWPORT = {"width": 480, "height": 900}
FAREWELL_S = 2.0
# Fields whose content must never reach a screenshot, whatever the leader typed into them.
SECRET_FIELDS = "input[type=password], input[autocomplete^='cc-'], input[autocomplete*='one-time']"

Reply = tuple[int, dict[str, Any]]
Handler = Callable[[str, str, dict[str, Any]], Coroutine[Any, Any, Reply]]


def read_asset(name: str) -> str:
    return resources.files("selfshop.walk").joinpath("guide_panel", name).read_text("utf-8")


class PanelServer:
    """Serves the panel on 127.0.0.1:<random port>; only requests carrying the token get in.

    API requests are answered by `handler` on `loop` (the browser's loop), never in this thread.
    """

    def __init__(self, handler: Handler, loop: asyncio.AbstractEventLoop) -> None:
        self.token = secrets.token_urlsafe(24)
        self.handler = handler
        self.loop = loop
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.origin}/?token={self.token}"

    def start(self) -> PanelServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def allows(self, host: str | None, given: str | None) -> bool:
        """The Host must be ours (no DNS rebinding) and the token must match, in constant time."""
        if host != f"127.0.0.1:{self.port}" or not given:
            return False
        return hmac.compare_digest(given.encode(), self.token.encode())

    def answer(self, method: str, path: str, body: dict[str, Any]) -> Reply:
        coroutine = self.handler(method, path, body)
        future: concurrent.futures.Future[Reply] = asyncio.run_coroutine_threadsafe(
            coroutine, self.loop
        )
        try:
            return future.result(timeout=REPLY_TIMEOUT_S)
        except TimeoutError:
            future.cancel()
            return 503, {"error": "selfshop is busy or has stopped"}

    def _handler_class(self) -> type[http.server.BaseHTTPRequestHandler]:
        server = self

        class RequestHandler(http.server.BaseHTTPRequestHandler):
            server_version = "selfshop-guide"
            sys_version = ""

            def log_message(self, format: str, *args: object) -> None:
                pass  # the leader's terminal is for the walk, not for access logs

            def do_GET(self) -> None:
                self._serve("GET")

            def do_POST(self) -> None:
                self._serve("POST")

            def _serve(self, method: str) -> None:
                parts = urlsplit(self.path)
                given = self.headers.get(TOKEN_HEADER) or _first(parse_qs(parts.query), "token")
                if not server.allows(self.headers.get("Host"), given):
                    self._send_json(403, {"error": "this walk's token is required"})
                elif method == "GET" and parts.path in ASSETS:
                    name, content_type = ASSETS[parts.path]
                    text = read_asset(name).replace("{{token}}", server.token)
                    self._send(200, text.encode("utf-8"), content_type)
                elif parts.path.startswith("/api/"):
                    body = self._body() if method == "POST" else {}
                    if body is not None:
                        self._send_json(*server.answer(method, parts.path, body))
                else:
                    self._send_json(404, {"error": "not found"})

            def _body(self) -> dict[str, Any] | None:
                length = int(self.headers.get("Content-Length") or 0)
                if length > MAX_BODY_BYTES:
                    self._send_json(413, {"error": "answer too large"})
                    return None
                try:
                    loaded = json.loads(self.rfile.read(length) or b"{}")
                except ValueError:
                    self._send_json(400, {"error": "not JSON"})
                    return None
                return loaded if isinstance(loaded, dict) else {}

            def _send_json(self, status: int, payload: dict[str, Any]) -> None:
                self._send(status, json.dumps(payload).encode("utf-8"), "application/json")

            def _send(self, status: int, data: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                for name, value in SECURITY_HEADERS.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

        return RequestHandler


def _first(query: dict[str, list[str]], key: str) -> str | None:
    values = query.get(key)
    return values[0] if values else None


class BrowserGuide:
    """The site window, the panel window, and the answers to the panel's requests."""

    def __init__(
        self, session: WalkSession, browser: Browser, start_url: str, *, headed: bool = False
    ) -> None:
        self.session = session
        self.headed = headed
        self.browser = browser
        self.start_url = start_url
        self.index = session.next_index
        self.message = ""
        # Set when the walk is finished or the site's window is closed. A closed panel window
        # does not end the walk: its address (printed in the terminal) opens it again anywhere.
        self.ended = asyncio.Event()
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
        self.panel_context = await self.browser.new_context(
            viewport=None if self.headed else PANEL_VIEWPORT  # type: ignore[arg-type]
        )
        self.panel = await self.panel_context.new_page()
        screen = await self._screen() if self.headed else None
        device = self.session.record.device
        mobile = device == "mobile"
        viewport = dict(VIEWPORTS.get(device, VIEWPORTS["desktop"]))
        if screen is not None and not mobile:
            # A visible site takes the screen beside the panel (a fixed size, so the gatherers
            # can narrow it for the reflow check and put it back).
            viewport = {"width": max(800, screen[0] - screen[2] - 16),
                        "height": max(480, screen[1] - 120)}
        self.site_context = await self.browser.new_context(
            viewport=viewport,  # type: ignore[arg-type]
            is_mobile=mobile,
            has_touch=mobile,
        )
        self.recorder = await PageRecorder.install(
            self.site_context, self.session, self.start_url
        )
        self._follow(await self.site_context.new_page())
        self.site_context.on("page", self._follow)
        if screen is not None:
            await self._arrange_windows(*screen)
        await self._goto_site(self._resume_url())
        await self.panel.goto(self.server.url)
        return self

    async def _screen(self) -> tuple[int, int, int] | None:
        """(screen width, screen height, panel width) of a visible browser, if it says."""
        assert self.panel is not None
        try:
            width, height = await self.panel.evaluate("[screen.availWidth, screen.availHeight]")
        except Exception:
            return None
        return int(width), int(height), min(PANEL_VIEWPORT["width"], max(360, int(width) // 3))

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

    # --- requests -------------------------------------------------------------------------
    async def handle(self, method: str, path: str, body: dict[str, Any]) -> Reply:
        try:
            if method == "GET" and path == "/api/state":
                return 200, self.state()
            if method == "POST" and path == "/api/step":
                return 200, await self._move(body)
            return 404, {"error": "not found"}
        except ValueError as error:
            return 400, {"error": str(error)}
        except Exception as error:  # the panel says what went wrong; saved steps stay saved
            return 500, {"error": f"{type(error).__name__}: {error}"}

    async def _move(self, body: dict[str, Any]) -> dict[str, Any]:
        index = body.get("index")
        if not isinstance(index, int) or index != self.index:
            raise ValueError(f"the panel is out of step (selfshop is at step {self.index + 1})")
        answer = answer_from_json(body.get("answer"))
        direction = body.get("move")
        if direction == "next":
            first_visit = self.session.answered(index) is None
            wants_capture = first_visit or body.get("recapture") is True
            captured = await self.capture(index) if wants_capture else None
            self.session.record_step(index, answer, captured)
            self.index += 1
            self.message = f"Saved step {index + 1}." + self._dialog_note()
            if self.index >= len(self.session.journey.steps):
                self.ended.set()
        elif direction == "back":
            if index == 0:
                raise ValueError("this is the first step")
            if self.session.answered(index) is not None:
                self.session.record_step(index, answer)  # a change on a step already saved
            self.index -= 1
            self.message = ""
        else:
            raise ValueError("move must be 'next' or 'back'")
        return self.state()

    def _dialog_note(self) -> str:
        """Dialogs the site showed since the last move: the leader did not see them."""
        if self.recorder is None or not self.recorder.dialogs:
            return ""
        said = "; ".join(f"“{text[:120]}”" for text in self.recorder.dialogs)
        self.recorder.dialogs.clear()
        return f" The site showed a dialog (answered OK): {said}"

    async def capture(self, index: int) -> StepEvidence:
        assert self.recorder is not None and self.site is not None
        return await self.recorder.capture(self.session.journey, index, self.session.record.device)

    def state(self) -> dict[str, Any]:
        journey = self.session.journey
        finished = self.index >= len(journey.steps)
        payload: dict[str, Any] = {
            "journey": {"id": journey.id, "title": journey.title, "persona": journey.persona},
            "total": len(journey.steps),
            "index": self.index,
            "finished": finished,
            "message": self.message,
            "standards": [
                {"id": s.id, "title": s.title, "behaviours": s.behaviours, "questions": s.questions}
                for s in applicable_standards(self.session.standards)
            ],
        }
        if finished:
            return payload
        step = journey.steps[self.index]
        saved = self.session.answered(self.index)
        payload["step"] = {
            "name": step.name,
            "intent": step.intent,
            "ask": step.ask,
            "measures": [{"id": m.id, "prompt": m.prompt, "unit": m.unit} for m in step.measure],
        }
        payload["captured_url"] = saved.url if saved else None
        rating = saved.guided[0] if saved and saved.guided else None
        payload["answer"] = rating.model_dump(mode="json") if rating else None
        return payload


async def _place_window(page: Page, left: int, top: int, width: int, height: int) -> None:
    cdp = await page.context.new_cdp_session(page)
    try:
        window = await cdp.send("Browser.getWindowForTarget")
        bounds = {"left": left, "top": top, "width": width, "height": height}
        target = {"windowId": window["windowId"], "bounds": bounds}
        await cdp.send("Browser.setWindowBounds", target)
    finally:
        await cdp.detach()


def answer_from_json(raw: Any) -> StepAnswer:
    """The panel's answer, checked field by field before it reaches the walk."""
    if not isinstance(raw, dict):
        raise ValueError("an answer is required")
    ratings: dict[str, int | None] = {}
    for key, value in (raw.get("ratings") or {}).items():
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise ValueError(f"rating for {key!r} must be 1-5 or not applicable")
        ratings[str(key)] = value
    measures: dict[str, float] = {}
    for key, value in (raw.get("measures") or {}).items():
        if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
            raise ValueError(f"measure {key!r} must be a number of zero or more")
        measures[str(key)] = float(value)
    notes = raw.get("notes") or ""
    if not isinstance(notes, str):
        raise ValueError("notes must be text")
    return StepAnswer(
        ratings=ratings, notes=notes, blocker=raw.get("blocker") is True, measures=measures
    )


async def guide_in_browser(
    session: WalkSession, start_url: str, *, headless: bool = False,
    on_open: Callable[[str], None] | None = None,
) -> bool:
    """Launch Chromium and guide the leader; True when every step of the walk is answered."""
    from playwright.async_api import async_playwright

    from selfshop.browser import launch_options

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
GUIDE_ALWAYS = {EvidenceKind.page, EvidenceKind.screenshot, EvidenceKind.network,
                EvidenceKind.console}


class PageRecorder:
    """What the site did between two Nexts, and the evidence of the page the leader is on.

    It drives the automated walker's own gatherer, so the manual path is checked exactly like
    the automated one. (The reflow measurement narrows the page for a moment at each Next.)
    """

    def __init__(self, context: BrowserContext, session: WalkSession, start_url: str) -> None:
        from selfshop.walk.automated import WalkPlan, WalkSettings, _secret_values

        self.context = context
        self.settings = WalkSettings(
            base_url=start_url, run_dir=session.folder,
            needed=evidence_kinds(session) | GUIDE_ALWAYS,
        )
        self.plan = WalkPlan(journey=session.journey, device=session.record.device)
        self.secrets = _secret_values(session.journey)
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
        from selfshop.walk.actions import origin_of
        from selfshop.walk.gathering import StepGatherer

        known = self.gatherers.get(page)
        if known is not None:
            self.gatherer = known  # back to a tab already listened to
            return
        home = origin_of(self.settings.base_url)
        console = ConsoleLog(page)
        self.gatherer = self.gatherers[page] = StepGatherer(
            self.context, page, NetworkLog(page, lambda url: origin_of(url) == home),
            console, self.settings, self.plan, lambda shown: [shown.locator(SECRET_FIELDS)],
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
        from selfshop.walk.automated import _scrub

        assert self.gatherer is not None
        step = journey.steps[index]
        evidence = StepEvidence(
            journey_id=journey.id, step_index=index, step_name=step.name, intent=step.intent,
            device=device, channel=journey.channel.value,
        )
        felt_ms = (time.monotonic() - self.step_started) * 1000
        await self.gatherer.settle()
        await self.gatherer.gather(evidence, [], felt_ms)
        self.step_started = time.monotonic()
        return _scrub(evidence, self.secrets)  # a journey's test card typed by hand, say


def evidence_kinds(session: WalkSession) -> set[EvidenceKind]:
    """The kinds the standards' checks need."""
    from selfshop.checks import evidence_needed

    return set(evidence_needed(session.standards))
