"""The small interface every history backend keeps (SQLite, PostgreSQL, and any to come)."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from selfshop.models.results import Run
from selfshop.store.records import RunSummary, TrendPoint


class HistoryStore(Protocol):
    """An index over run folders: run.json stays the source of truth, and recording a run
    again replaces it. Run folders are stored relative to the output folder, so machines that
    share one history each find their own copies."""

    def record(self, run: Run, run_dir: Path) -> None:
        """Add or replace a run."""
        ...

    def previous(self, audit_name: str, before_run_id: str) -> Run | None:
        """The latest earlier run of the same audit: its run.json when this machine has it,
        else the run as the history remembers it (scores, verdicts, findings; no evidence)."""
        ...

    def runs(self, audit_name: str | None = None) -> list[RunSummary]:
        """Every recorded run (of one audit, if named), newest first, with journey verdicts."""
        ...

    def trend(self, journey_key: str, audit_name: str | None = None) -> list[TrendPoint]:
        """A journey's score and verdict in every recorded run, oldest first."""
        ...

    def journey_keys(self, audit_name: str | None = None) -> list[str]: ...
