"""Objects shared by the app factory and the blueprints: the backend, login and CSRF."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_login import LoginManager, UserMixin
from flask_wtf import CSRFProtect
from sqlalchemy import select

from engine import Backend
from engine.persistence.tables import Agency, User

login_manager = LoginManager()
csrf = CSRFProtect()


def get_backend() -> Backend:
    return current_app.extensions["backend"]


@dataclass(frozen=True)
class SessionUser(UserMixin):
    """The signed-in officer as pages see it (`current_user`); a plain copy, no ORM session."""

    id: int
    username: str
    full_name: str
    is_admin: bool
    agency_id: int | None
    agency_name: str | None
    agency_kind: str | None
    admin_unit_code: str | None


def session_user(user_id: int) -> SessionUser | None:
    """The active user with this id, or None."""
    with get_backend().read_session() as session:
        row = session.execute(
            select(User, Agency).outerjoin(Agency, Agency.id == User.agency_id).where(User.id == user_id)
        ).first()
    if row is None or not row.User.is_active:
        return None
    user, agency = row
    return SessionUser(
        id=user.id,
        username=user.username,
        full_name=user.full_name,
        is_admin=user.is_admin,
        agency_id=user.agency_id,
        agency_name=agency.name if agency else None,
        agency_kind=agency.kind if agency else None,
        admin_unit_code=agency.admin_unit_code if agency else None,
    )
