"""The dossier as a shared record: what each completed step recorded, with who recorded
it and when, for every agency that may see the dossier (the recording agency's private
fields for itself only), and the earlier steps a task answers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms import form_fields
from forms.display import recorded_fields

from ..persistence.tables import Agency, AuditEvent, Dossier, Task, User
from ..revisions import ENTRY_ACTIONS, entered


@dataclass(frozen=True)
class RecordedStep:
    task_id: int
    dossier_id: int
    bpmn_id: str
    name: str
    agency_name: str
    recorded_by: str
    recorded_at: datetime
    fields: tuple[tuple[str, str], ...]
    """(label, value) as the form names and shows them, as corrected since if it was."""
    corrected_at: datetime | None = None


def completed_steps(session: Session, viewer_agency_id: int | None, *conditions) -> list[RecordedStep]:
    """Completed tasks matching `conditions` with what their completion recorded, in order."""
    rows = session.execute(
        select(Task, Agency.name, User.full_name)
        .join(Agency, Agency.id == Task.agency_id)
        .outerjoin(User, User.id == Task.completed_by_id)
        .where(Task.state == "completed", *conditions)
        .order_by(Task.completed_at, Task.id)
    ).all()
    entries: dict[int, tuple[dict, datetime | None]] = {}
    for action, data, task_id, at in session.execute(
        select(AuditEvent.action, AuditEvent.data, AuditEvent.task_id, AuditEvent.created_at)
        .where(AuditEvent.task_id.in_([task.id for task, _, _ in rows]), AuditEvent.action.in_(ENTRY_ACTIONS))
        .order_by(AuditEvent.id)
    ):
        entries[task_id] = (entered(action, data or {}), at if action == "step_corrected" else None)
    return [
        RecordedStep(
            task_id=task.id,
            dossier_id=task.dossier_id,
            bpmn_id=task.bpmn_id,
            name=task.name,
            agency_name=agency,
            recorded_by=officer or "Hệ thống",
            recorded_at=task.completed_at or task.created_at,
            fields=tuple(
                recorded_fields(
                    task.form, entries.get(task.id, ({}, None))[0], with_private=task.agency_id == viewer_agency_id
                )
            ),
            corrected_at=entries.get(task.id, ({}, None))[1],
        )
        for task, agency, officer in rows
        if task.id in entries
    ]


def dossier_record(session: Session, viewer_agency_id: int | None, dossier_id: int) -> list[RecordedStep]:
    """Every completed step of the dossier (access is checked by the caller)."""
    return completed_steps(session, viewer_agency_id, Task.dossier_id == dossier_id)


def answered_steps(
    session: Session, viewer_agency_id: int | None, dossier_id: int, bpmn_ids: Iterable[str]
) -> list[RecordedStep]:
    """The latest record of each step a task answers, looked for in its dossier and then
    in the phases before it (an execution dossier receives the court's decision)."""
    wanted = list(bpmn_ids)
    if not wanted:
        return []
    found: dict[str, RecordedStep] = {}
    current: int | None = dossier_id
    while current is not None and len(found) < len(wanted):
        for step in completed_steps(session, viewer_agency_id, Task.dossier_id == current, Task.bpmn_id.in_(wanted)):
            if step.bpmn_id not in found or found[step.bpmn_id].dossier_id == current:
                found[step.bpmn_id] = step
        current = session.scalar(select(Dossier.parent_id).where(Dossier.id == current))
    return [found[bpmn_id] for bpmn_id in wanted if bpmn_id in found]


def without_private(form: str, data: dict) -> dict:
    """The data of a completion as another agency reads it."""
    private = {field["name"] for field in form_fields(form) if field["private"]}
    return {key: value for key, value in data.items() if key not in private}
