"""The CI gate: does this run let the change ship? (`selfshop run` exits 1 when it does not.)"""

from __future__ import annotations

from selfshop.models.audit import FailOn, Gate
from selfshop.models.results import GateOutcome, JourneyResult, Run, Verdict


def evaluate(run: Run, gate: Gate, previous: Run | None = None) -> GateOutcome:
    """Every rule of the gate is applied; every journey that breaks one gets its own reason.

    - fail_on: `redesign` fails on any redesign verdict, `middle` on anything short of proud,
      `never` never fails on verdicts (max_drop and min_score still apply when set);
    - max_drop: a journey whose score fell by more than this many points since `previous`;
    - min_score: a journey scoring below this (a journey with no score at all fails too);
    - an interrupted run fails: journeys that were not walked cannot pass.
    """
    reasons: list[str] = []
    if run.interrupted:
        reasons.append("the run was interrupted: not every journey was walked")
    before = {j.key: j for j in previous.journeys} if previous is not None else {}
    for journey in run.journeys:
        reasons.extend(_verdict_reasons(journey, gate.fail_on))
        if gate.min_score is not None:
            reasons.extend(_min_score_reasons(journey, gate.min_score))
        if gate.max_drop is not None and journey.key in before:
            reasons.extend(_drop_reasons(journey, before[journey.key], gate.max_drop))
    return GateOutcome(passed=not reasons, reasons=reasons)


def _score_words(score: float | None) -> str:
    return "no score" if score is None else f"score {score:.1f}"


def _verdict_reasons(journey: JourneyResult, fail_on: FailOn) -> list[str]:
    failing = (fail_on is FailOn.redesign and journey.verdict is Verdict.redesign) or (
        fail_on is FailOn.middle and journey.verdict is not Verdict.proud
    )
    if not failing:
        return []
    return [
        f"{journey.key} is {journey.verdict.value} ({_score_words(journey.score)}); "
        f"the gate fails on {fail_on.value}"
    ]


def _min_score_reasons(journey: JourneyResult, min_score: float) -> list[str]:
    if journey.score is not None and journey.score >= min_score:
        return []
    return [f"{journey.key} has {_score_words(journey.score)}, below the minimum {min_score:g}"]


def _drop_reasons(journey: JourneyResult, previous: JourneyResult, max_drop: float) -> list[str]:
    if journey.score is None or previous.score is None:
        return []
    drop = previous.score - journey.score
    if drop <= max_drop:
        return []
    return [
        f"{journey.key} dropped {drop:.1f} points ({previous.score:.1f} -> "
        f"{journey.score:.1f}), more than the allowed {max_drop:g}"
    ]
