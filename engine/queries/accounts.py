"""Officers' accounts as the web reads them: who is signed in, what signing in checks, and
the administrator's list of accounts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased

from ..access import MONITOR_KINDS, AdminScope
from ..persistence.tables import AdministrativeUnit, Agency, User
from .paging import Page, paginate


@dataclass(frozen=True)
class Account:
    """An active officer and their agency: a plain copy, no ORM session behind it."""

    id: int
    username: str
    full_name: str
    email: str | None
    digest_enabled: bool
    is_admin: bool
    agency_id: int | None
    agency_name: str | None
    agency_kind: str | None
    admin_unit_code: str | None
    is_monitor: bool
    """A provincial monitor: reads every dossier of its province, acts on none."""
    must_change_password: bool
    auth_epoch: int
    """A session signed in under another epoch has ended (a password change or reset)."""
    admin_province_code: str | None = None
    admin_province_name: str | None = None
    """A province administrator: manages that province's accounts and agencies, reads no dossier."""

    @property
    def manages_accounts(self) -> bool:
        return self.is_admin or self.admin_province_code is not None


@dataclass(frozen=True)
class OfficerRow:
    """One account as the administrator's pages show it, active or not."""

    id: int
    username: str
    full_name: str
    email: str | None
    agency_code: str | None
    agency_name: str | None
    is_head: bool
    is_admin: bool
    is_active: bool
    must_change_password: bool
    admin_province_code: str | None = None
    admin_province_name: str | None = None


@dataclass(frozen=True)
class AgencyChoice:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class Credentials:
    user_id: int
    password_hash: str
    is_active: bool


def account(session: Session, user_id: int) -> Account | None:
    """The active user with this id, or None."""
    row = session.execute(
        select(User, Agency, AdministrativeUnit.name)
        .outerjoin(Agency, Agency.id == User.agency_id)
        .outerjoin(AdministrativeUnit, AdministrativeUnit.code == User.admin_province_code)
        .where(User.id == user_id)
    ).first()
    if row is None or not row.User.is_active:
        return None
    user, agency, province_name = row
    return Account(
        id=user.id,
        username=user.username,
        full_name=user.full_name,
        email=user.email,
        digest_enabled=user.digest_enabled,
        is_admin=user.is_admin,
        agency_id=user.agency_id,
        agency_name=agency.name if agency else None,
        agency_kind=agency.kind if agency else None,
        admin_unit_code=agency.admin_unit_code if agency else None,
        is_monitor=agency is not None and agency.kind in MONITOR_KINDS,
        must_change_password=user.must_change_password,
        auth_epoch=user.auth_epoch,
        admin_province_code=user.admin_province_code,
        admin_province_name=province_name,
    )


def credentials(session: Session, username: str) -> Credentials | None:
    """What a sign-in with this username is checked against; None for an unknown name."""
    user = session.scalar(select(User).where(User.username == username))
    return Credentials(user.id, user.password_hash, user.is_active) if user else None


def officers(
    session: Session, scope: AdminScope, agency_id: int | None, active: bool | None, page: int, per_page: int
) -> Page[OfficerRow]:
    """The accounts in scope, by agency then username, optionally of one agency or activity."""
    statement = _officers().where(scope.accounts()).order_by(Agency.name.nulls_first(), User.username)
    if agency_id is not None:
        statement = statement.where(User.agency_id == agency_id)
    if active is not None:
        statement = statement.where(User.is_active == active)
    return paginate(session, statement, page, per_page, _officer_row)


def officer(session: Session, scope: AdminScope, user_id: int) -> OfficerRow | None:
    """The account if it is in scope (None otherwise: a page outside it does not exist)."""
    row = session.execute(_officers().where(User.id == user_id, scope.accounts())).first()
    return _officer_row(row) if row else None


def agencies(session: Session, scope: AdminScope) -> list[AgencyChoice]:
    statement = select(Agency).where(scope.agencies()).order_by(Agency.name)
    return [AgencyChoice(a.id, a.code, a.name) for a in session.scalars(statement)]


def _officers() -> Select:
    province = aliased(AdministrativeUnit)
    return (
        select(User, Agency.code, Agency.name, province.name.label("province_name"))
        .outerjoin(Agency, Agency.id == User.agency_id)
        .outerjoin(province, province.code == User.admin_province_code)
    )


def _officer_row(row) -> OfficerRow:
    user = row.User
    return OfficerRow(
        id=user.id,
        username=user.username,
        full_name=user.full_name,
        email=user.email,
        agency_code=row.code,
        agency_name=row.name,
        is_head=user.is_head,
        is_admin=user.is_admin,
        is_active=user.is_active,
        must_change_password=user.must_change_password,
        admin_province_code=user.admin_province_code,
        admin_province_name=row.province_name,
    )
