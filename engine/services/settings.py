"""Administration of the legal time limits and the working calendar. A change applies
to tasks created from now on, and every process picks it up at its next action."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ..access import require_admin
from ..clock import Clock
from ..errors import NotFound, ValidationFailed
from ..model.parameters import check_change
from ..persistence import audit
from ..persistence.tables import CalendarOverride, ParameterChange
from ..persistence.unit_of_work import UnitOfWorkFactory
from ..settings import Settings, SettingsStore, bump

ADMIN_ONLY = "Chỉ quản trị viên được sửa thời hạn và lịch làm việc."


class SettingsService:
    def __init__(self, unit_of_work: UnitOfWorkFactory, store: SettingsStore, clock: Clock):
        self._unit_of_work = unit_of_work
        self._store = store
        self._clock = clock

    @property
    def current(self) -> Settings:
        """The snapshot to use for one whole action: take it once."""
        return self._store.current

    def refresh(self) -> Settings:
        return self._store.refresh()

    def change_parameter(
        self, actor_id: int, name: str, value: int | None, status: str, citation: str, note: str = ""
    ) -> None:
        """Amend a legal time limit; a change without its legal basis is refused."""
        with self._unit_of_work() as uow:
            session = uow.session
            actor = require_admin(session, actor_id, ADMIN_ONLY)
            parameter = self._store.refresh(session).parameters.get(name)
            if parameter is None:
                raise NotFound("Không có tham số thời hạn này.")
            errors = check_change(parameter, value, status, citation)
            if errors:
                raise ValidationFailed(errors)
            moment = self._clock.now()
            session.add(
                ParameterChange(
                    name=name,
                    value=value,
                    status=status,
                    citation=citation.strip(),
                    note=note.strip(),
                    changed_by_id=actor.id,
                    changed_at=moment,
                )
            )
            after = replace(parameter, value=value, status=status)
            audit.record(
                session,
                dossier_id=None,
                actor_id=actor.id,
                action="parameter_changed",
                summary=f"Sửa thời hạn «{parameter.label}»: {parameter.describe()} → {after.describe()}",
                data={
                    "name": name,
                    "before": [parameter.value, parameter.status],
                    "after": [value, status],
                    "citation": citation.strip(),
                },
                at=moment,
            )
            bump(session)
            uow.commit()
        self._store.refresh()

    def set_calendar_day(
        self, actor_id: int, day: date, is_working_day: bool | None, note: str, legal_basis: str
    ) -> None:
        """Declare an official day off or make-up working day (None removes a declaration).
        Refused without its legal basis."""
        if len(legal_basis.strip()) < 10:
            raise ValidationFailed({"legal_basis": ["Phải ghi văn bản công bố ngày nghỉ hoặc ngày làm việc bù."]})
        with self._unit_of_work() as uow:
            session = uow.session
            actor = require_admin(session, actor_id, ADMIN_ONLY)
            existing = session.get(CalendarOverride, day)
            if is_working_day is None:
                if existing is None:
                    raise NotFound("Ngày này không có điều chỉnh để xóa.")
                session.delete(existing)
                summary = f"Xóa điều chỉnh lịch ngày {day.strftime('%d/%m/%Y')}"
            else:
                if existing is None:
                    existing = CalendarOverride(day=day)
                    session.add(existing)
                existing.is_working_day, existing.note = is_working_day, note.strip()
                existing.legal_basis = legal_basis.strip()
                summary = f"Ngày {day.strftime('%d/%m/%Y')} là {'ngày làm việc' if is_working_day else 'ngày nghỉ'}"
            moment = self._clock.now()
            audit.record(
                session,
                dossier_id=None,
                actor_id=actor.id,
                action="calendar_changed",
                summary=summary,
                data={"day": day.isoformat(), "working": is_working_day, "legal_basis": legal_basis.strip()},
                at=moment,
            )
            bump(session)
            uow.commit()
        self._store.refresh()
