"""Guard the charter: a locked standard may be refreshed, never removed, unlocked or zeroed;
a locked goal may be raised or re-dated, never removed, unlocked or set below its floor.

The previous version is the one committed in git (HEAD), so a pull request that quietly drops
"inclusion" from the standards is refused by `selfshop lint` in CI.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from selfshop.errors import InputError, Problem
from selfshop.load.yamlsource import Source, source_from_text
from selfshop.models.standards import OVERALL, Goal, Standards


def committed_version(path: Path) -> dict[str, Any] | None:
    """The file as committed at HEAD, or None outside git or when it is new."""
    try:
        shown = subprocess.run(
            ["git", "show", f"HEAD:./{path.name}"],
            cwd=path.resolve().parent,
            capture_output=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if shown.returncode != 0:
        return None
    # Read the past with the same guards as the present (bombs, deep nesting, odd bytes).
    text = shown.stdout.decode("utf-8", errors="replace")
    try:
        data = source_from_text(text, f"HEAD:{path.name}").data
    except InputError:
        return None  # an unreadable past cannot be compared against
    return data if isinstance(data, dict) else None


def charter_problems(
    current: Standards, source: Source, previous: dict[str, Any] | None
) -> list[Problem]:
    """Problems with how `current` treats the standards locked in `previous`."""
    if previous is None:
        return []
    locked_before = _locked(previous)
    problems: list[Problem] = []
    for standard_id in locked_before:
        now = current.get(standard_id)
        if now is None:
            problems.append(
                source.problem(
                    ("standards",),
                    f"locked standard {standard_id!r} was "
                    "removed; the charter allows rewording or re-weighting "
                    "it, never removing it",
                    prefer_key=True,
                )
            )
        elif standard_id not in current.charter.locked:
            problems.append(
                source.problem(
                    ("charter", "locked"),
                    f"standard {standard_id!r} was unlocked; a locked standard stays locked",
                )
            )
    floor = _min_weight(previous)
    if locked_before and floor is not None and current.charter.min_weight < floor:
        # Lowering the floor would let a locked standard be weighted down to nearly nothing.
        problems.append(
            source.problem(
                ("charter", "min_weight"),
                f"the charter's min_weight was lowered from {floor:g} to "
                f"{current.charter.min_weight:g}; the floor for locked standards never falls",
            )
        )
    return problems + goal_problems(current, source, previous)


def goal_problems(current: Standards, source: Source, previous: dict[str, Any]) -> list[Problem]:
    """Problems with how `current` treats the goals locked in `previous`."""
    now = current.goals()
    problems: list[Problem] = []
    for goal_id, floor in _locked_goals(previous).items():
        goal = now.get(goal_id)
        where = _goal_path(current, goal_id)
        name = "the overall goal" if goal_id == OVERALL else f"the goal of {goal_id!r}"
        if goal is None:
            problems.append(
                source.problem(
                    where[:-1] or ("standards",),
                    f"{name} was locked and has been removed; a locked goal may be raised or "
                    "re-dated, never removed",
                    prefer_key=True,
                )
            )
        elif not goal.locked:
            problems.append(
                source.problem(
                    (*where, "locked"), f"{name} was unlocked; a locked goal stays locked"
                )
            )
        elif min(goal.target, goal.committed_floor()) < floor:
            lowered = "floor" if goal.floor is not None and goal.floor < floor else "target"
            problems.append(
                source.problem(
                    (*where, lowered),
                    f"{name} was lowered to {min(goal.target, goal.committed_floor()):g}, below "
                    f"its floor {floor:g}; a locked goal may be raised or re-dated, never lowered",
                )
            )
    return problems


def _goal_path(current: Standards, goal_id: str) -> tuple[str | int, ...]:
    if goal_id == OVERALL:
        return ("goal",)
    index = next((i for i, s in enumerate(current.standards) if s.id == goal_id), None)
    return ("standards", index, "goal") if index is not None else ("standards",)


def _locked_goals(previous: dict[str, Any]) -> dict[str, float]:
    """Goal id -> its committed floor, for every goal locked in the committed file."""
    raw: dict[str, Any] = {OVERALL: previous.get("goal")}
    standards = previous.get("standards")
    for item in standards if isinstance(standards, list) else []:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            raw[item["id"]] = item.get("goal")
    locked: dict[str, float] = {}
    for goal_id, data in raw.items():
        if not isinstance(data, dict) or data.get("locked") is not True:
            continue
        try:
            locked[goal_id] = Goal.model_validate(data).committed_floor()
        except ValueError:
            continue  # an invalid past goal cannot be compared against
    return locked


def _min_weight(previous: dict[str, Any]) -> float | None:
    charter = previous.get("charter")
    floor = charter.get("min_weight", 1) if isinstance(charter, dict) else None
    if isinstance(floor, bool) or not isinstance(floor, int | float):
        return None
    return float(floor)


def _locked(previous: dict[str, Any]) -> list[str]:
    charter = previous.get("charter")
    locked = charter.get("locked") if isinstance(charter, dict) else None
    return [str(item) for item in locked] if isinstance(locked, list) else []
