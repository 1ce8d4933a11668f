"""The CI gate: which runs may ship, and the reasons a failing one gives."""

from __future__ import annotations

from selfshop.judge.gate import evaluate
from selfshop.models.audit import FailOn, Gate
from selfshop.models.results import JourneyResult, Run, Verdict


def make_run(*journeys: tuple[str, float | None, Verdict], interrupted: bool = False) -> Run:
    return Run(
        run_id="r",
        audit="a",
        started_at="2026-11-22T07:00:00+00:00",
        interrupted=interrupted,
        journeys=[
            JourneyResult(journey_id=key, title=key, score=score, verdict=verdict)
            for key, score, verdict in journeys
        ],
    )


def test_redesign_fails_the_default_gate_and_names_the_journey() -> None:
    run = make_run(("checkout", 52.0, Verdict.redesign), ("refund", 90.0, Verdict.proud))
    outcome = evaluate(run, Gate())
    assert not outcome.passed
    assert len(outcome.reasons) == 1
    assert "checkout@desktop is redesign (score 52.0)" in outcome.reasons[0]


def test_middle_passes_the_default_gate_but_fails_a_strict_one() -> None:
    run = make_run(("checkout", 75.0, Verdict.middle))
    assert evaluate(run, Gate()).passed
    strict = evaluate(run, Gate(fail_on=FailOn.middle))
    assert not strict.passed
    assert "checkout@desktop is middle" in strict.reasons[0]


def test_never_reports_only_unless_a_score_rule_is_set() -> None:
    run = make_run(("checkout", 20.0, Verdict.redesign))
    assert evaluate(run, Gate(fail_on=FailOn.never)).passed
    outcome = evaluate(run, Gate(fail_on=FailOn.never, min_score=50))
    assert not outcome.passed
    assert outcome.reasons == ["checkout@desktop has score 20.0, below the minimum 50"]


def test_min_score_fails_a_journey_without_any_score() -> None:
    run = make_run(("phone", None, Verdict.middle))
    outcome = evaluate(run, Gate(min_score=10))
    assert outcome.reasons == ["phone@desktop has no score, below the minimum 10"]


def test_max_drop_compares_each_journey_with_the_previous_run() -> None:
    before = make_run(("checkout", 95.0, Verdict.proud), ("refund", 90.0, Verdict.proud))
    now = make_run(
        ("checkout", 86.0, Verdict.proud),
        ("refund", 88.0, Verdict.proud),
        ("new-one", 86.0, Verdict.proud),
    )
    outcome = evaluate(now, Gate(max_drop=5), before)
    assert not outcome.passed
    assert outcome.reasons == [
        "checkout@desktop dropped 9.0 points (95.0 -> 86.0), more than the allowed 5"
    ]
    assert evaluate(now, Gate(max_drop=9), before).passed  # exactly the limit is allowed
    assert evaluate(now, Gate(max_drop=5)).passed  # no previous run: nothing to compare


def test_an_interrupted_run_never_passes() -> None:
    run = make_run(("checkout", 99.0, Verdict.proud), interrupted=True)
    outcome = evaluate(run, Gate(fail_on=FailOn.never))
    assert not outcome.passed
    assert "interrupted" in outcome.reasons[0]


def test_every_failing_rule_gives_its_own_reason() -> None:
    before = make_run(("checkout", 80.0, Verdict.middle))
    now = make_run(("checkout", 40.0, Verdict.redesign))
    outcome = evaluate(now, Gate(max_drop=10, min_score=50), before)
    assert len(outcome.reasons) == 3
