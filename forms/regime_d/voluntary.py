"""Regime D task forms (Luật 120/2025/QH15, Nghị định 163/2026/NĐ-CP): voluntary rehab, process
``voluntary_rehab_2026_07`` (Điều 29, 32–34 Luật; khoản 7–9 Điều 4, Điều 89–97 Nghị định 163).

The commune police receive the registration and decide within 24 hours (khoản 1 Điều 91); the
person starts within 02 working days of the decision, otherwise "không thực hiện" (khoản 8
Điều 4); at home or in the community the term (24 months for a first rehab, 36 from the second,
khoản 1 Điều 29 Luật) runs from the reception record (Mẫu số 24, điểm a khoản 2 Điều 32 Luật).

What the forms cannot see (the end of the 02 working days, the person's earlier rehab episodes,
the computed end of the term and the 24-hour window of the certificate) is checked by the DMN
tables ``reception_voluntary_d`` and ``certificate_voluntary_d`` (task property
``validation_decision``) and by ``not_before``. Every event that starts an hour clock is a moment
(VnDateTime). Field names follow the data keys of document ``nd163_22`` (Mẫu số 22).
"""

from __future__ import annotations

from collections.abc import Iterable

from marshmallow import Schema, post_load

from ..base import REQUIRED, Bool, Choice, LongText, Str, TaskForm, VnDate, VnDateTime

LAW = "Luật Phòng, chống ma túy số 120/2025/QH15"
DECREE = "Nghị định 163/2026/NĐ-CP"

REHAB_FORMS = [
    ("home_community", "Cai nghiện ma túy tự nguyện tại gia đình, cộng đồng"),
    ("private_facility", "Cai nghiện ma túy tự nguyện tại cơ sở cai nghiện ma túy tư nhân"),
    ("public_facility", "Cai nghiện ma túy tự nguyện tại cơ sở cai nghiện ma túy công lập, trường giáo dưỡng"),
]
"""The same codes as the registration of addiction_determination_2026_07 and document nd163_22."""

DROPPED_OUT = (
    "dropped_out",
    f"Tự ý chấm dứt cai nghiện ma túy tự nguyện (khoản 9 Điều 4 {DECREE}): đề nghị áp dụng biện pháp đưa đi cai "
    f"nghiện bắt buộc (điểm a khoản 1 Điều 35, điểm a khoản 1 Điều 36 {LAW})",
)
DRUG_USE = (
    "drug_use",
    "Trong thời gian cai nghiện ma túy tự nguyện bị phát hiện sử dụng trái phép chất ma túy: đề nghị áp dụng "
    f"biện pháp đưa đi cai nghiện bắt buộc (điểm b khoản 1 Điều 35, điểm b khoản 1 Điều 36 {LAW})",
)
FAILURES = ("dropped_out", "drug_use")
EVENT_ON_HELP = (
    "Ngày phát hiện người cai nghiện tự ý chấm dứt hoặc sử dụng trái phép chất ma túy; hồ sơ đề nghị áp dụng biện "
    f"pháp đưa đi cai nghiện bắt buộc lập trong 01 ngày làm việc kể từ ngày này (Điều 100 {DECREE})."
)


def _failure_rules(data: dict) -> Iterable[tuple[str, str]]:
    if data.get("term_event") in FAILURES and "event_on" not in data:
        yield "event_on", REQUIRED
    if data.get("term_event") in FAILURES and not data.get("event_description"):
        yield "event_description", REQUIRED


class RegistrationSchema(TaskForm):
    """Tiếp nhận đăng ký cai nghiện ma túy tự nguyện (dossier opened by hand at the commune police):
    application Mẫu số 20, background Mẫu số 33, addiction confirmation or Mẫu số 35, identity
    document (may be VNeID), in person or online, entered in the register book Mẫu số 21
    (khoản 3–5 Điều 89, Điều 90 Nghị định 163). A dossier started by the registration step of the
    addiction determination already knows the moment and skips this step."""

    registration_received_at = VnDateTime(
        "Thời điểm Công an cấp xã tiếp nhận đăng ký (giờ, phút)",
        required=True,
        help="Thời hạn 24 giờ ra quyết định cai nghiện ma túy tự nguyện tính từ thời điểm này "
        f"(khoản 1 Điều 91 {DECREE}).",
    )
    rehab_form = Choice("Hình thức cai nghiện ma túy tự nguyện đăng ký", REHAB_FORMS, required=True)
    channel = Choice(
        "Hình thức nộp hồ sơ",
        [
            ("in_person", "Trực tiếp tại Công an cấp xã"),
            ("national_portal", "Trực tuyến qua Cổng Dịch vụ công quốc gia"),
            ("vneid", "Trực tuyến qua ứng dụng VNeID"),
        ],
        required=True,
        help=f"Khoản 4 Điều 89 {DECREE}.",
    )
    applicant = Choice(
        "Người đăng ký",
        [
            ("person", "Người nghiện ma túy từ đủ 18 tuổi"),
            ("parent_guardian", "Cha, mẹ, người giám hộ của người từ đủ 12 đến dưới 18 tuổi"),
        ],
        required=True,
    )
    register_book_number = Str("Số thứ tự trong sổ đăng ký (Mẫu số 21)", required=True)
    dossier_complete = Bool(
        "Hồ sơ đăng ký đầy đủ (Mẫu số 20, Mẫu số 33, xác nhận tình trạng nghiện hoặc Mẫu số 35, giấy tờ tùy thân)",
        must_be_true=f"Hồ sơ chưa đầy đủ: hướng dẫn người đăng ký bổ sung (khoản 3, khoản 5 Điều 89 {DECREE}) và "
        "ghi nhận khi hồ sơ đầy đủ.",
    )
    note = LongText("Ghi chú")


class DecisionSchema(TaskForm):
    """Quyết định cai nghiện ma túy tự nguyện, Mẫu số 22, within 24 hours of the registration;
    handover record Mẫu số 23; copies to the Giám đốc Công an cấp tỉnh (public facility) and
    to PC04 (khoản 1, khoản 2 Điều 91 Nghị định 163)."""

    decision_number = Str("Số quyết định (Mẫu số 22)", required=True)
    decided_at = VnDateTime(
        "Thời điểm ký quyết định (giờ, phút)",
        required=True,
        help="Người cai nghiện tại gia đình, cộng đồng: Trưởng Công an cấp xã quyết định giám sát điện tử trong "
        f"12 giờ kể từ thời điểm này (điểm a khoản 2 Điều 16 {DECREE}); người cai nghiện bắt đầu trong 02 ngày "
        f"làm việc kể từ ngày quyết định (khoản 8 Điều 4 {DECREE}).",
    )
    rehab_provider = Str(
        "Nơi thực hiện cai nghiện (tổ chức, cá nhân cung cấp dịch vụ; cơ sở tư nhân)",
        help="Cai nghiện tại cơ sở công lập, trường giáo dưỡng: để trống, Giám đốc Công an cấp tỉnh quyết định cơ sở.",
    )
    recipients = LongText(
        "Nơi nhận quyết định",
        help="Người nghiện ma túy hoặc cha, mẹ, người giám hộ; Giám đốc Công an cấp tỉnh (nếu cai nghiện tại cơ sở "
        f"công lập, trường giáo dưỡng); Phòng PC04 Công an cấp tỉnh (khoản 2 Điều 91 {DECREE}).",
    )
    decision_handed_over = Bool(
        "Đã giao quyết định, lập biên bản giao nhận (Mẫu số 23)",
        must_be_true="Quyết định được giao cho người cai nghiện, lập biên bản theo Mẫu số 23 "
        f"(khoản 2 Điều 91 {DECREE}).",
    )

    @post_load
    def _decision_day(self, data: dict, **kwargs) -> dict:
        """The decision's day (printed on Mẫu số 22; the 02 working days run from it)."""
        data["decision_on"] = data["decided_at"].date()
        return data


_STARTED = ("start_outcome", "started")
_NOT_STARTED = ("start_outcome", "not_started")
NOT_STARTED = (
    "not_started",
    f"Không thực hiện cai nghiện theo đăng ký trong 02 ngày làm việc kể từ ngày có quyết định (khoản 8 Điều 4 "
    f"{DECREE}): đề nghị áp dụng biện pháp đưa đi cai nghiện bắt buộc (điểm a khoản 1 Điều 35, điểm a khoản 1 "
    f"Điều 36 {LAW})",
)
CHECKED_AT_HELP = "Chỉ ghi nhận được khi đã hết 02 ngày làm việc kể từ ngày có quyết định."


class ReceptionSchema(TaskForm):
    """Biên bản tiếp nhận đăng ký, Mẫu số 24 (the term starts on its day, điểm a khoản 2 Điều 32
    Luật), commitment Mẫu số 25 (khoản 1 Điều 92 Nghị định 163), and the count of the rehab (24 or
    36 months, khoản 1 Điều 29 Luật), checked against the history by ``reception_voluntary_d``; or
    "không thực hiện" once the 02 working days are over."""

    start_outcome = Choice(
        "Kết quả",
        [("started", "Người cai nghiện bắt đầu cai nghiện: lập biên bản tiếp nhận"), NOT_STARTED],
        required=True,
    )
    reception_record_number = Str("Số biên bản tiếp nhận (Mẫu số 24)", required_if=_STARTED)
    reception_record_on = VnDate(
        "Ngày lập biên bản tiếp nhận",
        required_if=_STARTED,
        help=f"Thời hạn cai nghiện tính từ ngày này (điểm a khoản 2 Điều 32 {LAW}).",
    )
    commitment_signed = Bool(
        "Người cai nghiện đã ký bản cam kết (Mẫu số 25; người chưa thành niên: có xác nhận của cha, mẹ, người giám hộ)",
        required_if=_STARTED,
    )
    episode_count_confirmed = Choice(
        "Lần cai nghiện ma túy của người này",
        [
            ("first", "Lần đầu: thời hạn cai nghiện 24 tháng"),
            ("repeat", "Từ lần thứ hai trở lên: thời hạn cai nghiện 36 tháng"),
        ],
        required_if=_STARTED,
        help="Đối chiếu các lần cai nghiện trước của người này (hồ sơ cai nghiện tự nguyện, chấp hành quyết định tại "
        "cơ sở) đã có trong hệ thống; lựa chọn trái với lịch sử đó bị từ chối và các lần đã ghi nhận được nêu trong "
        f"thông báo (khoản 1 Điều 29 {LAW}).",
    )
    history_checked = Bool("Đã đối chiếu lịch sử cai nghiện của người này", required_if=_STARTED)
    checked_at = VnDateTime(
        "Thời điểm kiểm tra, xác nhận không thực hiện (giờ, phút)",
        required_if=_NOT_STARTED,
        help=CHECKED_AT_HELP,
    )
    note = LongText("Ghi chú")

    def check(self, data: dict) -> Iterable[tuple[str, str]]:
        if data.get("start_outcome") == "started":
            if data.get("commitment_signed") is False:
                yield "commitment_signed", f"Người cai nghiện phải ký bản cam kết (khoản 1 Điều 92 {DECREE})."
            if data.get("history_checked") is False:
                yield (
                    "history_checked",
                    f"Phải đối chiếu lịch sử cai nghiện trước khi xác định thời hạn (khoản 1 Điều 29 {LAW}).",
                )


_NOTICE = ("term_event", "end_notice")
_MOVED = ("term_event", "moved")


class EndNoticeSchema(TaskForm):
    """Thông báo ngày hoàn thành (Mẫu số 51) of the person assigned to counsel and support, at the
    latest 30 days before the end (khoản 2 Điều 93 Nghị định 163); while it is pending the commune
    police also record a drop-out, use of drugs, or a move (transfer within 24 hours, điểm c
    khoản 1 Điều 92)."""

    term_event = Choice(
        "Nội dung ghi nhận",
        [
            ("end_notice", "Đã nhận thông báo ngày hoàn thành cai nghiện (Mẫu số 51)"),
            ("moved", "Người cai nghiện chuyển nơi cư trú khỏi địa phương"),
            DROPPED_OUT,
            DRUG_USE,
        ],
        required=True,
    )
    notice_number = Str("Số thông báo (Mẫu số 51)", required_if=_NOTICE)
    notice_on = VnDate("Ngày nhận thông báo", required_if=_NOTICE)
    notified_by = Str("Người thông báo (người được giao tư vấn, quản lý, hỗ trợ)", required_if=_NOTICE)
    moved_at = VnDateTime(
        "Thời điểm người cai nghiện chuyển khỏi địa phương (giờ, phút)",
        required_if=_MOVED,
        help=f"Thông báo kèm hồ sơ cho Công an cấp xã nơi chuyển đến trong 24 giờ kể từ thời điểm này (điểm c khoản 1 "
        f"Điều 92 {DECREE}).",
    )
    new_commune = Str("Công an cấp xã nơi chuyển đến", required_if=_MOVED)
    new_residence = Str("Nơi cư trú mới", required_if=_MOVED)
    event_on = VnDate("Ngày phát hiện", help=EVENT_ON_HELP)
    event_description = LongText("Mô tả sự việc, người phát hiện hoặc thông báo")

    def check(self, data: dict) -> Iterable[tuple[str, str]]:
        return _failure_rules(data)


_CERTIFICATE = ("term_event", "certificate")


class CertificateSchema(TaskForm):
    """Giấy xác nhận hoàn thành cai nghiện ma túy tự nguyện tại gia đình, cộng đồng (Mẫu số 28),
    issued by the chief of commune police in the 24 hours before the person completes the term,
    and the post-rehab decision handed over (biên bản Mẫu số 23) (điểm c khoản 5 Điều 32 Luật;
    khoản 4 Điều 93 Nghị định 163). The window and the completion day are checked by the DMN
    table ``certificate_voluntary_d``."""

    term_event = Choice(
        "Nội dung ghi nhận",
        [
            ("certificate", "Cấp giấy xác nhận hoàn thành cai nghiện ma túy tự nguyện (Mẫu số 28)"),
            DROPPED_OUT,
            DRUG_USE,
        ],
        required=True,
    )
    certificate_number = Str("Số giấy xác nhận (Mẫu số 28)", required_if=_CERTIFICATE)
    certificate_issued_at = VnDateTime(
        "Thời điểm cấp giấy xác nhận (giờ, phút)",
        required_if=_CERTIFICATE,
        help=f"Trong 24 giờ trước khi người cai nghiện thực hiện đầy đủ thời hạn (khoản 4 Điều 93 {DECREE}).",
    )
    completed_on = VnDate(
        "Ngày hoàn thành cai nghiện (ngày hết thời hạn)",
        required_if=_CERTIFICATE,
        help="Phải là ngày hết thời hạn hệ thống đã tính từ ngày lập biên bản tiếp nhận.",
    )
    post_rehab_decision_handed_over = Bool(
        "Đã trao quyết định quản lý sau cai nghiện (biên bản giao nhận Mẫu số 23)",
        required_if=_CERTIFICATE,
        help="Nếu Chủ tịch Ủy ban nhân dân cấp xã chưa ra quyết định, ghi rõ ở phần ghi chú.",
    )
    note = LongText("Ghi chú")
    event_on = VnDate("Ngày phát hiện", help=EVENT_ON_HELP)
    event_description = LongText("Mô tả sự việc, người phát hiện hoặc thông báo")

    def check(self, data: dict) -> Iterable[tuple[str, str]]:
        handed_over = data.get("post_rehab_decision_handed_over")
        if data.get("term_event") == "certificate" and handed_over is False and not data.get("note"):
            yield "note", "Ghi rõ lý do chưa trao quyết định quản lý sau cai nghiện."
        yield from _failure_rules(data)


class MoveTransferSchema(TaskForm):
    """Thông báo kèm hồ sơ cho Công an cấp xã nơi chuyển đến (Mẫu số 26) within 24 hours of the
    person leaving; the new commune's chief decides to continue on Mẫu số 22 (điểm c khoản 1
    Điều 92 Nghị định 163; no limit for that decision: NOT FOUND)."""

    transfer_number = Str("Số thông báo (Mẫu số 26)", required=True)
    transfer_sent_at = VnDateTime("Thời điểm gửi thông báo kèm hồ sơ (giờ, phút)", required=True)
    dossier_items = LongText("Hồ sơ gửi kèm", required=True)


class PrivateStartSchema(TaskForm):
    """The person starts at the private facility within 02 working days of the decision (khoản 8
    Điều 4 Nghị định 163), as the facility reports it; otherwise "không thực hiện"."""

    start_outcome = Choice(
        "Kết quả",
        [("started", "Cơ sở cai nghiện ma túy tư nhân đã tiếp nhận người cai nghiện"), NOT_STARTED],
        required=True,
    )
    admitted_on = VnDate("Ngày cơ sở tiếp nhận", required_if=_STARTED)
    facility_name = Str("Cơ sở cai nghiện ma túy tư nhân", required_if=_STARTED)
    checked_at = VnDateTime(
        "Thời điểm kiểm tra, xác nhận không thực hiện (giờ, phút)",
        required_if=_NOT_STARTED,
        help=CHECKED_AT_HELP,
    )
    note = LongText("Ghi chú")


class PrivateNoticeSchema(TaskForm):
    """What the private facility notifies: the completion date at the latest 30 days before
    (Mẫu số 51, khoản 2 Điều 94 Nghị định 163), or a drop-out within 24 hours, after which the
    facility and the commune police prepare the compulsory dossier (khoản 5 Điều 33 Luật)."""

    term_event = Choice(
        "Nội dung ghi nhận",
        [
            ("end_notice", "Đã nhận thông báo thời gian hoàn thành cai nghiện của cơ sở (Mẫu số 51)"),
            DROPPED_OUT,
            DRUG_USE,
        ],
        required=True,
    )
    notice_number = Str("Số thông báo (Mẫu số 51)", required_if=_NOTICE)
    notice_on = VnDate("Ngày nhận thông báo", required_if=_NOTICE)
    term_ends_on = VnDate(
        "Ngày hoàn thành cai nghiện ghi trong thông báo",
        required_if=_NOTICE,
        planned="ngày kết thúc thời gian cai nghiện, thường sau hôm nay",
    )
    event_on = VnDate("Ngày phát hiện", help=EVENT_ON_HELP)
    event_description = LongText("Mô tả sự việc, thông báo của cơ sở")

    def check(self, data: dict) -> Iterable[tuple[str, str]]:
        return _failure_rules(data)


class PrivateCertificateSchema(TaskForm):
    """The copy of the private facility's certificate (Mẫu số 30) reaches the commune police within
    24 hours of its issue (điểm a khoản 3 Điều 33 Luật; khoản 3 Điều 94 Nghị định 163)."""

    term_event = Choice(
        "Nội dung ghi nhận",
        [("certificate", "Đã nhận bản sao giấy xác nhận hoàn thành của cơ sở (Mẫu số 30)"), DROPPED_OUT, DRUG_USE],
        required=True,
    )
    certificate_number = Str("Số giấy xác nhận (Mẫu số 30)", required_if=_CERTIFICATE)
    certificate_issued_at = VnDateTime("Thời điểm cơ sở cấp giấy xác nhận (giờ, phút)", required_if=_CERTIFICATE)
    copy_received_at = VnDateTime(
        "Thời điểm Công an cấp xã nhận bản sao (giờ, phút)",
        required_if=_CERTIFICATE,
        not_before="certificate_issued_at",
        help=f"Cơ sở gửi bản sao trong 24 giờ kể từ khi cấp (điểm a khoản 3 Điều 33 {LAW}).",
    )
    certificate_handed_on = VnDate(
        "Ngày người cai nghiện nhận giấy xác nhận",
        required_if=_CERTIFICATE,
        help="Người cai nghiện trình diện, nộp giấy xác nhận trong 02 ngày kể từ ngày này "
        f"(điểm b khoản 3 Điều 33 {LAW}).",
    )
    event_on = VnDate("Ngày phát hiện", help=EVENT_ON_HELP)
    event_description = LongText("Mô tả sự việc, thông báo của cơ sở")

    def check(self, data: dict) -> Iterable[tuple[str, str]]:
        return _failure_rules(data)


class PrivateReportSchema(TaskForm):
    """The person reports with the certificate to the commune police of residence within 02 days
    of receiving it (điểm b khoản 3 Điều 33 Luật)."""

    reported_on = VnDate("Ngày người cai nghiện trình diện, nộp giấy xác nhận", required=True)
    note = LongText("Ghi chú")


class PublicRequestSchema(TaskForm):
    """Văn bản đề nghị Giám đốc Công an cấp tỉnh quyết định cơ sở công lập, trường giáo dưỡng
    tiếp nhận, within 24 hours of the decision (khoản 1 Điều 95 Nghị định 163)."""

    request_number = Str("Số văn bản đề nghị", required=True)
    request_sent_at = VnDateTime("Thời điểm gửi văn bản đề nghị (giờ, phút)", required=True)


_REFERRED = ("designation_outcome", "referred_c04")
_REFERRED_C10 = ("designation_outcome", "referred_c10")
_DESIGNATED = ("designation_outcome", "designated")


class PublicDesignationSchema(TaskForm):
    """The Giám đốc Công an cấp tỉnh decides within 24 hours which public facility of the province
    receives the person, or asks C04 (a facility of another province) or C10 (a reformatory), who
    decide within 24 hours (khoản 2, khoản 3 Điều 95 Nghị định 163; khoản 2–5 Điều 38 Luật)."""

    request_received_at = VnDateTime("Thời điểm nhận được văn bản đề nghị (giờ, phút)", required=True)
    designation_outcome = Choice(
        "Kết quả",
        [
            ("designated", "Quyết định cơ sở cai nghiện ma túy công lập thuộc thẩm quyền tiếp nhận"),
            ("referred_c04", "Đề nghị Cục Cảnh sát điều tra tội phạm về ma túy (C04) quyết định cơ sở ở tỉnh khác"),
            (
                "referred_c10",
                "Đề nghị Cục C10 quyết định trường giáo dưỡng tiếp nhận (người từ đủ 12 đến dưới 18 tuổi)",
            ),
        ],
        required=True,
    )
    designation_number = Str("Số quyết định cơ sở tiếp nhận", required_if=_DESIGNATED)
    designated_at = VnDateTime("Thời điểm ra quyết định (giờ, phút)", required_if=_DESIGNATED)
    facility_name = Str("Cơ sở cai nghiện ma túy công lập tiếp nhận", required_if=_DESIGNATED)
    referral_sent_at = VnDateTime("Thời điểm gửi văn bản đề nghị Cục (giờ, phút)")

    def check(self, data: dict) -> Iterable[tuple[str, str]]:
        if data.get("designation_outcome", "").startswith("referred") and "referral_sent_at" not in data:
            yield "referral_sent_at", REQUIRED


class NationalDesignationSchema(TaskForm):
    """C04 decides the facility in another province, C10 the reformatory, within 24 hours of the
    director's request (khoản 3 Điều 95 Nghị định 163; khoản 3, khoản 4 Điều 38 Luật)."""

    referral_received_at = VnDateTime(
        "Thời điểm nhận được văn bản đề nghị của Giám đốc Công an cấp tỉnh (giờ, phút)", required=True
    )
    designation_number = Str("Số quyết định nơi tiếp nhận", required=True)
    designated_at = VnDateTime("Thời điểm ra quyết định (giờ, phút)", required=True)
    facility_name = Str("Cơ sở cai nghiện ma túy công lập, trường giáo dưỡng tiếp nhận", required=True)


class PublicEscortSchema(TaskForm):
    """The commune police take the person to the facility within 24 hours (khoản 5 Điều 38 Luật);
    handover record Mẫu số 31 (Điều 96 Nghị định 163)."""

    designation_received_at = VnDateTime(
        "Thời điểm Công an cấp xã nhận được quyết định cơ sở tiếp nhận (giờ, phút)", required=True
    )
    handed_over_at = VnDateTime(
        "Thời điểm bàn giao người cai nghiện cho cơ sở (giờ, phút)",
        required=True,
        not_before="designation_received_at",
    )
    handover_record_number = Str("Số biên bản bàn giao (Mẫu số 31)", required=True)


TASK_FORMS: dict[str, type[Schema]] = {
    "d_vol_registration": RegistrationSchema,
    "d_vol_decision": DecisionSchema,
    "d_vol_reception": ReceptionSchema,
    "d_vol_end_notice": EndNoticeSchema,
    "d_vol_certificate": CertificateSchema,
    "d_vol_move_transfer": MoveTransferSchema,
    "d_vol_private_start": PrivateStartSchema,
    "d_vol_private_notice": PrivateNoticeSchema,
    "d_vol_private_certificate": PrivateCertificateSchema,
    "d_vol_private_report": PrivateReportSchema,
    "d_vol_public_request": PublicRequestSchema,
    "d_vol_public_designation": PublicDesignationSchema,
    "d_vol_national_designation": NationalDesignationSchema,
    "d_vol_public_escort": PublicEscortSchema,
}
