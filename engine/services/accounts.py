"""An officer's own preferences and password, and refused attempts kept in the audit trail."""

from __future__ import annotations

from collections.abc import Mapping

from werkzeug.security import check_password_hash

from forms.accounts import PasswordChangeSchema

from ..access import active_user
from ..clock import Clock
from ..errors import ValidationFailed
from ..persistence import audit
from ..persistence.unit_of_work import UnitOfWorkFactory
from .account_admin import hash_password
from .input import validate


class AccountService:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock):
        self._unit_of_work = unit_of_work
        self._clock = clock

    def set_digest(self, user_id: int, enabled: bool) -> None:
        """An officer switches the daily digest on or off (overdue notices still come)."""
        with self._unit_of_work() as uow:
            active_user(uow.session, user_id).digest_enabled = enabled
            uow.commit()

    def change_password(self, user_id: int, payload: Mapping) -> int:
        """The officer's own new password (the current one required). Returns the new auth
        epoch: the officer's other sessions end, the one that changed it keeps it."""
        with self._unit_of_work() as uow:
            user = active_user(uow.session, user_id)
            data = validate(PasswordChangeSchema(username=user.username), payload)
            if not check_password_hash(user.password_hash, data["old_password"]):
                raise ValidationFailed({"old_password": ["Mật khẩu hiện tại không đúng."]})
            user.password_hash = hash_password(data["new_password"])
            user.must_change_password = False
            user.auth_epoch += 1
            audit.record(
                uow.session,
                dossier_id=None,
                actor_id=user.id,
                action="password_changed",
                summary=f"{user.username} đổi mật khẩu",
                data={"user_id": user.id, "username": user.username},
                at=self._clock.now(),
            )
            uow.commit()
            return user.auth_epoch

    def record_access_denied(self, actor_id: int, dossier_id: int | None, what: str) -> None:
        """Log a refused attempt in the audit trail, in its own transaction."""
        with self._unit_of_work() as uow:
            audit.record(
                uow.session,
                dossier_id=dossier_id,
                actor_id=actor_id,
                action="access_denied",
                summary=f"Bị từ chối truy cập: {what}",
                at=self._clock.now(),
            )
            uow.commit()
