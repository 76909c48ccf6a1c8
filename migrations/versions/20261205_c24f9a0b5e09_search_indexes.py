"""search indexes: the words of each person's name, the dossier list's order, `can_see` probes

Revision ID: c24f9a0b5e09
Revises: a22d7e8f3c07
Create Date: 2026-12-05 09:00:00

The word index is filled here for the persons already recorded, with the same folding the
application uses (forms.names.name_words).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from forms.names import name_words

revision: str = "c24f9a0b5e09"
down_revision: str | Sequence[str] | None = "a22d7e8f3c07"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    words = op.create_table(
        "person_name_word",
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("person.id"), primary_key=True),
        sa.Column("word", sa.String(200), primary_key=True),
    )
    op.create_index("ix_person_name_word_word", "person_name_word", ["word", "person_id"])
    person = sa.table("person", sa.column("id", sa.Integer), sa.column("full_name", sa.String))
    connection = op.get_bind()
    rows = [
        {"person_id": person_id, "word": word}
        for person_id, full_name in connection.execute(sa.select(person.c.id, person.c.full_name))
        for word in name_words(full_name)
    ]
    if rows:
        op.bulk_insert(words, rows)
    op.create_index("ix_dossier_recent", "dossier", ["updated_at", "id"])
    op.create_index("ix_task_dossier_agency", "task", ["dossier_id", "agency_id"])
    op.drop_index("ix_task_dossier_id", "task")
    op.create_index("ix_dossier_party_agency_dossier", "dossier_party", ["agency_id", "dossier_id"])
    op.drop_index("ix_dossier_party_agency_id", "dossier_party")


def downgrade() -> None:
    op.create_index("ix_dossier_party_agency_id", "dossier_party", ["agency_id"])
    op.drop_index("ix_dossier_party_agency_dossier", "dossier_party")
    op.create_index("ix_task_dossier_id", "task", ["dossier_id"])
    op.drop_index("ix_task_dossier_agency", "task")
    op.drop_index("ix_dossier_recent", "dossier")
    op.drop_index("ix_person_name_word_word", "person_name_word")
    op.drop_table("person_name_word")
