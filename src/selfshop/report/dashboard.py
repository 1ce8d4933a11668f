"""The dashboard's content per audit: scores over time per standard with the goal lines, a
journeys x runs grid of verdicts, and what changed since the last run."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from markupsafe import Markup

from selfshop.models.results import GoalLine, Run
from selfshop.report.charts import Level, Line, line_chart, swatch
from selfshop.report.indexed import IndexJourney, IndexRun
from selfshop.store.history import JourneyPoint
from selfshop.store.runfolder import load_run, slugify

MAX_RUNS = 50  # the newest runs drawn per audit; older ones stay listed below


@dataclass(frozen=True)
class LegendEntry:
    swatch: Markup
    label: str


@dataclass(frozen=True)
class Chart:
    chart_id: str
    title: str
    svg: Markup
    legend: list[LegendEntry]
    goal: str | None  # "Goal: 90 by 2027-06-30; due now: 80 (since 2026-12-31)"
    rows: list[tuple[str, list[str]]]  # the data table: (journey, score per run)


@dataclass(frozen=True)
class GridRow:
    title: str
    key: str
    cells: list[IndexJourney | None]  # one per run, oldest first; None: not walked


@dataclass(frozen=True)
class AuditBoard:
    name: str
    slug: str
    runs: list[IndexRun]  # oldest first
    charts: list[Chart]
    grid: list[GridRow]
    changes: list[str]
    compared: str | None  # when the run compared against was made


def audit_boards(runs: Sequence[IndexRun], today: date | None = None) -> list[AuditBoard]:
    """One board per audit, the most recently run audit first."""
    by_audit: dict[str, list[IndexRun]] = {}
    for run in runs:  # newest first
        by_audit.setdefault(run.audit, []).append(run)
    return [
        _board(name, list(reversed(newest[:MAX_RUNS])), today or datetime.now(UTC).date())
        for name, newest in by_audit.items()
    ]


def _keys(runs: Sequence[IndexRun]) -> dict[str, str]:
    """Every journey key ever walked, in order of first appearance, with its latest title."""
    titles: dict[str, str] = {}
    for run in runs:
        for point in run.points:
            titles[point.key] = point.title
    return titles


def _point(run: IndexRun, key: str) -> JourneyPoint | None:
    return next((p for p in run.points if p.key == key), None)


def _latest_run(runs: Sequence[IndexRun]) -> Run | None:
    """The newest run.json this machine has: it says which standards and goals apply."""
    for run in reversed(runs):
        found = load_run(run.run_dir) if run.run_dir.is_dir() else None
        if found is not None:
            return found
    return None


def _board(name: str, runs: list[IndexRun], today: date) -> AuditBoard:
    slug = slugify(name)
    titles = _keys(runs)
    latest = _latest_run(runs)
    standards = [(s.id, s.title) for s in latest.standards] if latest else []
    goals = {g.id: g for g in latest.goals} if latest else {}
    labels = [run.started_at for run in runs]
    charts = [_chart(f"{slug}-overall", "Overall score", runs, titles, labels, None, goals, today)]
    charts += [
        _chart(f"{slug}-{sid}", title, runs, titles, labels, sid, goals, today)
        for sid, title in standards
    ]
    grid = [
        GridRow(title, key, [next((j for j in r.journeys if j.key == key), None) for r in runs])
        for key, title in titles.items()
    ]
    changes, compared = _changes(runs, titles)
    return AuditBoard(name, slug, runs, charts, grid, changes, compared)


def _values(runs: Sequence[IndexRun], key: str, standard: str | None) -> list[float | None]:
    values: list[float | None] = []
    for run in runs:
        point = _point(run, key)
        if point is None:
            values.append(None)
        else:
            values.append(point.score if standard is None else point.standard_scores.get(standard))
    return values


def _chart(
    chart_id: str,
    title: str,
    runs: Sequence[IndexRun],
    titles: dict[str, str],
    labels: list[str],
    standard: str | None,
    goals: dict[str, GoalLine],
    today: date,
) -> Chart:
    lines = [Line(f"{t} ({key})", _values(runs, key, standard)) for key, t in titles.items()]
    goal = goals.get(standard or "overall")
    levels, goal_words = _goal_levels(goal, today)
    description = (
        f"{title} of {len(lines)} journeys over {len(runs)} runs, 0 to 100"
        + (f"; {goal_words}" if goal_words else "")
        + ". The same numbers are in the table below the chart."
    )
    svg = line_chart(chart_id, f"{title} over time", description, lines, labels, levels)
    legend = [LegendEntry(swatch(i), line.label) for i, line in enumerate(lines)]
    rows = [(line.label, ["–" if v is None else f"{v:.0f}" for v in line.values]) for line in lines]
    return Chart(chart_id, title, svg, legend, goal_words, rows)


def _goal_levels(goal: GoalLine | None, today: date) -> tuple[list[Level], str | None]:
    if goal is None:
        return [], None
    levels = [Level(goal.target, f"goal {goal.target:g} by {goal.by}")]
    words = f"Goal: {goal.target:g} by {goal.by}"
    due = [(score, by) for score, by in goal.milestones if by <= today.isoformat()]
    if due and goal.by > today.isoformat():
        score, by = due[-1]
        levels.append(Level(score, f"due now {score:g}", dotted=True))
        words += f"; due now: {score:g} (since {by})"
    return levels, words


def _changes(runs: Sequence[IndexRun], titles: dict[str, str]) -> tuple[list[str], str | None]:
    """Plain sentences: what moved between the last two runs."""
    if len(runs) < 2:
        return [], None
    before, now = runs[-2], runs[-1]
    changes = []
    for key, title in titles.items():
        was, is_ = _point(before, key), _point(now, key)
        name = f"{title} ({key})"
        if was is None and is_ is not None:
            changes.append(f"{name}: new, {is_.verdict} ({_score(is_.score)})")
        elif was is not None and is_ is None:
            changes.append(f"{name}: not walked this time")
        elif was is not None and is_ is not None:
            moved = _moved(was, is_)
            if moved:
                changes.append(f"{name}: {moved}")
    return changes, before.started_at


def _score(score: float | None) -> str:
    return "no score" if score is None else f"{score:.0f}"


def _moved(was: JourneyPoint, now: JourneyPoint) -> str | None:
    parts = []
    if was.verdict != now.verdict:
        parts.append(f"{was.verdict} → {now.verdict}")
    if was.score is not None and now.score is not None and abs(now.score - was.score) >= 0.5:
        parts.append(f"{was.score:.0f} → {now.score:.0f} ({now.score - was.score:+.0f})")
    return ", ".join(parts) or None
