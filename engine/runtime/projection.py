"""The task projection: one row per user task, kept in step with the workflow in the
same transaction, so inboxes and lists never deserialize a workflow. Shared by the
services and by moving dossiers to a new model version."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..calendar import WorkingCalendar
from ..clock import VN_TZ
from ..errors import EngineError, ModelError
from ..model.bundle import ModelBundle, TaskDefinition
from ..model.parameters import LegalParameter
from ..persistence.tables import FAR_FUTURE, Dossier, ProcessInstance, Task
from ..settings import Settings
from .expressions import instant
from .instance import ready_tasks

DEFINITION_FIELDS = ("name", "lane", "role", "agency_id", "form", "legal_basis")
DEADLINE_FIELDS = (
    "deadline_parameter",
    "deadline_value",
    "deadline_unit",
    "deadline_status",
    "deadline_from_on",
    "deadline_on",
    "deadline_sort",
    "deadline_from_at",
    "deadline_at",
)
"""Task projection columns that come from the task's definition and from its deadline."""
FIELD_LABELS = {
    "name": "tên bước",
    "lane": "làn",
    "role": "vai trò",
    "agency_id": "cơ quan xử lý",
    "form": "biểu mẫu",
    "legal_basis": "căn cứ pháp lý",
    **dict.fromkeys(DEADLINE_FIELDS, "thời hạn"),
}


def open_rows(session: Session, instance_id: int) -> list[Task]:
    return list(session.scalars(select(Task).where(Task.instance_id == instance_id, Task.state == "open")))


def sync_task_rows(
    session: Session,
    instance: ProcessInstance,
    dossier: Dossier,
    workflow,
    bundle: ModelBundle,
    settings: Settings,
    *,
    actor_id: int | None,
    moment: datetime,
    completed_guid: str | None = None,
) -> None:
    """Rows of tasks still ready stay; the completed one is marked so, vanished ones are
    cancelled, and each newly ready task gets a row with its deadline."""
    parties = {party.role: party.agency_id for party in dossier.parties}
    ready = ready_tasks(workflow)
    still_open = set()
    for row in open_rows(session, instance.id):
        if row.task_guid in ready:
            still_open.add(row.task_guid)
        elif row.task_guid == completed_guid:
            row.state, row.completed_at, row.completed_by_id = "completed", moment, actor_id
        else:
            row.state, row.completed_at = "cancelled", moment
    day = moment.astimezone(VN_TZ).date()
    for guid, spiff_task in ready.items():
        if guid in still_open:
            continue
        definition = bundle.task(instance.process_id, spiff_task.task_spec.bpmn_id)
        session.add(
            new_task_row(instance, dossier, parties, definition, guid, spiff_task.data, day, moment, settings, bundle)
        )


def new_task_row(
    instance: ProcessInstance,
    dossier: Dossier,
    parties: Mapping[str, int],
    definition: TaskDefinition,
    guid: str,
    data: Mapping,
    day: date,
    moment: datetime,
    settings: Settings,
    bundle: ModelBundle,
) -> Task:
    if definition.role not in parties:
        raise EngineError(f"Hồ sơ chưa có cơ quan cho vai trò {bundle.roles.label(definition.role)}.")
    parameter = settings.parameters[definition.parameter_for(data)]
    start, start_at = day, moment
    if definition.deadline_from:
        if not data.get(definition.deadline_from):
            raise ModelError(
                f"Nhiệm vụ '{definition.bpmn_id}' cần ngày '{definition.deadline_from}' để tính thời hạn "
                "nhưng dữ liệu hồ sơ chưa có."
            )
        start_at = instant(data[definition.deadline_from])
        start = start_at.astimezone(VN_TZ).date()
    deadline, deadline_at = deadline_from(parameter, start, start_at, settings.calendar)
    return Task(
        instance_id=instance.id,
        dossier_id=dossier.id,
        task_guid=guid,
        bpmn_id=definition.bpmn_id,
        name=definition.name,
        lane=definition.lane,
        role=definition.role,
        agency_id=parties[definition.role],
        form=definition.form,
        state="open",
        legal_basis=definition.legal_basis,
        deadline_parameter=parameter.name,
        deadline_value=parameter.value,
        deadline_unit=parameter.unit,
        deadline_status=parameter.status,
        deadline_from_on=start,
        deadline_on=deadline,
        deadline_sort=deadline or FAR_FUTURE,
        deadline_from_at=start_at,
        deadline_at=deadline_at,
        created_at=moment,
        dispatched_at=dispatch(definition, data, start_at),
    )


def deadline_from(
    parameter: LegalParameter, start: date, start_at: datetime, calendar: WorkingCalendar
) -> tuple[date | None, datetime | None]:
    """The last day and the instant a limit runs out when its clock starts on `start`
    (hours count from the instant `start_at`)."""
    if parameter.in_hours:
        deadline_at = parameter.deadline_at(start_at, calendar)
        return (deadline_at.astimezone(VN_TZ).date() if deadline_at else None), deadline_at
    deadline = parameter.deadline(start, calendar)
    return deadline, datetime.combine(deadline + timedelta(days=1), time(0), tzinfo=VN_TZ) if deadline else None


def dispatch(definition: TaskDefinition, data: Mapping, clock_start: datetime) -> datetime:
    """When the dossier or decision a step receives was sent: the latest sending date the
    previous agencies recorded among those its receipt may not precede (the received
    field's `not_before`), else the moment the step's clock started."""
    sent = [
        instant(data[variable])
        for field, variable, _ in definition.not_before
        if field == definition.received_field and data.get(variable)
    ]
    return max(sent, default=clock_start)


def resync_after_version_move(
    session: Session,
    instance: ProcessInstance,
    dossier: Dossier,
    workflow,
    old_bundle: ModelBundle,
    bundle: ModelBundle,
    settings: Settings,
    before: dict[str, Task],
    changed_ids: set[str],
    moment: datetime,
) -> dict:
    """`sync_task_rows` kept the rows of tasks that are still ready, cancelled the vanished
    ones and added rows for new ones. Two cases need more:

    * a ready task whose spec changed keeps its SpiffWorkflow id (migrate_workflow resets
      it in place) and so its row, which is brought up to the new definition here;
    * a step that reappears under a new id (its parent was reset) replaces the cancelled
      row of the same step and keeps that row's clock start and claim.

    The legal clock is never restarted by a version move: the deadline stays as it was
    unless the step's deadline rule (parameter, start date, override) changed, and then
    it is recomputed from the day the step's clock started."""
    parties = {party.role: party.agency_id for party in dossier.parties}
    ready = ready_tasks(workflow)
    now_open = {row.task_guid: row for row in open_rows(session, instance.id)}
    cancelled = [row for row in before.values() if row.state == "cancelled"]
    notes, updated = [], []

    def refresh(row: Task, source: Task) -> list[str]:
        """Bring `row` to the new definition; `source` is the row whose clock it keeps."""
        definition = bundle.task(instance.process_id, ready[row.task_guid].task_spec.bpmn_id)
        previous = old_bundle.tasks.get((instance.process_id, source.bpmn_id))
        same_clock = previous is not None and _clock(previous) == _clock(definition)
        fresh = new_task_row(
            instance,
            dossier,
            parties,
            definition,
            row.task_guid,
            ready[row.task_guid].data,
            source.created_at.astimezone(VN_TZ).date(),
            moment,
            settings,
            bundle,
        )
        claimant, claimed_at, source_agency = source.claimed_by_id, source.claimed_at, source.agency_id
        fields = []
        for name in DEFINITION_FIELDS + DEADLINE_FIELDS:
            value = getattr(source if same_clock and name in DEADLINE_FIELDS else fresh, name)
            if getattr(row, name) != value:
                setattr(row, name, value)
                fields.append(name)
        keep = claimant is not None and source_agency == row.agency_id
        row.claimed_by_id, row.claimed_at = (claimant, claimed_at) if keep else (None, None)
        return fields

    for guid, row in now_open.items():
        if guid in before and guid in changed_ids:
            fields = refresh(row, row)
            if fields:
                updated.append({"task": row.name, "fields": fields})
                what = ", ".join(dict.fromkeys(FIELD_LABELS[name] for name in fields))
                notes.append(
                    f"Nhiệm vụ đang mở «{row.name}» được cập nhật theo phiên bản mới ({what}); "
                    f"thời hạn: {_vn(row.deadline_on)}."
                )
    created = [row for guid, row in now_open.items() if guid not in before]
    for row in created:
        predecessor = next((old for old in cancelled if old.bpmn_id == row.bpmn_id), None)
        if predecessor is not None:
            cancelled.remove(predecessor)
            refresh(row, predecessor)
            row.created_at = predecessor.created_at
        notes.append(f"Nhiệm vụ «{row.name}» (tạo lại theo phiên bản mới); thời hạn: {_vn(row.deadline_on)}.")
    gone = [row.name for row in cancelled]
    notes += [f"Nhiệm vụ «{name}» bị hủy vì không còn trong phiên bản mới." for name in gone]
    return {
        "notes": notes,
        "updated_tasks": updated,
        "new_tasks": [row.name for row in created],
        "cancelled_tasks": gone,
    }


def _clock(definition: TaskDefinition) -> tuple:
    return definition.deadline_parameter, definition.deadline_from, definition.deadline_override


def _vn(day) -> str:
    return day.strftime("%d/%m/%Y") if day else "chưa xác định (tham số chưa được xác minh)"
