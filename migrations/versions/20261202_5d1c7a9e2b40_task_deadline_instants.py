"""task deadline instants: hour limits (Luật 120/2025/QH15, Nghị định 163/2026/NĐ-CP)

Revision ID: 5d1c7a9e2b40
Revises: 0e2033d8ef0f
Create Date: 2026-12-02 07:30:00

Rows written before have no instant; their day limits run to the end of their last day,
which the application computes from deadline_on when deadline_at is empty.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5d1c7a9e2b40"
down_revision: str | Sequence[str] | None = "0e2033d8ef0f"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("task") as batch:
        batch.add_column(sa.Column("deadline_from_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("deadline_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("task") as batch:
        batch.drop_column("deadline_at")
        batch.drop_column("deadline_from_at")
