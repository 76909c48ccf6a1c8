"""Forms of managing a person who uses drugs illegally (quản lý người sử dụng trái phép chất ma túy):
the police at the place of discovery and the commune chairman (Điều 23, 26 Luật Phòng, chống ma túy
2021; Điều 41-48 Nghị định 105/2021/NĐ-CP)."""

from __future__ import annotations

from .base import Bool, Choice, LongText, Str, TaskForm, VnDate

_MOVED = ("check_outcome", "moved")


class ResidenceVerificationSchema(TaskForm):
    """Xác minh nơi cư trú within 03 working days of discovery, 10 in mountainous, island or
    remote areas (khoản 1, 2, 3 Điều 41 NĐ 105/2021). No Mẫu."""

    verified_on = VnDate(
        "Ngày có kết quả xác minh",
        required=True,
        help="Thời hạn thông báo cho Chủ tịch UBND cấp xã tính từ ngày này.",
    )
    stable_residence = Bool("Có nơi cư trú ổn định", required=True)
    residence_note = LongText("Kết quả xác minh nơi cư trú", required=True)


class UserNoticeSchema(TaskForm):
    """Thông báo việc sử dụng trái phép chất ma túy cho Chủ tịch UBND cấp xã, Mẫu số 04, with the
    test result slip Mẫu số 03 (khoản 5, 6 Điều 41 NĐ 105/2021)."""

    notice_number = Str("Số thông báo (Mẫu số 04)", required=True)
    notice_on = VnDate("Ngày thông báo", required=True)
    test_result_number = Str("Số phiếu xét nghiệm chất ma túy (Mẫu số 03)", required=True)


class ManagementDecisionSchema(TaskForm):
    """Quyết định quản lý người sử dụng trái phép chất ma túy, Mẫu số 07 (Điều 42 NĐ 105/2021;
    khoản 4 Điều 23 Luật Phòng, chống ma túy 2021).

    The 01-year term runs from ``decision_on`` (khoản 2 Điều 23 of the Law; Điều 43 NĐ 105/2021).
    """

    decision_number = Str("Số quyết định quản lý (Mẫu số 07)", required=True)
    decision_on = VnDate(
        "Ngày ký quyết định",
        required=True,
        help="Thời hạn quản lý 01 năm tính từ ngày này.",
    )
    team_leader = Str("Tổ trưởng tổ quản lý (Công an cấp xã)", required=True)
    team_members = LongText("Thành viên tổ quản lý", required=True)


class ResidenceCheckSchema(TaskForm):
    """Kiểm tra nơi cư trú, theo dõi người bị quản lý, at least once a month (khoản 1, 3 Điều 47
    NĐ 105/2021; Điều 23 Luật Phòng, chống ma túy 2021). No Mẫu.

    Found using again: the person goes to addiction determination (điểm a khoản 1 Điều 27 of the
    Law). Moved: the dossier is transferred within 05 working days of ``moved_on`` (khoản 2 Điều 47).
    """

    last_check_on = VnDate("Ngày kiểm tra", required=True, help="Lần kiểm tra tiếp theo tính từ ngày này.")
    check_outcome = Choice(
        "Kết quả kiểm tra",
        [
            ("normal", "Bình thường, tiếp tục quản lý"),
            ("used_again", "Phát hiện tiếp tục sử dụng trái phép chất ma túy (đề nghị xác định tình trạng nghiện)"),
            ("moved", "Thay đổi nơi cư trú"),
            ("stop_case", "Thuộc trường hợp dừng quản lý (khoản 5 Điều 23 Luật Phòng, chống ma túy)"),
        ],
        required=True,
    )
    moved_on = VnDate(
        "Ngày đến nơi cư trú mới",
        required_if=_MOVED,
        help="Thời hạn chuyển hồ sơ quản lý tính từ ngày này.",
    )
    new_residence = Str("Nơi cư trú mới", required_if=_MOVED)
    note = LongText("Ghi chú")


class ManagementTransferSchema(TaskForm):
    """Chuyển hồ sơ quản lý đến UBND cấp xã nơi cư trú mới, Mẫu số 08 (khoản 2 Điều 47 NĐ 105/2021;
    khoản 2 Điều 26 Luật Phòng, chống ma túy 2021)."""

    transfer_number = Str("Số văn bản chuyển hồ sơ (Mẫu số 08)", required=True)
    transferred_on = VnDate("Ngày chuyển hồ sơ", required=True)
    receiving_commune = Str("Ủy ban nhân dân cấp xã nơi cư trú mới", required=True)


class ManagementEndSchema(TaskForm):
    """Quyết định dừng quản lý, Mẫu số 09 (khoản 5 Điều 23 Luật Phòng, chống ma túy 2021), or
    quyết định chấm dứt quản lý khi hết thời hạn, Mẫu số 10 (Điều 48 NĐ 105/2021)."""

    decision_number = Str("Số quyết định (Mẫu số 09 hoặc Mẫu số 10)", required=True)
    decision_on = VnDate("Ngày ra quyết định", required=True)
    reason = LongText("Lý do dừng hoặc chấm dứt quản lý", required=True)
