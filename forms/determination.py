"""Forms of determining addiction: the commune police's request, the eligible health facility's
examination and result, and the follow-up of registration for treatment
(Điều 27 Luật Phòng, chống ma túy 2021; Nghị định 109/2021/NĐ-CP; Thông tư 18/2021/TT-BYT;
khoản 1 Điều 28 Nghị định 116/2021/NĐ-CP)."""

from __future__ import annotations

from .base import Bool, Choice, Int, LongText, Str, TaskForm, VnDate

# Luật Phòng, chống ma túy 2021 Điều 27 khoản 1 lists the cases as points a-đ; đ (volunteers)
# does not go through a police request, so only a-d are offered.
DETERMINATION_CASES = [
    (
        "a",
        "Người sử dụng trái phép chất ma túy đang bị quản lý mà bị phát hiện sử dụng "
        "(điểm a khoản 1 Điều 27 Luật Phòng, chống ma túy)",
    ),
    ("b", "Không có nơi cư trú ổn định (điểm b khoản 1 Điều 27 Luật Phòng, chống ma túy)"),
    (
        "c",
        "Đang bị áp dụng hoặc trong 01 năm kể từ khi chấp hành xong biện pháp giáo dục tại xã, phường, "
        "thị trấn vì sử dụng ma túy mà bị phát hiện sử dụng (điểm c khoản 1 Điều 27 Luật Phòng, chống ma túy)",
    ),
    (
        "d",
        "Đang trong thời hạn quản lý sau cai nghiện mà bị phát hiện sử dụng "
        "(điểm d khoản 1 Điều 27 Luật Phòng, chống ma túy)",
    ),
]
CONCLUSIONS = [
    ("addicted", "Nghiện ma túy"),
    ("not_addicted", "Không nghiện ma túy"),
    ("monitoring", "Chưa đủ căn cứ kết luận, tiếp tục theo dõi"),
]
CONCLUSION_REQUIRED = "Phải ghi kết luận tình trạng nghiện (Điều 4 Thông tư 18/2021/TT-BYT)."
_NOT_MONITORING = ("conclusion", "monitoring")  # required_unless: required for a final conclusion


class DeterminationRequestSchema(TaskForm):
    """Lập hồ sơ đề nghị xác định tình trạng nghiện ma túy (khoản 2, 3 Điều 27 Luật Phòng, chống
    ma túy 2021; Nghị định 109/2021/NĐ-CP). No Mẫu.

    ``requested_on`` starts the 24-hour limit for sending medical staff to a custody place
    without an eligible health facility (điểm b khoản 2 Điều 6 NĐ 109/2021).
    """

    request_number = Str("Số văn bản đề nghị xác định tình trạng nghiện", required=True)
    requested_on = VnDate("Ngày gửi văn bản đề nghị", required=True)
    determination_case = Choice(
        "Trường hợp xác định tình trạng nghiện (khoản 1 Điều 27 Luật Phòng, chống ma túy)",
        DETERMINATION_CASES,
        required=True,
    )
    held_in_custody = Bool("Người cần xác định đang bị tạm giữ ở nơi không có cơ sở y tế đủ điều kiện", required=True)
    health_facility_name = Str("Cơ sở y tế đủ điều kiện xác định tình trạng nghiện", required=True)


class MedicalDispatchSchema(TaskForm):
    """Cử cán bộ y tế đến nơi tạm giữ within 24 hours of receiving the police dossier
    (điểm b khoản 2 Điều 6 NĐ 109/2021). No Mẫu."""

    staff_names = Str("Họ và tên cán bộ y tế được cử", required=True)
    received_on = VnDate(
        "Ngày cán bộ y tế tiếp nhận, khám người cần xác định tại nơi tạm giữ",
        required=True,
        help="Thời hạn trả kết quả xác định tình trạng nghiện tính từ ngày này.",
    )


class DeterminationIntakeSchema(TaskForm):
    """Tiếp nhận người cần xác định tình trạng nghiện tại cơ sở y tế (Điều 5 NĐ 109/2021). No Mẫu."""

    received_on = VnDate(
        "Ngày tiếp nhận người cần xác định tình trạng nghiện",
        required=True,
        help="Thời hạn trả kết quả 05 ngày tính từ ngày này (khoản 2 Điều 5 Thông tư 18/2021/TT-BYT).",
    )


class DeterminationResultSchema(TaskForm):
    """Khám, theo dõi và kết luận; Phiếu kết quả xác định tình trạng nghiện ma túy, Mẫu số 04
    (NĐ 109/2021; Điều 3, 4, khoản 2 Điều 5 TT 18/2021/TT-BYT; khoản 4 Điều 27 Luật Phòng,
    chống ma túy 2021).

    Whether the conclusion fits the criteria counted (≥ 3 of 6: addicted; 2 without withdrawal:
    keep monitoring; otherwise not addicted) is the DMN table ``addiction_conclusion``'s rule.
    While monitoring continues no result slip is issued yet, so its number and date are only
    required for a final conclusion, and the observation note only while monitoring.
    """

    conclusion = Choice("Kết luận", CONCLUSIONS, required=True, error_messages={"required": CONCLUSION_REQUIRED})
    criteria_met = Int(
        "Số tiêu chuẩn chẩn đoán đáp ứng (trong 06 tiêu chuẩn, Điều 3 Thông tư 18/2021/TT-BYT)",
        required=True,
        min=0,
        max=6,
    )
    withdrawal_sign = Bool("Có hội chứng cai (tiêu chuẩn thứ 6, Điều 3 Thông tư 18/2021/TT-BYT)", required=True)
    opioid = Bool("Nghiện các chất dạng thuốc phiện", required=True)
    result_number = Str("Số phiếu kết quả xác định tình trạng nghiện (Mẫu số 04)", required_unless=_NOT_MONITORING)
    result_on = VnDate(
        "Ngày phiếu kết quả",
        required_unless=_NOT_MONITORING,
        help="Thời hạn đăng ký cai nghiện tự nguyện hoặc điều trị thay thế tính từ ngày này.",
    )
    observation_note = LongText(
        "Nội dung theo dõi tiếp (dấu hiệu chưa rõ ràng)", required_if=("conclusion", "monitoring")
    )


class RegistrationOutcomeSchema(TaskForm):
    """Theo dõi việc đăng ký cai nghiện tự nguyện hoặc điều trị nghiện các chất dạng thuốc phiện
    bằng thuốc thay thế within 05 working days of the result (khoản 1 Điều 28 NĐ 116/2021; điểm c
    khoản 5 Điều 27 Luật Phòng, chống ma túy 2021). No Mẫu.

    Not registering is a ground for compulsory rehab (khoản 1 Điều 32, khoản 1 Điều 33 of the Law);
    ``checked_on`` is then the key date of the next procedure.
    """

    registration = Choice(
        "Kết quả đăng ký",
        [
            ("voluntary", "Đã đăng ký cai nghiện ma túy tự nguyện"),
            ("methadone", "Đã đăng ký điều trị nghiện các chất dạng thuốc phiện bằng thuốc thay thế"),
            ("none", "Không đăng ký trong thời hạn"),
        ],
        required=True,
    )
    registered_on = VnDate("Ngày đăng ký", required_unless=("registration", "none"))
    checked_on = VnDate("Ngày kiểm tra việc đăng ký", required=True)
