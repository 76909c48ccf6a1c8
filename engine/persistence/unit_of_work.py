"""One write transaction per public call: the only place that commits.

On SQLite the write sessions begin with BEGIN IMMEDIATE (see database.py), so two
writers queue; on PostgreSQL the process instance row is locked with FOR UPDATE. The
instance row's lock_version makes a lost update fail with StaleDataError either way."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from .tables import ProcessInstance


class UnitOfWork:
    """One transaction; rolled back unless committed."""

    def __init__(self, factory: Callable[[], Session]):
        self._factory = factory

    def __enter__(self) -> UnitOfWork:
        self.session: Session = self._factory()
        return self

    def __exit__(self, *exc_info):
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        self.session.commit()

    def lock_instance(self, instance_id: int) -> ProcessInstance:
        return self.session.scalars(
            select(ProcessInstance).where(ProcessInstance.id == instance_id).with_for_update()
        ).one()

    def latest_instance(self, dossier_id: int, *, running: bool = False, lock: bool = False) -> ProcessInstance | None:
        return latest_instance(self.session, dossier_id, running=running, lock=lock)


def latest_instance(
    session: Session, dossier_id: int, *, running: bool = False, lock: bool = False
) -> ProcessInstance | None:
    """The dossier's newest process instance (optionally only a running one, locked)."""
    query = select(ProcessInstance).where(ProcessInstance.dossier_id == dossier_id)
    if running:
        query = query.where(ProcessInstance.status == "running")
    query = query.order_by(ProcessInstance.id.desc()).limit(1)
    if lock:
        query = query.with_for_update()
    return session.scalars(query).first()


class UnitOfWorkFactory:
    """Makes units of work on the write sessions of one database."""

    def __init__(self, write_sessions: Callable[[], Session]):
        self._write_sessions = write_sessions

    def __call__(self) -> UnitOfWork:
        return UnitOfWork(self._write_sessions)
