"""Recorded values as officials read them, for every page and agency alike: choice labels,
Có/Không, days as dd/mm/yyyy and instants as HH:MM dd/mm/yyyy (Vietnam time)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from . import form_fields
from .vn import VN_TZ, vn_date


def vn_instant(moment: dt.datetime) -> str:
    """HH:MM dd/mm/yyyy in Vietnam time, the order of "08 giờ 30 ngày 07/12/2026"."""
    return moment.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y")


def display_value(field: Mapping | None, value) -> str:
    """One stored value of a field described by ``form_fields`` (or of no known field)."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, list):
        return ", ".join(display_value(field, item) for item in value)
    if field and field["choices"]:
        return dict(field["choices"]).get(value, str(value))
    if field and field["type"] in ("date", "datetime") and isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if "T" not in value:
            return vn_date(moment.date())
        return vn_instant(moment if moment.tzinfo else moment.replace(tzinfo=VN_TZ))
    return str(value)


def recorded_fields(form: str, data: Mapping, *, with_private: bool) -> list[tuple[str, str]]:
    """(label, value) of each field of ``form`` the data holds, in the form's order; the
    fields marked private only for the agency that recorded them."""
    return [
        (field["label"], display_value(field, data[field["name"]]))
        for field in form_fields(form)
        if field["name"] in data and (with_private or not field["private"])
    ]
