"""What the history hands back: runs, journey points and trends, plain and read-only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from selfshop.models.results import Run


@dataclass(frozen=True)
class JourneyPoint:
    key: str  # journey_id@device
    title: str
    score: float | None
    verdict: str
    standard_scores: dict[str, float | None] = field(default_factory=dict)


@dataclass(frozen=True)
class RunSummary:
    run_id: str
    audit: str
    started_at: str
    run_dir: Path
    gate_passed: bool
    interrupted: bool
    journeys: list[JourneyPoint] = field(default_factory=list)

    @classmethod
    def of(cls, run: Run, run_dir: Path) -> RunSummary:
        return cls(
            run.run_id,
            run.audit,
            run.started_at,
            run_dir,
            run.gate.passed,
            run.interrupted,
            [
                JourneyPoint(j.key, j.title, j.score, j.verdict.value, j.standard_scores)
                for j in run.journeys
            ],
        )


@dataclass(frozen=True)
class TrendPoint:
    run_id: str
    started_at: str
    score: float | None
    verdict: str


def utc_sort_key(iso: str) -> str:
    """ISO times with different offsets sort correctly once turned into UTC."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat()
