"""Forms of voluntary rehabilitation (cai nghiện ma túy tự nguyện): the commune chairman's
decision and certificate, and the service provider's notices (Điều 28-31, 35, 36 Luật Phòng,
chống ma túy 2021; Nghị định 116/2021/NĐ-CP)."""

from __future__ import annotations

from .base import Choice, Int, Str, TaskForm, VnDate

DURATION_RULE = (
    "Thời gian cai nghiện ma túy tự nguyện từ 06 tháng đến 12 tháng "
    "(khoản 2 Điều 30, khoản 1 Điều 31 Luật Phòng, chống ma túy 2021)."
)


class VoluntaryDecisionSchema(TaskForm):
    """Tiếp nhận đăng ký, quyết định cai nghiện tự nguyện (Điều 28, 30 Luật Phòng, chống ma túy
    2021; Nghị định 116/2021/NĐ-CP). No Mẫu.

    The duration is 06 to 12 months for either form (khoản 2 Điều 30, khoản 1 Điều 31 of the Law).
    """

    rehab_form = Choice(
        "Hình thức cai nghiện",
        [
            ("home_community", "Cai nghiện ma túy tự nguyện tại gia đình, cộng đồng"),
            ("facility", "Cai nghiện ma túy tự nguyện tại cơ sở cai nghiện ma túy"),
        ],
        required=True,
    )
    provider_name = Str("Tổ chức cung cấp dịch vụ cai nghiện hoặc cơ sở cai nghiện ma túy", required=True)
    decision_number = Str("Số quyết định", required=True)
    decision_on = VnDate("Ngày ra quyết định", required=True)
    planned_start_on = VnDate(
        "Ngày dự kiến bắt đầu cai nghiện",
        required=True,
        not_before="decision_on",
        planned="ngày dự kiến, có thể sau hôm nay",
        help="Thời hạn thông báo bắt đầu cai nghiện tính từ ngày này.",
    )
    duration_months = Int("Thời gian cai nghiện (tháng)", required=True, min=6, max=12, range_message=DURATION_RULE)


class ProviderStartNoticeSchema(TaskForm):
    """Thông báo cho UBND cấp xã việc bắt đầu cai nghiện within 05 working days (điểm c khoản 7
    Điều 30 Luật Phòng, chống ma túy 2021). No Mẫu."""

    started_on = VnDate("Ngày bắt đầu cai nghiện", required=True)
    notice_number = Str("Số thông báo", required=True)
    notice_on = VnDate("Ngày thông báo", required=True, not_before="started_on")


class ProviderOutcomeNoticeSchema(TaskForm):
    """Thông báo hoàn thành hoặc bỏ dở cai nghiện (khoản 2, điểm c khoản 7 Điều 30, điểm e khoản 6
    Điều 35, điểm g khoản 3 Điều 36 Luật Phòng, chống ma túy 2021). No Mẫu.

    Quitting or using drugs during voluntary rehab is a ground for compulsory rehab (khoản 1, 2
    Điều 32; khoản 1 Điều 33 of the Law); ``event_on`` is then its key date.
    """

    voluntary_outcome = Choice(
        "Kết quả cai nghiện",
        [
            ("completed", "Hoàn thành cai nghiện ma túy tự nguyện"),
            ("dropped_out", "Tự ý chấm dứt, bỏ dở cai nghiện ma túy tự nguyện"),
            ("used_drugs", "Sử dụng trái phép chất ma túy trong thời gian cai nghiện ma túy tự nguyện"),
        ],
        required=True,
    )
    event_on = VnDate("Ngày hoàn thành, bỏ dở hoặc phát hiện sử dụng", required=True)
    notice_on = VnDate("Ngày thông báo", required=True, not_before="event_on")


class VoluntaryCertificateSchema(TaskForm):
    """Cấp giấy chứng nhận hoàn thành cai nghiện tự nguyện tại gia đình, cộng đồng (điểm c khoản 5
    Điều 30 Luật Phòng, chống ma túy 2021; khoản 3 Điều 32 NĐ 116/2021). No Mẫu number verified."""

    certificate_number = Str("Số giấy chứng nhận hoàn thành cai nghiện ma túy tự nguyện", required=True)
    certificate_on = VnDate("Ngày cấp giấy chứng nhận", required=True)
