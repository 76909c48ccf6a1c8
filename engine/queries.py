"""Read side: what a user may see, and the inbox and dossier views built from the
projection and audit tables alone (no workflow is ever deserialized here)."""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session, aliased

from .calendar import WorkingCalendar
from .access import can_see, dossier_for
from .clock import VN_TZ
from .errors import Forbidden, NotFound
from forms.documents import DOCUMENTS, document_label

from .model.roles import RoleTable
from .persistence.tables import (
    Agency,
    Attachment,
    AuditEvent,
    Dossier,
    DossierParty,
    IssuedDocument,
    Notification,
    OutboxMessage,
    Person,
    Task,
    User,
)

INBOX_STATUSES = ("all", "unclaimed", "mine", "overdue")


@dataclass(frozen=True)
class Countdown:
    """How a deadline stands today, for display: kind is overdue, today, open or unknown."""

    kind: str
    days: int = 0

    @property
    def text(self) -> str:
        if self.kind == "unknown":
            return "chưa xác định thời hạn (chưa xác minh)"
        if self.kind == "overdue":
            return f"quá hạn {self.days} ngày"
        if self.kind == "today":
            return "đến hạn hôm nay"
        return f"còn {self.days} ngày làm việc"


def countdown(deadline: date | None, today: date, calendar: WorkingCalendar) -> Countdown:
    if deadline is None:
        return Countdown("unknown")
    if deadline < today:
        return Countdown("overdue", (today - deadline).days)
    if deadline == today:
        return Countdown("today")
    left, day = 0, today
    while day < deadline:
        day += timedelta(days=1)
        left += calendar.is_working_day(day)
    return Countdown("open", left)


@dataclass(frozen=True)
class InboxRow:
    task_id: int
    dossier_id: int
    dossier_number: str
    person_name: str
    task_name: str
    bpmn_id: str
    deadline_on: date | None
    deadline_status: str
    claimed_by_id: int | None
    claimed_by: str | None
    countdown: Countdown


@dataclass(frozen=True)
class InboxPage:
    rows: list[InboxRow]
    total: int
    page: int
    pages: int
    kinds: list[tuple[str, str]]


def _open_task_rows(session: Session, conditions: list, limit: int, offset: int) -> list[tuple]:
    claimer = aliased(User)
    return session.execute(
        select(
            Task.id, Task.dossier_id, Dossier.number, Person.full_name, Task.name, Task.bpmn_id,
            Task.deadline_on, Task.deadline_status, Task.claimed_by_id, claimer.full_name,
        )
        .join(Dossier, Dossier.id == Task.dossier_id)
        .join(Person, Person.id == Dossier.person_id)
        .outerjoin(claimer, claimer.id == Task.claimed_by_id)
        .where(*conditions)
        .order_by(Task.deadline_sort, Task.id)
        .limit(limit)
        .offset(offset)
    ).all()


def first_open_tasks(session: Session, agency_id: int, limit: int = 50) -> list[tuple]:
    """The agency's open tasks, earliest deadline first: the query an inbox stands on."""
    return _open_task_rows(session, [Task.agency_id == agency_id, Task.state == "open"], limit, 0)


def inbox(
    session: Session,
    user: User,
    today: date,
    calendar: WorkingCalendar,
    *,
    kind: str | None = None,
    status: str = "all",
    page: int = 1,
    per_page: int = 25,
) -> InboxPage:
    """The open tasks of the user's agency, earliest legal deadline first."""
    if user.agency_id is None:
        return InboxPage([], 0, 1, 1, [])
    conditions = [Task.agency_id == user.agency_id, Task.state == "open"]
    if kind:
        conditions.append(Task.bpmn_id == kind)
    if status == "unclaimed":
        conditions.append(Task.claimed_by_id.is_(None))
    elif status == "mine":
        conditions.append(Task.claimed_by_id == user.id)
    elif status == "overdue":
        conditions.append(Task.deadline_sort < today)
    total = session.scalar(select(func.count()).select_from(Task).where(*conditions))
    pages = max(1, math.ceil(total / per_page))
    page = min(max(1, page), pages)
    rows = _open_task_rows(session, conditions, per_page, (page - 1) * per_page)
    kind_ids = session.scalars(
        select(Task.bpmn_id).where(Task.agency_id == user.agency_id, Task.state == "open").group_by(Task.bpmn_id)
    ).all()
    kinds = sorted(
        (
            (bpmn_id, session.scalar(select(Task.name).where(
                Task.agency_id == user.agency_id, Task.state == "open", Task.bpmn_id == bpmn_id).limit(1)))
            for bpmn_id in kind_ids
        ),
        key=lambda kind: kind[1],
    )
    return InboxPage(
        rows=[InboxRow(*row, countdown=countdown(row[6], today, calendar)) for row in rows],
        total=total,
        page=page,
        pages=pages,
        kinds=kinds,
    )


def dossier_list(session: Session, user: User, page: int = 1, per_page: int = 25) -> tuple[list[Dossier], int, int]:
    """Visible dossiers, most recently updated first: (dossiers, page, pages)."""
    visible = can_see(user)
    total = session.scalar(select(func.count()).select_from(Dossier).where(visible))
    pages = max(1, math.ceil(total / per_page))
    page = min(max(1, page), pages)
    dossiers = session.scalars(
        select(Dossier).join(Person).where(visible).order_by(Dossier.updated_at.desc(), Dossier.id.desc())
        .limit(per_page).offset((page - 1) * per_page)
    ).all()
    return list(dossiers), page, pages


@dataclass(frozen=True)
class TaskLine:
    task: Task
    agency_name: str
    met: bool | None
    """True: done by the deadline; False: done late or still open past it; None: no figure."""


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    actor: str
    summary: str
    data: dict


@dataclass(frozen=True)
class DossierDetail:
    dossier: Dossier
    person: Person
    parties: list[tuple[str, str]]
    tasks: list[TaskLine]
    timeline: list[TimelineEntry]
    completed_ids: list[str]
    current_ids: list[str]
    previous: Dossier | None
    following: list[Dossier]


def dossier_detail(session: Session, user: User, dossier_id: int, today: date, roles: RoleTable) -> DossierDetail:
    dossier = dossier_for(session, user, dossier_id)
    parties = session.execute(
        select(DossierParty.role, Agency.name).join(Agency).where(DossierParty.dossier_id == dossier_id)
    ).all()
    task_rows = session.execute(
        select(Task, Agency.name).join(Agency, Agency.id == Task.agency_id)
        .where(Task.dossier_id == dossier_id).order_by(Task.id)
    ).all()
    lines = [TaskLine(task, agency_name, _met(task, today)) for task, agency_name in task_rows]
    events = session.execute(
        select(AuditEvent, User.full_name).outerjoin(User, User.id == AuditEvent.actor_id)
        .where(AuditEvent.dossier_id == dossier_id).order_by(AuditEvent.id)
    ).all()
    return DossierDetail(
        dossier=dossier,
        person=dossier.person,
        parties=[(roles.label(role), name) for role, name in sorted(parties, key=lambda p: roles.position(p[0]))],
        tasks=lines,
        timeline=[TimelineEntry(e.created_at, name or "Hệ thống", e.summary, e.data) for e, name in events],
        completed_ids=sorted({line.task.bpmn_id for line in lines if line.task.state == "completed"}),
        current_ids=sorted({line.task.bpmn_id for line in lines if line.task.state == "open"}),
        previous=session.scalars(select(Dossier).where(Dossier.id == dossier.parent_id, can_see(user))).first(),
        following=list(session.scalars(
            select(Dossier).where(Dossier.parent_id == dossier.id, can_see(user)).order_by(Dossier.id))),
    )


def person_history(session: Session, user: User, person_id: int) -> tuple[Person, list[Dossier]]:
    """Every phase of a person's history the user may see, oldest first."""
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound("Không tìm thấy đối tượng.")
    dossiers = list(session.scalars(
        select(Dossier).where(Dossier.person_id == person_id, can_see(user)).order_by(Dossier.created_at, Dossier.id)))
    if not dossiers:
        raise Forbidden("Đối tượng này không có hồ sơ nào thuộc phạm vi của cơ quan anh/chị.")
    return person, dossiers


def _met(task: Task, today: date) -> bool | None:
    if task.deadline_on is None:
        return None
    if task.completed_at is not None and task.state == "completed":
        return task.completed_at.astimezone(VN_TZ).date() <= task.deadline_on
    if task.state == "open":
        return today <= task.deadline_on
    return None


def task_visible(session: Session, user: User, task_id: int) -> Task:
    """A task of the user's own agency; NotFound or Forbidden otherwise."""
    task = session.get(Task, task_id)
    if task is None:
        raise NotFound("Không tìm thấy nhiệm vụ.")
    if user.is_admin or task.agency_id != user.agency_id:
        raise Forbidden("Nhiệm vụ này thuộc cơ quan khác; anh/chị không có quyền xử lý.")
    return task


OUTBOX_STATUSES = {
    "pending": "Chờ gửi",
    "sending": "Đang gửi",
    "sent": "Đã gửi",
    "failed": "Gửi lỗi",
    "uncertain": "Không xác định",
}


def outbox(session: Session, status: str | None, page: int = 1, per_page: int = 50):
    """Outbox messages, newest first: (messages, page, pages)."""
    conditions = [OutboxMessage.status == status] if status in OUTBOX_STATUSES else []
    total = session.scalar(select(func.count()).select_from(OutboxMessage).where(*conditions))
    pages = max(1, math.ceil(total / per_page))
    page = min(max(1, page), pages)
    messages = session.scalars(
        select(OutboxMessage).where(*conditions).order_by(OutboxMessage.id.desc())
        .limit(per_page).offset((page - 1) * per_page)
    ).all()
    return list(messages), page, pages


def unreachable(session: Session) -> tuple[list[tuple[User, int]], list[Agency]]:
    """Officers owed reminders they cannot receive (no address), with how many; and the
    agencies with no head to receive escalations."""
    officers = session.execute(
        select(User, func.count(Notification.id))
        .join(Notification, Notification.recipient_id == User.id)
        .where(Notification.unreachable)
        .group_by(User.id).order_by(User.username)
    ).all()
    headless = session.scalars(
        select(Agency).where(~exists().where(User.agency_id == Agency.id, User.is_head, User.is_active))
        .order_by(Agency.name)
    ).all()
    return [(user, count) for user, count in officers], list(headless)


@dataclass(frozen=True)
class DocumentLine:
    code: str
    label: str
    printable: bool
    issued: int
    attached: int


@dataclass(frozen=True)
class DocumentsView:
    lines: list[DocumentLine]
    issued: list[tuple]
    """(id, code, sha256, issued_at, issuer name)"""
    attachments: list[tuple]
    """(id, document_code, filename, content_type, size, sha256, uploaded_at, uploader name)"""


def dossier_documents(session: Session, dossier: Dossier, definitions) -> DocumentsView:
    """The documents of a dossier's procedure (in model order), what was printed and what
    was uploaded; file contents are not read."""
    codes = list(dict.fromkeys(code for d in definitions if d.process_id == dossier.process_id
                               for code in (*d.required_documents, *d.documents)))
    issued = session.execute(
        select(IssuedDocument.id, IssuedDocument.code, IssuedDocument.sha256, IssuedDocument.issued_at, User.full_name)
        .join(User, User.id == IssuedDocument.issued_by_id)
        .where(IssuedDocument.dossier_id == dossier.id).order_by(IssuedDocument.id.desc())
    ).all()
    attachments = session.execute(
        select(Attachment.id, Attachment.document_code, Attachment.filename, Attachment.content_type, Attachment.size,
               Attachment.sha256, Attachment.uploaded_at, User.full_name)
        .join(User, User.id == Attachment.uploaded_by_id)
        .where(Attachment.dossier_id == dossier.id).order_by(Attachment.id.desc())
    ).all()
    counts_issued = {code: sum(1 for row in issued if row[1] == code) for code in codes}
    counts_attached = {code: sum(1 for row in attachments if row[1] == code) for code in codes}
    lines = [DocumentLine(code, document_label(code), code in DOCUMENTS, counts_issued[code], counts_attached[code])
             for code in codes]
    return DocumentsView(lines, [tuple(row) for row in issued], [tuple(row) for row in attachments])


def attachment_for(session: Session, user: User, dossier_id: int, attachment_id: int) -> Attachment:
    dossier_for(session, user, dossier_id)
    attachment = session.get(Attachment, attachment_id)
    if attachment is None or attachment.dossier_id != dossier_id:
        raise NotFound("Không tìm thấy tài liệu.")
    return attachment


def issued_for(session: Session, user: User, dossier_id: int, issued_id: int) -> IssuedDocument:
    dossier_for(session, user, dossier_id)
    issued = session.get(IssuedDocument, issued_id)
    if issued is None or issued.dossier_id != dossier_id:
        raise NotFound("Không tìm thấy văn bản.")
    return issued


def verification(session: Session, token: str) -> tuple[IssuedDocument, Dossier, str] | None:
    """What a verification page may show of an issued document: no personal data."""
    issued = session.scalar(select(IssuedDocument).where(IssuedDocument.token == token))
    if issued is None:
        return None
    issuer_agency = session.scalar(select(Agency.name).join(User, User.agency_id == Agency.id)
                                   .where(User.id == issued.issued_by_id))
    return issued, session.get(Dossier, issued.dossier_id), issuer_agency or "Quản trị hệ thống"
