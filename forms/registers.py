"""The 'sổ theo dõi' (tracking register) an officer downloads from a list: one row per
dossier (or per task of the inbox) with its current step, deadline and outcome, as an Excel
workbook or a CSV file. Pure functions over plain rows; dates are dd/mm/yyyy text so every
spreadsheet shows them the Vietnamese way."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .vn import vn_date, vn_datetime

REGISTER_HEADERS = (
    "Số hồ sơ",
    "Họ và tên",
    "Ngày sinh",
    "Xã/phường",
    "Thủ tục",
    "Giai đoạn pháp lý",
    "Ngày lập",
    "Bước hiện tại",
    "Cơ quan đang xử lý",
    "Hạn của bước hiện tại",
    "Tình trạng",
    "Trạng thái",
    "Kết quả",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COLUMN_WIDTHS = (24, 28, 12, 22, 34, 10, 12, 40, 36, 16, 10, 14, 30)


def cell(value) -> str:
    """A register cell: days dd/mm/yyyy, moments dd/mm/yyyy HH:MM in Vietnam time (an hour
    limit's deadline), nothing as a dash."""
    if isinstance(value, datetime):
        return vn_datetime(value)
    if isinstance(value, date):
        return vn_date(value)
    if value is None or value == "":
        return "—"
    return str(value)


def _text_cell(sheet, text: str) -> WriteOnlyCell:
    """Always a text cell: a value that starts with "=" stays text, never a formula."""
    written = WriteOnlyCell(sheet, value=text)
    written.data_type = "s"
    return written


def _inert(text: str) -> str:
    """A CSV value a spreadsheet will not run as a formula (OWASP's CSV injection rule)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def register_xlsx(title: str, rows: Iterable[Sequence]) -> bytes:
    """One sheet "Sổ theo dõi": the Vietnamese headers in bold, then the rows as text;
    `title` (which list, which selection) is the workbook's title."""
    book = Workbook(write_only=True)
    book.properties.title = title
    sheet = book.create_sheet("Sổ theo dõi")
    for index, width in enumerate(COLUMN_WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    headers = []
    for text in REGISTER_HEADERS:
        header = WriteOnlyCell(sheet, value=text)
        header.font = Font(bold=True)
        headers.append(header)
    sheet.append(headers)
    for row in rows:
        sheet.append([_text_cell(sheet, cell(value)) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def register_csv(rows: Iterable[Sequence]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens the diacritics right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(REGISTER_HEADERS)
    for row in rows:
        writer.writerow([_inert(cell(value)) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
