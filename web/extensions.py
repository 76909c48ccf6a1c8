"""Objects shared by the app factory and the blueprints: the engine, its read side,
login and CSRF."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from flask import current_app
from flask_login import LoginManager, UserMixin
from flask_wtf import CSRFProtect

from engine import Account, DossierEngine, ReadSide

login_manager = LoginManager()
csrf = CSRFProtect()


def get_engine() -> DossierEngine:
    return current_app.extensions["engine"]


def get_queries() -> ReadSide:
    return current_app.extensions["queries"]


class _EngineModels:
    """The engine's model versions as the read side asks for them (until the composition
    root hands the read side its own)."""

    def __init__(self, engine: DossierEngine):
        self._engine = engine

    @property
    def current(self):
        return self._engine.bundle

    def bundle(self, session, version: str):
        return self._engine.version_bundle(session, version)


class _SystemClock:
    @staticmethod
    def now() -> datetime:
        return datetime.now(UTC)


def read_side(engine: DossierEngine) -> ReadSide:
    """The read side over the engine's database, settings and models."""
    return ReadSide(engine.reader, lambda: engine, _EngineModels(engine), _SystemClock(),
                    reminder_policies=engine.reminder_policies)


@dataclass(frozen=True)
class SessionUser(Account, UserMixin):
    """The signed-in officer as pages see it (`current_user`); a plain copy, no ORM session."""


def session_user(user_id: int) -> SessionUser | None:
    """The active user with this id, or None."""
    account = get_queries().account(user_id)
    return SessionUser(**asdict(account)) if account else None
