"""The inbox: an agency's open tasks, earliest legal deadline first, each with its
countdown (working days, or clock hours for hour limits) and the due-soon mark the
reminder e-mails use."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from ..calendar import HOUR_UNITS, Countdown, WorkingCalendar, task_countdown
from ..clock import VN_TZ
from ..model.reminder_policy import ReminderPolicy, windows
from ..persistence.tables import Dossier, Person, Task, User
from .paging import paginate

INBOX_STATUSES = ("all", "unclaimed", "mine", "overdue")


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
    deadline_at: datetime | None = None


@dataclass(frozen=True)
class InboxPage:
    rows: list[InboxRow]
    total: int
    page: int
    pages: int
    kinds: list[tuple[str, str]]


class DueSoon:
    """Whether an open deadline falls in a due-soon window of its parameter's reminder
    policy today: the inbox marks exactly what the day's digest announces."""

    def __init__(
        self, today: date, calendar: WorkingCalendar, policies: tuple[ReminderPolicy, Mapping[str, ReminderPolicy]]
    ):
        self._today, self._calendar = today, calendar
        self._default, self._overrides = policies
        self._windows: dict[str, list[tuple[date, date]]] = {}

    def __call__(self, parameter: str, deadline_sort: date) -> bool:
        if parameter not in self._windows:
            policy = self._overrides.get(parameter, self._default)
            self._windows[parameter] = [
                (first, before)
                for kind, first, before in windows(policy, self._today, self._calendar)
                if kind == "due_soon" and first is not None
            ]
        return any(first <= deadline_sort < before for first, before in self._windows[parameter])


def open_task_rows(conditions: list) -> Select:
    claimer = aliased(User)
    return (
        select(
            Task.id,
            Task.dossier_id,
            Dossier.number,
            Person.full_name,
            Task.name,
            Task.bpmn_id,
            Task.deadline_on,
            Task.deadline_status,
            Task.claimed_by_id,
            claimer.full_name,
            Task.deadline_parameter,
            Task.deadline_sort,
            Task.deadline_unit,
            Task.deadline_at,
            Task.deadline_from_at,
        )
        .join(Dossier, Dossier.id == Task.dossier_id)
        .join(Person, Person.id == Dossier.person_id)
        .outerjoin(claimer, claimer.id == Task.claimed_by_id)
        .where(*conditions)
        .order_by(Task.deadline_sort, Task.deadline_at, Task.id)
    )


def first_open_tasks(session: Session, agency_id: int, limit: int = 50) -> list[tuple]:
    """The agency's open tasks, earliest deadline first: the query an inbox stands on."""
    return list(session.execute(open_task_rows([Task.agency_id == agency_id, Task.state == "open"]).limit(limit)).all())


def inbox(
    session: Session,
    user: User,
    now: datetime,
    calendar: WorkingCalendar,
    due_soon: DueSoon,
    *,
    kind: str | None = None,
    status: str = "all",
    page: int = 1,
    per_page: int = 25,
) -> InboxPage:
    """The open tasks of the user's agency, earliest legal deadline first."""
    today = now.astimezone(VN_TZ).date()
    if user.agency_id is None:
        return InboxPage([], 0, 1, 1, [])
    mine = [Task.agency_id == user.agency_id, Task.state == "open"]
    conditions = list(mine)
    if kind:
        conditions.append(Task.bpmn_id == kind)
    if status == "unclaimed":
        conditions.append(Task.claimed_by_id.is_(None))
    elif status == "mine":
        conditions.append(Task.claimed_by_id == user.id)
    elif status == "overdue":
        conditions.append(
            or_(
                and_(Task.deadline_unit.not_in(HOUR_UNITS), Task.deadline_sort < today),
                and_(Task.deadline_unit.in_(HOUR_UNITS), Task.deadline_at <= now),
            )
        )

    def row(values) -> InboxRow:
        (
            task_id,
            dossier_id,
            number,
            person,
            name,
            bpmn_id,
            deadline_on,
            status,
            claimer_id,
            claimer,
            parameter,
            sort,
            unit,
            deadline_at,
            started_at,
        ) = values
        soon = deadline_on is not None and due_soon(parameter, sort)
        shown = task_countdown(unit, deadline_on, deadline_at, started_at, now, calendar, due_soon=soon)
        return InboxRow(
            task_id,
            dossier_id,
            number,
            person,
            name,
            bpmn_id,
            deadline_on,
            status,
            claimer_id,
            claimer,
            shown,
            deadline_at if unit in HOUR_UNITS else None,
        )

    found = paginate(session, open_task_rows(conditions), page, per_page, row)
    kinds = session.execute(select(Task.bpmn_id, func.min(Task.name)).where(*mine).group_by(Task.bpmn_id)).all()
    return InboxPage(
        rows=found.items,
        total=found.total,
        page=found.page,
        pages=found.pages,
        kinds=sorted(((bpmn_id, name) for bpmn_id, name in kinds), key=lambda k: k[1]),
    )
