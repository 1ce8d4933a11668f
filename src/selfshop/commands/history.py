"""`selfshop migrate-history`: move a history.sqlite into a team's shared database."""

from __future__ import annotations

from pathlib import Path

import typer


def migrate_history(
    sqlite_file: Path = typer.Argument(..., help="The history.sqlite to move."),
    url: str | None = typer.Argument(
        None,
        help="Target database, e.g. postgresql://cx@db.example.com/selfshop "
        "(default: $SELFSHOP_HISTORY). Give the password in $PGPASSWORD, not in the URL.",
    ),
) -> None:
    """Copy every run recorded in a history.sqlite into a shared history (PostgreSQL).

    The target is created or upgraded first; runs already there are replaced, so running it
    twice is harmless. The SQLite file is left as it was.

    Example: PGPASSWORD=... selfshop migrate-history reports/history.sqlite postgresql://cx@db.example.com/selfshop
    """
    import os

    from rich.console import Console

    from selfshop.errors import UsageError
    from selfshop.store.history import HISTORY_ENV
    from selfshop.store.sql import SqlHistory
    from selfshop.store.transfer import copy_history

    if not sqlite_file.is_file():
        raise UsageError(f"{sqlite_file}: no such history file")
    target_url = url or os.environ.get(HISTORY_ENV)
    if not target_url:
        raise UsageError(f"say where to move the history: a database URL, or ${HISTORY_ENV}")
    base = sqlite_file.resolve().parent
    source = SqlHistory(sqlite_file.resolve(), base_dir=base)
    target = SqlHistory(target_url, base_dir=base)
    copied = copy_history(source, target)
    Console(highlight=False).print(f"Copied {copied} run(s) from {sqlite_file} to {target.shown}")
