"""The guide panel's server: 127.0.0.1 only, and nothing without the walk's token."""

from __future__ import annotations

import asyncio
import http.client
import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from selfshop.walk.guide_desk import answer_from_json
from selfshop.walk.guide_panel.server import TOKEN_HEADER, PanelServer

Reply = tuple[int, dict[str, Any]]


@pytest.fixture
def server() -> Iterator[PanelServer]:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()

    async def handler(method: str, path: str, body: dict[str, Any]) -> Reply:
        return 200, {"method": method, "path": path, "body": body}

    panel = PanelServer(handler, loop).start()
    yield panel
    panel.stop()
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)
    loop.close()  # an unclosed loop complains later, in whichever test happens to collect it


def request(
    server: PanelServer,
    method: str,
    path: str,
    *,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_it_listens_on_loopback_only_on_a_random_port(server: PanelServer) -> None:
    assert server.url.startswith(f"http://127.0.0.1:{server.port}/?token=")
    assert server.port > 0 and server._server.server_address[0] == "127.0.0.1"


@pytest.mark.parametrize("path", ["/", "/panel.js", "/panel.css", "/api/state", "/nowhere"])
def test_a_request_without_the_token_is_refused(server: PanelServer, path: str) -> None:
    status, _, body = request(server, "GET", path)
    assert status == 403
    assert b"token" in body and b"<script" not in body


def test_a_wrong_token_or_a_foreign_host_is_refused(server: PanelServer) -> None:
    wrong = request(server, "GET", "/api/state", headers={TOKEN_HEADER: server.token + "x"})
    assert wrong[0] == 403
    rebound = request(server, "GET", f"/?token={server.token}", headers={"Host": "evil.test"})
    assert rebound[0] == 403


def test_with_the_token_the_panel_and_api_answer(server: PanelServer) -> None:
    status, headers, body = request(server, "GET", f"/?token={server.token}")
    assert status == 200
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["Referrer-Policy"] == "no-referrer"
    page = body.decode()
    assert f'content="{server.token}"' in page and "{{token}}" not in page
    status, _, body = request(
        server,
        "POST",
        "/api/step",
        headers={TOKEN_HEADER: server.token},
        body=json.dumps({"index": 0}).encode(),
    )
    assert status == 200
    assert json.loads(body) == {"method": "POST", "path": "/api/step", "body": {"index": 0}}


def test_oversized_or_broken_bodies_are_refused(server: PanelServer) -> None:
    headers = {TOKEN_HEADER: server.token}
    assert request(server, "POST", "/api/step", headers=headers, body=b"{nope")[0] == 400
    big = b"x" * (70 * 1024)
    assert request(server, "POST", "/api/step", headers=headers, body=big)[0] == 413


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (None, "an answer is required"),
        ({"ratings": {"courtesy": "5"}}, "must be 1-5"),
        ({"ratings": {"courtesy": True}}, "must be 1-5"),
        ({"measures": {"minutes": -1}}, "zero or more"),
        ({"notes": ["x"]}, "notes must be text"),
    ],
)
def test_panel_answers_are_type_checked(raw: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        answer_from_json(raw)


def test_a_panel_answer_becomes_a_step_answer() -> None:
    answer = answer_from_json(
        {
            "ratings": {"courtesy": 4, "safety": None},
            "notes": "ok",
            "blocker": True,
            "measures": {"minutes": 3},
        }
    )
    assert answer.ratings == {"courtesy": 4, "safety": None}
    assert (answer.notes, answer.blocker, answer.measures) == ("ok", True, {"minutes": 3.0})


def raw_exchange(server: PanelServer, data: bytes, *, wait_s: float = 5) -> bytes:
    """Send raw bytes as a client would (a broken one, say); return what came back."""
    import socket

    with socket.create_connection(("127.0.0.1", server.port), timeout=wait_s) as client:
        client.sendall(data)
        received = b""
        while chunk := client.recv(4096):
            received += chunk
        return received


@pytest.mark.parametrize("length", ["abc", "-1", "1e3", ""])
def test_a_content_length_that_is_not_a_whole_number_is_a_400_at_once(
    server: PanelServer, length: str, capfd: pytest.CaptureFixture[str]
) -> None:
    head = (
        f"POST /api/answer HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
        f"{TOKEN_HEADER}: {server.token}\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n"
    )
    reply = raw_exchange(server, head.encode() + b"{}")
    if length == "":
        assert reply.startswith(b"HTTP/1.0 200") or reply.startswith(b"HTTP/1.1 200"), reply
    else:
        assert b" 400 " in reply.split(b"\r\n")[0], reply
        assert b"whole number" in reply
    assert capfd.readouterr().err == ""


def test_a_client_that_hangs_up_early_leaves_no_traceback(
    server: PanelServer, capfd: pytest.CaptureFixture[str]
) -> None:
    import socket
    import struct

    for _ in range(20):
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as client:
            client.sendall(
                f"POST /api/answer HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
                f"{TOKEN_HEADER}: {server.token}\r\nContent-Length: 5000\r\n\r\n{{".encode()
            )
            # Linger 0: close with a reset, as a browser tab killed mid-request does.
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    status, _, _ = request(server, "GET", "/api/state", headers={TOKEN_HEADER: server.token})
    assert status == 200  # still serving
    assert capfd.readouterr().err == ""


def test_a_client_that_stalls_is_dropped_after_the_read_timeout(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    from selfshop.walk.guide_panel import server as panel_server

    monkeypatch.setattr(panel_server, "READ_TIMEOUT_S", 0.5)
    loop = asyncio.new_event_loop()

    async def handler(method: str, path: str, body: dict[str, Any]) -> Reply:
        return 200, {}

    panel = PanelServer(handler, loop).start()
    try:
        # Headers promise a body that never comes: the server stops waiting, quietly.
        reply = raw_exchange(
            panel,
            f"POST /api/answer HTTP/1.1\r\nHost: 127.0.0.1:{panel.port}\r\n"
            f"{TOKEN_HEADER}: {panel.token}\r\nContent-Length: 100\r\n\r\n".encode(),
            wait_s=5,
        )
    finally:
        panel.stop()
        loop.close()
    assert b" 200 " not in reply
    assert capfd.readouterr().err == ""


def test_a_phone_walk_answers_on_its_own_address_only(server: PanelServer) -> None:
    loop = server.loop

    async def handler(method: str, path: str, body: dict[str, Any]) -> Reply:
        return 200, {"path": path, "bytes": len(body["data"]), "index": body["index"]}

    phone = PanelServer(handler, loop, bind="127.0.0.1", advertised="192.0.2.7").start()
    try:
        assert phone.url.startswith(f"http://192.0.2.7:{phone.port}/?token=")
        token = {TOKEN_HEADER: phone.token}
        ours = request(phone, "GET", "/", headers={**token, "Host": f"192.0.2.7:{phone.port}"})
        assert ours[0] == 200
        other = request(phone, "GET", "/", headers={**token, "Host": f"192.0.2.8:{phone.port}"})
        assert other[0] == 403
        status, _, body = request(phone, "POST", "/api/photo?index=2", headers=token, body=b"ab")
        assert status == 200 and json.loads(body) == {"path": "/api/photo", "bytes": 2, "index": 2}
        refused = request(phone, "POST", "/api/photo?index=0", body=b"ab")
        assert refused[0] == 403  # a photo without the token never reaches the walk
    finally:
        phone.stop()
