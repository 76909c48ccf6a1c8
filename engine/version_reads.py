"""Reads for the model-version admin page and the command line: which running dossiers
are on an older model version. (The read side's; kept here until it moves there.)"""
from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .persistence.tables import Dossier, ProcessInstance, ProcessSpecVersion, User


def _latest_running():
    return (select(func.max(ProcessInstance.id)).where(ProcessInstance.status == "running")
            .group_by(ProcessInstance.dossier_id))


def stale_dossiers(session: Session, version: str, page: int = 1, per_page: int = 50):
    """Running dossiers whose process is not on `version`, oldest first:
    ([(dossier, instance)], page, pages, total)."""
    conditions = (ProcessInstance.id.in_(_latest_running()), ProcessInstance.spec_version != version)
    total = session.scalar(select(func.count()).select_from(ProcessInstance).where(*conditions))
    pages = max(1, math.ceil(total / per_page))
    page = min(max(1, page), pages)
    rows = session.execute(
        select(Dossier, ProcessInstance).join(ProcessInstance, ProcessInstance.dossier_id == Dossier.id)
        .where(*conditions).order_by(Dossier.id).limit(per_page).offset((page - 1) * per_page)
    ).all()
    return [tuple(row) for row in rows], page, pages, total


def stale_dossier_ids(session: Session, version: str) -> list[int]:
    return list(session.scalars(
        select(ProcessInstance.dossier_id)
        .where(ProcessInstance.id.in_(_latest_running()), ProcessInstance.spec_version != version)
        .order_by(ProcessInstance.dossier_id)
    ))


def running_versions(session: Session) -> list[tuple[str, datetime, int]]:
    """Each model version with running dossiers: (version, stored at, how many)."""
    rows = session.execute(
        select(ProcessSpecVersion.version, ProcessSpecVersion.created_at, func.count(ProcessInstance.id))
        .join(ProcessInstance, ProcessInstance.spec_version == ProcessSpecVersion.version)
        .where(ProcessInstance.id.in_(_latest_running()))
        .group_by(ProcessSpecVersion.version, ProcessSpecVersion.created_at)
        .order_by(ProcessSpecVersion.created_at)
    ).all()
    return [tuple(row) for row in rows]


def resolve_numbers(session: Session, numbers: Iterable[str]) -> tuple[list[int], list[str]]:
    """Dossier ids for the given numbers, in order, and the numbers that match none."""
    numbers = list(dict.fromkeys(numbers))
    found = dict(session.execute(select(Dossier.number, Dossier.id).where(Dossier.number.in_(numbers))).all())
    return [found[n] for n in numbers if n in found], [n for n in numbers if n not in found]


def first_admin(session: Session) -> int | None:
    return session.scalar(select(User.id).where(User.is_admin, User.is_active).order_by(User.id).limit(1))
