"""Forms of sending a person aged from 12 to under 18 to a compulsory rehab facility: opening the
dossier, preparing it (Chủ tịch UBND cấp xã with the commune police) and the labour office's check
(Điều 33, 34 Luật Phòng, chống ma túy 2021; Điều 50, 51 Nghị định 116/2021/NĐ-CP). The other steps
reuse the adult forms."""

from __future__ import annotations

from .base import Bool, Choice, LongText, Str
from .dossier import DossierPreparationSchema, OpenCaseSchema
from .labour_office import DossierAppraisalSchema
from .vn import age_on

# Luật Phòng, chống ma túy 2021 Điều 33 khoản 1 lists the cases as points a-c (khoản 3 is the term).
MINOR_GROUNDS = [
    (
        "no_registration",
        "Không đăng ký, không thực hiện cai nghiện ma túy tự nguyện (điểm a khoản 1 Điều 33 Luật Phòng, chống ma túy)",
    ),
    ("quit_voluntary", "Tự ý chấm dứt cai nghiện ma túy tự nguyện (điểm a khoản 1 Điều 33 Luật Phòng, chống ma túy)"),
    (
        "use_during_voluntary",
        "Trong thời gian cai nghiện ma túy tự nguyện bị phát hiện sử dụng trái phép chất ma túy "
        "(điểm b khoản 1 Điều 33 Luật Phòng, chống ma túy)",
    ),
    (
        "methadone_violation",
        "Nghiện các chất dạng thuốc phiện: không đăng ký, không thực hiện, tự ý chấm dứt hoặc bị chấm dứt "
        "điều trị bằng thuốc thay thế do vi phạm (điểm c khoản 1 Điều 33 Luật Phòng, chống ma túy)",
    ),
]

MINOR_MIN_AGE = 12
MINOR_MAX_AGE = 18  # exclusive: "dưới 18 tuổi"
MINOR_AGE_RULE = "Người từ đủ 12 đến dưới 18 tuổi (Điều 33 Luật Phòng, chống ma túy 2021)."
_LAW_34 = "điểm c khoản 1 Điều 34 Luật Phòng, chống ma túy 2021"


class OpenMinorDossierSchema(OpenCaseSchema):
    """Opening a dossier for a person from 12 to under 18 in a case of khoản 1 Điều 33 of the Law
    (``OPEN_FORMS["open_minor_dossier"]``), before the Mẫu số 27 violation record.

    The age in completed years on ``discovered_on`` must be at least 12 and under 18: adults
    follow Điều 32 (``open_dossier``), and below 12 no compulsory measure applies.
    """

    ground = Choice("Trường hợp áp dụng (khoản 1 Điều 33 Luật Phòng, chống ma túy)", MINOR_GROUNDS, required=True)

    def check(self, data):
        born, discovered = data.get("person_birth_date"), data.get("discovered_on")
        if born and discovered and not MINOR_MIN_AGE <= age_on(born, discovered) < MINOR_MAX_AGE:
            yield "person_birth_date", MINOR_AGE_RULE


class MinorDossierPreparationSchema(DossierPreparationSchema):
    """Lập hồ sơ đề nghị đưa người từ đủ 12 đến dưới 18 tuổi vào cơ sở cai nghiện bắt buộc:
    Mẫu số 29, 30, the statement Mẫu số 38 and the addiction determination result (khoản 1
    Điều 34 Luật Phòng, chống ma túy 2021; Điều 50, 51 NĐ 116/2021).

    Same fields as the adult form, with the minor's items cited from điểm c khoản 1 Điều 34 of
    the Law, plus the opinion of the parents, guardian or legal representative.
    """

    biography_done = Bool(
        "Đã lập bản tóm tắt lý lịch (Mẫu số 30)",
        must_be_true=f"Bản tóm tắt lý lịch (Mẫu số 30) là thành phần bắt buộc của hồ sơ ({_LAW_34}).",
    )
    statement_done = Bool(
        "Đã có bản tường trình của người bị đề nghị hoặc người đại diện hợp pháp (Mẫu số 38)",
        must_be_true="Bản tường trình của người bị đề nghị hoặc người đại diện hợp pháp (Mẫu số 38) "
        f"là thành phần bắt buộc của hồ sơ ({_LAW_34}).",
    )
    residence_confirmation_number = Str(
        "Số văn bản xác định không có nơi cư trú ổn định (cơ quan Công an)",
        required_if=("stable_residence", False),
        error_messages={
            "required": "Người nghiện ma túy không có nơi cư trú ổn định: hồ sơ phải có văn bản xác định "
            "của cơ quan Công an có thẩm quyền (Điều 51 Nghị định 116/2021/NĐ-CP)."
        },
        help="Bắt buộc khi người nghiện không có nơi cư trú ổn định.",
    )
    parent_opinion = LongText(
        "Ý kiến của cha mẹ, người giám hộ hoặc người đại diện hợp pháp",
        required=True,
        error_messages={
            "required": f"Hồ sơ phải có ý kiến của cha mẹ, người giám hộ hoặc người đại diện hợp pháp ({_LAW_34})."
        },
    )


class MinorAppraisalSchema(DossierAppraisalSchema):
    """Kiểm tra hồ sơ, quyết định chuyển hồ sơ đến Tòa án nhân dân cấp huyện (khoản 3, 4 Điều 34
    Luật Phòng, chống ma túy 2021); the letter to the court is Mẫu số 39 and must give the office's
    opinion on protecting the rights of the child (khoản 4 Điều 34).

    Also used for re-checking a supplemented dossier.
    """

    return_number = Str("Số văn bản trả lại hồ sơ", required_if=("appraisal_result", "invalid"))
    letter_number = Str(
        "Số văn bản đề nghị Tòa án nhân dân cấp huyện (Mẫu số 39)", required_if=("appraisal_result", "valid")
    )
    child_rights_opinion = LongText(
        "Ý kiến về việc bảo đảm quyền trẻ em",
        required_if=("appraisal_result", "valid"),
        error_messages={
            "required": "Văn bản đề nghị Tòa án phải nêu ý kiến về việc bảo đảm quyền trẻ em "
            "(khoản 4 Điều 34 Luật Phòng, chống ma túy 2021)."
        },
    )
