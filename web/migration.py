"""Administrator page: moving running dossiers to the current model version. Lists the
dossiers still running on an older version; a preview (dry run) or the migration itself
runs on the selected ones and the report is shown on the same page."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from engine import version_reads
from engine.services.versions import MigrationReport, short
from engine.errors import EngineError

from .extensions import get_backend
from .views_common import admins_only, procedure_labels, refuse

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


def _page(page: int, report: MigrationReport | None = None, selected=()):
    backend = get_backend()
    with backend.read_session() as session:
        rows, page, pages, total = version_reads.stale_dossiers(session, backend.models.current.version, page, PER_PAGE)
        versions = version_reads.running_versions(session)
        return render_template(
            "admin_migration.html", rows=rows, page=page, pages=pages, total=total, versions=versions,
            current=backend.models.current.version, report=report, selected=set(selected), labels=procedure_labels(),
            short=short,
        )
