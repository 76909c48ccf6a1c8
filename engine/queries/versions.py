"""Which dossiers run on which model version, for the administrators' page and the
command line that moves dossiers to the current version."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from ..persistence.tables import Dossier, ProcessInstance, ProcessSpecVersion, User
from .dossiers import DossierView
from .paging import Page, paginate, shaped


@dataclass(frozen=True)
class StaleDossier:
    dossier: DossierView
    spec_version: str


@dataclass(frozen=True)
class RunningVersion:
    version: str
    stored_at: datetime
    dossiers: int


def latest_running() -> Select:
    """The latest running instance of each dossier (ids), as a subquery."""
    return (
        select(func.max(ProcessInstance.id))
        .where(ProcessInstance.status == "running")
        .group_by(ProcessInstance.dossier_id)
    )


def stale_dossiers(session: Session, version: str, page: int = 1, per_page: int = 50) -> Page[StaleDossier]:
    """Running dossiers whose process is not on `version`, oldest first."""
    statement = (
        select(Dossier, ProcessInstance.spec_version)
        .join(ProcessInstance, ProcessInstance.dossier_id == Dossier.id)
        .where(ProcessInstance.id.in_(latest_running()), ProcessInstance.spec_version != version)
        .order_by(Dossier.id)
    )
    return paginate(session, statement, page, per_page, lambda row: StaleDossier(shaped(DossierView, row[0]), row[1]))


def stale_dossier_ids(session: Session, version: str) -> list[int]:
    return list(
        session.scalars(
            select(ProcessInstance.dossier_id)
            .where(ProcessInstance.id.in_(latest_running()), ProcessInstance.spec_version != version)
            .order_by(ProcessInstance.dossier_id)
        )
    )


def running_versions(session: Session) -> list[RunningVersion]:
    """Each model version with running dossiers, oldest first."""
    rows = session.execute(
        select(ProcessSpecVersion.version, ProcessSpecVersion.created_at, func.count(ProcessInstance.id))
        .join(ProcessInstance, ProcessInstance.spec_version == ProcessSpecVersion.version)
        .where(ProcessInstance.id.in_(latest_running()))
        .group_by(ProcessSpecVersion.version, ProcessSpecVersion.created_at)
        .order_by(ProcessSpecVersion.created_at)
    ).all()
    return [RunningVersion(*row) for row in rows]


def resolve_numbers(session: Session, numbers: Iterable[str]) -> tuple[list[int], list[str]]:
    """Dossier ids for the given numbers, in order, and the numbers that match none."""
    numbers = list(dict.fromkeys(numbers))
    found = dict(session.execute(select(Dossier.number, Dossier.id).where(Dossier.number.in_(numbers))).all())
    return [found[n] for n in numbers if n in found], [n for n in numbers if n not in found]


def first_admin(session: Session) -> int | None:
    return session.scalar(select(User.id).where(User.is_admin, User.is_active).order_by(User.id).limit(1))
