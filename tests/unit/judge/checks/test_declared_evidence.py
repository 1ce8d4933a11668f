"""Checks see only the evidence they declare (like Lighthouse's requiredArtifacts), and every
built-in check's declaration is complete: judged on only what it declared, each check gives
exactly what it gives on the whole evidence."""

from __future__ import annotations

from typing import Any

import pytest

from selfshop.judge.checks import REGISTRY, PlannedCheck, check, run_check
from selfshop.judge.checks.registry import CheckContext, CheckParams, Outcome, Registry
from selfshop.models.evidence import (
    FIELDS_OF,
    STEP_FACTS,
    AxeNode,
    AxeViolation,
    ControlRecord,
    EvidenceKind,
    StepEvidence,
)

from .conftest import EVIDENCE, load_evidence, make_standards

SAVED = sorted(path.stem for path in EVIDENCE.glob("*.json"))


def axe_on_a_used_control() -> StepEvidence:
    """A critical axe violation on the very button the step pressed (a blocker, not major)."""
    evidence = load_evidence("polished_gifts")
    pressed = ControlRecord(selector="#pay", role="button", used=True)
    violation = AxeViolation(id="button-name", impact="critical", nodes=[AxeNode(target=["#pay"])])
    kinds = [*evidence.gathered, EvidenceKind.axe, EvidenceKind.controls]
    return evidence.model_copy(
        update={"controls": [pressed], "axe": [violation], "gathered": list(dict.fromkeys(kinds))}
    )


def test_every_evidence_field_belongs_to_a_kind_or_to_the_step() -> None:
    assigned = STEP_FACTS.union(*FIELDS_OF.values())
    assert assigned == set(StepEvidence.model_fields)
    assert set(FIELDS_OF) == set(EvidenceKind)


@pytest.mark.parametrize("name", [*SAVED, "axe-on-a-used-control"])
def test_each_check_judges_the_same_on_only_what_it_declared(name: str) -> None:
    evidence = axe_on_a_used_control() if name == "axe-on-a-used-control" else load_evidence(name)
    standards = make_standards()
    for spec in REGISTRY.all():
        ctx = CheckContext(check_id=spec.id, standard=spec.standard, standards=standards)
        params = spec.parse_params({})
        whole = _outcome(spec.run, evidence, params, ctx)
        declared = _outcome(spec.run, evidence.view(spec.sees), params, ctx)
        assert declared == whole, f"{spec.id} reads evidence it does not declare ({name})"


def _outcome(run: Any, evidence: StepEvidence, params: CheckParams, ctx: CheckContext) -> Any:
    try:
        outcome: Outcome = run(evidence, params, ctx)
    except Exception as error:  # the same failure on both sides is the same result
        return type(error).__name__
    return (outcome.score, [f.model_dump() for f in outcome.findings], outcome.reason)


def test_a_check_cannot_read_what_it_did_not_declare() -> None:
    seen: list[tuple[str, list[str]]] = []
    registry = Registry()

    @check(
        "peeks",
        standard="show",
        title="Peeks",
        needs=[EvidenceKind.page],
        params=CheckParams,
        registry=registry,
    )
    def peeks(evidence: StepEvidence, params: CheckParams, ctx: CheckContext) -> Outcome:
        seen.append((evidence.title or "", [c.selector for c in evidence.controls]))
        return Outcome(score=1)

    spec = registry.get("peeks")
    assert spec is not None
    REGISTRY.add(spec)
    try:
        evidence = load_evidence("polished_gifts")
        assert evidence.controls and evidence.title  # both are in the saved evidence
        run_check(PlannedCheck("peeks", "show", {}), {}, evidence, None, None, make_standards())
    finally:
        REGISTRY.remove("peeks")
    assert seen == [(evidence.title, [])]  # the page's title, but no controls
