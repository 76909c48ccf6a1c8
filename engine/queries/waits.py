"""Waits that say what comes next: the legal periods a dossier waits on (the model's timer
events, stored with their instant on the instance), who acts after each, what a facility
term's end and its notices fall on, and each agency's dossiers that wait on others."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from forms.display import vn_instant
from forms.vn import vn_date

from ..access import can_see
from ..clock import VN_TZ
from ..model.bundle import ModelBundle
from ..model.roles import RoleTable
from ..persistence.tables import Agency, AuditEvent, Dossier, DossierParty, Person, Task, User
from ..persistence.unit_of_work import latest_instance
from ..settings import Settings
from .paging import Page, paginate

NEVER = datetime(2200, 1, 1, tzinfo=VN_TZ)
"""The models set a timer that must not fire (an adult's 18th birthday) to 01/01/2200."""
TERM_END = ("term_ends_on", "term_ends_at")
"""The process variables a facility term's end is kept in (facility_term models)."""
BEFORE_UNITS = ("days_before", "hours_before", "wdays_before")


@dataclass(frozen=True)
class Wait:
    event: str
    """The timer's name in the model ("Hết thời hạn đọc hồ sơ (03 ngày làm việc)")."""
    until: datetime
    next_steps: tuple[tuple[str, str], ...]
    """(the agency that acts next, its task's name)"""
    text: str
    """The sentence the page shows."""


@dataclass(frozen=True)
class TermNotice:
    name: str
    legal_basis: str
    rule: str
    """The limit as the law words it ("30 ngày trước")."""
    due: str
    """Its day or instant (a window: from when to when), or why it is not known."""
    done_at: datetime | None


@dataclass(frozen=True)
class TermDates:
    starts_on: date | None
    ends_on: date | None
    notices: tuple[TermNotice, ...]


@dataclass(frozen=True)
class DossierWaits:
    waits: tuple[Wait, ...]
    term: TermDates | None


@dataclass(frozen=True)
class WaitingRow:
    dossier_id: int
    number: str
    person_name: str
    current_step: str | None
    awaited: tuple[str, ...]
    """What the dossier waits for: other agencies' open tasks and running legal periods."""


def _lower_first(text: str) -> str:
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def _until(moment: datetime) -> str:
    """A period over at midnight ended the day before; any other instant is itself."""
    local = moment.astimezone(VN_TZ)
    if local.time() == time(0):
        return f"hết ngày {vn_date(local.date() - timedelta(days=1))}"
    return f"đến {vn_instant(local)}"


def _actors(session: Session, dossier_id: int) -> dict[str, str]:
    """The agency of each role of the dossier, by name."""
    rows = session.execute(
        select(DossierParty.role, Agency.name).join(Agency).where(DossierParty.dossier_id == dossier_id)
    ).all()
    return dict(rows)


def running_waits(session: Session, dossier: Dossier, bundle: ModelBundle, roles: RoleTable) -> list[Wait]:
    """The timers the dossier's running instance waits on, soonest first, each with the
    step and the agency that follow it in the model."""
    instance = latest_instance(session, dossier.id, running=True)
    if instance is None or not instance.waits:
        return []
    actors = _actors(session, dossier.id)
    waits = []
    for stored in instance.waits:
        timer = bundle.timers.get((instance.process_id, stored["event"]))
        until = datetime.fromisoformat(stored["at"])
        if timer is None or until >= NEVER:
            continue
        following = [bundle.tasks[(instance.process_id, bpmn_id)] for bpmn_id in timer.next_tasks]
        steps = tuple((actors.get(d.role) or roles.label(d.role), d.name) for d in following)
        text = f"Đang chờ {_lower_first(timer.name)}, {_until(until)}"
        if steps:
            text += "; sau đó " + " hoặc ".join(f"{actor} {_lower_first(name)}" for actor, name in steps)
        waits.append(Wait(timer.name, until, steps, text))
    return waits


def term_dates(session: Session, dossier: Dossier, bundle: ModelBundle, settings: Settings) -> TermDates | None:
    """A facility term: its start (the admission the dossier opened with), its end (the
    day the term-end steps count from) and the steps the law sets before the end, with the
    day each is due (from its task when it exists, else from its legal limit)."""
    definitions = [
        d
        for d in bundle.tasks.values()
        if d.process_id == dossier.process_id
        and d.deadline_from in TERM_END
        and settings.parameters[d.deadline_parameter].unit in BEFORE_UNITS
    ]
    if not definitions:
        return None
    opened = session.scalar(
        select(AuditEvent.data)
        .where(AuditEvent.dossier_id == dossier.id, AuditEvent.action == "dossier_opened")
        .order_by(AuditEvent.id)
        .limit(1)
    )
    admitted = (opened or {}).get("admitted_on")
    rows = {
        row.bpmn_id: row
        for row in session.scalars(
            select(Task)
            .where(Task.dossier_id == dossier.id, Task.bpmn_id.in_([d.bpmn_id for d in definitions]))
            .order_by(Task.id)
        )
    }
    ends_on = next(
        (rows[d.bpmn_id].deadline_from_on for d in definitions if d.bpmn_id in rows and d.deadline_from == TERM_END[0]),
        None,
    )
    notices = []
    for definition in definitions:
        parameter = settings.parameters[definition.deadline_parameter]
        row = rows.get(definition.bpmn_id)
        if row is not None:
            due_on, due_at = row.deadline_on, row.deadline_at
        elif ends_on is not None:
            end_at = datetime.combine(ends_on + timedelta(days=1), time(0), tzinfo=VN_TZ)
            due_on = parameter.deadline(ends_on, settings.calendar)
            due_at = parameter.deadline_at(end_at, settings.calendar) if parameter.in_hours else None
        else:
            due_on = due_at = None
        if parameter.unit == "hours_before" and due_at is not None and parameter.value is not None:
            due = f"từ {vn_instant(parameter.window_opens(due_at, settings.calendar))} đến {vn_instant(due_at)}"
        elif due_on is not None:
            due = f"chậm nhất ngày {vn_date(due_on)}"
        else:
            due = "chưa xác định (thời hạn chấp hành chưa được xác nhận)"
        done_at = row.completed_at if row is not None and row.state == "completed" else None
        notices.append(TermNotice(definition.name, definition.legal_basis, parameter.describe(), due, done_at))
    return TermDates(date.fromisoformat(admitted) if admitted else None, ends_on, tuple(notices))


def waiting_dossiers(
    session: Session, user: User, models, roles: RoleTable, page: int = 1, per_page: int = 25
) -> Page[WaitingRow]:
    """The open dossiers the user's agency sees in which it has no open task: they wait
    on another agency or on a legal period."""
    if user.agency_id is None:
        return Page([], 1, 1, 0)
    mine = exists().where(Task.dossier_id == Dossier.id, Task.state == "open", Task.agency_id == user.agency_id)
    statement = (
        select(Dossier, Person.full_name)
        .join(Person, Person.id == Dossier.person_id)
        .where(can_see(user), Dossier.status == "open", ~mine)
        .order_by(Dossier.updated_at.desc(), Dossier.id.desc())
    )

    def row(found) -> WaitingRow:
        dossier = found.Dossier
        others = session.execute(
            select(Task, Agency.name)
            .join(Agency, Agency.id == Task.agency_id)
            .where(Task.dossier_id == dossier.id, Task.state == "open")
            .order_by(Task.deadline_sort, Task.id)
        ).all()
        awaited = [
            f"Đang chờ {agency} {_lower_first(task.name)}"
            + (f" (hạn {_deadline(task)})" if task.deadline_on is not None else "")
            for task, agency in others
        ]
        instance = latest_instance(session, dossier.id)
        if instance is not None:
            bundle = models.bundle(session, instance.spec_version)
            awaited += [wait.text for wait in running_waits(session, dossier, bundle, roles)]
        return WaitingRow(dossier.id, dossier.number, found.full_name, dossier.current_step, tuple(awaited))

    return paginate(session, statement, page, per_page, row)


def _deadline(task: Task) -> str:
    if task.deadline_at is not None and task.deadline_unit in ("hours", "hours_before"):
        return vn_instant(task.deadline_at)
    return vn_date(task.deadline_on)
