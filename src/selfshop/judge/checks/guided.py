"""A person's view of a step, blended with the automated checks.

Each 1-5 rating becomes a CheckResult "guided" on its standard (1 → 0, 5 → 100). Its weight is
``standards.guided.weight`` times the total weight of the automated checks scored for that
standard on that step, so weight 1 means "the leader's view counts as much as all the machine's
checks together". A rating of 1 is a major finding and a 2 a minor one, in the person's words
(their notes), so what they disliked is in the list of what to fix and not only in a score. A
person's "this stopped me" is a blocker; a measure over its target (minutes on hold, say) is a
major finding of the check "measures" on the measure's standard.
"""

from __future__ import annotations

from collections import defaultdict

from selfshop.judge.checks._util import short
from selfshop.judge.checks.registry import CheckContext
from selfshop.models.evidence import GuidedRating, StepEvidence
from selfshop.models.journey import Journey, Step
from selfshop.models.results import CheckResult, CheckStatus, Finding, Severity
from selfshop.models.standards import Standards

GUIDED_ID = "guided"
MEASURES_ID = "measures"


def guided_results(
    evidence: StepEvidence,
    journey: Journey | None,
    step: Step | None,
    standards: Standards,
    automated: list[CheckResult],
) -> list[CheckResult]:
    if not evidence.guided:
        return []
    known = [s.id for s in standards.standards]
    automated_weight: dict[str, float] = defaultdict(float)
    for result in automated:
        if result.status is CheckStatus.scored:
            automated_weight[result.standard] += result.weight
    results = []
    for standard in known:
        ratings = [
            r.ratings[standard] for r in evidence.guided if r.ratings.get(standard) is not None
        ]
        values = [max(1, min(5, int(v))) for v in ratings if v is not None]
        if not values:
            continue
        mean = sum(values) / len(values)
        weight = standards.guided.weight * (automated_weight[standard] or 1.0)
        results.append(
            CheckResult(
                check_id=GUIDED_ID,
                standard=standard,
                score=(mean - 1) / 4,
                weight=weight,
                params={"ratings": values},
                findings=_low_ratings(evidence, standard, standards),
            )
        )
    _attach_blockers(evidence, standards, results)
    measures = _measures(evidence, journey, step, standards)
    return results + measures


# What a low rating is, as a finding: 1 of 5 is major, 2 of 5 minor; 3 and up is no finding.
LOW_RATINGS = {1: Severity.major, 2: Severity.minor}


def _low_ratings(evidence: StepEvidence, standard: str, standards: Standards) -> list[Finding]:
    """Each person's rating of 1 or 2 on this standard, with what they wrote."""
    found = []
    known = standards.get(standard)
    title = known.title if known is not None else standard
    ctx = CheckContext(check_id=GUIDED_ID, standard=standard, standards=standards)
    for rating in evidence.guided:
        given = rating.ratings.get(standard)
        if given is None:
            continue
        value = max(1, min(5, int(given)))
        severity = LOW_RATINGS.get(value)
        if severity is None:
            continue
        said = f": \u201c{short(rating.notes, 160)}\u201d" if rating.notes.strip() else "."
        found.append(
            ctx.finding(
                severity,
                f"{rating.auditor} rated {title.lower()} {value} of 5 at the "
                f"{evidence.step_name} step{said}",
                subject=f"{evidence.journey_id} {evidence.step_name} {rating.auditor}",
                fix="Walk the step yourself with the notes and photos, and fix what they describe.",
            )
        )
    return found


def _attach_blockers(
    evidence: StepEvidence, standards: Standards, results: list[CheckResult]
) -> None:
    """'This stopped me' goes on the standard the person rated lowest (else the heaviest)."""
    stopped = [r for r in evidence.guided if r.blocker]
    if not stopped:
        return
    if results:
        home = min(results, key=lambda r: r.score if r.score is not None else 1.0)
    else:
        heaviest = max(standards.standards, key=lambda s: s.weight)
        home = CheckResult(
            check_id=GUIDED_ID, standard=heaviest.id, status=CheckStatus.not_applicable
        )
        results.append(home)
    for rating in stopped:
        home.findings.append(_blocker(evidence, rating, home.standard, standards))


def _blocker(
    evidence: StepEvidence, rating: GuidedRating, standard: str, standards: Standards
) -> Finding:
    ctx = CheckContext(check_id=GUIDED_ID, standard=standard, standards=standards)
    said = f": \u201c{short(rating.notes, 160)}\u201d" if rating.notes.strip() else ""
    return ctx.finding(
        Severity.blocker,
        f"Blocked: {rating.auditor} could not get past the {evidence.step_name} step{said}.",
        subject=f"{evidence.journey_id} {evidence.step_name} stopped",
        fix="Walk the step yourself with the auditor's notes and photos, and remove the obstacle.",
    )


def _measures(
    evidence: StepEvidence,
    journey: Journey | None,
    step: Step | None,
    standards: Standards,
) -> list[CheckResult]:
    if step is None or not step.measure:
        return []
    by_standard: dict[str, CheckResult] = {}
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for measure in step.measure:
        values = [r.measures[measure.id] for r in evidence.guided if measure.id in r.measures]
        if not values or measure.target_max is None or standards.get(measure.standard) is None:
            continue
        value = sum(values) / len(values)
        result = by_standard.setdefault(
            measure.standard, CheckResult(check_id=MEASURES_ID, standard=measure.standard)
        )
        totals[measure.standard][1] += 1
        if value <= measure.target_max:
            totals[measure.standard][0] += 1
            continue
        unit = f" {measure.unit}" if measure.unit else ""
        ctx = CheckContext(check_id=MEASURES_ID, standard=measure.standard, standards=standards)
        result.findings.append(
            ctx.finding(
                Severity.major,
                f"{measure.prompt} {value:g}{unit}, above the target of "
                f"{measure.target_max:g}{unit}.",
                subject=f"{journey.id if journey else evidence.journey_id} {measure.id}",
                fix="Bring this under its target.",
            )
        )
    for standard, result in by_standard.items():
        met, total = totals[standard]
        result.score = met / total
    return list(by_standard.values())
