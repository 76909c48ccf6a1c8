"""province administrators: an account that manages one province's officers and agencies

Revision ID: f28d5e9a3b12
Revises: e26b4c8d2f11
Create Date: 2026-12-06 09:00:00

Accounts already recorded are not province administrators (the column starts empty).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "f28d5e9a3b12"
down_revision: str | Sequence[str] | None = "e26b4c8d2f11"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("admin_province_code", sa.String(length=16), nullable=True))
        batch.create_foreign_key(
            "fk_app_user_admin_province_code", "administrative_unit", ["admin_province_code"], ["code"]
        )


def downgrade() -> None:
    with op.batch_alter_table("app_user") as batch:
        batch.drop_constraint("fk_app_user_admin_province_code", type_="foreignkey")
        batch.drop_column("admin_province_code")
