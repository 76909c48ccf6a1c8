"""unique person id_number: one CCCD, one live person record, held by the database

Revision ID: e26b4c8d2f11
Revises: d25a0b1c6f10
Create Date: 2026-12-03 09:00:00

A record merged into another keeps its CCCD but does not hold it. When live records still
share a CCCD the upgrade stops and names them: an administrator merges them at
/admin/persons/merge on the previous version first; nothing is merged or deleted here.
"""

from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "e26b4c8d2f11"
down_revision: str | Sequence[str] | None = "d25a0b1c6f10"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = "id_number IS NOT NULL AND merged_into_id IS NULL"


class DuplicateIdNumbers(RuntimeError):
    """Live records share a CCCD: the index cannot be built until they are merged."""


def upgrade() -> None:
    duplicates = _live_duplicates()
    if duplicates:
        lines = [
            f"- Số định danh {id_number}: " + "; ".join(f"#{person_id} {full_name}" for person_id, full_name in records)
            for id_number, records in sorted(duplicates.items())
        ]
        raise DuplicateIdNumbers(
            "Không nâng cấp được cơ sở dữ liệu: các bản ghi đối tượng sau dùng chung một số định danh "
            "(một người chỉ có một bản ghi).\n"
            + "\n".join(lines)
            + "\nTrên phiên bản đang chạy, quản trị viên gộp từng cặp bản ghi tại /admin/persons/merge, "
            "rồi chạy lại lệnh nâng cấp. Không có bản ghi nào bị gộp hay xoá tự động."
        )
    with op.batch_alter_table("person") as batch:
        batch.create_index(
            "uq_person_live_id_number",
            ["id_number"],
            unique=True,
            sqlite_where=sa.text(LIVE),
            postgresql_where=sa.text(LIVE),
        )


def downgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.drop_index("uq_person_live_id_number")


def _live_duplicates() -> dict[str, list[tuple[int, str]]]:
    """Each CCCD held by more than one unmerged record, with those records (id, name)."""
    person = sa.table(
        "person",
        sa.column("id", sa.Integer),
        sa.column("full_name", sa.String),
        sa.column("id_number", sa.String),
        sa.column("merged_into_id", sa.Integer),
    )
    live = sa.and_(person.c.id_number.is_not(None), person.c.merged_into_id.is_(None))
    shared = sa.select(person.c.id_number).where(live).group_by(person.c.id_number).having(sa.func.count() > 1)
    rows = op.get_bind().execute(
        sa.select(person.c.id_number, person.c.id, person.c.full_name)
        .where(live, person.c.id_number.in_(shared))
        .order_by(person.c.id_number, person.c.id)
    )
    found: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for id_number, person_id, full_name in rows:
        found[id_number].append((person_id, full_name))
    return dict(found)
