"""Walking in a remote browser: a Playwright browser server, or a Chromium's DevTools endpoint,
instead of a Chromium launched by selfshop. One that cannot be reached is exit 3, never a hang."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from selfshop.walk.browser import QUIET_FLAGS, find_chromium

sys.path.insert(0, str(Path(__file__).parents[1] / "fixtures" / "sites"))
from small_project import write_project
from walk_fixture_server import SHOP, serve

pytestmark = pytest.mark.browser

GIFTS = """\
id: gifts
title: Find the gifts
start: /index.html
steps:
  - name: Find gifts
    do:
      - click: { role: link, name: Gifts, exact: true }
      - expect: { url: /gifts.html }
"""


@pytest.fixture
def site() -> Iterator[str]:
    with serve(SHOP) as (base, _):
        yield base


def project(root: Path, audit_extra: str = "") -> Path:
    return write_project(root, {"gifts": GIFTS}, audit_extra)


def selfshop(*args: str, chromium: bool = False) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SELFSHOP_CHROMIUM"}
    if chromium:  # the Chromium the local browser server launches
        env["SELFSHOP_CHROMIUM"] = find_chromium(None) or ""
    return subprocess.run(
        [sys.executable, "-m", "selfshop", *args],
        capture_output=True,
        text=True,
        timeout=180,  # the no-hang guarantee: a hang fails the test here
        check=False,
        env={**env, "COLUMNS": "200"},
    )


def walked(audit: Path, site: str, *flags: str, chromium: bool = False) -> list[str]:
    """The status of every step `selfshop run AUDIT --base-url SITE FLAGS --json` walked."""
    out = str(audit.parents[1] / "out")
    done = selfshop(
        "run", str(audit), "--base-url", site, *flags, "--json", "--out", out, chromium=chromium
    )
    assert done.returncode in (0, 1), done.stderr
    (run,) = json.loads(done.stdout)["runs"]
    return [step["status"] for journey in run["journeys"] for step in journey["steps"]]


def test_a_journey_is_walked_through_a_playwright_browser_server(
    tmp_path: Path, site: str, browser_server: str
) -> None:
    walk = walked(project(tmp_path), site, "--browser-ws", browser_server, chromium=True)
    assert walk == ["passed"]


def test_the_audit_can_name_its_browser_server(
    tmp_path: Path, site: str, browser_server: str
) -> None:
    audit = project(tmp_path, f"browser: {browser_server}\n")
    assert walked(audit, site, chromium=True) == ["passed"]


@pytest.fixture
def devtools(tmp_path: Path) -> Iterator[str]:
    """A headless Chromium with its DevTools endpoint on 127.0.0.1; yields its http:// URL."""
    profile = tmp_path / "profile"
    chromium = subprocess.Popen(
        [
            find_chromium(None) or "chromium",
            "--headless",
            "--remote-debugging-port=0",
            "--remote-debugging-address=127.0.0.1",
            f"--user-data-dir={profile}",
            *QUIET_FLAGS,
            *(["--no-sandbox"] if os.geteuid() == 0 else []),
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.is_file() or not port_file.read_text().strip():
            assert time.monotonic() < deadline, "Chromium did not open its DevTools port"
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port_file.read_text().split()[0]}"
    finally:
        chromium.terminate()
        chromium.wait(timeout=30)


def test_a_journey_is_walked_in_a_chromium_over_devtools(
    tmp_path: Path, site: str, devtools: str
) -> None:
    assert walked(project(tmp_path), site, "--browser-ws", devtools) == ["passed"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize("scheme", ["ws", "http"])
def test_a_browser_server_nobody_runs_is_exit_3_in_one_line(tmp_path: Path, scheme: str) -> None:
    url = f"{scheme}://127.0.0.1:{_free_port()}/"
    done = selfshop(
        "run", str(project(tmp_path)), "--browser-ws", url, "--out", str(tmp_path / "out")
    )
    assert done.returncode == 3
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and f"the remote browser at {url} could not be reached" in lines[0]


@pytest.fixture
def silent_server() -> Iterator[str]:
    """Accepts connections and never says a word: a browser server that hangs."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                held.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    yield f"ws://127.0.0.1:{listener.getsockname()[1]}/"
    listener.close()
    for connection in held:
        connection.close()


def test_a_browser_server_that_never_answers_is_given_up_on(
    tmp_path: Path, silent_server: str
) -> None:
    audit = project(tmp_path, f"browser: {silent_server}\ntimeouts: {{ connect_ms: 1500 }}\n")
    done = selfshop("run", str(audit), "--out", str(tmp_path / "out"))
    assert done.returncode == 3
    assert "could not be reached" in done.stderr and "Traceback" not in done.stderr


def test_a_browser_url_of_another_kind_is_bad_input(tmp_path: Path) -> None:
    done = selfshop("run", str(project(tmp_path)), "--browser-ws", "ftp://127.0.0.1/")
    assert done.returncode == 2 and "--browser-ws ftp://127.0.0.1/" in done.stderr
    audit = project(tmp_path / "other", "browser: 127.0.0.1:3000\n")
    done = selfshop("run", str(audit))
    assert done.returncode == 2
    assert "test.yaml:4" in done.stderr and "browser must start with ws://" in done.stderr
