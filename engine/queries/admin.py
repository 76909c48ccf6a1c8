"""What administrators read: the e-mail outbox, who cannot be reached, and the history
of amendments to a legal time limit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from ..persistence.tables import Agency, Notification, OutboxMessage, ParameterChange, User
from .paging import Page, paginate, shaped

OUTBOX_STATUSES = {
    "pending": "Chờ gửi",
    "sending": "Đang gửi",
    "sent": "Đã gửi",
    "failed": "Gửi lỗi",
    "uncertain": "Không xác định",
}


@dataclass(frozen=True)
class OutboxRow:
    id: int
    kind: str
    to_address: str
    subject: str
    status: str
    attempts: int
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None
    recipient_name: str


@dataclass(frozen=True)
class OutboxMessageView(OutboxRow):
    body_text: str
    body_html: str


@dataclass(frozen=True)
class Officer:
    username: str
    full_name: str


@dataclass(frozen=True)
class Unreachable:
    officers: list[tuple[Officer, int]]
    """Officers owed reminders they cannot receive (no address), with how many."""
    headless: list[str]
    """Names of the agencies with no head to receive escalations."""


@dataclass(frozen=True)
class ParameterChangeView:
    changed_at: datetime
    value: int | None
    status: str
    citation: str
    note: str
    changed_by: str


def outbox(session: Session, status: str | None, page: int = 1, per_page: int = 50) -> Page[OutboxRow]:
    """Outbox messages, newest first, with their recipient's name."""
    conditions = [OutboxMessage.status == status] if status in OUTBOX_STATUSES else []
    statement = (
        select(OutboxMessage, User.full_name)
        .join(User, User.id == OutboxMessage.recipient_id)
        .where(*conditions)
        .order_by(OutboxMessage.id.desc())
    )
    return paginate(session, statement, page, per_page, lambda row: shaped(OutboxRow, row[0], recipient_name=row[1]))


def message(session: Session, message_id: int) -> OutboxMessageView | None:
    row = session.execute(
        select(OutboxMessage, User.full_name)
        .join(User, User.id == OutboxMessage.recipient_id)
        .where(OutboxMessage.id == message_id)
    ).first()
    return shaped(OutboxMessageView, row[0], recipient_name=row[1]) if row else None


def unreachable(session: Session) -> Unreachable:
    officers = session.execute(
        select(User.username, User.full_name, func.count(Notification.id))
        .join(Notification, Notification.recipient_id == User.id)
        .where(Notification.unreachable)
        .group_by(User.id, User.username, User.full_name)
        .order_by(User.username)
    ).all()
    headless = session.scalars(
        select(Agency.name)
        .where(~exists().where(User.agency_id == Agency.id, User.is_head, User.is_active))
        .order_by(Agency.name)
    ).all()
    return Unreachable([(Officer(username, name), count) for username, name, count in officers], list(headless))


def parameter_history(session: Session, name: str) -> list[ParameterChangeView]:
    """Every amendment of one legal time limit, newest first."""
    rows = session.execute(
        select(ParameterChange, User.full_name)
        .join(User, User.id == ParameterChange.changed_by_id)
        .where(ParameterChange.name == name)
        .order_by(ParameterChange.id.desc())
    ).all()
    return [shaped(ParameterChangeView, change, changed_by=who) for change, who in rows]
