"""The filters of the dossier list and the inbox as they arrive in a URL: every value is
checked here so a bookmarked or hand-edited link gets a Vietnamese 400, never a 500 or a
slow query. Unknown parameters are ignored (a link may carry more than these filters)."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, ValidationError, validates

from .base import FORM_TYPE, Bool, Choice, Int, Str
from .names import folded, forbidden_characters

MAX_QUERY_LENGTH = 100
MAX_QUERY_WORDS = 8
"""A full name has at most a handful of words; more is not a name and would only make the
query longer to evaluate."""

INBOX_STATUSES = (
    ("all", "Tất cả"),
    ("unclaimed", "Chưa có người nhận"),
    ("mine", "Tôi đang xử lý"),
    ("overdue", "Quá hạn"),
)
EXPORT_FORMATS = (("xlsx", "Excel"), ("csv", "CSV"))
INBOX_SORTS = (
    ("deadline", "Thời hạn"),
    ("number", "Số hồ sơ"),
    ("person", "Đối tượng"),
    ("task", "Việc cần làm"),
)
ORDERS = (("asc", "Tăng dần"), ("desc", "Giảm dần"))
FIRST_YEAR, LAST_YEAR = 2022, 2100
MAX_DUE_WITHIN = 60


class ListFilters(Schema):
    """What both lists share: the page and the download format."""

    class Meta:
        unknown = EXCLUDE

    error_messages = {"type": FORM_TYPE}

    page = Int("Trang", min=1, max=100_000, load_default=1)
    format = Choice("Định dạng tải về", EXPORT_FORMATS, load_default=None)


class DossierFilterSchema(ListFilters):
    q = Str("Tìm kiếm", max_len=MAX_QUERY_LENGTH, load_default=None)
    procedure = Str("Thủ tục", max_len=64, load_default=None)
    status = Choice("Trạng thái", (("open", "Đang xử lý"), ("closed", "Đã kết thúc")), load_default=None)
    step = Str("Bước hiện tại", max_len=128, load_default=None)
    overdue = Bool("Quá hạn", load_default=False)
    year = Int(
        "Năm",
        min=FIRST_YEAR,
        max=LAST_YEAR,
        range_message=f"Năm phải từ {FIRST_YEAR} đến {LAST_YEAR}.",
        load_default=None,
    )
    commune = Str("Xã/phường", max_len=16, load_default=None)
    agency = Int("Cơ quan đang xử lý", min=1, max=2_000_000_000, load_default=None)

    @validates("q")
    def _searchable(self, value: str | None, **_) -> None:
        if value is None:
            return
        hidden = forbidden_characters(value)
        if hidden:
            raise ValidationError(f"Từ khóa tìm kiếm có ký tự không hợp lệ: {', '.join(hidden)}.")
        if len(set(folded(value).split())) > MAX_QUERY_WORDS:
            raise ValidationError(f"Từ khóa tìm kiếm có nhiều nhất {MAX_QUERY_WORDS} từ.")


class InboxFilterSchema(ListFilters):
    kind = Str("Loại việc", max_len=128, load_default=None)
    status = Choice("Tình trạng", INBOX_STATUSES, load_default="all")
    commune = Str("Xã/phường", max_len=16, load_default=None)
    procedure = Str("Thủ tục", max_len=64, load_default=None)
    due_within = Int(
        "Đến hạn trong",
        min=0,
        max=MAX_DUE_WITHIN,
        range_message=f"Số ngày làm việc phải từ 0 đến {MAX_DUE_WITHIN}.",
        load_default=None,
    )
    unverified = Bool("Thời hạn chưa xác minh", load_default=False)
    sort = Choice("Sắp xếp theo", INBOX_SORTS, load_default="deadline")
    order = Choice("Thứ tự", ORDERS, load_default="asc")


def filter_errors(errors: dict) -> list[str]:
    """The messages of a failed load, each with the label of its parameter, in order."""
    labels = {**DossierFilterSchema().fields, **InboxFilterSchema().fields}
    lines = []
    for key, messages in errors.items():
        field = labels.get(key)
        label = field.metadata.get("label", key) if field else key
        for message in messages if isinstance(messages, list) else [messages]:
            lines.append(f"{label}: {message}")
    return lines
