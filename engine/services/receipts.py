"""When the receiving agency got the dossier or decision: the legal clock of its step runs
from that day, not from when the sending agency clicked 'Hoàn thành'. The receipt is
recorded on the open task as soon as it arrives ("Ghi nhận ngày nhận hồ sơ") or with the
step's form (blank: the day already recorded, else the dispatch); never before the
dispatch, never in the future. Either way the task's deadline, which the inbox, the task
page, reminders and escalation read, is counted again from it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime

from marshmallow import ValidationError

from forms import TASK_FORMS
from forms.base import NOT_FUTURE_REASON, VnDateTime
from forms.vn import vn_date, vn_datetime

from ..access import task_for_actor
from ..calendar import WorkingCalendar
from ..clock import VN_TZ, Clock
from ..errors import Conflict, ValidationFailed
from ..model.bundle import TaskDefinition
from ..model.parameters import LegalParameter
from ..model.versions import ModelVersions
from ..persistence import audit
from ..persistence.tables import FAR_FUTURE, Task
from ..persistence.unit_of_work import UnitOfWorkFactory
from ..runtime.expressions import instant
from ..runtime.projection import deadline_from
from ..settings import Settings, SettingsStore


class ReceiptService:
    def __init__(self, unit_of_work: UnitOfWorkFactory, settings: SettingsStore, versions: ModelVersions, clock: Clock):
        self._unit_of_work = unit_of_work
        self._settings = settings
        self._versions = versions
        self._clock = clock

    def record(self, actor_id: int, task_id: int, value: str | None) -> None:
        """The officer of the receiving agency records the day the dossier arrived on the
        open task; its deadline is counted again from that day."""
        with self._unit_of_work() as uow:
            session = uow.session
            settings = self._settings.refresh(session)
            row = task_for_actor(session, actor_id, task_id)
            if row.state != "open":
                raise Conflict("Nhiệm vụ này đã được xử lý xong hoặc không còn hiệu lực.")
            if row.claimed_by is not None and row.claimed_by_id != actor_id:
                raise Conflict(f"Nhiệm vụ đang do {row.claimed_by.full_name} nhận xử lý.")
            instance = uow.lock_instance(row.instance_id)
            definition = self._versions.bundle(session, instance.spec_version).task(instance.process_id, row.bpmn_id)
            field = definition.received_field
            if field is None:
                raise Conflict("Bước này không ghi nhận ngày nhận hồ sơ.")
            typed = _typed(row.form, field, value)
            timed = isinstance(typed, datetime)
            received = instant(typed.isoformat())
            refuse_receipt(row, field, received, timed=timed, now=self._clock.now())
            restart_clock(row, received, settings.parameters, settings.calendar)
            shown = vn_datetime(received) if timed else vn_date(received)
            audit.record(
                session,
                dossier_id=row.dossier_id,
                task_id=row.id,
                actor_id=actor_id,
                action="receipt_recorded",
                summary=f"Ghi nhận ngày nhận hồ sơ: {row.name} — {shown}",
                data={
                    field: typed.isoformat(),
                    "deadline_on": row.deadline_on.isoformat() if row.deadline_on else None,
                },
                at=self._clock.now(),
            )
            uow.commit()


def take_receipt(row: Task, definition: TaskDefinition, data: dict, settings: Settings, now: datetime) -> None:
    """On completion: the receipt typed in the form, else the one recorded on the task, else
    the dispatch, is written into the step's data and restarts its clock."""
    field = definition.received_field
    if field is None:
        return
    timed = isinstance(TASK_FORMS[row.form]._declared_fields[field], VnDateTime)
    if data.get(field):
        received = instant(data[field])
    else:
        received = row.received_at or _dispatched(row)
        data[field] = received.astimezone(VN_TZ).isoformat() if timed else _day(received).isoformat()
        received = instant(data[field])
    refuse_receipt(row, field, received, timed=timed, now=now)
    restart_clock(row, received, settings.parameters, settings.calendar)


def refuse_receipt(row: Task, field: str, received: datetime, *, timed: bool, now: datetime) -> None:
    """A receipt before the dispatch or in the future is refused, naming the date it broke."""
    dispatched = _dispatched(row)
    if (received < dispatched) if timed else (_day(received) < _day(dispatched)):
        shown = vn_datetime(dispatched) if timed else vn_date(dispatched)
        raise ValidationFailed({field: [f"Không được trước ngày gửi hồ sơ, quyết định ({shown})."]})
    if (received > now) if timed else (_day(received) > _day(now)):
        shown = vn_datetime(now) if timed else vn_date(now)
        when = "thời điểm hiện tại" if timed else "ngày hôm nay"
        raise ValidationFailed({field: [f"Không được sau {when} ({shown}): {NOT_FUTURE_REASON}."]})


def restart_clock(
    row: Task, received: datetime, parameters: Mapping[str, LegalParameter], calendar: WorkingCalendar
) -> None:
    """The task's deadline counted from the receipt, with the limit the task was given."""
    parameter = replace(parameters[row.deadline_parameter], value=row.deadline_value, unit=row.deadline_unit)
    start = _day(received)
    row.received_at = received
    row.deadline_from_on, row.deadline_from_at = start, received
    row.deadline_on, row.deadline_at = deadline_from(parameter, start, received, calendar)
    row.deadline_sort = row.deadline_on or FAR_FUTURE


def _typed(form: str, field: str, value: str | None) -> date | datetime:
    """The day or moment typed, read as the step's form reads it (dd/mm/yyyy, plausible year)."""
    declared = TASK_FORMS[form]._declared_fields[field]
    if value is None or not value.strip():
        raise ValidationFailed({field: [f"Hãy nhập {declared.metadata['label'].lower()}."]})
    try:
        return declared.deserialize(value)
    except ValidationError as exc:
        raise ValidationFailed({field: list(exc.messages)}) from exc


def _dispatched(row: Task) -> datetime:
    # Rows written before receipts were recorded have no dispatch: their clock start is it.
    return row.dispatched_at or row.deadline_from_at or row.created_at


def _day(moment: datetime) -> date:
    return moment.astimezone(VN_TZ).date()
