"""The guide panel's server: 127.0.0.1 on a random port, the walk's token on every request.

The server runs in a thread of its own; it never touches the browser. Each API request is handed
to the asyncio loop that owns the browser (`handler` on `loop`), which answers it.

Only a phone walk (`selfshop walk --phone --bind ADDRESS`) listens anywhere else, and only on the
address the leader chose; the token and the Host check hold there too.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hmac
import http.server
import json
import secrets
import sys
import threading
from collections.abc import Callable, Coroutine
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, urlsplit

TOKEN_HEADER = "X-Walk-Token"
MAX_BODY_BYTES = 64 * 1024
PHOTO_PATH = "/api/photo"  # raw image bytes; ?index=N says which step the photo belongs to
MAX_PHOTO_BODY_BYTES = 20 * 1024 * 1024
LOOPBACK = "127.0.0.1"
READ_TIMEOUT_S = 10.0  # a client that sends its request slower than this is dropped
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

Reply = tuple[int, dict[str, Any]]
Handler = Callable[[str, str, dict[str, Any]], Coroutine[Any, Any, Reply]]


def read_asset(name: str) -> str:
    return resources.files("selfshop.walk.guide_panel").joinpath(name).read_text("utf-8")


class PanelServer:
    """Serves the panel on 127.0.0.1:<random port>; only requests carrying the token get in.

    API requests are answered by `handler` on `loop` (the browser's loop), never in this thread.
    """

    def __init__(
        self,
        handler: Handler,
        loop: asyncio.AbstractEventLoop,
        *,
        bind: str = LOOPBACK,
        advertised: str | None = None,
        port: int = 0,
    ) -> None:
        """`bind` is the interface to listen on; `advertised` the address put in the URL (the
        one a phone reaches us at when `bind` is 0.0.0.0)."""
        self.token = secrets.token_urlsafe(24)
        self.handler = handler
        self.loop = loop
        self.host = advertised or bind
        self._server = _QuietServer((bind, port), self._handler_class())
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

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
        if host not in {f"{self.host}:{self.port}", f"{LOOPBACK}:{self.port}"} or not given:
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
            timeout = READ_TIMEOUT_S  # every read of the request, its body included

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
                elif method == "POST" and parts.path == PHOTO_PATH:
                    photo = self._raw_body(MAX_PHOTO_BODY_BYTES)
                    if photo is not None:
                        index = _first(parse_qs(parts.query), "index") or ""
                        upload: dict[str, Any] = {
                            "index": int(index) if index.isdigit() else None,
                            "data": photo,
                        }
                        self._send_json(*server.answer(method, parts.path, upload))
                elif parts.path.startswith("/api/"):
                    body = self._body() if method == "POST" else {}
                    if body is not None:
                        self._send_json(*server.answer(method, parts.path, body))
                else:
                    self._send_json(404, {"error": "not found"})

            def _raw_body(self, limit: int) -> bytes | None:
                given = (self.headers.get("Content-Length") or "0").strip()
                if not given.isdigit():  # "abc", "-1": the client's mistake, not a crash
                    self._send_json(400, {"error": "Content-Length must be a whole number"})
                    return None
                length = int(given)
                if length > limit:
                    self._send_json(413, {"error": f"too large: at most {limit // 1024} KB"})
                    return None
                return self.rfile.read(length)

            def _body(self) -> dict[str, Any] | None:
                raw = self._raw_body(MAX_BODY_BYTES)
                if raw is None:
                    return None
                try:
                    loaded = json.loads(raw or b"{}")
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


class _QuietServer(http.server.ThreadingHTTPServer):
    """A client that hangs up early or stalls is its own problem: no traceback on the leader's
    terminal. Anything else is one line there."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, OSError):  # a reset, a broken pipe, a read that timed out
            return
        print(f"selfshop: the guide panel dropped a request: {error!r}", file=sys.stderr)


def _first(query: dict[str, list[str]], key: str) -> str | None:
    values = query.get(key)
    return values[0] if values else None
