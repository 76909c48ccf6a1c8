"""What the dossier list and the inbox share: reading their filters from the URL (a
Vietnamese 400 for a bad value) and answering `format=xlsx|csv` with the 'sổ theo dõi' of
the same selection."""

from __future__ import annotations

from flask import Response
from marshmallow import Schema, ValidationError
from werkzeug.datastructures import MultiDict

from engine import RegisterRow
from forms.registers import register_csv, register_xlsx
from forms.search import filter_errors
from forms.vn import VN_TZ

from .views_common import STATUS_LABELS

MIMETYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def load_filters(schema: Schema, args: MultiDict) -> tuple[dict, list[str]]:
    """(the filters, []) or ({}, the Vietnamese messages) for the query string."""
    try:
        return schema.load(args.to_dict(flat=True)), []
    except ValidationError as error:
        return {}, filter_errors(error.messages if isinstance(error.messages, dict) else {"": error.messages})


def cells(row: RegisterRow, procedures: dict[str, str]) -> tuple:
    """One register line in the order of forms.registers.REGISTER_HEADERS."""
    closed = row.status == "closed"
    standing = None if row.overdue is None else "Quá hạn" if row.overdue else "Còn hạn"
    return (
        row.number,
        row.full_name,
        row.birth_date,
        row.commune,
        procedures.get(row.kind, row.kind),
        row.regime,
        row.created_at.astimezone(VN_TZ).date(),
        None if closed else row.current_step,
        row.agencies,
        row.deadline,
        standing,
        STATUS_LABELS.get(row.status, row.status),
        row.current_step if closed else None,
    )


def register_file(rows: list[RegisterRow], file_format: str, title: str, stem: str, procedures: dict) -> Response:
    """The download: an Excel workbook or a CSV file named after the list and the day."""
    lines = [cells(row, procedures) for row in rows]
    body = register_xlsx(title, lines) if file_format == "xlsx" else register_csv(lines)
    response = Response(body, mimetype=MIMETYPES[file_format])
    response.headers["Content-Disposition"] = f'attachment; filename="{stem}.{file_format}"'
    response.headers["Cache-Control"] = "no-store"
    return response
