"""Officers' accounts as the web reads them: who is signed in, what signing in checks, and
the administrator's list of accounts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from ..access import MONITOR_KINDS
from ..persistence.tables import Agency, User
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
        select(User, Agency).outerjoin(Agency, Agency.id == User.agency_id).where(User.id == user_id)
    ).first()
    if row is None or not row.User.is_active:
        return None
    user, agency = row
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
    )


def credentials(session: Session, username: str) -> Credentials | None:
    """What a sign-in with this username is checked against; None for an unknown name."""
    user = session.scalar(select(User).where(User.username == username))
    return Credentials(user.id, user.password_hash, user.is_active) if user else None


def officers(
    session: Session, agency_id: int | None, active: bool | None, page: int, per_page: int
) -> Page[OfficerRow]:
    """Every account, by agency then username, optionally of one agency or activity."""
    statement = _officers().order_by(Agency.name.nulls_first(), User.username)
    if agency_id is not None:
        statement = statement.where(User.agency_id == agency_id)
    if active is not None:
        statement = statement.where(User.is_active == active)
    return paginate(session, statement, page, per_page, _officer_row)


def officer(session: Session, user_id: int) -> OfficerRow | None:
    row = session.execute(_officers().where(User.id == user_id)).first()
    return _officer_row(row) if row else None


def agencies(session: Session) -> list[AgencyChoice]:
    return [AgencyChoice(a.id, a.code, a.name) for a in session.scalars(select(Agency).order_by(Agency.name))]


def _officers() -> Select:
    return select(User, Agency.code, Agency.name).outerjoin(Agency, Agency.id == User.agency_id)


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
    )
