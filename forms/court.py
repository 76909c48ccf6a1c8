"""Forms of the district court (Tòa án nhân dân cấp huyện) under Pháp lệnh 03/2022/UBTVQH15:
intake, session, decision, complaints and legal effect."""

from __future__ import annotations

from .base import Bool, Choice, Int, LongText, Str, TaskForm, VnDate

DECISIONS = [
    ("apply", "Áp dụng biện pháp đưa vào cơ sở cai nghiện bắt buộc"),
    ("not_apply", "Không áp dụng biện pháp đưa vào cơ sở cai nghiện bắt buộc"),
]
CHALLENGE_KINDS = [("complaint", "Khiếu nại"), ("petition", "Kiến nghị"), ("protest", "Kháng nghị")]
TERM_HELP = (
    "Số tháng. Đối với người từ đủ 18 tuổi, thời hạn từ 12 đến 24 tháng "
    "(Điều 95 Luật Xử lý vi phạm hành chính); được kiểm tra khi hoàn thành nhiệm vụ."
)


def _term_months() -> Int:
    # Only a sanity range here: the 12-24 month rule depends on age and lives in the DMN table.
    return Int("Thời hạn áp dụng (tháng)", min=1, max=60, required_if=("decision", "apply"), help=TERM_HELP)


class CourtIntakeSchema(TaskForm):
    """Tiếp nhận hồ sơ đề nghị: thụ lý, or return within 02 working days with written reasons
    (khoản 1 Điều 9 Pháp lệnh 03/2022). No Mẫu."""

    received_on = VnDate(
        "Ngày nhận được hồ sơ",
        help="Để trống nếu nhận ngay trong ngày gửi: hệ thống lấy ngày gửi. Thời hạn kiểm tra hồ sơ tính từ ngày này.",
    )
    intake_outcome = Choice(
        "Kết quả tiếp nhận", [("accept", "Thụ lý hồ sơ"), ("return", "Trả lại hồ sơ")], required=True
    )
    case_number = Str("Số thụ lý", required_if=("intake_outcome", "accept"))
    accepted_on = VnDate(
        "Ngày thụ lý",
        required_if=("intake_outcome", "accept"),
        not_before="received_on",
        help="Thời hạn thông báo thụ lý và thời hạn ra quyết định tính từ ngày này.",
    )
    judge_name = Str("Thẩm phán được phân công", required_if=("intake_outcome", "accept"))
    return_reason = LongText("Lý do trả lại hồ sơ", required_if=("intake_outcome", "return"))


class CourtAcceptanceNoticeSchema(TaskForm):
    """Thông báo thụ lý within 02 working days of thụ lý (khoản 1 Điều 12 Pháp lệnh 03/2022). No Mẫu."""

    acceptance_notice_number = Str("Số thông báo thụ lý", required=True)
    notified_on = VnDate("Ngày thông báo", required=True)
    recipients = LongText(
        "Nơi nhận thông báo", required=True, help="Người bị đề nghị, cơ quan đề nghị, Viện kiểm sát cùng cấp."
    )


class CourtSessionOrderSchema(TaskForm):
    """Nghiên cứu hồ sơ, ra quyết định mở phiên họp (Điều 8 Pháp lệnh 03/2022). No Mẫu.

    A complex case extends the 15-day limit to 30 days. When the court needs the labour office
    to explain or supplement first, the session order is not made yet.
    """

    complex_case = Bool("Vụ việc phức tạp (thời hạn kéo dài, không quá 30 ngày)", required=True)
    clarification_needed = Bool("Cần cơ quan đề nghị giải trình", required=True)
    clarification_request = LongText("Nội dung yêu cầu giải trình", required_if=("clarification_needed", True))
    session_order_number = Str("Số quyết định mở phiên họp", required_if=("clarification_needed", False))
    session_ordered_on = VnDate(
        "Ngày ra quyết định mở phiên họp",
        required_if=("clarification_needed", False),
        help="Phiên họp phải mở trong 07 ngày làm việc kể từ ngày này (khoản 1 Điều 17 Pháp lệnh 03/2022).",
    )


class CourtDecisionSchema(TaskForm):
    """Mở phiên họp, ra quyết định (khoản 1 Điều 17, Điều 8 Pháp lệnh 03/2022; Điều 95 Luật XLVPHC). No Mẫu."""

    session_held_on = VnDate("Ngày mở phiên họp", required=True)
    decision = Choice("Quyết định", DECISIONS, required=True)
    decision_number = Str("Số quyết định", required=True)
    decision_on = VnDate("Ngày ra quyết định", required=True, not_before="session_held_on")
    term_months = _term_months()
    facility_name = Str("Cơ sở cai nghiện bắt buộc", required_if=("decision", "apply"))
    reasons = LongText("Lý do, căn cứ của quyết định", required=True)


class DecisionDispatchSchema(TaskForm):
    """Gửi quyết định within 02 working days (khoản 1 Điều 25 Pháp lệnh 03/2022). No Mẫu."""

    decision_sent_on = VnDate("Ngày gửi quyết định", required=True)
    recipients = LongText("Nơi nhận quyết định", required=True)


class ComplaintRecordSchema(TaskForm):
    """Tiếp nhận khiếu nại, kiến nghị, kháng nghị within the 05 working-day window
    (khoản 1 Điều 32 Pháp lệnh 03/2022). No Mẫu."""

    challenge_kind = Choice("Loại", CHALLENGE_KINDS, required=True)
    challenger = Str("Người khiếu nại hoặc cơ quan kiến nghị, kháng nghị", required=True)
    challenge_received_on = VnDate("Ngày nhận", required=True)
    content = LongText("Nội dung", required=True)


class ComplaintForwardSchema(TaskForm):
    """Chuyển khiếu nại, kiến nghị, kháng nghị và hồ sơ lên Tòa án nhân dân cấp tỉnh within 02 working
    days (khoản 1 Điều 34 Pháp lệnh 03/2022). No Mẫu."""

    forwarded_on = VnDate("Ngày chuyển hồ sơ lên Tòa án nhân dân cấp tỉnh", required=True)
    forward_number = Str("Số văn bản chuyển", required=True)


class ReviewResultSchema(TaskForm):
    """Kết quả xem xét của Tòa án nhân dân cấp tỉnh (Điều 34 Pháp lệnh 03/2022). No Mẫu.

    ``decision`` overwrites the first-instance decision with the final outcome.
    """

    review_decision_number = Str("Số quyết định của Tòa án nhân dân cấp tỉnh", required=True)
    reviewed_on = VnDate("Ngày ra quyết định", required=True)
    decision = Choice("Kết quả cuối cùng", DECISIONS, required=True)
    term_months = _term_months()


_EFFECTIVE = ("legal_effect_outcome", "effective")
_CHALLENGED = ("legal_effect_outcome", "challenged")


class LegalEffectSchema(TaskForm):
    """Xác nhận quyết định có hiệu lực pháp luật (khoản 1 Điều 24, Điều 32 Pháp lệnh 03/2022). No Mẫu.

    Reached when the complaint window closed without a complaint; a late petition or protest
    (kiến nghị, kháng nghị) can still arrive and is recorded here instead.
    """

    legal_effect_outcome = Choice(
        "Kết quả",
        [
            ("effective", "Quyết định có hiệu lực pháp luật"),
            ("challenged", "Có kiến nghị, kháng nghị"),
        ],
        required=True,
    )
    effective_on = VnDate("Ngày quyết định có hiệu lực pháp luật", required_if=_EFFECTIVE)
    challenge_received_on = VnDate("Ngày nhận kiến nghị, kháng nghị", required_if=_CHALLENGED)
    challenger = Str("Cơ quan kiến nghị, kháng nghị", required_if=_CHALLENGED)
    challenge_kind = Choice(
        "Loại", [pair for pair in CHALLENGE_KINDS if pair[0] != "complaint"], required_if=_CHALLENGED
    )
    content = LongText("Nội dung", required_if=_CHALLENGED)
