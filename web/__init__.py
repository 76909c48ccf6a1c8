"""The Flask app: configuration, the backend, login, CSRF, session timeout, error pages."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from flask import Flask, flash, redirect, render_template, request, session
from flask_wtf.csrf import CSRFError

from engine import INSTANCE_DIR, build_backend, database_url
from forms.uploads import MAX_BYTES, TOO_LARGE

from . import admin, agencies, auth, documents, dossiers, inbox, migration, officers, persons, revisions, tasks
from .cli import COMMANDS
from .extensions import csrf, login_manager, signed_in_user

BLUEPRINTS = (
    auth.bp,
    inbox.bp,
    tasks.bp,
    dossiers.bp,
    documents.bp,
    revisions.bp,
    admin.bp,
    officers.bp,
    agencies.bp,
    persons.bp,
    migration.bp,
)


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(INSTANCE_DIR))
    app.config.update(
        DATABASE_URL=database_url(),
        SESSION_MINUTES=int(os.environ.get("SESSION_MINUTES", "30")),
        SESSION_COOKIE_SAMESITE="Lax",
        APP_BASE_URL=os.environ.get("APP_BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        MAX_CONTENT_LENGTH=MAX_BYTES + 1024 * 1024,  # a scan at the limit plus the form around it
        WTF_CSRF_TIME_LIMIT=None,  # a token lives as long as the session it belongs to
    )
    if os.environ.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    app.config.update(config or {})
    INSTANCE_DIR.mkdir(exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret_key()
    app.permanent_session_lifetime = timedelta(minutes=app.config["SESSION_MINUTES"])

    backend = build_backend(
        app.config["DATABASE_URL"], regimes_text=app.config.get("REGIMES_TEXT"), models=app.config.get("MODELS")
    )
    backend.load_settings()
    app.extensions["backend"] = backend

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."
    login_manager.login_message_category = "info"
    login_manager.user_loader(lambda user_id: signed_in_user(int(user_id)) if user_id.isdigit() else None)
    csrf.init_app(app)

    @app.before_request
    def keep_session_alive():
        # The signed cookie expires SESSION_MINUTES after the last request, and Flask
        # refuses an older one, so an idle officer is signed out.
        session.permanent = True

    _register_error_pages(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    for command in COMMANDS:
        app.cli.add_command(command)
    return app


def _instance_secret_key() -> str:
    """The key in instance/secret_key, created (mode 600) on first use."""
    path = INSTANCE_DIR / "secret_key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    key = secrets.token_hex(32)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def _register_error_pages(app: Flask) -> None:
    """Vietnamese pages for HTTP errors; engine refusals are turned into pages (and
    audited) by the views, see refusals.refuse."""

    @app.errorhandler(403)
    def forbidden(error):
        return render_template("errors/403.html"), 403

    @app.errorhandler(404)
    def not_found(error):
        return render_template("errors/404.html"), 404

    @app.errorhandler(413)
    def too_large(error):
        return render_template("errors/413.html", message=TOO_LARGE), 413

    @app.errorhandler(500)
    def server_error(error):
        return render_template("errors/500.html"), 500

    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        flash("Phiên làm việc đã hết hạn hoặc biểu mẫu không còn hợp lệ. Vui lòng thực hiện lại.", "error")
        back = request.referrer or "/"
        return redirect(back if urlsplit(back).netloc in ("", request.host) else "/")
