"""Bring a history database to the schema this selfshop writes, with Alembic.

One set of migrations serves SQLite and PostgreSQL. A history.sqlite written before
migrations existed (it has a `meta` table but no `alembic_version`) is stamped as 0001 first.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from selfshop.errors import EnvironmentProblem

if TYPE_CHECKING:
    from alembic.config import Config

VERSION_TABLE = "alembic_version"  # where Alembic keeps a database's revision
HEAD = "0002"  # the newest revision in migrations/versions
FIRST = "0001"
LEGACY_SCHEMA_VERSION = 1  # meta.schema_version of files written before Alembic
SCRIPTS = Path(__file__).parent / "migrations"


def _config(connection: Connection) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    config.attributes["connection"] = connection
    return config


def upgrade(connection: Connection, shown: str) -> None:
    """Migrate to HEAD (a no-op when already there); refuse a history from a newer selfshop.
    Alembic is loaded only to migrate: a history at HEAD, every run's case, is read with one
    query (loading Alembic costs a fifth of a second)."""
    current = current_revision(connection)
    if current == HEAD:
        return
    from alembic import command

    if current is None and "runs" in inspect(connection).get_table_names():
        _check_legacy(connection, shown)
        command.stamp(_config(connection), FIRST)
        current = FIRST
    if current not in (None, FIRST, HEAD):
        raise EnvironmentProblem(
            f"{shown} was written by a newer selfshop (history revision {current}, this one "
            f"knows up to {HEAD}): upgrade selfshop"
        )
    command.upgrade(_config(connection), HEAD)


def current_revision(connection: Connection) -> str | None:
    """The revision Alembic stamped the database with; None before any (a new database)."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    row = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).first()
    return str(row[0]) if row is not None else None


def _check_legacy(connection: Connection, shown: str) -> None:
    row = connection.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).first()
    if row is not None and int(row[0]) > LEGACY_SCHEMA_VERSION:
        raise EnvironmentProblem(
            f"{shown} was written by a newer selfshop (history schema {row[0]}): upgrade selfshop"
        )
