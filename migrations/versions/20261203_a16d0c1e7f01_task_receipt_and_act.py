"""task receipt and act date: clocks from receipt, met or late by the act's own date

Revision ID: a16d0c1e7f01
Revises: 5d1c7a9e2b40
Create Date: 2026-12-03 09:00:00

Rows written before have neither: their clock stays where it started (the dispatch) and
met or late is judged by the time of recording, as before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a16d0c1e7f01"
down_revision: str | Sequence[str] | None = "5d1c7a9e2b40"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("task") as batch:
        batch.add_column(sa.Column("dispatched_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("received_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("act_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("task") as batch:
        batch.drop_column("act_at")
        batch.drop_column("received_at")
        batch.drop_column("dispatched_at")
