"""Serve the shop on 127.0.0.1: one process, two listening sockets, one per variant.

The variant is chosen by port, so links inside the pages stay plain paths (/basket) and the
same journey file (start: /) walks both variants.
"""

from __future__ import annotations

import http.server
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie
from types import TracebackType
from urllib.parse import parse_qsl, urlsplit

from selfshop.demo.app import Request, Response, Shop
from selfshop.demo.headers import server_name
from selfshop.demo.variants import ShopSettings, Variant

HOST = "127.0.0.1"  # never another interface: the demo is for this machine only
MAX_BODY = 64 * 1024
SERVER_ERROR = b"Sorry, something went wrong on our side. Please try again."


@dataclass(frozen=True)
class DemoURLs:
    polished: str
    flawed: str

    def for_variant(self, variant: Variant) -> str:
        return self.polished if variant is Variant.polished else self.flawed


class _ShopServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, shop: Shop) -> None:
        self.shop = shop
        super().__init__((HOST, port), _Handler)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}"

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser that goes away mid-answer (a walk ending while a slow phone is still
        downloading the flawed home page's big script) is no error of the shop's."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _ShopServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def do_POST(self) -> None:
        self._answer(send_body=True)

    def _answer(self, *, send_body: bool) -> None:
        try:
            response = self.server.shop.handle(self._request())
        except Exception:  # a bug in the demo must not kill the thread or print a traceback
            response = Response(500, SERVER_ERROR, "text/plain; charset=utf-8")
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers:
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(response.body)

    def _request(self) -> Request:
        parts = urlsplit(self.path)
        return Request(
            method=self.command,
            path=parts.path or "/",
            query=dict(parse_qsl(parts.query)),
            form=self._form(),
            cookies=self._cookies(),
        )

    def _form(self) -> dict[str, str]:
        declared = self.headers.get("Content-Length") or "0"
        length = int(declared) if declared.isdigit() else 0
        if length <= 0:
            return {}
        if length > MAX_BODY:
            self.close_connection = True  # the rest of the body stays unread: end the connection
        body = self.rfile.read(min(length, MAX_BODY))
        return dict(parse_qsl(body.decode("utf-8", errors="replace")))

    def _cookies(self) -> dict[str, str]:
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(self.headers.get("Cookie") or "")
        except CookieError:
            return {}
        return {name: morsel.value for name, morsel in jar.items()}

    def version_string(self) -> str:
        return server_name(self.server.shop.variant)

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: the demo runs under progress displays and tests


class DemoShop:
    """Both variants of the shop, each on its own port of 127.0.0.1.

    Ports 0 pick free ones. Use as a context manager, or call start() and stop().
    """

    def __init__(
        self,
        polished_port: int = 0,
        flawed_port: int = 0,
        settings: ShopSettings | None = None,
    ) -> None:
        self.settings = settings or ShopSettings()
        self._threads: list[threading.Thread] = []
        self._servers: dict[Variant, _ShopServer] = {}
        try:
            for variant, port in ((Variant.polished, polished_port), (Variant.flawed, flawed_port)):
                self._servers[variant] = _ShopServer(port, Shop(variant, self.settings))
        except OSError:
            self.stop()  # release the port already taken before reporting the busy one
            raise

    @property
    def urls(self) -> DemoURLs:
        return DemoURLs(
            polished=self._servers[Variant.polished].url,
            flawed=self._servers[Variant.flawed].url,
        )

    def start(self) -> DemoURLs:
        for variant, server in self._servers.items():
            thread = threading.Thread(
                target=server.serve_forever, name=f"demo-shop-{variant}", daemon=True
            )
            thread.start()
            self._threads.append(thread)
        return self.urls

    def stop(self) -> None:
        for server in self._servers.values():
            if self._threads:
                server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads.clear()

    def __enter__(self) -> DemoURLs:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


@contextmanager
def running_demo(
    settings: ShopSettings | None = None, *, polished_port: int = 0, flawed_port: int = 0
) -> Iterator[DemoURLs]:
    """Run the demo shop in background threads for the duration of the block.

    Example:
        with running_demo() as urls:
            walk(urls.polished); walk(urls.flawed)
    """
    shop = DemoShop(polished_port, flawed_port, settings)
    try:
        yield shop.start()
    finally:
        shop.stop()
