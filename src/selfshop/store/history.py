"""Run history in SQLite: which runs exist, how each journey scored, for trends and comparisons.

run.json in each run folder stays the source of truth; the history is an index over run
folders (rebuildable by recording them again) that makes "previous run" and trends cheap.
The database lives in the audit's output folder (reports/history.sqlite by default).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from selfshop.errors import EnvironmentProblem
from selfshop.models.results import Run
from selfshop.store.runfolder import RUN_FILE, load_run

SCHEMA_VERSION = 1
DB_NAME = "history.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    run_id TEXT PRIMARY KEY, audit TEXT NOT NULL, started_at TEXT NOT NULL,
    started_utc TEXT NOT NULL, finished_at TEXT, base_url TEXT, walker TEXT,
    standards_version TEXT, run_dir TEXT NOT NULL, gate_passed INTEGER NOT NULL,
    interrupted INTEGER NOT NULL, recorded_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS runs_by_audit ON runs (audit, started_utc);
CREATE TABLE IF NOT EXISTS journeys (
    run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    journey_key TEXT NOT NULL, journey_id TEXT NOT NULL, device TEXT NOT NULL,
    title TEXT NOT NULL, score REAL, verdict TEXT NOT NULL, position INTEGER NOT NULL,
    PRIMARY KEY (run_id, journey_key));
CREATE INDEX IF NOT EXISTS journeys_by_key ON journeys (journey_key);
CREATE TABLE IF NOT EXISTS steps (
    run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    journey_key TEXT NOT NULL, step_index INTEGER NOT NULL, name TEXT NOT NULL,
    status TEXT NOT NULL, score REAL, verdict TEXT NOT NULL,
    PRIMARY KEY (run_id, journey_key, step_index));
CREATE TABLE IF NOT EXISTS findings (
    run_id TEXT NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    finding_key TEXT NOT NULL, check_id TEXT NOT NULL, standard TEXT NOT NULL,
    severity TEXT NOT NULL, message TEXT NOT NULL, priority REAL NOT NULL,
    places TEXT NOT NULL, PRIMARY KEY (run_id, finding_key));
"""


@dataclass(frozen=True)
class JourneyPoint:
    key: str  # journey_id@device
    title: str
    score: float | None
    verdict: str


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
            [JourneyPoint(j.key, j.title, j.score, j.verdict.value) for j in run.journeys],
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


class History:
    """The run history of one output folder. Opens a connection per call: safe across
    threads and processes (SQLite locks the file; writers wait up to 30 s)."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._ready = False

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.db_path, timeout=30)) as connection:
            connection.execute("PRAGMA foreign_keys = ON")
            if not self._ready:
                self._migrate(connection)
                self._ready = True
            with connection:  # one transaction: committed on success, rolled back on error
                yield connection

    def _migrate(self, connection: sqlite3.Connection) -> None:
        try:
            with connection:
                connection.executescript(_SCHEMA)
                row = connection.execute(
                    "SELECT value FROM meta WHERE key = 'schema_version'"
                ).fetchone()
                if row is None:
                    connection.execute(
                        "INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
                    )
                elif int(row[0]) > SCHEMA_VERSION:
                    raise EnvironmentProblem(
                        f"{self.db_path} was written by a newer selfshop (history schema "
                        f"{row[0]}, this one reads {SCHEMA_VERSION}): upgrade selfshop"
                    )
        except sqlite3.DatabaseError as error:
            raise EnvironmentProblem(
                f"{self.db_path} is not a readable history database "
                f"({error}): move it aside and run again"
            ) from error

    def _stored_dir(self, run_dir: Path) -> str:
        """Relative to the database folder when possible, so the folder can move."""
        try:
            return os.path.relpath(run_dir.resolve(), self.db_path.parent.resolve())
        except ValueError:  # another drive on Windows
            return str(run_dir.resolve())

    def _run_dir(self, stored: str) -> Path:
        return (self.db_path.parent / stored).resolve()

    def record(self, run: Run, run_dir: Path) -> None:
        """Add or replace a run (recording the same run twice keeps one copy)."""
        with self._connect() as db:
            db.execute("DELETE FROM runs WHERE run_id = ?", (run.run_id,))
            db.execute(
                "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    run.run_id,
                    run.audit,
                    run.started_at,
                    utc_sort_key(run.started_at),
                    run.finished_at,
                    run.base_url,
                    str(run.walker),
                    run.standards_version,
                    self._stored_dir(run_dir),
                    int(run.gate.passed),
                    int(run.interrupted),
                    datetime.now(UTC).isoformat(),
                ),
            )
            db.executemany(
                "INSERT OR REPLACE INTO journeys VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        run.run_id,
                        j.key,
                        j.journey_id,
                        j.device,
                        j.title,
                        j.score,
                        j.verdict.value,
                        position,
                    )
                    for position, j in enumerate(run.journeys)
                    if not j.cut_short  # never walked to its end: no score to remember
                ],
            )
            db.executemany(
                "INSERT OR REPLACE INTO steps VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        run.run_id,
                        j.key,
                        i,
                        s.evidence.step_name,
                        s.evidence.status.value,
                        s.score,
                        s.verdict.value,
                    )
                    for j in run.journeys
                    if not j.cut_short
                    for i, s in enumerate(j.steps)
                ],
            )
            db.executemany(
                "INSERT OR REPLACE INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        run.run_id,
                        r.finding.identity,
                        r.finding.check_id,
                        r.finding.standard,
                        r.finding.severity.value,
                        r.finding.message,
                        r.priority,
                        json.dumps([str(place) for place in r.places]),
                    )
                    for r in run.ranked_findings()
                ],
            )

    def previous(self, audit_name: str, before_run_id: str) -> Run | None:
        """The latest earlier finished run of the same audit whose run.json can still be read.
        An interrupted run, or one that never started, is never the baseline: its journeys
        were not all walked, so a drop against it (or its absence) would mislead."""
        with self._connect() as db:
            row = db.execute(
                "SELECT started_utc FROM runs WHERE run_id = ?", (before_run_id,)
            ).fetchone()
            query = "SELECT run_dir FROM runs WHERE audit = ? AND run_id != ? AND interrupted = 0"
            params: tuple[str, ...] = (audit_name, before_run_id)
            if row is not None:
                query += " AND started_utc < ?"
                params += (row[0],)
            candidates = db.execute(query + " ORDER BY started_utc DESC", params).fetchall()
        for (stored,) in candidates:
            run = load_run(self._run_dir(stored))
            if run is not None and not run.interrupted:
                return run
        return None

    def runs(self, audit_name: str | None = None) -> list[RunSummary]:
        """Every recorded run (of one audit, if named), newest first, with journey verdicts."""
        with self._connect() as db:
            where, params = ("WHERE audit = ?", (audit_name,)) if audit_name else ("", ())
            rows = db.execute(
                "SELECT run_id, audit, started_at, run_dir, gate_passed, interrupted FROM runs "
                f"{where} ORDER BY started_utc DESC",
                params,
            ).fetchall()
            journeys: dict[str, list[JourneyPoint]] = {}
            for run_id, key, title, score, verdict in db.execute(
                "SELECT run_id, journey_key, title, score, verdict FROM journeys "
                "ORDER BY run_id, position"
            ):
                journeys.setdefault(run_id, []).append(JourneyPoint(key, title, score, verdict))
        return [
            RunSummary(
                run_id=r[0],
                audit=r[1],
                started_at=r[2],
                run_dir=self._run_dir(r[3]),
                gate_passed=bool(r[4]),
                interrupted=bool(r[5]),
                journeys=journeys.get(r[0], []),
            )
            for r in rows
        ]

    def trend(self, journey_key: str, audit_name: str | None = None) -> list[TrendPoint]:
        """A journey's score and verdict in every recorded run, oldest first."""
        query = (
            "SELECT r.run_id, r.started_at, j.score, j.verdict FROM journeys j "
            "JOIN runs r ON r.run_id = j.run_id WHERE j.journey_key = ?"
        )
        params: tuple[str, ...] = (journey_key,)
        if audit_name:
            query += " AND r.audit = ?"
            params += (audit_name,)
        with self._connect() as db:
            rows = db.execute(query + " ORDER BY r.started_utc", params).fetchall()
        return [TrendPoint(run_id=r[0], started_at=r[1], score=r[2], verdict=r[3]) for r in rows]

    def journey_keys(self, audit_name: str | None = None) -> list[str]:
        query = "SELECT DISTINCT j.journey_key FROM journeys j JOIN runs r USING (run_id)"
        params: tuple[str, ...] = ()
        if audit_name:
            query += " WHERE r.audit = ?"
            params = (audit_name,)
        with self._connect() as db:
            return [row[0] for row in db.execute(query + " ORDER BY 1", params)]


def scan_runs(output_dir: Path) -> list[tuple[Path, Run]]:
    """Run folders on disk (each holding a readable run.json), newest first: directly in
    output_dir, or one level down (output_dir/<audit-slug>/<run>). Links such as `latest`
    are skipped so no run is listed twice."""
    found = []
    if output_dir.is_dir():
        for pattern in (f"*/{RUN_FILE}", f"*/*/{RUN_FILE}"):
            for run_file in output_dir.glob(pattern):
                folders = [run_file.parent, *run_file.parent.parents]
                if any(f.is_symlink() for f in folders[: pattern.count("/")]):
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


def open_history(output_dir: Path) -> History:
    """The history of an output folder: the one place a history is opened, so another backend
    (PostgreSQL, say) is chosen here."""
    return History(output_dir / DB_NAME)


def run_summaries(
    output_dir: Path, audit: str | None = None, *, on_disk: bool = False
) -> list[RunSummary]:
    """Every run of an output folder (of one audit, if named), newest first: from its history
    when there is one, plus any run folder the history does not know (runs copied in, or
    written without a history). With `on_disk`, runs whose folder was deleted are left out."""
    found: dict[str, RunSummary] = {}
    if (output_dir / DB_NAME).is_file():
        for summary in open_history(output_dir).runs(audit):
            if not on_disk or summary.run_dir.is_dir():
                found[summary.run_id] = summary
    for run_dir, run in scan_runs(output_dir):
        if run.run_id not in found and audit in (None, run.audit):
            found[run.run_id] = RunSummary.of(run, run_dir)
    return sorted(found.values(), key=lambda s: utc_sort_key(s.started_at), reverse=True)


def find_previous(output_dir: Path, run: Run) -> Run | None:
    """The latest readable run of the same audit that started before this one."""
    current = utc_sort_key(run.started_at)
    for summary in run_summaries(output_dir, run.audit):
        if (
            summary.run_id != run.run_id
            and not summary.interrupted
            and utc_sort_key(summary.started_at) < current
        ):
            previous = load_run(summary.run_dir)
            if previous is not None and not previous.interrupted:
                return previous
    return None
