"""Reminders of hour limits ("24 giờ"): checked every few minutes, days off included,
since the clock of such a limit runs across nights, weekends and Tết. Each task owes at
most one reminder of each kind per deadline instant: when a share of the limit is left,
when it runs out, and an escalation to the agency's head some time after. Notification
rows are keyed (task, kind, recipient, day of the deadline) and e-mails by the deadline
instant, so a rerun or a second scheduler never sends one twice."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from ..calendar import HOUR_UNITS, hour_countdown
from ..clock import VN_TZ, Clock
from ..model.reminder_policy import HourPolicy
from ..notifications.render import Item, render_hour_message
from ..persistence.tables import Agency, Dossier, Notification, OutboxMessage, Person, Task, User
from ..persistence.unit_of_work import UnitOfWorkFactory
from ..persistence.upsert import insert_ignoring_duplicates

HOUR_KINDS = ("hour_soon", "hour_due", "hour_escalate")


def owed_kinds(policy: HourPolicy, started_at: datetime, due_at: datetime, now: datetime) -> list[str]:
    """The reminders an hour limit owes by `now` (pure, for tests and the scan)."""
    span = due_at - started_at
    kinds = []
    if now < due_at and now >= due_at - span * policy.soon_left:
        kinds.append("hour_soon")
    if policy.at_expiry and now >= due_at:
        kinds.append("hour_due")
    if now >= due_at + span * policy.escalate_after:
        kinds.append("hour_escalate")
    return kinds


class HourReminderService:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock, policy: HourPolicy):
        self._unit_of_work = unit_of_work
        self._clock = clock
        self.policy = policy

    def run(self, base_url: str) -> int:
        """Owe what is due now, then build one e-mail per new notification; the count built."""
        moment = self._clock.now()
        with self._unit_of_work() as uow:
            owe(uow.session, self.policy, moment)
            built = build(uow.session, moment, base_url)
            uow.commit()
        return built


def owe(session: Session, policy: HourPolicy, moment: datetime) -> None:
    tasks = session.execute(
        select(Task.id, Task.agency_id, Task.claimed_by_id, Task.deadline_from_at, Task.deadline_at).where(
            Task.state == "open",
            Task.deadline_unit.in_(HOUR_UNITS),
            Task.deadline_at.is_not(None),
            Task.deadline_from_at.is_not(None),
            Task.deadline_from_at <= moment,
        )
    ).all()
    rows = []
    for task_id, agency_id, claimer_id, started_at, due_at in tasks:
        if started_at is None or due_at is None:
            continue
        for kind in owed_kinds(policy, started_at, due_at, moment):
            if kind == "hour_escalate":
                who = and_(User.agency_id == agency_id, User.is_head)
            elif claimer_id is not None:
                who = User.id == claimer_id
            else:
                who = User.agency_id == agency_id
            for (recipient_id,) in session.execute(select(User.id).where(who, User.is_active)):
                rows.append(
                    {
                        "task_id": task_id,
                        "kind": kind,
                        "recipient_id": recipient_id,
                        "day": due_at.astimezone(VN_TZ).date(),
                        "unreachable": False,
                        "created_at": moment,
                    }
                )
    if rows:
        insert_ignoring_duplicates(session, Notification, rows)


def build(session: Session, moment: datetime, base_url: str) -> int:
    pending = session.execute(
        select(Notification, Task, Dossier.number, Person.full_name, Agency.name, User)
        .join(Task, Task.id == Notification.task_id)
        .join(Dossier, Dossier.id == Task.dossier_id)
        .join(Person, Person.id == Dossier.person_id)
        .join(Agency, Agency.id == Task.agency_id)
        .join(User, User.id == Notification.recipient_id)
        .where(
            Notification.kind.in_(HOUR_KINDS),
            Notification.message_id.is_(None),
            or_(Notification.unreachable.is_(False), Notification.unreachable.is_(None)),
        )
        .order_by(Notification.id)
    ).all()
    built = 0
    for notification, task, number, person, agency, user in pending:
        if task.deadline_at is None or task.deadline_on is None:
            continue
        if not user.email:
            session.execute(update(Notification).where(Notification.id == notification.id).values(unreachable=True))
            continue
        note = hour_countdown(task.deadline_at, moment, task.deadline_from_at).text
        item = Item(
            task.id,
            notification.kind,
            number,
            person,
            task.name,
            agency,
            task.deadline_on,
            task.legal_basis,
            f"{base_url}/tasks/{task.id}",
            note,
        )
        key = f"{notification.kind}:{task.id}:{user.id}:{task.deadline_at.isoformat()}"
        insert_ignoring_duplicates(
            session, OutboxMessage, [render_hour_message(notification.kind, key, user, item, base_url, moment)]
        )
        message_id = session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == key))
        session.execute(update(Notification).where(Notification.id == notification.id).values(message_id=message_id))
        built += 1
    return built
