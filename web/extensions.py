"""Objects shared by the app factory and the blueprints: the backend, login and CSRF."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from flask import current_app
from flask_login import LoginManager, UserMixin
from flask_wtf import CSRFProtect

from engine import Account, Backend, ReadSide

login_manager = LoginManager()
csrf = CSRFProtect()


def get_backend() -> Backend:
    return current_app.extensions["backend"]


def get_queries() -> ReadSide:
    """The read side: every page reads through it, never through the database."""
    return get_backend().queries


@dataclass(frozen=True)
class SessionUser(Account, UserMixin):
    """The signed-in officer as pages see it (`current_user`); a plain copy, no ORM session."""


def session_user(user_id: int) -> SessionUser | None:
    """The active user with this id, or None."""
    account = get_queries().account(user_id)
    return SessionUser(**asdict(account)) if account else None
