"""The history's tables, as the migrations leave them (SQLAlchemy Core, for both backends)."""

from __future__ import annotations

from sqlalchemy import Column, Float, Integer, MetaData, Table, Text

metadata = MetaData()

runs = Table(
    "runs",
    metadata,
    Column("run_id", Text, primary_key=True),
    Column("audit", Text, nullable=False),
    Column("started_at", Text, nullable=False),
    Column("started_utc", Text, nullable=False),
    Column("finished_at", Text),
    Column("base_url", Text),
    Column("walker", Text),
    Column("standards_version", Text),
    Column("run_dir", Text, nullable=False),
    Column("gate_passed", Integer, nullable=False),
    Column("interrupted", Integer, nullable=False),
    Column("recorded_at", Text, nullable=False),
)

journeys = Table(
    "journeys",
    metadata,
    Column("run_id", Text, primary_key=True),
    Column("journey_key", Text, primary_key=True),
    Column("journey_id", Text, nullable=False),
    Column("device", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("score", Float),
    Column("verdict", Text, nullable=False),
    Column("position", Integer, nullable=False),
    Column("standard_scores", Text),  # JSON {standard id: score or null}; added in 0002
)

steps = Table(
    "steps",
    metadata,
    Column("run_id", Text, primary_key=True),
    Column("journey_key", Text, primary_key=True),
    Column("step_index", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("score", Float),
    Column("verdict", Text, nullable=False),
)

findings = Table(
    "findings",
    metadata,
    Column("run_id", Text, primary_key=True),
    Column("finding_key", Text, primary_key=True),
    Column("check_id", Text, nullable=False),
    Column("standard", Text, nullable=False),
    Column("severity", Text, nullable=False),
    Column("message", Text, nullable=False),
    Column("priority", Float, nullable=False),
    Column("places", Text, nullable=False),  # JSON list: journey@device#step, or journeys
)

# Children first: deleting a run deletes these rows explicitly, on every backend.
RUN_TABLES = (findings, steps, journeys, runs)
