"""Hồ sơ: the dossiers an agency may see, one dossier's page and diagram, and opening
a new dossier (commune police only)."""
from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from engine import queries
from engine.errors import EngineError, Forbidden, ValidationFailed
from engine.persistence.tables import AdministrativeUnit

from .extensions import get_backend
from .views_common import (
    STATUS_LABELS,
    described_fields,
    load_user,
    openable_procedures,
    procedure_labels,
    refuse,
    vn_today,
)

bp = Blueprint("dossiers", __name__, url_prefix="/dossiers")

NO_PROCEDURE = "Cơ quan của anh/chị không lập hồ sơ thủ tục này."


@bp.get("")
@login_required
def index():
    page = request.args.get("page", 1, type=int)
    with get_backend().read_session() as session:
        dossiers, page, pages = queries.dossier_list(session, load_user(session), page=page)
        rows = [(dossier, dossier.person) for dossier in dossiers]
    return render_template(
        "dossiers.html", rows=rows, page=page, pages=pages, status_labels=STATUS_LABELS,
        procedure_labels=procedure_labels(),
    )


@bp.get("/<int:dossier_id>")
@login_required
def show(dossier_id: int):
    with get_backend().read_session() as session:
        try:
            detail = queries.dossier_detail(session, load_user(session), dossier_id, vn_today(), get_backend().roles)
        except EngineError as error:
            return refuse(error, dossier_id=dossier_id, what=f"hồ sơ #{dossier_id}")
        bundle = get_backend().models.bundle_for(session, detail.dossier.id)
        return render_template(
            "dossier.html",
            detail=detail,
            kind_label=procedure_labels().get(detail.dossier.kind, detail.dossier.kind),
            regime=bundle.regimes.named(detail.dossier.regime),
            status_label=STATUS_LABELS.get(detail.dossier.status, detail.dossier.status),
            outcome_label=detail.dossier.current_step if detail.dossier.status == "closed" else None,
            documents=queries.dossier_documents(session, detail.dossier, bundle.tasks.values()),
        )


@bp.get("/<int:dossier_id>/diagram.bpmn")
@login_required
def diagram(dossier_id: int):
    backend = get_backend()
    with backend.read_session() as session:
        try:
            dossier = queries.dossier_for(session, load_user(session), dossier_id)
            xml = backend.models.diagram_source(session, dossier.id)
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
        return render_template("dossier_choose.html", choices=choices)
    procedure = next((p for p in choices if p.process_id == wanted), None)
    if procedure is None:
        return refuse(Forbidden(NO_PROCEDURE), what=f"lập hồ sơ thủ tục {wanted}")
    commune_code = current_user.admin_unit_code
    with get_backend().read_session() as session:
        commune_name = session.get(AdministrativeUnit, commune_code).name
    fields = [field for field in described_fields(procedure.open_form) if field["name"] != "commune_code"]
    page = {"fields": fields, "commune_code": commune_code, "commune_name": commune_name, "procedure": procedure}
    if request.method == "GET":
        return render_template("dossier_new.html", **page, values={}, errors={}, form_errors=[])
    payload = {key: value for key, value in request.form.items() if key != "csrf_token" and value != ""}
    payload["commune_code"] = commune_code
    try:
        dossier_id = get_backend().dossiers.open(current_user.id, payload, procedure.process_id)
    except ValidationFailed as error:
        known = {field["name"] for field in fields}
        others = [text for key, texts in error.errors.items() if key not in known for text in texts]
        return render_template(
            "dossier_new.html", **page, values=request.form, errors=error.errors, form_errors=others,
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
    with get_backend().read_session() as session:
        try:
            person, dossiers = queries.person_history(session, load_user(session), person_id)
        except EngineError as error:
            return refuse(error, what=f"lịch sử đối tượng #{person_id}")
        return render_template(
            "person.html", person=person, dossiers=dossiers, procedure_labels=procedure_labels(),
            status_labels=STATUS_LABELS,
        )
