"""Names of the dates the models compute (script tasks of workflows/), so that a rule
comparing a typed date with one of them names it as officials say it."""

from __future__ import annotations

from . import field_label

COMPUTED_DATE_LABELS = {
    "reading_period_ends_on": "Ngày hết thời hạn đọc hồ sơ",
    "complaint_window_ends_on": "Ngày hết thời hạn khiếu nại",
    "term_ends_on": "Ngày hết thời hạn chấp hành quyết định",
    "term_ends_at": "Thời điểm hết thời hạn chấp hành quyết định",
    "certificate_window_opens_at": "Thời điểm bắt đầu được cấp giấy xác nhận hoàn thành",
    "postponement_ends_at": "Thời điểm hết thời gian hoãn",
}


def date_label(name: str) -> str:
    """What officials call a date of the dossier: computed by a model, or typed in a form."""
    return COMPUTED_DATE_LABELS.get(name) or field_label(name)
