"""Việc cần xử lý: the open tasks of the officer's agency, from the projection tables,
filtered and sorted from the URL, with the same selection downloadable as a register."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from engine import InboxFilters, InboxPage, ValidationFailed
from forms.search import INBOX_SORTS, INBOX_STATUSES, MAX_DUE_WITHIN, InboxFilterSchema

from .extensions import get_backend, get_queries
from .registers import load_filters, register_file
from .views_common import procedure_labels

bp = Blueprint("inbox", __name__)

STATUS_LABELS = dict(INBOX_STATUSES)


@bp.get("/")
def home():
    return redirect(url_for("inbox.index"))


@bp.get("/inbox")
@login_required
def index():
    if current_user.admin_province_code and current_user.agency_id is None:
        return redirect(url_for("officers.index"))  # a province administrator has no tasks, only accounts
    loaded, errors = load_filters(InboxFilterSchema(), request.args)
    page, file_format = loaded.pop("page", 1), loaded.pop("format", None)
    filters = InboxFilters(**loaded)
    queries = get_queries()
    if not errors and file_format:
        try:
            rows = get_backend().exports.inbox(current_user.id, filters, file_format)
        except ValidationFailed as error:
            errors = [text for texts in error.errors.values() for text in texts]
        else:
            stem = f"so-theo-doi-viec-can-xu-ly-{queries.today():%Y%m%d}"
            return register_file(rows, file_format, "Sổ theo dõi việc cần xử lý", stem, procedure_labels())
    inbox = queries.inbox(current_user.id, filters, page=page) if not errors else InboxPage([], 0, 1, 1, [])
    chosen = filters.chosen()
    filtered = {key: value for key, value in chosen.items() if key not in ("sort", "order")}
    communes, _ = queries.filter_choices()
    return render_template(
        "inbox/inbox.html",
        inbox=inbox,
        has_agency=current_user.agency_id is not None,
        filters=chosen,
        current=filters,
        values=request.args,
        errors=errors,
        statuses=STATUS_LABELS,
        sorts=dict(INBOX_SORTS),
        max_due_within=MAX_DUE_WITHIN,
        filtered=bool(filtered),
        communes=communes,
        procedure_labels=procedure_labels(),
        here=request.full_path.rstrip("?"),
    ), (400 if errors else 200)
