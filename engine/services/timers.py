"""Waking the instances whose next timer is due, from the timer index."""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..clock import Clock
from ..errors import EngineError
from ..model.versions import ModelVersions
from ..persistence import audit
from ..persistence.tables import Dossier, ProcessInstance
from ..persistence.unit_of_work import UnitOfWorkFactory
from ..runtime.instance import RUNTIME_ERRORS, ProcessRuntime
from ..settings import SettingsStore
from .dossiers import DossierService

log = logging.getLogger(__name__)


class TimerService:
    def __init__(
        self,
        read_sessions: Callable[[], Session],
        unit_of_work: UnitOfWorkFactory,
        settings: SettingsStore,
        versions: ModelVersions,
        runtime: ProcessRuntime,
        clock: Clock,
        dossiers: DossierService,
    ):
        self._read_sessions = read_sessions
        self._unit_of_work = unit_of_work
        self._settings = settings
        self._versions = versions
        self._runtime = runtime
        self._clock = clock
        self._dossiers = dossiers

    def fire_due(self, limit: int = 100) -> int:
        """Each due instance in its own transaction, so one broken instance cannot hold
        up the others. Returns how many timers fired."""
        with self._read_sessions() as session:
            due = session.scalars(
                select(ProcessInstance.id)
                .where(ProcessInstance.next_timer_at <= self._clock.now(), ProcessInstance.status == "running")
                .order_by(ProcessInstance.next_timer_at)
                .limit(limit)
            ).all()
        fired = 0
        for instance_id in due:
            try:
                fired += self._fire(instance_id)
            except (EngineError, StaleDataError, *RUNTIME_ERRORS) as exc:
                log.error("timer of instance %s failed: %s", instance_id, exc)
        return fired

    def _fire(self, instance_id: int) -> int:
        with self._unit_of_work() as uow:
            session = uow.session
            settings = self._settings.refresh(session)
            instance = uow.lock_instance(instance_id)
            moment = self._clock.now()
            if instance.next_timer_at is None or instance.next_timer_at > moment:
                return 0
            bundle = self._versions.bundle(session, instance.spec_version)
            workflow = self._runtime.load(instance, bundle, settings)
            advance = self._runtime.advance(workflow, refresh_timers=True)
            dossier = session.get_one(Dossier, instance.dossier_id)
            self._dossiers.settle(
                session, instance, dossier, workflow, advance, bundle, settings, actor_id=None, moment=moment
            )
            audit.record_timers(session, dossier.id, advance.fired_timers, moment)
            uow.commit()
            return len(advance.fired_timers)
