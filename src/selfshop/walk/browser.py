"""Find a Chromium to drive and the options to launch it with, for the sync and async APIs alike."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from selfshop.store.cache import private_cache

# Without these, Chromium phones home at start-up; on a closed network that is slow and noisy.
QUIET_FLAGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SYSTEM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

INSTALL_HINT = (
    "No Chromium found. Install one of: 'python -m playwright install chromium' "
    "(Playwright's own), 'apt-get install -y chromium' (Debian/Ubuntu), "
    "or set SELFSHOP_CHROMIUM=/path/to/chrome."
)


class BrowserNotFound(RuntimeError):
    """No usable Chromium: the message says what to install."""


def find_chromium(managed_path: str | None) -> str | None:
    """Return the executable to launch, or None to let Playwright use its own managed build.

    An explicit SELFSHOP_CHROMIUM wins; then Playwright's own browser; then the system's.
    """
    explicit = os.environ.get("SELFSHOP_CHROMIUM")
    if explicit:
        if not Path(explicit).is_file():
            raise BrowserNotFound(f"SELFSHOP_CHROMIUM={explicit} does not exist. {INSTALL_HINT}")
        return explicit
    if managed_path and Path(managed_path).is_file():
        return None
    for name in SYSTEM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise BrowserNotFound(INSTALL_HINT)


def driver_compile_cache() -> None:
    """Let Playwright's driver (Node.js) keep the code it compiles between runs, in the user's
    cache folder: it then starts about a quarter faster. Call before Playwright starts (the
    driver inherits this process's environment); a NODE_COMPILE_CACHE of the user's own, or
    NODE_DISABLE_COMPILE_CACHE, wins."""
    if "NODE_COMPILE_CACHE" in os.environ or "NODE_DISABLE_COMPILE_CACHE" in os.environ:
        return
    folder = private_cache("node-compile-cache")
    if folder is not None:
        os.environ["NODE_COMPILE_CACHE"] = str(folder)


def launch_options(managed_path: str | None, *, headed: bool = False) -> dict[str, Any]:
    """Keyword arguments for `playwright.chromium.launch(...)`, sync or async."""
    args = list(QUIET_FLAGS)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to run its sandbox as root
    options: dict[str, Any] = {"headless": not headed, "args": args}
    executable = find_chromium(managed_path)
    if executable:
        options["executable_path"] = executable
    return options
