"""Administrator page: moving running dossiers to the current model version. Lists the
dossiers still running on an older version; a preview (dry run) or the migration itself
runs on the selected ones and the report is shown on the same page."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from engine import EngineError, short_version

from .extensions import get_backend, get_queries
from .refusals import admins_only, refuse
from .views_common import procedure_labels

bp = Blueprint("migration", __name__, url_prefix="/admin/migration")
PER_PAGE = 50

bp.before_request(admins_only)


@bp.get("/")
def index():
    return _page(page=request.args.get("page", 1, type=int))


@bp.post("/")
def run():
    selected = request.form.getlist("dossier_id", type=int)
    if not selected:
        flash("Chưa chọn hồ sơ nào.", "error")
        return redirect(url_for("migration.index"))
    dry_run = request.form.get("action") != "migrate"
    try:
        report = get_backend().versions.migrate(current_user.id, selected, dry_run=dry_run)
    except EngineError as error:
        return refuse(error, what="chuyển hồ sơ sang phiên bản mô hình mới")
    # After a preview the same dossiers stay ticked, ready to be moved.
    return _page(page=request.form.get("page", 1, type=int), report=report, selected=selected if dry_run else [])


def _page(page: int, report=None, selected=()):
    """The page, with the report of a preview or a migration when there is one."""
    queries = get_queries()
    stale = queries.stale_dossiers(page, PER_PAGE)
    return render_template(
        "versions/admin_migration.html",
        rows=stale.items,
        page=stale.page,
        pages=stale.pages,
        total=stale.total,
        versions=queries.running_versions(),
        current=queries.current_version(),
        report=report,
        selected=set(selected),
        labels=procedure_labels(),
        short=short_version,
    )
