"""Forms of the district labour office (Phòng Lao động - Thương binh và Xã hội cấp huyện):
checking the dossier and answering the court (Điều 43 NĐ 116/2021/NĐ-CP)."""

from __future__ import annotations

from .base import Choice, LongText, Str, TaskForm, VnDate


class DossierAppraisalSchema(TaskForm):
    """Kiểm tra, đối chiếu hồ sơ đề nghị (khoản 1 Điều 43 NĐ 116/2021; khoản 1 Điều 104 Luật XLVPHC).

    Valid: the dossier goes to the district court with a Mẫu số 34 letter naming the facility
    (khoản 2 Điều 43). Invalid: it is returned to the preparing body with Mẫu số 33 (điểm b khoản 1).
    Also used for re-checking a supplemented dossier.
    """

    dossier_received_on = VnDate(
        "Ngày nhận được hồ sơ",
        help="Để trống nếu nhận ngay trong ngày gửi: hệ thống lấy ngày gửi. Thời hạn kiểm tra hồ sơ tính từ ngày này.",
    )
    appraisal_result = Choice(
        "Kết quả kiểm tra hồ sơ",
        [("valid", "Hồ sơ hợp lệ"), ("invalid", "Hồ sơ không hợp lệ, trả lại để bổ sung")],
        required=True,
    )
    missing_items = LongText("Tài liệu còn thiếu, cần bổ sung", required_if=("appraisal_result", "invalid"))
    return_number = Str("Số văn bản trả lại hồ sơ (Mẫu số 33)", required_if=("appraisal_result", "invalid"))
    letter_number = Str(
        "Số văn bản đề nghị Tòa án nhân dân cấp huyện (Mẫu số 34)", required_if=("appraisal_result", "valid")
    )
    proposed_facility = Str("Tên cơ sở cai nghiện bắt buộc đề nghị đưa vào", required_if=("appraisal_result", "valid"))
    appraised_on = VnDate(
        "Ngày của văn bản kết quả kiểm tra (đề nghị Tòa án hoặc trả lại hồ sơ)",
        not_before="dossier_received_on",
        help="Để trống: ngày ghi nhận vào hệ thống. Đúng hạn hay trễ hạn xét theo ngày này.",
    )


class CourtReturnHandlingSchema(TaskForm):
    """Xử lý hồ sơ bị Tòa án trả lại (khoản 1 Điều 9 Pháp lệnh 03/2022/UBTVQH15). No Mẫu.

    The office either sends the dossier back to the preparing body for supplementing or
    completes it itself and resubmits it to the court.
    """

    return_route = Choice(
        "Hướng xử lý",
        [("police", "Chuyển lại cơ quan lập hồ sơ để bổ sung"), ("resubmit", "Bổ sung và gửi lại Tòa án")],
        required=True,
    )
    note = LongText("Nội dung xử lý", required=True)


class CourtClarificationAnswerSchema(TaskForm):
    """Trả lời yêu cầu giải trình của Tòa án (khoản 3 Điều 43 NĐ 116/2021). No Mẫu."""

    answer_number = Str("Số văn bản trả lời", required=True)
    answered_on = VnDate("Ngày trả lời", required=True)
    answer = LongText("Nội dung trả lời, giải trình", required=True)
