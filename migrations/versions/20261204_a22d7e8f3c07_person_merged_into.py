"""person merged into: a record an administrator merged into another one of the same person

Revision ID: a22d7e8f3c07
Revises: e20b5c6d1a05
Create Date: 2026-12-04 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a22d7e8f3c07"
down_revision: str | Sequence[str] | None = "e20b5c6d1a05"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch.create_index("ix_person_merged_into_id", ["merged_into_id"])
        batch.create_foreign_key("fk_person_merged_into", "person", ["merged_into_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.drop_constraint("fk_person_merged_into", type_="foreignkey")
        batch.drop_index("ix_person_merged_into_id")
        batch.drop_column("merged_into_id")
