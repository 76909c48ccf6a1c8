"""Signing in and out, and the officer's own settings and password. An account holding a
temporary password reaches no page but the password change until it has its own."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, logout_user
from werkzeug.security import check_password_hash

from engine import ValidationFailed

from .extensions import EPOCH_KEY, get_backend, get_queries, session_user, start_session
from .views_common import install, is_local

bp = Blueprint("auth", __name__)
install(bp)  # every app registers auth, so the shared template filters come with it

WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."
LOCKED = "Tài khoản đã bị khóa. Vui lòng liên hệ quản trị viên."
MUST_CHANGE = "Anh/chị đang dùng mật khẩu tạm thời do quản trị viên cấp: hãy đặt mật khẩu của riêng mình để tiếp tục."
OPEN_WITH_TEMPORARY_PASSWORD = frozenset({"auth.account", "auth.change_password", "auth.logout", "auth.ping", "static"})


@bp.before_app_request
def require_own_password():
    """Every page but the password change sends a temporary password's holder to /account."""
    if (
        current_user.is_authenticated
        and current_user.must_change_password
        and request.endpoint not in OPEN_WITH_TEMPORARY_PASSWORD
    ):
        flash(MUST_CHANGE, "info")
        return redirect(url_for("auth.account"))
    return None


@bp.route("/login", methods=["GET", "POST"])
def login():
    target = request.values.get("next")
    target = target if is_local(target) else None
    if current_user.is_authenticated:
        return redirect(target or url_for("inbox.index"))
    if request.method == "GET":
        return render_template("auth/login.html", next=target)
    username = request.form.get("username", "").strip()
    user = get_queries().credentials(username) if username else None
    if user is None or not check_password_hash(user.password_hash, request.form.get("password", "")):
        return render_template("auth/login.html", next=target, username=username, error=WRONG), 401
    if not user.is_active:
        return render_template("auth/login.html", next=target, username=username, error=LOCKED), 403
    session.clear()  # nothing from before the sign-in survives it
    start_session(session_user(user.user_id))
    return redirect(target or url_for("inbox.index"))


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    session.clear()
    flash("Đã đăng xuất.", "success")
    return redirect(url_for("auth.login"))


@bp.get("/session/ping")
@login_required
def ping():
    """Nothing but a signed-in request: the "Tiếp tục làm việc" button of the idle warning
    calls it, and the session cookie comes back re-signed for SESSION_MINUTES more (the
    session is permanent and SESSION_REFRESH_EACH_REQUEST is Flask's default)."""
    session.permanent = True
    return "", 204, {"Cache-Control": "no-store"}


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """The officer's own settings: the daily reminder digest."""
    backend = get_backend()
    if request.method == "POST":
        enabled = request.form.get("digest_enabled") == "true"
        backend.accounts.set_digest(current_user.id, enabled)
        flash(
            "Đã bật thư nhắc hằng ngày." if enabled else "Đã tắt thư nhắc hằng ngày; thông báo quá hạn vẫn được gửi.",
            "success",
        )
        return redirect(url_for("auth.account"))
    return render_template("auth/account.html", user=get_queries().account(current_user.id), errors={})


@bp.post("/account/password")
@login_required
def change_password():
    """The officer's own password; the other sessions of the account end, this one goes on."""
    fields = ("old_password", "new_password", "confirm_password")
    try:
        epoch = get_backend().accounts.change_password(
            current_user.id, {key: request.form.get(key, "") for key in fields}
        )
    except ValidationFailed as error:
        user = get_queries().account(current_user.id)
        return render_template("auth/account.html", user=user, errors=error.errors), 400
    session[EPOCH_KEY] = epoch
    flash("Đã đổi mật khẩu. Các phiên đăng nhập khác của tài khoản đã kết thúc.", "success")
    return redirect(url_for("inbox.index") if current_user.must_change_password else url_for("auth.account"))
