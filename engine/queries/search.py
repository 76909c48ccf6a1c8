"""Searching and filtering the dossier list, and the 'sổ theo dõi' rows of a selection.

Every condition reads indexed columns of the projection (person_name_word, person.id_number,
dossier.number, dossier.commune_code, the task rows), never workflow data, and is always
joined with `can_see`: a search finds nothing the officer could not open. The free text
is matched three ways, each the start of an indexed column, and the dossiers found by any
of them are one set:
  - a name: every word of the folded query starts some word of the folded name, in any
    order ("hung", "van hung", "nguyen hung" find "Nguyễn Văn Hùng"), one range of the
    word index per query word, intersected;
  - a CCCD (digits only): the start of the identity number;
  - a dossier number (the query has a digit): the start of the number, its serial padded.
Each comes in two forms: sets of ids the database starts from (a count, a narrow page),
and `correlated` conditions checked row by row while the page of a broad selection is read
along the list's order (engine.queries.dossiers.dossier_list); bench/search_bench.py.
LIKE wildcards typed by the officer are escaped, so "%" and "_" match themselves."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from sqlalchemy import Boolean, ColumnElement, Select, and_, exists, false, intersect, or_, select, union
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.visitors import InternalTraversal

from forms.names import folded

from ..access import can_see
from ..calendar import HOUR_UNITS
from ..clock import VN_TZ
from ..persistence.tables import AdministrativeUnit, Agency, Dossier, Person, PersonNameWord, Task, User
from .inbox import InboxFilters, inbox_conditions, inbox_order, overdue_task

DIGITS = re.compile(r"[0-9]+")
LAST_CHARACTER = chr(0x10FFFF)


@dataclass(frozen=True)
class DossierFilters:
    """The dossier list's selection; None (or False) leaves a filter out."""

    q: str | None = None
    procedure: str | None = None
    status: str | None = None
    step: str | None = None
    overdue: bool = False
    year: int | None = None
    commune: str | None = None
    agency: int | None = None

    def chosen(self) -> dict:
        """The filters that are set: for links, the audit entry of an export, the page."""
        return {key: value for key, value in asdict(self).items() if value not in (None, False, "")}


@dataclass(frozen=True)
class RegisterRow:
    """One line of the 'sổ theo dõi', raw: the page puts labels on the codes."""

    number: str
    full_name: str
    birth_date: date
    commune: str
    kind: str
    regime: str
    created_at: datetime
    current_step: str | None
    agencies: str
    deadline: date | datetime | None
    overdue: bool | None
    """True past the deadline, False before it, None without an open deadline."""
    status: str


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class StartsWith(ColumnElement[bool]):
    """`column` starts with `text`. On SQLite a LIKE cannot use an index (it is case
    insensitive), so there it is also the index range [text, text + U+10FFFF): SQLite
    compares UTF-8 bytes, and no character sorts after U+10FFFF. Elsewhere a plain LIKE,
    whose range a non-C collation could not be trusted with."""

    type = Boolean()
    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement), ("text", InternalTraversal.dp_string)]

    def __init__(self, column, text: str):
        self.column, self.text = column, text


@compiles(StartsWith)
def _starts_with(element: StartsWith, compiler, **kw) -> str:
    return compiler.process(element.column.like(_escaped(element.text) + "%", escape="\\"), **kw)


@compiles(StartsWith, "sqlite")
def _starts_with_sqlite(element: StartsWith, compiler, **kw) -> str:
    column, text = element.column, element.text
    in_range = and_(column >= text, column < text + LAST_CHARACTER)
    return compiler.process(and_(in_range, column.like(_escaped(text) + "%", escape="\\")), **kw)


def _padded(number: str) -> str:
    """A dossier number as typed ("123/2026") with its serial padded as the system writes
    it ("000123/2026/…"), so the start of the number is enough."""
    serial, slash, rest = number.partition("/")
    return serial.zfill(6) + slash + rest if serial.isdigit() and len(serial) < 6 else number


def text_match(q: str, correlated: bool = False) -> ColumnElement[bool]:
    """Dossiers whose person's name words, person's CCCD or own number the query starts."""
    key = folded(q)
    compact = "".join(q.split()).upper()
    found: list[tuple[ColumnElement[bool], ColumnElement[bool]]] = []
    """Per way of matching: (a condition the database starts from, one checked per row)."""
    if any(char.isalpha() for char in key):
        words = [StartsWith(PersonNameWord.word, word) for word in sorted(set(key.split()))]
        persons = [select(PersonNameWord.person_id).where(word) for word in words]
        found.append(
            (
                Dossier.person_id.in_(intersect(*persons) if len(persons) > 1 else persons[0]),
                and_(*(exists().where(PersonNameWord.person_id == Dossier.person_id, word) for word in words)),
            )
        )
    if DIGITS.fullmatch(compact):
        cccd = StartsWith(Person.id_number, compact)
        found.append(
            (Dossier.person_id.in_(select(Person.id).where(cccd)), exists().where(Person.id == Dossier.person_id, cccd))
        )
    if any(char.isdigit() for char in compact):
        number = StartsWith(Dossier.number, _padded(compact))
        found.append((number, number))
    if not found:
        return false()
    if correlated:
        return or_(*(row for _, row in found))
    if len(found) == 1:
        return found[0][0]
    return Dossier.id.in_(union(*(select(Dossier.id).where(start) for start, _ in found)))


def dossier_conditions(filters: DossierFilters, now: datetime, correlated: bool = False) -> list[ColumnElement[bool]]:
    """What the filters select, as WHERE conditions on Dossier; the callers add `can_see`.
    `correlated`: the text matched row by row (`text_match`), for a walk along an index."""
    conditions = []
    if filters.q and filters.q.strip():
        conditions.append(text_match(filters.q, correlated))
    if filters.procedure:
        conditions.append(Dossier.kind == filters.procedure)
    if filters.status:
        conditions.append(Dossier.status == filters.status)
    if filters.commune:
        conditions.append(Dossier.commune_code == filters.commune)
    if filters.year:
        conditions.append(Dossier.discovered_on.between(date(filters.year, 1, 1), date(filters.year, 12, 31)))
    open_task = [Task.dossier_id == Dossier.id, Task.state == "open"]
    if filters.step:
        conditions.append(exists().where(*open_task, Task.bpmn_id == filters.step))
    if filters.agency:
        conditions.append(exists().where(*open_task, Task.agency_id == filters.agency))
    if filters.overdue:
        conditions.append(exists().where(*open_task, overdue_task(now)))
    return conditions


def _overdue(unit: str, deadline_on: date | None, deadline_at: datetime | None, now: datetime) -> bool | None:
    """The rule of `overdue_task`, on one row already read."""
    if unit in HOUR_UNITS and deadline_at is not None:
        return deadline_at <= now
    if deadline_on is None:
        return None
    return deadline_on < now.astimezone(VN_TZ).date()


def _open_deadlines(session: Session, dossier_ids: Sequence[int], now: datetime) -> dict[int, OpenDeadline]:
    """Per dossier: the agencies of its open tasks, the earliest open deadline, overdue."""
    found: dict[int, OpenDeadline] = {}
    for start in range(0, len(dossier_ids), 500):
        rows = session.execute(
            select(Task.dossier_id, Agency.name, Task.deadline_unit, Task.deadline_on, Task.deadline_at)
            .join(Agency, Agency.id == Task.agency_id)
            .where(Task.dossier_id.in_(dossier_ids[start : start + 500]), Task.state == "open")
            .order_by(Task.deadline_sort, Task.deadline_at, Task.id)
        ).all()
        for dossier_id, agency, unit, deadline_on, deadline_at in rows:
            line = found.setdefault(dossier_id, OpenDeadline())
            if agency not in line.agencies:
                line.agencies.append(agency)
            late = _overdue(unit, deadline_on, deadline_at, now)
            if line.deadline is None and late is not None:
                line.deadline = deadline_at if unit in HOUR_UNITS and deadline_at else deadline_on
            if late is not None:
                line.overdue = bool(line.overdue) or late
    return found


@dataclass
class OpenDeadline:
    agencies: list[str] = field(default_factory=list)
    deadline: date | datetime | None = None
    overdue: bool | None = None


def _register_select(*columns) -> Select:
    return (
        select(Dossier, Person, AdministrativeUnit.name, *columns)
        .join(Person, Person.id == Dossier.person_id)
        .outerjoin(AdministrativeUnit, AdministrativeUnit.code == Dossier.commune_code)
    )


def dossier_register(
    session: Session, user: User, filters: DossierFilters, now: datetime, limit: int
) -> list[RegisterRow]:
    """The selection of the dossier list in its order (at most `limit` rows), one row
    per dossier with its open tasks' agencies and earliest deadline."""
    rows = session.execute(
        _register_select()
        .where(can_see(user), *dossier_conditions(filters, now))
        .order_by(Dossier.updated_at.desc(), Dossier.id.desc())
        .limit(limit)
    ).all()
    deadlines = _open_deadlines(session, [dossier.id for dossier, *_ in rows], now)
    lines = []
    for dossier, person, commune in rows:
        line = deadlines.get(dossier.id, OpenDeadline())
        lines.append(_line(dossier, person, commune, "; ".join(line.agencies), line.deadline, line.overdue))
    return lines


def inbox_register(
    session: Session, user: User, filters: InboxFilters, now: datetime, calendar, limit: int
) -> list[RegisterRow]:
    """The selection of the inbox in its order, one row per task: its dossier, the task
    as the current step, the agency and the task's own deadline."""
    if user.agency_id is None:
        return []
    rows = session.execute(
        _register_select(Task.name, Agency.name, Task.deadline_unit, Task.deadline_on, Task.deadline_at)
        .join(Task, Task.dossier_id == Dossier.id)
        .join(Agency, Agency.id == Task.agency_id)
        .where(*inbox_conditions(user, filters, now, calendar))
        .order_by(*inbox_order(filters))
        .limit(limit)
    ).all()
    return [
        _line(
            dossier,
            person,
            commune,
            agency,
            deadline_at if unit in HOUR_UNITS and deadline_at else deadline_on,
            _overdue(unit, deadline_on, deadline_at, now),
            step=task_name,
        )
        for dossier, person, commune, task_name, agency, unit, deadline_on, deadline_at in rows
    ]


def _line(dossier: Dossier, person: Person, commune: str | None, agencies: str, deadline, late, step=None):
    return RegisterRow(
        number=dossier.number,
        full_name=person.full_name,
        birth_date=person.birth_date,
        commune=commune or dossier.commune_code,
        kind=dossier.kind,
        regime=dossier.regime,
        created_at=dossier.created_at,
        current_step=step or dossier.current_step,
        agencies=agencies,
        deadline=deadline,
        overdue=late,
        status=dossier.status,
    )


def filter_choices(session: Session) -> tuple[list[tuple[str, str]], list[tuple[int, str]]]:
    """(communes, agencies) the filter forms offer, by name: names are not personal data,
    and a filter only narrows the dossiers `can_see` already allows."""
    communes = session.execute(
        select(AdministrativeUnit.code, AdministrativeUnit.name)
        .where(AdministrativeUnit.level == "commune")
        .order_by(AdministrativeUnit.name)
    ).all()
    agencies = session.execute(select(Agency.id, Agency.name).order_by(Agency.name)).all()
    return [(code, name) for code, name in communes], [(agency_id, name) for agency_id, name in agencies]
