"""The documents of Nghị định 163/2026/NĐ-CP (Regime D, in force from 01/07/2026).

Codes ``nd163_*`` name the forms of Phụ lục I, III and V of the decree that the Regime D
models print (``nd163_p3_04`` = Mẫu số 04 Phụ lục III, ``nd163_p1_02`` = Mẫu số 02 Phụ lục I,
``nd163_NN`` = Mẫu số NN Phụ lục V), plus ``nd163_106``, the letter of khoản 1 Điều 106 for which
the reference gives no form. Legal bases are those quoted in ``shared/reference/legal-2026.md``
§1–§2. The decree is known from ONE transcription only (status V¹), so every document prints
the note ``ND163_STATUS`` under its text.

The wording of the annexed forms is not quoted in the reference: the bodies use neutral
administrative wording built from the data, and quote the law only where the reference holds
the verbatim text (e.g. the reading right of điểm c khoản 3 Điều 35 Luật, the 30-day notice of
khoản 1 Điều 123). The rehab term is printed as the data give it (24 or 36 months, khoản 1
Điều 29 Luật); nothing is computed here.

Instants (keys ending ``_at``) are ISO strings with an offset (or aware datetimes) and print in
Vietnam time as "08 giờ 30 phút, ngày 02/12/2026".

Merged into ``DOCUMENTS``, ``FIELD_LABELS`` and ``BODIES`` by the package ``__init__``; this
module imports only its siblings ``specs``, ``layout`` and ``templates`` (no cycle).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from ..vn import VN_TZ, vn_date
from .layout import BLANK, P, RuledLines, markup, signature_columns, signature_row, signer, upper
from .specs import COMMON_OPTIONAL, COMMON_REQUIRED, UNNUMBERED_REQUIRED, DocumentSpec
from .templates import PAIR, PERSON_NOTE, Sheet, article, bullets, person_block

ND163 = "Nghị định 163/2026/NĐ-CP"
ND163_STATUS = "Nghị định 163/2026/NĐ-CP (bản sao duy nhất, chưa đối chiếu bản chính thức)"
LAW120 = "Luật Phòng, chống ma túy số 120/2025/QH15"
ND163_FULL = (
    "Nghị định số 163/2026/NĐ-CP ngày 15 tháng 5 năm 2026 của Chính phủ quy định chi tiết và hướng dẫn "
    "thi hành một số điều của Luật Phòng, chống ma túy"
)
NO_FORM = "Công văn (không có mẫu trong tài liệu tham chiếu)"
COMPULSORY = "biện pháp đưa đi cai nghiện bắt buộc"
SEAL_NOTE = "(Ký, ghi rõ họ tên, đóng dấu)"

# --- labels of the keys these documents add -------------------------------------------------------

ND163_LABELS: dict[str, str] = {
    "decided_at": "Thời điểm ra quyết định",
    "notice_received_at": "Thời điểm nhận được thông báo",
    "notice_received_on": "Ngày nhận được thông báo",
    "team_deputy": "Tổ phó tổ quản lý",
    "rehab_form": "Hình thức cai nghiện ma túy tự nguyện",
    "rehab_provider": "Cơ sở, tổ chức thực hiện cai nghiện ma túy",
    "registration_received_at": "Thời điểm tiếp nhận đăng ký cai nghiện ma túy tự nguyện",
    "supervision_ground": "Trường hợp áp dụng giám sát điện tử",
    "supervision_term": "Thời hạn giám sát điện tử",
    "source_decision_number": "Số văn bản làm căn cứ áp dụng giám sát điện tử",
    "source_decision_on": "Ngày văn bản làm căn cứ áp dụng giám sát điện tử",
    "source_received_at": "Thời điểm nhận được văn bản làm căn cứ",
    "interim_facility": "Cơ sở cai nghiện ma túy công lập, trường giáo dưỡng quản lý trong thời gian lập hồ sơ",
    "court_decision_received_at": "Thời điểm nhận được quyết định của Tòa án",
    "designation_number": "Số quyết định giao cơ sở cai nghiện ma túy",
    "designation_on": "Ngày quyết định giao cơ sở cai nghiện ma túy",
    "designation_authority": "Người ra quyết định giao cơ sở cai nghiện ma túy",
    "admitted_at": "Thời điểm tiếp nhận vào cơ sở",
    "interim_started_on": "Ngày bắt đầu quản lý trong thời gian lập hồ sơ (được trừ vào thời hạn)",
    "term_ends_on": "Ngày hết thời hạn cai nghiện ma túy",
    "completed_on": "Ngày hoàn thành cai nghiện ma túy",
    "post_rehab_months": "Thời hạn quản lý sau cai nghiện ma túy (tháng)",
    "moved_at": "Thời điểm chuyển khỏi nơi cư trú",
    "handed_over_at": "Thời điểm bàn giao",
    "prior_rehab_history": "Các lần cai nghiện ma túy trước đây (theo hồ sơ trong hệ thống)",
}

_PERSON = "Họ và tên người cai nghiện ma túy"


def parse_instant(value, label: str) -> dt.datetime:
    """An instant (ISO with offset, or an aware datetime) as a datetime in Vietnam time."""
    moment = value
    if not isinstance(value, dt.datetime):
        try:
            moment = dt.datetime.fromisoformat(str(value).strip())
        except ValueError:
            moment = None
    if moment is None or moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"Thời điểm không hợp lệ ở mục «{label}»: {value!r} (cần dạng YYYY-MM-DDTHH:MM:SS+07:00).")
    return moment.astimezone(VN_TZ)


def vn_instant(moment: dt.datetime) -> str:
    """ "08 giờ 30 phút, ngày 02/12/2026", in Vietnam time."""
    local = moment.astimezone(VN_TZ)
    return f"{local.hour:02d} giờ {local.minute:02d} phút, ngày {vn_date(local)}"


def _nd163(
    code,
    title,
    form_number,
    basis,
    step_required=(),
    *,
    numbered=True,
    optional=(),
    heading=None,
    subtitle=None,
    labels=None,
    parameters=None,
) -> DocumentSpec:
    common = COMMON_REQUIRED if numbered else UNNUMBERED_REQUIRED
    return DocumentSpec(
        code=code,
        title=title,
        form_number=form_number,
        decree=ND163,
        legal_basis=basis,
        required=common + tuple(step_required),
        optional=COMMON_OPTIONAL + tuple(optional),
        heading=heading or title,
        subtitle=subtitle,
        numbered=numbered,
        labels=labels or {},
        parameters=parameters or {},
    )


def _pl5(number: str) -> str:
    return f"Mẫu số {number} Phụ lục V"


ND163_DOCUMENTS: dict[str, DocumentSpec] = {
    spec.code: spec
    for spec in (
        _nd163(
            "nd163_p3_04",
            "Quyết định quản lý người sử dụng trái phép chất ma túy",
            "Mẫu số 04 Phụ lục III",
            f"Khoản 1, khoản 2, khoản 3 Điều 59 {ND163}; khoản 2, điểm a khoản 4 Điều 24 {LAW120}",
            ("decision_on", "team_leader", "team_members"),
            optional=(
                "authority",
                "decided_at",
                "notice_number",
                "notice_on",
                "notice_received_at",
                "team_deputy",
                "recipients",
            ),
            heading="Quyết định",
            subtitle="Về việc quản lý người sử dụng trái phép chất ma túy",
            labels={"number": "Số quyết định", "person_name": "Họ và tên người sử dụng trái phép chất ma túy"},
        ),
        _nd163(
            "nd163_22",
            "Quyết định cai nghiện ma túy tự nguyện",
            _pl5("22"),
            f"Khoản 1, khoản 2 Điều 91 {ND163}",
            ("decision_on", "rehab_form"),
            optional=("authority", "registration_received_at", "decided_at", "rehab_provider", "recipients"),
            heading="Quyết định",
            subtitle="Về việc cai nghiện ma túy tự nguyện",
            labels={"number": "Số quyết định", "person_name": _PERSON},
        ),
        _nd163(
            "nd163_p1_02",
            "Quyết định áp dụng biện pháp giám sát điện tử",
            "Mẫu số 02 Phụ lục I",
            f"Khoản 2 Điều 16 {ND163}; khoản 2 Điều 12 {LAW120}",
            ("decision_on", "supervision_ground"),
            optional=(
                "authority",
                "decided_at",
                "supervision_term",
                "source_decision_number",
                "source_decision_on",
                "source_received_at",
                "recipients",
            ),
            heading="Quyết định",
            subtitle="Về việc áp dụng biện pháp giám sát điện tử",
            labels={"number": "Số quyết định", "person_name": "Họ và tên người bị áp dụng giám sát điện tử"},
        ),
        _nd163(
            "nd163_32",
            "Quyết định giao người bị đề nghị cho cơ sở cai nghiện ma túy công lập, trường giáo dưỡng quản lý "
            "trong thời gian lập hồ sơ đề nghị",
            _pl5("32"),
            f"Khoản 1, khoản 3 Điều 98 {ND163}; Điều 37 {LAW120}",
            ("decision_on", "interim_facility"),
            optional=("authority", "decided_at", "recipients"),
            heading="Quyết định",
            subtitle="Về việc giao người bị đề nghị áp dụng biện pháp đưa đi cai nghiện bắt buộc để quản lý "
            "trong thời gian lập hồ sơ đề nghị",
            labels={"number": "Số quyết định"},
        ),
        _nd163(
            "nd163_33",
            "Bản tóm tắt lý lịch",
            _pl5("33"),
            f"Điểm a khoản 1 Điều 101 {ND163}",
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
                "prior_rehab_history",
            ),
            labels={"person_name": "Họ và tên"},
        ),
        _nd163(
            "nd163_34",
            "Biên bản vi phạm",
            _pl5("34"),
            f"Điểm b khoản 1 Điều 101 {ND163}",
            ("recorded_on", "place", "violation_description", "ground_label"),
            optional=("recorded_at", "person_statement", "witnesses"),
            labels={"number": "Số biên bản", "recorded_at": "Thời điểm lập biên bản"},
        ),
        _nd163(
            "nd163_36",
            "Văn bản đề nghị xem xét áp dụng biện pháp đưa đi cai nghiện bắt buộc",
            _pl5("36"),
            f"Điểm d khoản 1 Điều 101 {ND163}; điểm b khoản 3 Điều 35 {LAW120}",
            ("ground_label",),
            optional=(
                "determination_result_number",
                "determination_result_on",
                "determination_facility",
                "stable_residence",
                "residence_confirmation_number",
                "addressee",
                "recipients",
            ),
            heading="Văn bản đề nghị",
            subtitle="Xem xét áp dụng biện pháp đưa đi cai nghiện bắt buộc",
            labels={"number": "Số văn bản đề nghị"},
        ),
        _nd163(
            "nd163_37",
            "Thông báo về việc lập hồ sơ đề nghị áp dụng biện pháp đưa đi cai nghiện bắt buộc",
            _pl5("37"),
            f"Khoản 1, khoản 2, khoản 3 Điều 102 {ND163}; điểm c khoản 3 Điều 35 {LAW120}",
            ("recipient_name", "ground_label", "reading_days"),
            optional=("recipient", "notice_received_on"),
            heading="Thông báo",
            subtitle="Về việc lập hồ sơ đề nghị áp dụng biện pháp đưa đi cai nghiện bắt buộc",
            labels={"number": "Số thông báo", "ground_label": "Lý do lập hồ sơ đề nghị"},
            parameters={"reading_days": "reading_period_d"},
        ),
        _nd163(
            "nd163_106",
            "Công văn đề nghị Giám đốc Công an cấp tỉnh quyết định cơ sở cai nghiện ma túy công lập, "
            "kèm quyết định của Tòa án nhân dân khu vực",
            NO_FORM,
            f"Khoản 1 Điều 106 {ND163}",
            ("court_decision_number", "court_decision_on", "court_name"),
            optional=("court_decision_received_at", "term_months", "addressee", "recipients"),
            heading="Công văn",
            subtitle="Về việc đề nghị quyết định cơ sở cai nghiện ma túy công lập tiếp nhận người phải chấp hành "
            "quyết định của Tòa án nhân dân khu vực",
            labels={"number": "Số công văn", "term_months": "Thời hạn cai nghiện ma túy (tháng)"},
        ),
        _nd163(
            "nd163_42",
            "Biên bản bàn giao, tiếp nhận người cai nghiện ma túy vào cơ sở cai nghiện ma túy công lập",
            _pl5("42"),
            f"Điều 108 {ND163}",
            ("admitted_on", "escort_agency"),
            optional=(
                "admitted_at",
                "facility_name",
                "court_decision_number",
                "court_decision_on",
                "court_name",
                "designation_number",
                "designation_on",
                "designation_authority",
            ),
            heading="Biên bản bàn giao",
            subtitle="Tiếp nhận người cai nghiện ma túy bắt buộc vào cơ sở",
            labels={
                "number": "Số biên bản",
                "person_name": _PERSON,
                "facility_name": "Cơ sở tiếp nhận",
                "admitted_on": "Ngày bàn giao, tiếp nhận",
            },
        ),
        _nd163(
            "nd163_51",
            "Thông báo thời gian hoàn thành cai nghiện ma túy bắt buộc",
            _pl5("51"),
            f"Khoản 1 Điều 123 {ND163}; khoản 1 Điều 29 {LAW120}",
            ("admitted_on", "term_months", "term_ends_on"),
            optional=(
                "facility_name",
                "interim_started_on",
                "court_decision_number",
                "court_decision_on",
                "court_name",
                "recipients",
            ),
            heading="Thông báo",
            subtitle="Về thời gian hoàn thành cai nghiện ma túy bắt buộc",
            labels={
                "number": "Số thông báo",
                "person_name": _PERSON,
                "term_months": "Thời hạn cai nghiện ma túy (tháng)",
                "facility_name": "Tên cơ sở cai nghiện ma túy công lập",
            },
        ),
        _nd163(
            "nd163_50",
            "Giấy xác nhận hoàn thành cai nghiện ma túy bắt buộc",
            _pl5("50"),
            f"Điểm a khoản 2 Điều 123 {ND163}; khoản 1 Điều 29 {LAW120}",
            ("admitted_on", "term_months", "completed_on"),
            optional=(
                "facility_name",
                "interim_started_on",
                "court_decision_number",
                "court_decision_on",
                "court_name",
                "recipients",
            ),
            heading="Giấy xác nhận",
            subtitle="Hoàn thành cai nghiện ma túy bắt buộc",
            labels={
                "number": "Số giấy xác nhận",
                "person_name": _PERSON,
                "term_months": "Thời hạn cai nghiện ma túy (tháng)",
                "facility_name": "Tên cơ sở cai nghiện ma túy công lập",
            },
        ),
        _nd163(
            "nd163_52",
            "Văn bản đề nghị quản lý sau cai nghiện ma túy tại nơi cư trú",
            _pl5("52"),
            f"Khoản 1 Điều 134 {ND163}",
            ("term_ends_on",),
            optional=(
                "notice_number",
                "notice_on",
                "notice_received_on",
                "facility_name",
                "post_rehab_months",
                "addressee",
                "recipients",
            ),
            heading="Văn bản đề nghị",
            subtitle="Về việc quản lý sau cai nghiện ma túy tại nơi cư trú",
            labels={
                "number": "Số văn bản đề nghị",
                "person_name": _PERSON,
                "notice_number": "Số thông báo thời gian hoàn thành cai nghiện ma túy",
                "notice_on": "Ngày thông báo thời gian hoàn thành cai nghiện ma túy",
                "notice_received_on": "Ngày nhận được thông báo thời gian hoàn thành cai nghiện ma túy",
                "facility_name": "Cơ sở cai nghiện ma túy đã thông báo",
                "term_ends_on": "Ngày hoàn thành cai nghiện ma túy (theo thông báo)",
            },
        ),
        _nd163(
            "nd163_53",
            "Quyết định quản lý sau cai nghiện ma túy tại nơi cư trú",
            _pl5("53"),
            f"Khoản 1 Điều 134 {ND163}; Điều 42 {LAW120}",
            ("decision_on", "post_rehab_months", "term_ends_on"),
            optional=("authority", "proposal_number", "proposal_on", "recipients"),
            heading="Quyết định",
            subtitle="Về việc quản lý sau cai nghiện ma túy tại nơi cư trú",
            labels={
                "number": "Số quyết định",
                "person_name": "Họ và tên người được quản lý sau cai nghiện ma túy",
                "term_ends_on": "Ngày hoàn thành cai nghiện ma túy hoặc chấp hành xong quyết định",
                "proposal_number": "Số văn bản đề nghị của Trưởng Công an cấp xã",
                "proposal_on": "Ngày văn bản đề nghị của Trưởng Công an cấp xã",
            },
        ),
        _nd163(
            "nd163_54",
            "Thông báo về việc người được quản lý sau cai nghiện ma túy thay đổi nơi cư trú",
            _pl5("54"),
            f"Điểm b khoản 1 Điều 136 {ND163}; khoản 2 Điều 48 {LAW120}",
            ("moved_on", "new_commune", "new_residence"),
            optional=("moved_at", "decision_number", "decision_on", "recipients"),
            heading="Thông báo",
            subtitle="Về việc người đang bị quản lý sau cai nghiện ma túy thay đổi nơi cư trú",
            labels={
                "number": "Số thông báo",
                "person_name": "Họ và tên người được quản lý sau cai nghiện ma túy",
                "new_commune": "Công an cấp xã nơi cư trú mới",
                "moved_on": "Ngày chuyển khỏi nơi cư trú",
                "decision_number": "Số quyết định quản lý sau cai nghiện ma túy",
                "decision_on": "Ngày quyết định quản lý sau cai nghiện ma túy",
            },
        ),
        _nd163(
            "nd163_56",
            "Giấy xác nhận đã chấp hành xong quyết định quản lý sau cai nghiện ma túy tại nơi cư trú",
            _pl5("56"),
            f"Điều 138 {ND163}",
            ("decision_number", "decision_on", "term_ends_on"),
            optional=("post_rehab_months",),
            heading="Giấy xác nhận",
            subtitle="Đã chấp hành xong quyết định quản lý sau cai nghiện ma túy tại nơi cư trú",
            labels={
                "number": "Số giấy xác nhận",
                "person_name": "Họ và tên người được quản lý sau cai nghiện ma túy",
                "decision_number": "Số quyết định quản lý sau cai nghiện ma túy (Mẫu số 53)",
                "decision_on": "Ngày quyết định quản lý sau cai nghiện ma túy",
                "term_ends_on": "Ngày hết thời hạn quản lý sau cai nghiện ma túy",
            },
        ),
    )
}

ND163_INT_KEYS = frozenset({"post_rehab_months"})


# --- helpers of the bodies --------------------------------------------------------------------------


def when(s: Sheet, key: str, blank: str = BLANK) -> str:
    """An instant as "08 giờ 30 phút, ngày 02/12/2026"; a dotted gap when absent."""
    return vn_instant(parse_instant(s.data[key], s.spec.label(key))) if s.has(key) else blank


def moment_or_day(s: Sheet, instant_key: str, date_key: str) -> str:
    """ "hồi 08 giờ 30 phút, ngày 02/12/2026" when the instant is known, else "ngày 02/12/2026"."""
    if s.has(instant_key):
        return f"hồi {when(s, instant_key)}"
    return f"ngày {s.d(date_key)}"


def months(s: Sheet, key: str) -> str:
    """A term in months as the data give it: "24 tháng"; whole years are added: "24 tháng (02 năm)";
    a dotted gap when absent (a draft)."""
    if not s.has(key):
        return f"{BLANK} tháng"
    value = int(s.data[key])
    years = f" ({value // 12:02d} năm)" if value and value % 12 == 0 else ""
    return f"{value:02d} tháng{years}"


def nd163_line(articles: str) -> str:
    return f"Căn cứ {articles} {ND163_FULL};"


def law_line(articles: str = "") -> str:
    return f"Căn cứ {articles + ' ' if articles else ''}{LAW120};"


def status_note(s: Sheet) -> Flowable:
    """The legal basis and the status of the decree's text, under every NĐ 163 document."""
    return P(f"Căn cứ pháp lý: {escape(s.spec.legal_basis)}. Nguồn: {escape(ND163_STATUS)}.", "caption")


def _rest_of(agency: str, prefix: str) -> str | None:
    return agency[len(prefix) :].strip() if agency.startswith(prefix) else None


def police_head(s: Sheet) -> str:
    """ "Trưởng Công an xã An Bình", who decides for commune police (``authority`` overrides)."""
    return s.raw("authority") or f"Trưởng {s.raw('agency_name')}"


def chairman(s: Sheet) -> str:
    """ "Chủ tịch Ủy ban nhân dân xã An Bình" (``authority`` overrides)."""
    return s.raw("authority") or f"Chủ tịch {s.raw('agency_name')}"


def preamble(authority: str, bases: list[str]) -> list[Flowable]:
    out: list[Flowable] = [P(escape(upper(authority)), "authority")]
    out += [P(basis, "basis") for basis in bases]
    out.append(P("QUYẾT ĐỊNH:", "center_bold"))
    return out


def effect(s: Sheet, number: int, who: str) -> Flowable:
    since = f"thời điểm ký ({when(s, 'decided_at')})" if s.has("decided_at") else "ngày ký"
    return article(
        number,
        f"Quyết định này có hiệu lực kể từ {since}. {who} và các cơ quan, tổ chức, cá nhân có liên quan "
        "chịu trách nhiệm thi hành Quyết định này./.",
    )


def kinh_gui(text: str) -> Flowable:
    return P(f"Kính gửi: {text}", "addressee")


def court_decision(s: Sheet) -> str:
    """ " số 08/2026/QĐ-TA ngày 20/02/2026 của Tòa án nhân dân khu vực 1", or "" when unknown."""
    if not s.has("court_decision_number"):
        return ""
    on = f" ngày {s.d('court_decision_on')}" if s.has("court_decision_on") else ""
    court = f" của {s.t('court_name')}" if s.has("court_name") else ""
    return f" số {s.t('court_decision_number')}{on}{court}"


def interim_credit(s: Sheet) -> list[Flowable]:
    if not s.has("interim_started_on"):
        return []
    return [
        P(
            f"Thời gian quản lý trong thời gian lập hồ sơ đề nghị, từ ngày {s.d('interim_started_on')}, được trừ "
            f"vào thời gian cai nghiện ma túy (khoản 2 Điều 37 {LAW120})."
        )
    ]


def facility(s: Sheet) -> str:
    return s.t("facility_name") if s.has("facility_name") else s.agency


# --- Phụ lục III ------------------------------------------------------------------------------------


def nd163_p3_04(s: Sheet) -> list[Flowable]:
    """Quyết định quản lý người sử dụng trái phép chất ma túy (Điều 59 NĐ 163; Điều 24 Luật 120)."""
    bases = [law_line("Điều 24"), nd163_line("Điều 59")]
    if s.has("notice_number"):
        on = f" ngày {s.d('notice_on')}" if s.has("notice_on") else ""
        received = f", nhận được hồi {when(s, 'notice_received_at')}" if s.has("notice_received_at") else ""
        bases.append(f"Xét Thông báo số {s.t('notice_number')}{on} về hành vi sử dụng trái phép chất ma túy{received}.")
    out = preamble(police_head(s), bases)
    out.append(article(1, "Quản lý người sử dụng trái phép chất ma túy đối với:"))
    out += person_block(s)
    out.append(
        P(
            f"Thời hạn quản lý: 01 năm kể từ ngày ra quyết định quản lý, ngày {s.d('decision_on')} "
            f"(khoản 2 Điều 24 {LAW120})."
        )
    )
    out.append(article(2, "Giao Tổ quản lý gồm các ông, bà có tên sau thực hiện việc quản lý người có tên tại Điều 1:"))
    members = [f"{s.t('team_leader')} – Tổ trưởng;"]
    if s.has("team_deputy"):
        members.append(f"{s.t('team_deputy')} – Tổ phó;")
    members += [f"{member};" for member in s.lines("team_members")]
    members[-1] = members[-1].rstrip(";") + "."
    out += [P(f"{index}. {member}", "item") for index, member in enumerate(members, 1)]
    out.append(effect(s, 3, "Tổ quản lý, người có tên tại Điều 1"))
    default = ["Người có tên tại Điều 1;", "Tổ quản lý;", "Ủy ban nhân dân cấp xã;", "Lưu: hồ sơ."]
    out.append(signature_row(s.recipients(default), s.main_signature()))
    return out


# --- Phụ lục V: voluntary rehab ----------------------------------------------------------------------

REHAB_FORMS = {
    "home_community": "Cai nghiện ma túy tự nguyện tại gia đình, cộng đồng",
    "public_facility": "Cai nghiện ma túy tự nguyện tại cơ sở cai nghiện ma túy công lập",
    "reformatory": "Cai nghiện ma túy tự nguyện tại trường giáo dưỡng",
    "private_facility": "Cai nghiện ma túy tự nguyện tại cơ sở cai nghiện ma túy tư nhân",
}
"""Labels of the rehab forms when the data give a code; any other value prints as given."""


def nd163_22(s: Sheet) -> list[Flowable]:
    """Quyết định cai nghiện ma túy tự nguyện (Điều 91 NĐ 163)."""
    bases = [law_line(), nd163_line("Điều 89, Điều 91")]
    received = f", tiếp nhận hồi {when(s, 'registration_received_at')}" if s.has("registration_received_at") else ""
    bases.append(f"Xét hồ sơ đăng ký cai nghiện ma túy tự nguyện của ông/bà {s.t('person_name')}{received}.")
    out = preamble(police_head(s), bases)
    out.append(article(1, "Cai nghiện ma túy tự nguyện đối với:"))
    out += person_block(s)
    form = REHAB_FORMS.get(s.raw("rehab_form")) or s.raw("rehab_form")
    out.append(P(f"Hình thức cai nghiện ma túy: {markup(form)}."))
    if s.has("rehab_provider"):
        out.append(P(f"Nơi thực hiện: {s.t('rehab_provider')}."))
    out.append(
        article(
            2,
            "Theo khoản 8 Điều 4 Nghị định số 163/2026/NĐ-CP, trong thời hạn 02 ngày làm việc kể từ ngày có "
            "quyết định cai nghiện ma túy tự nguyện mà không thực hiện cai nghiện theo đăng ký là không thực hiện "
            "cai nghiện ma túy tự nguyện.",
        )
    )
    out.append(effect(s, 3, "Người có tên tại Điều 1"))
    default = ["Người có tên tại Điều 1;"]
    if s.raw("rehab_form") in ("public_facility", "reformatory"):
        default.append("Giám đốc Công an cấp tỉnh;")
    default += ["Phòng Cảnh sát điều tra tội phạm về ma túy Công an cấp tỉnh;", "Lưu: hồ sơ."]
    out.append(signature_row(s.recipients(default), s.main_signature()))
    return out


# --- Phụ lục I: electronic supervision --------------------------------------------------------------

SUPERVISION_GROUNDS = {
    "voluntary_home": "Người cai nghiện ma túy tự nguyện tại gia đình, cộng đồng",
    "methadone": "Người điều trị nghiện bằng thuốc thay thế",
    "post_rehab": "Người bị quản lý sau cai nghiện ma túy",
    "minor_parent_request": "Người từ đủ 12 tuổi đến dưới 18 tuổi, theo văn bản đề nghị của cha, mẹ, người giám hộ",
}
"""Labels of the grounds of Điều 15 / khoản 2 Điều 16 when the data give a code."""


def nd163_p1_02(s: Sheet) -> list[Flowable]:
    """Quyết định áp dụng biện pháp giám sát điện tử (khoản 2 Điều 16 NĐ 163; Điều 12 Luật 120)."""
    bases = [
        law_line("Điều 12"),
        "Căn cứ Nghị định số 163/2026/NĐ-CP ngày 15 tháng 5 năm 2026 của Chính phủ quy định chi tiết và hướng dẫn "
        "thi hành một số điều của Luật Phòng, chống ma túy;",
    ]
    if s.has("source_decision_number"):
        on = f" ngày {s.d('source_decision_on')}" if s.has("source_decision_on") else ""
        received = f", nhận được hồi {when(s, 'source_received_at')}" if s.has("source_received_at") else ""
        bases.append(f"Căn cứ văn bản số {s.t('source_decision_number')}{on}{received}.")
    out = preamble(police_head(s), bases)
    out.append(article(1, "Áp dụng biện pháp giám sát điện tử đối với:"))
    out += person_block(s)
    ground = SUPERVISION_GROUNDS.get(s.raw("supervision_ground")) or s.raw("supervision_ground")
    out.append(P(f"Trường hợp áp dụng: {markup(ground)} (Điều 15 Nghị định số 163/2026/NĐ-CP)."))
    out.append(P(f"Thời hạn giám sát điện tử: {s.t('supervision_term')}."))
    out.append(
        article(
            2,
            "Công an cấp xã tổ chức lắp đặt thiết bị giám sát điện tử trong thời hạn 24 giờ kể từ khi Quyết định "
            "này có hiệu lực (khoản 1 Điều 17 Nghị định số 163/2026/NĐ-CP).",
        )
    )
    out.append(effect(s, 3, "Công an cấp xã, người có tên tại Điều 1"))
    out.append(signature_row(s.recipients(["Người có tên tại Điều 1;", "Lưu: hồ sơ."]), s.main_signature()))
    return out


# --- Phụ lục V: the compulsory-rehab dossier ---------------------------------------------------------


def nd163_32(s: Sheet) -> list[Flowable]:
    """Quyết định giao người bị đề nghị cho cơ sở quản lý trong thời gian lập hồ sơ (Điều 98 NĐ 163)."""
    out = preamble(police_head(s), [law_line("Điều 37"), nd163_line("Điều 98, Điều 99")])
    out.append(article(1, f"Giao người bị đề nghị áp dụng {COMPULSORY} có tên dưới đây:"))
    out += person_block(s)
    out.append(P(f"cho {s.b('interim_facility')} quản lý trong thời gian lập hồ sơ đề nghị."))
    since = f" ({when(s, 'decided_at')})" if s.has("decided_at") else ""
    out.append(
        article(
            2,
            "Thời gian quản lý được tính từ thời điểm Công an cấp xã ra quyết định giao người bị đề nghị"
            f"{since} (khoản 3 Điều 98 Nghị định số 163/2026/NĐ-CP). Trong thời gian quản lý, người bị đề nghị "
            "hưởng chế độ như người bị áp dụng cai nghiện ma túy bắt buộc; thời gian quản lý được trừ vào thời gian "
            f"cai nghiện ma túy (khoản 2 Điều 37 {LAW120}).",
        )
    )
    out.append(
        article(
            3,
            f"Công an cấp xã đưa người có tên tại Điều 1 đến {s.t('interim_facility')} và bàn giao kèm theo "
            "Quyết định này và bản tóm tắt lý lịch (Mẫu số 33) (Điều 99 Nghị định số 163/2026/NĐ-CP).",
        )
    )
    out.append(effect(s, 4, f"Công an cấp xã, {s.t('interim_facility')}, người có tên tại Điều 1"))
    default = ["Như Điều 4;", "Lưu: VT, hồ sơ."]
    out.append(signature_row(s.recipients(default), s.main_signature()))
    return out


def nd163_33(s: Sheet) -> list[Flowable]:
    """Bản tóm tắt lý lịch (điểm a khoản 1 Điều 101 NĐ 163)."""
    answers: dict[object, str] = {True: "Có", False: "Không"}
    residence = answers.get(s.data.get("stable_residence"), BLANK)
    rows = [
        f"1. Họ và tên: {s.b('person_name')}&nbsp;&nbsp;&nbsp; Giới tính: {s.t('gender')}",
        f"2. Tên gọi khác: {s.t('other_name')}",
        f"3. Ngày, tháng, năm sinh: {s.d('person_birth_date')}",
        f"4. Số định danh cá nhân/Căn cước công dân: {s.t('id_number')}",
        f"5. Dân tộc: {s.t('ethnicity')}; Quốc tịch: {s.t('nationality')}; Tôn giáo: {s.t('religion')}",
        f"6. Nơi cư trú: {s.t('residence')}",
        f"7. Có nơi cư trú ổn định: {residence}",
        f"8. Nghề nghiệp: {s.t('occupation')}; Trình độ học vấn: {s.t('education')}",
        f"9. Họ và tên cha: {s.t('father_name')}; Họ và tên mẹ: {s.t('mother_name')}",
        f"10. Họ và tên vợ hoặc chồng: {s.t('spouse_name')}",
    ]
    out: list[Flowable] = [Spacer(0, 2 * mm)] + [P(row, "line") for row in rows]
    for number, key in ((11, "personal_history"), (12, "drug_history")):
        out.append(P(f"{number}. {s.spec.label(key)}:", "body"))
        out.append(P(s.t(key), "item") if s.has(key) else RuledLines(4))
    history = s.lines("prior_rehab_history")
    if history:
        out.append(P(f"13. {s.spec.label('prior_rehab_history')}:", "body"))
        out += bullets(history)
    out.append(signature_row(None, s.main_signature()))
    return out


def nd163_34(s: Sheet) -> list[Flowable]:
    """Biên bản vi phạm (điểm b khoản 1 Điều 101 NĐ 163)."""
    out = [
        P(f"Hôm nay, {moment_or_day(s, 'recorded_at', 'recorded_on')}, tại {s.t('place')}."),
        P(f"Người lập biên bản: {s.t('signer_name')}; chức vụ: {s.t('signer_title')}; đơn vị: {s.agency}."),
    ]
    if s.has("witnesses"):
        out.append(P(f"Người chứng kiến: {s.t('witnesses')}."))
    out.append(P("Tiến hành lập biên bản vi phạm đối với:"))
    out += person_block(s)
    out += [
        P(f"Trường hợp: {s.t('ground_label')}."),
        P("Hành vi vi phạm:"),
        P(s.t("violation_description"), "item"),
        P("Ý kiến trình bày của người vi phạm:"),
    ]
    out.append(P(s.t("person_statement"), "item") if s.has("person_statement") else RuledLines(3))
    out += [
        P(
            f"Biên bản này được lập để đưa vào hồ sơ đề nghị áp dụng {COMPULSORY} (điểm b khoản 1 Điều 101 "
            "Nghị định số 163/2026/NĐ-CP)."
        ),
        P("Biên bản đã được đọc lại cho những người có tên trên cùng nghe và ký xác nhận./."),
    ]
    person = signer("Người vi phạm", s.raw("person_name"), PERSON_NOTE)
    out.append(signature_columns([person, s.main_signature(PERSON_NOTE)], PAIR))
    return out


def nd163_36(s: Sheet) -> list[Flowable]:
    """Văn bản của Trưởng Công an cấp xã đề nghị xem xét áp dụng biện pháp (điểm d khoản 1 Điều 101)."""
    no_residence = s.data.get("stable_residence") is False
    out = [
        kinh_gui(s.t("addressee", f"Tòa án nhân dân khu vực {BLANK}")),
        P(law_line("Điều 35"), "basis"),
        P(nd163_line("Điều 100, Điều 101"), "basis"),
        P(f"{s.agency} đề nghị xem xét áp dụng {COMPULSORY} đối với:"),
    ]
    out += person_block(s)
    out.append(P(f"Lý do đề nghị: {s.t('ground_label')}."))
    out.append(
        P(
            "Kết quả xác định tình trạng nghiện ma túy hoặc xác nhận của cơ sở đang điều trị nghiện bằng thuốc "
            f"thay thế: số {s.t('determination_result_number')} ngày {s.d('determination_result_on')} "
            f"của {s.t('determination_facility')}."
        )
    )
    if no_residence:
        out.append(
            P(
                "Người bị đề nghị không có nơi cư trú ổn định; văn bản xác định của cơ quan Công an có thẩm quyền "
                f"số {s.t('residence_confirmation_number')}."
            )
        )
    out.append(P("Hồ sơ kèm theo gồm (khoản 1 Điều 101 Nghị định số 163/2026/NĐ-CP):"))
    items = [
        "01 bản tóm tắt lý lịch (Mẫu số 33);",
        "01 biên bản vi phạm (Mẫu số 34);",
        "01 bản sao Phiếu kết quả xác định tình trạng nghiện ma túy hoặc xác nhận của cơ sở đang điều trị nghiện "
        "bằng thuốc thay thế (Mẫu số 35);",
    ]
    if no_residence:
        items.append(
            "Văn bản xác định người nghiện ma túy không có nơi cư trú ổn định của cơ quan Công an có thẩm quyền;"
        )
    items.append("Các tài liệu khác có liên quan (nếu có).")
    out += bullets(items)
    out.append(signature_row(s.recipients(["Như trên;", "Lưu: VT, hồ sơ."]), s.main_signature()))
    return out


RECIPIENT_ROLES = {
    "person": "người bị đề nghị",
    "legal_representative": "người đại diện hợp pháp của người bị đề nghị",
    "parent": "cha, mẹ của người bị đề nghị",
    "guardian": "người giám hộ của người bị đề nghị",
}


def nd163_37(s: Sheet) -> list[Flowable]:
    """Thông báo về việc lập hồ sơ, kèm bản sao hồ sơ (khoản 1–3 Điều 102 NĐ 163)."""
    role = RECIPIENT_ROLES.get(s.raw("recipient"))
    role_text = f" ({escape(role)})" if role else ""
    out = [
        kinh_gui(f"Ông/Bà {s.t('recipient_name')}{role_text}"),
        P(
            f"Thực hiện khoản 1 Điều 102 Nghị định số 163/2026/NĐ-CP, {s.agency} thông báo việc lập hồ sơ "
            f"đề nghị áp dụng {COMPULSORY} đối với:"
        ),
    ]
    out += person_block(s)
    out += [
        P(f"Lý do lập hồ sơ đề nghị: {s.t('ground_label')}."),
        P("Kèm theo Thông báo này là 01 bản sao bộ hồ sơ đề nghị."),
        P(
            "Quyền của người bị đề nghị hoặc người đại diện hợp pháp của họ: có quyền đọc hồ sơ và ghi chép các "
            f"nội dung cần thiết (điểm c khoản 3 Điều 35 {LAW120})."
        ),
        P(
            f"Thời gian đọc hồ sơ: trong thời hạn {s.n2('reading_days')} ngày làm việc kể từ ngày nhận được thông "
            "báo (khoản 3 Điều 102 Nghị định số 163/2026/NĐ-CP)./."
        ),
        P(f"Ngày nhận thông báo: {s.d('notice_received_on')}"),
    ]
    receipt = signer("Người nhận thông báo", s.raw("recipient_name"), PERSON_NOTE)
    out.append(signature_columns([receipt, s.main_signature()], PAIR))
    return out


# --- execution --------------------------------------------------------------------------------------


def nd163_106(s: Sheet) -> list[Flowable]:
    """Công văn đề nghị Giám đốc Công an cấp tỉnh, kèm quyết định của Tòa án (khoản 1 Điều 106 NĐ 163).

    The reference gives no form for this letter: plain administrative wording."""
    received = (
        f"Hồi {when(s, 'court_decision_received_at')}, {s.agency} nhận được"
        if s.has("court_decision_received_at")
        else f"{s.agency} đã nhận được"
    )
    out = [
        kinh_gui(s.t("addressee", "Giám đốc Công an cấp tỉnh")),
        P(nd163_line("khoản 1 Điều 106"), "basis"),
        P(f"{received} Quyết định{court_decision(s)} áp dụng {COMPULSORY} đối với:"),
    ]
    out += person_block(s)
    if s.has("term_months"):
        out.append(P(f"Thời hạn cai nghiện ma túy theo quyết định: {s.n2('term_months')} tháng."))
    out.append(
        P(
            f"{s.agency} đề nghị Giám đốc Công an cấp tỉnh xem xét, thực hiện theo khoản 2 Điều 106 Nghị định số "
            "163/2026/NĐ-CP: quyết định cơ sở cai nghiện ma túy công lập tiếp nhận người có tên trên, hoặc đề nghị "
            "quyết định trường giáo dưỡng tiếp nhận đối với người từ đủ 12 tuổi đến dưới 18 tuổi."
        )
    )
    out.append(P(f"Kèm theo: Quyết định{court_decision(s)}./."))
    out.append(signature_row(s.recipients(["Như trên;", "Lưu: VT, hồ sơ."]), s.main_signature()))
    return out


def nd163_42(s: Sheet) -> list[Flowable]:
    """Biên bản bàn giao khi tiếp nhận người vào cơ sở (Điều 108 NĐ 163)."""
    designation = ""
    if s.has("designation_number"):
        on = f" ngày {s.d('designation_on')}" if s.has("designation_on") else ""
        by = f" của {s.t('designation_authority')}" if s.has("designation_authority") else ""
        designation = f" và Quyết định giao cơ sở cai nghiện ma túy số {s.t('designation_number')}{on}{by}"
    court = f" theo Quyết định{court_decision(s)}" if s.has("court_decision_number") else ""
    out = [
        P(f"Hôm nay, {moment_or_day(s, 'admitted_at', 'admitted_on')}, tại {facility(s)}, chúng tôi gồm:"),
        P(f"<b>Bên giao:</b> {s.t('escort_agency')}", "line"),
        P(f"Đại diện: {BLANK}; chức vụ: {BLANK}", "line"),
        P(f"<b>Bên nhận:</b> {facility(s)}", "line"),
        P(f"Đại diện: {s.t('signer_name')}; chức vụ: {s.t('signer_title')}", "line"),
        P(f"Tiến hành bàn giao, tiếp nhận người cai nghiện ma túy bắt buộc{court}{designation}:"),
    ]
    out += person_block(s)
    out.append(P("Hồ sơ kèm theo (Điều 108 Nghị định số 163/2026/NĐ-CP):"))
    out += bullets(
        [
            f"Quyết định áp dụng {COMPULSORY} của Tòa án nhân dân khu vực;",
            "Quyết định giao cơ sở cai nghiện ma túy;",
            "Bản sao bản tóm tắt lý lịch.",
        ]
    )
    out.append(P("Biên bản đã được đọc lại cho các bên cùng nghe và ký xác nhận./."))
    out.append(
        signature_columns(
            [
                signer("Đại diện bên giao", None, PERSON_NOTE),
                signer("Người cai nghiện ma túy", s.raw("person_name"), PERSON_NOTE),
                signer(f"Đại diện bên nhận\n{s.raw('signer_title')}", s.signer_name(), SEAL_NOTE),
            ]
        )
    )
    return out


# --- end of the term ----------------------------------------------------------------------------------


def nd163_51(s: Sheet) -> list[Flowable]:
    """Thông báo thời gian hoàn thành, chậm nhất 30 ngày trước khi hết thời hạn (khoản 1 Điều 123)."""
    court = s.t("court_name", f"Tòa án nhân dân khu vực {BLANK}")
    out = [
        P("Kính gửi:", "addressee"),
        *bullets(
            [
                f"{court} (nơi ra quyết định);",
                "Công an cấp xã nơi cư trú của người cai nghiện ma túy;",
                "Đại diện gia đình người cai nghiện ma túy.",
            ]
        ),
        P(f"{facility(s)} thông báo thời gian hoàn thành cai nghiện ma túy bắt buộc của:"),
    ]
    out += person_block(s)
    out += [
        P(
            f"Quyết định áp dụng {COMPULSORY}{court_decision(s)}; thời hạn cai nghiện ma túy: "
            f"{s.n2('term_months')} tháng."
        ),
        P(f"Ngày tiếp nhận vào cơ sở: {s.d('admitted_on')}."),
        *interim_credit(s),
        P(
            "Thời gian hoàn thành cai nghiện ma túy (hết thời hạn chấp hành quyết định): "
            f"ngày <b>{s.d('term_ends_on')}</b>."
        ),
        P(
            "Thông báo này được gửi chậm nhất 30 ngày trước khi hết thời hạn chấp hành quyết định áp dụng biện pháp "
            "đưa đi cai nghiện bắt buộc (khoản 1 Điều 123 Nghị định số 163/2026/NĐ-CP)./."
        ),
    ]
    out.append(signature_row(s.recipients(["Như trên;", "Lưu: VT, hồ sơ."]), s.main_signature()))
    return out


def nd163_50(s: Sheet) -> list[Flowable]:
    """Giấy xác nhận hoàn thành cai nghiện ma túy bắt buộc (điểm a khoản 2 Điều 123 NĐ 163)."""
    out = [Spacer(0, 2 * mm), P(f"{facility(s)} xác nhận:")]
    out += person_block(s)
    out += [
        P(
            f"Đã hoàn thành cai nghiện ma túy bắt buộc theo Quyết định áp dụng {COMPULSORY}{court_decision(s)}, "
            f"thời hạn {s.n2('term_months')} tháng."
        ),
        P(f"Thời gian cai nghiện tại cơ sở: từ ngày {s.d('admitted_on')} đến ngày {s.d('completed_on')}."),
        *interim_credit(s),
        P(
            "Bản sao Giấy xác nhận này được gửi cho Tòa án nhân dân khu vực đã ra quyết định, Ủy ban nhân dân và "
            "Công an cấp xã nơi cư trú (điểm a khoản 2 Điều 123 Nghị định số 163/2026/NĐ-CP)./."
        ),
    ]
    default = [
        "Người có tên trên;",
        "Tòa án nhân dân khu vực đã ra quyết định;",
        "Ủy ban nhân dân cấp xã nơi cư trú;",
        "Công an cấp xã nơi cư trú;",
        "Lưu: hồ sơ.",
    ]
    out.append(signature_row(s.recipients(default), s.main_signature()))
    return out


# --- Chương VII: post-rehab management ----------------------------------------------------------------


def _committee_of(s: Sheet) -> str:
    """ "Chủ tịch Ủy ban nhân dân xã An Bình" for "Công an xã An Bình"."""
    rest = _rest_of(s.raw("agency_name"), "Công an ")
    return f"Chủ tịch Ủy ban nhân dân {rest}" if rest else "Chủ tịch Ủy ban nhân dân cấp xã"


def nd163_52(s: Sheet) -> list[Flowable]:
    """Văn bản đề nghị quản lý sau cai nghiện ma túy (khoản 1 Điều 134 NĐ 163)."""
    out = [
        kinh_gui(s.t("addressee", markup(_committee_of(s)))),
        P(nd163_line("khoản 1 Điều 134"), "basis"),
    ]
    if s.has("notice_number"):
        on = f" ngày {s.d('notice_on')}" if s.has("notice_on") else ""
        by = f" của {s.t('facility_name')}" if s.has("facility_name") else ""
        received = f", nhận được ngày {s.d('notice_received_on')}" if s.has("notice_received_on") else ""
        out.append(
            P(
                f"Căn cứ Thông báo số {s.t('notice_number')}{on}{by} về thời gian hoàn thành cai nghiện "
                f"ma túy{received};",
                "basis",
            )
        )
    out.append(
        P(
            f"{s.agency} đề nghị Chủ tịch Ủy ban nhân dân ra Quyết định quản lý sau cai nghiện ma túy tại nơi cư trú "
            "(Mẫu số 53) đối với:"
        )
    )
    out += person_block(s)
    out.append(P(f"Ngày hoàn thành cai nghiện ma túy (theo thông báo): {s.d('term_ends_on')}."))
    if s.has("post_rehab_months"):
        out.append(P(f"Thời hạn quản lý sau cai nghiện ma túy: {months(s, 'post_rehab_months')} (Điều 42 {LAW120})."))
    out.append(P("Đề nghị Chủ tịch Ủy ban nhân dân xem xét, quyết định./."))
    out.append(signature_row(s.recipients(["Như trên;", "Lưu: VT, hồ sơ."]), s.main_signature()))
    return out


def nd163_53(s: Sheet) -> list[Flowable]:
    """Quyết định quản lý sau cai nghiện ma túy tại nơi cư trú (khoản 1 Điều 134 NĐ 163; Điều 42 Luật)."""
    bases = [law_line("Điều 42"), nd163_line("Điều 134")]
    if s.has("proposal_number"):
        on = f" ngày {s.d('proposal_on')}" if s.has("proposal_on") else ""
        bases.append(f"Xét đề nghị của Trưởng Công an cấp xã tại văn bản số {s.t('proposal_number')}{on}.")
    out = preamble(chairman(s), bases)
    out.append(article(1, "Quản lý sau cai nghiện ma túy tại nơi cư trú đối với:"))
    out += person_block(s)
    out.append(
        P(
            f"Thời hạn quản lý: {months(s, 'post_rehab_months')}, kể từ ngày {s.d('term_ends_on')} (ngày hoàn "
            f"thành cai nghiện ma túy hoặc chấp hành xong quyết định, Điều 42 {LAW120})."
        )
    )
    out.append(
        article(
            2,
            "Trưởng Công an cấp xã thực hiện việc quản lý sau cai nghiện ma túy đối với người có tên tại Điều 1 "
            f"theo quy định tại Điều 42 {LAW120} và Chương VII Nghị định số 163/2026/NĐ-CP.",
        )
    )
    out.append(effect(s, 3, "Trưởng Công an cấp xã, người có tên tại Điều 1"))
    out.append(signature_row(s.recipients(["Như Điều 3;", "Lưu: VT, hồ sơ."]), s.main_signature()))
    return out


def nd163_54(s: Sheet) -> list[Flowable]:
    """Thông báo khi người bị quản lý sau cai nghiện thay đổi nơi cư trú (điểm b khoản 1 Điều 136)."""
    decision = ""
    if s.has("decision_number"):
        on = f" ngày {s.d('decision_on')}" if s.has("decision_on") else ""
        decision = f" theo Quyết định số {s.t('decision_number')}{on}"
    out = [
        kinh_gui(s.t("new_commune")),
        P(
            f"{s.agency} thông báo: người có tên dưới đây đang bị quản lý sau cai nghiện ma túy tại nơi cư trú"
            f"{decision}:"
        ),
    ]
    out += person_block(s)
    out += [
        P(
            f"Người có tên trên đã chuyển khỏi nơi cư trú {moment_or_day(s, 'moved_at', 'moved_on')}, "
            f"đến nơi cư trú mới: {s.t('new_residence')}."
        ),
        P(
            f"{s.agency} thông báo để {s.t('new_commune')} tiếp nhận, thực hiện việc quản lý sau cai nghiện ma túy "
            "đối với người có tên trên (Điều 136 Nghị định số 163/2026/NĐ-CP). Thông báo được gửi trong thời hạn "
            f"24 giờ kể từ khi người đó chuyển khỏi địa phương (khoản 2 Điều 48 {LAW120})./."
        ),
    ]
    out.append(signature_row(s.recipients(["Như trên;", "Lưu: VT, hồ sơ."]), s.main_signature()))
    return out


def nd163_56(s: Sheet) -> list[Flowable]:
    """Giấy xác nhận đã chấp hành xong quyết định quản lý sau cai nghiện (Điều 138 NĐ 163)."""
    term = f", thời hạn quản lý {months(s, 'post_rehab_months')}" if s.has("post_rehab_months") else ""
    out = [Spacer(0, 2 * mm), P(f"{markup(chairman(s))} xác nhận:")]
    out += person_block(s)
    out += [
        P(
            "Đã chấp hành xong Quyết định quản lý sau cai nghiện ma túy tại nơi cư trú số "
            f"{s.t('decision_number')} ngày {s.d('decision_on')}{term}."
        ),
        P(
            f"Thời hạn quản lý sau cai nghiện ma túy kết thúc ngày {s.d('term_ends_on')} "
            "(Điều 138 Nghị định số 163/2026/NĐ-CP)./."
        ),
    ]
    out.append(
        signature_row(s.recipients(["Người có tên trên;", "Công an cấp xã;", "Lưu: hồ sơ."]), s.main_signature())
    )
    return out


def _with_status(body: Callable[[Sheet], list[Flowable]]) -> Callable[[Sheet], list[Flowable]]:
    def printed(s: Sheet) -> list[Flowable]:
        return [*body(s), Spacer(0, 4 * mm), status_note(s)]

    printed.__name__ = body.__name__
    printed.__doc__ = body.__doc__
    return printed


ND163_BODIES: dict[str, Callable[[Sheet], list[Flowable]]] = {
    code: _with_status(body)
    for code, body in (
        ("nd163_p3_04", nd163_p3_04),
        ("nd163_22", nd163_22),
        ("nd163_p1_02", nd163_p1_02),
        ("nd163_32", nd163_32),
        ("nd163_33", nd163_33),
        ("nd163_34", nd163_34),
        ("nd163_36", nd163_36),
        ("nd163_37", nd163_37),
        ("nd163_106", nd163_106),
        ("nd163_42", nd163_42),
        ("nd163_51", nd163_51),
        ("nd163_50", nd163_50),
        ("nd163_52", nd163_52),
        ("nd163_53", nd163_53),
        ("nd163_54", nd163_54),
        ("nd163_56", nd163_56),
    )
}

__all__ = [
    "ND163",
    "ND163_BODIES",
    "ND163_DOCUMENTS",
    "ND163_INT_KEYS",
    "ND163_LABELS",
    "ND163_STATUS",
    "parse_instant",
    "vn_instant",
]
