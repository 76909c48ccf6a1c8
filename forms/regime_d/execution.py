"""Regime D task forms (Luật 120/2025/QH15, Nghị định 163/2026/NĐ-CP): execution of the
regional court's decision sending a person to compulsory rehab, adults and minors
(khoản 5 Điều 38, Điều 39 Luật; Điều 106–110 Nghị định 163), and the receipt of that
decision recorded by the Regime C model when the decision falls on or after 01/07/2026
(khoản 2 Điều 56 Luật).

Every event that starts a clock counted in hours is a moment (VnDateTime, Vietnam time):
the 24 hours run across nights, weekends and days off. The order of the moments recorded
on earlier steps (the decision before its receipt, the receipt before the escort) is
checked by the engine from each task's ``not_before`` property; this module checks the
order of the moments within one form.
"""

from __future__ import annotations

from collections.abc import Iterable

from marshmallow import Schema

from ..base import REQUIRED, Bool, Choice, LongText, Str, TaskForm, VnDate, VnDateTime

DOCUMENTS_108 = (
    "Hồ sơ tiếp nhận phải có quyết định của Tòa án nhân dân khu vực, quyết định giao cơ sở "
    "tiếp nhận và bản sao bản tóm tắt lý lịch của người phải chấp hành (Điều 108 Nghị định 163/2026/NĐ-CP)."
)


class CourtDecisionReceiptSchema(TaskForm):
    """Thời điểm Công an cấp xã nhận quyết định của Tòa án nhân dân khu vực: the 24 hours of
    khoản 1 Điều 106 Nghị định 163 for the request letter to the provincial police director
    run from it. Used by the Regime C model when the decision is dated 01/07/2026 or later."""

    decision_received_at = VnDateTime(
        "Thời điểm nhận quyết định của Tòa án (giờ, phút)",
        required=True,
        help="Thời hạn 24 giờ gửi Công văn đề nghị kèm quyết định đến Giám đốc Công an cấp tỉnh "
        "tính từ thời điểm này (khoản 1 Điều 106 Nghị định 163/2026/NĐ-CP).",
    )
    court_name = Str("Tòa án nhân dân khu vực đã ra quyết định", required=True)


class ForwardToDirectorSchema(TaskForm):
    """Công văn đề nghị kèm quyết định của Tòa án gửi Giám đốc Công an cấp tỉnh within 24 hours
    of receiving the decision (khoản 1 Điều 106 Nghị định 163)."""

    letter_number = Str("Số Công văn đề nghị", required=True)
    sent_at = VnDateTime(
        "Thời điểm gửi Công văn đề nghị (giờ, phút)",
        required=True,
        help="Thời hạn 24 giờ của Giám đốc Công an cấp tỉnh được hiển thị từ thời điểm này; "
        "thời hạn theo luật tính từ khi Giám đốc nhận được văn bản.",
    )
    court_decision_attached = Bool(
        "Đã gửi kèm quyết định của Tòa án nhân dân khu vực",
        must_be_true="Công văn đề nghị phải gửi kèm theo quyết định của Tòa án nhân dân khu vực "
        "(khoản 1 Điều 106 Nghị định 163/2026/NĐ-CP).",
    )


class _Designation(TaskForm):
    """What the director records: the receipt of the request, then either the designation
    decision or the referral to a department of the Ministry."""

    request_received_at = VnDateTime(
        "Thời điểm nhận Công văn đề nghị của Trưởng Công an cấp xã (giờ, phút)",
        required=True,
        help="Thời hạn 24 giờ của khoản 2 Điều 106 Nghị định 163/2026/NĐ-CP tính từ thời điểm này.",
    )
    facility_name = Str("Cơ sở cai nghiện ma túy công lập tiếp nhận", required_if=("director_outcome", "designate"))
    designation_number = Str("Số quyết định giao cơ sở tiếp nhận", required_if=("director_outcome", "designate"))
    designated_at = VnDateTime(
        "Thời điểm ban hành quyết định giao cơ sở (giờ, phút)",
        required_if=("director_outcome", "designate"),
        not_before="request_received_at",
        help="Quyết định phải được gửi trong 24 giờ kể từ thời điểm này (khoản 4 Điều 106 Nghị định 163/2026/NĐ-CP).",
    )
    referral_number = Str("Số văn bản đề nghị Cục", required_unless=("director_outcome", "designate"))
    referred_at = VnDateTime(
        "Thời điểm gửi văn bản đề nghị Cục (giờ, phút)",
        required_unless=("director_outcome", "designate"),
        not_before="request_received_at",
    )


class AdultDesignationSchema(_Designation):
    """Người từ đủ 18 tuổi: the director designates a public facility of the province, or,
    when the province's facilities cannot receive the person, asks the Director of C04
    (điểm a khoản 2 Điều 106 Nghị định 163; điểm a khoản 2, khoản 3, khoản 5 Điều 38 Luật)."""

    director_outcome = Choice(
        "Quyết định của Giám đốc Công an cấp tỉnh",
        [
            ("designate", "Quyết định cơ sở cai nghiện ma túy công lập thuộc tỉnh tiếp nhận"),
            ("refer_c04", "Cơ sở trong tỉnh không còn khả năng tiếp nhận: đề nghị Cục trưởng C04 quyết định"),
        ],
        required=True,
    )
    no_capacity_reason = LongText(
        "Lý do cơ sở trong tỉnh không còn khả năng tiếp nhận", required_if=("director_outcome", "refer_c04")
    )


class MinorDesignationSchema(_Designation):
    """Người từ đủ 12 đến dưới 18 tuổi: the director asks the Director of C10 to designate a
    reformatory, or designates a qualified public facility (điểm b khoản 2 Điều 106 Nghị
    định 163; khoản 4 Điều 38, điểm b khoản 2 Điều 30 Luật)."""

    director_outcome = Choice(
        "Quyết định của Giám đốc Công an cấp tỉnh",
        [
            (
                "refer_c10",
                "Đề nghị Cục trưởng Cục Cảnh sát quản lý trại giam, CSGDBB, trường giáo dưỡng (C10) "
                "quyết định trường giáo dưỡng",
            ),
            ("designate", "Quyết định cơ sở cai nghiện ma túy công lập đủ điều kiện tiếp nhận người chưa thành niên"),
        ],
        required=True,
    )


class NationalDesignationSchema(TaskForm):
    """Cục trưởng C04 (a public facility of another province) or C10 (a reformatory) decides
    within 24 hours of receiving the director's request (khoản 3 Điều 106 Nghị định 163)."""

    referral_received_at = VnDateTime(
        "Thời điểm nhận văn bản đề nghị của Giám đốc Công an cấp tỉnh (giờ, phút)",
        required=True,
    )
    facility_name = Str("Cơ sở, trường giáo dưỡng tiếp nhận", required=True)
    designation_number = Str("Số quyết định", required=True)
    designated_at = VnDateTime(
        "Thời điểm ban hành quyết định (giờ, phút)",
        required=True,
        not_before="referral_received_at",
        help="Quyết định phải được gửi trong 24 giờ kể từ thời điểm này (khoản 4 Điều 106 Nghị định 163/2026/NĐ-CP).",
    )


class DesignationDispatchSchema(TaskForm):
    """Gửi quyết định giao cơ sở within 24 hours of its issue (khoản 4 Điều 106 Nghị định 163)."""

    dispatched_at = VnDateTime("Thời điểm gửi quyết định (giờ, phút)", required=True)
    recipients = LongText(
        "Nơi nhận",
        required=True,
        help="Trưởng Công an cấp xã nơi lập hồ sơ (hoặc Giám đốc Công an cấp tỉnh) và cơ sở, "
        "trường giáo dưỡng được giao.",
    )


class DesignationReceiptSchema(TaskForm):
    """Công an cấp xã nhận quyết định giao cơ sở: the 24 hours of khoản 1 Điều 107 Nghị định 163
    run from this moment. A person already managed at that very facility while the dossier
    was prepared is not escorted: the head of the facility notifies the person (Điều 107)."""

    designation_received_at = VnDateTime(
        "Thời điểm nhận quyết định giao cơ sở tiếp nhận (giờ, phút)",
        required=True,
        help="Thời hạn 24 giờ đưa người đến cơ sở tính từ thời điểm này (khoản 1 Điều 107 Nghị định 163/2026/NĐ-CP).",
    )
    already_at_facility = Bool(
        "Người phải chấp hành đang được quản lý trong thời gian lập hồ sơ tại chính cơ sở được giao",
        required=True,
        help="Khi đó Trưởng cơ sở thông báo cho người phải chấp hành, không phải đưa đi.",
    )


ESCORT_OUTCOMES = [
    ("delivered", "Đã đưa người đến cơ sở và bàn giao"),
    ("custody", "Người phải chấp hành không chấp hành: đã tạm giữ hành chính và áp giải đến cơ sở"),
    ("force_majeure", "Có sự kiện bất khả kháng: chưa đưa được (thời hạn được tính lại khi sự kiện chấm dứt)"),
    ("absconded", "Người phải chấp hành bỏ trốn trước khi được đưa đến cơ sở"),
    ("application", "Người phải chấp hành có đơn đề nghị hoãn hoặc miễn chấp hành gửi Tòa án (Mẫu số 44, 45)"),
]
APPLICATION_KINDS = [
    ("postponement", "Đơn đề nghị hoãn chấp hành quyết định (Mẫu số 44)"),
    ("exemption", "Đơn đề nghị miễn chấp hành quyết định (Mẫu số 45)"),
]
APPLICATION_GROUNDS = [
    ("serious_illness", "Hoãn: đang ốm nặng có xác nhận của cơ sở khám bệnh, chữa bệnh"),
    ("family_hardship", "Hoãn: gia đình có hoàn cảnh đặc biệt khó khăn, được Chủ tịch UBND cấp xã xác nhận"),
    ("dangerous_illness", "Miễn: mắc bệnh hiểm nghèo"),
    ("no_longer_addicted", "Miễn: trong thời gian hoãn không còn nghiện ma túy"),
    ("pregnant", "Miễn: đang mang thai có chứng nhận của cơ sở khám bệnh, chữa bệnh"),
]
HANDED_OVER = ("delivered", "custody")


class EscortSchema(TaskForm):
    """Đưa người phải chấp hành đến cơ sở within 24 hours (khoản 1 Điều 107 Nghị định 163;
    khoản 5 Điều 38 Luật), with the branches of Điều 107 (refusal: tạm giữ hành chính and
    áp giải; force majeure: the limit is counted again from its end; absconding) and of
    Điều 39 Luật (an application for postponement or exemption to the regional court)."""

    escort_outcome = Choice("Kết quả", ESCORT_OUTCOMES, required=True)
    handed_over_at = VnDateTime(
        "Thời điểm bàn giao người phải chấp hành cho cơ sở (giờ, phút)",
        help="Thời điểm cơ sở, trường giáo dưỡng nhận người; phải trong 24 giờ kể từ khi nhận quyết định giao cơ sở.",
    )
    custody_decision_number = Str(
        "Số quyết định tạm giữ người theo thủ tục hành chính", required_if=("escort_outcome", "custody")
    )
    custody_decided_at = VnDateTime(
        "Thời điểm ra quyết định tạm giữ hành chính (giờ, phút)",
        required_if=("escort_outcome", "custody"),
    )
    force_majeure_event = LongText("Sự kiện bất khả kháng", required_if=("escort_outcome", "force_majeure"))
    force_majeure_authority = Str(
        "Cơ quan có thẩm quyền xác định sự kiện bất khả kháng chấm dứt", required_if=("escort_outcome", "force_majeure")
    )
    force_majeure_ended_at = VnDateTime(
        "Thời điểm sự kiện bất khả kháng chấm dứt (giờ, phút)",
        required_if=("escort_outcome", "force_majeure"),
        help="Thời hạn 24 giờ được tính lại kể từ thời điểm này (khoản 3 Điều 107 Nghị định 163/2026/NĐ-CP).",
    )
    absconded_at = VnDateTime(
        "Thời điểm phát hiện người phải chấp hành bỏ trốn (giờ, phút)",
        required_if=("escort_outcome", "absconded"),
    )
    application_kind = Choice("Loại đơn", APPLICATION_KINDS, required_if=("escort_outcome", "application"))
    application_ground = Choice("Lý do đề nghị", APPLICATION_GROUNDS, required_if=("escort_outcome", "application"))
    application_submitted_on = VnDate(
        "Ngày người phải chấp hành gửi đơn đến Tòa án nhân dân khu vực",
        required_if=("escort_outcome", "application"),
    )
    notes = LongText("Ghi chú")

    def check(self, data: dict) -> Iterable[tuple[str, str]]:
        if data.get("escort_outcome") in HANDED_OVER and "handed_over_at" not in data:
            yield "handed_over_at", REQUIRED
        outcome, kind, ground = data.get("escort_outcome"), data.get("application_kind"), data.get("application_ground")
        if outcome == "application" and kind and ground:
            postponement = ground in ("serious_illness", "family_hardship")
            if postponement != (kind == "postponement"):
                yield (
                    "application_ground",
                    (
                        "Lý do không phù hợp với loại đơn: hoãn theo khoản 1, miễn theo khoản 2 Điều 39 "
                        "Luật Phòng, chống ma túy số 120/2025/QH15."
                    ),
                )
        handed, custody = data.get("handed_over_at"), data.get("custody_decided_at")
        if outcome == "custody" and handed and custody and handed < custody:
            yield "handed_over_at", "Không được trước thời điểm ra quyết định tạm giữ hành chính."


class SearchDecisionSchema(TaskForm):
    """Quyết định truy tìm người phải chấp hành chưa được đưa đến cơ sở mà bỏ trốn: by the
    provincial police director (khoản 1 Điều 109 Nghị định 163; điểm d khoản 2 Điều 38 Luật)."""

    search_decision_number = Str("Số quyết định truy tìm", required=True)
    search_decided_at = VnDateTime("Thời điểm ra quyết định truy tìm (giờ, phút)", required=True)


class AbsconderReturnSchema(TaskForm):
    """The person found or back: the escort starts again; the time absent is not counted
    (khoản 4 Điều 107, khoản 3 Điều 109 Nghị định 163)."""

    returned_at = VnDateTime(
        "Thời điểm người bỏ trốn bị bắt giữ hoặc ra trình diện (giờ, phút)",
        required=True,
        help="Việc đưa người đến cơ sở được tiếp tục trong 24 giờ kể từ thời điểm này (suy luận, chưa xác minh).",
    )
    return_kind = Choice(
        "Hình thức",
        [("arrested", "Bị bắt giữ theo quyết định truy tìm"), ("surrendered", "Tự ra trình diện")],
        required=True,
    )
    notes = LongText("Ghi chú")


class PostponementRulingSchema(TaskForm):
    """The regional court decides on the application for postponement or exemption (khoản 1,
    2, 4 Điều 39 Luật; khoản 1 Điều 110 Nghị định 163); its limit is not found."""

    postponement_outcome = Choice(
        "Quyết định của Tòa án",
        [
            ("postponed", "Hoãn chấp hành quyết định"),
            ("exempted", "Miễn chấp hành quyết định"),
            ("rejected", "Không chấp nhận đề nghị: tiếp tục đưa người đi cai nghiện"),
        ],
        required=True,
    )
    ruling_number = Str("Số quyết định (hoặc văn bản trả lời) của Tòa án", required=True)
    ruling_at = VnDateTime("Thời điểm Tòa án ra quyết định (giờ, phút)", required=True)
    postponed_until = VnDate(
        "Hoãn đến hết ngày",
        required_if=("postponement_outcome", "postponed"),
        not_before="ruling_at",
        planned="ngày hết thời gian hoãn do Tòa án quyết định, thường sau hôm nay",
        help="Hết ngày này hệ thống mở lại việc đưa người đến cơ sở (thời hạn 24 giờ).",
    )
    reasons = LongText("Lý do, căn cứ", required=True)


class InPlaceNoticeSchema(TaskForm):
    """A person already managed at the designated facility: the head notifies the person of
    the decision, without an escort (Điều 107 Nghị định 163)."""

    notified_at = VnDateTime("Thời điểm Trưởng cơ sở thông báo cho người phải chấp hành (giờ, phút)", required=True)
    admitted_on = VnDate(
        "Ngày bắt đầu chấp hành quyết định tại cơ sở",
        required=True,
        not_before="notified_at",
        help="Thời gian đã quản lý tại cơ sở trong thời gian lập hồ sơ được trừ vào thời hạn (khoản 2 Điều 37 Luật).",
    )
    documents_received = Bool("Đã nhận quyết định của Tòa án và quyết định giao cơ sở", must_be_true=DOCUMENTS_108)


class AdmissionSchema(TaskForm):
    """Tiếp nhận người phải chấp hành, biên bản giao nhận Mẫu số 42 (Điều 108 Nghị định 163)."""

    handover_record_number = Str("Số biên bản giao nhận (Mẫu số 42)", required=True)
    admitted_on = VnDate("Ngày tiếp nhận", required=True)
    documents_received = Bool(
        "Đã nhận quyết định của Tòa án, quyết định giao cơ sở và bản sao tóm tắt lý lịch", must_be_true=DOCUMENTS_108
    )
    health_check = LongText("Kết quả kiểm tra sức khỏe, đồ dùng cá nhân khi tiếp nhận")


TASK_FORMS: dict[str, type[Schema]] = {
    "d_court_decision_receipt": CourtDecisionReceiptSchema,
    "d_forward_to_director": ForwardToDirectorSchema,
    "d_adult_designation": AdultDesignationSchema,
    "d_minor_designation": MinorDesignationSchema,
    "d_national_designation": NationalDesignationSchema,
    "d_designation_dispatch": DesignationDispatchSchema,
    "d_designation_receipt": DesignationReceiptSchema,
    "d_escort": EscortSchema,
    "d_search_decision": SearchDecisionSchema,
    "d_absconder_return": AbsconderReturnSchema,
    "d_postponement_ruling": PostponementRulingSchema,
    "d_in_place_notice": InPlaceNoticeSchema,
    "d_admission": AdmissionSchema,
}
