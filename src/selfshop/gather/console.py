"""Console errors and warnings, uncaught page errors, dialogs and pop-ups a step met."""

from __future__ import annotations

from playwright.async_api import ConsoleMessage, Error, Page

from selfshop.models.evidence import ConsoleEntry

MAX_ENTRIES = 200
MAX_TEXT = 1_000
LEVELS = {"error": "error", "warning": "warning", "assert": "error"}


class ConsoleLog:
    """What the page said on its console, per step."""

    def __init__(self, page: Page) -> None:
        self.entries: list[ConsoleEntry] = []
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)

    def add(self, level: str, text: str, location: str | None = None) -> None:
        if len(self.entries) < MAX_ENTRIES:
            self.entries.append(ConsoleEntry(level=level, text=text[:MAX_TEXT], location=location))

    def _on_console(self, message: ConsoleMessage) -> None:
        level = LEVELS.get(message.type)
        if level is None:
            return
        where = message.location
        location = f"{where.get('url', '')}:{where.get('lineNumber', 0)}" if where else None
        self.add(level, message.text, location)

    def _on_page_error(self, error: Error) -> None:
        self.add("pageerror", f"{error.name}: {error.message}" if error.name else error.message)

    def drain(self) -> list[ConsoleEntry]:
        entries, self.entries = self.entries, []
        return entries
