"""The watchdogs: whatever holds a walk (a browser driver that stops answering, say), a journey
ends within its bound and an audit within its own, with the steps that were not walked saying
why. The hang is simulated where no page can cause it, outside the steps' own budgets."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from playwright.async_api import BrowserContext, Page

from selfshop.aio import run_sync
from selfshop.gather.console import ConsoleLog
from selfshop.gather.network import NetworkLog
from selfshop.models.evidence import OVERRUN_STEP, StepStatus
from selfshop.models.journey import Journey
from selfshop.walk import automated
from selfshop.walk.automated import JourneyWalker, walk_all
from selfshop.walk.capture import WalkPlan, WalkSettings

sys.path.insert(0, str(Path(__file__).parents[1] / "fixtures" / "sites"))
from walk_fixture_server import SHOP, serve

pytestmark = pytest.mark.browser

TWO_STEPS = Journey.model_validate(
    {
        "id": "held",
        "title": "Held",
        "start": "/index.html",
        "steps": [
            {"name": "Arrive", "do": [{"expect": {"text": "Welcome"}}]},
            {"name": "Leave", "do": [{"expect": {"text": "Welcome"}}]},
        ],
    }
)


async def held_forever(
    self: JourneyWalker, context: BrowserContext, page: Page, n: NetworkLog, c: ConsoleLog
) -> None:
    await asyncio.sleep(3600)


def test_a_journey_that_outlives_its_bound_is_ended_with_its_steps_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(JourneyWalker, "_walk_steps", held_forever)
    monkeypatch.setattr(automated, "JOURNEY_MARGIN_MS", 500)
    monkeypatch.setattr(automated, "CLOSE_MS", 100)
    monkeypatch.setattr(automated, "GATHER_GRACE_MS", 100)
    with serve() as (base, _):
        settings = WalkSettings(base, tmp_path)
        settings.timeouts = settings.timeouts.model_copy(update={"step_ms": 200})
        (walk,) = run_sync(walk_all([WalkPlan(TWO_STEPS, "desktop", SHOP)], settings))
    first, second = walk.steps
    assert first.status is StepStatus.failed
    assert first.error is not None and "did not end within" in first.error
    assert second.status is StepStatus.not_reached


def test_an_audit_that_outlives_its_bound_is_stopped_judged_and_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from importlib import resources

    from selfshop import pipeline
    from selfshop.load.files import load_audit

    monkeypatch.setattr(JourneyWalker, "_walk_steps", held_forever)
    monkeypatch.setattr(pipeline, "journey_bound_ms", lambda journey, timeouts, retries=0: 0)
    # Long enough for Chromium to start and the journey to begin on a busy machine.
    monkeypatch.setattr(pipeline, "AUDIT_MARGIN_S", 15)
    starter = resources.files("selfshop.project.templates").joinpath("project/standards.yaml")
    (tmp_path / "standards.yaml").write_bytes(starter.read_bytes())
    (tmp_path / "held.yaml").write_text(TWO_STEPS.model_dump_json())  # JSON is YAML
    with serve() as (base, _):
        (tmp_path / "audit.yaml").write_text(
            f"name: Held\nbase_url: {base}\njourneys: [held.yaml]\nstandards: standards.yaml\n"
        )
        outcome = pipeline.run_audit(load_audit(tmp_path / "audit.yaml"), progress=False)
    assert outcome.run.interrupted
    steps = outcome.run.journeys[0].steps
    assert [s.evidence.error for s in steps] == [OVERRUN_STEP] * 2
    assert (outcome.run_dir / "report.html").is_file()
