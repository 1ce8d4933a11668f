"""A pop-up is the finding of the step whose click opened it, even when Playwright announces it
late (as it does on a busy machine): its time is when the browser opened it."""

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
from selfshop.walk.capture import WalkPlan, WalkSettings

sys.path.insert(0, str(Path(__file__).parents[1] / "fixtures" / "sites"))
from walk_fixture_server import SHOP, serve

pytestmark = pytest.mark.browser

LATE_S = 1.5  # far beyond the grace an action's pop-ups get (0.25 s)

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


class LatePopups:
    """The walk's page, but Playwright's 'popup' events reach the walker LATE_S late."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def on(self, event: str, handler: Callable[[Any], object]) -> None:
        if event == "popup":
            loop = asyncio.get_running_loop()

            def later(popup: Page) -> None:
                loop.call_later(LATE_S, handler, popup)

            self.page.on("popup", later)
        else:
            self.page.on(event, handler)  # type: ignore[call-overload]


def test_a_popup_announced_late_is_still_the_finding_of_the_step_that_opened_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listen = JourneyWalker._listen_for_interruptions

    def late(self: JourneyWalker, page: Page, console: ConsoleLog) -> None:
        listen(self, LatePopups(page), console)  # type: ignore[arg-type]

    monkeypatch.setattr(JourneyWalker, "_listen_for_interruptions", late)
    with serve() as (base, _):
        settings = WalkSettings(base, tmp_path)
        (walk,) = run_sync(walk_all([WalkPlan(OPENS_A_WINDOW, "desktop", SHOP)], settings))
    opened, carried_on = walk.steps
    assert [c.text for c in opened.console if c.level == "popup"] == [
        f"A new window opened: {base}/gifts.html"
    ]
    assert [c for c in carried_on.console if c.level == "popup"] == []
