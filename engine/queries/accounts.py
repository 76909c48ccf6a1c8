"""Officers' accounts as the web reads them: who is signed in, and what signing in checks."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..persistence.tables import Agency, User


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
    )


def credentials(session: Session, username: str) -> Credentials | None:
    """What a sign-in with this username is checked against; None for an unknown name."""
    user = session.scalar(select(User).where(User.username == username))
    return Credentials(user.id, user.password_hash, user.is_active) if user else None
