"""While Chromium closes, the finished walks are handed to the work that follows them (the
pipeline judges them then): complete, their screenshots on disk. A stopped walk is not."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from selfshop.aio import run_sync
from selfshop.models.evidence import StepStatus
from selfshop.models.journey import Journey
from selfshop.walk import JourneyWalk
from selfshop.walk.automated import walk_all
from selfshop.walk.capture import WalkPlan, WalkSettings

sys.path.insert(0, str(Path(__file__).parents[1] / "fixtures" / "sites"))
from walk_fixture_server import SHOP, serve

pytestmark = pytest.mark.browser

TWO_STEPS = Journey.model_validate(
    {
        "id": "greeted",
        "title": "Greeted",
        "start": "/index.html",
        "steps": [
            {"name": "Arrive", "do": [{"expect": {"text": "Welcome"}}]},
            {"name": "Look again", "do": [{"expect": {"text": "Welcome"}}]},
        ],
    }
)


def test_the_finished_walks_are_handed_over_whole_while_the_browser_closes(
    tmp_path: Path,
) -> None:
    seen: list[tuple[list[JourneyWalk], list[bool]]] = []

    def meanwhile(walks: list[JourneyWalk]) -> None:
        pictures = [
            (tmp_path / s.screenshot).is_file() for w in walks for s in w.steps if s.screenshot
        ]
        seen.append((walks, pictures))

    with serve() as (base, _):
        settings = WalkSettings(base, tmp_path, while_closing=meanwhile)
        walks = run_sync(walk_all([WalkPlan(TWO_STEPS, "desktop", SHOP)], settings))
    ((handed, pictures),) = seen
    assert handed == walks
    assert [s.status for s in walks[0].steps] == [StepStatus.passed, StepStatus.passed]
    assert pictures == [True, True]


def test_a_stopped_walk_is_not_handed_over(tmp_path: Path) -> None:
    seen: list[list[JourneyWalk]] = []
    with serve() as (base, _):
        settings = WalkSettings(base, tmp_path, while_closing=seen.append)
        settings.stop.set()
        run_sync(walk_all([WalkPlan(TWO_STEPS, "desktop", SHOP)], settings))
    assert seen == []
