"""An import file of officers (CSV or XLSX, recognised by content): its rows as the fields of
forms.accounts.OfficerSchema, each with the row number a spreadsheet shows."""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile

from marshmallow import ValidationError
from openpyxl import load_workbook

COLUMNS = {
    "username": ("username", "tên đăng nhập", "ten dang nhap"),
    "full_name": ("full name", "full_name", "họ và tên", "họ tên", "ho va ten"),
    "email": ("e-mail", "email", "thư điện tử"),
    "agency": ("agency", "cơ quan", "co quan"),
    "is_head": ("head", "lãnh đạo", "lanh dao"),
}
REQUIRED_COLUMNS = ("username", "full_name", "agency")
YES = frozenset({"có", "co", "x", "true", "1", "yes"})
NO = frozenset({"không", "khong", "false", "0", "no"})
UNREADABLE = "Không đọc được tệp: chỉ nhận tệp CSV (bảng mã UTF-8) hoặc Excel (.xlsx)."
EMPTY = "Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."


def read_officer_file(content: bytes) -> list[tuple[int, dict[str, str]]]:
    """(row number, values) for every non-blank row under the header; ValidationError on
    the field "file" when the file cannot be read or lacks a required column."""
    table = _xlsx_rows(content) if zipfile.is_zipfile(io.BytesIO(content)) else _csv_rows(content)
    if not table:
        raise ValidationError({"file": [EMPTY]})
    columns = _columns(table[0])
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        values = {name: cells[index].strip() if index < len(cells) else "" for name, index in columns.items()}
        if not any(values.values()):
            continue
        if "is_head" in values:
            values["is_head"] = _yes_no(values["is_head"])
        rows.append((number, {name: value for name, value in values.items() if value}))
    if not rows:
        raise ValidationError({"file": [EMPTY]})
    return rows


def _xlsx_rows(content: bytes) -> list[list[str]]:
    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError) as error:
        raise ValidationError({"file": [UNREADABLE]}) from error
    return [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]


def _csv_rows(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError({"file": [UNREADABLE]}) from error
    first = text.splitlines()[0] if text else ""
    delimiter = max(",;\t", key=first.count)
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _columns(header: list[str]) -> dict[str, int]:
    """The field of each known column; ValidationError naming the required ones missing."""
    names = {unicodedata.normalize("NFC", cell).strip().lower(): index for index, cell in enumerate(header)}
    found = {}
    for field, aliases in COLUMNS.items():
        index = next((names[alias] for alias in aliases if alias in names), None)
        if index is not None:
            found[field] = index
    missing = [COLUMNS[field][0] for field in REQUIRED_COLUMNS if field not in found]
    if missing:
        expected = ", ".join(aliases[0] for aliases in COLUMNS.values())
        raise ValidationError(
            {"file": [f"Dòng tiêu đề thiếu cột: {', '.join(missing)} (các cột của tệp: {expected})."]}
        )
    return found


def _yes_no(value: str) -> str:
    """ "có"/"không" as the form's Bool reads it; anything else is left for it to refuse."""
    folded = unicodedata.normalize("NFC", value).strip().lower()
    if folded in YES:
        return "true"
    if folded in NO:
        return "false"
    return value
