"""Goals: a run's level per goal, and on/off track against the milestone already due."""

from __future__ import annotations

from datetime import date

from selfshop.judge.goals import goal_statuses, level
from selfshop.models.results import JourneyResult
from selfshop.models.standards import Standards

STANDARDS = Standards.model_validate(
    {
        "organisation": "Acme",
        "goal": {"target": 85, "by": "2027-12-31"},
        "standards": [
            {
                "id": "inclusion",
                "title": "Inclusion",
                "goal": {
                    "target": 90,
                    "by": "2027-06-30",
                    "milestones": [{"score": 80, "by": "2026-12-31"}],
                },
            }
        ],
    }
)


def journey(score: float | None, inclusion: float | None) -> JourneyResult:
    return JourneyResult(
        journey_id="j", title="J", score=score, standard_scores={"inclusion": inclusion}
    )


def test_level_is_the_mean_of_the_journeys_that_measured_it() -> None:
    journeys = [journey(70, 60), journey(90, None), journey(None, 90)]
    assert level(journeys, "overall") == 80
    assert level(journeys, "inclusion") == 75
    assert level([], "inclusion") is None


def test_before_any_milestone_is_due_a_goal_is_on_track() -> None:
    statuses = goal_statuses(STANDARDS, [journey(40, 40)], date(2026, 6, 1))
    assert [(s.goal_id, s.on_track) for s in statuses] == [("overall", True), ("inclusion", True)]
    assert "nothing due yet" in statuses[1].describe()


def test_below_the_milestone_due_is_off_track() -> None:
    (_, inclusion) = goal_statuses(STANDARDS, [journey(90, 79)], date(2027, 1, 15))
    assert not inclusion.on_track
    assert inclusion.describe() == (
        "inclusion is 79.0, below 80 due by 2026-12-31 (goal: 90 by 2027-06-30)"
    )


def test_after_the_goal_date_the_target_itself_is_due() -> None:
    (_, inclusion) = goal_statuses(STANDARDS, [journey(90, 85)], date(2027, 7, 1))
    assert inclusion.due is not None and inclusion.due[0] == 90
    assert not inclusion.on_track
    (_, reached) = goal_statuses(STANDARDS, [journey(90, 90)], date(2027, 7, 1))
    assert reached.on_track
