"""Regime D task forms (Luật 120/2025/QH15, Nghị định 163/2026/NĐ-CP): adult.

The adult compulsory-rehab dossier (process ``compulsory_rehab_2026_07``) from the commune
police to the regional court's decision: Điều 35, 37 Luật Phòng, chống ma túy số
120/2025/QH15; Điều 98–102 Nghị định 163/2026/NĐ-CP; the court stage on the limits of
Pháp lệnh 03/2022/UBTVQH15, UNVERIFIED for Regime D (no new ordinance under khoản 8 Điều
35 was found). The court no longer fixes a term: it is 24 or 36 months by khoản 1 Điều 29
of the Law, so no form here asks for one.

Form names start with ``d_adult_`` so that the minors' court forms cannot collide with
them. Field names are also the data keys of the NĐ 163 documents (Mẫu 31–37)."""

from __future__ import annotations

from marshmallow import Schema

from ..base import Bool, Choice, Int, LongText, Str, TaskForm, VnDate, VnDateTime
from ..dossier import OpenCaseSchema, biography_fields
from ..vn import VN_TZ, vn_date

LAW = "Luật Phòng, chống ma túy số 120/2025/QH15"
DECREE = "Nghị định 163/2026/NĐ-CP"

# Khoản 1 Điều 35 Luật 120/2025/QH15, points a–đ.
ART35_GROUNDS = [
    (
        "voluntary_not_done",
        f"Không đăng ký, không thực hiện hoặc tự ý chấm dứt cai nghiện ma túy tự nguyện (điểm a khoản 1 Điều 35 {LAW})",
    ),
    (
        "use_during_voluntary",
        "Trong thời gian cai nghiện ma túy tự nguyện bị phát hiện sử dụng trái phép chất ma túy "
        f"(điểm b khoản 1 Điều 35 {LAW})",
    ),
    (
        "methadone",
        "Không đăng ký, không thực hiện, tự ý chấm dứt điều trị nghiện bằng thuốc thay thế hoặc bị chấm dứt "
        f"điều trị do vi phạm quy định về điều trị nghiện (điểm c khoản 1 Điều 35 {LAW})",
    ),
    (
        "addicted_post_rehab",
        f"Trong thời gian quản lý sau cai nghiện ma túy mà xác định nghiện ma túy (điểm d khoản 1 Điều 35 {LAW})",
    ),
    (
        "other_cases",
        f"Trường hợp quy định tại khoản 3 Điều 36 và các khoản 2, 3, 4 Điều 47 của Luật (điểm đ khoản 1 Điều 35 {LAW})",
    ),
]

# Khoản 2 Điều 35 Luật 120/2025/QH15: the measure is not applied.
EXCLUSIONS = [
    ("none", "Không thuộc trường hợp nào của khoản 2 Điều 35 Luật"),
    ("no_capacity", f"Người không có năng lực trách nhiệm hành chính (điểm a khoản 2 Điều 35 {LAW})"),
    (
        "pregnant",
        "Người đang mang thai có chứng nhận của cơ sở khám bệnh, chữa bệnh đủ điều kiện "
        f"(điểm b khoản 2 Điều 35 {LAW})",
    ),
    (
        "sole_carer",
        "Phụ nữ hoặc người duy nhất đang nuôi con nhỏ dưới 36 tháng tuổi được Ủy ban nhân dân cấp xã nơi "
        f"người đó cư trú xác nhận (điểm c khoản 2 Điều 35 {LAW})",
    ),
]
EXCLUSION_EVIDENCE = {
    "no_capacity": "Ghi căn cứ xác định người đó không có năng lực trách nhiệm hành chính "
    f"(điểm a khoản 2 Điều 35 {LAW}).",
    "pregnant": "Ghi số, ngày và cơ sở khám bệnh, chữa bệnh cấp giấy chứng nhận đang mang thai: thiếu chứng nhận "
    f"thì không thuộc trường hợp loại trừ (điểm b khoản 2 Điều 35 {LAW}).",
    "sole_carer": "Ghi số, ngày văn bản xác nhận của Ủy ban nhân dân cấp xã nơi người đó cư trú về việc nuôi con "
    f"nhỏ dưới 36 tháng tuổi (điểm c khoản 2 Điều 35 {LAW}).",
}

DECISIONS = [
    ("apply", "Áp dụng biện pháp đưa đi cai nghiện bắt buộc"),
    ("not_apply", "Không áp dụng biện pháp đưa đi cai nghiện bắt buộc"),
]
CHALLENGE_KINDS = [("complaint", "Khiếu nại"), ("petition", "Kiến nghị"), ("protest", "Kháng nghị")]
COURT_LIMITS_UNVERIFIED = (
    "Thời hạn theo Pháp lệnh 03/2022/UBTVQH15, CHƯA XÁC MINH cho quyết định theo Luật 120/2025/QH15 "
    "(chưa tìm thấy pháp lệnh mới theo khoản 8 Điều 35)."
)


class OpenCompulsorySchema(OpenCaseSchema):
    """Opening a compulsory-rehab dossier under Luật 120/2025/QH15 (adults and minors): the
    person and the day of discovery, from which the 01 working day of the dossier runs. The
    case of khoản 1 Điều 35 (Điều 36 for minors) is chosen on the violation record; who the
    procedure is for is the procedure's age rule."""

    discovered_on = VnDate(
        "Ngày phát hiện",
        required=True,
        help=(
            "Ngày phát hiện người nghiện ma túy thuộc trường hợp khoản 1 Điều 35 (người từ đủ 12 đến dưới 18 "
            f"tuổi: khoản 1 Điều 36) {LAW}; Trưởng Công an cấp xã lập hồ sơ trong 01 ngày làm việc kể từ ngày "
            f"này (khoản 1 Điều 100, khoản 1 Điều 103 {DECREE})."
        ),
    )


class ViolationRecordSchema(TaskForm):
    """Biên bản vi phạm, Mẫu số 34 Phụ lục V (điểm b khoản 3 Điều 35 Luật; điểm b khoản 1
    Điều 101 NĐ 163). ``last_act_on`` is the start of the 03-month statute of limitations
    (khoản 4 Điều 35 Luật)."""

    ground = Choice("Trường hợp áp dụng (khoản 1 Điều 35 Luật 120/2025/QH15)", ART35_GROUNDS, required=True)
    record_number = Str("Số biên bản vi phạm (Mẫu số 34)", required=True)
    recorded_on = VnDate("Ngày lập biên bản", required=True, not_before="last_act_on")
    place = Str("Nơi lập biên bản", required=True)
    violation_description = LongText("Mô tả hành vi vi phạm", required=True)
    last_act_on = VnDate(
        "Ngày thực hiện lần cuối hành vi vi phạm",
        required=True,
        help="Thời hiệu áp dụng biện pháp là 03 tháng kể từ ngày này; cố tình trốn tránh, cản trở thì tính lại "
        "từ khi chấm dứt hành vi đó (khoản 4 Điều 35 Luật 120/2025/QH15).",
    )


class DossierPreparationSchema(TaskForm):
    """Hồ sơ đề nghị (điểm a, b khoản 3 Điều 35 Luật; Điều 100, 101 NĐ 163): tóm tắt lý lịch
    Mẫu số 33, the addiction result or the methadone facility's confirmation (Mẫu số 35),
    the chief's proposal letter Mẫu số 36; with no stable residence, the police document
    establishing it (khoản 2 Điều 101). The Art. 35(2) exclusions are checked here, each
    with the proof the Law asks for; an excluded person's dossier ends (no interim
    management, no court)."""

    biography_done = Bool(
        "Đã lập bản tóm tắt lý lịch (Mẫu số 33)",
        must_be_true="Bản tóm tắt lý lịch (Mẫu số 33) là thành phần bắt buộc của hồ sơ "
        f"(điểm a khoản 1 Điều 101 {DECREE}).",
    )
    addiction_evidence = Choice(
        "Tài liệu xác nhận tình trạng nghiện",
        [
            ("determination_result", "Bản sao phiếu kết quả xác định tình trạng nghiện ma túy của cơ sở y tế"),
            ("methadone_confirmation", "Xác nhận của cơ sở đang điều trị nghiện bằng thuốc thay thế (Mẫu số 35)"),
        ],
        required=True,
        help=f"Điểm c khoản 1 Điều 101 {DECREE}; điểm b khoản 3 Điều 35 Luật 120/2025/QH15.",
    )
    determination_result_number = Str("Số phiếu kết quả / văn bản xác nhận", required=True)
    determination_result_on = VnDate("Ngày của phiếu kết quả / văn bản xác nhận", required=True)
    determination_facility = Str("Cơ sở y tế / cơ sở điều trị nghiện bằng thuốc thay thế đã cấp", required=True)
    proposal_number = Str("Số văn bản đề nghị của Trưởng Công an cấp xã (Mẫu số 36)", required=True)
    proposal_on = VnDate("Ngày văn bản đề nghị", required=True)
    stable_residence = Bool("Có nơi cư trú ổn định", required=True)
    residence_confirmation_number = Str(
        "Số, ngày văn bản xác định không có nơi cư trú ổn định của cơ quan Công an có thẩm quyền",
        required_if=("stable_residence", False),
        error_messages={
            "required": "Người nghiện ma túy không có nơi cư trú ổn định: hồ sơ phải có văn bản xác định của cơ quan "
            f"Công an có thẩm quyền (khoản 2 Điều 101 {DECREE}); nơi cư trú xác định theo Điều 58 Nghị định."
        },
        help="Bắt buộc khi người nghiện không có nơi cư trú ổn định; khi đó Trưởng Công an cấp xã nơi phát hiện "
        "hành vi vi phạm pháp luật lần cuối lập hồ sơ (điểm a khoản 3 Điều 35 Luật).",
    )
    page_count = Int(
        "Số bút lục của hồ sơ",
        required=True,
        min=1,
        help="Hồ sơ phải được đánh số bút lục (điểm b khoản 3 Điều 35 Luật 120/2025/QH15).",
    )
    exclusion = Choice(
        "Trường hợp không áp dụng biện pháp (khoản 2 Điều 35 Luật 120/2025/QH15)",
        EXCLUSIONS,
        required=True,
        help="Nếu thuộc một trường hợp này, hồ sơ kết thúc: không ra quyết định giao người cho cơ sở, "
        "không chuyển Tòa án.",
    )
    exclusion_evidence = LongText(
        "Căn cứ, giấy tờ chứng minh trường hợp không áp dụng",
        help="Bắt buộc khi chọn một trường hợp của khoản 2 Điều 35.",
    )
    gender, ethnicity, nationality, occupation, father_name, mother_name = biography_fields()

    def check(self, data):
        kind = data.get("exclusion")
        if kind in EXCLUSION_EVIDENCE and not data.get("exclusion_evidence"):
            yield "exclusion_evidence", EXCLUSION_EVIDENCE[kind]
        if kind == "none" and data.get("exclusion_evidence"):
            yield "exclusion_evidence", "Chỉ ghi căn cứ khi chọn một trường hợp của khoản 2 Điều 35 Luật."


class InterimManagementSchema(TaskForm):
    """Quyết định giao người bị đề nghị cho cơ sở cai nghiện ma túy công lập, trường giáo
    dưỡng nơi gần nhất quản lý trong thời gian lập hồ sơ, Mẫu số 32 (khoản 1 Điều 37 Luật;
    khoản 1 Điều 98 NĐ 163), and the handover by the commune police with the record Mẫu số
    31, the decision and the Mẫu số 33 (Điều 99). There is no management at home any more.
    ``interim_decided_at`` starts the management time that is deducted from the term
    (khoản 3 Điều 98 NĐ 163; khoản 2 Điều 37 Luật)."""

    interim_decision_number = Str("Số quyết định giao người bị đề nghị (Mẫu số 32)", required=True)
    interim_decided_at = VnDateTime(
        "Thời điểm ra quyết định giao",
        required=True,
        help="Giờ, phút. Thời gian quản lý tính từ thời điểm này và được trừ vào thời hạn cai nghiện "
        f"(khoản 3 Điều 98 {DECREE}; khoản 2 Điều 37 Luật 120/2025/QH15).",
    )
    interim_facility_kind = Choice(
        "Nơi quản lý",
        [("rehab_facility", "Cơ sở cai nghiện ma túy công lập"), ("reformatory", "Trường giáo dưỡng")],
        required=True,
    )
    interim_facility = Str("Tên cơ sở cai nghiện ma túy công lập / trường giáo dưỡng", required=True)
    nearest_facility = Bool(
        "Là cơ sở cai nghiện ma túy công lập, trường giáo dưỡng nơi gần nhất",
        must_be_true="Người bị đề nghị được giao cho cơ sở cai nghiện ma túy công lập, trường giáo dưỡng nơi gần "
        f"nhất (khoản 1 Điều 37 Luật 120/2025/QH15; khoản 1 Điều 98 {DECREE}).",
    )
    handover_record_number = Str("Số biên bản giao nhận (Mẫu số 31)", required=True)
    handed_over_at = VnDateTime(
        "Thời điểm bàn giao người bị đề nghị tại cơ sở",
        required=True,
        not_before="interim_decided_at",
    )


class DossierNoticeSchema(TaskForm):
    """Thông báo bằng văn bản về việc lập hồ sơ kèm 01 bản sao bộ hồ sơ, Mẫu số 37 (điểm c
    khoản 3 Điều 35 Luật; khoản 1, 2 Điều 102 NĐ 163). The 03 working-day reading period
    runs from ``notice_received_on`` (khoản 3 Điều 102)."""

    notice_number = Str("Số thông báo (Mẫu số 37)", required=True)
    notice_sent_on = VnDate("Ngày gửi thông báo", required=True)
    notice_received_on = VnDate(
        "Ngày người nhận nhận được thông báo",
        required=True,
        not_before="notice_sent_on",
        help="Thời hạn đọc hồ sơ 03 ngày làm việc tính từ ngày này (khoản 3 Điều 102 Nghị định 163/2026/NĐ-CP).",
    )
    recipient = Choice(
        "Người nhận thông báo",
        [("person", "Người bị đề nghị"), ("legal_representative", "Người đại diện hợp pháp")],
        required=True,
    )
    recipient_name = Str("Họ và tên người nhận", required=True)
    dossier_copy_enclosed = Bool(
        "Đã gửi kèm 01 bản sao bộ hồ sơ",
        must_be_true=f"Thông báo phải kèm 01 bản sao bộ hồ sơ (khoản 1 Điều 102 {DECREE}).",
    )
    reading_time = Str(
        "Thời gian đọc hồ sơ ghi trong thông báo",
        required=True,
        help=f"Thông báo ghi rõ thời gian đọc hồ sơ (khoản 2 Điều 102 {DECREE}).",
    )


class CourtTransferSchema(TaskForm):
    """Trưởng Công an cấp xã quyết định và chuyển hồ sơ đến Tòa án nhân dân khu vực trong 01
    ngày làm việc kể từ ngày hết thời hạn đọc hồ sơ (điểm d khoản 3 Điều 35 Luật; khoản 4
    Điều 102 NĐ 163): the original to the court, a copy kept at the commune police."""

    transfer_number = Str("Số văn bản chuyển hồ sơ", required=True)
    sent_on = VnDate("Ngày chuyển hồ sơ", required=True)
    receiving_court = Str("Tòa án nhân dân khu vực nhận hồ sơ", required=True)
    two_sets = Bool(
        "Hồ sơ lập thành hai bản: bản gốc chuyển Tòa án, bản sao lưu tại Công an cấp xã",
        must_be_true=f"Hồ sơ phải được đánh bút lục và lập thành hai bản (khoản 4 Điều 102 {DECREE}).",
    )
    person_comments = LongText("Ý kiến, ghi chép của người bị đề nghị hoặc người đại diện khi đọc hồ sơ (nếu có)")


class CourtIntakeSchema(TaskForm):
    """Tòa án nhân dân khu vực nhận hồ sơ: thụ lý, or return an incomplete dossier with written
    reasons (khoản 1 Điều 9 Pháp lệnh 03/2022, UNVERIFIED for Regime D)."""

    received_on = VnDate("Ngày Tòa án nhận hồ sơ", required=True)
    intake_outcome = Choice(
        "Kết quả tiếp nhận", [("accept", "Thụ lý hồ sơ"), ("return", "Trả lại hồ sơ để bổ sung")], required=True
    )
    case_number = Str("Số thụ lý", required_if=("intake_outcome", "accept"))
    accepted_on = VnDate(
        "Ngày thụ lý",
        required_if=("intake_outcome", "accept"),
        not_before="received_on",
        help="Thời hạn thông báo thụ lý và thời hạn xem xét, quyết định tính từ ngày này.",
    )
    judge_name = Str("Thẩm phán được phân công", required_if=("intake_outcome", "accept"))
    return_reason = LongText("Lý do trả lại, tài liệu cần bổ sung", required_if=("intake_outcome", "return"))
    returned_on = VnDate(
        "Ngày trả lại hồ sơ",
        required_if=("intake_outcome", "return"),
        not_before="received_on",
    )


class DossierSupplementSchema(TaskForm):
    """Công an cấp xã bổ sung hồ sơ bị Tòa án trả lại và gửi lại (thời hạn: NOT FOUND)."""

    supplemented_items = LongText("Tài liệu đã bổ sung", required=True)
    resent_on = VnDate("Ngày gửi lại hồ sơ", required=True)


class CourtAcceptanceNoticeSchema(TaskForm):
    """Thông báo thụ lý (khoản 1 Điều 12 Pháp lệnh 03/2022, UNVERIFIED for Regime D)."""

    acceptance_notice_number = Str("Số thông báo thụ lý", required=True)
    notified_on = VnDate("Ngày thông báo", required=True)
    recipients = LongText(
        "Nơi nhận thông báo",
        required=True,
        help="Người bị đề nghị, Công an cấp xã đã lập hồ sơ, Viện kiểm sát nhân dân khu vực.",
    )


class CourtSessionOrderSchema(TaskForm):
    """Nghiên cứu hồ sơ: the session order, or a written request to the commune police to
    clarify the dossier, answered within 02 working days (khoản 5 Điều 102 NĐ 163). The
    15 / 30-day limit is Điều 8 Pháp lệnh 03/2022, UNVERIFIED for Regime D."""

    complex_case = Bool("Vụ việc phức tạp (thời hạn kéo dài, không quá 30 ngày)", required=True)
    clarification_needed = Bool("Cần Công an cấp xã làm rõ nội dung trong hồ sơ", required=True)
    clarification_request = LongText("Nội dung đề nghị làm rõ", required_if=("clarification_needed", True))
    clarification_requested_on = VnDate("Ngày văn bản đề nghị làm rõ", required_if=("clarification_needed", True))
    session_order_number = Str("Số quyết định mở phiên họp", required_if=("clarification_needed", False))
    session_ordered_on = VnDate(
        "Ngày ra quyết định mở phiên họp",
        required_if=("clarification_needed", False),
        help="Phiên họp mở trong 07 ngày làm việc kể từ ngày này (khoản 1 Điều 17 Pháp lệnh 03/2022/UBTVQH15, "
        "chưa xác minh cho giai đoạn D).",
    )


class CourtClarificationAnswerSchema(TaskForm):
    """Trưởng Công an cấp xã trả lời bằng văn bản đề nghị làm rõ của Tòa án trong 02 ngày
    làm việc kể từ ngày nhận được văn bản (khoản 5 Điều 102 NĐ 163)."""

    request_received_on = VnDate("Ngày nhận văn bản đề nghị làm rõ của Tòa án", required=True)
    answer_number = Str("Số văn bản trả lời", required=True)
    answered_on = VnDate("Ngày trả lời", required=True, not_before="request_received_on")
    answer = LongText("Nội dung trả lời", required=True)


class CourtDecisionSchema(TaskForm):
    """Phiên họp và quyết định của Tòa án nhân dân khu vực (khoản 8 Điều 35 Luật; Pháp lệnh
    03/2022, UNVERIFIED for Regime D). No term: it is fixed by khoản 1 Điều 29 Luật (24
    months for a first rehab, 36 from the second) and confirmed at the facility.
    ``decision_issued_at`` is the moment the decision is issued; the commune police's
    receipt of it may not precede it."""

    session_held_on = VnDate("Ngày mở phiên họp", required=True)
    decision = Choice("Quyết định", DECISIONS, required=True)
    decision_number = Str("Số quyết định", required=True)
    decision_on = VnDate("Ngày ra quyết định", required=True, not_before="session_held_on")
    decision_issued_at = VnDateTime(
        "Thời điểm ban hành quyết định",
        required=True,
        help="Giờ, phút; cùng ngày với ngày ra quyết định.",
    )
    court_name = Str("Tòa án ra quyết định", required=True, help="Tòa án nhân dân khu vực (khoản 8 Điều 35 Luật).")
    reasons = LongText("Lý do, căn cứ của quyết định", required=True)

    def check(self, data):
        issued, day = data.get("decision_issued_at"), data.get("decision_on")
        if issued and day and issued.astimezone(VN_TZ).date() != day:
            yield "decision_issued_at", f"Thời điểm ban hành phải trong ngày ra quyết định ({vn_date(day)})."


class DecisionDispatchSchema(TaskForm):
    """Tòa án gửi quyết định (khoản 1 Điều 25 Pháp lệnh 03/2022, UNVERIFIED for Regime D)."""

    decision_sent_on = VnDate("Ngày gửi quyết định", required=True)
    recipients = LongText(
        "Nơi nhận quyết định",
        required=True,
        help="Người bị đề nghị, Công an cấp xã đã lập hồ sơ, Viện kiểm sát và cơ quan, tổ chức liên quan.",
    )


class ComplaintRecordSchema(TaskForm):
    """Khiếu nại, kiến nghị, kháng nghị trong thời hạn (khoản 1 Điều 32 Pháp lệnh 03/2022,
    UNVERIFIED for Regime D)."""

    challenge_kind = Choice("Loại", CHALLENGE_KINDS, required=True)
    challenger = Str("Người khiếu nại hoặc cơ quan kiến nghị, kháng nghị", required=True)
    challenge_received_on = VnDate("Ngày nhận", required=True)
    content = LongText("Nội dung", required=True)


class ComplaintForwardSchema(TaskForm):
    """Chuyển khiếu nại, kiến nghị, kháng nghị kèm hồ sơ lên Tòa án cấp trên (khoản 1 Điều
    34 Pháp lệnh 03/2022; the reviewing court after 01/07/2025 is UNVERIFIED)."""

    forward_number = Str("Số văn bản chuyển", required=True)
    forwarded_on = VnDate("Ngày chuyển hồ sơ", required=True)
    reviewing_court = Str(
        "Tòa án cấp trên nhận hồ sơ",
        required=True,
        help="Chưa xác minh Tòa án xem xét khiếu nại sau 01/07/2025 (có thể là Tòa án nhân dân cấp tỉnh).",
    )


class ReviewResultSchema(TaskForm):
    """Kết quả xem xét của Tòa án cấp trên: ``decision`` becomes the final outcome (no term)."""

    review_decision_number = Str("Số quyết định của Tòa án cấp trên", required=True)
    reviewed_on = VnDate("Ngày ra quyết định", required=True)
    decision = Choice("Kết quả cuối cùng", DECISIONS, required=True)


_EFFECTIVE = ("legal_effect_outcome", "effective")
_CHALLENGED = ("legal_effect_outcome", "challenged")


class LegalEffectSchema(TaskForm):
    """Quyết định có hiệu lực pháp luật, or a petition or protest received after the
    complaint window (Điều 24, 32 Pháp lệnh 03/2022; the window for them: NOT FOUND)."""

    legal_effect_outcome = Choice(
        "Kết quả",
        [("effective", "Quyết định có hiệu lực pháp luật"), ("challenged", "Có kiến nghị, kháng nghị")],
        required=True,
    )
    effective_on = VnDate("Ngày quyết định có hiệu lực pháp luật", required_if=_EFFECTIVE)
    challenge_received_on = VnDate("Ngày nhận kiến nghị, kháng nghị", required_if=_CHALLENGED)
    challenger = Str("Cơ quan kiến nghị, kháng nghị", required_if=_CHALLENGED)
    challenge_kind = Choice(
        "Loại", [pair for pair in CHALLENGE_KINDS if pair[0] != "complaint"], required_if=_CHALLENGED
    )
    content = LongText("Nội dung", required_if=_CHALLENGED)


class DecisionReceiptSchema(TaskForm):
    """Công an cấp xã nơi lập hồ sơ ghi thời điểm nhận quyết định áp dụng biện pháp của
    Tòa án nhân dân khu vực: the 24 hours of khoản 1 Điều 106 NĐ 163 (in the execution
    procedure) run from it. Refused when before the decision was issued (the task's
    not_before rule) or in the future."""

    decision_received_at = VnDateTime(
        "Thời điểm Công an cấp xã nhận được quyết định của Tòa án",
        required=True,
        help="Giờ, phút. Trong 24 giờ kể từ thời điểm này, Trưởng Công an cấp xã gửi công văn đề nghị kèm quyết "
        f"định đến Giám đốc Công an cấp tỉnh (khoản 1 Điều 106 {DECREE}).",
    )
    received_by = Str("Cán bộ nhận quyết định", required=True)


TASK_FORMS: dict[str, type[Schema]] = {
    "d_adult_violation_record": ViolationRecordSchema,
    "d_adult_dossier_preparation": DossierPreparationSchema,
    "d_adult_interim_management": InterimManagementSchema,
    "d_adult_dossier_notice": DossierNoticeSchema,
    "d_adult_court_transfer": CourtTransferSchema,
    "d_adult_court_intake": CourtIntakeSchema,
    "d_adult_dossier_supplement": DossierSupplementSchema,
    "d_adult_court_acceptance_notice": CourtAcceptanceNoticeSchema,
    "d_adult_court_session_order": CourtSessionOrderSchema,
    "d_adult_court_clarification_answer": CourtClarificationAnswerSchema,
    "d_adult_court_decision": CourtDecisionSchema,
    "d_adult_decision_dispatch": DecisionDispatchSchema,
    "d_adult_complaint_record": ComplaintRecordSchema,
    "d_adult_complaint_forward": ComplaintForwardSchema,
    "d_adult_review_result": ReviewResultSchema,
    "d_adult_legal_effect": LegalEffectSchema,
    "d_adult_decision_receipt": DecisionReceiptSchema,
}
