"""DevTools sessions the walk talks to directly: Playwright's own, and targets reached through one.

Playwright's Python CDPSession cannot address a target attached in "flatten" mode, so a child
target (an out-of-process iframe, a pop-up) is reached the older way: its messages travel
wrapped in Target.sendMessageToTarget and come back as Target.receivedMessageFromTarget.

Every call has a time limit: a browser that stops answering fails the call, never hangs it.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any

from playwright.async_api import CDPSession

Event = dict[str, Any]
Handler = Callable[[Event], None]


class CdpError(Exception):
    """The browser answered a DevTools call with an error, or the target went away."""


class Session(ABC):
    """A DevTools session: commands within a time limit, events, and targets reached through it.
    Playwright's own sessions and child targets differ only in how a message travels."""

    def __init__(self, limit_s: float) -> None:
        self.limit_s = limit_s
        self._children: dict[str, ChildSession] = {}

    async def send(self, method: str, params: Event | None = None) -> Event:
        return await asyncio.wait_for(self._send(method, params or {}), self.limit_s)

    @abstractmethod
    async def _send(self, method: str, params: Event) -> Event:
        """Send one command and return its result."""

    @abstractmethod
    def on(self, event: str, handler: Handler) -> None:
        """Call handler with the parameters of each such event."""

    def child(self, session_id: str) -> ChildSession:
        """The target attached as session_id (non-flatten), reached through this session."""
        if not self._children:
            self.on("Target.receivedMessageFromTarget", self._route)
            self.on("Target.detachedFromTarget", self._forget)
        child = ChildSession(self, session_id)
        self._children[session_id] = child
        return child

    def _route(self, event: Event) -> None:
        child = self._children.get(event.get("sessionId", ""))
        if child is not None:
            child.receive(event.get("message", ""))

    def _forget(self, event: Event) -> None:
        child = self._children.pop(event.get("sessionId", ""), None)
        if child is not None:
            child.gone()


class PlaywrightSession(Session):
    """A session Playwright opened (context.new_cdp_session, browser.new_browser_cdp_session)."""

    def __init__(self, cdp: CDPSession, limit_s: float) -> None:
        super().__init__(limit_s)
        self.cdp = cdp

    async def _send(self, method: str, params: Event) -> Event:
        result: Event = await self.cdp.send(method, params)
        return result

    def on(self, event: str, handler: Handler) -> None:
        self.cdp.on(event, handler)


class ChildSession(Session):
    """A target attached without flatten: commands and events travel through its parent."""

    def __init__(self, parent: Session, session_id: str) -> None:
        super().__init__(parent.limit_s)
        self.parent, self.session_id = parent, session_id
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future[Event]] = {}
        self._handlers: dict[str, list[Handler]] = {}

    async def _send(self, method: str, params: Event) -> Event:
        call_id = next(self._ids)
        answer: asyncio.Future[Event] = asyncio.get_running_loop().create_future()
        self._waiting[call_id] = answer
        message = json.dumps({"id": call_id, "method": method, "params": params})
        try:
            await self.parent.send(
                "Target.sendMessageToTarget", {"sessionId": self.session_id, "message": message}
            )
            return await answer
        finally:
            self._waiting.pop(call_id, None)

    def on(self, event: str, handler: Handler) -> None:
        self._handlers.setdefault(event, []).append(handler)

    def receive(self, text: str) -> None:
        try:
            message = json.loads(text)
        except ValueError:
            return
        if not isinstance(message, dict):
            return
        answer = self._waiting.get(message.get("id", -1))
        if answer is not None and not answer.done():
            if "error" in message:
                answer.set_exception(CdpError(str(message["error"])))
            else:
                answer.set_result(message.get("result") or {})
            return
        for handler in self._handlers.get(message.get("method", ""), []):
            handler(message.get("params") or {})

    def gone(self) -> None:
        """The target detached: whatever still waits on it is told so."""
        for answer in self._waiting.values():
            if not answer.done():
                answer.set_exception(CdpError("the target went away"))
