"""Checks: small pure functions that judge one step's evidence against the service standards.

The public front is ``evidence_needed`` (what the walker must gather), ``check_step`` (every
check on one step), ``validate_params`` (for the loader) and the ``check`` decorator with the
registry, for organisations writing their own checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from selfshop.judge.checks import (  # noqa: F401 (importing them registers the built-ins)
    courtesy,
    debug,
    efficiency,
    inclusion,
    language,
    lenses,
    safety,
    show,
    signals,
)
from selfshop.judge.checks.guided import guided_results
from selfshop.judge.checks.registry import (
    REGISTRY,
    CheckContext,
    CheckParams,
    CheckSpec,
    MissingEvidence,
    Outcome,
    Registry,
    check,
    finding_key,
    validate_params,
)
from selfshop.models.evidence import EvidenceKind, StepEvidence, StepStatus
from selfshop.models.journey import Channel, Journey, Step
from selfshop.models.results import CheckResult, CheckStatus
from selfshop.models.standards import Standards

__all__ = [
    "REGISTRY",
    "CheckContext",
    "CheckParams",
    "CheckSpec",
    "MissingEvidence",
    "Outcome",
    "PlannedCheck",
    "Registry",
    "check",
    "check_step",
    "evidence_needed",
    "finding_key",
    "plan",
    "prepare_checks",
    "run_check",
    "validate_params",
]


@dataclass(frozen=True)
class PlannedCheck:
    """A check as the standards use it: under which standard, with which parameters."""

    check_id: str
    standard: str
    params: dict[str, Any]


def plan(standards: Standards) -> list[PlannedCheck]:
    """The checks each standard runs: those it lists, or (listing none) every registered check
    whose default standard it is. Checks marked 'always' (completion) run whatever is listed."""
    planned: list[PlannedCheck] = []
    specs = REGISTRY.all()
    for standard in standards.standards:
        if standard.checks:
            refs = [(ref.id, ref.params) for ref in standard.checks]
        else:
            refs = [(s.id, {}) for s in specs if s.standard == standard.id and not s.always]
        planned += [PlannedCheck(cid, standard.id, dict(params)) for cid, params in refs]
    for spec in specs:
        if spec.always and not any(p.check_id == spec.id for p in planned):
            planned.append(PlannedCheck(spec.id, home_standard(spec.standard, standards), {}))
    return planned


def home_standard(preferred: str, standards: Standards) -> str:
    """The check's own standard if the organisation has it, else its heaviest standard."""
    if standards.get(preferred) is not None:
        return preferred
    return max(standards.standards, key=lambda s: s.weight).id


def evidence_needed(standards: Standards, journeys: Iterable[Journey] = ()) -> set[EvidenceKind]:
    """Every kind of evidence some planned check (or a journey step's own check) needs."""
    needed: set[EvidenceKind] = set()
    for spec in _planned_specs(standards, journeys):
        needed |= spec.needs
    return needed


def prepare_checks(standards: Standards, journeys: Iterable[Journey] = ()) -> None:
    """Load what the planned checks read (their `prepare`), ahead of judging."""
    for spec in _planned_specs(standards, journeys):
        if spec.prepare is not None:
            spec.prepare()


def _planned_specs(standards: Standards, journeys: Iterable[Journey]) -> list[CheckSpec[Any]]:
    ids = {p.check_id for p in plan(standards)}
    ids |= {cid for journey in journeys for step in journey.steps for cid in step.checks}
    return [spec for cid in sorted(ids) if (spec := REGISTRY.get(cid)) is not None]


def check_step(
    evidence: StepEvidence, journey: Journey | None, standards: Standards
) -> list[CheckResult]:
    """Run every planned check on one step's evidence. Never raises for a bad page or a broken
    check: those become results with status 'error'."""
    step = _step_of(evidence, journey)
    planned = plan(standards)
    planned_ids = {p.check_id for p in planned}
    if step is not None:
        for check_id in step.checks:
            spec = REGISTRY.get(check_id)
            if check_id not in planned_ids:
                preferred = spec.standard if spec else standards.standards[0].id
                planned.append(PlannedCheck(check_id, home_standard(preferred, standards), {}))
    web = evidence.channel is Channel.web
    results = []
    for item in planned:
        spec = REGISTRY.get(item.check_id)
        if not web and (spec is None or not spec.always):
            continue
        step_params = step.checks.get(item.check_id, {}) if step else {}
        params = {**item.params, **step_params}
        result = run_check(item, params, evidence, journey, step, standards)
        for met in evidence.pages_met:
            if spec is not None and _judged_on_every_page(spec, met):
                on_met = run_check(
                    item, params, _with_used(met, evidence), journey, step, standards
                )
                result = merge_page_met(result, on_met, met)
        results.append(result)
    return results + guided_results(evidence, journey, step, standards, results)


# Checks that look for something that must be somewhere in the step (a thank-you) are judged
# on the page the step ended on only; the rest on every page the step met.
ENDING_ONLY = frozenset({"required-phrases"})


def _judged_on_every_page(spec: CheckSpec[Any], met: StepEvidence) -> bool:
    return (
        not spec.always
        and spec.id not in ENDING_ONLY
        and bool(spec.needs)
        and all(met.has(kind) for kind in spec.needs)
    )


def _with_used(met: StepEvidence, evidence: StepEvidence) -> StepEvidence:
    """The page met, knowing which of its controls the step used there."""
    used = [c for c in evidence.controls if c.used and c.page_url == met.url]
    paths = {c.selector for c in used}
    others = [c for c in met.controls if c.selector not in paths]
    return met.model_copy(update={"controls": used + others})


def merge_page_met(result: CheckResult, on_met: CheckResult, met: StepEvidence) -> CheckResult:
    """One check's result over the step's pages: its worst score, and the findings of the page
    met that the last page does not repeat, each saying which page it is about."""
    if on_met.status is not CheckStatus.scored:
        return result
    where = f"{met.title or 'untitled'} ({met.url})" if met.url else (met.title or "")
    known = {f.key for f in result.findings}
    added = [
        f.model_copy(
            update={
                "message": f"On the page it acted on, \u201c{met.title or met.url}\u201d: "
                f"{f.message}",
                "page": where,
                "evidence": f.evidence.model_copy(update={"box": None, "url": met.url}),
            }
        )
        for f in on_met.findings
        if f.key not in known
    ]
    if result.status is not CheckStatus.scored:
        return on_met.model_copy(update={"findings": added})
    score = min(result.score or 0.0, on_met.score or 0.0)
    return result.model_copy(update={"score": score, "findings": result.findings + added})


def _step_of(evidence: StepEvidence, journey: Journey | None) -> Step | None:
    if journey is None or not 0 <= evidence.step_index < len(journey.steps):
        return None
    return journey.steps[evidence.step_index]


def run_check(
    item: PlannedCheck,
    params: dict[str, Any],
    evidence: StepEvidence,
    journey: Journey | None,
    step: Step | None,
    standards: Standards,
) -> CheckResult:
    """One check on one step, turned into a CheckResult whatever happens inside it."""
    result = CheckResult(check_id=item.check_id, standard=item.standard, params=params)
    spec = REGISTRY.get(item.check_id)
    if spec is None:
        return _error(result, f"unknown check {item.check_id!r}")
    try:
        parsed = spec.parse_params(params)
    except ValidationError as error:
        return _error(result, "; ".join(validate_params(spec.id, params)) or str(error))
    result.weight = parsed.weight
    unreached = evidence.status in (StepStatus.not_reached, StepStatus.skipped)
    if unreached and not spec.always:
        return _not_applicable(result, f"the step was {evidence.status.value.replace('_', ' ')}")
    missing = sorted(k.value for k in spec.needs if not evidence.has(k))
    if missing:
        if evidence.status is StepStatus.failed or evidence.has(EvidenceKind.guided):
            return _not_applicable(result, f"no {', '.join(missing)} evidence for this step")
        return _error(result, f"evidence not gathered: {', '.join(missing)}")
    ctx = CheckContext(
        check_id=spec.id,
        standard=item.standard,
        standards=standards,
        journey=journey,
        step=step,
        unseen=spec.unseen,
        act_rules=spec.act_rules,
    )
    try:
        outcome = spec.run(evidence.view(spec.sees), parsed, ctx)
    except MissingEvidence as error:
        return _error(result, str(error))
    except Exception as error:  # a check's own bug must not stop the audit: show it instead
        return _error(result, f"the check failed: {type(error).__name__}: {error}")
    result.findings = outcome.findings
    if outcome.score is None:
        return _not_applicable(result, outcome.reason or "does not apply here")
    result.score = max(0.0, min(1.0, float(outcome.score)))
    if outcome.weight is not None:
        result.weight = outcome.weight
    return result


def _error(result: CheckResult, message: str) -> CheckResult:
    result.status = CheckStatus.error
    result.error = message
    return result


def _not_applicable(result: CheckResult, reason: str) -> CheckResult:
    result.status = CheckStatus.not_applicable
    result.reason = reason
    return result
