"""Alembic migrations of the run history, shared by SQLite and PostgreSQL."""
