"""Console errors and warnings, uncaught page errors, dialogs and pop-ups a step met."""

from __future__ import annotations

import time
from collections.abc import Iterable

from playwright.async_api import ConsoleMessage, Error, Page

from selfshop.models.evidence import ConsoleEntry

MAX_ENTRIES = 200
MAX_TEXT = 1_000
LEVELS = {"error": "error", "warning": "warning", "assert": "error"}


class ConsoleLog:
    """What the page said on its console, per step."""

    def __init__(self, page: Page) -> None:
        self.entries: list[ConsoleEntry] = []
        self.arrived: list[float] = []  # when each entry came (time.monotonic())
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)

    def add(
        self, level: str, text: str, location: str | None = None, *, at: float | None = None
    ) -> None:
        """Note an entry; `at` is when it happened (time.monotonic()), if not now."""
        if len(self.entries) < MAX_ENTRIES:
            self.entries.append(ConsoleEntry(level=level, text=text[:MAX_TEXT], location=location))
            self.arrived.append(time.monotonic() if at is None else at)

    def _on_console(self, message: ConsoleMessage) -> None:
        level = LEVELS.get(message.type)
        if level is None:
            return
        where = message.location
        location = f"{where.get('url', '')}:{where.get('lineNumber', 0)}" if where else None
        self.add(level, message.text, location)

    def _on_page_error(self, error: Error) -> None:
        self.add("pageerror", f"{error.name}: {error.message}" if error.name else error.message)

    def drain(self, until: float | None = None, always: Iterable[str] = ()) -> list[ConsoleEntry]:
        """The step's entries, oldest first (only those that came by `until`, if given, and
        those of the levels in `always`); the rest stay for the next step."""
        if until is None:
            entries, self.entries, self.arrived = self.entries, [], []
            return entries
        levels = set(always)
        pairs = list(zip(self.entries, self.arrived, strict=True))
        taken = [e for e, at in pairs if at <= until or e.level in levels]
        kept = [(e, at) for e, at in pairs if not (at <= until or e.level in levels)]
        self.entries, self.arrived = [e for e, _ in kept], [at for _, at in kept]
        return taken
