"""Helpers shared by the blueprints: the signed-in officer's engine record, Vietnamese
dates, safe redirects, and how engine errors become pages (403 is also audited)."""
from __future__ import annotations

from datetime import date, datetime
from urllib.parse import urlsplit

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required
from sqlalchemy.orm import Session

from engine.clock import VN_TZ, now
from engine.errors import Conflict, EngineError, Forbidden, NotFound
from engine.persistence.tables import User
from forms import form_fields
from forms.documents import document_label

from .extensions import get_backend

STATUS_LABELS = {"open": "Đang xử lý", "closed": "Đã kết thúc"}


def openable_procedures(agency_kind: str | None) -> list:
    """The procedures an agency of this kind may open by hand, in the table's order."""
    return [p for p in get_backend().models.current.procedures.values() if agency_kind and agency_kind in p.opened_by]


def procedure_labels() -> dict[str, str]:
    """What officials call each procedure, from workflows/procedures.toml."""
    return {name: procedure.label for name, procedure in get_backend().models.current.procedures.items()}


def load_user(session: Session) -> User:
    """The engine's record of the signed-in officer, in `session`."""
    return session.get(User, current_user.id)


def vn_today() -> date:
    """Today in Vietnam, by the engine's clock."""
    return now().astimezone(VN_TZ).date()


def vn_date(value: date | datetime | None) -> str:
    """dd/mm/yyyy; a moment is first converted to Vietnam time."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = value.astimezone(VN_TZ)
    return value.strftime("%d/%m/%Y")


def vn_datetime(value: datetime | None) -> str:
    """dd/mm/yyyy HH:MM in Vietnam time."""
    if value is None:
        return "—"
    return value.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M")


def described_fields(form: str) -> list[dict]:
    """`forms.form_fields(form)`, each field with the Vietnamese text of its condition."""
    fields = form_fields(form)
    by_name = {field["name"]: field for field in fields}
    for field in fields:
        field["condition"] = None
        for key, wording in (("required_if", "bắt buộc khi «{}» là «{}»"),
                             ("required_unless", "bắt buộc, trừ khi «{}» là «{}»")):
            condition = field.get(key)
            if condition:
                other = by_name.get(condition["field"])
                label = other["label"] if other else condition["field"]
                field["condition"] = wording.format(label, display_value(other, condition["value"]))
    return fields


def vn_date_input(value: str) -> str:
    """A date field's value as typed back into the form: ISO becomes dd/mm/yyyy."""
    try:
        return vn_date(date.fromisoformat(value)) if value else ""
    except ValueError:
        return value


def display_value(field: dict | None, value) -> str:
    """A stored value as the officer reads it: choice labels, Có/Không, dd/mm/yyyy."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if field and field["choices"]:
        return dict(field["choices"]).get(value, str(value))
    if field and field["type"] == "date" and isinstance(value, str):
        try:
            return vn_date(date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def is_local(target: str | None) -> bool:
    """A path on this site: no scheme, no host, not protocol-relative."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


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


def install(bp: Blueprint) -> None:
    """Register the date and document filters app-wide through `bp`."""
    bp.add_app_template_filter(vn_date, "vn_date")
    bp.add_app_template_filter(vn_datetime, "vn_datetime")
    bp.add_app_template_filter(vn_date_input, "vn_date_input")
    bp.app_context_processor(lambda: {"openable_procedures": openable_procedures})
    bp.add_app_template_filter(document_label, "document_label")


@login_required
def admins_only():
    """before_request of the administrators' blueprints: others are refused and audited."""
    if not current_user.is_admin:
        return refuse(Forbidden("Trang này dành cho quản trị viên."), what=f"trang quản trị {request.path}")
    return None
