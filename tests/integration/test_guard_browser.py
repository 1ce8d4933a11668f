"""The origin guard on real Chromium: redirect chains, form posts, cross-site iframes, pop-ups
and the HTTP cache, with a second local server as the site the walk must never ask."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar

import pytest
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page, async_playwright

from selfshop.models.evidence import BlockedRequest
from selfshop.walk.browser import launch_options
from selfshop.walk.guard import BY_PATTERN, OFF_ORIGIN, GuardUnavailable, OriginGuard

Reply = tuple[int, dict[str, str], str]
T = TypeVar("T")


class Site:
    """A local server answering fixed replies by path, and noting every request it is asked."""

    def __init__(self) -> None:
        self.replies: dict[str, Reply] = {}
        self.hits: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                self._reply()

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("content-length") or 0))
                self._reply()

            def _reply(self) -> None:
                site.hits.append(f"{self.command} {self.path}")
                status, headers, body = site.replies.get(self.path, (404, {}, "not here"))
                data = body.encode()
                self.send_response(status)
                for name, value in {"content-type": "text/html", **headers}.items():
                    self.send_header(name, value)
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def page(self, path: str, html: str, headers: dict[str, str] | None = None) -> None:
        self.replies[path] = (200, headers or {}, html)

    def redirect(self, path: str, to: str) -> None:
        self.replies[path] = (302, {"location": to}, "")


@pytest.fixture
def sites() -> Iterator[tuple[Site, Site]]:
    """The audited site, and another origin (another port) the guard must keep the walk off."""
    home, other = Site(), Site()
    yield home, other
    for site in (home, other):
        site.server.shutdown()
        site.server.server_close()


def walked(walk: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a walk on an event loop of its own, in a thread of its own: a session's sync
    Playwright (other tests' fixtures) keeps a loop running in the main thread."""
    with ThreadPoolExecutor(1) as runner:
        return runner.submit(asyncio.run, walk()).result()


@asynccontextmanager
async def guarded(guard: OriginGuard) -> AsyncIterator[tuple[Page, list[BlockedRequest]]]:
    blocked: list[BlockedRequest] = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(**launch_options(None))
        try:
            context = await browser.new_context(service_workers="block")
            page = await context.new_page()
            await guard.install(context, page, blocked.append)
            yield page, blocked
        finally:
            await browser.close()


def test_a_redirect_chain_is_refused_at_its_first_off_site_hop(sites: tuple[Site, Site]) -> None:
    home, other = sites
    home.redirect("/start", "/next")
    home.redirect("/next", other.url("/landed"))
    other.page("/landed", "<h1>Elsewhere</h1>")

    async def walk() -> list[BlockedRequest]:
        async with guarded(OriginGuard(home.url("/"))) as (page, blocked):
            with pytest.raises(PlaywrightError):
                await page.goto(home.url("/start"))
            return blocked

    blocked = walked(walk)
    assert home.hits == ["GET /start", "GET /next"]
    assert blocked == [BlockedRequest(url=other.url("/landed"), reason=OFF_ORIGIN)]
    assert other.hits == [], "the other site must never be asked"


def test_a_form_posted_to_another_origin_is_refused(sites: tuple[Site, Site]) -> None:
    home, other = sites
    home.page("/", f'<form method="post" action="{other.url("/pay")}"><button>Pay</button></form>')

    async def walk() -> list[BlockedRequest]:
        async with guarded(OriginGuard(home.url("/"))) as (page, blocked):
            await page.goto(home.url("/"))
            await page.click("button")
            await page.wait_for_timeout(500)
            return blocked

    assert walked(walk) == [BlockedRequest(url=other.url("/pay"), reason=OFF_ORIGIN)]
    assert other.hits == []


def test_block_globs_refuse_requests_of_a_cross_site_iframe(sites: tuple[Site, Site]) -> None:
    home, other = sites
    # Another host is another site: Chromium runs the iframe in a process of its own.
    frame = other.url("/widget", host="localhost")
    home.page("/", f'<iframe src="{frame}"></iframe>')
    other.page("/widget", '<img src="/pay/logo.png"><p>Widget</p>')

    async def walk() -> list[BlockedRequest]:
        guard = OriginGuard(home.url("/"), block=["**/pay/**"])
        async with guarded(guard) as (page, blocked):
            await page.goto(home.url("/"))
            await page.frame_locator("iframe").get_by_text("Widget").wait_for()
            await page.wait_for_timeout(300)
            return blocked

    blocked = walked(walk)
    assert other.hits == ["GET /widget"]
    logo = other.url("/pay/logo.png", host="localhost")
    assert blocked == [BlockedRequest(url=logo, reason=BY_PATTERN)]


def test_a_pop_up_is_guarded_from_its_first_request(sites: tuple[Site, Site]) -> None:
    home, other = sites
    home.page(
        "/",
        f'<a id="provider" target="_blank" href="{other.url("/pay/start")}">PayPal</a>'
        '<a id="gifts" target="_blank" href="/gifts">Gifts</a>',
    )
    home.page("/gifts", '<img src="/pay/badge.png"><h1>Gifts</h1>')

    async def walk() -> list[BlockedRequest]:
        guard = OriginGuard(home.url("/"), [other.url("/")], block=["**/pay/**"])
        async with guarded(guard) as (page, blocked):
            await page.goto(home.url("/"))
            for link in ("#provider", "#gifts"):
                async with page.expect_popup() as opening:
                    await page.click(link)
                popup = await opening.value
                await popup.wait_for_load_state()
            return blocked

    blocked = walked(walk)
    assert other.hits == [], "the provider must never be asked"
    assert blocked == [
        BlockedRequest(url=other.url("/pay/start"), reason=BY_PATTERN),
        BlockedRequest(url=home.url("/pay/badge.png"), reason=BY_PATTERN),
    ]
    assert "GET /gifts" in home.hits


def test_the_http_cache_serves_a_stylesheet_once_across_pages(sites: tuple[Site, Site]) -> None:
    home, _ = sites
    for path in ("/a", "/b"):
        home.page(path, '<link rel="stylesheet" href="/style.css"><h1>Page</h1>')
    home.page(
        "/style.css",
        "h1 { color: navy }",
        {"content-type": "text/css", "cache-control": "max-age=3600"},
    )

    async def walk() -> None:
        async with guarded(OriginGuard(home.url("/"), block=["**/pay/**"])) as (page, _):
            await page.goto(home.url("/a"))
            await page.goto(home.url("/b"))

    walked(walk)
    assert home.hits.count("GET /style.css") == 1


def test_block_globs_reach_workers_and_what_a_page_writes_into_a_blank_pop_up(
    sites: tuple[Site, Site],
) -> None:
    home, _ = sites
    home.page(
        "/",
        '<script>new Worker("/worker.js")</script>'
        "<button onclick=\"window.open('').document.write('<img src=/pay/written.png>')\">"
        "Open</button>",
    )
    home.page("/worker.js", 'fetch("/pay/from-worker")', {"content-type": "text/javascript"})

    async def walk() -> list[BlockedRequest]:
        async with guarded(OriginGuard(home.url("/"), block=["**/pay/**"])) as (page, blocked):
            await page.goto(home.url("/"))
            async with page.expect_popup():
                await page.click("button")
            await page.wait_for_timeout(500)
            return blocked

    blocked = walked(walk)
    assert sorted(b.url for b in blocked) == [
        home.url("/pay/from-worker"),
        home.url("/pay/written.png"),
    ]
    assert not [hit for hit in home.hits if "/pay/" in hit]


def test_a_storm_of_cross_site_iframes_is_guarded_and_the_page_still_loads(
    sites: tuple[Site, Site],
) -> None:
    home, other = sites
    frames = "".join(
        f'<iframe src="{other.url(f"/frame{n}", host="localhost")}"></iframe>' for n in range(40)
    )
    home.page("/", frames)
    for n in range(40):
        other.page(f"/frame{n}", f'<img src="/pay/{n}.png">')

    async def walk() -> list[BlockedRequest]:
        async with guarded(OriginGuard(home.url("/"), block=["**/pay/**"])) as (page, blocked):
            await page.goto(home.url("/"), wait_until="load")
            await page.wait_for_timeout(300)
            return blocked

    blocked = walked(walk)
    assert len(blocked) == 40 and all(b.reason == BY_PATTERN for b in blocked)
    assert not [hit for hit in other.hits if "/pay/" in hit]


def test_a_guard_that_cannot_be_installed_stops_the_walk_in_plain_words() -> None:
    """No DevTools session (here: the page is gone), no walk: nothing goes out unguarded."""

    async def install_on_a_closed_page() -> str:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(**launch_options(None))
            try:
                context = await browser.new_context()
                page = await context.new_page()
                await page.close()
                with pytest.raises(GuardUnavailable) as refused:
                    await OriginGuard("http://127.0.0.1/").install(context, page, print)
                return str(refused.value)
            finally:
                await browser.close()

    message = walked(install_on_a_closed_page)
    assert message.startswith("selfshop could not guard this walk, so it was not walked")
