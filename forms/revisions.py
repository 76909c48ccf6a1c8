"""What an officer writes when revising a dossier: the reason of a correction, of a
withdrawal or of a scan replaced, and a note. Plain text with Vietnamese limits."""

from __future__ import annotations

from .base import LongText, TaskForm

REASON_MAX = 500
NOTE_MAX = 2000
REASON_REQUIRED = "Phải ghi lý do: lý do được lưu vào nhật ký hồ sơ."
NOTE_REQUIRED = "Ghi chú không được để trống."


class CorrectionReasonSchema(TaskForm):
    """The reason of a correction; the corrected data itself is the step's own form."""

    correction_reason = LongText(
        "Lý do sửa", required=True, max_len=REASON_MAX, error_messages={"required": REASON_REQUIRED}
    )


class WithdrawalSchema(TaskForm):
    withdrawal_reason = LongText(
        "Lý do rút hồ sơ", required=True, max_len=REASON_MAX, error_messages={"required": REASON_REQUIRED}
    )


class ScanRevisionSchema(TaskForm):
    scan_reason = LongText(
        "Lý do thay hoặc rút bản quét", required=True, max_len=REASON_MAX, error_messages={"required": REASON_REQUIRED}
    )


class NoteSchema(TaskForm):
    note = LongText("Ghi chú", required=True, max_len=NOTE_MAX, error_messages={"required": NOTE_REQUIRED})
