"""Fixtures shared by every test: a real Chromium, static sites served on 127.0.0.1, and selfshop
installed from its wheel as a user installs it."""

from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from selfshop.walk.browser import launch_options

# Test-data factories (sample runs built on selfshop's own scoring), importable by name.
sys.path.insert(0, str(Path(__file__).parent / "factories"))
sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "sites"))
from inprocess import CliResult, CliRunner, run_cli

# Helpers that tests import by name (receivers: a local webhook and SMTP mailbox).
sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "servers"))
from postgres_cluster import ClusterUnavailable, postgres_cluster
from receivers import Mailbox, Webhook, free_port


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def sync_browser() -> Iterator[object]:
    """One headless Chromium for the whole session (sync API)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(**launch_options(pw.chromium.executable_path))
        yield browser
        browser.close()


@pytest.fixture
def serve_dir() -> Iterator[object]:
    """serve_dir(path) -> base URL of that folder served on 127.0.0.1 for this test."""
    yield from _serving()


@pytest.fixture(scope="module")
def serve_dir_module() -> Iterator[object]:
    """serve_dir_module(path) -> base URL of that folder served on 127.0.0.1 for this module."""
    yield from _serving()


def _serving() -> Iterator[object]:
    servers: list[http.server.ThreadingHTTPServer] = []

    def serve(path: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(path))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


ROOT = Path(__file__).resolve().parents[1]  # the source tree the wheel is built from
UV = Path(sys.executable).parent / "uv"  # locked in the dev extras, so in every test venv


@dataclass(frozen=True)
class InstalledWheel:
    """The wheel built from this tree, installed into a clean venv outside it."""

    wheel: Path
    build_log: str
    bin: Path
    env: dict[str, str]  # no PYTHONPATH: nothing can fall back on the source tree
    home: Path  # a folder outside the source tree to work in

    def run(self, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        """Run a program of the venv (`selfshop`, `python`) as a user would."""
        return subprocess.run(
            [str(self.bin / args[0]), *args[1:]],
            cwd=cwd or self.home,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )


def _uv(*args: str) -> str:
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
    env.pop("VIRTUAL_ENV", None)
    done = subprocess.run(
        [str(UV), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def install_wheel(work: Path) -> InstalledWheel:
    """`uv build` of this tree, installed with the locked dependencies (by hash) into a new venv."""
    build_log = _uv("build", "--wheel", "--out-dir", str(work / "dist"), "--python", sys.executable)
    (wheel,) = (work / "dist").glob("selfshop-*.whl")
    venv = work / "venv"
    _uv("venv", str(venv), "--python", sys.executable)
    requirements = work / "requirements.txt"
    _uv("export", "--frozen", "--no-emit-project", "--format", "requirements-txt",
        "--output-file", str(requirements))  # fmt: skip
    python = str(venv / "bin" / "python")
    _uv("pip", "install", "--python", python, "--require-hashes", "-r", str(requirements))
    _uv("pip", "install", "--python", python, "--no-deps", str(wheel))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    home = work / "home"
    home.mkdir()
    return InstalledWheel(wheel, build_log, venv / "bin", env, home)


@pytest.fixture(scope="session")
def installed_wheel(tmp_path_factory: pytest.TempPathFactory) -> InstalledWheel:
    """selfshop as a user installs it: its wheel in a clean venv (built once per session)."""
    return install_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """cli(*args, cwd=folder): the selfshop command in this process, with its real guard (exit
    codes, one-line errors), its output captured."""

    def invoke(*args: str, cwd: Path) -> CliResult:
        monkeypatch.chdir(cwd)
        return run_cli(*args)

    return invoke


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    """A JSON webhook on 127.0.0.1 that records every message posted to it."""
    hook = Webhook(url="")

    class Receiver(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            hook.received.append(json.loads(self.rfile.read(length)))
            hook.paths.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    hook.url = f"json://127.0.0.1:{server.server_address[1]}/hooks/cx"
    yield hook
    server.shutdown()
    server.server_close()


@pytest.fixture
def smtp_server() -> Iterator[Mailbox]:
    """An SMTP server (aiosmtpd) on 127.0.0.1 that keeps every mail it is given."""
    from email import message_from_bytes, policy

    from aiosmtpd.controller import Controller

    port = free_port()
    box = Mailbox(url=f"mailto://127.0.0.1:{port}?from=selfshop@example.com&to=cx@example.com")

    class Handler:
        async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
            mail = message_from_bytes(envelope.content, policy=policy.default)
            text = mail.get_body(preferencelist=("plain",))
            body = text.get_content() if text is not None else ""
            box.mails.append((list(envelope.rcpt_tos), f"{mail['Subject']}\n{body}"))
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    yield box
    controller.stop()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A real PostgreSQL for the session (a throwaway cluster on 127.0.0.1): its URL."""
    try:
        with postgres_cluster() as url:
            yield url
    except ClusterUnavailable as error:
        pytest.skip(f"PostgreSQL cannot start here: {error}")


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """An empty database of its own for one test, dropped afterwards."""
    import uuid

    from sqlalchemy import create_engine, text

    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(
        postgres_server.replace("postgresql://", "postgresql+psycopg://"),
        isolation_level="AUTOCOMMIT",
    )
    with admin.connect() as db:
        db.execute(text(f"CREATE DATABASE {name}"))
    yield postgres_server.rsplit("/", 1)[0] + f"/{name}"
    from selfshop.store.sql import dispose_engines

    dispose_engines()
    with admin.connect() as db:
        db.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


PLAYWRIGHT_SERVER = [sys.executable, "-m", "playwright", "run-server", "--host", "127.0.0.1"]


@pytest.fixture
def browser_server() -> Iterator[str]:
    """A Playwright browser server (`playwright run-server`) on 127.0.0.1; yields its ws:// URL.
    It cannot download browsers here, so it runs with --unsafe, which lets a client name the
    Chromium to launch (selfshop passes SELFSHOP_CHROMIUM in the launch-options header)."""
    import signal
    import socket
    import time

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [*PLAYWRIGHT_SERVER, "--port", str(port), "--unsafe"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its node driver and browsers stop with it
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as client:
                if client.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert server.poll() is None, "playwright run-server exited"
            time.sleep(0.2)
        else:
            pytest.fail("playwright run-server did not listen within 30 s")
        yield f"ws://127.0.0.1:{port}/"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
