"""Official documents and scans of a dossier: printing (each print is kept and audited),
downloading, uploading, and the public page a document's QR code points to."""

from __future__ import annotations

import hashlib

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from engine import EngineError, ValidationFailed
from forms.documents import document_label

from .extensions import get_backend, get_queries
from .refusals import refuse
from .views_common import is_local

bp = Blueprint("documents", __name__)


@bp.post("/dossiers/<int:dossier_id>/documents/<code>")
@login_required
def issue(dossier_id: int, code: str):
    try:
        base_url = current_app.config["APP_BASE_URL"]
        issued_id, pdf = get_backend().documents.issue(current_user.id, dossier_id, code, base_url)
    except ValidationFailed as error:
        return _not_printable(dossier_id, code, error)
    except EngineError as error:
        return refuse(error, dossier_id=dossier_id, what=f"in văn bản {code} của hồ sơ #{dossier_id}")
    return _pdf(pdf, f"{code}-{issued_id}.pdf", request.args.get("download") == "1")


@bp.post("/tasks/<int:task_id>/draft/<code>")
@login_required
def draft(task_id: int, code: str):
    """A draft ("BẢN NHÁP") of a step's document from what is typed on its form, not saved."""
    values = {key: value for key, value in request.form.items() if key != "csrf_token" and value != ""}
    dossier_id = get_queries().task_dossier_id(task_id)
    try:
        pdf = get_backend().printing.draft(current_user.id, task_id, code, values)
    except ValidationFailed as error:
        return _not_printable(dossier_id, code, error)
    except EngineError as error:
        return refuse(error, dossier_id=dossier_id, what=f"in bản nháp {code} của nhiệm vụ #{task_id}")
    return _pdf(pdf, f"{code}-ban-nhap.pdf", download=False)


@bp.get("/dossiers/<int:dossier_id>/issued/<int:issued_id>")
@login_required
def issued_copy(dossier_id: int, issued_id: int):
    try:
        issued = get_queries().issued(current_user.id, dossier_id, issued_id)
    except EngineError as error:
        return refuse(error, dossier_id=dossier_id, what=f"văn bản đã in #{issued_id}")
    return _pdf(issued.content, f"{issued.code}-{issued.id}.pdf", download=True)


@bp.post("/dossiers/<int:dossier_id>/attachments")
@login_required
def upload(dossier_id: int):
    upload_file = request.files.get("file")
    content = upload_file.read() if upload_file else b""
    code = request.form.get("document_code") or None
    try:
        get_backend().documents.attach(
            current_user.id, dossier_id, code, upload_file.filename if upload_file else "", content
        )
    except ValidationFailed as error:
        messages = [text for texts in error.errors.values() for text in texts]
        return render_template(
            "documents/document_refused.html", dossier_id=dossier_id, label=_label(code), messages=messages, upload=True
        ), 400
    except EngineError as error:
        return refuse(error, dossier_id=dossier_id, what=f"tải tài liệu lên hồ sơ #{dossier_id}")
    flash(f"Đã tải lên: {_label(code) if code else upload_file.filename}.", "success")
    return redirect(
        request.form.get("back")
        if is_local(request.form.get("back"))
        else url_for("dossiers.show", dossier_id=dossier_id, _anchor="documents")
    )


@bp.get("/dossiers/<int:dossier_id>/attachments/<int:attachment_id>")
@login_required
def attachment(dossier_id: int, attachment_id: int):
    try:
        found = get_queries().attachment(current_user.id, dossier_id, attachment_id)
    except EngineError as error:
        return refuse(error, dossier_id=dossier_id, what=f"tài liệu #{attachment_id}")
    response = Response(found.content, mimetype=found.content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="tai-lieu-{found.id}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/verify/<token>", methods=["GET", "POST"])
def verify(token: str):
    """Public: is this document one the system issued, and is this file that document?
    Shows no personal data."""
    issued = get_queries().verification(token)
    if issued is None:
        return render_template("documents/verify.html", found=None), 404
    checked = None
    if request.method == "POST":
        upload_file = request.files.get("file")
        content = upload_file.read() if upload_file else b""
        checked = bool(content) and hashlib.sha256(content).hexdigest() == issued.sha256
    return render_template(
        "documents/verify.html",
        found=True,
        label=document_label(issued.code),
        issued=issued,
        dossier_number=issued.dossier_number,
        agency=issued.agency,
        checked=checked,
    )


def _not_printable(dossier_id: int | None, code: str, error: ValidationFailed):
    """The 400 page of a document that cannot be printed (yet): what it lacks."""
    return render_template(
        "documents/document_refused.html",
        dossier_id=dossier_id,
        label=_label(code),
        messages=error.errors.get("_schema", [error.message]),
    ), 400


def _label(code: str | None) -> str:
    try:
        return document_label(code) if code else "tài liệu"
    except KeyError:
        return code


def _pdf(content: bytes, filename: str, download: bool) -> Response:
    response = Response(content, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'{"attachment" if download else "inline"}; filename="{filename}"'
    return response
