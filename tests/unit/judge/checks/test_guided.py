"""A person's ratings, blockers and measures, blended with the automated checks."""

from __future__ import annotations

import pytest

from selfshop.judge.checks import check_step
from selfshop.models import Journey
from selfshop.models.evidence import EvidenceKind, GuidedRating
from selfshop.models.results import CheckStatus, Severity

from .conftest import load_evidence, make_standards


def phone_journey() -> Journey:
    return Journey.model_validate(
        {
            "id": "help-line",
            "title": "Call the help line",
            "channel": "phone",
            "steps": [
                {
                    "name": "Call the help line",
                    "ask": "Were you helped kindly?",
                    "measure": [
                        {
                            "id": "hold_minutes",
                            "prompt": "Minutes on hold:",
                            "unit": "min",
                            "target_max": 5,
                        },
                    ],
                }
            ],
        }
    )


def test_ratings_become_guided_results_one_per_standard() -> None:
    results = check_step(load_evidence("guided_phone"), phone_journey(), make_standards())
    guided = {r.standard: r for r in results if r.check_id == "guided"}
    assert set(guided) == {"courtesy", "efficiency"}  # safety was rated "not applicable"
    assert guided["courtesy"].score == 1.0  # 5 of 5
    assert guided["efficiency"].score == 0.25  # 2 of 5


def test_measures_over_target_are_major() -> None:
    results = check_step(load_evidence("guided_phone"), phone_journey(), make_standards())
    measures = next(r for r in results if r.check_id == "measures")
    assert measures.standard == "efficiency" and measures.score == 0
    assert measures.findings[0].severity is Severity.major
    assert measures.findings[0].message == "Minutes on hold: 12 min, above the target of 5 min."


def test_guided_weight_is_relative_to_the_automated_checks() -> None:
    evidence = load_evidence("polished_gifts")
    evidence.gathered.append(EvidenceKind.guided)
    evidence.guided = [GuidedRating(auditor="Ana", walked_at="2026-11-20", ratings={"show": 1})]
    standards = make_standards(guided={"weight": 2})
    results = check_step(evidence, None, standards)
    automated = sum(
        r.weight
        for r in results
        if r.standard == "show" and r.check_id != "guided" and r.status is CheckStatus.scored
    )
    guided = next(r for r in results if r.check_id == "guided")
    assert guided.score == 0 and guided.weight == pytest.approx(2 * automated)


def test_two_auditors_are_averaged_and_a_stop_is_a_blocker() -> None:
    evidence = load_evidence("guided_phone")
    evidence.guided.append(
        GuidedRating(
            auditor="Ben",
            walked_at="2026-11-21",
            ratings={"courtesy": 3},
            blocker=True,
            notes="Line went dead after 12 minutes",
        )
    )
    results = check_step(evidence, phone_journey(), make_standards())
    courtesy = next(r for r in results if r.check_id == "guided" and r.standard == "courtesy")
    assert courtesy.score == 0.75  # (5 + 3) / 2 = 4 → 0.75
    blockers = [f for r in results for f in r.findings if f.severity is Severity.blocker]
    assert len(blockers) == 1
    assert blockers[0].message == (
        "Blocked: Ben could not get past the Call the help line step: "
        "\u201cLine went dead after 12 minutes\u201d."
    )
    assert blockers[0].standard == "efficiency"  # the lowest-rated standard


def test_a_phone_step_is_scored_by_the_leader_alone() -> None:
    from selfshop.judge.scoring import standard_scores

    results = check_step(load_evidence("guided_phone"), phone_journey(), make_standards())
    completion = next(r for r in results if r.check_id == "completion")
    assert completion.score == 1 and completion.weight == 0  # passed: shown, weighs nothing
    scores = standard_scores(results, make_standards())
    assert scores["courtesy"] == 100.0
    # efficiency: the leader's 2 of 5 (25) and the hold-time measure over target (0), equally
    assert scores["efficiency"] == 12.5


def test_low_ratings_are_findings_in_the_persons_words() -> None:
    """A leader who rates a step 1 or 2 must see it in what to fix, not only in a score."""
    evidence = load_evidence("polished_gifts")
    evidence.gathered.append(EvidenceKind.guided)
    evidence.guided = [
        GuidedRating(
            auditor="Ana",
            walked_at="2026-11-20",
            ratings={"show": 1, "courtesy": 2, "safety": 3},
            notes="The price filter hides the cheap gifts",
        )
    ]
    results = check_step(evidence, None, make_standards())
    found = {r.standard: r.findings for r in results if r.check_id == "guided"}
    assert [f.severity for f in found["show"]] == [Severity.major]
    assert found["show"][0].message == (
        f"Ana rated show 1 of 5 at the {evidence.step_name} step: "
        "\u201cThe price filter hides the cheap gifts\u201d"
    )
    assert [f.severity for f in found["courtesy"]] == [Severity.minor]
    assert found["safety"] == []
