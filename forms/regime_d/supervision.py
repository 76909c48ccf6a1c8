"""Regime D task forms of electronic supervision (biện pháp giám sát điện tử): Điều 12, 47 Luật
120/2025/QH15; Chương III (Điều 14–26) and khoản 1 Điều 151 Nghị định 163/2026/NĐ-CP, forms of
Phụ lục I. Nghị định 163 is known from one transcription only (V¹).

What the forms cannot see (the person's age, the basis of the dossier, the violations already
recorded, the computed end of the term) is checked by the engine: the DMN tables
``esupervision_ground_d`` and ``esupervision_event_d`` (task property ``validation_decision``) and
the task property ``not_before``. Every event that starts a clock counted in hours is a moment
(VnDateTime). The field names of the decision are the data keys of document ``nd163_p1_02``.
"""

from __future__ import annotations

from collections.abc import Iterable

from marshmallow import Schema, post_load

from ..base import Bool, Choice, LongText, Str, TaskForm, VnDate, VnDateTime
from ..vn import vn_date

LAW = "Luật Phòng, chống ma túy số 120/2025/QH15"
DECREE = "Nghị định 163/2026/NĐ-CP"

BASES = [
    (
        "voluntary_rehab",
        "Quyết định cai nghiện ma túy tự nguyện tại gia đình, cộng đồng của Công an cấp xã (điểm a khoản 2 Điều 16)",
    ),
    (
        "methadone",
        "Thông báo tiếp nhận điều trị của cơ sở điều trị nghiện bằng thuốc thay thế (điểm a khoản 2 Điều 16)",
    ),
    (
        "post_rehab",
        "Quyết định quản lý sau cai nghiện ma túy của Chủ tịch Ủy ban nhân dân cấp xã (điểm a khoản 2 Điều 16)",
    ),
    (
        "parent_request",
        "Văn bản đề nghị của cha mẹ, người giám hộ, người đại diện hợp pháp của người từ đủ 12 đến dưới 18 tuổi "
        "(Mẫu số 01 Phụ lục I; điểm a khoản 2 Điều 15, điểm b khoản 2 Điều 16)",
    ),
    (
        "methadone_violation",
        "Tài liệu về hành vi vi phạm quy định giám sát điện tử của người điều trị nghiện bằng thuốc thay thế từ đủ "
        "18 tuổi (khoản 6 Điều 25, điểm b khoản 2 Điều 16)",
    ),
]

# Codes of forms.documents.nd163.SUPERVISION_GROUNDS (document nd163_p1_02).
GROUNDS = [
    ("voluntary_home", f"Người cai nghiện ma túy tự nguyện tại gia đình, cộng đồng (điểm a khoản 1 Điều 15 {DECREE})"),
    ("methadone", f"Người điều trị nghiện bằng thuốc thay thế từ đủ 18 tuổi (điểm b khoản 1 Điều 15 {DECREE})"),
    (
        "post_rehab",
        "Người bị quản lý sau cai nghiện ma túy (điểm a khoản 1 Điều 15; người từ đủ 12 đến dưới 18 tuổi không có "
        f"nơi cư trú ổn định: điểm b khoản 2 Điều 15 {DECREE})",
    ),
    (
        "minor_parent_request",
        "Người từ đủ 12 đến dưới 18 tuổi, theo văn bản đề nghị của cha mẹ, người giám hộ, người đại diện hợp pháp "
        f"(điểm a khoản 2 Điều 15 {DECREE})",
    ),
]
_WHOLE_PERIOD = ("voluntary_home", "post_rehab")

EVENTS = [
    ("violation", "Vi phạm quy định về giám sát điện tử (khoản 1 Điều 24): lập biên bản Mẫu số 18"),
    (
        "removal",
        "Tháo tạm thời, đeo lại, thay đổi vị trí đeo, thay thế thiết bị (Điều 19; Mẫu số 05–10): chỉ ghi nhận",
    ),
    ("pause", "Quyết định tạm dừng áp dụng biện pháp (khoản 1 Điều 20; Mẫu số 11, biên bản Mẫu số 12)"),
    ("resume", "Đeo lại thiết bị khi người bị tạm dừng trở về địa phương (khoản 2 Điều 20; biên bản Mẫu số 08)"),
    (
        "term_changed",
        "Thay đổi ngày hết thời gian cai nghiện tự nguyện, quản lý sau cai nghiện (ví dụ: thời gian vắng mặt "
        "không được tính vào thời hạn quản lý)",
    ),
    ("exemption", "Quyết định miễn chấp hành thời gian còn lại (khoản 3 Điều 20; Mẫu số 13, biên bản Mẫu số 14)"),
    ("end", "Quyết định chấm dứt áp dụng biện pháp trước khi hết thời hạn (khoản 4 Điều 20; Mẫu số 15, 16)"),
    ("moved", "Người bị giám sát thay đổi nơi cư trú (khoản 2 Điều 21)"),
]
VIOLATIONS = [
    (
        "a",
        "Phá hủy, tác động làm ảnh hưởng đến hoạt động bình thường của thiết bị và phụ kiện (điểm a khoản 1 Điều 24)",
    ),
    ("b", "Không chấp hành việc đeo thiết bị giám sát điện tử (điểm b khoản 1 Điều 24)"),
    ("c", "Tự ý tháo thiết bị giám sát điện tử (điểm c khoản 1 Điều 24)"),
    (
        "d",
        "Cố ý để thiết bị hết pin trong thời hạn 24 giờ mà không có lý do chính đáng (điểm d khoản 1 Điều 24)",
    ),
    (
        "dd",
        "Hết thời gian tháo tạm thời, tạm dừng mà không trình diện Công an cấp xã trong vòng 24 giờ để đeo lại "
        "thiết bị (điểm đ khoản 1 Điều 24)",
    ),
]
REMOVALS = [
    ("medical", "Tháo tạm thời để khám bệnh, chữa bệnh (điểm a khoản 1 Điều 19)"),
    ("air_travel", "Tháo tạm thời khi ra nước ngoài bằng đường hàng không (điểm b khoản 1 Điều 19)"),
    ("abroad", "Tháo tạm thời khi ra nước ngoài từ 07 ngày trở lên (điểm c khoản 1 Điều 19)"),
    ("custody", "Tháo tạm thời khi bị tạm giữ hình sự, tạm giam (điểm d khoản 1 Điều 19)"),
    ("refit", "Đeo lại thiết bị sau khi tháo tạm thời (Mẫu số 08)"),
    ("position", "Thay đổi vị trí đeo thiết bị (khoản 3 Điều 19, Mẫu số 09)"),
    ("replace", "Thay thế thiết bị, phụ kiện bị hỏng, gặp sự cố kỹ thuật (khoản 4 Điều 19, Mẫu số 10)"),
]
PAUSE_REASONS = [
    ("prison", "Người bị giám sát phải chấp hành án phạt tù (điểm a khoản 1 Điều 20)"),
    (
        "education",
        "Người bị giám sát phải thi hành quyết định đưa vào cơ sở giáo dục bắt buộc, trường giáo dưỡng "
        "(điểm b khoản 1 Điều 20)",
    ),
]
END_REASONS = [
    ("facility", "Người bị giám sát đi cai nghiện tại cơ sở cai nghiện, trường giáo dưỡng (điểm b khoản 4 Điều 20)"),
    (
        "programme_ended",
        "Không còn cai nghiện tự nguyện tại gia đình, cộng đồng, điều trị thay thế hoặc quản lý sau cai nghiện "
        "(điểm c khoản 4 Điều 20)",
    ),
    ("death", "Người bị giám sát chết hoặc bị Tòa án tuyên bố mất tích (điểm d khoản 4 Điều 20)"),
]
_DECIDED_EVENTS = {"pause": "Mẫu số 11", "exemption": "Mẫu số 13", "end": "Mẫu số 15"}


class SupervisionBasisSchema(TaskForm):
    """A dossier opened by hand: the document that gives the ground and the moment it was
    received (or, for a voluntary-rehab decision, issued): the decision clock of khoản 2 Điều 16
    runs from it."""

    basis = Choice("Căn cứ áp dụng giám sát điện tử", BASES, required=True)
    source_decision_number = Str("Số văn bản làm căn cứ áp dụng giám sát điện tử")
    source_decision_on = VnDate("Ngày văn bản làm căn cứ áp dụng giám sát điện tử")
    source_received_at = VnDateTime(
        "Thời điểm nhận được văn bản làm căn cứ (quyết định cai nghiện tự nguyện: thời điểm ra quyết định)",
        required=True,
        not_before="source_decision_on",
        help="Thời hạn ra quyết định giám sát điện tử tính từ thời điểm này: 12 giờ, hoặc 24 giờ đối với văn bản "
        "đề nghị của cha mẹ và tài liệu về vi phạm của người điều trị thay thế (khoản 2 Điều 16 Nghị định "
        "163/2026/NĐ-CP).",
    )
    requester_name = Str("Họ và tên người đề nghị (cha, mẹ, người giám hộ, người đại diện hợp pháp)")
    violation_summary = LongText("Tóm tắt hành vi vi phạm quy định giám sát điện tử của người điều trị thay thế")

    def check(self, data: dict) -> Iterable[tuple[str, str]]:
        if data.get("basis") == "parent_request" and not data.get("requester_name"):
            yield "requester_name", "Ghi người đề nghị theo Mẫu số 01 Phụ lục I (điểm a khoản 2 Điều 15)."
        if data.get("basis") == "methadone_violation" and not data.get("violation_summary"):
            yield "violation_summary", "Tóm tắt hành vi vi phạm làm căn cứ quyết định giám sát mới (khoản 6 Điều 25)."


class SupervisionDecisionSchema(TaskForm):
    """Quyết định áp dụng biện pháp giám sát điện tử, Mẫu số 02 Phụ lục I (khoản 2, 3 Điều 16
    Nghị định 163; khoản 2 Điều 12 Luật). The term follows Điều 15; the officer gives the end of
    the rehab or post-rehab period (whole-period grounds), the system computes the 02-year
    (methadone) and 01-year (minors on request) terms."""

    decision_number = Str("Số quyết định (Mẫu số 02 Phụ lục I)", required=True)
    decided_at = VnDateTime(
        "Thời điểm ký quyết định (giờ, phút)",
        required=True,
        help="Quyết định có hiệu lực từ thời điểm ký; thiết bị phải được đeo trong 24 giờ kể từ thời điểm này "
        "(khoản 1 Điều 17 Nghị định 163/2026/NĐ-CP).",
    )
    supervision_ground = Choice("Trường hợp áp dụng (Điều 15 Nghị định 163/2026/NĐ-CP)", GROUNDS, required=True)
    period_ends_on = VnDate(
        "Ngày hết thời gian cai nghiện tự nguyện, quản lý sau cai nghiện (hoặc điều trị thay thế)",
        not_before="decided_at",
        planned="ngày kết thúc một thời gian đang chạy, thường sau hôm nay",
        help="Bắt buộc khi giám sát trong suốt thời gian cai nghiện tự nguyện, quản lý sau cai nghiện (điểm a "
        "khoản 1, điểm b khoản 2 Điều 15). Người từ đủ 12 đến dưới 18 tuổi theo đề nghị của cha mẹ: ghi nếu thời "
        "gian còn lại ít hơn 01 năm, thời hạn giám sát đến ngày này (điểm a khoản 2 Điều 15).",
    )
    source_decision_number = Str("Số văn bản làm căn cứ áp dụng giám sát điện tử")
    source_decision_on = VnDate("Ngày văn bản làm căn cứ áp dụng giám sát điện tử")
    source_received_at = VnDateTime("Thời điểm nhận được văn bản làm căn cứ")
    at_facility = Bool(
        "Người bị giám sát đang ở cơ sở cai nghiện ma túy, trường giáo dưỡng",
        required=True,
        help="Có: đề nghị cơ sở cai nghiện công lập, trường giáo dưỡng (hoặc Công an cấp xã nơi cơ sở tư nhân đặt "
        "trụ sở) thi hành quyết định trước khi người đó ra khỏi cơ sở (khoản 3 Điều 16, khoản 4 Điều 17).",
    )
    recipients = LongText("Nơi nhận quyết định")

    def check(self, data: dict) -> Iterable[tuple[str, str]]:
        if data.get("supervision_ground") in _WHOLE_PERIOD and not data.get("period_ends_on"):
            yield (
                "period_ends_on",
                "Giám sát trong suốt thời gian cai nghiện tự nguyện, quản lý sau cai nghiện: ghi ngày hết thời gian đó "
                "(điểm a khoản 1, điểm b khoản 2 Điều 15 Nghị định 163/2026/NĐ-CP).",
            )

    @post_load
    def _term(self, data: dict, **kwargs) -> dict:
        """The decision's day (Mẫu số 02) and its term in words, from Điều 15."""
        data["decision_on"] = data["decided_at"].date()
        ends = data.get("period_ends_on")
        until = f" (đến hết ngày {vn_date(ends)})" if ends else ""
        ground = data["supervision_ground"]
        if ground == "voluntary_home":
            term = f"Trong thời gian cai nghiện ma túy tự nguyện tại gia đình, cộng đồng{until}"
        elif ground == "post_rehab":
            term = f"Trong thời gian quản lý sau cai nghiện ma túy{until}"
        elif ground == "methadone":
            term = "02 năm kể từ ngày Quyết định này có hiệu lực thi hành (điểm b khoản 1 Điều 15, khoản 6 Điều 25)"
        else:
            term = (
                "01 năm kể từ ngày Quyết định này có hiệu lực thi hành, hoặc đến khi hết thời hạn cai nghiện, điều "
                f"trị, quản lý sau cai nghiện nếu thời gian còn lại ít hơn 01 năm{until} (điểm a khoản 2 Điều 15)"
            )
        data["supervision_term"] = term
        return data


class DeviceFittingSchema(TaskForm):
    """Thi hành quyết định, đeo thiết bị: biên bản Mẫu số 03, cam kết Mẫu số 04 Phụ lục I
    (khoản 1, 2, 4 Điều 17 Nghị định 163)."""

    fitted_at = VnDateTime("Thời điểm đeo thiết bị giám sát điện tử", required=True)
    fitting_record_number = Str("Số biên bản thi hành quyết định (Mẫu số 03 Phụ lục I)", required=True)
    device_id = Str("Mã thiết bị giám sát điện tử", required=True)
    fitting_place = Choice(
        "Nơi thi hành quyết định",
        [
            ("residence", "Tại nơi cư trú, trụ sở Công an cấp xã"),
            ("facility", "Tại cơ sở cai nghiện ma túy, trường giáo dưỡng trước khi người đó ra khỏi cơ sở"),
        ],
        required=True,
    )
    fitted_by = Str("Cán bộ, cơ quan thi hành quyết định", required=True)
    commitment_signed = Bool(
        "Người bị giám sát đã ký cam kết thực hiện biện pháp giám sát điện tử (Mẫu số 04 Phụ lục I)",
        must_be_true="Người bị giám sát phải ký cam kết theo Mẫu số 04 Phụ lục I (khoản 2 Điều 17 Nghị định "
        "163/2026/NĐ-CP).",
    )
    parents_notified = Bool(
        "Đã thông báo cho cha mẹ, người giám hộ, người đại diện hợp pháp (người từ đủ 12 đến dưới 18 tuổi)",
        help="Khoản 2, khoản 3 Điều 17 Nghị định 163/2026/NĐ-CP.",
    )


class SupervisionEventSchema(TaskForm):
    """What happens while the person is supervised (Điều 19–21, 24 Nghị định 163)."""

    event = Choice("Sự việc", EVENTS, required=True)
    event_at = VnDateTime("Thời điểm xảy ra sự việc, lập biên bản hoặc ký quyết định", required=True)
    violation_kind = Choice(
        "Hành vi vi phạm (khoản 1 Điều 24 Nghị định 163/2026/NĐ-CP)",
        VIOLATIONS,
        required_if=("event", "violation"),
    )
    record_number = Str("Số biên bản vi phạm (Mẫu số 18 Phụ lục I)", required_if=("event", "violation"))
    criminal_case = Bool(
        "Hành vi phá hủy thiết bị thuộc trường hợp bị xử lý hình sự",
        load_default=False,
        help="Điểm a khoản 1 Điều 24 không bị xử lý theo khoản 2 Điều 47 Luật khi thuộc trường hợp bị xử lý hình "
        "sự (khoản 2 Điều 25 Nghị định 163/2026/NĐ-CP).",
    )
    removal_kind = Choice("Việc tháo, đeo lại, thay đổi, thay thế thiết bị", REMOVALS, required_if=("event", "removal"))
    pause_reason = Choice("Trường hợp tạm dừng", PAUSE_REASONS, required_if=("event", "pause"))
    end_reason = Choice("Trường hợp chấm dứt", END_REASONS, required_if=("event", "end"))
    event_decision_number = Str("Số quyết định (Mẫu số 11, 13 hoặc 15 Phụ lục I)")
    new_period_ends_on = VnDate(
        "Ngày hết thời gian cai nghiện tự nguyện, quản lý sau cai nghiện (mới)",
        required_if=("event", "term_changed"),
        planned="ngày kết thúc một thời gian đang chạy, thường sau hôm nay",
    )
    move_completed_at = VnDateTime(
        "Thời điểm người bị giám sát hoàn thành thủ tục thay đổi nơi cư trú",
        required_if=("event", "moved"),
        help="Công an cấp xã nơi chuyển đi bàn giao việc giám sát trong 24 giờ kể từ thời điểm này (khoản 2 Điều 21 "
        "Nghị định 163/2026/NĐ-CP).",
    )
    new_commune = Str("Công an cấp xã nơi chuyển đến", required_if=("event", "moved"))
    details = LongText("Nội dung, ghi chú")

    def check(self, data: dict) -> Iterable[tuple[str, str]]:
        form = _DECIDED_EVENTS.get(data.get("event") or "")
        if form and not data.get("event_decision_number"):
            yield "event_decision_number", f"Ghi số quyết định của Trưởng Công an cấp xã ({form} Phụ lục I)."
        if data.get("criminal_case") and data.get("violation_kind") != "a":
            yield "criminal_case", "Chỉ áp dụng cho hành vi phá hủy, tác động thiết bị (điểm a khoản 1 Điều 24)."


class ViolationCureSchema(TaskForm):
    """The person cured a first violation (b, c) or one of the first two (d, đ) within 24 hours of
    the record (khoản 3, 4 Điều 25 Nghị định 163). If not, the system moves on by itself."""

    cured_at = VnDateTime("Thời điểm người bị giám sát khắc phục vi phạm", required=True)
    reminder_done = Bool(
        "Đã tổ chức nhắc nhở người vi phạm",
        must_be_true="Vi phạm lần đầu (điểm b, c) hoặc 02 lần đầu (điểm d, đ) bị lập biên bản và tổ chức nhắc nhở "
        "(khoản 3, khoản 4 Điều 25 Nghị định 163/2026/NĐ-CP).",
    )
    cure_note = LongText("Cách khắc phục")


class AdministrativeSanctionSchema(TaskForm):
    """A person under post-rehab management who does not comply with electronic supervision is
    sanctioned administratively (khoản 5 Điều 25 Nghị định 163), not sent to compulsory rehab."""

    noncompliance_record_number = Str(
        "Số biên bản về hành vi không chấp hành việc áp dụng biện pháp giám sát điện tử", required=True
    )
    noncompliance_recorded_at = VnDateTime("Thời điểm lập biên bản", required=True)
    sanction_referral = LongText(
        "Chuyển người có thẩm quyền xử phạt vi phạm hành chính (hành vi chống lại, cản trở việc quản lý sau cai "
        "nghiện ma túy)",
        required=True,
    )


class SupervisionEndSchema(TaskForm):
    """Quyết định chấm dứt khi hết thời hạn giám sát, Mẫu số 15, biên bản Mẫu số 16 (điểm a khoản 4
    Điều 20 Nghị định 163)."""

    end_decision_number = Str("Số quyết định chấm dứt (Mẫu số 15 Phụ lục I)", required=True)
    end_decided_at = VnDateTime("Thời điểm ký quyết định chấm dứt", required=True)
    end_record_number = Str("Số biên bản thi hành, tháo thiết bị (Mẫu số 16 Phụ lục I)", required=True)


class SupervisionHandoverSchema(TaskForm):
    """Bàn giao việc giám sát cho Công an cấp xã nơi chuyển đến (khoản 2 Điều 21 Nghị định 163);
    that commune's chief assigns an officer on Mẫu số 17 for the remaining term."""

    handed_over_at = VnDateTime("Thời điểm bàn giao", required=True)
    receiving_police = Str("Công an cấp xã nhận bàn giao", required=True)
    handover_note = LongText("Tài liệu bàn giao, ghi chú")


TASK_FORMS: dict[str, type[Schema]] = {
    "d_es_basis": SupervisionBasisSchema,
    "d_es_decision": SupervisionDecisionSchema,
    "d_es_fitting": DeviceFittingSchema,
    "d_es_event": SupervisionEventSchema,
    "d_es_cure": ViolationCureSchema,
    "d_es_sanction": AdministrativeSanctionSchema,
    "d_es_end": SupervisionEndSchema,
    "d_es_handover": SupervisionHandoverSchema,
}
