"""Việc cần xử lý: the open tasks of the officer's agency, from the projection tables."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from engine import INBOX_STATUSES

from .extensions import get_queries

bp = Blueprint("inbox", __name__)

STATUS_LABELS = {
    "all": "Tất cả",
    "unclaimed": "Chưa có người nhận",
    "mine": "Tôi đang xử lý",
    "overdue": "Quá hạn",
}


@bp.get("/")
def home():
    return redirect(url_for("inbox.index"))


@bp.get("/inbox")
@login_required
def index():
    kind = request.args.get("kind") or None
    status = request.args.get("status", "all")
    if status not in INBOX_STATUSES:
        status = "all"
    page = request.args.get("page", 1, type=int)
    inbox = get_queries().inbox(current_user.id, kind=kind, status=status, page=page)
    has_agency = current_user.agency_id is not None
    filters = {key: value for key, value in (("kind", kind), ("status", status)) if value and value != "all"}
    return render_template(
        "inbox/inbox.html",
        inbox=inbox,
        has_agency=has_agency,
        kind=kind,
        status=status,
        statuses=STATUS_LABELS,
        filters=filters,
        filtered=bool(filters),
        here=request.full_path.rstrip("?"),
    )
