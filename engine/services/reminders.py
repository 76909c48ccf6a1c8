"""The day's reminder scan: which reminder each open task with a day limit owes today,
to whom, and the e-mails that carry them (hour limits: engine.services.hour_reminders).
Everything is keyed so that it is owed and built only once,
however many schedulers run."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date, datetime, timedelta

from sqlalchemy import and_, func, literal, or_, select, update
from sqlalchemy.orm import Session

from ..calendar import HOUR_UNITS, WorkingCalendar
from ..clock import VN_TZ, Clock
from ..model.reminder_policy import ReminderPolicy, windows
from ..notifications.render import Item, deadline_note, render_message
from ..persistence.tables import (
    Agency,
    Dossier,
    Notification,
    OutboxMessage,
    Person,
    ReminderRun,
    Task,
    User,
    UTCDateTime,
)
from ..persistence.unit_of_work import UnitOfWorkFactory
from ..persistence.upsert import dialect_insert, insert_ignoring_duplicates, updated_rows
from ..settings import SettingsStore
from .hour_reminders import HOUR_KINDS

DIGEST_KINDS = ("overdue", "due_today", "due_soon")
MANDATORY_KINDS = ("overdue", "escalation")
ITEMS_PER_SECTION = 50
"""A digest lists at most this many tasks per section, then links to the inbox."""
RUN_LEASE = timedelta(minutes=15)


class ReminderService:
    def __init__(
        self,
        unit_of_work: UnitOfWorkFactory,
        settings: SettingsStore,
        clock: Clock,
        policies: tuple[ReminderPolicy, Mapping[str, ReminderPolicy]],
    ):
        self._unit_of_work = unit_of_work
        self._settings = settings
        self._clock = clock
        self.policies = policies
        """The default policy and the per-parameter ones (workflows/reminders.toml)."""

    def run(self, base_url: str, day: date | None = None) -> int | None:
        """Owe each reminder once, then build the e-mails. None on a day off, or when the
        day's scan is done or held by another scheduler."""
        moment = self._clock.now()
        day = day or moment.astimezone(VN_TZ).date()
        if not self._settings.refresh().calendar.is_working_day(day):
            return None
        with self._unit_of_work() as uow:
            claimed = claim_run(uow.session, day, moment)
            uow.commit()
        if not claimed:
            return None
        with self._unit_of_work() as uow:
            calendar = self._settings.refresh(uow.session).calendar
            owe_reminders(uow.session, day, moment, calendar, *self.policies)
            built = build_messages(uow.session, day, moment, calendar, base_url)
            finish_run(uow.session, day, moment)
            uow.commit()
        return built


def claim_run(session: Session, day: date, moment: datetime) -> bool:
    """Take the day's scan unless it is done or another scheduler holds its lease."""
    insert_ignoring_duplicates(session, ReminderRun, [{"day": day, "status": "pending", "claimed_until": moment}])
    taken = updated_rows(
        session,
        update(ReminderRun)
        .where(ReminderRun.day == day, ReminderRun.status != "done", ReminderRun.claimed_until <= moment)
        .values(status="running", claimed_until=moment + RUN_LEASE),
    )
    return taken == 1


def owe_reminders(
    session: Session,
    day: date,
    moment: datetime,
    calendar: WorkingCalendar,
    default: ReminderPolicy,
    overrides: Mapping[str, ReminderPolicy],
) -> None:
    """Write a notification row for every reminder owed today, set-based: one INSERT …
    SELECT per distinct date window, for the parameters whose policy has that window;
    duplicates of an earlier run are ignored. Reminders go to
    the claimer, else every active officer of the agency; escalations to its heads; the
    digest kinds only to officers who have not switched the digest off."""
    insert = dialect_insert(session)
    default_windows = windows(default, day, calendar)
    override_windows = {name: windows(policy, day, calendar) for name, policy in overrides.items()}
    distinct = dict.fromkeys([*default_windows, *(w for ws in override_windows.values() for w in ws)])
    for window in distinct:
        kind, first, before = window
        if window in default_windows:  # every parameter but the overrides that lack this window
            applies = Task.deadline_parameter.not_in([n for n, ws in override_windows.items() if window not in ws])
        else:
            applies = Task.deadline_parameter.in_([n for n, ws in override_windows.items() if window in ws])
        deadline = [Task.deadline_sort < before] + ([Task.deadline_sort >= first] if first else [])
        if kind == "escalation":
            recipient = and_(User.agency_id == Task.agency_id, User.is_head)
        else:
            recipient = or_(
                User.id == Task.claimed_by_id, and_(Task.claimed_by_id.is_(None), User.agency_id == Task.agency_id)
            )
        wanted = [] if kind in MANDATORY_KINDS else [User.digest_enabled]
        owed = (
            select(
                Task.id,
                literal(kind),
                User.id,
                Task.deadline_on if kind == "escalation" else literal(day),
                literal(False),
                literal(moment, UTCDateTime()),
            )
            .join(User, recipient)
            .where(
                Task.state == "open", Task.deadline_unit.not_in(HOUR_UNITS), applies, User.is_active, *deadline, *wanted
            )
        )
        columns = ["task_id", "kind", "recipient_id", "day", "unreachable", "created_at"]
        session.execute(insert(Notification).from_select(columns, owed).on_conflict_do_nothing())


def build_messages(session: Session, day: date, moment: datetime, calendar: WorkingCalendar, base_url: str) -> int:
    """Turn the day's unattached notifications into e-mails: one digest per officer, one
    message per escalation. An officer without an address is marked unreachable; a
    template error fails that message only. Set-based: only the tasks an e-mail shows
    are read in full."""
    unattached = (
        Notification.kind.not_in(HOUR_KINDS),
        Notification.message_id.is_(None),
        Notification.unreachable.is_(False),
        or_(Notification.day == day, Notification.kind == "escalation"),
    )
    by_message: dict[tuple[int, str, int | None], dict[str, int]] = defaultdict(dict)
    for recipient_id, kind, count in session.execute(
        select(Notification.recipient_id, Notification.kind, func.count())
        .where(*unattached, Notification.kind != "escalation")
        .group_by(Notification.recipient_id, Notification.kind)
    ):
        by_message[(recipient_id, "digest", None)][kind] = count
    for recipient_id, escalated_id in session.execute(
        select(Notification.recipient_id, Notification.task_id).where(*unattached, Notification.kind == "escalation")
    ):
        by_message[(recipient_id, "escalation", escalated_id)]["escalation"] = 1
    users = {user.id: user for user in session.scalars(select(User).where(User.id.in_({key[0] for key in by_message})))}
    built = 0
    for (recipient_id, kind, task_id), kinds in by_message.items():
        user = users[recipient_id]
        owed = [*unattached, Notification.recipient_id == recipient_id]
        owed += (
            [Notification.kind == "escalation", Notification.task_id == task_id]
            if kind == "escalation"
            else [Notification.kind != "escalation"]
        )
        if not user.email:
            session.execute(update(Notification).where(*owed).values(unreachable=True))
            continue
        sections = [
            (k, section(session, owed, k, day, calendar, base_url), kinds[k])
            for k in (*DIGEST_KINDS, "escalation")
            if k in kinds
        ]
        key = (
            f"escalation:{task_id}:{recipient_id}"
            if kind == "escalation"
            else f"digest:{recipient_id}:{day.isoformat()}"
        )
        insert_ignoring_duplicates(
            session, OutboxMessage, [render_message(kind, key, user, sections, day, base_url, moment)]
        )
        message_id = session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == key))
        session.execute(update(Notification).where(*owed).values(message_id=message_id))
        built += 1
    return built


def section(session: Session, owed: list, kind: str, day: date, calendar: WorkingCalendar, base_url: str) -> list[Item]:
    """The first tasks of one kind an e-mail lists, earliest deadline first."""
    rows = session.execute(
        # deadline_sort is the deadline itself: only tasks with a deadline owe reminders.
        select(Task.id, Dossier.number, Person.full_name, Task.name, Agency.name, Task.deadline_sort, Task.legal_basis)
        .select_from(Notification)
        .join(Task, Task.id == Notification.task_id)
        .join(Dossier, Dossier.id == Task.dossier_id)
        .join(Person, Person.id == Dossier.person_id)
        .join(Agency, Agency.id == Task.agency_id)
        .where(*owed, Notification.kind == kind)
        .order_by(Task.deadline_sort, Task.id)
        .limit(ITEMS_PER_SECTION)
    ).all()
    return [
        Item(
            task_id,
            kind,
            number,
            person,
            name,
            agency,
            deadline,
            basis,
            f"{base_url}/tasks/{task_id}",
            deadline_note(deadline, day, calendar),
        )
        for task_id, number, person, name, agency, deadline, basis in rows
    ]


def finish_run(session: Session, day: date, moment: datetime) -> None:
    session.execute(update(ReminderRun).where(ReminderRun.day == day).values(status="done", finished_at=moment))
