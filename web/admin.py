"""Administrator pages: the e-mail outbox with every message readable and who cannot be
reached; the legal time limits and the working-day calendar, amended only with their
legal basis."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from marshmallow import ValidationError

from engine import (
    OUTBOX_STATUSES,
    PARAMETER_STATUSES,
    PARAMETER_UNITS,
    EngineError,
    NotFound,
    ValidationFailed,
)
from forms.base import VnDate
from forms.vn import vn_date

from .extensions import get_backend, get_queries
from .refusals import admins_only, refuse

bp = Blueprint("admin", __name__, url_prefix="/admin")

bp.before_request(admins_only)


@bp.get("/outbox")
def outbox():
    status = request.args.get("status") or None
    page = request.args.get("page", 1, type=int)
    found = get_queries().outbox(status, page)
    unreachable = get_queries().unreachable()
    return render_template(
        "admin/admin_outbox.html",
        messages=found.items,
        page=found.page,
        pages=found.pages,
        status=status,
        statuses=OUTBOX_STATUSES,
        officers=unreachable.officers,
        headless=unreachable.headless,
    )


@bp.get("/outbox/<int:message_id>")
def message(message_id: int):
    found = get_queries().message(message_id)
    if found is None:
        return refuse(NotFound("Không tìm thấy thư."))
    return render_template("admin/admin_message.html", message=found, statuses=OUTBOX_STATUSES)


@bp.post("/outbox/<int:message_id>/resend")
def resend(message_id: int):
    try:
        get_backend().outbox.resend(current_user.id, message_id)
    except EngineError as error:
        return refuse(error, what=f"gửi lại thư #{message_id}")
    flash("Thư đã được đưa lại vào hàng chờ gửi.", "success")
    return redirect(url_for("admin.message", message_id=message_id))


@bp.get("/parameters")
def parameters():
    backend = get_backend()
    backend.settings.refresh()
    return render_template(
        "admin/admin_parameters.html",
        parameters=backend.settings.current.parameters.values(),
        statuses=PARAMETER_STATUSES,
        units=PARAMETER_UNITS,
    )


@bp.route("/parameters/<name>", methods=["GET", "POST"])
def parameter(name: str):
    backend = get_backend()
    backend.settings.refresh()
    found = backend.settings.current.parameters.get(name)
    if found is None:
        return refuse(NotFound("Không có tham số thời hạn này."))
    values, errors = {}, {}
    if request.method == "POST":
        values = request.form
        raw = (request.form.get("value") or "").strip()
        if raw and not raw.isdigit():
            errors = {"value": ["Giá trị phải là số nguyên không âm, hoặc để trống nếu chưa xác định."]}
        else:
            try:
                backend.settings.change_parameter(
                    current_user.id,
                    name,
                    int(raw) if raw else None,
                    request.form.get("status", ""),
                    request.form.get("citation", ""),
                    request.form.get("note", ""),
                )
            except ValidationFailed as error:
                errors = error.errors
            except EngineError as error:
                return refuse(error, what=f"sửa tham số {name}")
            else:
                flash(f"Đã sửa thời hạn «{found.label}»; áp dụng cho các nhiệm vụ phát sinh từ nay.", "success")
                return redirect(url_for("admin.parameters"))
    history = get_queries().parameter_history(name)
    page = render_template(
        "admin/admin_parameter.html",
        parameter=found,
        statuses=PARAMETER_STATUSES,
        units=PARAMETER_UNITS,
        values=values,
        errors=errors,
        history=history,
    )
    return page, (400 if errors else 200)


@bp.route("/calendar", methods=["GET", "POST"])
def calendar():
    backend = get_backend()
    backend.settings.refresh()
    year = request.args.get("year", default=get_queries().today().year, type=int)
    errors = {}
    if request.method == "POST":
        try:
            day = VnDate("Ngày", required=True).deserialize(request.form.get("day", ""))
        except ValidationError as error:
            errors = {"day": error.messages}
        else:
            kind = request.form.get("kind")
            working = {"working": True, "off": False, "remove": None}.get(kind, False)
            try:
                backend.settings.set_calendar_day(
                    current_user.id, day, working, request.form.get("note", ""), request.form.get("legal_basis", "")
                )
            except ValidationFailed as error:
                errors = error.errors
            except EngineError as error:
                return refuse(error, what="sửa lịch làm việc")
            else:
                flash(f"Đã cập nhật lịch ngày {vn_date(day)}; áp dụng cho các thời hạn tính từ nay.", "success")
                return redirect(url_for("admin.calendar", year=day.year))
    return render_template(
        "admin/admin_calendar.html",
        year=year,
        days=backend.settings.current.calendar.exceptions(year),
        values=request.form,
        errors=errors,
    ), (400 if errors else 200)
