"""Hồ sơ: the dossiers an agency may see, one dossier's page and diagram, and opening
a new dossier (commune police only)."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from engine import DossierFilters, EngineError, Forbidden, PersonCheckNeeded, PersonChoice, ValidationFailed
from forms.search import DossierFilterSchema

from .extensions import get_backend, get_queries
from .refusals import refuse
from .registers import load_filters, register_file
from .views_common import STATUS_LABELS, described_fields, openable_procedures, procedure_labels

bp = Blueprint("dossiers", __name__, url_prefix="/dossiers")

NO_PROCEDURE = "Cơ quan của anh/chị không lập hồ sơ thủ tục này."
CHOICE_FIELDS = ("csrf_token", "person_choice", "person_id", "different_person_reason")
"""The look-up page's own fields, posted with the typed open form."""


@bp.get("")
@login_required
def index():
    """The visible dossiers, searched and filtered from the URL (bookmarkable); with
    `format=xlsx` or `format=csv` the same selection as a 'sổ theo dõi', audited."""
    loaded, errors = load_filters(DossierFilterSchema(), request.args)
    queries = get_queries()
    page, file_format = loaded.pop("page", 1), loaded.pop("format", None)
    filters = DossierFilters(**loaded)
    if not errors and file_format:
        try:
            rows = get_backend().exports.dossiers(current_user.id, filters, file_format)
        except ValidationFailed as error:
            errors = [text for texts in error.errors.values() for text in texts]
        else:
            stem = f"so-theo-doi-ho-so-{queries.today():%Y%m%d}"
            return register_file(rows, file_format, "Sổ theo dõi hồ sơ", stem, procedure_labels())
    found = queries.dossiers(current_user.id, filters, page=page) if not errors else None
    communes, agencies = queries.filter_choices()
    chosen = filters.chosen()
    return render_template(
        "dossiers/dossiers.html",
        rows=found.items if found else [],
        page=found.page if found else 1,
        pages=found.pages if found else 1,
        total=found.total if found else 0,
        more=found.more if found else False,
        status_labels=STATUS_LABELS,
        procedure_labels=procedure_labels(),
        filters=chosen,
        values=request.args,
        errors=errors,
        steps=queries.steps(),
        communes=communes,
        agencies=agencies,
    ), (400 if errors else 200)


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
    typed = {key: value for key, value in request.form.items() if key not in CHOICE_FIELDS}
    if request.form.get("person_choice") == "edit":
        return render_template("dossiers/dossier_new.html", **page, values=typed, errors={}, form_errors=[])
    payload = {key: value for key, value in typed.items() if value != ""}
    payload["commune_code"] = commune_code
    try:
        dossier_id = get_backend().dossiers.open(
            current_user.id, payload, procedure.process_id, person=_person_choice(request.form)
        )
    except PersonCheckNeeded as check:
        return render_template(
            "dossiers/dossier_person_check.html",
            **page,
            check=check,
            typed=typed,
            choice=request.form.get("person_choice"),
            reason=request.form.get("different_person_reason", ""),
        )
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


def _person_choice(form) -> PersonChoice | None:
    """The officer's answer on the look-up page: this recorded person, or someone else and why."""
    if form.get("person_choice") == "link":
        return PersonChoice(person_id=form.get("person_id", type=int))
    if form.get("person_choice") == "different":
        return PersonChoice(different_reason=form.get("different_person_reason", ""))
    return None


@bp.get("/persons/<int:person_id>")
@login_required
def person(person_id: int):
    """One person, one history: every phase the signed-in agency may see. A record merged
    into another leads to the kept one."""
    kept = get_queries().person_merged_into(person_id)
    if kept is not None:
        flash("Bản ghi này đã được gộp vào bản ghi dưới đây (cùng một người).", "info")
        return redirect(url_for("dossiers.person", person_id=kept))
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
