"""Correcting a completed step and cancelling a process, in SpiffWorkflow terms.

A correction reopens the step (SpiffWorkflow drops what followed it), so it is completed
again with the corrected data and the process runs on from it: gateways, scripts and
timers see the corrected values exactly as they would have the first time. The services
only allow it while nothing after the step was done by an officer, so nothing is lost."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.task import Task as SpiffTask
from SpiffWorkflow.util.task import TaskState
from sqlalchemy.orm import Session

from ..clock import VN_TZ
from ..errors import Conflict
from ..model.bundle import ModelBundle
from ..persistence.tables import Dossier, ProcessInstance
from ..settings import Settings
from .instance import ready_tasks
from .projection import DEADLINE_FIELDS, new_task_row, open_rows


def reopen(workflow: BpmnWorkflow, guid: str) -> SpiffTask:
    """The completed task `guid` made ready again with the data it was given when it
    first became ready; what followed it is removed, waiting events included (SpiffWorkflow
    3.2 leaves removed tasks in its event manager)."""
    task = workflow.get_task_from_id(UUID(guid))
    if task is None or task.state != TaskState.COMPLETED:
        raise Conflict("Bước này không còn ở trạng thái đã hoàn thành trong quy trình; không sửa được.")
    for removed in workflow.reset_from_task_id(task.id):
        workflow.event_manager.remove_task(removed)
    reopened = ready_tasks(workflow).get(guid)
    if reopened is None:
        raise Conflict("Không mở lại được bước này trong quy trình; không sửa được.")
    return reopened


def carry_open_rows(
    session: Session,
    instance: ProcessInstance,
    dossier: Dossier,
    workflow: BpmnWorkflow,
    bundle: ModelBundle,
    settings: Settings,
) -> list[dict]:
    """Rerunning gives the following steps new SpiffWorkflow ids: each open row whose task
    vanished follows the ready task of the same step, so it keeps its id, reminders and
    clock start; its deadline is computed again from the corrected data. Returns the
    deadlines that changed."""
    ready = ready_tasks(workflow)
    taken = {row.task_guid for row in open_rows(session, instance.id) if row.task_guid in ready}
    parties = {party.role: party.agency_id for party in dossier.parties}
    changed = []
    for row in open_rows(session, instance.id):
        if row.task_guid in ready:
            continue
        guid = next(
            (g for g, t in ready.items() if g not in taken and t.task_spec.bpmn_id == row.bpmn_id),
            None,
        )
        if guid is None:
            continue
        taken.add(guid)
        row.task_guid = guid
        definition = bundle.task(instance.process_id, row.bpmn_id)
        started: datetime = row.deadline_from_at or row.created_at
        fresh = new_task_row(
            instance,
            dossier,
            parties,
            definition,
            guid,
            ready[guid].data,
            row.deadline_from_on,
            started.astimezone(VN_TZ),
            settings,
            bundle,
        )
        before = row.deadline_at
        for name in DEADLINE_FIELDS:
            setattr(row, name, getattr(fresh, name))
        if row.deadline_at != before:
            changed.append(
                {
                    "task": row.name,
                    "old": before.isoformat() if before else None,
                    "new": row.deadline_at.isoformat() if row.deadline_at else None,
                }
            )
    return changed


def cancel(workflow: BpmnWorkflow) -> None:
    """End the process where it stands: every waiting task and event is cancelled."""
    workflow.cancel()
