"""account password state: a temporary password must be changed, sessions end on a change

Revision ID: e20b5c6d1a05
Revises: d19a4f5b0c04
Create Date: 2026-12-04 09:00:00

Accounts already recorded keep their password (no change required) and start at epoch 0.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e20b5c6d1a05"
down_revision: str | Sequence[str] | None = "d19a4f5b0c04"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("auth_epoch", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("auth_epoch")
        batch.drop_column("must_change_password")
