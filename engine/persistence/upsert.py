"""INSERT … ON CONFLICT DO NOTHING on SQLite and PostgreSQL alike: what makes reminders
and outbox messages owed and built only once."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def dialect_insert(session: Session):
    """The dialect's insert(), which has on_conflict_do_nothing()."""
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


def insert_ignoring_duplicates(session: Session, model, rows: list[dict]) -> None:
    if not rows:
        return
    session.execute(dialect_insert(session)(model).on_conflict_do_nothing(), rows)
