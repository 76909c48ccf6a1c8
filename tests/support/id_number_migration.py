"""The migration that makes the database hold one live record per CCCD (e26b4c8d2f11),
checked on SQLite (tests/integration) and PostgreSQL (tests/postgres) alike."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.migration import MigrationContext

from engine import alembic_config
from engine.persistence.database import make_engine

BEFORE, UNIQUE = "d25a0b1c6f10", "e26b4c8d2f11"
CCCD, OTHER_CCCD = "001090012345", "001075000555"


def persons(url: str, rows: list[dict]) -> None:
    """Records as an older version could hold them, written as rows (no model checks)."""
    db = make_engine(url)
    with db.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO administrative_unit (code, name, level, remote)"
                " VALUES ('X1', 'Xã An Bình', 'commune', false)"
            )
        )
        for row in rows:
            connection.execute(
                sa.text(
                    "INSERT INTO person (id, full_name, name_key, birth_date, id_number, residence, commune_code,"
                    " merged_into_id) VALUES (:id, :full_name, '', '1990-05-17', :id_number, 'Thôn Đông', 'X1',"
                    " :merged_into_id)"
                ),
                {"merged_into_id": None, "id_number": None, **row},
            )
    db.dispose()


def state(url: str) -> tuple[str | None, set[str], list[tuple]]:
    """The revision, the person table's indexes and its rows."""
    db = make_engine(url)
    with db.connect() as connection:
        revision = MigrationContext.configure(connection).get_current_revision()
        indexes = {index["name"] for index in sa.inspect(connection).get_indexes("person")}
        rows = connection.execute(sa.text("SELECT id, id_number, merged_into_id FROM person ORDER BY id")).all()
    db.dispose()
    return revision, indexes, [tuple(row) for row in rows]


RECORDS = [
    {"id": 1, "full_name": "Nguyễn Văn Bình", "id_number": CCCD},
    {"id": 2, "full_name": "Nguyen Van Binh", "id_number": CCCD},
    {"id": 3, "full_name": "Lê Văn Tám", "id_number": OTHER_CCCD},
    {"id": 4, "full_name": "Lê Văn Tám", "id_number": OTHER_CCCD, "merged_into_id": 3},
    {"id": 5, "full_name": "Trần Văn An"},
    {"id": 6, "full_name": "Trần Văn An"},
]


def check_the_migration(url: str) -> None:
    """Live duplicates stop the upgrade, named, changing nothing; once merged it builds the
    index, which refuses a second live holder and ignores merged or empty ones."""
    config = alembic_config(url)
    command.upgrade(config, BEFORE)
    persons(url, RECORDS)
    before = state(url)

    with pytest.raises(RuntimeError) as stopped:
        command.upgrade(config, UNIQUE)

    message = str(stopped.value)
    assert f"Số định danh {CCCD}: #1 Nguyễn Văn Bình; #2 Nguyen Van Binh" in message
    assert "/admin/persons/merge" in message and "Không có bản ghi nào bị gộp hay xoá tự động" in message
    assert OTHER_CCCD not in message and "Trần Văn An" not in message  # merged away, or without a CCCD
    assert state(url) == before and before[0] == BEFORE and "uq_person_live_id_number" not in before[1]

    db = make_engine(url)
    with db.begin() as connection:  # what the administrator's merge does to the records
        connection.execute(sa.text("UPDATE person SET merged_into_id = 1 WHERE id = 2"))
    command.upgrade(config, UNIQUE)
    revision, indexes, _ = state(url)
    assert revision == UNIQUE and "uq_person_live_id_number" in indexes
    with pytest.raises(sa.exc.IntegrityError), db.begin() as connection:
        connection.execute(sa.text("UPDATE person SET merged_into_id = NULL WHERE id = 2"))
    with db.begin() as connection:  # the CCCD of a merged-away record is held by nobody
        connection.execute(sa.text("UPDATE person SET id_number = NULL WHERE id = 3"))
        connection.execute(sa.text("UPDATE person SET id_number = :cccd WHERE id = 6"), {"cccd": OTHER_CCCD})
    db.dispose()

    command.downgrade(config, BEFORE)
    assert state(url)[1] == before[1]
