"""Regime D task forms (Luật 120/2025/QH15, Nghị định 163/2026/NĐ-CP): the term at the public
rehab facility (khoản 1 Điều 29, khoản 4 Điều 36, khoản 2 Điều 37 Luật; Điều 107, 109, 123, 124
Nghị định 163) and post-rehab management at the place of residence (Điều 42, 48 Luật;
Điều 134–138 Nghị định 163).

What the forms cannot see (the person's earlier rehab episodes, the computed end of the term,
the window of a certificate) is checked by the engine: the DMN tables ``rehab_term_d`` and
``completion_certificate_d`` (task property ``validation_decision``) and the task property
``not_before``. Every event that starts a clock counted in hours is a moment (VnDateTime).
"""

from __future__ import annotations

from collections.abc import Iterable

from marshmallow import Schema, post_load

from ..base import Bool, Choice, LongText, Str, TaskForm, VnDate, VnDateTime

_NOTICE = ("term_event", "end_notice")
_CERTIFICATE = ("term_event", "certificate")
_ABSCONDED = ("term_event", "absconded")
ABSCONDED_CHOICE = ("absconded", "Người cai nghiện bỏ trốn khỏi cơ sở (ghi nhận để ra quyết định truy tìm)")
ABSCONDED_HELP = (
    "Thời gian bỏ trốn không được tính vào thời hạn chấp hành (khoản 3 Điều 109 Nghị định 163/2026/NĐ-CP); "
    "cơ sở thông báo Công an cấp xã nơi lập hồ sơ trong 24 giờ kể từ thời điểm này."
)


class TermConfirmationSchema(TaskForm):
    """Lần cai nghiện: 24 months for a first rehab, 36 from the second on (khoản 1 Điều 29 Luật,
    also for minors, điểm b khoản 2 Điều 30). The answer is checked against the person's earlier
    rehab episodes in the system by the DMN table ``rehab_term_d``; the term is computed."""

    episode_count_confirmed = Choice(
        "Lần cai nghiện ma túy của người này",
        [
            ("first", "Lần đầu: thời hạn cai nghiện 24 tháng"),
            ("repeat", "Từ lần thứ hai trở lên: thời hạn cai nghiện 36 tháng"),
        ],
        required=True,
        help="Đối chiếu các lần cai nghiện trước của người này (hồ sơ cai nghiện tự nguyện, chấp hành quyết định "
        "tại cơ sở) đã có trong hệ thống; lựa chọn trái với lịch sử đó bị từ chối và các lần đã ghi nhận được "
        "nêu trong thông báo (khoản 1 Điều 29 Luật Phòng, chống ma túy số 120/2025/QH15).",
    )
    history_checked = Bool(
        "Đã đối chiếu lịch sử cai nghiện của người này",
        must_be_true="Phải đối chiếu lịch sử cai nghiện trước khi xác định thời hạn "
        "(khoản 1 Điều 29 Luật Phòng, chống ma túy số 120/2025/QH15).",
    )


class TermEndNoticeSchema(TaskForm):
    """Thông báo thời gian hoàn thành, Mẫu số 51, at the latest 30 days before the end, to the
    regional court that decided, the commune police of residence and the family (khoản 1 Điều 123
    Nghị định 163). While it is pending the facility also records an escape here."""

    term_event = Choice(
        "Nội dung ghi nhận",
        [("end_notice", "Đã gửi thông báo thời gian hoàn thành cai nghiện (Mẫu số 51)"), ABSCONDED_CHOICE],
        required=True,
    )
    notice_number = Str("Số thông báo (Mẫu số 51)", required_if=_NOTICE)
    notice_on = VnDate("Ngày thông báo", required_if=_NOTICE)
    recipients = LongText(
        "Nơi nhận thông báo",
        required_if=_NOTICE,
        help="Tòa án nhân dân khu vực nơi ra quyết định; Công an cấp xã nơi cư trú (người không có nơi cư trú ổn "
        "định: nơi đăng ký cư trú sau khi hoàn thành); đại diện gia đình hoặc cha, mẹ, người giám hộ của người "
        "chưa thành niên (khoản 1 Điều 123 Nghị định 163/2026/NĐ-CP).",
    )
    social_protection = Bool(
        "Thuộc trường hợp đưa vào cơ sở bảo trợ xã hội sau khi hết thời hạn",
        required_if=_NOTICE,
        help="Người từ đủ 18 tuổi không xác định được nơi cư trú và không còn khả năng lao động; người từ đủ 12 đến "
        "dưới 18 tuổi không có nơi cư trú ổn định (khoản 1 Điều 124 Nghị định 163/2026/NĐ-CP): hồ sơ lập chậm nhất "
        "15 ngày trước khi hết thời hạn.",
    )
    absconded_at = VnDateTime(
        "Thời điểm người cai nghiện bỏ trốn (giờ, phút)", required_if=_ABSCONDED, help=ABSCONDED_HELP
    )


class AbscondingSchema(TaskForm):
    """Quyết định truy tìm, Mẫu số 43, by the head of the facility (khoản 2 Điều 109 Nghị định 163)
    and the notice to the commune police that prepared the dossier within 24 hours (điểm i
    khoản 2 Điều 46 Luật)."""

    search_decision_number = Str("Số quyết định truy tìm (Mẫu số 43)", required=True)
    search_decided_at = VnDateTime("Thời điểm ra quyết định truy tìm (giờ, phút)", required=True)
    commune_police_notified_at = VnDateTime(
        "Thời điểm thông báo Công an cấp xã nơi lập hồ sơ (giờ, phút)",
        required=True,
        help="Trong 24 giờ kể từ khi người cai nghiện bỏ trốn (điểm i khoản 2 Điều 46 Luật Phòng, chống ma túy "
        "số 120/2025/QH15).",
    )


class AbscondingReturnSchema(TaskForm):
    """The person is back at the facility: the term continues and its end moves by the time away
    (khoản 4 Điều 107, khoản 3 Điều 109 Nghị định 163)."""

    returned_at = VnDateTime(
        "Thời điểm người bỏ trốn trở lại hoặc được đưa trở lại cơ sở (giờ, phút)",
        required=True,
        help="Thời gian từ khi bỏ trốn đến thời điểm này (làm tròn lên theo ngày) được cộng vào ngày hết thời hạn.",
    )
    return_circumstances = Choice(
        "Trường hợp trở lại",
        [("self", "Tự trở lại cơ sở"), ("found", "Được cơ quan chức năng phát hiện, đưa trở lại cơ sở")],
        required=True,
    )
    note = LongText("Ghi chú")


class SocialProtectionSchema(TaskForm):
    """Hồ sơ đề nghị đưa vào cơ sở bảo trợ xã hội, at the latest 15 days before the end: the
    completion certificate, the evidence and the head's letter (khoản 1, khoản 2 Điều 124 Nghị
    định 163; khoản 6 Điều 35, khoản 6 Điều 36 Luật)."""

    social_protection_ground = Choice(
        "Đối tượng",
        [
            (
                "adult_no_residence",
                "Người từ đủ 18 tuổi không xác định được nơi cư trú và không còn khả năng lao động "
                "(điểm b khoản 1 Điều 124)",
            ),
            (
                "minor_no_residence",
                "Người từ đủ 12 đến dưới 18 tuổi không có nơi cư trú ổn định (điểm a khoản 1 Điều 124)",
            ),
        ],
        required=True,
    )
    receiving_centre = Str("Cơ sở bảo trợ xã hội trên địa bàn nơi cơ sở cai nghiện đặt trụ sở", required=True)
    letter_number = Str("Số công văn đề nghị của Trưởng cơ sở cai nghiện", required=True)
    social_dossier_sent_on = VnDate("Ngày gửi hồ sơ đề nghị", required=True)
    evidence = LongText(
        "Tài liệu chứng minh thuộc đối tượng", required=True, help="Điểm b khoản 2 Điều 124 Nghị định 163/2026/NĐ-CP."
    )


class CompletionCertificateSchema(TaskForm):
    """Giấy xác nhận hoàn thành cai nghiện ma túy, Mẫu số 50, issued in the 24 hours before the
    completion, copies to the regional court, the commune committee and police; the post-rehab
    decision is handed over (biên bản Mẫu số 23) (khoản 2 Điều 123 Nghị định 163). The window and
    the completion day are checked by the engine (``not_before``, DMN ``completion_certificate_d``)."""

    term_event = Choice(
        "Nội dung ghi nhận",
        [("certificate", "Cấp giấy xác nhận hoàn thành cai nghiện ma túy (Mẫu số 50)"), ABSCONDED_CHOICE],
        required=True,
    )
    certificate_number = Str("Số giấy xác nhận (Mẫu số 50)", required_if=_CERTIFICATE)
    certificate_issued_at = VnDateTime(
        "Thời điểm cấp giấy xác nhận (giờ, phút)",
        required_if=_CERTIFICATE,
        help="Trong 24 giờ trước khi người cai nghiện hoàn thành (khoản 2 Điều 123 Nghị định 163/2026/NĐ-CP).",
    )
    completed_on = VnDate(
        "Ngày hoàn thành cai nghiện (ngày hết thời hạn chấp hành)",
        required_if=_CERTIFICATE,
        help="Phải là ngày hết thời hạn hệ thống đã tính (đã trừ thời gian quản lý trong thời gian lập hồ sơ, "
        "đã cộng thời gian bỏ trốn).",
    )
    recipients = LongText(
        "Nơi nhận bản sao",
        required_if=_CERTIFICATE,
        help="Tòa án nhân dân khu vực đã ra quyết định; Ủy ban nhân dân và Công an cấp xã nơi cư trú; người cai "
        "nghiện hoặc cha, mẹ, người giám hộ của người chưa thành niên (điểm a khoản 2 Điều 123).",
    )
    post_rehab_decision_handed_over = Bool(
        "Đã thông báo và trao quyết định quản lý sau cai nghiện (biên bản giao nhận Mẫu số 23)",
        required_if=_CERTIFICATE,
        help="Điểm b khoản 2 Điều 123 Nghị định 163/2026/NĐ-CP; nếu Chủ tịch UBND cấp xã chưa ra quyết định, ghi "
        "rõ ở phần ghi chú.",
    )
    note = LongText("Ghi chú")
    absconded_at = VnDateTime(
        "Thời điểm người cai nghiện bỏ trốn (giờ, phút)", required_if=_ABSCONDED, help=ABSCONDED_HELP
    )

    def check(self, data: dict) -> Iterable[tuple[str, str]]:
        handed_over = data.get("post_rehab_decision_handed_over")
        if data.get("term_event") == "certificate" and handed_over is False and not data.get("note"):
            yield "note", "Ghi rõ lý do chưa trao quyết định quản lý sau cai nghiện (điểm b khoản 2 Điều 123)."


class AdultTransferSchema(TaskForm):
    """The person turned 18 with 3 months or more left: the rest of the term is served at a
    public rehab facility (khoản 4 Điều 36 Luật). Who decides, and by when: NOT FOUND."""

    transfer_decision_number = Str("Số quyết định chuyển", required=True)
    transfer_decided_by = Str(
        "Người ra quyết định chuyển",
        required=True,
        help="Văn bản không quy định người quyết định (điểm b khoản 2 Điều 38 Luật giao Giám đốc Công an cấp tỉnh "
        "điều chuyển người cai nghiện): ghi theo văn bản thực tế.",
    )
    facility_name = Str("Cơ sở cai nghiện ma túy công lập tiếp nhận", required=True)
    transferred_on = VnDate("Ngày chuyển", required=True)


class PostRehabProposalSchema(TaskForm):
    """Văn bản đề nghị quản lý sau cai nghiện, Mẫu số 52, from the chief of commune police to the
    chairman within 02 working days of receiving the completion notice (khoản 1 Điều 134 Nghị
    định 163)."""

    notice_received_on = VnDate(
        "Ngày nhận được thông báo thời gian hoàn thành cai nghiện (Mẫu số 51)",
        required=True,
        help="Người đã chấp hành xong trước khi có thông báo (chuyển tiếp theo khoản 1 Điều 56 Luật): ngày nhận giấy "
        "xác nhận hoàn thành.",
    )
    proposal_number = Str("Số văn bản đề nghị (Mẫu số 52)", required=True)
    proposal_on = VnDate("Ngày văn bản đề nghị", required=True, not_before="notice_received_on")
    registered_residence = Str(
        "Nơi đăng ký cư trú sau khi hoàn thành (người không có nơi cư trú ổn định)",
        help="Khoản 3 Điều 42 Luật Phòng, chống ma túy số 120/2025/QH15.",
    )


class PostRehabDecisionSchema(TaskForm):
    """Quyết định quản lý sau cai nghiện ma túy tại nơi cư trú, Mẫu số 53, by the chairman (khoản 6
    Điều 42 Luật; khoản 1–3 Điều 134 Nghị định 163). The term is the Law's, not typed: 02 years
    after the adults' compulsory measure, 01 year otherwise (khoản 1, 2 Điều 42)."""

    decision_number = Str("Số quyết định (Mẫu số 53)", required=True)
    decided_at = VnDateTime(
        "Thời điểm ký quyết định (giờ, phút)",
        required=True,
        help="Trưởng Công an cấp xã quyết định giám sát điện tử trong 12 giờ kể từ khi nhận được quyết định này "
        "(điểm a khoản 2 Điều 16 Nghị định 163/2026/NĐ-CP).",
    )
    support_assignment = LongText(
        "Phân công tổ chức, cá nhân hỗ trợ người sau cai nghiện",
        required=True,
        help="Khoản 2 Điều 134 Nghị định 163/2026/NĐ-CP.",
    )
    recipients = LongText(
        "Nơi nhận quyết định",
        required=True,
        help="Người sau cai nghiện (hoặc cha, mẹ, người giám hộ), Trưởng cơ sở cai nghiện ma túy công lập hoặc Hiệu "
        "trưởng trường giáo dưỡng, người được giao hỗ trợ, Trưởng Công an cấp xã (khoản 3 Điều 134).",
    )

    @post_load
    def _decision_day(self, data: dict, **kwargs) -> dict:
        """The decision's day (printed on Mẫu số 53) is the Vietnam day of its signing."""
        data["decision_on"] = data["decided_at"].date()
        return data


class PostRehabCompletionSchema(TaskForm):
    """The commune police record the day the person completed, from the copy of the facility's
    certificate (Mẫu số 50, điểm a khoản 2 Điều 123 Nghị định 163): the post-rehab term runs from it
    (khoản 1, 2 Điều 42 Luật)."""

    completed_on = VnDate("Ngày hoàn thành cai nghiện ghi trên giấy xác nhận (Mẫu số 50)", required=True)
    completion_certificate_number = Str("Số giấy xác nhận hoàn thành cai nghiện (Mẫu số 50)", required=True)
    completion_certificate_issuer = Str("Cơ sở cấp giấy xác nhận", required=True)


_MOVED = ("supervision_outcome", "moved")
_ABSENT = ("supervision_outcome", "absent")
_REMOVED = ("supervision_outcome", "removed")


class PostRehabCheckSchema(TaskForm):
    """Quản lý cư trú, tư vấn, xét nghiệm (khoản 4, 7 Điều 42 Luật; Điều 136 Nghị định 163).

    Absent without reporting: the days away do not count (điểm a khoản 1 Điều 136). Moved: the
    commune police notify the new commune within 24 hours of the person leaving (khoản 2 Điều 48
    Luật, Mẫu số 54). Found using drugs: addiction determination (điểm d khoản 1 Điều 31 Luật)."""

    checked_on = VnDate("Ngày kiểm tra", required=True)
    supervision_outcome = Choice(
        "Kết quả",
        [
            ("normal", "Bình thường, tiếp tục quản lý"),
            ("absent", "Vắng mặt tại nơi cư trú không báo cáo (thời gian vắng mặt không được trừ vào thời hạn)"),
            ("relapse", "Phát hiện sử dụng trái phép chất ma túy: đề nghị xác định tình trạng nghiện"),
            ("moved", "Thay đổi nơi cư trú (chuyển khỏi địa phương)"),
            ("removed", "Đưa ra khỏi danh sách quản lý vì lý do khác (chấp hành án phạt tù, chết…)"),
        ],
        required=True,
    )
    test_result = Choice(
        "Kết quả xét nghiệm chất ma túy",
        [("negative", "Âm tính"), ("positive", "Dương tính"), ("not_tested", "Không xét nghiệm")],
        required=True,
    )
    absent_from = VnDate("Vắng mặt từ ngày", required_if=_ABSENT)
    absent_to = VnDate("Đến ngày", required_if=_ABSENT, not_before="absent_from")
    moved_at = VnDateTime(
        "Thời điểm người đó chuyển khỏi địa phương (giờ, phút)",
        required_if=_MOVED,
        help="Thông báo Công an cấp xã nơi chuyển đến trong 24 giờ kể từ thời điểm này (khoản 2 Điều 48 Luật Phòng, "
        "chống ma túy số 120/2025/QH15).",
    )
    new_commune = Str("Công an cấp xã nơi chuyển đến", required_if=_MOVED)
    new_residence = Str("Nơi cư trú mới", required_if=_MOVED)
    removal_reason = LongText("Lý do đưa ra khỏi danh sách", required_if=_REMOVED)
    note = LongText("Ghi chú")

    def check(self, data: dict) -> Iterable[tuple[str, str]]:
        if data.get("supervision_outcome") == "relapse" and data.get("test_result") != "positive":
            yield "test_result", "Đề nghị xác định tình trạng nghiện khi có kết quả xét nghiệm dương tính."

    @post_load
    def _moved_day(self, data: dict, **kwargs) -> dict:
        """Mẫu số 54 prints the day the person left beside the moment."""
        if data.get("moved_at"):
            data["moved_on"] = data["moved_at"].date()
        return data


class PostRehabMoveNoticeSchema(TaskForm):
    """Thông báo cho Công an cấp xã nơi chuyển đến, Mẫu số 54, within 24 hours of the person
    leaving (khoản 2 Điều 48 Luật; điểm b khoản 1 Điều 136 Nghị định 163)."""

    notice_number = Str("Số thông báo (Mẫu số 54)", required=True)
    notice_sent_at = VnDateTime("Thời điểm gửi thông báo (giờ, phút)", required=True)


class PostRehabCertificateSchema(TaskForm):
    """Giấy xác nhận đã chấp hành xong quyết định quản lý sau cai nghiện, Mẫu số 56, issued by the
    chairman on the commune police's advice in the 03 working days before the end, and removal
    from the list (Điều 138 Nghị định 163). The window is checked by the engine (``not_before``)."""

    certificate_number = Str("Số giấy xác nhận (Mẫu số 56)", required=True)
    issued_on = VnDate("Ngày cấp giấy xác nhận", required=True)
    police_advised = Bool(
        "Công an cấp xã đã tham mưu cấp giấy xác nhận",
        must_be_true="Công an cấp xã tham mưu Chủ tịch Ủy ban nhân dân cấp xã cấp giấy xác nhận (Điều 138 Nghị định "
        "163/2026/NĐ-CP).",
    )
    removed_from_list = Bool(
        "Đã đưa người bị quản lý ra khỏi danh sách quản lý sau cai nghiện",
        must_be_true="Cấp giấy xác nhận và đưa người bị quản lý ra khỏi danh sách (Điều 138 Nghị định 163/2026/NĐ-CP).",
    )


TASK_FORMS: dict[str, type[Schema]] = {
    "d_term_confirm": TermConfirmationSchema,
    "d_term_end_notice": TermEndNoticeSchema,
    "d_term_absconding": AbscondingSchema,
    "d_term_return": AbscondingReturnSchema,
    "d_term_social_protection": SocialProtectionSchema,
    "d_term_certificate": CompletionCertificateSchema,
    "d_term_adult_transfer": AdultTransferSchema,
    "d_post_rehab_proposal": PostRehabProposalSchema,
    "d_post_rehab_decision": PostRehabDecisionSchema,
    "d_post_rehab_completion": PostRehabCompletionSchema,
    "d_post_rehab_check": PostRehabCheckSchema,
    "d_post_rehab_move_notice": PostRehabMoveNoticeSchema,
    "d_post_rehab_certificate": PostRehabCertificateSchema,
}
