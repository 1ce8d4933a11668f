"""Each journey's score per standard, for trends against the charter's goals."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("journeys", sa.Column("standard_scores", sa.Text))


def downgrade() -> None:
    op.drop_column("journeys", "standard_scores")
