"""The administrator's pages of officers' accounts (/admin/users): the list, a new account,
editing one, deactivating, reactivating, a password reset, and importing a CSV or XLSX
file with its per-row report. A temporary password is shown once, on the page that made it."""

from __future__ import annotations

import json

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from marshmallow import ValidationError

from engine import Conflict, EngineError, NotFound, ValidationFailed
from forms.officer_file import read_officer_file

from .extensions import get_backend, get_queries
from .refusals import account_admins_only, refuse

bp = Blueprint("officers", __name__, url_prefix="/admin/users")

bp.before_request(account_admins_only)

FIELDS = ("full_name", "email", "agency", "is_head", "admin_province")
NO_STORE = {"Cache-Control": "no-store"}
"""A page showing a temporary password is never kept by the browser."""


@bp.get("")
def index():
    agency_id = request.args.get("agency", type=int)
    active = {"1": True, "0": False}.get(request.args.get("active", ""))
    found = get_queries().officers(current_user.id, agency_id, active, request.args.get("page", 1, type=int))
    filters = {key: value for key, value in (("agency", agency_id), ("active", request.args.get("active"))) if value}
    return render_template(
        "officers/officers.html",
        officers=found.items,
        page=found.page,
        pages=found.pages,
        total=found.total,
        agencies=get_queries().agencies(current_user.id),
        scope=get_queries().admin_scope(current_user.id),
        agency_id=agency_id,
        active=request.args.get("active", ""),
        filters=filters,
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    errors: dict = {}
    if request.method == "POST":
        try:
            issued = get_backend().account_admin.create(current_user.id, _posted(("username", *FIELDS)))
        except ValidationFailed as error:
            errors = error.errors
        except EngineError as error:
            return refuse(error, what="tạo tài khoản cán bộ")
        else:
            return render_template("officers/issued.html", issued=[issued], created=True), 200, NO_STORE
    page = _form_page(None, request.form, errors)
    return page, (400 if errors else 200)


@bp.route("/<int:user_id>", methods=["GET", "POST"])
def edit(user_id: int):
    officer = get_queries().officer(current_user.id, user_id)
    if officer is None:
        return refuse(NotFound("Không tìm thấy tài khoản."))
    errors: dict = {}
    if request.method == "POST":
        try:
            get_backend().account_admin.update(current_user.id, user_id, _posted(FIELDS))
        except ValidationFailed as error:
            errors = error.errors
        except EngineError as error:
            return refuse(error, what=f"sửa tài khoản {officer.username}")
        else:
            flash(f"Đã lưu tài khoản {officer.username}.", "success")
            return redirect(url_for("officers.index"))
    values = request.form if request.method == "POST" else _values_of(officer)
    page = _form_page(officer, values, errors)
    return page, (400 if errors else 200)


@bp.post("/<int:user_id>/deactivate")
def deactivate(user_id: int):
    return _switch(user_id, active=False)


@bp.post("/<int:user_id>/reactivate")
def reactivate(user_id: int):
    return _switch(user_id, active=True)


@bp.post("/<int:user_id>/reset-password")
def reset_password(user_id: int):
    try:
        issued = get_backend().account_admin.reset_password(current_user.id, user_id)
    except EngineError as error:
        return refuse(error, what=f"cấp lại mật khẩu tài khoản #{user_id}")
    return render_template("officers/issued.html", issued=[issued], created=False), 200, NO_STORE


@bp.route("/import", methods=["GET", "POST"])
def upload():
    """A file is checked whole; with bad rows nothing is created, and the report offers to
    create the valid rows only (their values come back in the form and are checked again)."""
    if request.method == "GET":
        return render_template("officers/import.html", report=None, errors={})
    valid_only = request.form.get("valid_only") == "1"
    try:
        rows = _rows_of(request.form["rows"]) if "rows" in request.form else _uploaded_rows()
    except ValidationError as error:
        return render_template("officers/import.html", report=None, errors=error.messages), 400
    try:
        report = get_backend().account_admin.import_officers(current_user.id, rows, valid_only=valid_only)
    except EngineError as error:
        return refuse(error, what="nhập tài khoản cán bộ từ tệp")
    rows_json = json.dumps(rows, ensure_ascii=False)
    page = render_template("officers/import.html", report=report, rows_json=rows_json, errors={})
    return page, (200 if report.created or not report.problems else 400), NO_STORE


def _switch(user_id: int, *, active: bool):
    service = get_backend().account_admin
    try:
        (service.reactivate if active else service.deactivate)(current_user.id, user_id)
    except Conflict as error:  # the administrator's own account: not an intrusion, a mistake
        flash(error.message, "error")
        return redirect(url_for("officers.index"))
    except EngineError as error:
        return refuse(error, what=f"{'mở lại' if active else 'khóa'} tài khoản #{user_id}")
    officer = get_queries().officer(current_user.id, user_id)
    if active:
        flash(f"Đã mở lại tài khoản {officer.username}.", "success")
    else:
        flash(f"Đã khóa tài khoản {officer.username}; các phiên đăng nhập của tài khoản đã kết thúc.", "success")
    return redirect(url_for("officers.index"))


def _form_page(officer, values, errors: dict) -> str:
    queries = get_queries()
    return render_template(
        "officers/officer_form.html",
        officer=officer,
        values=values,
        errors=errors,
        agencies=queries.agencies(current_user.id),
        scope=queries.admin_scope(current_user.id),
        provinces=[unit for unit in queries.agency_units(current_user.id) if unit.level == "province"],
    )


def _posted(names: tuple[str, ...]) -> dict:
    values = {name: request.form.get(name, "") for name in names}
    values["is_head"] = "true" if request.form.get("is_head") else "false"
    return values


def _values_of(officer) -> dict:
    return {
        "full_name": officer.full_name,
        "email": officer.email or "",
        "agency": officer.agency_code or "",
        "is_head": "true" if officer.is_head else "",
        "admin_province": officer.admin_province_code or "",
    }


def _uploaded_rows() -> list:
    upload = request.files.get("file")
    return read_officer_file(upload.read() if upload else b"")


def _rows_of(text: str) -> list:
    """The rows a report page sent back, in the shape read_officer_file gives."""
    try:
        rows = json.loads(text)
        return [(int(number), {str(k): str(v) for k, v in values.items()}) for number, values in rows]
    except (ValueError, TypeError, AttributeError) as error:
        raise ValidationError({"file": ["Dữ liệu gửi lại không hợp lệ: hãy tải tệp lên lại."]}) from error
