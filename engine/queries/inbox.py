"""The inbox: an agency's open tasks, earliest legal deadline first, each with its
countdown (working days, or clock hours for hour limits) and the due-soon mark the
reminder e-mails use."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from ..calendar import HOUR_UNITS, Countdown, WorkingCalendar, task_countdown
from ..clock import VN_TZ
from ..model.reminder_policy import ReminderPolicy, windows
from ..persistence.tables import Dossier, Person, Task, User
from .paging import paginate


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
class InboxFilters:
    """The inbox's selection and order; None (or False) leaves a filter out. `due_within`
    keeps the tasks due from today to that many working days ahead."""

    kind: str | None = None
    status: str = "all"
    commune: str | None = None
    procedure: str | None = None
    due_within: int | None = None
    unverified: bool = False
    sort: str = "deadline"
    order: str = "asc"

    def chosen(self) -> dict:
        """The filters that differ from the plain inbox: for links and the audit entry."""
        plain = InboxFilters()
        return {key: value for key, value in asdict(self).items() if value != getattr(plain, key)}


@dataclass(frozen=True)
class InboxPage:
    rows: list[InboxRow]
    total: int
    page: int
    pages: int
    kinds: list[tuple[str, str]]
    open_count: int = 0
    """Every open task of the agency, whatever the filters: the header's counters."""
    overdue_count: int = 0


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


def overdue_task(now: datetime) -> ColumnElement[bool]:
    """An open task past its deadline: the day for day limits, the instant for hour limits."""
    today = now.astimezone(VN_TZ).date()
    return or_(
        and_(Task.deadline_unit.not_in(HOUR_UNITS), Task.deadline_sort < today),
        and_(Task.deadline_unit.in_(HOUR_UNITS), Task.deadline_at <= now),
    )


SORTS = {
    "deadline": (Task.deadline_sort, Task.deadline_at),
    "number": (Dossier.number,),
    "person": (Person.name_key,),
    "task": (Task.name,),
}


def inbox_order(filters: InboxFilters) -> list:
    """The chosen column, then the deadline and the id so equal values keep one order."""
    keys = SORTS.get(filters.sort, SORTS["deadline"])
    chosen = [key.desc() for key in keys] if filters.order == "desc" else list(keys)
    return [*chosen, Task.deadline_sort, Task.id]


def inbox_conditions(user: User, filters: InboxFilters, now: datetime, calendar: WorkingCalendar) -> list:
    """The open tasks of the user's agency the filters select (joined with Dossier)."""
    conditions: list = [Task.agency_id == user.agency_id, Task.state == "open"]
    if filters.kind:
        conditions.append(Task.bpmn_id == filters.kind)
    if filters.status == "unclaimed":
        conditions.append(Task.claimed_by_id.is_(None))
    elif filters.status == "mine":
        conditions.append(Task.claimed_by_id == user.id)
    elif filters.status == "overdue":
        conditions.append(overdue_task(now))
    if filters.commune:
        conditions.append(Dossier.commune_code == filters.commune)
    if filters.procedure:
        conditions.append(Dossier.kind == filters.procedure)
    if filters.due_within is not None:
        today = now.astimezone(VN_TZ).date()
        last = calendar.add_working_days(today, filters.due_within) if filters.due_within else today
        conditions.append(Task.deadline_sort.between(today, last))
    if filters.unverified:
        conditions.append(Task.deadline_status == "UNVERIFIED")
    return conditions


def task_counts(session: Session, agency_id: int, now: datetime) -> tuple[int, int]:
    """(open, overdue) tasks of the agency, in one COUNT over the inbox index."""
    total, late = session.execute(
        select(func.count(), func.count(case((overdue_task(now), 1))))
        .select_from(Task)
        .where(Task.agency_id == agency_id, Task.state == "open")
    ).one()
    return total, late


def open_task_rows(conditions: list, order: list | None = None) -> Select:
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
        .order_by(*(order or (Task.deadline_sort, Task.deadline_at, Task.id)))
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
    filters: InboxFilters,
    *,
    page: int = 1,
    per_page: int = 25,
) -> InboxPage:
    """The open tasks of the user's agency the filters select, earliest legal deadline
    first unless another order is chosen, with the agency's counters."""
    if user.agency_id is None:
        return InboxPage([], 0, 1, 1, [])
    mine = [Task.agency_id == user.agency_id, Task.state == "open"]
    conditions = inbox_conditions(user, filters, now, calendar)

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

    found = paginate(session, open_task_rows(conditions, inbox_order(filters)), page, per_page, row)
    kinds = session.execute(select(Task.bpmn_id, func.min(Task.name)).where(*mine).group_by(Task.bpmn_id)).all()
    open_count, overdue_count = task_counts(session, user.agency_id, now)
    return InboxPage(
        rows=found.items,
        total=found.total,
        page=found.page,
        pages=found.pages,
        kinds=sorted(((bpmn_id, name) for bpmn_id, name in kinds), key=lambda k: k[1]),
        open_count=open_count,
        overdue_count=overdue_count,
    )
