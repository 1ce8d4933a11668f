"""`python -m selfshop.browser_setup`: exit 0 when a Chromium is ready, else say what to install."""

from __future__ import annotations

import sys

from selfshop.walk.browser import BrowserNotFound, find_chromium


def main() -> int:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        managed = pw.chromium.executable_path
    try:
        found = find_chromium(managed)
    except BrowserNotFound as error:
        print(f"selfshop: {error}", file=sys.stderr)
        return 1
    print(f"selfshop: using Chromium at {found or managed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
