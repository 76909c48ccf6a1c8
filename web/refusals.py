"""How engine refusals become pages (a 403 is also written to the audit trail), and the
guards of the administrators' blueprints."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user, login_required

from engine import Conflict, EngineError, Forbidden, NotFound

from .extensions import get_backend


def refuse(error: EngineError, *, dossier_id: int | None = None, what: str = ""):
    """The page for an engine refusal; a Forbidden is written to the audit trail."""
    if isinstance(error, Forbidden):
        get_backend().accounts.record_access_denied(current_user.id, dossier_id, what)
        return render_template("errors/403.html", message=error.message), 403
    if isinstance(error, NotFound):
        return render_template("errors/404.html", message=error.message), 404
    if isinstance(error, Conflict):
        return render_template("errors/409.html", message=error.message), 409
    return render_template("errors/500.html", message=error.message), 500


@login_required
def admins_only():
    """before_request of the system administrator's blueprints: others are refused and audited."""
    if not current_user.is_admin:
        return refuse(Forbidden("Trang này dành cho quản trị viên."), what=f"trang quản trị {request.path}")
    return None


@login_required
def account_admins_only():
    """before_request of the accounts' and agencies' blueprints: the system administrator
    and province administrators (who see their province only); others refused and audited."""
    if not current_user.manages_accounts:
        return refuse(Forbidden("Trang này dành cho quản trị viên."), what=f"trang quản trị {request.path}")
    return None
