"""instance waits: the timers a dossier waits on, for pages that say what comes next

Revision ID: c18f3e4a9b03
Revises: b17e2d3f8a02
Create Date: 2026-12-03 08:00:00

Instances written before have none; their wait shows once they next advance (a step or a
timer), which stores the list.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c18f3e4a9b03"
down_revision: str | Sequence[str] | None = "b17e2d3f8a02"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("process_instance") as batch:
        batch.add_column(sa.Column("waits", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("process_instance") as batch:
        batch.drop_column("waits")
