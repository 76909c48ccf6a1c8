"""Administrator pages: the e-mail outbox with every message readable, and who cannot be
reached."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from engine import queries
from engine.errors import EngineError, Forbidden, NotFound
from engine.orm import OutboxMessage

from .extensions import get_engine
from .views_common import refuse

bp = Blueprint("admin", __name__, url_prefix="/admin")
ADMINS_ONLY = "Trang này dành cho quản trị viên."


@bp.before_request
@login_required
def admins_only():
    if not current_user.is_admin:
        return refuse(Forbidden(ADMINS_ONLY), what=f"trang quản trị {request.path}")
    return None


@bp.get("/outbox")
def outbox():
    status = request.args.get("status") or None
    page = request.args.get("page", 1, type=int)
    with get_engine().reader() as session:
        messages, page, pages = queries.outbox(session, status, page)
        officers, headless = queries.unreachable(session)
        return render_template(
            "admin_outbox.html", messages=messages, page=page, pages=pages, status=status,
            statuses=queries.OUTBOX_STATUSES, officers=officers, headless=headless,
        )


@bp.get("/outbox/<int:message_id>")
def message(message_id: int):
    with get_engine().reader() as session:
        found = session.get(OutboxMessage, message_id)
        if found is None:
            return refuse(NotFound("Không tìm thấy thư."))
        return render_template("admin_message.html", message=found, statuses=queries.OUTBOX_STATUSES)


@bp.post("/outbox/<int:message_id>/resend")
def resend(message_id: int):
    try:
        get_engine().resend_message(current_user.id, message_id)
    except EngineError as error:
        return refuse(error, what=f"gửi lại thư #{message_id}")
    flash("Thư đã được đưa lại vào hàng chờ gửi.", "success")
    return redirect(url_for("admin.message", message_id=message_id))
