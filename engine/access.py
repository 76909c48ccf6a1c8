"""Who may see and do what: one rule for the write side and the read side."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, exists, false, or_, select, true
from sqlalchemy.orm import Session

from .errors import Forbidden, NotFound
from .persistence.tables import AdministrativeUnit, Agency, Dossier, DossierParty, Task, User

COMMUNE_KINDS = ("commune_police", "commune_committee")
MONITOR_KINDS = ("provincial_monitor",)
"""Read-only agencies: they see every dossier of their province and act on none."""
ADMINISTRATORS_ONLY = "Chỉ quản trị viên được quản lý tài khoản cán bộ và cơ quan."
READ_ONLY = "Tài khoản theo dõi chỉ được xem hồ sơ, không thực hiện thao tác nào trên hồ sơ."


def is_monitor(user: User) -> bool:
    return user.agency is not None and user.agency.kind in MONITOR_KINDS


def province_communes(province_code: str) -> Select[str]:
    """The codes of the province's communes, under a district or directly under it (a
    two-tier province), as a subquery: the dossier's indexed commune code is matched
    against a handful of rows of administrative_unit."""
    districts = select(AdministrativeUnit.code).where(AdministrativeUnit.parent_code == province_code)
    return select(AdministrativeUnit.code).where(
        AdministrativeUnit.level == "commune",
        or_(AdministrativeUnit.parent_code == province_code, AdministrativeUnit.parent_code.in_(districts)),
    )


def province_units(province_code: str) -> Select[str]:
    """The province's own code, its districts' and its communes': where its agencies sit."""
    districts = select(AdministrativeUnit.code).where(AdministrativeUnit.parent_code == province_code)
    return select(AdministrativeUnit.code).where(
        or_(
            AdministrativeUnit.code == province_code,
            AdministrativeUnit.parent_code == province_code,
            AdministrativeUnit.parent_code.in_(districts),
        )
    )


def can_see(user: User) -> ColumnElement[bool]:
    """A dossier is visible to an agency that has had a task in it (the court only once
    the dossier was transferred to it), to the commune agencies where it is prepared, and
    to a provincial monitor when it is prepared in a commune of the monitor's province."""
    if user.is_admin:
        return true()
    if user.agency_id is None or user.agency is None:
        return false()
    if is_monitor(user):
        return Dossier.commune_code.in_(province_communes(user.agency.admin_unit_code))
    had_task = exists().where(Task.dossier_id == Dossier.id, Task.agency_id == user.agency_id)
    if user.agency.kind in COMMUNE_KINDS:
        party = exists().where(DossierParty.dossier_id == Dossier.id, DossierParty.agency_id == user.agency_id)
        return or_(had_task, party)
    return had_task


def dossier_for(session: Session, user: User, dossier_id: int) -> Dossier:
    """The dossier if the user may see it; NotFound or Forbidden otherwise."""
    dossier = session.get(Dossier, dossier_id)
    if dossier is None:
        raise NotFound("Không tìm thấy hồ sơ.")
    if not session.scalar(select(can_see(user)).where(Dossier.id == dossier_id)):
        raise Forbidden("Hồ sơ này không thuộc phạm vi của cơ quan anh/chị.")
    return dossier


def dossier_to_act_on(session: Session, user: User, dossier_id: int) -> Dossier:
    """The dossier if the user may see it and act on it: a monitor reads only."""
    dossier = dossier_for(session, user, dossier_id)
    if is_monitor(user):
        raise Forbidden(READ_ONLY)
    return dossier


def active_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        raise Forbidden("Tài khoản không tồn tại hoặc đã bị khóa.")
    return user


def require_admin(session: Session, user_id: int, refusal: str) -> User:
    """The active administrator with this id; Forbidden with `refusal` otherwise."""
    user = active_user(session, user_id)
    if not user.is_admin:
        raise Forbidden(refusal)
    return user


@dataclass(frozen=True)
class AdminScope:
    """Whose accounts and agencies an administrator manages: the whole system (the system
    administrator, and the server's command line) or one province."""

    province_code: str | None = None
    province_name: str | None = None

    @property
    def whole_system(self) -> bool:
        return self.province_code is None

    def units(self) -> ColumnElement[bool]:
        """The administrative units in scope: the province and every unit under it."""
        if self.province_code is None:
            return true()
        return AdministrativeUnit.code.in_(province_units(self.province_code))

    def agencies(self) -> ColumnElement[bool]:
        """The agencies in scope: those sitting at a unit of the province."""
        if self.province_code is None:
            return true()
        return Agency.admin_unit_code.in_(province_units(self.province_code))

    def accounts(self) -> ColumnElement[bool]:
        """The accounts in scope: a province administrator manages the officers of its
        province's agencies, never an administrator's account (the system administrator's)."""
        if self.province_code is None:
            return true()
        agencies = select(Agency.id).where(self.agencies())
        return and_(User.is_admin.is_(False), User.admin_province_code.is_(None), User.agency_id.in_(agencies))

    def outside(self, subject: str) -> str:
        """The refusal of something out of scope, e.g. subject "Cơ quan «…»"."""
        return f"{subject} không thuộc {self.province_name or self.province_code}, tỉnh anh/chị quản trị."


SYSTEM = AdminScope()


def admin_scope(session: Session, actor_id: int | None, refusal: str) -> AdminScope:
    """What the actor administers; `actor_id` None is the server's command line (everything).
    Forbidden with `refusal` for an officer who administers nothing."""
    if actor_id is None:
        return SYSTEM
    user = active_user(session, actor_id)
    if user.is_admin:
        return SYSTEM
    if user.admin_province_code:
        province = session.get(AdministrativeUnit, user.admin_province_code)
        return AdminScope(user.admin_province_code, province.name if province else None)
    raise Forbidden(refusal)


def task_for_actor(session: Session, actor_id: int, task_id: int) -> Task:
    """The task if it belongs to the actor's agency."""
    row = session.get(Task, task_id)
    if row is None:
        raise NotFound("Không tìm thấy nhiệm vụ.")
    actor = active_user(session, actor_id)
    if is_monitor(actor):
        raise Forbidden(READ_ONLY)
    if actor.agency_id != row.agency_id:
        raise Forbidden("Nhiệm vụ này thuộc cơ quan khác; anh/chị không có quyền xử lý.")
    return row
