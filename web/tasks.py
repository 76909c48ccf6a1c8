"""One task: what the law asks, by when, and its form; claiming and releasing it, the
head giving it to another officer, the day a received dossier arrived; another agency's
task read-only."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from engine import PARAMETER_STATUSES, Conflict, EngineError, TaskView, ValidationFailed
from forms.vn import VN_TZ

from .extensions import get_backend, get_queries
from .refusals import refuse
from .views_common import described_fields, display_value, is_local

bp = Blueprint("tasks", __name__, url_prefix="/tasks")

TASK_STATES = {"open": "Đang chờ xử lý", "completed": "Đã hoàn thành", "cancelled": "Không còn hiệu lực"}


@bp.get("/<int:task_id>")
@login_required
def show(task_id: int):
    return _page(task_id)


@bp.post("/<int:task_id>")
@login_required
def submit(task_id: int):
    task, refusal = _visible(task_id, "hoàn thành nhiệm vụ")
    if refusal:
        return refusal
    payload = {key: value for key, value in request.form.items() if key != "csrf_token" and value != ""}
    try:
        get_backend().tasks.complete(current_user.id, task_id, payload)
    except ValidationFailed as error:
        return _page(task_id, values=request.form, errors=error.errors, message=error.message, status=400)
    except Conflict as error:
        return _page(task_id, message=error.message, status=409)
    except EngineError as error:
        return refuse(error, dossier_id=task.dossier_id, what=f"hoàn thành nhiệm vụ #{task_id}")
    flash(f"Đã hoàn thành: {task.name}", "success")
    following = get_queries().next_task(current_user.id, task.dossier_id)
    return redirect(url_for("tasks.show", task_id=following) if following else url_for("inbox.index"))


@bp.post("/<int:task_id>/claim")
@login_required
def claim(task_id: int):
    return _claim_or_release(task_id, claim=True)


@bp.post("/<int:task_id>/release")
@login_required
def release(task_id: int):
    return _claim_or_release(task_id, claim=False)


@bp.post("/<int:task_id>/receipt")
@login_required
def receipt(task_id: int):
    """The receiving agency records the day the dossier arrived; the deadline restarts there."""
    task, refusal = _visible(task_id, "ghi nhận ngày nhận hồ sơ")
    if refusal:
        return refusal
    try:
        get_backend().receipts.record(current_user.id, task_id, request.form.get("received_on"))
    except ValidationFailed as error:
        refused = {"receipt": [message for messages in error.errors.values() for message in messages]}
        return _page(task_id, errors=refused, message="Chưa ghi nhận được ngày nhận hồ sơ.", status=400)
    except Conflict as error:
        flash(error.message, "error")
    except EngineError as error:
        return refuse(error, dossier_id=task.dossier_id, what=f"ghi nhận ngày nhận hồ sơ #{task_id}")
    else:
        flash(f"Đã ghi nhận ngày nhận hồ sơ: {task.name}", "success")
    return redirect(url_for("tasks.show", task_id=task_id))


@bp.post("/<int:task_id>/reassign")
@login_required
def reassign(task_id: int):
    """The head of the agency takes the task over or gives it to another officer."""
    task, refusal = _visible(task_id, "giao lại nhiệm vụ")
    if refusal:
        return refusal
    officer_id = request.form.get("officer_id", type=int)
    try:
        get_backend().tasks.reassign(current_user.id, task_id, officer_id or 0, current_app.config["APP_BASE_URL"])
    except ValidationFailed as error:
        return _page(task_id, errors=error.errors, message=error.message, status=400)
    except Conflict as error:
        flash(error.message, "error")
    except EngineError as error:
        return refuse(error, dossier_id=task.dossier_id, what=f"giao lại nhiệm vụ #{task_id}")
    else:
        flash(f"Đã giao lại: {task.name}", "success")
    return redirect(url_for("tasks.show", task_id=task_id))


def _claim_or_release(task_id: int, *, claim: bool):
    what = "nhận xử lý nhiệm vụ" if claim else "bỏ nhận nhiệm vụ"
    task, refusal = _visible(task_id, what)
    if refusal:
        return refusal
    backend = get_backend()
    try:
        if claim:
            backend.tasks.claim(current_user.id, task_id)
            flash(f"Đã nhận xử lý: {task.name}", "success")
        else:
            backend.tasks.release(current_user.id, task_id)
            flash(f"Đã bỏ nhận: {task.name}", "success")
    except Conflict as error:
        flash(error.message, "error")
    except EngineError as error:
        return refuse(error, dossier_id=task.dossier_id, what=f"{what} #{task_id}")
    target = request.form.get("next")
    return redirect(target if is_local(target) else url_for("inbox.index"))


def _visible(task_id: int, what: str) -> tuple[TaskView | None, object]:
    """(task, None) if the officer's agency holds the task, else (None, the refusal page)."""
    try:
        return get_queries().task(current_user.id, task_id), None
    except EngineError as error:
        return None, refuse(error, dossier_id=get_queries().task_dossier_id(task_id), what=f"{what} #{task_id}")


def _page(task_id: int, *, values=None, errors=None, message: str | None = None, status: int = 200):
    """The task page; on a refused submission, with the submitted values and every error."""
    try:
        found = get_queries().task_page(current_user.id, task_id)
    except EngineError as error:
        return refuse(error, dossier_id=get_queries().task_dossier_id(task_id), what=f"xem nhiệm vụ #{task_id}")
    task = found.task
    fields = described_fields(task.form)
    errors = errors or {}
    known = {field["name"] for field in fields}
    context = {
        "task": task,
        "dossier": found.dossier,
        "person": found.person,
        "definition": found.definition,
        "parameter": found.parameter,
        "status_label": PARAMETER_STATUSES.get(task.deadline_status, task.deadline_status),
        "countdown": found.countdown,
        "task_state": TASK_STATES.get(task.state, task.state),
        "fields": fields,
        "values": values or _received(found.definition, task, fields),
        "errors": errors,
        "form_errors": [m for key, messages in errors.items() if key not in known for m in messages],
        "message": message,
        "submitted": _submitted(found.submitted, fields),
        "mine": task.claimed_by_id == current_user.id,
        "checklist": found.checklist,
        "read_only": found.read_only,
        "agency_name": found.agency_name,
        "answers": found.answers,
        "colleagues": found.colleagues,
        "ready": {line.code: line for line in get_backend().printing.readiness(current_user.id, task.dossier_id)},
        "correctable": task.id in get_queries().revisions(current_user.id, task.dossier_id).correctable,
    }
    return render_template("tasks/task.html", **context), status


def _received(definition, task: TaskView, fields: list[dict]) -> dict[str, str]:
    """The receipt already recorded on the task, filled into the form's receipt field."""
    if definition is None or definition.received_field is None or task.received_at is None:
        return {}
    moment = task.received_at.astimezone(VN_TZ)
    timed = any(f["name"] == definition.received_field and f["type"] == "datetime" for f in fields)
    return {definition.received_field: moment.isoformat() if timed else moment.date().isoformat()}


def _submitted(data: dict | None, fields: list[dict]) -> list[tuple[str, str]]:
    """The data entered when the task was completed, as the officer reads it."""
    if data is None:
        return []
    return [(field["label"], display_value(field, data[field["name"]])) for field in fields if field["name"] in data]
