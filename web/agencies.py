"""The administrators' pages of agencies (/admin/agencies): the list with each agency's
service area, a new agency and editing one. The routing of new dossiers reads these rows."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from engine import EngineError, NotFound, ValidationFailed

from .extensions import get_backend, get_queries
from .refusals import account_admins_only, refuse

bp = Blueprint("agencies", __name__, url_prefix="/admin/agencies")

bp.before_request(account_admins_only)

CREATE_FIELDS = ("code", "kind", "name", "admin_unit_code", "email", "parent_body")
UPDATE_FIELDS = ("name", "email", "parent_body")
LEVELS = {"national": "Trung ương", "province": "Cấp tỉnh", "district": "Cấp huyện", "commune": "Cấp xã"}


@bp.get("")
def index():
    queries = get_queries()
    kind = request.args.get("kind") or None
    found = queries.agency_rows(current_user.id, kind, request.args.get("page", 1, type=int))
    return render_template(
        "agencies/agencies.html",
        agencies=found.items,
        page=found.page,
        pages=found.pages,
        total=found.total,
        kinds=queries.agency_kinds(),
        kind=kind,
        scope=queries.admin_scope(current_user.id),
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    errors: dict = {}
    if request.method == "POST":
        try:
            agency_id = get_backend().agency_admin.create(current_user.id, _posted(CREATE_FIELDS))
        except ValidationFailed as error:
            errors = error.errors
        except EngineError as error:
            return refuse(error, what="tạo cơ quan")
        else:
            flash("Đã tạo cơ quan. Hồ sơ mới của địa bàn được chuyển đến cơ quan này theo loại và địa bàn.", "success")
            return redirect(url_for("agencies.edit", agency_id=agency_id))
    values = request.form if request.method == "POST" else {}
    return _form_page(None, values, _area_of(values), errors), (400 if errors else 200)


@bp.route("/<int:agency_id>", methods=["GET", "POST"])
def edit(agency_id: int):
    agency = get_queries().agency(current_user.id, agency_id)
    if agency is None:
        return refuse(NotFound("Không tìm thấy cơ quan."))
    errors: dict = {}
    if request.method == "POST":
        try:
            get_backend().agency_admin.update(current_user.id, agency_id, _posted(UPDATE_FIELDS))
        except ValidationFailed as error:
            errors = error.errors
        except EngineError as error:
            return refuse(error, what=f"sửa cơ quan {agency.code}")
        else:
            flash(f"Đã lưu cơ quan {agency.name}.", "success")
            return redirect(url_for("agencies.index"))
    if request.method == "POST":
        values, area = request.form, _area_of(request.form)
    else:
        values = {"name": agency.name, "email": agency.email or "", "parent_body": agency.parent_body or ""}
        area = {unit.code for unit in agency.service_area}
    return _form_page(agency, values, area, errors), (400 if errors else 200)


def _form_page(agency, values, area: set[str], errors: dict) -> str:
    queries = get_queries()
    units = queries.agency_units(current_user.id)
    return render_template(
        "agencies/agency_form.html",
        agency=agency,
        values=values,
        area=area,
        errors=errors,
        kinds=queries.agency_kinds(),
        units=sorted(units, key=lambda unit: list(LEVELS).index(unit.level)),
        levels=LEVELS,
        communes=[unit for unit in units if unit.level == "commune"],
    )


def _posted(names: tuple[str, ...]) -> dict:
    values: dict = {name: request.form.get(name, "") for name in names}
    values["service_area"] = request.form.getlist("service_area")
    return values


def _area_of(form) -> set[str]:
    return set(form.getlist("service_area")) if hasattr(form, "getlist") else set()
