"""Revising a dossier: correcting a completed step, withdrawing a dossier opened by
mistake, replacing or withdrawing a scan, notes, and the agency's dossiers that wait on
others. Every refusal keeps what the officer typed and says why (engine.revisions)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from engine import Conflict, EngineError, ValidationFailed

from .extensions import get_backend, get_queries
from .refusals import refuse
from .views_common import described_fields

bp = Blueprint("revisions", __name__)


@bp.get("/tasks/<int:task_id>/correct")
@login_required
def correction(task_id: int):
    return _correction_page(task_id)


@bp.post("/tasks/<int:task_id>/correct")
@login_required
def correct(task_id: int):
    payload = {
        key: value
        for key, value in request.form.items()
        if key not in ("csrf_token", "correction_reason") and value != ""
    }
    reason = request.form.get("correction_reason")
    try:
        dossier_id = get_backend().corrections.correct(current_user.id, task_id, payload, reason)
    except ValidationFailed as error:
        return _correction_page(task_id, values=request.form, errors=error.errors, message=error.message, status=400)
    except Conflict as error:
        return _correction_page(task_id, values=request.form, message=error.message, status=409)
    except EngineError as error:
        return refuse(error, dossier_id=get_queries().task_dossier_id(task_id), what=f"sửa dữ liệu bước #{task_id}")
    flash("Đã sửa dữ liệu của bước; việc sửa và lý do được ghi vào nhật ký hồ sơ.", "success")
    return redirect(url_for("dossiers.show", dossier_id=dossier_id, _anchor="shared-record"))


def _correction_page(task_id: int, *, values=None, errors=None, message: str | None = None, status: int = 200):
    try:
        page = get_queries().correction_page(current_user.id, task_id)
    except EngineError as error:
        return refuse(error, dossier_id=get_queries().task_dossier_id(task_id), what=f"sửa dữ liệu bước #{task_id}")
    fields = described_fields(page.task.form)
    errors = errors or {}
    known = {field["name"] for field in fields} | {"correction_reason"}
    return render_template(
        "tasks/correct.html",
        page=page,
        task=page.task,
        dossier=page.dossier,
        fields=fields,
        values=values if values is not None else _as_typed(page.recorded),
        errors=errors,
        form_errors=[m for key, messages in errors.items() if key not in known for m in messages],
        message=message or page.blocker,
    ), status


def _as_typed(recorded: dict) -> dict:
    """What the step holds, as its form's inputs carry it (Có/Không as true/false)."""
    return {
        key: ("true" if value else "false") if isinstance(value, bool) else value for key, value in recorded.items()
    }


@bp.post("/dossiers/<int:dossier_id>/withdraw")
@login_required
def withdraw(dossier_id: int):
    try:
        get_backend().corrections.withdraw(current_user.id, dossier_id, request.form.get("withdrawal_reason"))
    except ValidationFailed as error:
        return _dossier_refusal(dossier_id, error.errors, 400)
    except Conflict as error:
        return _dossier_refusal(dossier_id, {"_schema": [error.message]}, 409)
    except EngineError as error:
        return refuse(error, dossier_id=dossier_id, what=f"rút hồ sơ #{dossier_id}")
    flash("Đã rút hồ sơ; lý do được ghi vào nhật ký hồ sơ.", "success")
    return redirect(url_for("dossiers.show", dossier_id=dossier_id))


@bp.post("/dossiers/<int:dossier_id>/notes")
@login_required
def add_note(dossier_id: int):
    try:
        get_backend().notes.add(current_user.id, dossier_id, request.form.get("note"))
    except ValidationFailed as error:
        return _dossier_refusal(dossier_id, error.errors, 400)
    except EngineError as error:
        return refuse(error, dossier_id=dossier_id, what=f"ghi chú vào hồ sơ #{dossier_id}")
    flash("Đã ghi chú vào hồ sơ.", "success")
    return redirect(url_for("dossiers.show", dossier_id=dossier_id, _anchor="timeline"))


@bp.post("/dossiers/<int:dossier_id>/attachments/<int:attachment_id>/replace")
@login_required
def replace_scan(dossier_id: int, attachment_id: int):
    upload_file = request.files.get("file")
    try:
        get_backend().documents.replace_scan(
            current_user.id,
            dossier_id,
            attachment_id,
            request.form.get("scan_reason"),
            upload_file.filename if upload_file else "",
            upload_file.read() if upload_file else b"",
        )
    except ValidationFailed as error:
        return _dossier_refusal(dossier_id, error.errors, 400)
    except Conflict as error:
        return _dossier_refusal(dossier_id, {"_schema": [error.message]}, 409)
    except EngineError as error:
        return refuse(error, dossier_id=dossier_id, what=f"thay bản quét #{attachment_id}")
    flash("Đã thay bản quét; bản cũ được giữ lại, ghi là đã thay.", "success")
    return redirect(url_for("dossiers.show", dossier_id=dossier_id, _anchor="attachments"))


@bp.post("/dossiers/<int:dossier_id>/attachments/<int:attachment_id>/withdraw")
@login_required
def withdraw_scan(dossier_id: int, attachment_id: int):
    try:
        get_backend().documents.withdraw_scan(
            current_user.id, dossier_id, attachment_id, request.form.get("scan_reason")
        )
    except ValidationFailed as error:
        return _dossier_refusal(dossier_id, error.errors, 400)
    except Conflict as error:
        return _dossier_refusal(dossier_id, {"_schema": [error.message]}, 409)
    except EngineError as error:
        return refuse(error, dossier_id=dossier_id, what=f"rút bản quét #{attachment_id}")
    flash("Đã rút bản quét; bản quét được giữ lại, ghi là đã rút.", "success")
    return redirect(url_for("dossiers.show", dossier_id=dossier_id, _anchor="attachments"))


def _dossier_refusal(dossier_id: int, errors: dict, status: int):
    """A refused revision: the dossier page is shown again with the reasons; nothing was saved."""
    messages = [message for texts in errors.values() for message in texts]
    return render_template(
        "dossiers/revision_refused.html", dossier_id=dossier_id, messages=messages, typed=request.form
    ), status


@bp.get("/waiting")
@login_required
def waiting():
    """The agency's open dossiers in which it has nothing to do now: what each waits for."""
    found = get_queries().waiting(current_user.id, page=request.args.get("page", 1, type=int))
    return render_template("dossiers/waiting.html", rows=found.items, page=found.page, pages=found.pages)
