"""Dossiers as officers read them: the list (person loaded with it), one dossier's page,
a person's history, a task's page, and the one "latest instance of a dossier" query."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from ..access import READ_ONLY, can_see, dossier_for, is_monitor
from ..calendar import HOUR_UNITS, Countdown
from ..clock import VN_TZ
from ..errors import Forbidden, NotFound
from ..model.bundle import ModelBundle, TaskDefinition
from ..model.parameters import LegalParameter
from ..model.regimes import Regime
from ..model.roles import RoleTable
from ..persistence.tables import (
    AdministrativeUnit,
    Agency,
    AuditEvent,
    Dossier,
    DossierParty,
    Person,
    ProcessInstance,
    Task,
    User,
)
from ..persistence.unit_of_work import latest_instance
from ..revisions import recorded_data
from .documents import DocumentsView, dossier_documents
from .paging import COUNT_CAP, Page, shaped
from .record import RecordedStep


@dataclass(frozen=True)
class PersonView:
    id: int
    full_name: str
    birth_date: date
    id_number: str | None
    residence: str


@dataclass(frozen=True)
class DossierView:
    id: int
    number: str
    person_id: int
    kind: str
    process_id: str
    regime: str
    status: str
    outcome: str | None
    current_step: str | None
    commune_code: str
    discovered_on: date
    parent_id: int | None
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None


@dataclass(frozen=True)
class DossierListRow:
    dossier: DossierView
    person: PersonView


@dataclass(frozen=True)
class TaskView:
    id: int
    instance_id: int
    dossier_id: int
    bpmn_id: str
    name: str
    role: str
    agency_id: int
    form: str
    state: str
    legal_basis: str
    deadline_parameter: str
    deadline_status: str
    deadline_from_on: date
    deadline_on: date | None
    deadline_unit: str
    deadline_from_at: datetime | None
    deadline_at: datetime | None
    claimed_by_id: int | None
    claimed_at: datetime | None
    completed_at: datetime | None
    dispatched_at: datetime | None
    received_at: datetime | None
    """When the receiving agency recorded the dossier's arrival: the clock runs from it."""
    act_at: datetime | None
    """The act's own date or moment: met or late is judged by it, not by completed_at."""
    claimed_by_name: str | None
    completed_by_name: str | None


@dataclass(frozen=True)
class TaskLine:
    task: TaskView
    agency_name: str
    met: bool | None
    """True: done by the deadline; False: done late or still open past it; None: no figure."""


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    actor: str
    summary: str
    data: dict
    action: str = ""


@dataclass(frozen=True)
class DossierDetail:
    dossier: DossierView
    person: PersonView
    parties: list[tuple[str, str]]
    tasks: list[TaskLine]
    timeline: list[TimelineEntry]
    completed_ids: list[str]
    current_ids: list[str]
    previous: DossierView | None
    following: list[DossierView]
    regime: Regime | None
    """The model's regime the dossier runs under (None for a code the model lacks)."""
    transition: str | None
    """Why this phase runs a later regime than the phase before it (the article)."""
    documents: DocumentsView


@dataclass(frozen=True)
class PersonHistory:
    person: PersonView
    dossiers: list[DossierView]


@dataclass(frozen=True)
class TaskPage:
    """What the task page shows, read in one session; the model facts (definition,
    parameter) are the model's own immutable objects."""

    task: TaskView
    dossier: DossierView
    person: PersonView
    definition: TaskDefinition | None
    parameter: LegalParameter | None
    countdown: Countdown
    checklist: list[tuple[str, bool, bool]]
    """(document code, present in the dossier, printable by the system)"""
    submitted: dict | None
    """The data entered when the task was completed, from its audit event (without the
    private fields when another agency reads it)."""
    read_only: bool = False
    """The task belongs to another agency of the dossier: shown, never acted on."""
    agency_name: str = ""
    answers: tuple[RecordedStep, ...] = ()
    """What the earlier steps it answers recorded (the return it answers, the decision it receives)."""
    colleagues: tuple[tuple[int, str], ...] = ()
    """(id, name) of the agency's active officers, for its head only: to whom the head may
    give the open task (themself included: a takeover)."""


def running_model(session: Session, models, dossier_id: int) -> tuple[ProcessInstance, ModelBundle]:
    """The dossier's latest instance and the model version it runs on."""
    instance = latest_instance(session, dossier_id)
    if instance is None:
        raise NotFound("Hồ sơ chưa có quy trình.")
    return instance, models.bundle(session, instance.spec_version)


def dossier_list(
    session: Session,
    user: User,
    conditions: Sequence = (),
    page: int = 1,
    per_page: int = 25,
    walked: Sequence | None = None,
) -> Page[DossierListRow]:
    """Visible dossiers `conditions` select (engine.queries.search), most recently updated
    first, each with its person. One pass over the matches stops one past COUNT_CAP (or past
    the page asked for, so the pager still leads on): under it, the page is cut from what it
    read; over it ("hơn 1.000"), the page is read with `walked`, the same selection as
    conditions checked per row, along the order's index (ix_dossier_recent), not sorted."""
    reach = max(COUNT_CAP, page * per_page) + 1
    matched = session.execute(select(Dossier.id, Dossier.updated_at).where(can_see(user), *conditions).limit(reach))
    found = sorted(matched, key=lambda row: (row.updated_at, row.id), reverse=True)
    more = len(found) == reach
    pages = max(1, math.ceil(len(found) / per_page))
    page = min(max(1, page), pages)
    statement = (
        select(Dossier, Person)
        .join(Person, Person.id == Dossier.person_id)
        .order_by(Dossier.updated_at.desc(), Dossier.id.desc())
    )
    if more:
        statement = statement.where(can_see(user), *(conditions if walked is None else walked))
        statement = statement.limit(per_page).offset((page - 1) * per_page)
    else:
        statement = statement.where(Dossier.id.in_([row.id for row in found[(page - 1) * per_page : page * per_page]]))
    rows = session.execute(statement).all()
    return Page(
        [DossierListRow(shaped(DossierView, row.Dossier), shaped(PersonView, row.Person)) for row in rows],
        page,
        pages,
        len(found) - 1 if more else len(found),
        more,
    )


def task_views(session: Session, *conditions) -> list[tuple[TaskView, str]]:
    """Tasks with who claimed and who completed them and their agency's name, by id."""
    claimer, completer = aliased(User), aliased(User)
    rows = session.execute(
        select(Task, Agency.name, claimer.full_name, completer.full_name)
        .join(Agency, Agency.id == Task.agency_id)
        .outerjoin(claimer, claimer.id == Task.claimed_by_id)
        .outerjoin(completer, completer.id == Task.completed_by_id)
        .where(*conditions)
        .order_by(Task.id)
    ).all()
    return [
        (shaped(TaskView, task, claimed_by_name=claimed, completed_by_name=completed), agency)
        for task, agency, claimed, completed in rows
    ]


def dossier_detail(
    session: Session, user: User, dossier_id: int, now: datetime, models, roles: RoleTable
) -> DossierDetail:
    """One dossier's page: parties, tasks with deadlines met, the timeline, the phases
    before and after it, its regime and its documents, on the model version it runs on."""
    dossier = dossier_for(session, user, dossier_id)
    _, bundle = running_model(session, models, dossier_id)
    parties = session.execute(
        select(DossierParty.role, Agency.name).join(Agency).where(DossierParty.dossier_id == dossier_id)
    ).all()
    lines = [
        TaskLine(task, agency_name, _met(task, now))
        for task, agency_name in task_views(session, Task.dossier_id == dossier_id)
    ]
    events = session.execute(
        select(AuditEvent, User.full_name)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(AuditEvent.dossier_id == dossier_id)
        .order_by(AuditEvent.id)
    ).all()
    previous = session.scalars(select(Dossier).where(Dossier.id == dossier.parent_id, can_see(user))).first()
    regime = bundle.regimes.named(dossier.regime) if bundle.regimes else None
    return DossierDetail(
        dossier=shaped(DossierView, dossier),
        person=shaped(PersonView, session.get(Person, dossier.person_id)),
        parties=[(roles.label(role), name) for role, name in sorted(parties, key=lambda p: roles.position(p[0]))],
        tasks=lines,
        timeline=[TimelineEntry(e.created_at, name or "Hệ thống", e.summary, e.data, e.action) for e, name in events],
        completed_ids=sorted({line.task.bpmn_id for line in lines if line.task.state == "completed"}),
        current_ids=sorted({line.task.bpmn_id for line in lines if line.task.state == "open"}),
        previous=shaped(DossierView, previous) if previous else None,
        following=[
            shaped(DossierView, d)
            for d in session.scalars(
                select(Dossier).where(Dossier.parent_id == dossier.id, can_see(user)).order_by(Dossier.id)
            )
        ],
        regime=regime,
        transition=transition(regime, dossier, previous),
        documents=dossier_documents(session, dossier_id, dossier.process_id, bundle.tasks.values()),
    )


def transition(regime: Regime | None, dossier: Dossier, previous: Dossier | None) -> str | None:
    if regime is None or previous is None or previous.regime == dossier.regime:
        return None
    why = regime.transitions.get(dossier.kind)
    started = dossier.discovered_on.strftime("%d/%m/%Y")
    return why or (
        f"Giai đoạn trước chạy theo giai đoạn pháp lý {previous.regime}; giai đoạn này bắt đầu ngày {started} "
        f"nên áp dụng giai đoạn {regime.code}."
    )


def person_history(session: Session, user: User, person_id: int) -> PersonHistory:
    """Every phase of a person's history the user may see, oldest first."""
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound("Không tìm thấy đối tượng.")
    dossiers = list(
        session.scalars(
            select(Dossier)
            .where(Dossier.person_id == person_id, can_see(user))
            .order_by(Dossier.created_at, Dossier.id)
        )
    )
    if not dossiers:
        raise Forbidden("Đối tượng này không có hồ sơ nào thuộc phạm vi của cơ quan anh/chị.")
    return PersonHistory(shaped(PersonView, person), [shaped(DossierView, d) for d in dossiers])


def _met(task: TaskView, now: datetime) -> bool | None:
    """A completed task is judged by the act's own date when the step declares one
    (an act dated in time but recorded late is on time), else by when it was recorded."""
    if task.deadline_on is None:
        return None
    done = task.act_at or task.completed_at
    if task.deadline_unit in HOUR_UNITS and task.deadline_at is not None:
        if done is not None and task.state == "completed":
            return done <= task.deadline_at
        return now <= task.deadline_at if task.state == "open" else None
    today = now.astimezone(VN_TZ).date()
    if done is not None and task.state == "completed":
        return done.astimezone(VN_TZ).date() <= task.deadline_on
    if task.state == "open":
        return today <= task.deadline_on
    return None


def task_visible(session: Session, user: User, task_id: int) -> TaskView:
    """A task of the user's own agency; NotFound or Forbidden otherwise."""
    task = session.get(Task, task_id)
    if task is None:
        raise NotFound("Không tìm thấy nhiệm vụ.")
    if is_monitor(user):
        raise Forbidden(READ_ONLY)
    if user.is_admin or task.agency_id != user.agency_id:
        raise Forbidden("Nhiệm vụ này thuộc cơ quan khác; anh/chị không có quyền xử lý.")
    [(view, _)] = task_views(session, Task.id == task_id)
    return view


def task_readable(session: Session, user: User, task_id: int) -> tuple[TaskView, str, bool]:
    """A task of a dossier the user may see, its agency's name and whether the user only
    reads it (another agency's task, or the administrator); NotFound or Forbidden otherwise."""
    task = session.get(Task, task_id)
    if task is None:
        raise NotFound("Không tìm thấy nhiệm vụ.")
    dossier_for(session, user, task.dossier_id)
    [(view, agency_name)] = task_views(session, Task.id == task_id)
    return view, agency_name, user.is_admin or task.agency_id != user.agency_id


def colleagues(session: Session, user: User, task: TaskView) -> tuple[tuple[int, str], ...]:
    """The officers the head of the task's agency may give it to; nobody else gets a list."""
    if not user.is_head or user.agency_id != task.agency_id or task.state != "open":
        return ()
    rows = session.execute(
        select(User.id, User.full_name)
        .where(User.agency_id == task.agency_id, User.is_active.is_(True))
        .order_by(User.full_name, User.id)
    )
    return tuple((officer_id, name) for officer_id, name in rows)


def next_task_id(session: Session, user: User, dossier_id: int) -> int | None:
    """The dossier's first open task the user may take up (their agency's, not claimed by
    a colleague): where the officer lands after completing a step."""
    return session.scalar(
        select(Task.id)
        .where(
            Task.dossier_id == dossier_id,
            Task.state == "open",
            Task.agency_id == user.agency_id,
            (Task.claimed_by_id.is_(None)) | (Task.claimed_by_id == user.id),
        )
        .order_by(Task.id)
        .limit(1)
    )


def task_dossier_id(session: Session, task_id: int) -> int | None:
    """The dossier a task belongs to, for the audit entry of a refusal."""
    return session.scalar(select(Task.dossier_id).where(Task.id == task_id))


def task_process_id(session: Session, task: TaskView) -> str | None:
    """The process (procedure) of the instance the task was created in."""
    return session.scalar(select(ProcessInstance.process_id).where(ProcessInstance.id == task.instance_id))


def completion_data(session: Session, task_id: int) -> dict | None:
    """What the step recorded, as corrected since if it was."""
    return recorded_data(session, task_id)


def dossier_and_person(session: Session, dossier_id: int) -> tuple[DossierView, PersonView]:
    dossier, person = session.execute(
        select(Dossier, Person).join(Person, Person.id == Dossier.person_id).where(Dossier.id == dossier_id)
    ).one()
    return shaped(DossierView, dossier), shaped(PersonView, person)


def commune_name(session: Session, code: str) -> str | None:
    return session.scalar(select(AdministrativeUnit.name).where(AdministrativeUnit.code == code))
