"""Bring a history database to the schema this selfshop writes, with Alembic.

One set of migrations serves SQLite and PostgreSQL. A history.sqlite written before
migrations existed (it has a `meta` table but no `alembic_version`) is stamped as 0001 first.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from selfshop.errors import EnvironmentProblem

HEAD = "0002"  # the newest revision in migrations/versions
FIRST = "0001"
LEGACY_SCHEMA_VERSION = 1  # meta.schema_version of files written before Alembic
SCRIPTS = Path(__file__).parent / "migrations"


def _config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    config.attributes["connection"] = connection
    return config


def upgrade(connection: Connection, shown: str) -> None:
    """Migrate to HEAD (a no-op when already there); refuse a history from a newer selfshop."""
    current = MigrationContext.configure(connection).get_current_revision()
    if current == HEAD:
        return
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


def _check_legacy(connection: Connection, shown: str) -> None:
    row = connection.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).first()
    if row is not None and int(row[0]) > LEGACY_SCHEMA_VERSION:
        raise EnvironmentProblem(
            f"{shown} was written by a newer selfshop (history schema {row[0]}): upgrade selfshop"
        )
