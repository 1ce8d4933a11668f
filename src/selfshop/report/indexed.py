"""The runs of an output folder as the index and its dashboard show them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from selfshop.store.history import JourneyPoint


@dataclass(frozen=True)
class IndexJourney:
    title: str
    key: str
    verdict: str
    words: str
    symbol: str
    score: str


@dataclass(frozen=True)
class IndexRun:
    run_id: str
    audit: str
    started_at: str
    sort_key: str
    href: str | None
    gate_passed: bool
    interrupted: bool
    journeys: list[IndexJourney]
    points: list[JourneyPoint]  # the raw scores, for the dashboard's charts
    run_dir: Path
