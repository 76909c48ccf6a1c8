"""What a dossier page offers to revise (the steps the officer may correct now, the
withdrawal, the scans of their agency) and what was superseded (prints and scans)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..access import dossier_for, is_monitor
from ..errors import Forbidden
from ..persistence.tables import Attachment, Dossier, IssuedDocument, Task, User
from ..revisions import (
    check_corrector,
    check_withdrawer,
    correction_blocker,
    opener_agency,
    recorded_data,
    withdrawal_blocker,
)
from .dossiers import DossierView, PersonView, TaskView, dossier_and_person, task_views


@dataclass(frozen=True)
class Superseded:
    at: datetime
    reason: str
    replaced_by: int | None
    """The print or scan that replaced it; None when withdrawn or printed from old data."""


@dataclass(frozen=True)
class DossierRevisions:
    correctable: frozenset[int]
    """Completed tasks the user may correct now."""
    may_withdraw: bool
    withdrawal_refusal: str | None
    """Why the opener's agency can no longer withdraw it (None when it can, or for others)."""
    may_note: bool
    own_scans: frozenset[int]
    """Current scans the user's agency uploaded: it may replace or withdraw them."""
    superseded_prints: dict[int, Superseded]
    superseded_scans: dict[int, Superseded]
    reprint: frozenset[str]
    """Documents whose every print is superseded without a reprint: "cần in lại"."""


@dataclass(frozen=True)
class CorrectionPage:
    task: TaskView
    dossier: DossierView
    person: PersonView
    recorded: dict
    """What the step holds now, to pre-fill its form."""
    blocker: str | None


def dossier_revisions(session: Session, user: User, dossier_id: int) -> DossierRevisions:
    dossier = dossier_for(session, user, dossier_id)
    completed = session.scalars(select(Task).where(Task.dossier_id == dossier_id, Task.state == "completed"))
    correctable = frozenset(
        row.id for row in completed if _may_correct(user, row) and correction_blocker(session, row) is None
    )
    withdrawer = _may_withdraw(session, user, dossier)
    refusal = withdrawal_blocker(session, dossier) if withdrawer and dossier.status == "open" else None
    prints = session.execute(
        select(
            IssuedDocument.id,
            IssuedDocument.code,
            IssuedDocument.superseded_at,
            IssuedDocument.superseded_reason,
            IssuedDocument.superseded_by_id,
        ).where(IssuedDocument.dossier_id == dossier_id)
    ).all()
    scans = session.execute(
        select(Attachment, User.agency_id)
        .join(User, User.id == Attachment.uploaded_by_id)
        .where(Attachment.dossier_id == dossier_id)
    ).all()
    valid_codes = {code for _, code, at, _, _ in prints if at is None}
    return DossierRevisions(
        correctable=correctable,
        may_withdraw=withdrawer and refusal is None and dossier.status == "open",
        withdrawal_refusal=refusal,
        may_note=user.agency_id is not None and not is_monitor(user),
        own_scans=frozenset(
            scan.id
            for scan, agency_id in scans
            if scan.superseded_at is None and user.agency_id is not None and agency_id == user.agency_id
        ),
        superseded_prints={id: Superseded(at, reason or "", by) for id, _, at, reason, by in prints if at is not None},
        superseded_scans={
            scan.id: Superseded(scan.superseded_at, scan.superseded_reason or "", scan.superseded_by_id)
            for scan, _ in scans
            if scan.superseded_at is not None
        },
        reprint=frozenset(code for _, code, at, _, _ in prints if at is not None and code not in valid_codes),
    )


def correction_page(session: Session, user: User, task_id: int) -> CorrectionPage:
    """The form of a completed step of the user's agency, with what it holds now and why
    it can no longer be corrected (if so)."""
    row = session.get(Task, task_id)
    if row is None or row.state != "completed":
        raise Forbidden("Chỉ sửa được bước đã hoàn thành.")
    dossier_for(session, user, row.dossier_id)
    check_corrector(user, row)
    [(task, _)] = task_views(session, Task.id == task_id)
    dossier, person = dossier_and_person(session, row.dossier_id)
    return CorrectionPage(
        task, dossier, person, recorded_data(session, task_id) or {}, correction_blocker(session, row)
    )


def _may_correct(user: User, row: Task) -> bool:
    try:
        check_corrector(user, row)
    except Forbidden:
        return False
    return True


def _may_withdraw(session: Session, user: User, dossier: Dossier) -> bool:
    if opener_agency(session, dossier.id) is None:
        return False
    try:
        check_withdrawer(session, user, dossier)
    except Forbidden:
        return False
    return True
