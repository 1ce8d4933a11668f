"""defects.yaml is the truth table of the checks: it must name real checks, real journey steps
and cover every standard."""

from __future__ import annotations

from pathlib import Path

import pytest

from selfshop.demo import DEMO_SECRETS
from selfshop.demo.defects import Defect, load_defects
from selfshop.judge.checks.registry import REGISTRY
from selfshop.load.files import load_journey
from selfshop.models.journey import Journey, Lens

JOURNEYS = Path(__file__).parents[3] / "journeys"


@pytest.fixture(scope="module")
def journeys() -> dict[str, Journey]:
    loaded = (load_journey(path, env=DEMO_SECRETS) for path in JOURNEYS.glob("*.yaml"))
    return {journey.id: journey for journey in loaded}


def test_every_defect_has_a_unique_id() -> None:
    ids = [defect.id for defect in load_defects()]
    assert len(ids) == len(set(ids)) >= 25


def test_every_standard_has_planted_defects() -> None:
    standards = {defect.standard for defect in load_defects()}
    assert standards == {"safety", "courtesy", "inclusion", "show", "efficiency"}


@pytest.mark.parametrize("defect", load_defects(), ids=lambda d: d.id)
def test_checks_named_are_registered(defect: Defect) -> None:
    known = {spec.id for spec in REGISTRY.all()}
    assert {defect.check, *defect.also} <= known


@pytest.mark.parametrize("defect", load_defects(), ids=lambda d: d.id)
def test_the_journey_step_exists(defect: Defect, journeys: dict[str, Journey]) -> None:
    assert defect.journey in journeys, f"no example journey {defect.journey!r}"
    steps = [step.name for step in journeys[defect.journey].steps]
    assert defect.step in steps, f"{defect.journey} has no step {defect.step!r}: {steps}"


def test_axe_rules_belong_to_accessibility_findings() -> None:
    for defect in load_defects():
        if defect.axe_rule:
            assert "accessibility" in (defect.check, *defect.also), defect.id


def test_the_list_is_read_once_and_handed_out_as_a_copy() -> None:
    first = load_defects()
    first.clear()
    assert load_defects()


def test_every_lens_has_a_planted_defect_its_journey_walks() -> None:
    from selfshop.demo import DEMO_SECRETS
    from selfshop.demo.audit import demo_audit_file
    from selfshop.load.files import load_audit

    walked = {
        (item.journey.id, lens)
        for item in load_audit(demo_audit_file(), env=DEMO_SECRETS).journeys
        for lens in item.journey.lenses or []
    }
    planted = {(d.journey, d.lens) for d in load_defects() if d.lens is not None}
    assert {lens for _, lens in planted} == set(Lens)
    assert planted <= walked
