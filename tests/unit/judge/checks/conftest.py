"""Helpers for judging saved evidence with one check at a time, no browser."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from selfshop.judge.checks import PlannedCheck, run_check
from selfshop.models import Journey, Standards, StepEvidence
from selfshop.models.results import CheckResult

EVIDENCE = Path(__file__).parents[3] / "fixtures" / "evidence"
DEFAULT_IDS = ["safety", "courtesy", "inclusion", "show", "efficiency"]


def load_evidence(name: str, **changes: Any) -> StepEvidence:
    evidence = StepEvidence.model_validate_json((EVIDENCE / f"{name}.json").read_text())
    return evidence.model_copy(update=changes) if changes else evidence


def make_standards(**extra: Any) -> Standards:
    return Standards.model_validate(
        {
            "organisation": "Acme Outfitters",
            "standards": [{"id": s, "title": s.title()} for s in DEFAULT_IDS],
            **extra,
        }
    )


RunOne = Callable[..., CheckResult]


@pytest.fixture
def run_one() -> RunOne:
    """run_one(check_id, evidence, params=None, journey=None, standards=None) -> CheckResult."""

    def run(
        check_id: str,
        evidence: StepEvidence,
        params: dict[str, Any] | None = None,
        journey: Journey | None = None,
        standards: Standards | None = None,
    ) -> CheckResult:
        from selfshop.judge.checks import REGISTRY

        spec = REGISTRY.get(check_id)
        assert spec is not None, check_id
        step = None
        if journey is not None and 0 <= evidence.step_index < len(journey.steps):
            step = journey.steps[evidence.step_index]
        item = PlannedCheck(check_id, spec.standard, {})
        return run_check(item, params or {}, evidence, journey, step, standards or make_standards())

    return run
