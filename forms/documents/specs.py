"""Which official documents exist, what each needs, and how its data keys are called in Vietnamese.

A document is one form (Mẫu số …) of Phụ lục II Nghị định 116/2021/NĐ-CP, or Mẫu số 07 of
Nghị định 105/2021/NĐ-CP, keyed by the code that BPMN user tasks list in their ``documents``
property. ``required`` keys must be present and non-blank before the document can be printed;
``optional`` keys are used when given (an absent one prints as a dotted line to be filled in by
hand, or is left out). The legal bases are those quoted in
``shared/reference/legal-verified.md`` (Mẫu 07: the article cited by the task form).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

ND116 = "Nghị định 116/2021/NĐ-CP"
ND105 = "Nghị định 105/2021/NĐ-CP"

# Keys every document is printed from (the number is left out of the two sheets that have none).
COMMON_REQUIRED = (
    "agency_name",
    "place_name",
    "issued_on",
    "number",
    "dossier_number",
    "person_name",
    "person_birth_date",
    "residence",
    "signer_title",
    "verify_url",
)
COMMON_OPTIONAL = ("agency_parent", "id_number", "signer_name")
UNNUMBERED_REQUIRED = tuple(key for key in COMMON_REQUIRED if key != "number")

FIELD_LABELS: dict[str, str] = {
    # common
    "agency_name": "Tên cơ quan ban hành",
    "agency_parent": "Tên cơ quan chủ quản",
    "place_name": "Địa danh",
    "issued_on": "Ngày ban hành văn bản",
    "number": "Số văn bản",
    "dossier_number": "Số hồ sơ",
    "person_name": "Họ và tên người bị đề nghị",
    "person_birth_date": "Ngày sinh",
    "id_number": "Số định danh cá nhân",
    "residence": "Nơi cư trú",
    "signer_title": "Chức vụ người ký",
    "signer_name": "Họ và tên người ký",
    "verify_url": "Địa chỉ kiểm tra tính xác thực",
    # steps (same names as the task form fields)
    "recorded_on": "Ngày lập biên bản",
    "place": "Nơi lập biên bản",
    "violation_description": "Mô tả hành vi vi phạm",
    "ground_label": "Trường hợp áp dụng (Điều 32 Luật Phòng, chống ma túy)",
    "determination_result_number": "Số phiếu kết quả xác định tình trạng nghiện ma túy",
    "determination_result_on": "Ngày của phiếu kết quả xác định tình trạng nghiện",
    "determination_facility": "Cơ sở y tế xác định tình trạng nghiện ma túy",
    "stable_residence": "Có nơi cư trú ổn định",
    "residence_confirmation_number": "Số văn bản xác định không có nơi cư trú ổn định",
    "recipient_name": "Họ và tên người nhận thông báo",
    "recipient": "Người nhận thông báo",
    "reading_days": "Thời hạn đọc hồ sơ (ngày làm việc)",
    "missing_items": "Tài liệu còn thiếu, cần bổ sung",
    "proposed_facility": "Tên cơ sở cai nghiện bắt buộc đề nghị đưa vào",
    "child_rights_opinion": "Ý kiến về việc bảo đảm quyền trẻ em",
    "handed_over_on": "Ngày bàn giao",
    "facility_name": "Tên cơ sở cai nghiện bắt buộc",
    "escort_agency": "Cơ quan Công an bàn giao",
    "admitted_on": "Ngày tiếp nhận vào cơ sở",
    "term_months": "Thời hạn (tháng)",
    "released_on": "Ngày rời cơ sở về nơi cư trú",
    "decision_on": "Ngày ra quyết định",
    "returned_on": "Ngày chấp hành xong quyết định hoặc hoàn thành cai nghiện",
    "moved_on": "Ngày đến nơi cư trú mới",
    "new_commune": "Ủy ban nhân dân cấp xã nơi cư trú mới",
    "new_residence": "Nơi cư trú mới",
    "certificate_on": "Ngày cấp giấy chứng nhận",
    "decision_number": "Số quyết định",
    "team_leader": "Tổ trưởng tổ quản lý",
    "team_members": "Thành viên tổ quản lý",
    # optional extras understood by some documents
    "addressee": "Nơi nhận văn bản (Kính gửi)",
    "recipients": "Nơi nhận",
    "authority": "Thẩm quyền ban hành",
    "recorded_at": "Giờ lập biên bản",
    "person_statement": "Ý kiến trình bày của người vi phạm",
    "witnesses": "Người chứng kiến",
    "court_decision_number": "Số quyết định của Tòa án",
    "court_decision_on": "Ngày quyết định của Tòa án",
    "court_name": "Tòa án ra quyết định",
    "page_count": "Số bút lục",
    "proposal_number": "Số văn bản đề nghị",
    "proposal_on": "Ngày văn bản đề nghị",
    "notice_number": "Số thông báo",
    "notice_on": "Ngày thông báo",
    "gender": "Giới tính",
    "other_name": "Tên gọi khác",
    "ethnicity": "Dân tộc",
    "nationality": "Quốc tịch",
    "religion": "Tôn giáo",
    "occupation": "Nghề nghiệp",
    "education": "Trình độ học vấn",
    "father_name": "Họ và tên cha",
    "mother_name": "Họ và tên mẹ",
    "spouse_name": "Họ và tên vợ hoặc chồng",
    "personal_history": "Quá trình bản thân",
    "drug_history": "Quá trình sử dụng ma túy, cai nghiện ma túy",
}


@dataclass(frozen=True)
class DocumentSpec:
    """One printable official document.

    ``title`` names the document (web pages, file names); ``heading`` is the upper-case line
    printed as the title and ``subtitle`` the bold line under it (the trích yếu). ``labels``
    overrides ``FIELD_LABELS`` for this document (e.g. "Số biên bản" instead of "Số văn bản").
    ``numbered`` is False for the two sheets that carry no "Số:" (Mẫu 30, Mẫu 31).
    ``parameters`` names the legal parameter whose value a key prints, where the document's
    law has its own (the reading period of Luật 120 beside that of Luật 73).
    """

    code: str
    title: str
    form_number: str
    decree: str
    legal_basis: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    heading: str = ""
    subtitle: str | None = None
    numbered: bool = True
    labels: Mapping[str, str] = field(default_factory=dict)
    parameters: Mapping[str, str] = field(default_factory=dict)

    def label(self, key: str) -> str:
        return self.labels.get(key) or FIELD_LABELS.get(key, key)

    @property
    def reference(self) -> str:
        """ "Mẫu số 27 – Nghị định 116/2021/NĐ-CP", printed at the top right."""
        return f"{self.form_number} – {self.decree}"


def _spec(
    code,
    title,
    number,
    decree,
    basis,
    step_required=(),
    *,
    numbered=True,
    optional=(),
    heading=None,
    subtitle=None,
    labels=None,
) -> DocumentSpec:
    common = COMMON_REQUIRED if numbered else UNNUMBERED_REQUIRED
    common_optional = COMMON_OPTIONAL
    return DocumentSpec(
        code=code,
        title=title,
        form_number=f"Mẫu số {number}",
        decree=decree,
        legal_basis=basis,
        required=common + tuple(step_required),
        optional=common_optional + tuple(optional),
        heading=heading or title,
        subtitle=subtitle,
        numbered=numbered,
        labels=labels or {},
    )


_MEASURE = "áp dụng biện pháp xử lý hành chính đưa vào cơ sở cai nghiện bắt buộc"

DOCUMENTS: dict[str, DocumentSpec] = {
    spec.code: spec
    for spec in (
        _spec(
            "mau_27",
            "Biên bản vi phạm",
            "27",
            ND116,
            f"Khoản 1 Điều 33, điểm b khoản 1 Điều 41 {ND116}",
            ("recorded_on", "place", "violation_description", "ground_label"),
            optional=("recorded_at", "person_statement", "witnesses"),
            labels={"number": "Số biên bản"},
        ),
        _spec(
            "mau_29",
            "Văn bản đề nghị áp dụng biện pháp đưa vào cơ sở cai nghiện bắt buộc",
            "29",
            ND116,
            f"Điểm đ khoản 1 Điều 41 {ND116}",
            ("ground_label", "determination_result_number", "determination_result_on", "determination_facility"),
            optional=("stable_residence", "residence_confirmation_number", "addressee", "recipients"),
            heading="Văn bản đề nghị",
            subtitle=f"{_MEASURE[0].upper()}{_MEASURE[1:]}",
            labels={"number": "Số văn bản đề nghị"},
        ),
        _spec(
            "mau_30",
            "Bản tóm tắt lý lịch",
            "30",
            ND116,
            f"Điểm a khoản 1 Điều 41, khoản 2 Điều 77 {ND116}",
            numbered=False,
            optional=(
                "stable_residence",
                "other_name",
                "gender",
                "ethnicity",
                "nationality",
                "religion",
                "occupation",
                "education",
                "father_name",
                "mother_name",
                "spouse_name",
                "personal_history",
                "drug_history",
            ),
        ),
        _spec(
            "mau_31",
            "Bản tường trình",
            "31",
            ND116,
            f"Điểm d khoản 1 Điều 41 {ND116}",
            numbered=False,
        ),
        _spec(
            "mau_32",
            "Thông báo về việc lập hồ sơ đề nghị đưa vào cơ sở cai nghiện bắt buộc",
            "32",
            ND116,
            f"Khoản 1, khoản 2, khoản 3 Điều 42 {ND116}",
            ("recipient_name", "reading_days"),
            optional=("recipient", "ground_label"),
            heading="Thông báo",
            subtitle=f"Về việc lập hồ sơ đề nghị {_MEASURE}",
            labels={"number": "Số thông báo"},
        ),
        _spec(
            "mau_33",
            "Văn bản trả lại hồ sơ đề nghị để bổ sung",
            "33",
            ND116,
            f"Điểm b khoản 1 Điều 43 {ND116}",
            ("missing_items",),
            optional=("addressee", "recipients"),
            heading="Văn bản trả lại hồ sơ",
            subtitle=f"Về việc bổ sung hồ sơ đề nghị {_MEASURE}",
            labels={"number": "Số văn bản trả lại hồ sơ"},
        ),
        _spec(
            "mau_34",
            "Văn bản đề nghị Tòa án xem xét, quyết định đưa vào cơ sở cai nghiện bắt buộc",
            "34",
            ND116,
            f"Khoản 2 Điều 43 {ND116}",
            ("proposed_facility",),
            optional=("child_rights_opinion", "page_count", "addressee", "recipients"),
            heading="Văn bản đề nghị",
            subtitle=f"Xem xét, quyết định {_MEASURE}",
            labels={"number": "Số văn bản đề nghị"},
        ),
        _spec(
            "mau_40",
            "Biên bản bàn giao người phải chấp hành quyết định",
            "40",
            ND116,
            f"Khoản 2, khoản 3 Điều 55 {ND116}",
            ("handed_over_on", "facility_name", "escort_agency"),
            optional=("court_decision_number", "court_decision_on", "court_name"),
            heading="Biên bản bàn giao",
            subtitle="Người phải chấp hành quyết định đưa vào cơ sở cai nghiện bắt buộc",
            labels={"number": "Số biên bản", "facility_name": "Cơ sở cai nghiện bắt buộc tiếp nhận"},
        ),
        _spec(
            "mau_46",
            "Giấy chứng nhận hoàn thành cai nghiện bắt buộc",
            "46",
            ND116,
            f"Khoản 2 Điều 62 {ND116}",
            ("admitted_on", "term_months", "released_on", "facility_name"),
            optional=("court_decision_number", "court_decision_on", "court_name"),
            heading="Giấy chứng nhận",
            subtitle="Đã chấp hành xong quyết định đưa vào cơ sở cai nghiện bắt buộc",
            labels={"number": "Số giấy chứng nhận", "term_months": "Thời hạn chấp hành quyết định (tháng)"},
        ),
        _spec(
            "mau_51",
            "Quyết định quản lý sau cai nghiện ma túy tại nơi cư trú",
            "51",
            ND116,
            f"Khoản 1 Điều 78 {ND116}; Điều 40 Luật Phòng, chống ma túy 2021",
            ("decision_on", "term_months", "returned_on"),
            optional=("authority", "proposal_number", "proposal_on", "recipients"),
            heading="Quyết định",
            subtitle="Về việc quản lý sau cai nghiện ma túy tại nơi cư trú",
            labels={"number": "Số quyết định", "term_months": "Thời hạn quản lý (tháng)"},
        ),
        _spec(
            "mau_53",
            "Thông báo thay đổi nơi cư trú của người được quản lý sau cai nghiện",
            "53",
            ND116,
            f"Điều 79 {ND116}",
            ("moved_on", "new_commune"),
            optional=("new_residence", "decision_number", "recipients"),
            heading="Thông báo",
            subtitle="Về việc người đang chịu sự quản lý sau cai nghiện ma túy thay đổi nơi cư trú",
            labels={"number": "Số thông báo", "decision_number": "Số quyết định quản lý sau cai nghiện"},
        ),
        _spec(
            "mau_54",
            "Giấy chứng nhận hoàn thành thời gian quản lý sau cai nghiện ma túy",
            "54",
            ND116,
            f"Điều 81 {ND116}",
            ("certificate_on", "decision_number"),
            optional=("decision_on", "term_months"),
            heading="Giấy chứng nhận",
            subtitle="Hoàn thành thời gian quản lý sau cai nghiện ma túy",
            labels={
                "number": "Số giấy chứng nhận",
                "decision_number": "Số quyết định quản lý sau cai nghiện (Mẫu số 51)",
            },
        ),
        _spec(
            "mau_07_nd105",
            "Quyết định quản lý người sử dụng trái phép chất ma túy",
            "07",
            ND105,
            f"Điều 42 {ND105}; khoản 4 Điều 23 Luật Phòng, chống ma túy 2021",
            ("decision_on", "team_leader", "team_members"),
            optional=("authority", "notice_number", "notice_on", "recipients"),
            heading="Quyết định",
            subtitle="Về việc quản lý người sử dụng trái phép chất ma túy",
            labels={"number": "Số quyết định"},
        ),
    )
}


def _is_blank(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, set, dict)):
        return not value
    return False


def spec_for(code: str) -> DocumentSpec:
    try:
        return DOCUMENTS[code]
    except KeyError:
        raise KeyError(f"Không có mẫu văn bản «{code}».") from None


def missing_fields(code: str, data: Mapping) -> list[str]:
    """The Vietnamese labels of the required keys of document ``code`` that ``data`` lacks or
    leaves blank, in the order of ``DOCUMENTS[code].required``. Empty when it can be printed."""
    spec = spec_for(code)
    return [spec.label(key) for key in spec.required if _is_blank(data.get(key))]
