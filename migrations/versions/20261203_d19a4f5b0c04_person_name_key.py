"""person name key: the folded name that searches and the person look-up match

Revision ID: d19a4f5b0c04
Revises: c18f3e4a9b03
Create Date: 2026-12-03 09:00:00

Filled here for the persons already recorded, with the same folding the application uses.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from forms.names import folded

revision: str = "d19a4f5b0c04"
down_revision: str | Sequence[str] | None = "c18f3e4a9b03"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("name_key", sa.String(200), nullable=False, server_default=""))
        batch.create_index("ix_person_name_key", ["name_key"])
    person = sa.table(
        "person", sa.column("id", sa.Integer), sa.column("full_name", sa.String), sa.column("name_key", sa.String)
    )
    connection = op.get_bind()
    for row in connection.execute(sa.select(person.c.id, person.c.full_name)).all():
        connection.execute(person.update().where(person.c.id == row.id).values(name_key=folded(row.full_name)))


def downgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.drop_index("ix_person_name_key")
        batch.drop_column("name_key")
