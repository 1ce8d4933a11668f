"""Which changes between two runs raise an alert, each naming the journey and its owner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from selfshop.judge.goals import GoalStatus, goal_statuses
from selfshop.models.audit import AlertRule
from selfshop.models.common import Owner
from selfshop.models.results import JourneyResult, Run
from selfshop.models.standards import OVERALL, Standards


@dataclass(frozen=True)
class Alert:
    rule: AlertRule
    what: str  # one line, in plain words: what changed
    subject: str | None = None  # the journey (journey_id@device) or goal it is about
    owner: Owner | None = None
    lead: str = ""  # how `what` names its subject, e.g. "Buy a gift (guest-checkout@mobile)"


def run_alerts(
    run: Run, previous: Run | None, standards: Standards, *, drop: float, today: date
) -> list[Alert]:
    """Every alert the run raises against the previous run of its audit."""
    alerts: list[Alert] = []
    if run.interrupted:
        alerts.append(Alert(AlertRule.run_failed, "the run was interrupted before it finished"))
    before = {j.key: j for j in previous.journeys} if previous is not None else {}
    for journey in run.journeys:
        earlier = before.get(journey.key)
        if earlier is not None:
            alerts += _journey_alerts(journey, earlier, drop)
    if not run.gate.passed:
        alerts.append(Alert(AlertRule.gate_failed, f"the gate failed: {_reasons(run)}"))
    alerts += _goal_alerts(run, previous, standards, today)
    return alerts


def _reasons(run: Run, shown: int = 3) -> str:
    reasons = run.gate.reasons or ["no reason given"]
    more = len(reasons) - shown
    return "; ".join(reasons[:shown]) + (f"; and {more} more (see the report)" if more > 0 else "")


def failed_to_start(problem: str) -> Alert:
    return Alert(AlertRule.run_failed, f"the run could not start: {problem}")


def _owner(journey: JourneyResult) -> Owner | None:
    return journey.definition.owner if journey.definition is not None else None


def _scores(journey: JourneyResult, earlier: JourneyResult) -> str:
    def text(score: float | None) -> str:
        return "no score" if score is None else f"{score:.1f}"

    return f"{text(earlier.score)} -> {text(journey.score)}"


def _journey_alerts(journey: JourneyResult, earlier: JourneyResult, drop: float) -> list[Alert]:
    alerts = []
    title = f"{journey.title} ({journey.key})"
    if journey.verdict.rank < earlier.verdict.rank:
        what = (
            f"{title} went from {earlier.verdict.value} to {journey.verdict.value} "
            f"(score {_scores(journey, earlier)})"
        )
        alerts.append(Alert(AlertRule.verdict_worse, what, journey.key, _owner(journey), title))
    if journey.score is not None and earlier.score is not None:
        lost = earlier.score - journey.score
        if lost > drop:
            what = f"{title} dropped {lost:.1f} points ({_scores(journey, earlier)})"
            alerts.append(Alert(AlertRule.score_drop, what, journey.key, _owner(journey), title))
    return alerts


def _goal_alerts(run: Run, previous: Run | None, standards: Standards, today: date) -> list[Alert]:
    """A goal that is off track now and was not last time (or had no last time)."""
    then: dict[str, GoalStatus] = {}
    if previous is not None:
        then = {s.goal_id: s for s in goal_statuses(standards, previous.journeys, today)}
    alerts = []
    for status in goal_statuses(standards, run.journeys, today):
        was = then.get(status.goal_id)
        if status.on_track or (was is not None and not was.on_track):
            continue
        standard = standards.get(status.goal_id)
        owner = standards.owner if status.goal_id == OVERALL else (standard and standard.owner)
        what = f"goal now off track: {status.describe()}"
        alerts.append(Alert(AlertRule.goal_off_track, what, status.name, owner or None))
    return alerts
