"""superseded scans and prints: a replaced or withdrawn scan, a reprinted document or one
printed from data corrected since, kept and marked (issue 12, corrections)

Revision ID: b17e2d3f8a02
Revises: a16d0c1e7f01
Create Date: 2026-12-03 09:00:00

Corrections, withdrawals and notes are audit events and need no table.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b17e2d3f8a02"
down_revision: str | Sequence[str] | None = "a16d0c1e7f01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = {"attachment": "fk_attachment_superseded_by", "issued_document": "fk_issued_document_superseded_by"}


def upgrade() -> None:
    for table, constraint in TABLES.items():
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("superseded_at", sa.DateTime(), nullable=True))
            batch.add_column(sa.Column("superseded_by_id", sa.Integer(), nullable=True))
            batch.add_column(sa.Column("superseded_reason", sa.String(length=500), nullable=True))
            batch.create_foreign_key(constraint, table, ["superseded_by_id"], ["id"])


def downgrade() -> None:
    for table, constraint in TABLES.items():
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(constraint, type_="foreignkey")
            batch.drop_column("superseded_reason")
            batch.drop_column("superseded_by_id")
            batch.drop_column("superseded_at")
