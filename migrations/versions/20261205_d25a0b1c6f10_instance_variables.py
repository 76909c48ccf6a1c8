"""instance variables: the process data documents print, kept on save so that pages and
prints do not load the workflow

Revision ID: d25a0b1c6f10
Revises: c24f9a0b5e09
Create Date: 2026-12-05 09:00:00

Instances written before have none; they are read from their workflow until they next
advance, which stores them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d25a0b1c6f10"
down_revision: str | Sequence[str] | None = "c24f9a0b5e09"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("process_instance") as batch:
        batch.add_column(sa.Column("variables", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("process_instance") as batch:
        batch.drop_column("variables")
