"""Pop-ups and downloads are the findings of the step whose click caused them, even when
Playwright announces them late (as it does on a busy machine): a pop-up's time is when the
browser opened it, and a download announced while the step is still being gathered is its own."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Page

from selfshop.aio import run_sync
from selfshop.gather.console import ConsoleLog
from selfshop.models.journey import Journey
from selfshop.walk.automated import JourneyWalker, walk_all
from selfshop.walk.capture import StepGatherer, WalkPlan, WalkSettings

sys.path.insert(0, str(Path(__file__).parents[1] / "fixtures" / "sites"))
from fault_site import serve_faults
from walk_fixture_server import SHOP, serve

pytestmark = pytest.mark.browser

LATE_S = 1.5  # far beyond the grace an action's pop-ups get (0.25 s)
DOWNLOAD_LATE_S = 0.5  # beyond the grace, but within the step's (slow) gathering
SLOW_GATHERING_S = 1.5

OPENS_A_WINDOW = Journey.model_validate(
    {
        "id": "window",
        "title": "Window",
        "start": "/index.html",
        "steps": [
            {"name": "Open it", "do": [{"click": {"role": "button", "name": "Open gifts window"}}]},
            {"name": "Carry on", "do": [{"expect": {"text": "Welcome"}}]},
        ],
    }
)


DOWNLOADS = Journey.model_validate(
    {
        "id": "download",
        "title": "Download",
        "start": "/fault/download",
        "steps": [
            {"name": "Get the file", "do": [{"click": {"text": "Continue"}}]},
            {"name": "Carry on", "do": [{"goto": "/ready"}, {"expect": {"text": "Ready"}}]},
        ],
    }
)


class LateEvents:
    """The walk's page, but Playwright's `late` events reach the walker `seconds` late."""

    def __init__(self, page: Page, late: str, seconds: float) -> None:
        self.page, self.late, self.seconds = page, late, seconds

    def on(self, event: str, handler: Callable[[Any], object]) -> None:
        if event == self.late:
            loop = asyncio.get_running_loop()

            def later(argument: object) -> None:
                loop.call_later(self.seconds, handler, argument)

            self.page.on(event, later)  # type: ignore[call-overload]
        else:
            self.page.on(event, handler)  # type: ignore[call-overload]


def announce_late(monkeypatch: pytest.MonkeyPatch, event: str, seconds: float) -> None:
    listen = JourneyWalker._listen_for_interruptions

    def late(self: JourneyWalker, page: Page, console: ConsoleLog) -> None:
        listen(self, LateEvents(page, event, seconds), console)  # type: ignore[arg-type]

    monkeypatch.setattr(JourneyWalker, "_listen_for_interruptions", late)


def test_a_popup_announced_late_is_still_the_finding_of_the_step_that_opened_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    announce_late(monkeypatch, "popup", LATE_S)
    with serve() as (base, _):
        settings = WalkSettings(base, tmp_path)
        (walk,) = run_sync(walk_all([WalkPlan(OPENS_A_WINDOW, "desktop", SHOP)], settings))
    opened, carried_on = walk.steps
    assert [c.text for c in opened.console if c.level == "popup"] == [
        f"A new window opened: {base}/gifts.html"
    ]
    assert [c for c in carried_on.console if c.level == "popup"] == []


def test_a_download_announced_while_the_step_is_gathered_is_that_steps_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    announce_late(monkeypatch, "download", DOWNLOAD_LATE_S)
    gather = StepGatherer.gather

    async def slow_gather(self: StepGatherer, *args: Any) -> None:
        await gather(self, *args)
        await asyncio.sleep(SLOW_GATHERING_S)  # a busy machine: the announcement comes meanwhile

    monkeypatch.setattr(StepGatherer, "gather", slow_gather)
    with serve_faults() as base:
        settings = WalkSettings(base, tmp_path)
        (walk,) = run_sync(walk_all([WalkPlan(DOWNLOADS, "desktop")], settings))
    got_it, carried_on = walk.steps
    assert [c.text for c in got_it.console if c.level == "download"] == [
        "A download started: terms.pdf"
    ]
    assert [c for c in carried_on.console if c.level == "download"] == []
