"""Helpers shared by the blueprints: procedures, Vietnamese dates and field values, safe
redirects, and the app-wide template filters."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import urlsplit

from flask import Blueprint

from forms import form_fields
from forms.display import display_value, vn_instant
from forms.documents import document_label
from forms.vn import VN_TZ, vn_date, vn_datetime

from .extensions import get_queries

STATUS_LABELS = {"open": "Đang xử lý", "closed": "Đã kết thúc"}


def openable_procedures(agency_kind: str | None) -> list:
    """The procedures an agency of this kind may open by hand, in the table's order."""
    return get_queries().openable_procedures(agency_kind)


def procedure_labels() -> dict[str, str]:
    """What officials call each procedure, from workflows/procedures.toml."""
    return {name: procedure.label for name, procedure in get_queries().procedures().items()}


def described_fields(form: str) -> list[dict]:
    """`forms.form_fields(form)`, each field with the Vietnamese text of its condition."""
    fields = form_fields(form)
    by_name = {field["name"]: field for field in fields}
    for field in fields:
        field["condition"] = None
        for key, wording in (
            ("required_if", "bắt buộc khi «{}» là «{}»"),
            ("required_unless", "bắt buộc, trừ khi «{}» là «{}»"),
        ):
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


def vn_datetime_input(value: str) -> str:
    """A moment field's value as typed back into the form (ISO becomes dd/mm/yyyy HH:MM);
    an empty one starts at the current moment, which the officer corrects to the event's."""
    if not value:
        return vn_datetime(datetime.now(VN_TZ))
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    return vn_datetime(moment if moment.tzinfo else moment.replace(tzinfo=VN_TZ))


def vn_time_date(value: datetime | None) -> str:
    """HH:MM dd/mm/yyyy in Vietnam time: when a step was recorded, beside the act's own date."""
    return value.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y") if value else "—"


def is_local(target: str | None) -> bool:
    """A path on this site: no scheme, no host, not protocol-relative."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def install(bp: Blueprint) -> None:
    """Register the date and document filters app-wide through `bp`."""
    bp.add_app_template_filter(vn_date, "vn_date")
    bp.add_app_template_filter(vn_datetime, "vn_datetime")
    bp.add_app_template_filter(vn_date_input, "vn_date_input")
    bp.add_app_template_filter(vn_datetime_input, "vn_datetime_input")
    bp.add_app_template_filter(vn_instant, "vn_instant")
    bp.add_app_template_filter(vn_time_date, "vn_time_date")
    bp.app_context_processor(lambda: {"openable_procedures": openable_procedures})
    bp.add_app_template_filter(document_label, "document_label")
