"""Agencies and their service areas as data an administrator keeps: the routing of every
new dossier reads them (services.dossiers.resolve_parties), so each change is audited with
its old and new values. A province administrator keeps its province's agencies only.

An agency's code, kind and unit are fixed once created: the tasks and dossiers routed to
it keep their meaning. Nothing is deleted; the dossiers already opened keep their parties."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from forms.agencies import AgencySchema, AgencyUpdateSchema

from ..access import ADMINISTRATORS_ONLY, AdminScope, admin_scope
from ..clock import Clock
from ..errors import Forbidden, NotFound, ValidationFailed
from ..model.roles import RoleTable
from ..persistence import audit
from ..persistence.tables import AdministrativeUnit, Agency, AgencyServiceArea
from ..persistence.unit_of_work import UnitOfWorkFactory
from .input import validate

UNIT_LEVEL = {
    "commune": ("commune",),
    "district": ("district", "province"),
    "province": ("province",),
    "national": ("national",),
}
"""Where an agency of a role's level may sit. A district-level role may sit at the province
of a two-tier province (no districts since 1/7/2025), serving its communes by service area."""
LEVEL_NAMES = {"commune": "cấp xã", "district": "cấp huyện", "province": "cấp tỉnh", "national": "cấp trung ương"}


class AgencyAdminService:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock, roles: RoleTable):
        self._unit_of_work = unit_of_work
        self._clock = clock
        self._roles = roles

    def create(self, actor_id: int | None, payload: Mapping) -> int:
        """A new agency in the actor's scope; its code must be free. Returns its id."""
        with self._unit_of_work() as uow:
            session = uow.session
            scope = admin_scope(session, actor_id, ADMINISTRATORS_ONLY)
            data = validate(AgencySchema(), payload)
            errors: dict[str, list[str]] = {}
            holder = session.scalar(select(Agency).where(Agency.code == data["code"]))
            if holder is not None:
                errors["code"] = [f"Mã cơ quan «{data['code']}» đã được dùng cho {holder.name}."]
            if data["kind"] not in self._roles:
                errors["kind"] = ["Loại cơ quan không có trong bảng vai trò (workflows/roles.toml)."]
            unit_problem = self._unit_problem(session, scope, data["admin_unit_code"], data["kind"])
            if unit_problem:
                errors["admin_unit_code"] = [unit_problem]
            communes, area_problems = self._service_area(session, scope, data["service_area"])
            if area_problems:
                errors["service_area"] = area_problems
            if errors:
                raise ValidationFailed(errors)
            agency = Agency(
                code=data["code"],
                kind=data["kind"],
                name=data["name"],
                admin_unit_code=data["admin_unit_code"],
                email=data.get("email"),
                parent_body=data.get("parent_body"),
            )
            session.add(agency)
            session.flush()
            session.add_all(AgencyServiceArea(agency_id=agency.id, admin_unit_code=code) for code in communes)
            values = {key: data.get(key) for key in ("code", "kind", "name", "admin_unit_code", "email", "parent_body")}
            self._audit(
                session,
                actor_id,
                "agency_created",
                f"Tạo cơ quan {agency.name} ({agency.code})",
                agency,
                values={**values, "service_area": communes},
            )
            uow.commit()
            return agency.id

    def update(self, actor_id: int | None, agency_id: int, payload: Mapping) -> None:
        """Name, e-mail, parent body and service area; the audit keeps each old and new value."""
        with self._unit_of_work() as uow:
            session = uow.session
            scope = admin_scope(session, actor_id, ADMINISTRATORS_ONLY)
            data = validate(AgencyUpdateSchema(), payload)
            agency = agency_in_scope(session, scope, agency_id)
            communes, area_problems = self._service_area(session, scope, data["service_area"])
            if area_problems:
                raise ValidationFailed({"service_area": area_problems})
            before = {
                "name": agency.name,
                "email": agency.email,
                "parent_body": agency.parent_body,
                "service_area": served(session, agency.id),
            }
            after = {
                "name": data["name"],
                "email": data.get("email"),
                "parent_body": data.get("parent_body"),
                "service_area": communes,
            }
            changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
            if not changes:
                return
            agency.name, agency.email, agency.parent_body = after["name"], after["email"], after["parent_body"]
            if "service_area" in changes:
                session.execute(delete(AgencyServiceArea).where(AgencyServiceArea.agency_id == agency.id))
                session.add_all(AgencyServiceArea(agency_id=agency.id, admin_unit_code=code) for code in communes)
            summary = f"Sửa cơ quan {agency.name} ({agency.code}): " + ", ".join(changes)
            self._audit(session, actor_id, "agency_updated", summary, agency, changes=changes)
            uow.commit()

    # ----- helpers ----------------------------------------------------------------------

    def _unit_problem(self, session: Session, scope: AdminScope, code: str, kind: str) -> str | None:
        unit = session.get(AdministrativeUnit, code)
        if unit is None:
            return f"Không có đơn vị hành chính nào có mã «{code}»."
        if not _unit_in_scope(session, scope, code):
            return scope.outside(f"Đơn vị «{unit.name}»")
        role = self._roles.get(kind)
        if role is not None and unit.level not in UNIT_LEVEL[role.level]:
            allowed = " hoặc ".join(LEVEL_NAMES[level] for level in UNIT_LEVEL[role.level])
            return f"{role.label} đặt tại đơn vị {allowed}; «{unit.name}» là đơn vị {LEVEL_NAMES[unit.level]}."
        return None

    def _service_area(self, session: Session, scope: AdminScope, codes: list[str]) -> tuple[list[str], list[str]]:
        """The communes served, by code and once each, and the problems of the others."""
        communes, problems = [], []
        for code in dict.fromkeys(code.strip() for code in codes if code.strip()):
            unit = session.get(AdministrativeUnit, code)
            if unit is None or unit.level != "commune":
                problems.append(f"Không có xã, phường nào có mã «{code}».")
            elif not _unit_in_scope(session, scope, code):
                problems.append(scope.outside(f"«{unit.name}»"))
            else:
                communes.append(code)
        return sorted(communes), problems

    def _audit(self, session: Session, actor_id: int | None, action: str, summary: str, agency: Agency, **extra):
        data = {"agency_id": agency.id, "code": agency.code, **extra}
        audit.record_administration(
            session, actor_id=actor_id, action=action, summary=summary, data=data, at=self._clock.now()
        )


def agency_in_scope(session: Session, scope: AdminScope, agency_id: int) -> Agency:
    """The agency if the actor keeps it: NotFound for none, Forbidden outside the scope."""
    agency = session.get(Agency, agency_id)
    if agency is None:
        raise NotFound("Không tìm thấy cơ quan.")
    if not session.scalar(select(scope.agencies()).where(Agency.id == agency_id)):
        raise Forbidden(scope.outside(f"Cơ quan «{agency.name}»"))
    return agency


def served(session: Session, agency_id: int) -> list[str]:
    statement = select(AgencyServiceArea.admin_unit_code).where(AgencyServiceArea.agency_id == agency_id)
    return list(session.scalars(statement.order_by(AgencyServiceArea.admin_unit_code)))


def _unit_in_scope(session: Session, scope: AdminScope, code: str) -> bool:
    return (
        session.scalar(select(AdministrativeUnit.code).where(AdministrativeUnit.code == code, scope.units()))
        is not None
    )
