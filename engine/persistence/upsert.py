"""INSERT … ON CONFLICT DO NOTHING on SQLite and PostgreSQL alike: what makes reminders
and outbox messages owed and built only once; and the conditional UPDATE that claims a row."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def dialect_insert(session: Session):
    """The dialect's insert(), which has on_conflict_do_nothing()."""
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def insert_ignoring_duplicates(session: Session, model, rows: list[dict]) -> None:
    if not rows:
        return
    session.execute(dialect_insert(session)(model).on_conflict_do_nothing(), rows)


def updated_rows(session: Session, statement: Update) -> int:
    """How many rows a conditional UPDATE changed: 1 when this caller won the claim.
    Session.execute is typed as returning a Result; for an UPDATE it is a CursorResult."""
    return cast("CursorResult[Any]", session.execute(statement)).rowcount
