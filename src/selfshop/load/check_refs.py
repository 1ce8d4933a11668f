"""Check ids and parameters named in standards and journeys must exist in the check registry."""

from __future__ import annotations

import difflib
from typing import Any

from selfshop.errors import Problem
from selfshop.load.yamlsource import Path_, Source
from selfshop.models.journey import Journey
from selfshop.models.standards import Standards


def standards_check_problems(standards: Standards, source: Source) -> list[Problem]:
    problems: list[Problem] = []
    for s, standard in enumerate(standards.standards):
        for c, ref in enumerate(standard.checks):
            problems += _problems(ref.id, ref.params, source, ("standards", s, "checks", c))
    return problems


def journey_check_problems(journey: Journey, source: Source) -> list[Problem]:
    problems: list[Problem] = []
    for s, step in enumerate(journey.steps):
        for check_id, params in step.checks.items():
            problems += _problems(check_id, params, source, ("steps", s, "checks", check_id))
    return problems


def _problems(check_id: str, params: dict[str, Any], source: Source, at: Path_) -> list[Problem]:
    from selfshop.judge.checks import REGISTRY, validate_params

    if REGISTRY.get(check_id) is None:
        known = sorted(spec.id for spec in REGISTRY.all())
        close = difflib.get_close_matches(check_id, known, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}?" if close else "'selfshop checks' lists them"
        return [source.problem(at, f"unknown check {check_id!r}; {hint}", prefer_key=True)]
    return [source.problem(at, message) for message in validate_params(check_id, params)]
