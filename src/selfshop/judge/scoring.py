"""Scoring: from check results to step and journey scores, verdicts with reasons, and fix-first.

- Step × standard: the weighted mean of that standard's scored checks on the step (0-100);
  checks that did not apply or errored are left out.
- Step: the weighted mean of its standard scores, by the standards' weights.
- Journey: each standard's mean over the steps, and their weighted mean overall; the weakest
  step is kept beside the average so one terrible step is never averaged away.
- Verdict: redesign on any blocker (a failed or unreached step is one), an overall score
  below the redesign line, any weighted standard below it, or any step below it; never proud
  with a WCAG A/AA barrier; proud at or above the proud line otherwise; middle in between.
- The score shown beside a verdict agrees with it: a redesign scores below the redesign line
  and a middle below the proud line (the score before that cap is kept as `uncapped_score`).
- Fix first: findings merged by identity, ranked by severity × steps touched × standard weight
  (the rule is selfshop.models.results.rank, which reports also use for older runs).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import pairwise
from typing import Protocol

from selfshop.models.evidence import StepEvidence, StepStatus
from selfshop.models.journey import Journey
from selfshop.models.results import (
    CheckResult,
    CheckStatus,
    Finding,
    JourneyResult,
    RankedFinding,
    Run,
    Severity,
    StepResult,
    Verdict,
    Walker,
    rank,
)
from selfshop.models.standards import Standards

__all__ = ["judge", "rank_findings", "rejudge", "score_journey", "score_step"]


class WalkLike(Protocol):
    """What judge() reads from a walk (selfshop.walk.JourneyWalk has these fields)."""

    @property
    def journey(self) -> Journey: ...
    @property
    def device(self) -> str: ...
    @property
    def lens(self) -> str | None: ...
    @property
    def steps(self) -> list[StepEvidence]: ...
    @property
    def walker(self) -> Walker: ...
    @property
    def duration_ms(self) -> float: ...


def judge(
    walks: Sequence[WalkLike], standards: Standards
) -> tuple[list[JourneyResult], list[RankedFinding]]:
    """Check every step of every walk, score and give verdicts; and the run's fix-first list."""
    from selfshop.judge.checks import check_step

    results = []
    for walk in walks:
        steps = [
            StepResult(evidence=evidence, checks=check_step(evidence, walk.journey, standards))
            for evidence in walk.steps
        ]
        if walk.walker.is_guided:
            _flag_unchanged_pages(steps, standards)
        journey = walk.journey
        result = JourneyResult(
            journey_id=journey.id,
            title=journey.title,
            channel=journey.channel,
            device=walk.device,
            lens=walk.lens,
            persona=journey.persona,
            walker=walk.walker,
            steps=steps,
            duration_ms=walk.duration_ms,
            definition=journey,
        )
        results.append(score_journey(result, standards))
    return results, rank_findings(results, standards)


def rejudge(run: Run, standards: Standards) -> Run:
    """Re-score a saved run from its stored evidence, without a browser (like Lighthouse -A)."""
    from selfshop.judge.checks import check_step

    journeys = []
    for stored in run.journeys:
        steps = [
            StepResult(
                evidence=step.evidence,
                checks=check_step(step.evidence, stored.definition, standards),
            )
            for step in stored.steps
        ]
        journeys.append(score_journey(stored.model_copy(update={"steps": steps}), standards))
    return run.model_copy(
        update={"journeys": journeys, "fix_first": rank_findings(journeys, standards)}
    ).judged_with(standards)


# --- a person's walk ------------------------------------------------------------------------

UNCHANGED_PAGE = "unchanged-page"


def _flag_unchanged_pages(steps: Sequence[StepResult], standards: Standards) -> None:
    """A guided web step captured on the very page the step before was captured on (same
    address, title and text) was probably never walked: say so, and keep it from proud."""
    from selfshop.judge.checks.registry import CheckContext

    heaviest = max(standards.standards, key=lambda s: s.weight).id
    ctx = CheckContext(check_id="guided", standard=heaviest, standards=standards)
    for before, step in pairwise(steps):
        now, then = step.evidence, before.evidence
        if now.url is None or (now.url, now.title, now.text) != (then.url, then.title, then.text):
            continue
        finding = ctx.finding(
            Severity.major,
            f"The {now.step_name} step was captured on the same page as the "
            f"{then.step_name} step: it may never have been walked.",
            subject=f"{now.journey_id} {now.step_name} {UNCHANGED_PAGE}",
            fix="Walk the step on the site before rating it, or skip it.",
            url=now.url,
        )
        step.checks.append(
            CheckResult(
                check_id="guided",
                standard=heaviest,
                status=CheckStatus.not_applicable,
                reason="a note on the walk",
                findings=[finding],
            )
        )


def _unconfirmed(step: StepResult) -> list[str]:
    """Why a person's walk cannot call this step proud: it was left unrated, or captured on an
    unchanged page."""
    reasons = []
    ratings = [r for r in step.evidence.guided if any(v is not None for v in r.ratings.values())]
    if step.evidence.guided and not ratings and step.evidence.status is StepStatus.passed:
        reasons.append(f"Not rated: nobody rated the {step.evidence.step_name} step.")
    reasons += [
        f"Not proud: {f.message.rstrip('.')}."
        for f in step.findings
        if f.key.endswith(UNCHANGED_PAGE)
    ]
    return reasons


# --- scores -------------------------------------------------------------------------------


def _weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Mean of (value, weight) pairs; None when the weights add up to nothing."""
    total = weight_sum = 0.0
    for value, weight in pairs:
        total += value * weight
        weight_sum += weight
    return total / weight_sum if weight_sum > 0 else None


def standard_scores(checks: Sequence[CheckResult], standards: Standards) -> dict[str, float | None]:
    """Each standard's 0-100 score from its scored checks on one step."""
    scores: dict[str, float | None] = {}
    for standard in standards.standards:
        pairs = [
            (c.score, c.weight)
            for c in checks
            if c.standard == standard.id and c.status is CheckStatus.scored and c.score is not None
        ]
        mean = _weighted_mean(pairs)
        scores[standard.id] = None if mean is None else round(mean * 100, 2)
    return scores


def overall(scores: dict[str, float | None], standards: Standards) -> float | None:
    """The weighted mean of standard scores, by the standards' weights."""
    pairs = [
        (value, standard.weight)
        for standard in standards.standards
        if (value := scores.get(standard.id)) is not None
    ]
    mean = _weighted_mean(pairs)
    return None if mean is None else round(mean, 2)


def score_step(step: StepResult, standards: Standards) -> StepResult:
    scores = standard_scores(step.checks, standards)
    if step.evidence.status in (StepStatus.failed, StepStatus.not_reached):
        # The customer never got through this step: it served them in nothing, so a journey
        # that cannot be finished also scores like one (its verdict is redesign regardless).
        scores = {standard.id: 0.0 for standard in standards.standards}
    score = overall(scores, standards)
    verdict, reasons = _step_verdict(step, scores, score, standards)
    return step.model_copy(
        update={
            "standard_scores": scores,
            "score": capped(score, verdict, standards),
            "uncapped_score": score,
            "verdict": verdict,
            "reasons": reasons,
        }
    )


def capped(score: float | None, verdict: Verdict, standards: Standards) -> float | None:
    """The score shown beside a verdict, so the two tell one story: a redesign is below the
    redesign line and a middle below the proud line, whatever the checks averaged."""
    if score is None:
        return None
    bands = standards.verdict
    # min(score, line - 1), not "line - 1 when above it": a better journey never shows less.
    if verdict is Verdict.redesign:
        return max(0.0, min(score, bands.redesign - 1))
    if verdict is Verdict.middle:
        return max(0.0, min(score, bands.proud - 1))
    return score


def score_journey(result: JourneyResult, standards: Standards) -> JourneyResult:
    """Fill in every score, verdict, reason and the fix-first list of one journey result."""
    steps = [score_step(step, standards) for step in result.steps]
    scores: dict[str, float | None] = {}
    for standard in standards.standards:
        values = [v for s in steps if (v := s.standard_scores.get(standard.id)) is not None]
        scores[standard.id] = round(sum(values) / len(values), 2) if values else None
    score = overall(scores, standards)
    scored_steps = [s for s in steps if s.uncapped_score is not None]
    weakest = min(scored_steps, key=lambda s: s.uncapped_score or 0.0, default=None)
    journey = result.model_copy(
        update={
            "steps": steps,
            "standard_scores": scores,
            "score": score,
            "uncapped_score": score,
            "weakest_step": weakest.evidence.step_index if weakest else None,
        }
    )
    journey.fix_first = rank_findings([journey], standards)
    journey.verdict, journey.reasons = _journey_verdict(journey, weakest, standards)
    journey.score = capped(score, journey.verdict, standards)
    if journey.cut_short:
        # Steps never walked say nothing about the site: no score, and the history skips it.
        journey.score = journey.uncapped_score = None
        journey.reasons = [
            "Not finished: the run was stopped before this journey was walked to its end, "
            "so it has no score."
        ]
    return journey


# --- verdicts -----------------------------------------------------------------------------


def _blocker_reasons(steps: Sequence[StepResult]) -> list[str]:
    reasons = []
    for step in steps:
        for finding in step.findings:
            if finding.severity is not Severity.blocker:
                continue
            message = finding.message.rstrip(".")
            if not message.lower().startswith("blocked"):
                message = f"Blocked at the {step.evidence.step_name} step: {message}"
            reasons.append(message)
    return list(dict.fromkeys(reasons))


def _barrier_reason(steps: Sequence[StepResult]) -> list[str]:
    """'Not proud: it fails WCAG A/AA …' when any step has a barrier short of a blocker."""
    barriers = [
        f
        for step in steps
        for f in step.findings
        if f.wcag_barrier and f.severity in (Severity.major, Severity.minor)
    ]
    if not barriers:
        return []
    return [f"Not proud: a barrier under WCAG A/AA.{_naming(barriers)}"]


def _step_verdict(
    step: StepResult,
    scores: dict[str, float | None],
    score: float | None,
    standards: Standards,
) -> tuple[Verdict, list[str]]:
    blockers = _blocker_reasons([step])
    if blockers:
        return Verdict.redesign, blockers + _without_blocker(score)
    bands = standards.verdict
    if score is None:
        return Verdict.middle, ["Nothing could be scored on this step."]
    band = Verdict.of_score(score, bands.proud, bands.redesign)
    if band is Verdict.redesign:
        worst = _worst_standard(scores, standards)
        return Verdict.redesign, [
            f"Below the redesign line: {_fmt(score)} (weakest: {worst}).{_naming(step.findings)}"
        ]
    barrier = _barrier_reason([step]) + _unconfirmed(step)
    if barrier:
        return Verdict.middle, barrier + _without_barrier(score, standards)
    if band is Verdict.proud:
        return Verdict.proud, [
            f"Proud: {_fmt(score)}, at or above the proud line of {_fmt(bands.proud)}."
        ]
    return Verdict.middle, [
        f"Not proud yet: {_fmt(score)}, below the proud line of {_fmt(bands.proud)}."
        f"{_naming(step.findings)}"
    ]


def _journey_verdict(
    journey: JourneyResult, weakest: StepResult | None, standards: Standards
) -> tuple[Verdict, list[str]]:
    bands = standards.verdict
    # Name findings in fix-first order, leaving blockers to their own reasons.
    ranked = [r.finding for r in journey.fix_first if r.finding.severity is not Severity.blocker]
    blockers = _blocker_reasons(journey.steps)
    reasons: list[str] = []
    score = journey.score
    if score is not None and score < bands.redesign:
        reasons.append(f"Below the redesign line: {_fmt(score)} overall.{_naming(ranked)}")
    for standard in standards.standards:
        value = journey.standard_scores.get(standard.id)
        if standard.weight > 0 and value is not None and value < bands.redesign:
            mine = [f for f in ranked if f.standard == standard.id]
            reasons.append(f"Below the redesign line: {standard.id} {_fmt(value)}.{_naming(mine)}")
    if weakest is not None and weakest.score is not None and weakest.score < bands.redesign:
        reasons.append(
            f"The {weakest.evidence.step_name} step scores {_fmt(weakest.score)}, below the "
            f"redesign line of {_fmt(bands.redesign)}.{_naming(weakest.findings)}"
        )
    if blockers and not reasons and score is not None and score < bands.proud:
        # A blocker decides the verdict; the score still says how far from proud the rest is.
        reasons.append(
            f"Not proud even without the blocker: {_fmt(score)} overall, below the proud "
            f"line of {_fmt(bands.proud)}.{_naming(ranked)}"
        )
    elif blockers and not reasons:
        reasons += _without_blocker(score)
    if blockers or reasons:
        return Verdict.redesign, blockers + reasons
    if score is None:
        return Verdict.middle, ["Nothing could be scored on this journey."]
    barrier = _barrier_reason(journey.steps) + [r for s in journey.steps for r in _unconfirmed(s)]
    if barrier:
        return Verdict.middle, barrier + _without_barrier(score, standards)
    if Verdict.of_score(score, bands.proud, bands.redesign) is Verdict.proud:
        return Verdict.proud, [
            f"Proud: {_fmt(score)} overall, at or above the proud line of {_fmt(bands.proud)}, "
            "with no blockers."
        ]
    return Verdict.middle, [
        f"Not proud yet: {_fmt(score)} overall, below the proud line of {_fmt(bands.proud)}."
        f"{_naming(ranked)}"
    ]


def _without_blocker(score: float | None) -> list[str]:
    if score is None:
        return []
    return [f"Without the blocker it would score {_fmt(score)}; the score shown is capped."]


def _without_barrier(score: float, standards: Standards) -> list[str]:
    if score < standards.verdict.proud:
        return [
            f"Its score is {_fmt(score)}, below the proud line of "
            f"{_fmt(standards.verdict.proud)} too."
        ]
    return [f"Without the barrier it would score {_fmt(score)}; the score shown is capped."]


def _worst_standard(scores: dict[str, float | None], standards: Standards) -> str:
    weighted = [
        (value, s.id)
        for s in standards.standards
        if s.weight > 0 and (value := scores.get(s.id)) is not None
    ]
    value, standard = min(weighted)
    return f"{standard} {_fmt(value)}"


def _naming(findings: Sequence[Finding], limit: int = 3) -> str:
    """' Findings: a; b; c.' — the most severe findings (ties keep the order given, e.g. the
    fix-first order), so a verdict says why in words."""
    ranked = sorted(
        (f for f in findings if f.severity is not Severity.info),
        key=lambda f: -f.severity.rank,
    )
    messages = list(dict.fromkeys(f.message.rstrip(".") for f in ranked))[:limit]
    return f" Findings: {'; '.join(messages)}." if messages else ""


def _fmt(value: float) -> str:
    return f"{value:.0f}"


# --- fix first ----------------------------------------------------------------------------


def rank_findings(journeys: Sequence[JourneyResult], standards: Standards) -> list[RankedFinding]:
    """The fix-first list (see selfshop.models.results.rank), weighed by these standards."""
    return rank(journeys, {s.id: s.weight for s in standards.standards})
