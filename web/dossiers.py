"""Hồ sơ: the dossiers an agency may see, one dossier's page and diagram, and opening
a new dossier (commune police only)."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from engine import EngineError, Forbidden, ValidationFailed

from .extensions import get_backend, get_queries
from .refusals import refuse
from .views_common import STATUS_LABELS, described_fields, openable_procedures, procedure_labels

bp = Blueprint("dossiers", __name__, url_prefix="/dossiers")

NO_PROCEDURE = "Cơ quan của anh/chị không lập hồ sơ thủ tục này."


@bp.get("")
@login_required
def index():
    found = get_queries().dossiers(current_user.id, page=request.args.get("page", 1, type=int))
    return render_template(
        "dossiers/dossiers.html",
        rows=found.items,
        page=found.page,
        pages=found.pages,
        status_labels=STATUS_LABELS,
        procedure_labels=procedure_labels(),
    )


@bp.get("/<int:dossier_id>")
@login_required
def show(dossier_id: int):
    try:
        detail = get_queries().dossier(current_user.id, dossier_id)
    except EngineError as error:
        return refuse(error, dossier_id=dossier_id, what=f"hồ sơ #{dossier_id}")
    dossier = detail.dossier
    queries, user_id = get_queries(), current_user.id
    return render_template(
        "dossiers/dossier.html",
        detail=detail,
        record=queries.dossier_record(user_id, dossier_id),
        waits=queries.dossier_waits(user_id, dossier_id),
        revisions=queries.revisions(user_id, dossier_id),
        ready={line.code: line for line in get_backend().printing.readiness(user_id, dossier_id)},
        kind_label=procedure_labels().get(dossier.kind, dossier.kind),
        regime=detail.regime,
        transition=detail.transition,
        status_label=STATUS_LABELS.get(dossier.status, dossier.status),
        outcome_label=dossier.current_step if dossier.status == "closed" else None,
        documents=detail.documents,
    )


@bp.get("/<int:dossier_id>/diagram.bpmn")
@login_required
def diagram(dossier_id: int):
    try:
        xml = get_queries().diagram(current_user.id, dossier_id)
    except EngineError as error:
        return refuse(error, dossier_id=dossier_id, what=f"sơ đồ quy trình của hồ sơ #{dossier_id}")
    return Response(xml, mimetype="application/xml")


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Open a dossier of a procedure this agency may open; several: choose first."""
    choices = openable_procedures(current_user.agency_kind)
    if not choices:
        return refuse(Forbidden(NO_PROCEDURE), what="lập hồ sơ mới")
    wanted = request.args.get("procedure") or (choices[0].process_id if len(choices) == 1 else None)
    if wanted is None:
        return render_template("dossiers/dossier_choose.html", choices=choices)
    procedure = next((p for p in choices if p.process_id == wanted), None)
    if procedure is None:
        return refuse(Forbidden(NO_PROCEDURE), what=f"lập hồ sơ thủ tục {wanted}")
    commune_code = current_user.admin_unit_code
    commune_name = get_queries().commune_name(commune_code)
    fields = [field for field in described_fields(procedure.open_form) if field["name"] != "commune_code"]
    page = {"fields": fields, "commune_code": commune_code, "commune_name": commune_name, "procedure": procedure}
    if request.method == "GET":
        return render_template("dossiers/dossier_new.html", **page, values={}, errors={}, form_errors=[])
    payload = {key: value for key, value in request.form.items() if key != "csrf_token" and value != ""}
    payload["commune_code"] = commune_code
    try:
        dossier_id = get_backend().dossiers.open(current_user.id, payload, procedure.process_id)
    except ValidationFailed as error:
        known = {field["name"] for field in fields}
        others = [text for key, texts in error.errors.items() if key not in known for text in texts]
        return render_template(
            "dossiers/dossier_new.html",
            **page,
            values=request.form,
            errors=error.errors,
            form_errors=others,
            message=error.message,
        ), 400
    except EngineError as error:
        return refuse(error, what="lập hồ sơ mới")
    flash("Đã lập hồ sơ mới. Nhiệm vụ đầu tiên đã có trong danh sách việc cần xử lý.", "success")
    return redirect(url_for("dossiers.show", dossier_id=dossier_id))


@bp.get("/persons/<int:person_id>")
@login_required
def person(person_id: int):
    """One person, one history: every phase the signed-in agency may see."""
    try:
        history = get_queries().person(current_user.id, person_id)
    except EngineError as error:
        return refuse(error, what=f"lịch sử đối tượng #{person_id}")
    return render_template(
        "dossiers/person.html",
        person=history.person,
        dossiers=history.dossiers,
        procedure_labels=procedure_labels(),
        status_labels=STATUS_LABELS,
    )
