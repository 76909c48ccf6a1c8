"""Agencies as the administrators' pages read them: the list of those in scope with their
service areas, one agency, and the units and communes an agency may be put at or serve."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..access import AdminScope
from ..model.roles import RoleTable
from ..persistence.tables import AdministrativeUnit, Agency, AgencyServiceArea, User
from .paging import Page, paginate


@dataclass(frozen=True)
class UnitChoice:
    code: str
    name: str
    level: str


@dataclass(frozen=True)
class AgencyRow:
    id: int
    code: str
    kind: str
    kind_label: str
    name: str
    unit_code: str
    unit_name: str
    email: str | None
    parent_body: str | None
    service_area: tuple[UnitChoice, ...]
    officers: int
    """Active accounts of the agency."""


def agencies(
    session: Session, scope: AdminScope, roles: RoleTable, kind: str | None, page: int, per_page: int
) -> Page[AgencyRow]:
    """The agencies in scope, by kind then name, optionally of one kind."""
    statement = _agencies(scope).order_by(Agency.kind, Agency.name)
    if kind:
        statement = statement.where(Agency.kind == kind)
    found = paginate(session, statement, page, per_page, lambda row: row)
    areas = _areas(session, [row.Agency.id for row in found.items])
    items = [_row(row, roles, areas.get(row.Agency.id, ())) for row in found.items]
    return Page(items, found.page, found.pages, found.total)


def agency(session: Session, scope: AdminScope, roles: RoleTable, agency_id: int) -> AgencyRow | None:
    row = session.execute(_agencies(scope).where(Agency.id == agency_id)).first()
    return _row(row, roles, _areas(session, [agency_id]).get(agency_id, ())) if row else None


def units(session: Session, scope: AdminScope) -> list[UnitChoice]:
    """Where an agency in scope may sit: the province's units, or every unit."""
    statement = (
        select(AdministrativeUnit).where(scope.units()).order_by(AdministrativeUnit.level, AdministrativeUnit.name)
    )
    return [UnitChoice(unit.code, unit.name, unit.level) for unit in session.scalars(statement)]


def _agencies(scope: AdminScope):
    officers = (
        select(func.count())
        .where(User.agency_id == Agency.id, User.is_active.is_(True))
        .correlate(Agency)
        .scalar_subquery()
        .label("officers")
    )
    return (
        select(Agency, AdministrativeUnit.name.label("unit_name"), officers)
        .join(AdministrativeUnit, AdministrativeUnit.code == Agency.admin_unit_code)
        .where(scope.agencies())
    )


def _areas(session: Session, agency_ids: list[int]) -> dict[int, tuple[UnitChoice, ...]]:
    rows = session.execute(
        select(AgencyServiceArea.agency_id, AdministrativeUnit)
        .join(AdministrativeUnit, AdministrativeUnit.code == AgencyServiceArea.admin_unit_code)
        .where(AgencyServiceArea.agency_id.in_(agency_ids))
        .order_by(AdministrativeUnit.code)
    ).all()
    areas: dict[int, list[UnitChoice]] = {}
    for agency_id, unit in rows:
        areas.setdefault(agency_id, []).append(UnitChoice(unit.code, unit.name, unit.level))
    return {key: tuple(value) for key, value in areas.items()}


def _row(row, roles: RoleTable, area: tuple[UnitChoice, ...]) -> AgencyRow:
    agency = row.Agency
    return AgencyRow(
        id=agency.id,
        code=agency.code,
        kind=agency.kind,
        kind_label=roles.label(agency.kind) if agency.kind in roles else agency.kind,
        name=agency.name,
        unit_code=agency.admin_unit_code,
        unit_name=row.unit_name,
        email=agency.email,
        parent_body=agency.parent_body,
        service_area=area,
        officers=row.officers,
    )
