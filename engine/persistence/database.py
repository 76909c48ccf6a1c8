"""Database connection. SQLite by default, PostgreSQL supported; nothing SQLite-only
in the schema. On SQLite a writing unit of work takes the write lock up front
(BEGIN IMMEDIATE) so two writers queue instead of failing on a stale snapshot."""

from __future__ import annotations

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

WRITE = {"begin": "IMMEDIATE"}


def make_engine(url: str, echo: bool = False) -> Engine:
    if url.startswith("sqlite"):
        db = create_engine(url, echo=echo, connect_args={"timeout": 30, "check_same_thread": False})
        _configure_sqlite(db)
        return db
    return create_engine(url, echo=echo, pool_pre_ping=True)


def _configure_sqlite(db: Engine) -> None:
    @event.listens_for(db, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # let the "begin" hook issue BEGIN itself
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if db.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(db, "begin")
    def on_begin(conn):
        mode = conn.get_execution_options().get("begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def session_factories(db: Engine) -> tuple[sessionmaker[Session], sessionmaker[Session]]:
    """(read sessions, write sessions)."""
    read = sessionmaker(bind=db, expire_on_commit=False)
    write = sessionmaker(bind=db.execution_options(**WRITE), expire_on_commit=False)
    return read, write
