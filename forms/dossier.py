"""Forms of the commune police: opening the case, preparing the dossier and managing the
person meanwhile (Điều 33, 40-46 Nghị định 116/2021/NĐ-CP; Điều 32 Luật Phòng, chống ma túy 2021)."""

from __future__ import annotations

from marshmallow import ValidationError, validate

from .base import BIRTH_DATES_FROM, Bool, Choice, Int, LongText, Str, TaskForm, VnDate
from .names import forbidden_message, normalized
from .vn import age_on

# Luật Phòng, chống ma túy 2021 numbers the Điều 32 cases as clauses (khoản 1-4).
GROUNDS = [
    (
        "no_registration",
        "Không đăng ký, không thực hiện cai nghiện ma túy tự nguyện (khoản 1 Điều 32 Luật Phòng, chống ma túy)",
    ),
    ("quit_voluntary", "Tự ý chấm dứt cai nghiện ma túy tự nguyện (khoản 1 Điều 32 Luật Phòng, chống ma túy)"),
    (
        "use_during_voluntary",
        "Sử dụng trái phép chất ma túy trong thời gian cai nghiện ma túy tự nguyện "
        "(khoản 2 Điều 32 Luật Phòng, chống ma túy)",
    ),
    (
        "methadone_violation",
        "Nghiện các chất dạng thuốc phiện: không đăng ký, không thực hiện, tự ý chấm dứt hoặc bị chấm dứt "
        "điều trị bằng thuốc thay thế do vi phạm (khoản 3 Điều 32 Luật Phòng, chống ma túy)",
    ),
    (
        "relapse_post_rehab",
        "Tái nghiện trong thời gian quản lý sau cai nghiện ma túy (khoản 4 Điều 32 Luật Phòng, chống ma túy)",
    ),
]

ADULT_AGE = 18
MINOR_REFUSAL = "Người chưa đủ 18 tuổi không thuộc thủ tục này (Điều 32, 33 Luật Phòng, chống ma túy 2021)."


class PersonText(Str):
    """Free text kept on the person record: NFC-normalised, and refused when it holds control,
    zero-width or bidi characters, which make two equal-looking names differ."""

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        refusal = forbidden_message(text)
        if refusal:
            raise ValidationError(refusal)
        return normalized(text)


class _PersonForm(TaskForm):
    """The person a dossier is opened for; the engine keeps these fields on the person record."""

    person_name = PersonText("Họ và tên người nghiện ma túy", required=True, min_len=2, max_len=120)
    person_birth_date = VnDate("Ngày sinh", required=True, earliest=BIRTH_DATES_FROM)
    id_number = Str(
        "Số định danh cá nhân / CCCD / CMND",
        max_len=None,
        validate=[validate.Regexp(r"[0-9]{9,12}\Z", error="Số định danh phải gồm từ 9 đến 12 chữ số.")],
        help="Không bắt buộc; 12 chữ số (CCCD) hoặc 9 chữ số (CMND cũ).",
    )
    residence = PersonText("Nơi cư trú", required=True)
    commune_code = Str("Mã đơn vị hành chính cấp xã", required=True, max_len=20)


class PersonChoiceSchema(TaskForm):
    """Why the person of a dossier being opened is not one of the recorded persons the look-up
    found (the choice of one of them is an id, checked by the engine against the matches)."""

    different_person_reason = PersonText("Lý do là người khác", min_len=10, max_len=1000)


class PersonMergeSchema(TaskForm):
    """An administrator merges two records of one person: the one kept, the one merged into
    it, and why they are the same person."""

    keep_id = Int("Bản ghi giữ lại", required=True, min=1)
    other_id = Int("Bản ghi gộp vào", required=True, min=1)
    reason = PersonText("Lý do gộp (căn cứ xác định là cùng một người)", required=True, min_len=10, max_len=1000)

    def check(self, data):
        if data.get("keep_id") is not None and data.get("keep_id") == data.get("other_id"):
            yield "other_id", "Chọn hai bản ghi khác nhau."


class OpenDossierSchema(_PersonForm):
    """Opening a dossier when an Art. 32 case is discovered (before Mẫu số 27).

    Only adults are handled by this process: minors (12 to under 18) follow Điều 33, 34 of
    the Law and NĐ 116 Điều 50-53, so a person under 18 on the day of discovery is refused.
    Registered as ``OPEN_FORMS["open_dossier"]``.
    """

    discovered_on = VnDate(
        "Ngày phát hiện",
        required=True,
        help="Ngày phát hiện người nghiện thuộc trường hợp Điều 32; thời hạn lập hồ sơ tính từ ngày này.",
    )
    ground = Choice("Trường hợp áp dụng (Điều 32 Luật Phòng, chống ma túy)", GROUNDS, required=True)
    stable_residence = Bool("Có nơi cư trú ổn định", required=True)

    def check(self, data):
        born, discovered = data.get("person_birth_date"), data.get("discovered_on")
        if born and discovered and age_on(born, discovered) < ADULT_AGE:
            yield "person_birth_date", MINOR_REFUSAL


class OpenCaseSchema(_PersonForm):
    """Opening a dossier of any procedure of the chain by hand (``OPEN_FORMS["open_case"]``):
    the person and the key date from which the first step's time limit runs (the day the
    person was discovered, or the day they registered). No Mẫu; no age rule of its own.
    """

    discovered_on = VnDate(
        "Ngày phát hiện / ngày đăng ký",
        required=True,
        help="Thời hạn của bước đầu tiên tính từ ngày này.",
    )
    stable_residence = Bool("Có nơi cư trú ổn định", required=True)


class ViolationRecordSchema(TaskForm):
    """Lập biên bản hành vi vi phạm, Mẫu số 27 (khoản 1 Điều 33, khoản 1 Điều 40 NĐ 116/2021)."""

    record_number = Str("Số biên bản vi phạm (Mẫu số 27)", required=True)
    recorded_on = VnDate("Ngày lập biên bản", required=True)
    place = Str("Nơi lập biên bản", required=True)
    violation_description = LongText("Mô tả hành vi vi phạm", required=True)


GENDERS = [("male", "Nam"), ("female", "Nữ")]


def biography_fields() -> tuple[Str, ...]:
    """What the background record (Mẫu số 30 NĐ 116/2021, Mẫu số 33 NĐ 163/2026) prints of the
    person beyond the dossier's identity data, each optional: only what the form itself asks
    (personal data are collected for the purpose stated, Nghị định 13/2023/NĐ-CP). A line left
    blank prints dotted, to be filled in by hand."""
    return (
        Choice("Giới tính", GENDERS),
        Str("Dân tộc", max_len=60),
        Str("Quốc tịch", max_len=60),
        Str("Nghề nghiệp", max_len=120),
        Str("Họ và tên cha", max_len=120),
        Str("Họ và tên mẹ", max_len=120),
    )


class DossierPreparationSchema(TaskForm):
    """Lập hồ sơ đề nghị: Mẫu số 29, 30, 31 and the addiction determination result
    (khoản 1 Điều 40, Điều 41 NĐ 116/2021). Mẫu 30 and 31 are mandatory dossier items, and a
    person without a stable residence also needs the police's written determination (khoản 2 Điều 41).
    """

    proposal_number = Str("Số văn bản đề nghị (Mẫu số 29)", required=True)
    proposal_on = VnDate("Ngày văn bản đề nghị", required=True)
    biography_done = Bool(
        "Đã lập bản tóm tắt lý lịch (Mẫu số 30)",
        must_be_true="Bản tóm tắt lý lịch (Mẫu số 30) là thành phần bắt buộc của hồ sơ "
        "(điểm a khoản 1 Điều 41 NĐ 116/2021).",
    )
    statement_done = Bool(
        "Đã có bản tường trình của người nghiện ma túy (Mẫu số 31)",
        must_be_true="Bản tường trình của người nghiện ma túy (Mẫu số 31) là thành phần bắt buộc của hồ sơ "
        "(điểm d khoản 1 Điều 41 NĐ 116/2021).",
    )
    determination_result_number = Str("Số phiếu kết quả xác định tình trạng nghiện ma túy", required=True)
    determination_result_on = VnDate("Ngày của phiếu kết quả xác định tình trạng nghiện", required=True)
    determination_facility = Str("Cơ sở y tế xác định tình trạng nghiện ma túy", required=True)
    stable_residence = Bool("Có nơi cư trú ổn định", required=True)
    residence_confirmation_number = Str(
        "Số văn bản xác định không có nơi cư trú ổn định (cơ quan Công an)",
        required_if=("stable_residence", False),
        error_messages={
            "required": "Người nghiện ma túy không có nơi cư trú ổn định: hồ sơ phải có văn bản xác định "
            "của cơ quan Công an có thẩm quyền (điểm b khoản 2 Điều 41 NĐ 116/2021)."
        },
        help="Bắt buộc khi người nghiện không có nơi cư trú ổn định.",
    )
    # Cases in which the measure is not applied; checked by the model, not by this form.
    pregnant = Bool("Người bị đề nghị đang mang thai (có chứng nhận của bệnh viện)", load_default=False)
    caring_child_under_36_months = Bool(
        "Phụ nữ hoặc người duy nhất đang nuôi con nhỏ dưới 36 tháng tuổi (có xác nhận của UBND cấp xã)",
        load_default=False,
    )
    gender, ethnicity, nationality, occupation, father_name, mother_name = biography_fields()


class DossierNoticeSchema(TaskForm):
    """Thông báo và gửi bản sao hồ sơ, Mẫu số 32 (khoản 1, 2 Điều 42 NĐ 116/2021).

    The 03 working-day reading period runs from ``notice_received_on`` (khoản 3 Điều 42).
    """

    notice_number = Str("Số thông báo (Mẫu số 32)", required=True)
    notice_sent_on = VnDate("Ngày gửi thông báo", required=True)
    notice_received_on = VnDate(
        "Ngày người nhận nhận được thông báo",
        required=True,
        not_before="notice_sent_on",
        help="Thời hạn đọc hồ sơ 03 ngày làm việc tính từ ngày này.",
    )
    recipient = Choice(
        "Người nhận thông báo",
        [("person", "Người bị đề nghị"), ("legal_representative", "Người đại diện hợp pháp")],
        required=True,
    )
    recipient_name = Str("Họ và tên người nhận", required=True)


class DossierDispatchSchema(TaskForm):
    """Gửi văn bản đề nghị kèm hồ sơ: đến Phòng LĐTBXH cấp huyện (khoản 3, 4 Điều 42 NĐ 116/2021)
    or, from 1/3/2025, to the court (TTLT 03/2025).
    No Mẫu: the Mẫu 29 proposal travels with the paginated dossier (đánh bút lục)."""

    dispatch_number = Str("Số văn bản gửi hồ sơ", required=True)
    sent_on = VnDate("Ngày gửi hồ sơ", required=True)
    page_count = Int("Số bút lục (số trang của hồ sơ)", required=True, min=1)
    person_comments = LongText("Ý kiến của người bị đề nghị hoặc người đại diện (nếu có)")


class DossierSupplementSchema(TaskForm):
    """Bổ sung hồ sơ theo văn bản trả lại Mẫu số 33 (điểm b khoản 1 Điều 43 NĐ 116/2021)."""

    supplemented_items = LongText("Tài liệu đã bổ sung", required=True)
    resent_on = VnDate("Ngày gửi lại hồ sơ", required=True)


class InterimManagementSchema(TaskForm):
    """Quản lý người bị đề nghị trong thời gian lập hồ sơ: quyết định quản lý Mẫu số 36
    (Điều 44, 45, khoản 1 Điều 46 NĐ 116/2021); the family's written consent is Mẫu số 35.

    Management at home needs a stable residence and the family's consent (Điều 45): that rule
    uses ``stable_residence`` from the dossier and lives in the DMN table
    ``interim_management_form``. Days spent at a facility are later deducted from the term
    (khoản 3 Điều 44), counted from ``interim_facility_since``.
    """

    management_form = Choice(
        "Hình thức quản lý",
        [
            ("home", "Quản lý tại gia đình"),
            ("facility", "Quản lý tại cơ sở cai nghiện bắt buộc hoặc cơ sở tiếp nhận đối tượng xã hội"),
        ],
        required=True,
    )
    family_consent = Bool("Gia đình đồng ý quản lý tại gia đình bằng văn bản (Mẫu số 35)", required=True)
    decision_number = Str("Số quyết định quản lý (Mẫu số 36)", required=True)
    decision_on = VnDate("Ngày ra quyết định quản lý", required=True)
    interim_facility_since = VnDate(
        "Ngày bắt đầu quản lý tại cơ sở",
        required_if=("management_form", "facility"),
        help="Thời gian quản lý tại cơ sở được trừ vào thời hạn chấp hành quyết định "
        "(khoản 3 Điều 44 Nghị định 116/2021/NĐ-CP).",
    )
