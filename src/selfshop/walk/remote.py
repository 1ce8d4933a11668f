"""Walk in a browser that runs elsewhere: a Playwright browser server (ws://, wss://), such as
`playwright run-server`, or a Chromium's DevTools endpoint (http://, https://).

A connection never waits without end: Playwright's own time limit, and around it one of
asyncio's for a server that accepts the connection and then says nothing.
"""

from __future__ import annotations

import asyncio
import json
import os

from playwright.async_api import Browser, Playwright
from playwright.async_api import Error as PlaywrightError

from selfshop.errors import EnvironmentProblem
from selfshop.walk.browser import QUIET_FLAGS

# How a Playwright client passes launch options to `playwright run-server` (which applies
# executablePath and args only when started with --unsafe; it ignores them otherwise).
LAUNCH_OPTIONS_HEADER = "x-playwright-launch-options"


def is_devtools(url: str) -> bool:
    """http(s):// is a Chrome DevTools endpoint; ws(s):// a Playwright browser server."""
    return url.startswith(("http://", "https://"))


def launch_header(headed: bool) -> dict[str, str]:
    """The launch options the server is asked for: headless or not, quiet, and the Chromium
    named by SELFSHOP_CHROMIUM when set (a server on the same machine or image can use it)."""
    options: dict[str, object] = {"headless": not headed, "args": list(QUIET_FLAGS)}
    explicit = os.environ.get("SELFSHOP_CHROMIUM")
    if explicit:
        options["executablePath"] = explicit
    return {LAUNCH_OPTIONS_HEADER: json.dumps(options)}


async def connect(pw: Playwright, url: str, *, timeout_ms: int, headed: bool = False) -> Browser:
    """A browser at `url`, within timeout_ms; an unreachable one is an EnvironmentProblem."""
    try:
        async with asyncio.timeout(timeout_ms / 1000 + 1):
            if is_devtools(url):
                return await pw.chromium.connect_over_cdp(url, timeout=timeout_ms)
            return await pw.chromium.connect(url, timeout=timeout_ms, headers=launch_header(headed))
    except TimeoutError:
        raise EnvironmentProblem(
            _unreachable(url, f"no answer in {timeout_ms / 1000:g} s")
        ) from None
    except PlaywrightError as error:
        raise EnvironmentProblem(_unreachable(url, _first_line(str(error)))) from None


def _unreachable(url: str, why: str) -> str:
    return f"the remote browser at {url} could not be reached: {why}"


def _first_line(text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line and not set(line) <= {"=", " "}:
            return line.removeprefix("BrowserType.connect: ").removeprefix(
                "BrowserType.connect_over_cdp: "
            )
    return "unknown error"
