"""Administrator pages for person records: the records that look like one person twice,
and merging two records of one person (every dossier moves to the kept one, audited)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from engine import EngineError, ValidationFailed

from .extensions import get_backend, get_queries
from .refusals import admins_only, refuse
from .views_common import STATUS_LABELS, procedure_labels

bp = Blueprint("persons", __name__, url_prefix="/admin/persons")

bp.before_request(admins_only)


@bp.route("/merge", methods=["GET", "POST"])
def merge():
    """GET: the candidates, and the two records chosen (?keep_id=&other_id=) side by side; POST: merge."""
    form = request.form if request.method == "POST" else request.args
    values = {key: form.get(key, "") for key in ("keep_id", "other_id", "reason")}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            kept = get_backend().persons.merge(current_user.id, values)
        except ValidationFailed as error:
            errors = error.errors
        except EngineError as error:
            return refuse(error, what="gộp bản ghi đối tượng")
        else:
            flash("Đã gộp hai bản ghi: mọi hồ sơ nay thuộc bản ghi được giữ lại.", "success")
            return redirect(url_for("dossiers.person", person_id=kept))
    chosen = {}
    for key in ("keep_id", "other_id"):
        if values[key].isdigit():
            try:
                chosen[key] = get_queries().person_record(current_user.id, int(values[key]))
            except EngineError as error:
                errors.setdefault(key, []).append(error.message)
    return render_template(
        "persons/merge.html",
        values=values,
        errors=errors,
        chosen=chosen,
        candidates=get_queries().merge_candidates(current_user.id),
        procedure_labels=procedure_labels(),
        status_labels=STATUS_LABELS,
    ), (400 if errors and request.method == "POST" else 200)
