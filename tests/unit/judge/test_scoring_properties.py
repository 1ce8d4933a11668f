"""Scoring properties a leader relies on, checked with generated journeys (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from selfshop.judge.scoring import score_journey
from selfshop.models import Standards, StepEvidence
from selfshop.models.results import (
    CheckResult,
    CheckStatus,
    Finding,
    JourneyResult,
    Severity,
    StepResult,
)

IDS = ["safety", "courtesy", "inclusion", "show", "efficiency"]

scores = st.one_of(st.none(), st.floats(0, 1))
checks = st.builds(
    lambda standard, score, weight: CheckResult(
        check_id=f"c-{standard}",
        standard=standard,
        score=score,
        weight=weight,
        status=CheckStatus.scored if score is not None else CheckStatus.not_applicable,
    ),
    st.sampled_from(IDS),
    scores,
    st.sampled_from([0, 0.5, 1, 2, 3]),
)
steps = st.lists(st.lists(checks, min_size=0, max_size=6), min_size=1, max_size=4)


@st.composite
def charters(draw: st.DrawFn) -> Standards:
    redesign = draw(st.integers(0, 100))
    proud = draw(st.integers(redesign, 100))
    weights = draw(st.lists(st.sampled_from([0, 0.5, 1, 2, 5]), min_size=5, max_size=5))
    return Standards.model_validate(
        {
            "organisation": "Acme",
            "verdict": {"proud": proud, "redesign": redesign},
            "standards": [
                {"id": s, "title": s, "weight": w} for s, w in zip(IDS, weights, strict=True)
            ],
        }
    )


def build(step_checks: list[list[CheckResult]]) -> JourneyResult:
    return JourneyResult(
        journey_id="j",
        title="J",
        steps=[
            StepResult(
                evidence=StepEvidence(journey_id="j", step_index=i, step_name=f"Step {i}"),
                checks=[c.model_copy(deep=True) for c in cs],
            )
            for i, cs in enumerate(step_checks)
        ],
    )


@settings(max_examples=100, deadline=None)
@given(steps, charters(), st.data())
def test_adding_a_blocker_never_raises_a_verdict(
    step_checks: list[list[CheckResult]], standards: Standards, data: st.DataObject
) -> None:
    before = score_journey(build(step_checks), standards)
    journey = build(step_checks)
    where = data.draw(st.integers(0, len(journey.steps) - 1))
    blocker = Finding(
        check_id="x",
        standard=data.draw(st.sampled_from(IDS)),
        severity=Severity.blocker,
        message="It stopped me",
        key="x:stop",
    )
    journey.steps[where].checks.append(
        CheckResult(
            check_id="x",
            standard=blocker.standard,
            status=CheckStatus.not_applicable,
            findings=[blocker],
        )
    )
    after = score_journey(journey, standards)
    assert after.verdict.rank <= before.verdict.rank
    assert after.verdict.value == "redesign"
    for old, new in zip(before.steps, after.steps, strict=True):
        assert new.verdict.rank <= old.verdict.rank


@settings(max_examples=100, deadline=None)
@given(steps, charters(), st.data())
def test_raising_a_check_score_never_lowers_the_journey(
    step_checks: list[list[CheckResult]], standards: Standards, data: st.DataObject
) -> None:
    scored = [
        (i, j) for i, cs in enumerate(step_checks) for j, c in enumerate(cs) if c.score is not None
    ]
    if not scored:
        return
    i, j = data.draw(st.sampled_from(scored))
    old_score = step_checks[i][j].score or 0.0
    raised = [[c.model_copy() for c in cs] for cs in step_checks]
    raised[i][j] = raised[i][j].model_copy(update={"score": data.draw(st.floats(old_score, 1))})
    before = score_journey(build(step_checks), standards)
    after = score_journey(build(raised), standards)
    if before.score is not None:
        assert after.score is not None and after.score >= before.score
    for standard in IDS:
        old, new = before.standard_scores[standard], after.standard_scores[standard]
        if old is not None:
            assert new is not None and new >= old
    assert after.verdict.rank >= before.verdict.rank


@settings(max_examples=100, deadline=None)
@given(steps, charters(), st.sampled_from(IDS), st.data())
def test_a_zero_weight_standard_has_no_influence(
    step_checks: list[list[CheckResult]],
    standards: Standards,
    silenced: str,
    data: st.DataObject,
) -> None:
    zeroed = standards.model_copy(deep=True)
    next(s for s in zeroed.standards if s.id == silenced).weight = 0
    changed = [
        [
            c.model_copy(update={"score": data.draw(scores)}) if c.standard == silenced else c
            for c in cs
        ]
        for cs in step_checks
    ]
    for cs in changed:
        for c in cs:
            c.status = CheckStatus.scored if c.score is not None else CheckStatus.not_applicable
    before = score_journey(build(step_checks), zeroed)
    after = score_journey(build(changed), zeroed)
    assert after.score == before.score
    assert after.verdict is before.verdict
    assert [s.score for s in after.steps] == [s.score for s in before.steps]
