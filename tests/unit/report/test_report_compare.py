"""Compared with last time: score and verdict changes, findings new / fixed / still open."""

from __future__ import annotations

from selfshop.models.results import (
    Finding,
    JourneyResult,
    Place,
    RankedFinding,
    Run,
    Severity,
    Verdict,
)
from selfshop.report.compare import compare


def finding(key: str, journeys: list[str]) -> RankedFinding:
    return RankedFinding(
        finding=Finding(
            check_id=key,
            standard="show",
            severity=Severity.minor,
            message=f"problem {key}",
            key=key,
        ),
        priority=1,
        journeys=journeys,
        steps=[f"{j}#0" for j in journeys],
    )


def make_run(
    run_id: str, journeys: dict[str, tuple[float | None, Verdict]], findings: list[RankedFinding]
) -> Run:
    return Run(
        run_id=run_id,
        audit="a",
        started_at="2026-11-22T07:00:00+00:00",
        journeys=[
            JourneyResult(journey_id=k, title=k, score=s, verdict=v)
            for k, (s, v) in journeys.items()
        ],
        fix_first=findings,
    )


def test_score_and_verdict_changes_per_journey() -> None:
    before = make_run(
        "old",
        {
            "checkout": (90.0, Verdict.proud),
            "refund": (70.0, Verdict.middle),
            "gone": (50.0, Verdict.redesign),
        },
        [],
    )
    now = make_run(
        "new",
        {
            "checkout": (82.5, Verdict.middle),
            "refund": (70.0, Verdict.middle),
            "fresh": (99.0, Verdict.proud),
        },
        [],
    )
    result = compare(now, before)
    checkout = result.journeys["checkout@desktop"]
    assert checkout.delta == -7.5
    assert checkout.verdict_changed
    assert checkout.describe() == "-7.5 (was proud)"
    assert result.journeys["refund@desktop"].describe() == "no change"
    assert result.journeys["fresh@desktop"].describe() == "new"
    assert result.removed == ["gone@desktop"]


def test_findings_new_fixed_and_still_open_by_key() -> None:
    before = make_run(
        "old",
        {"checkout": (90.0, Verdict.proud), "gone": (1.0, Verdict.redesign)},
        [
            finding("a", ["checkout@desktop"]),
            finding("b", ["checkout@desktop"]),
            finding("only-in-gone", ["gone@desktop"]),
        ],
    )
    now = make_run(
        "new",
        {"checkout": (90.0, Verdict.proud)},
        [finding("b", ["checkout@desktop"]), finding("c", ["checkout@desktop"])],
    )
    result = compare(now, before)
    assert [r.finding.key for r in result.new_findings] == ["c"]
    assert [r.finding.key for r in result.open_findings] == ["b"]
    # a finding of a journey not walked this time is not "fixed": nobody looked again
    assert [r.finding.key for r in result.fixed_findings] == ["a"]


def test_findings_without_keys_are_matched_by_check_and_message() -> None:
    plain = Finding(
        check_id="alt",
        standard="inclusion",
        severity=Severity.major,
        message="An image has no text alternative",
    )
    assert plain.identity == "alt|inclusion|An image has no text alternative"


def test_place_labels_count_steps_from_one() -> None:
    assert Place.parse("checkout@mobile#0").label == "checkout@mobile step 1"
    assert Place.parse("checkout@mobile").label == "checkout@mobile"
    assert str(Place("checkout@mobile", 0)) == "checkout@mobile#0"  # as run.json writes it


def test_sample_runs_compare_by_key(run: Run, previous: Run) -> None:
    result = compare(run, previous)
    assert [r.finding.key for r in result.fixed_findings] == ["old-problem:gone"]
    assert len(result.new_findings) == 1
    assert all(c.delta is not None and c.delta < 0 for c in result.journeys.values())
