"""An officer's own preferences, and refused attempts kept in the audit trail."""

from __future__ import annotations

from ..access import active_user
from ..clock import Clock
from ..persistence import audit
from ..persistence.unit_of_work import UnitOfWorkFactory


class AccountService:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock):
        self._unit_of_work = unit_of_work
        self._clock = clock

    def set_digest(self, user_id: int, enabled: bool) -> None:
        """An officer switches the daily digest on or off (overdue notices still come)."""
        with self._unit_of_work() as uow:
            active_user(uow.session, user_id).digest_enabled = enabled
            uow.commit()

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
