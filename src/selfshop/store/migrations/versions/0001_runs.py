"""Runs, journeys, steps and findings: the schema selfshop's first history.sqlite files have.

Files written before migrations existed are stamped with this revision, not re-created.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _run_id() -> sa.Column[str]:
    return sa.Column(
        "run_id", sa.Text, sa.ForeignKey("runs.run_id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    meta = op.create_table(
        "meta",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.bulk_insert(meta, [{"key": "schema_version", "value": "1"}])
    op.create_table(
        "runs",
        sa.Column("run_id", sa.Text, primary_key=True),
        sa.Column("audit", sa.Text, nullable=False),
        sa.Column("started_at", sa.Text, nullable=False),
        sa.Column("started_utc", sa.Text, nullable=False),
        sa.Column("finished_at", sa.Text),
        sa.Column("base_url", sa.Text),
        sa.Column("walker", sa.Text),
        sa.Column("standards_version", sa.Text),
        sa.Column("run_dir", sa.Text, nullable=False),
        sa.Column("gate_passed", sa.Integer, nullable=False),
        sa.Column("interrupted", sa.Integer, nullable=False),
        sa.Column("recorded_at", sa.Text, nullable=False),
    )
    op.create_index("runs_by_audit", "runs", ["audit", "started_utc"])
    op.create_table(
        "journeys",
        _run_id(),
        sa.Column("journey_key", sa.Text, nullable=False),
        sa.Column("journey_id", sa.Text, nullable=False),
        sa.Column("device", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("score", sa.Float),
        sa.Column("verdict", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("run_id", "journey_key"),
    )
    op.create_index("journeys_by_key", "journeys", ["journey_key"])
    op.create_table(
        "steps",
        _run_id(),
        sa.Column("journey_key", sa.Text, nullable=False),
        sa.Column("step_index", sa.Integer, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("score", sa.Float),
        sa.Column("verdict", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("run_id", "journey_key", "step_index"),
    )
    op.create_table(
        "findings",
        _run_id(),
        sa.Column("finding_key", sa.Text, nullable=False),
        sa.Column("check_id", sa.Text, nullable=False),
        sa.Column("standard", sa.Text, nullable=False),
        sa.Column("severity", sa.Text, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("priority", sa.Float, nullable=False),
        sa.Column("places", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("run_id", "finding_key"),
    )


def downgrade() -> None:
    for table in ("findings", "steps", "journeys", "runs", "meta"):
        op.drop_table(table)
