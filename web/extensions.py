"""Objects shared by the app factory and the blueprints: the backend, login and CSRF."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from flask import current_app, session
from flask_login import LoginManager, UserMixin, login_user
from flask_wtf import CSRFProtect

from engine import Account, Backend, ReadSide

EPOCH_KEY = "auth_epoch"
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


def signed_in_user(user_id: int) -> SessionUser | None:
    """The loader of every request: a session ends as soon as its account is deactivated or
    its password changed or reset since it signed in (the account's auth epoch moved on)."""
    user = session_user(user_id)
    if user is None or session.get(EPOCH_KEY, 0) != user.auth_epoch:
        return None
    return user


def start_session(user: SessionUser) -> None:
    login_user(user)
    session[EPOCH_KEY] = user.auth_epoch
