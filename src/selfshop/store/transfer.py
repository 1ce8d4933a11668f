"""Move a history into another database (a team's PostgreSQL): every run, journey, step and
finding, in one transaction on the target. Runs already there are replaced, so running it
twice is harmless."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select

from selfshop.store import tables as t
from selfshop.store.sql import SqlHistory

BATCH = 1000


def copy_history(source: SqlHistory, target: SqlHistory) -> int:
    """Copy every run of `source` into `target`; returns how many runs were copied."""
    with source.transaction() as read:
        rows = {
            table.name: [dict(r) for r in read.execute(select(table)).mappings()]
            for table in t.RUN_TABLES
        }
    for run in rows["runs"]:
        # Run folders are stored relative to each history's output folder.
        run["run_dir"] = target.stored_dir(source.run_dir(run["run_dir"]))
    run_ids = [run["run_id"] for run in rows["runs"]]
    with target.transaction() as write:
        for table in t.RUN_TABLES:
            for start in range(0, len(run_ids), BATCH):
                chunk = run_ids[start : start + BATCH]
                write.execute(delete(table).where(table.c.run_id.in_(chunk)))
        for table in reversed(t.RUN_TABLES):  # parents first
            _insert(write, table, rows[table.name])
    return len(run_ids)


def _insert(write: Connection, table: Table, values: list[dict[str, Any]]) -> None:
    for start in range(0, len(values), BATCH):
        write.execute(insert(table), values[start : start + BATCH])
