"""The run history of an output folder, and the run folders it indexes.

run.json in each run folder stays the source of truth; the history is an index over run
folders (rebuildable by recording them again) that makes "previous run" and trends cheap. It
sits behind one small interface (`HistoryStore`, selfshop.store.protocol): a SQLite file in the
output folder by default (reports/history.sqlite, nothing to set up), or a team's PostgreSQL
named in the audit (`history: postgresql://...`) or in $SELFSHOP_HISTORY (selfshop.store.sql).
"""

from __future__ import annotations

import os
from collections.abc import Set
from pathlib import Path

from selfshop.models.results import Run
from selfshop.store.protocol import HistoryStore
from selfshop.store.records import JourneyPoint, RunSummary, TrendPoint, utc_sort_key
from selfshop.store.runfolder import RUN_FILE, load_run
from selfshop.store.sql import SqlHistory as History

DB_NAME = "history.sqlite"
HISTORY_ENV = "SELFSHOP_HISTORY"

__all__ = [
    "DB_NAME",
    "HISTORY_ENV",
    "History",
    "HistoryStore",
    "JourneyPoint",
    "RunSummary",
    "TrendPoint",
    "find_previous",
    "has_history",
    "history_location",
    "open_history",
    "output_root",
    "run_summaries",
    "scan_runs",
    "utc_sort_key",
]


def history_location(output_dir: Path, configured: str | None = None) -> str | Path:
    """Where an output folder's history is: the audit's `history`, else $SELFSHOP_HISTORY,
    else history.sqlite in the folder."""
    chosen = configured or os.environ.get(HISTORY_ENV)
    return chosen if chosen else output_dir / DB_NAME


def open_history(output_dir: Path, configured: str | None = None) -> HistoryStore:
    return History(history_location(output_dir, configured), base_dir=output_dir)


def has_history(output_dir: Path, configured: str | None = None) -> bool:
    """A database is named, or the folder has its history.sqlite."""
    location = history_location(output_dir, configured)
    return not isinstance(location, Path) or location.is_file()


def scan_runs(output_dir: Path, known: Set[Path] = frozenset()) -> list[tuple[Path, Run]]:
    """Run folders on disk (each holding a readable run.json), newest first: directly in
    output_dir, or one level down (output_dir/<audit-slug>/<run>). Links such as `latest`
    are skipped so no run is listed twice, and so are the `known` folders (resolved paths the
    history already lists: reading every run.json again is what makes a dashboard slow)."""
    found = []
    if output_dir.is_dir():
        for pattern in (f"*/{RUN_FILE}", f"*/*/{RUN_FILE}"):
            for run_file in output_dir.glob(pattern):
                folders = [run_file.parent, *run_file.parent.parents]
                if any(f.is_symlink() for f in folders[: pattern.count("/")]):
                    continue
                if known and run_file.parent.resolve() in known:
                    continue
                run = load_run(run_file.parent)
                if run is not None:
                    found.append((run_file.parent, run))
    return sorted(found, key=lambda item: utc_sort_key(item[1].started_at), reverse=True)


def output_root(run_dir: Path, audit: str | None = None) -> Path:
    """The audit's output folder a run folder belongs to. Run folders live in
    <output>/<audit-slug>/<run> (see selfshop.store.runfolder); older or copied ones may sit
    directly in <output>. The folder holding history.sqlite wins when there is one."""
    from selfshop.store.runfolder import LATEST, LATEST_POINTER, slugify

    for folder in (run_dir.parent, run_dir.parent.parent):
        if (folder / DB_NAME).is_file():
            return folder
    nested = (audit is not None and run_dir.parent.name == slugify(audit)) or any(
        (run_dir.parent / name).exists() for name in (LATEST, LATEST_POINTER)
    )
    return run_dir.parent.parent if nested else run_dir.parent


def run_summaries(
    output_dir: Path,
    audit: str | None = None,
    *,
    on_disk: bool = False,
    history: str | None = None,
) -> list[RunSummary]:
    """Every run of an output folder (of one audit, if named), newest first: from its history
    (`history`, a database URL, else $SELFSHOP_HISTORY, else history.sqlite) when there is one,
    plus any run folder the history does not know (runs copied in, or written without a
    history). With `on_disk`, runs whose folder was deleted are left out."""
    found: dict[str, RunSummary] = {}
    recorded: set[Path] = set()
    if has_history(output_dir, history):
        for summary in open_history(output_dir, history).runs(audit):
            recorded.add(summary.run_dir)
            if not on_disk or summary.run_dir.is_dir():
                found[summary.run_id] = summary
    for run_dir, run in scan_runs(output_dir, recorded):
        if run.run_id not in found and audit in (None, run.audit):
            found[run.run_id] = RunSummary.of(run, run_dir)
    return sorted(found.values(), key=lambda s: utc_sort_key(s.started_at), reverse=True)


def find_previous(output_dir: Path, run: Run, history: str | None = None) -> Run | None:
    """The latest readable run of the same audit that started before this one."""
    if has_history(output_dir, history):
        # A shared history also remembers runs made on other machines.
        remembered = open_history(output_dir, history).previous(run.audit, run.run_id)
        if remembered is not None:
            return remembered
    current = utc_sort_key(run.started_at)
    for summary in run_summaries(output_dir, run.audit, history=history):
        if (
            summary.run_id != run.run_id
            and not summary.interrupted
            and utc_sort_key(summary.started_at) < current
        ):
            previous = load_run(summary.run_dir)
            if previous is not None and not previous.interrupted:
                return previous
    return None
