"""Where the organisation stands against its goals: a run's level per goal, and whether it is
on track (at or above the milestone, or the target, that is already due)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from selfshop.models.standards import OVERALL, Goal, Standards


class Scored(Protocol):
    """What a goal is measured on: a journey's score and its score per standard."""

    @property
    def score(self) -> float | None: ...

    @property
    def standard_scores(self) -> Mapping[str, float | None]: ...


def level(journeys: Iterable[Scored], goal_id: str) -> float | None:
    """The mean over journeys of their score ('overall') or of one standard's score."""
    if goal_id == OVERALL:
        values = [j.score for j in journeys]
    else:
        values = [j.standard_scores.get(goal_id) for j in journeys]
    scored = [v for v in values if v is not None]
    return round(sum(scored) / len(scored), 1) if scored else None


@dataclass(frozen=True)
class GoalStatus:
    goal_id: str
    goal: Goal
    level: float | None  # None: nothing measured it in this run
    due: tuple[float, date] | None  # the milestone (or target) already due, if any

    @property
    def on_track(self) -> bool:
        """Nothing measured, or nothing due yet, is not off track."""
        return self.level is None or self.due is None or self.level >= self.due[0]

    @property
    def name(self) -> str:
        return "overall" if self.goal_id == OVERALL else self.goal_id

    def describe(self) -> str:
        """'inclusion is 72.0, below 80 due by 2026-12-31 (goal: 90 by 2027-06-30)'."""
        now = "not measured" if self.level is None else f"{self.level:.1f}"
        aim = f"goal: {self.goal.target:g} by {self.goal.by}"
        if self.due is None:
            return f"{self.name} is {now} ({aim}; nothing due yet)"
        relation = "at or above" if self.on_track else "below"
        return f"{self.name} is {now}, {relation} {self.due[0]:g} due by {self.due[1]} ({aim})"


def goal_statuses(
    standards: Standards, journeys: Iterable[Scored], today: date
) -> list[GoalStatus]:
    """Every goal of the charter against the given journeys, as of `today`."""
    walked = list(journeys)
    return [
        GoalStatus(goal_id, goal, level(walked, goal_id), goal.due(today))
        for goal_id, goal in standards.goals().items()
    ]
