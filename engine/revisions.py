"""When a completed step may still be corrected and a dossier withdrawn, and by whom: one
rule for the write side (its refusals) and the read side (the links a page offers).

The step that follows a completed one has *started* once, after that completion, another
task of the dossier was completed, an open task of it was claimed, or its process ended
(the dossier closed, or went on to its next phase). A legal period that ran out meanwhile
does not count: the correction reruns the process from the step, so the period is
counted again from the corrected date."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .clock import VN_TZ
from .errors import Forbidden
from .persistence.tables import Agency, AuditEvent, Dossier, Task, User
from .persistence.unit_of_work import latest_instance

ENTRY_ACTIONS = ("task_completed", "step_corrected")
"""The audit events that hold what a step recorded; a correction's holds it under "recorded"."""


def recorded_data(session: Session, task_id: int) -> dict | None:
    """What a completed step holds now: its completion's data or its latest correction's."""
    found = session.execute(
        select(AuditEvent.action, AuditEvent.data)
        .where(AuditEvent.task_id == task_id, AuditEvent.action.in_(ENTRY_ACTIONS))
        .order_by(AuditEvent.id.desc())
        .limit(1)
    ).first()
    if found is None:
        return None
    return found.data["recorded"] if found.action == "step_corrected" else found.data


def entered(action: str, data: dict) -> dict:
    """The values an audit event of ENTRY_ACTIONS (or dossier_opened) entered in the dossier."""
    return data["recorded"] if action == "step_corrected" else data


def check_corrector(user: User, row: Task) -> None:
    """The officer who completed the step, or the head of its agency."""
    if user.id == row.completed_by_id or (user.is_head and user.agency_id == row.agency_id):
        return
    raise Forbidden("Chỉ người đã hoàn thành bước này hoặc lãnh đạo của cơ quan đó được sửa dữ liệu của bước.")


def correction_blocker(session: Session, row: Task) -> str | None:
    """Why the step can no longer be corrected (the step that blocks it), or None."""
    if row.state != "completed":
        return "Chỉ sửa được bước đã hoàn thành."
    dossier = session.get_one(Dossier, row.dossier_id)
    instance = latest_instance(session, row.dossier_id)
    if dossier.status != "open" or instance is None or instance.id != row.instance_id or instance.status != "running":
        return f"Không sửa được: hồ sơ đã kết thúc hoặc đã sang giai đoạn tiếp theo ({dossier.current_step or '—'})."
    completed_event = session.scalar(
        select(AuditEvent.id).where(AuditEvent.task_id == row.id, AuditEvent.action == "task_completed")
    )
    later = session.scalars(
        select(Task)
        .join(AuditEvent, AuditEvent.task_id == Task.id)
        .where(
            AuditEvent.dossier_id == row.dossier_id,
            AuditEvent.action == "task_completed",
            AuditEvent.id > (completed_event or 0),
        )
        .order_by(AuditEvent.id)
        .limit(1)
    ).first()
    if later is not None:
        who = later.completed_by.full_name if later.completed_by else "hệ thống"
        when = _when(later.completed_at)
        return f"Không sửa được: bước tiếp theo «{later.name}» đã được {who} hoàn thành lúc {when}."
    claimed = session.scalars(
        select(Task)
        .where(Task.dossier_id == row.dossier_id, Task.state == "open", Task.claimed_by_id.is_not(None))
        .order_by(Task.id)
        .limit(1)
    ).first()
    if claimed is not None and claimed.claimed_by is not None:
        return (
            f"Không sửa được: bước tiếp theo «{claimed.name}» đã được {claimed.claimed_by.full_name} "
            f"nhận xử lý lúc {_when(claimed.claimed_at)}."
        )
    return None


def opener_agency(session: Session, dossier_id: int) -> Agency | None:
    """The agency of the officer who opened the dossier; None when a previous phase did."""
    actor_id = session.scalar(
        select(AuditEvent.actor_id)
        .where(AuditEvent.dossier_id == dossier_id, AuditEvent.action == "dossier_opened")
        .order_by(AuditEvent.id)
        .limit(1)
    )
    opener = session.get(User, actor_id) if actor_id is not None else None
    return opener.agency if opener is not None else None


def check_withdrawer(session: Session, user: User, dossier: Dossier) -> None:
    opener = opener_agency(session, dossier.id)
    if opener is None:
        raise Forbidden("Hồ sơ này được lập tự động tiếp theo hồ sơ trước, không phải do cán bộ lập; không rút được.")
    if user.agency_id != opener.id:
        raise Forbidden(f"Chỉ {opener.name}, cơ quan đã lập hồ sơ, được rút hồ sơ này.")


def withdrawal_blocker(session: Session, dossier: Dossier) -> str | None:
    """Why the dossier can no longer be withdrawn: it ended, or another agency acted on it."""
    if dossier.status != "open":
        return "Không rút được: hồ sơ đã kết thúc."
    opener = opener_agency(session, dossier.id)
    acted = session.execute(
        select(Task, Agency.name)
        .join(Agency, Agency.id == Task.agency_id)
        .where(
            Task.dossier_id == dossier.id,
            Task.state == "completed",
            Task.agency_id != (opener.id if opener else 0),
        )
        .order_by(Task.completed_at, Task.id)
        .limit(1)
    ).first()
    if acted is not None:
        task, agency = acted
        return f"Không rút được: {agency} đã thực hiện bước «{task.name}» lúc {_when(task.completed_at)}."
    return None


def _when(moment) -> str:
    return moment.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y") if moment else "—"
