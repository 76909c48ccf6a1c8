"""Regime D task forms (Luật 120/2025/QH15, Nghị định 163/2026/NĐ-CP): minors.

The dossier for sending a drug addict aged 12 to under 18 to compulsory rehab
(``minor_compulsory_rehab_2026_07``): Điều 36, 37 Luật Phòng, chống ma túy số 120/2025/QH15;
Điều 98, 99, 103–105 Nghị định 163/2026/NĐ-CP (a single copy of the text was found: V¹). The
Trưởng Công an cấp xã prepares the dossier and sends it straight to the Tòa án nhân dân khu vực;
there is no Phòng LĐTBXH and no management at home any more. The court's measure is not an
administrative one (khoản 8 Điều 36); its procedure (Pháp lệnh 01/2022/UBTVQH15 as amended by
Pháp lệnh 08/2025/UBTVQH15) is UNVERIFIED for this period, and the court sets no term: the term
is fixed by the Law (24 months, 36 from the second time; khoản 1 Điều 29, điểm b khoản 2 Điều 30).
"""

from __future__ import annotations

from marshmallow import Schema

from ..base import Bool, Choice, Int, LongText, Str, TaskForm, VnDate, VnDateTime

LAW = "Luật Phòng, chống ma túy số 120/2025/QH15"
DECREE = "Nghị định 163/2026/NĐ-CP"
_CONTENTS = f"điểm b khoản 2 Điều 36 {LAW}"

# Khoản 1 Điều 36 of the Law: points a–c as in khoản 1 Điều 35, then d and đ.
GROUNDS_ART_36 = [
    (
        "voluntary_not_done",
        "Không đăng ký, không thực hiện hoặc tự ý chấm dứt cai nghiện ma túy tự nguyện, trừ trường hợp "
        "quy định tại khoản 4 Điều 33 (điểm a khoản 1 Điều 36 Luật Phòng, chống ma túy số 120/2025/QH15)",
    ),
    (
        "use_during_voluntary",
        "Trong thời gian cai nghiện ma túy tự nguyện bị phát hiện sử dụng trái phép chất ma túy "
        "(điểm b khoản 1 Điều 36 Luật Phòng, chống ma túy số 120/2025/QH15)",
    ),
    (
        "substitution_treatment",
        "Không đăng ký, không thực hiện hoặc tự ý chấm dứt điều trị nghiện bằng thuốc thay thế hoặc bị chấm dứt "
        "điều trị do vi phạm quy định về điều trị nghiện (điểm c khoản 1 Điều 36 Luật Phòng, chống ma túy "
        "số 120/2025/QH15)",
    ),
    (
        "addicted_post_rehab",
        "Trong thời gian quản lý sau cai nghiện mà xác định nghiện ma túy (điểm d khoản 1 Điều 36 Luật Phòng, "
        "chống ma túy số 120/2025/QH15)",
    ),
    (
        "article_47",
        "Trường hợp quy định tại các khoản 2, 3 và 4 Điều 47 (vi phạm giám sát điện tử, vi phạm nhiều lần khi "
        "cai nghiện tại gia đình, cộng đồng hoặc điều trị thay thế) (điểm đ khoản 1 Điều 36 Luật Phòng, chống "
        "ma túy số 120/2025/QH15)",
    ),
]

STATEMENT_FORMS = [
    ("minor_written", "Bản tường trình của người nghiện ma túy (Mẫu số 38)"),
    ("representative_written", "Bản tường trình của người đại diện hợp pháp của người nghiện ma túy"),
    (
        "testimony_record",
        "Người nghiện ma túy không biết chữ hoặc không tự viết được: biên bản ghi lời khai (Mẫu số 58)",
    ),
    ("refused", "Từ chối viết bản tường trình: biên bản (Mẫu số 40) có người làm chứng"),
]
OPINION_FORMS = [
    ("written", "Ý kiến bằng văn bản của cha, mẹ, người giám hộ hoặc người đại diện hợp pháp (Mẫu số 39)"),
    ("refused", "Từ chối cho ý kiến: biên bản (Mẫu số 40) có người làm chứng"),
]
RELATIONS = [
    ("father", "Cha"),
    ("mother", "Mẹ"),
    ("guardian", "Người giám hộ"),
    ("legal_representative", "Người đại diện hợp pháp"),
]
RECEIPTS = [("received", "Đã nhận thông báo"), ("refused", "Từ chối nhận thông báo (lập biên bản Mẫu số 41)")]
FACILITY_KINDS = [("rehab_facility", "Cơ sở cai nghiện ma túy công lập"), ("reformatory", "Trường giáo dưỡng")]
DECISIONS = [
    ("apply", "Đưa người từ đủ 12 đến dưới 18 tuổi đi cai nghiện bắt buộc"),
    ("not_apply", "Không đưa người từ đủ 12 đến dưới 18 tuổi đi cai nghiện bắt buộc"),
]
CHALLENGE_KINDS = [("complaint", "Khiếu nại"), ("petition", "Kiến nghị"), ("protest", "Kháng nghị")]
COURT_PROCEDURE = (
    "Pháp lệnh 01/2022/UBTVQH15 (sửa đổi bởi Pháp lệnh 08/2025/UBTVQH15): CHƯA XÁC MINH còn áp dụng từ 01/07/2026 "
    f"(khoản 8 Điều 36 {LAW})"
)


class MinorViolationRecordSchema(TaskForm):
    """Biên bản vi phạm, Mẫu số 34 (điểm b khoản 2 Điều 36 Luật; Điều 103 NĐ 163), with the ground of
    khoản 1 Điều 36 and the dates from which the 03-month limitation runs (khoản 3 Điều 36)."""

    record_number = Str("Số biên bản vi phạm (Mẫu số 34)", required=True)
    recorded_on = VnDate("Ngày lập biên bản", required=True)
    place = Str("Nơi lập biên bản", required=True)
    legal_ground = Choice(f"Trường hợp áp dụng (khoản 1 Điều 36 {LAW})", GROUNDS_ART_36, required=True)
    violation_description = LongText("Mô tả hành vi vi phạm", required=True)
    last_act_on = VnDate(
        "Ngày thực hiện lần cuối hành vi vi phạm",
        required=True,
        help="Thời hiệu 03 tháng tính từ ngày này (khoản 3 Điều 36 Luật Phòng, chống ma túy số 120/2025/QH15).",
    )
    evaded = Bool("Người nghiện ma túy cố tình trốn tránh, cản trở việc áp dụng biện pháp", required=True)
    evasion_ended_on = VnDate(
        "Ngày chấm dứt hành vi trốn tránh, cản trở",
        required_if=("evaded", True),
        not_before="last_act_on",
        error_messages={
            "required": "Có trốn tránh, cản trở: thời hiệu được tính lại kể từ thời điểm chấm dứt hành vi đó "
            f"(khoản 3 Điều 36 {LAW}), phải ghi ngày chấm dứt."
        },
    )

    def check(self, data):
        recorded = data.get("recorded_on")
        for name in ("last_act_on", "evasion_ended_on"):
            if recorded and data.get(name) and data[name] > recorded:
                label = self.fields[name].metadata["label"]
                yield name, f"«{label}» không được sau ngày lập biên bản."


class MinorDossierPreparationSchema(TaskForm):
    """Lập hồ sơ đề nghị (điểm a, b khoản 2 Điều 36 Luật; Điều 103, 104 NĐ 163): Mẫu số 33, 34,
    the addiction result or Mẫu số 35, the statement Mẫu số 38 (or Mẫu số 58), the opinion of the
    parents or guardian Mẫu số 39, a refusal record Mẫu số 40 with a witness, and the Trưởng Công
    an cấp xã's proposal Mẫu số 36. Due within 01 working day of the discovery (khoản 1 Điều 103)."""

    proposal_number = Str("Số văn bản đề nghị của Trưởng Công an cấp xã (Mẫu số 36)", required=True)
    proposal_on = VnDate("Ngày văn bản đề nghị", required=True)
    biography_done = Bool(
        "Đã lập bản tóm tắt lý lịch (Mẫu số 33)",
        must_be_true=f"Bản tóm tắt lý lịch (Mẫu số 33) là thành phần bắt buộc của hồ sơ ({_CONTENTS}).",
    )
    addiction_evidence = Choice(
        "Căn cứ xác định tình trạng nghiện",
        [
            ("determination_result", "Phiếu kết quả xác định tình trạng nghiện ma túy của cơ sở y tế có thẩm quyền"),
            ("substitution_confirmation", "Xác nhận của cơ sở đang điều trị nghiện bằng thuốc thay thế (Mẫu số 35)"),
        ],
        required=True,
    )
    evidence_number = Str("Số phiếu kết quả hoặc văn bản xác nhận", required=True)
    evidence_on = VnDate("Ngày của phiếu kết quả hoặc văn bản xác nhận", required=True)
    evidence_issuer = Str("Cơ sở y tế hoặc cơ sở điều trị cấp", required=True)
    statement_form = Choice(f"Bản tường trình ({_CONTENTS}; Điều 103, 104 {DECREE})", STATEMENT_FORMS, required=True)
    parent_name = Str("Họ và tên cha, mẹ, người giám hộ hoặc người đại diện hợp pháp", required=True)
    parent_relation = Choice("Quan hệ với người bị đề nghị", RELATIONS, required=True)
    parent_opinion_form = Choice(f"Ý kiến của cha, mẹ, người giám hộ ({_CONTENTS})", OPINION_FORMS, required=True)
    parent_opinion = LongText(
        "Nội dung ý kiến của cha, mẹ, người giám hộ hoặc người đại diện hợp pháp",
        required_if=("parent_opinion_form", "written"),
    )
    refusal_record_number = Str(
        "Số biên bản về việc từ chối viết bản tường trình hoặc cho ý kiến (Mẫu số 40)",
        help="Bắt buộc khi người nghiện ma túy từ chối viết bản tường trình hoặc cha, mẹ, người giám hộ "
        "từ chối cho ý kiến.",  # noqa: E501
    )
    refusal_witness = Str(
        "Họ và tên người làm chứng (từ đủ 18 tuổi, có năng lực hành vi dân sự đầy đủ)",
        help="Bắt buộc khi có biên bản Mẫu số 40.",
    )
    residence_confirmation_number = Str(
        "Số văn bản xác định không có nơi cư trú ổn định (cơ quan Công an có thẩm quyền)",
        help="Khi người nghiện ma túy không có nơi cư trú ổn định (khoản 2 Điều 101 Nghị định 163/2026/NĐ-CP; "
        "áp dụng cho hồ sơ người chưa thành niên: chưa xác minh).",
    )

    def check(self, data):
        refused = data.get("statement_form") == "refused" or data.get("parent_opinion_form") == "refused"
        if refused:
            reason = (
                "Có người từ chối viết bản tường trình hoặc cho ý kiến: phải lập biên bản "
                f"(Mẫu số 40, Điều 103, 104 {DECREE})"
            )  # noqa: E501
            if not data.get("refusal_record_number"):
                yield "refusal_record_number", f"{reason}."
            if not data.get("refusal_witness"):
                yield "refusal_witness", f"{reason} có người làm chứng."


class MinorInterimManagementSchema(TaskForm):
    """Quyết định giao người bị đề nghị cho cơ sở cai nghiện ma túy công lập hoặc trường giáo dưỡng
    nơi gần nhất quản lý trong thời gian lập hồ sơ, Mẫu số 32 (khoản 1 Điều 37 Luật; khoản 1 Điều 98
    NĐ 163). No management at home any more. The management time runs from the moment of this
    decision (khoản 3 Điều 98) and is deducted from the rehab term (khoản 2 Điều 37)."""

    interim_decision_number = Str("Số quyết định giao người (Mẫu số 32)", required=True)
    interim_decided_at = VnDateTime(
        "Thời điểm ra quyết định giao",
        required=True,
        help="Thời gian quản lý tính từ thời điểm này (khoản 3 Điều 98 Nghị định 163/2026/NĐ-CP) và được trừ "
        "vào thời gian cai nghiện (khoản 2 Điều 37 Luật Phòng, chống ma túy số 120/2025/QH15).",
    )
    interim_facility_kind = Choice("Loại cơ sở quản lý", FACILITY_KINDS, required=True)
    interim_facility = Str("Tên cơ sở cai nghiện ma túy công lập hoặc trường giáo dưỡng nơi gần nhất", required=True)


class MinorInterimHandoverSchema(TaskForm):
    """Đưa người bị đề nghị đến cơ sở và bàn giao: biên bản Mẫu số 31 kèm quyết định Mẫu số 32 và
    bản tóm tắt lý lịch Mẫu số 33 (Điều 99 NĐ 163). No time limit in the text."""

    handover_record_number = Str("Số biên bản giao nhận (Mẫu số 31)", required=True)
    handed_over_at = VnDateTime("Thời điểm bàn giao", required=True)
    receiving_officer = Str("Người đại diện cơ sở nhận bàn giao", required=True)
    handover_notes = LongText("Tình trạng sức khỏe, tư trang, giấy tờ khi bàn giao")


class MinorDossierNoticeSchema(TaskForm):
    """Thông báo bằng văn bản việc lập hồ sơ, kèm bản sao hồ sơ, cho người bị đề nghị và cha, mẹ,
    người giám hộ hoặc người đại diện hợp pháp, Mẫu số 37; a refusal to receive it is recorded on
    Mẫu số 41 with a witness (điểm c khoản 2 Điều 36 Luật; khoản 1, 3 Điều 105 NĐ 163).

    The 03 working-day reading period runs from the later of the two days of receipt; when a notice
    is refused, from the day of the Mẫu số 41 record (the texts do not say: UNVERIFIED)."""

    notice_number = Str("Số thông báo (Mẫu số 37)", required=True)
    notice_sent_on = VnDate("Ngày gửi thông báo", required=True)
    minor_receipt = Choice("Người bị đề nghị", RECEIPTS, required=True)
    minor_received_on = VnDate(
        "Ngày người bị đề nghị nhận thông báo (hoặc ngày lập biên bản từ chối nhận)",
        required=True,
        not_before="notice_sent_on",
    )
    parent_receipt = Choice("Cha, mẹ, người giám hộ hoặc người đại diện hợp pháp", RECEIPTS, required=True)
    parent_received_on = VnDate(
        "Ngày cha, mẹ, người giám hộ nhận thông báo (hoặc ngày lập biên bản từ chối nhận)",
        required=True,
        not_before="notice_sent_on",
        help="Thời hạn đọc hồ sơ 03 ngày làm việc tính từ ngày nhận muộn hơn của hai ngày nhận.",
    )
    notice_refusal_record_number = Str(
        "Số biên bản về việc từ chối nhận thông báo (Mẫu số 41)", help="Bắt buộc khi có người từ chối nhận thông báo."
    )
    notice_refusal_witness = Str("Họ và tên người làm chứng việc từ chối nhận thông báo")

    def check(self, data):
        if "refused" in (data.get("minor_receipt"), data.get("parent_receipt")):
            reason = f"Có người từ chối nhận thông báo: phải lập biên bản (Mẫu số 41, khoản 3 Điều 105 {DECREE})"
            if not data.get("notice_refusal_record_number"):
                yield "notice_refusal_record_number", f"{reason}."
            if not data.get("notice_refusal_witness"):
                yield "notice_refusal_witness", f"{reason} có người làm chứng."


class MinorCourtTransferSchema(TaskForm):
    """Trưởng Công an cấp xã quyết định chuyển hồ sơ đề nghị đến Tòa án nhân dân khu vực, within 01
    working day of the end of the reading period (điểm d khoản 2 Điều 36 Luật; khoản 4 Điều 105 NĐ 163)."""

    transfer_number = Str("Số văn bản chuyển hồ sơ", required=True)
    transferred_on = VnDate("Ngày chuyển hồ sơ", required=True)
    court_name = Str("Tòa án nhân dân khu vực nhận hồ sơ", required=True)
    page_count = Int("Số bút lục (số trang của hồ sơ)", required=True, min=1)
    reading_notes = LongText("Ý kiến, ghi chép của người bị đề nghị, cha, mẹ, người giám hộ khi đọc hồ sơ (nếu có)")


class MinorCourtIntakeSchema(TaskForm):
    """Tòa án nhân dân khu vực tiếp nhận hồ sơ: thụ lý, or return it to the commune police with
    written reasons. The time limits are UNVERIFIED (minor_court_steps_d)."""

    received_on = VnDate(
        "Ngày nhận được hồ sơ",
        help="Để trống nếu nhận ngay trong ngày chuyển: hệ thống lấy ngày chuyển hồ sơ. "
        "Thời hạn tiếp nhận tính từ ngày này.",
    )
    intake_outcome = Choice(
        "Kết quả tiếp nhận", [("accept", "Thụ lý hồ sơ"), ("return", "Trả lại hồ sơ")], required=True
    )
    case_number = Str("Số thụ lý", required_if=("intake_outcome", "accept"))
    accepted_on = VnDate(
        "Ngày thụ lý",
        required_if=("intake_outcome", "accept"),
        not_before="received_on",
        help="Thời hạn xem xét, quyết định tính từ ngày này.",
    )
    judge_name = Str("Thẩm phán được phân công", required_if=("intake_outcome", "accept"))
    return_reason = LongText("Lý do trả lại hồ sơ", required_if=("intake_outcome", "return"))


class MinorDossierSupplementSchema(TaskForm):
    """Bổ sung hồ sơ bị Tòa án trả lại và gửi lại (time limit NOT FOUND for this period)."""

    supplemented_items = LongText("Tài liệu đã bổ sung", required=True)
    resent_on = VnDate("Ngày gửi lại hồ sơ", required=True)


class MinorCourtReviewSchema(TaskForm):
    """Tòa án nghiên cứu hồ sơ: a complex case, or a written request to the commune police to
    clarify the dossier (answered within 02 working days, khoản 5 Điều 105 NĐ 163)."""

    complex_case = Bool("Vụ việc phức tạp (thời hạn xem xét, quyết định kéo dài)", required=True)
    clarification_needed = Bool("Cần Công an cấp xã làm rõ nội dung trong hồ sơ", required=True)
    clarification_request = LongText("Nội dung đề nghị làm rõ", required_if=("clarification_needed", True))
    clarification_sent_on = VnDate("Ngày gửi văn bản đề nghị làm rõ", required_if=("clarification_needed", True))


class MinorClarificationAnswerSchema(TaskForm):
    """Trưởng Công an cấp xã trả lời bằng văn bản đề nghị làm rõ của Tòa án, within 02 working days
    of receiving it (khoản 5 Điều 105 NĐ 163)."""

    request_received_on = VnDate("Ngày nhận được văn bản đề nghị làm rõ của Tòa án", required=True)
    answer_number = Str("Số văn bản trả lời", required=True)
    answered_on = VnDate("Ngày trả lời", required=True, not_before="request_received_on")
    answer = LongText("Nội dung trả lời, làm rõ", required=True)


class MinorCourtDecisionSchema(TaskForm):
    """Mở phiên họp, ra quyết định đưa hoặc không đưa người từ đủ 12 đến dưới 18 tuổi đi cai nghiện
    bắt buộc. Not an administrative measure (khoản 8 Điều 36 Luật). No term: the Law fixes it."""

    session_held_on = VnDate("Ngày mở phiên họp", required=True)
    decision = Choice(
        "Quyết định",
        DECISIONS,
        required=True,
        help="Không phải biện pháp xử lý hành chính (khoản 8 Điều 36 Luật Phòng, chống ma túy số 120/2025/QH15). "
        "Thời hạn cai nghiện do Luật quy định (24 tháng lần đầu, 36 tháng từ lần thứ hai: khoản 1 Điều 29, "
        "điểm b khoản 2 Điều 30), Tòa án không ấn định thời hạn.",
    )
    decision_number = Str("Số quyết định", required=True)
    decision_on = VnDate("Ngày ra quyết định", required=True, not_before="session_held_on")
    reasons = LongText("Lý do, căn cứ của quyết định", required=True)


class MinorDecisionDispatchSchema(TaskForm):
    """Gửi quyết định cho người bị đề nghị, cha, mẹ, người giám hộ, Công an cấp xã đã lập hồ sơ và
    Viện kiểm sát (time limit UNVERIFIED, minor_court_steps_d)."""

    decision_sent_on = VnDate("Ngày gửi quyết định", required=True)
    recipients = LongText("Nơi nhận quyết định", required=True)


class MinorComplaintRecordSchema(TaskForm):
    """Khiếu nại, kiến nghị, kháng nghị received within the window (minor_complaint_window_d, UNVERIFIED)."""

    challenge_kind = Choice("Loại", CHALLENGE_KINDS, required=True)
    challenger = Str("Người khiếu nại hoặc cơ quan kiến nghị, kháng nghị", required=True)
    challenge_received_on = VnDate("Ngày nhận", required=True)
    content = LongText("Nội dung", required=True)


class MinorComplaintForwardSchema(TaskForm):
    """Chuyển khiếu nại, kiến nghị, kháng nghị kèm hồ sơ lên Tòa án cấp trên (which court: UNVERIFIED)."""

    forwarded_on = VnDate("Ngày chuyển hồ sơ lên Tòa án cấp trên", required=True)
    forward_number = Str("Số văn bản chuyển", required=True)


class MinorReviewResultSchema(TaskForm):
    """Kết quả xem xét của Tòa án cấp trên; ``decision`` becomes the final outcome. No term."""

    review_decision_number = Str("Số quyết định của Tòa án cấp trên", required=True)
    reviewed_on = VnDate("Ngày ra quyết định", required=True)
    decision = Choice("Kết quả cuối cùng", DECISIONS, required=True)


_EFFECTIVE = ("legal_effect_outcome", "effective")
_CHALLENGED = ("legal_effect_outcome", "challenged")


class MinorLegalEffectSchema(TaskForm):
    """Xác nhận quyết định có hiệu lực pháp luật, or record a late petition or protest."""

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


class MinorDecisionReceiptSchema(TaskForm):
    """Công an cấp xã ghi thời điểm nhận được quyết định của Tòa án: the 24 hours of khoản 1 Điều 106
    NĐ 163 (forwarding it to the Giám đốc Công an cấp tỉnh) run from this instant, in the execution
    dossier that this step starts (``start_compulsory_execution``)."""

    decision_received_at = VnDateTime(
        "Thời điểm Công an cấp xã nhận được quyết định của Tòa án",
        required=True,
        help="Trong 24 giờ kể từ thời điểm này, Trưởng Công an cấp xã gửi Công văn đề nghị kèm quyết định "
        "đến Giám đốc Công an cấp tỉnh (khoản 1 Điều 106 Nghị định 163/2026/NĐ-CP).",
    )


TASK_FORMS: dict[str, type[Schema]] = {
    "d_minor_violation_record": MinorViolationRecordSchema,
    "d_minor_dossier_preparation": MinorDossierPreparationSchema,
    "d_minor_interim_management": MinorInterimManagementSchema,
    "d_minor_interim_handover": MinorInterimHandoverSchema,
    "d_minor_dossier_notice": MinorDossierNoticeSchema,
    "d_minor_court_transfer": MinorCourtTransferSchema,
    "d_minor_court_intake": MinorCourtIntakeSchema,
    "d_minor_dossier_supplement": MinorDossierSupplementSchema,
    "d_minor_court_review": MinorCourtReviewSchema,
    "d_minor_clarification_answer": MinorClarificationAnswerSchema,
    "d_minor_court_decision": MinorCourtDecisionSchema,
    "d_minor_decision_dispatch": MinorDecisionDispatchSchema,
    "d_minor_complaint_record": MinorComplaintRecordSchema,
    "d_minor_complaint_forward": MinorComplaintForwardSchema,
    "d_minor_review_result": MinorReviewResultSchema,
    "d_minor_legal_effect": MinorLegalEffectSchema,
    "d_minor_decision_receipt": MinorDecisionReceiptSchema,
}
