"""Time-outs that say what happened: a click that worked before a slow page is slowness, not a
failure; a page that never loads names the click; "could not find" names the nth asked for."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from selfshop.aio import run_sync
from selfshop.judge.checks import check_step
from selfshop.load.files import load_standards
from selfshop.models.audit import Timeouts
from selfshop.models.evidence import EvidenceKind, StepStatus
from selfshop.models.journey import Journey
from selfshop.walk.automated import walk_all
from selfshop.walk.capture import WalkPlan, WalkSettings

sys.path.insert(0, str(Path(__file__).parents[1] / "fixtures" / "sites"))
from walk_fixture_server import serve

pytestmark = pytest.mark.browser

PAGES = Path(__file__).parents[1] / "fixtures" / "sites" / "trust"
STANDARDS = Path(__file__).parents[2] / "standards.yaml"


def click(name: str, **more: Any) -> Journey:
    return Journey.model_validate(
        {
            "id": f"click-{name.lower()}-{len(more)}",
            "title": name,
            "start": "/slow-link.html",
            "steps": [
                {"name": f"Open {name}", "do": [{"click": {"role": "link", "name": name, **more}}]}
            ],
        }
    )


@pytest.fixture(scope="module")
def walks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    journeys = [click("Books"), click("Music"), click("Gifts", nth=3)]
    with serve(PAGES) as (base, _):
        settings = WalkSettings(
            base_url=base,
            run_dir=tmp_path_factory.mktemp("slow"),
            needed={EvidenceKind.page, EvidenceKind.timings},
            # /slow answers after 4 s, /hang after 20 s
            timeouts=Timeouts(action_ms=1_500, navigation_ms=8_000, step_ms=30_000),
            workers=2,
        )
        done = run_sync(walk_all([WalkPlan(j, "desktop", PAGES) for j in journeys], settings))
    return {walk.journey.title: walk for walk in done}


def test_a_click_before_a_slow_page_is_slowness_not_failure(walks: dict[str, Any]) -> None:
    (step,) = walks["Books"].steps
    assert step.status is StepStatus.passed, step.error
    (action,) = step.actions
    assert action.ok and action.navigation_ms is not None and action.navigation_ms >= 2_000
    assert step.title == "Slow"
    findings = [
        f
        for result in check_step(step, walks["Books"].journey, load_standards(STANDARDS))
        for f in result.findings
        if result.check_id == "step-time"
    ]
    assert any("the next page took" in f.message for f in findings), findings


def test_a_click_whose_page_never_loads_says_the_click_happened(walks: dict[str, Any]) -> None:
    (step,) = walks["Music"].steps
    assert step.status is StepStatus.failed
    assert step.error is not None
    assert step.error.startswith("Did click link 'Music', but the page it opened did not")
    assert "within 8 s" in step.error and ".." not in step.error


def test_could_not_find_names_the_nth_asked_for(walks: dict[str, Any]) -> None:
    (step,) = walks["Gifts"].steps
    assert step.status is StepStatus.failed
    assert step.error is not None
    assert "link 'Gifts' (match number 4, nth: 3)" in step.error, step.error
    assert not step.error.endswith("..")
