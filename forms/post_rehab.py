"""Forms of post-rehab management at the place of residence (quản lý sau cai nghiện ma túy):
the commune police and the commune chairman (Điều 40, 43 Luật Phòng, chống ma túy 2021;
khoản 5 Điều 62, Điều 77-81 Nghị định 116/2021/NĐ-CP)."""

from __future__ import annotations

from .base import Choice, Int, LongText, Str, TaskForm, VnDate

_MOVED = ("supervision_outcome", "moved")


class ReturnReportSchema(TaskForm):
    """Tiếp nhận trình báo of a person back from rehab, due within 05 working days of coming home
    (khoản 5 Điều 62 NĐ 116/2021). No Mẫu."""

    reported_on = VnDate(
        "Ngày người đã chấp hành xong trình báo",
        required=True,
        help="Thời hạn lập hồ sơ quản lý sau cai nghiện tính từ ngày này.",
    )


class PostRehabProposalSchema(TaskForm):
    """Văn bản đề nghị quản lý sau cai nghiện, Mẫu số 50, with the background record Mẫu số 30
    (Điều 77 NĐ 116/2021)."""

    proposal_number = Str("Số văn bản đề nghị (Mẫu số 50)", required=True)
    proposal_on = VnDate("Ngày văn bản đề nghị", required=True)


class PostRehabDecisionSchema(TaskForm):
    """Quyết định quản lý sau cai nghiện ma túy tại nơi cư trú, Mẫu số 51 (khoản 1 Điều 78 NĐ 116/2021;
    Điều 40 Luật Phòng, chống ma túy 2021).

    Only a sanity range here: 01 year or 02 years depending on how rehab ended (khoản 1, 2 Điều 40
    of the Law) is the DMN table ``post_rehab_term``'s rule.
    """

    decision_number = Str("Số quyết định (Mẫu số 51)", required=True)
    decision_on = VnDate("Ngày ra quyết định", required=True, help="Thời hạn quản lý sau cai nghiện tính từ ngày này.")
    term_months = Int(
        "Thời hạn quản lý (tháng)",
        required=True,
        min=1,
        max=60,
        help="12 tháng sau cai nghiện tự nguyện, điều trị thay thế hoặc người chưa thành niên chấp hành xong; "
        "24 tháng đối với người từ đủ 18 tuổi chấp hành xong cai nghiện bắt buộc (Điều 40 Luật Phòng, "
        "chống ma túy 2021); được kiểm tra khi hoàn thành nhiệm vụ.",
    )


class SupervisionCheckSchema(TaskForm):
    """Theo dõi, tư vấn, xét nghiệm định kỳ hoặc đột xuất (Điều 79 NĐ 116/2021; khoản 3 Điều 40
    Luật Phòng, chống ma túy 2021). No Mẫu.

    Relapse: the person goes to addiction determination (điểm d khoản 1 Điều 27 of the Law).
    Moved: the new commune is notified within 05 working days of ``moved_on`` (Mẫu số 53).
    """

    last_check_on = VnDate("Ngày kiểm tra", required=True, help="Lần kiểm tra tiếp theo tính từ ngày này.")
    supervision_outcome = Choice(
        "Kết quả theo dõi",
        [
            ("normal", "Bình thường, tiếp tục quản lý"),
            ("relapse", "Phát hiện sử dụng trái phép chất ma túy (đề nghị xác định tình trạng nghiện)"),
            ("moved", "Thay đổi nơi cư trú"),
            ("removed", "Đưa ra khỏi danh sách quản lý (chấp hành án phạt tù, chết…)"),
        ],
        required=True,
    )
    test_result = Choice(
        "Kết quả xét nghiệm chất ma túy",
        [("negative", "Âm tính"), ("positive", "Dương tính"), ("not_tested", "Không xét nghiệm")],
        required=True,
    )
    moved_on = VnDate(
        "Ngày đến nơi cư trú mới",
        required_if=_MOVED,
        help="Thời hạn thông báo cho xã nơi cư trú mới tính từ ngày này.",
    )
    new_residence = Str("Nơi cư trú mới", required_if=_MOVED)
    note = LongText("Ghi chú")


class MoveNoticeSchema(TaskForm):
    """Thông báo cho Ủy ban nhân dân cấp xã nơi cư trú mới, Mẫu số 53 (Điều 79 NĐ 116/2021;
    khoản 2 Điều 43 Luật Phòng, chống ma túy 2021)."""

    notice_number = Str("Số thông báo (Mẫu số 53)", required=True)
    notice_on = VnDate("Ngày thông báo", required=True)
    new_commune = Str("Ủy ban nhân dân cấp xã nơi cư trú mới", required=True)


class PostRehabCertificateSchema(TaskForm):
    """Cấp giấy chứng nhận hoàn thành thời gian quản lý sau cai nghiện ma túy, Mẫu số 54
    (Điều 81 NĐ 116/2021)."""

    certificate_number = Str("Số giấy chứng nhận (Mẫu số 54)", required=True)
    certificate_on = VnDate("Ngày cấp giấy chứng nhận", required=True)
