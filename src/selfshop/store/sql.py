"""The history in a SQL database through SQLAlchemy: a SQLite file (the default) or PostgreSQL
(a team's shared history). Both run the same queries and the same Alembic migrations."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, delete, event, insert, select
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from selfshop.errors import EnvironmentProblem, UsageError
from selfshop.models.results import JourneyResult, Run
from selfshop.store import tables as t
from selfshop.store.migrate import upgrade
from selfshop.store.rebuild import rebuilt_run
from selfshop.store.records import JourneyPoint, RunSummary, TrendPoint, utc_sort_key
from selfshop.store.runfolder import load_run


def database_url(target: str | Path) -> str:
    """A SQLAlchemy URL: a path is a SQLite file; postgresql:// uses the psycopg driver."""
    if isinstance(target, Path):
        return f"sqlite:///{target}"
    if target.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + target.split("://", 1)[1]
    return target


def shown_url(url: str) -> str:
    """The URL as it may be printed: never with its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(an unreadable database URL)"


_engines: dict[str, Engine] = {}


def _engine(url: str) -> Engine:
    if url not in _engines:
        _engines[url] = _new_engine(url)
    return _engines[url]


def _new_engine(url: str) -> Engine:
    try:
        if url.startswith("sqlite"):
            # A connection per use, as before: safe across threads and processes (SQLite
            # locks the file; writers wait up to 30 s).
            engine = create_engine(url, poolclass=NullPool, connect_args={"timeout": 30})
            event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 15})
    except NoSuchModuleError as error:
        raise UsageError(f"{shown_url(url)}: not a database selfshop can use ({error})") from None
    except ImportError:
        raise EnvironmentProblem(
            "PostgreSQL histories need the psycopg driver: pip install 'selfshop[postgresql]'"
        ) from None
    except ArgumentError as error:
        raise UsageError(f"{shown_url(url)}: not a database URL ({error})") from None


def dispose_engines() -> None:
    """Close every pooled connection (a database is about to be dropped, or the process is
    done with its histories)."""
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()


def _sqlite_pragmas(connection: Any, _record: object) -> None:
    connection.execute("PRAGMA foreign_keys = ON")


class SqlHistory:
    """The run history of one output folder, in a SQLite file or a PostgreSQL database."""

    def __init__(self, target: str | Path, base_dir: Path | None = None) -> None:
        self.url = database_url(target)
        if isinstance(target, Path):
            self.db_path: Path | None = target
            self.base_dir = base_dir or target.parent
        else:
            self.db_path = None
            self.base_dir = base_dir or Path.cwd()
        self.shown = str(target) if isinstance(target, Path) else shown_url(self.url)
        self._ready = False

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction: committed on success, rolled back on error."""
        if self.db_path is not None:
            self.db_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with _engine(self.url).begin() as connection:
                if not self._ready:
                    upgrade(connection, self.shown)
                    self._ready = True
                yield connection
        except SQLAlchemyError as error:
            raise EnvironmentProblem(self._unreadable(error)) from None

    def _unreadable(self, error: SQLAlchemyError) -> str:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        if self.db_path is not None:
            return (
                f"{self.shown} is not a readable history database ({reason}): "
                "move it aside and run again"
            )
        return f"the history at {self.shown} cannot be used: {reason}"

    def stored_dir(self, run_dir: Path) -> str:
        """Relative to the output folder when possible, so the folder can move and machines
        sharing one history each find their own copy."""
        try:
            return Path(os.path.relpath(run_dir.resolve(), self.base_dir.resolve())).as_posix()
        except ValueError:  # another drive on Windows
            return str(run_dir.resolve())

    def run_dir(self, stored: str) -> Path:
        """Where a recorded run's folder is on this machine."""
        return (self.base_dir / stored).resolve()

    def record(self, run: Run, run_dir: Path) -> None:
        rows = [
            (t.runs, [self._run_row(run, run_dir)]),
            (t.journeys, journey_rows(run)),
            (t.steps, step_rows(run)),
            (t.findings, finding_rows(run)),
        ]
        with self.transaction() as db:
            for table in t.RUN_TABLES:
                db.execute(delete(table).where(table.c.run_id == run.run_id))
            for table, values in rows:
                if values:
                    db.execute(insert(table), values)

    def _run_row(self, run: Run, run_dir: Path) -> dict[str, Any]:
        return {
            "run_id": run.run_id,
            "audit": run.audit,
            "started_at": run.started_at,
            "started_utc": utc_sort_key(run.started_at),
            "finished_at": run.finished_at,
            "base_url": run.base_url,
            "walker": str(run.walker),
            "standards_version": run.standards_version,
            "run_dir": self.stored_dir(run_dir),
            "gate_passed": int(run.gate.passed),
            "interrupted": int(run.interrupted),
            "recorded_at": datetime.now(UTC).isoformat(),
        }

    def previous(self, audit_name: str, before_run_id: str) -> Run | None:
        with self.transaction() as db:
            started = db.execute(
                select(t.runs.c.started_utc).where(t.runs.c.run_id == before_run_id)
            ).scalar()
            # An interrupted run, or one that never started, is never the baseline: its
            # journeys were not all walked, so a drop against it would mislead.
            query = select(t.runs.c.run_id, t.runs.c.run_dir).where(
                t.runs.c.audit == audit_name,
                t.runs.c.run_id != before_run_id,
                t.runs.c.interrupted == 0,
            )
            if started is not None:
                query = query.where(t.runs.c.started_utc < started)
            candidates = db.execute(query.order_by(t.runs.c.started_utc.desc())).all()
            for run_id, stored in candidates:
                folder = self.run_dir(stored)
                if folder.is_dir():
                    run = load_run(folder)
                    if run is not None and not run.interrupted:
                        return run
                elif self.db_path is None:
                    # A shared history: the run was made on another machine.
                    return rebuilt_run(db, run_id)
        return None

    def runs(self, audit_name: str | None = None) -> list[RunSummary]:
        r = t.runs.c
        query = select(
            r.run_id, r.audit, r.started_at, r.run_dir, r.gate_passed, r.interrupted
        ).order_by(r.started_utc.desc())
        j = t.journeys.c
        points = select(
            j.run_id, j.journey_key, j.title, j.score, j.verdict, j.standard_scores
        ).order_by(j.run_id, j.position)
        if audit_name:
            query = query.where(r.audit == audit_name)
            points = points.join(t.runs, t.runs.c.run_id == j.run_id).where(r.audit == audit_name)
        with self.transaction() as db:
            rows = db.execute(query).all()
            journeys: dict[str, list[JourneyPoint]] = {}
            for run_id, key, title, score, verdict, scores in db.execute(points):
                point = JourneyPoint(key, title, score, verdict, json.loads(scores or "{}"))
                journeys.setdefault(run_id, []).append(point)
        return [
            RunSummary(
                run_id=row[0],
                audit=row[1],
                started_at=row[2],
                run_dir=self.run_dir(row[3]),
                gate_passed=bool(row[4]),
                interrupted=bool(row[5]),
                journeys=journeys.get(row[0], []),
            )
            for row in rows
        ]

    def trend(self, journey_key: str, audit_name: str | None = None) -> list[TrendPoint]:
        r, j = t.runs.c, t.journeys.c
        query = (
            select(r.run_id, r.started_at, j.score, j.verdict)
            .join(t.runs, r.run_id == j.run_id)
            .where(j.journey_key == journey_key)
        )
        if audit_name:
            query = query.where(r.audit == audit_name)
        with self.transaction() as db:
            rows = db.execute(query.order_by(r.started_utc)).all()
        return [TrendPoint(run_id=a, started_at=b, score=c, verdict=d) for a, b, c, d in rows]

    def journey_keys(self, audit_name: str | None = None) -> list[str]:
        r, j = t.runs.c, t.journeys.c
        query = select(j.journey_key).distinct().join(t.runs, r.run_id == j.run_id)
        if audit_name:
            query = query.where(r.audit == audit_name)
        with self.transaction() as db:
            return list(db.execute(query.order_by(j.journey_key)).scalars())


def _unique(run: Run) -> dict[str, tuple[int, JourneyResult]]:
    """Journeys by key (the last walk of a key wins), with their position in the run."""
    return {j.key: (position, j) for position, j in enumerate(run.journeys)}


def journey_rows(run: Run) -> list[dict[str, Any]]:
    return [
        {
            "run_id": run.run_id,
            "journey_key": key,
            "journey_id": j.journey_id,
            "device": j.device,
            "title": j.title,
            "score": j.score,
            "verdict": j.verdict.value,
            "position": position,
            "standard_scores": json.dumps(j.standard_scores),
        }
        for key, (position, j) in _unique(run).items()
        if not j.cut_short  # never walked to its end: no score to remember
    ]


def step_rows(run: Run) -> list[dict[str, Any]]:
    return [
        {
            "run_id": run.run_id,
            "journey_key": key,
            "step_index": index,
            "name": step.evidence.step_name,
            "status": step.evidence.status.value,
            "score": step.score,
            "verdict": step.verdict.value,
        }
        for key, (_, j) in _unique(run).items()
        if not j.cut_short
        for index, step in enumerate(j.steps)
    ]


def finding_rows(run: Run) -> list[dict[str, Any]]:
    rows = {
        r.finding.identity: {
            "run_id": run.run_id,
            "finding_key": r.finding.identity,
            "check_id": r.finding.check_id,
            "standard": r.finding.standard,
            "severity": r.finding.severity.value,
            "message": r.finding.message,
            "priority": r.priority,
            "places": json.dumps([str(place) for place in r.places]),
        }
        for r in run.ranked_findings()
    }
    return list(rows.values())
