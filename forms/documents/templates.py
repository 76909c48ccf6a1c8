"""The body of each document, built from its data.

The official wording of the forms of Phụ lục II is not reproduced here (no primary copy of the
annex was available): each body uses neutral, standard administrative wording assembled from the
data, and quotes the law only where ``shared/reference/legal-verified.md`` holds the verbatim
text (e.g. the reading period of khoản 3 Điều 42, the supplement period of điểm b khoản 1 Điều 43,
the duty to report of khoản 5 Điều 62 Nghị định 116/2021/NĐ-CP). Nothing here adds obligations
or article texts of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from ..vn import vn_date
from .layout import (
    BLANK,
    LEFT_COLUMN,
    LONG_BLANK,
    RIGHT_COLUMN,
    P,
    RuledLines,
    markup,
    parse_date,
    recipients_block,
    signature_columns,
    signature_row,
    signer,
    upper,
)
from .specs import ND105, ND116, DocumentSpec

LAW = "Luật Phòng, chống ma túy số 73/2021/QH14"
MEASURE = "biện pháp xử lý hành chính đưa vào cơ sở cai nghiện bắt buộc"
PERSON_NOTE = "(Ký, ghi rõ họ tên)"
PAIR = [LEFT_COLUMN, RIGHT_COLUMN]


class Sheet:
    """The data of one document with the small formatting helpers its body needs."""

    def __init__(self, spec: DocumentSpec, data: Mapping):
        self.spec = spec
        self.data = data

    def has(self, key: str) -> bool:
        value = self.data.get(key)
        return value is not None and not (isinstance(value, str) and not value.strip())

    def raw(self, key: str) -> str:
        return str(self.data.get(key) or "").strip()

    def t(self, key: str, blank: str = BLANK) -> str:
        """Text value as markup; a dotted gap when absent."""
        return markup(self.data[key]) if self.has(key) else blank

    def b(self, key: str, blank: str = BLANK) -> str:
        return f"<b>{self.t(key)}</b>" if self.has(key) else blank

    def date(self, key: str) -> dt.date:
        return parse_date(self.data[key], self.spec.label(key))

    def d(self, key: str, blank: str = BLANK) -> str:
        return vn_date(self.date(key)) if self.has(key) else blank

    def n2(self, key: str) -> str:
        """A count written with at least two digits, as in official texts ("03 ngày", "24 tháng");
        a dotted gap when absent (a draft)."""
        return f"{int(self.data[key]):02d}" if self.has(key) else BLANK

    def lines(self, key: str) -> list[str]:
        value = self.data.get(key)
        items = [str(item) for item in value] if isinstance(value, (list, tuple)) else str(value or "").splitlines()
        return [markup(item.strip().lstrip("-–•").strip()) for item in items if item.strip()]

    @property
    def agency(self) -> str:
        return markup(self.data["agency_name"])

    def signer_name(self) -> str | None:
        return self.data.get("signer_name")

    def main_signature(self, note: str = "(Ký, ghi rõ họ tên, đóng dấu)") -> list[Flowable]:
        return signer(self.raw("signer_title"), self.signer_name(), note)

    def recipients(self, default: list[str]) -> list[Flowable]:
        value = self.data.get("recipients")
        return recipients_block(value if value else default)


def person_block(s: Sheet, *, extra: Sequence[str] = ()) -> list[Flowable]:
    rows = [
        f"- Họ và tên: {s.b('person_name')}",
        f"- Ngày sinh: {s.d('person_birth_date')}",
        f"- Số định danh cá nhân/Căn cước công dân: {s.t('id_number')}",
        f"- Nơi cư trú: {s.t('residence')}",
        *extra,
    ]
    return [P(row, "line") for row in rows]


def addressee(s: Sheet) -> Flowable:
    return P(f"Kính gửi: {s.t('addressee', LONG_BLANK)}", "addressee")


def bullets(items: list[str]) -> list[Flowable]:
    return [P(f"- {item}", "bullet") for item in items]


def decision_preamble(s: Sheet, bases: list[str]) -> list[Flowable]:
    authority = s.raw("authority") or f"Chủ tịch {s.raw('agency_name')}"
    out: list[Flowable] = [P(escape(upper(authority)), "authority")]
    out += [P(basis, "basis") for basis in bases]
    out.append(P("QUYẾT ĐỊNH:", "center_bold"))
    return out


def article(number: int, text: str) -> Flowable:
    return P(f"<b>Điều {number}.</b> {text}", "body")


# --- Phụ lục II Nghị định 116/2021/NĐ-CP -------------------------------------------------------


def mau_27(s: Sheet) -> list[Flowable]:
    """Biên bản vi phạm (khoản 1 Điều 33 NĐ 116/2021)."""
    at = f"hồi {s.t('recorded_at')}, " if s.has("recorded_at") else ""
    out = [
        P(f"Hôm nay, {at}ngày {s.d('recorded_on')}, tại {s.t('place')}."),
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
            f"Biên bản này được lập để làm căn cứ lập hồ sơ đề nghị áp dụng {MEASURE} "
            f"(khoản 1 Điều 33 Nghị định số 116/2021/NĐ-CP)."
        ),
        P("Biên bản đã được đọc lại cho những người có tên trên cùng nghe và ký xác nhận./."),
    ]
    person = signer("Người vi phạm", s.raw("person_name"), PERSON_NOTE)
    out.append(signature_columns([person, s.main_signature(PERSON_NOTE)], PAIR))
    return out


def mau_29(s: Sheet) -> list[Flowable]:
    """Văn bản đề nghị áp dụng biện pháp đưa vào cơ sở cai nghiện bắt buộc (điểm đ khoản 1 Điều 41)."""
    no_residence = s.data.get("stable_residence") is False
    out = [
        addressee(s),
        P("Căn cứ Điều 103 Luật Xử lý vi phạm hành chính; Điều 40, Điều 41 Nghị định số 116/2021/NĐ-CP;", "basis"),
        P(f"{s.agency} đề nghị áp dụng {MEASURE} đối với:"),
    ]
    out += person_block(s)
    out += [
        P(f"Lý do đề nghị: {s.t('ground_label')}."),
        P(
            f"Kết quả xác định tình trạng nghiện ma túy: Phiếu kết quả số {s.t('determination_result_number')} "
            f"ngày {s.d('determination_result_on')} của {s.t('determination_facility')}."
        ),
    ]
    if no_residence:
        out.append(
            P(
                "Người bị đề nghị không có nơi cư trú ổn định; văn bản xác định của cơ quan Công an "
                f"có thẩm quyền số {s.t('residence_confirmation_number')}."
            )
        )
    out.append(P("Hồ sơ kèm theo gồm:"))
    items = [
        "01 bản tóm tắt lý lịch (Mẫu số 30);",
        "01 biên bản vi phạm (Mẫu số 27);",
        "01 bản sao Phiếu kết quả xác định tình trạng nghiện ma túy của cơ quan có thẩm quyền;",
        "01 bản tường trình (Mẫu số 31);",
    ]
    if no_residence:
        items.append(
            "Văn bản xác định người nghiện ma túy không có nơi cư trú ổn định của cơ quan Công an có thẩm quyền;"
        )
    items.append("Các tài liệu liên quan khác (nếu có).")
    out += bullets(items)
    out.append(P("Đề nghị cơ quan có thẩm quyền xem xét, giải quyết theo quy định của pháp luật./."))
    out.append(signature_row(s.recipients(["Như trên;", "Lưu: VT, hồ sơ."]), s.main_signature()))
    return out


def _optional_row(s: Sheet, key: str, label: str) -> str:
    return f"{label}: {s.t(key)}"


def mau_30(s: Sheet) -> list[Flowable]:
    """Bản tóm tắt lý lịch (điểm a khoản 1 Điều 41, khoản 2 Điều 77)."""
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
    out.append(signature_row(None, s.main_signature()))
    return out


def mau_31(s: Sheet) -> list[Flowable]:
    """Bản tường trình of the person (điểm d khoản 1 Điều 41): a sheet written by hand."""
    out = [
        P(f"Kính gửi: {s.agency}", "addressee"),
        P(f"Tôi tên là: {s.b('person_name')}"),
        P(f"Ngày sinh: {s.d('person_birth_date')}"),
        P(f"Số định danh cá nhân/Căn cước công dân: {s.t('id_number')}"),
        P(f"Nơi cư trú: {s.t('residence')}"),
        P("Tôi xin tường trình như sau:"),
        RuledLines(11),
        P("Tôi xin cam đoan những nội dung tường trình trên là đúng sự thật./."),
    ]
    receiver = signer(s.raw("signer_title"), s.signer_name(), PERSON_NOTE)
    person = signer("Người tường trình", s.raw("person_name"), PERSON_NOTE)
    out.append(signature_columns([receiver, person], PAIR))
    return out


def mau_32(s: Sheet) -> list[Flowable]:
    """Thông báo việc lập hồ sơ, kèm bản sao hồ sơ (khoản 1, 2, 3 Điều 42)."""
    role = {
        "person": " (người bị đề nghị)",
        "legal_representative": " (người đại diện hợp pháp của người bị đề nghị)",
    }.get(s.raw("recipient"), "")
    out = [
        P(f"Kính gửi: Ông/Bà {s.t('recipient_name')}{escape(role)}", "addressee"),
        P(
            f"Thực hiện khoản 1 Điều 42 Nghị định số 116/2021/NĐ-CP, {s.agency} thông báo việc lập hồ sơ "
            f"đề nghị áp dụng {MEASURE} đối với:"
        ),
    ]
    out += person_block(s)
    if s.has("ground_label"):
        out.append(P(f"Lý do: {s.t('ground_label')}."))
    out += [
        P("Kèm theo Thông báo này là 01 bản sao hồ sơ đề nghị."),
        P(
            f"Trong thời hạn {s.n2('reading_days')} ngày làm việc kể từ ngày nhận được thông báo, người nghiện "
            "ma túy hoặc người đại diện hợp pháp của họ có quyền đọc hồ sơ và ghi chép các nội dung cần thiết "
            "(khoản 3 Điều 42 Nghị định số 116/2021/NĐ-CP)./."
        ),
    ]
    receipt = signer("Người nhận thông báo", s.raw("recipient_name"), PERSON_NOTE)
    out.append(signature_columns([receipt, s.main_signature()], PAIR))
    return out


def mau_33(s: Sheet) -> list[Flowable]:
    """Trả lại hồ sơ để bổ sung (điểm b khoản 1 Điều 43)."""
    out = [
        addressee(s),
        P(
            f"Qua kiểm tra, đối chiếu thành phần hồ sơ đề nghị áp dụng {MEASURE} theo quy định tại Điều 41 "
            f"Nghị định số 116/2021/NĐ-CP, hồ sơ đối với người có tên dưới đây chưa hợp lệ:"
        ),
    ]
    out += person_block(s)
    out.append(P(f"{s.agency} trả lại hồ sơ và đề nghị bổ sung các tài liệu sau:"))
    out += bullets(s.lines("missing_items"))
    out.append(
        P(
            "Thời hạn bổ sung là 02 ngày làm việc, kể từ ngày nhận lại hồ sơ (điểm b khoản 1 Điều 43 "
            "Nghị định số 116/2021/NĐ-CP)./."
        )
    )
    out.append(signature_row(s.recipients(["Như trên;", "Lưu: VT, hồ sơ."]), s.main_signature()))
    return out


def mau_34(s: Sheet) -> list[Flowable]:
    """Văn bản đề nghị Tòa án, nêu rõ tên cơ sở cai nghiện bắt buộc (khoản 2 Điều 43)."""
    out = [
        addressee(s),
        P("Căn cứ Điều 43 Nghị định số 116/2021/NĐ-CP;", "basis"),
        P(
            f"Sau khi kiểm tra, đối chiếu thành phần hồ sơ theo quy định tại Điều 41 Nghị định số "
            f"116/2021/NĐ-CP, {s.agency} đề nghị Tòa án nhân dân xem xét, quyết định áp dụng {MEASURE} "
            "đối với:"
        ),
    ]
    out += person_block(s)
    out.append(P(f"Cơ sở cai nghiện bắt buộc đề nghị đưa vào: {s.b('proposed_facility')}."))
    if s.has("child_rights_opinion"):
        out.append(P("Ý kiến về việc bảo đảm quyền trẻ em:"))
        out.append(P(s.t("child_rights_opinion"), "item"))
    pages = f", gồm {s.t('page_count')} bút lục" if s.has("page_count") else ""
    out.append(P(f"Hồ sơ kèm theo: 02 bộ hồ sơ đề nghị đã đánh bút lục{pages}./."))
    out.append(signature_row(s.recipients(["Như trên;", "Lưu: VT, hồ sơ."]), s.main_signature()))
    return out


def _court_decision(s: Sheet) -> str:
    if not s.has("court_decision_number"):
        return ""
    on = f" ngày {s.d('court_decision_on')}" if s.has("court_decision_on") else ""
    court = f" của {s.t('court_name')}" if s.has("court_name") else ""
    return f" số {s.t('court_decision_number')}{on}{court}"


def mau_40(s: Sheet) -> list[Flowable]:
    """Biên bản bàn giao người phải chấp hành quyết định (khoản 2, 3 Điều 55)."""
    out = [
        P(f"Hôm nay, ngày {s.d('handed_over_on')}, tại {s.t('facility_name')}, chúng tôi gồm:"),
        P(f"<b>Bên giao:</b> {s.t('escort_agency')}", "line"),
        P(f"Đại diện: {BLANK}; chức vụ: {BLANK}", "line"),
        P(f"<b>Bên nhận:</b> {s.t('facility_name')}", "line"),
        P(f"Đại diện: {s.t('signer_name')}; chức vụ: {s.t('signer_title')}", "line"),
        P(
            f"Tiến hành bàn giao, tiếp nhận người phải chấp hành quyết định đưa vào cơ sở cai nghiện bắt buộc"
            f"{_court_decision(s)}:"
        ),
    ]
    out += person_block(s)
    out.append(P("Hồ sơ kèm theo người phải chấp hành quyết định (khoản 3 Điều 55 Nghị định số 116/2021/NĐ-CP):"))
    out += bullets(
        [
            "Quyết định đưa vào cơ sở cai nghiện bắt buộc của Tòa án nhân dân;",
            "Bản sao lý lịch tóm tắt của người phải chấp hành quyết định.",
        ]
    )
    out.append(P("Biên bản đã được đọc lại cho các bên cùng nghe và ký xác nhận./."))
    out.append(
        signature_columns(
            [
                signer("Đại diện bên giao", None, PERSON_NOTE),
                signer("Người phải chấp hành quyết định", s.raw("person_name"), PERSON_NOTE),
                signer(f"Đại diện bên nhận\n{s.raw('signer_title')}", s.signer_name(), "(Ký, ghi rõ họ tên, đóng dấu)"),
            ]
        )
    )
    return out


def mau_46(s: Sheet) -> list[Flowable]:
    """Giấy chứng nhận hoàn thành cai nghiện bắt buộc (khoản 2 Điều 62)."""
    out = [Spacer(0, 2 * mm), P(f"{s.t('facility_name')} chứng nhận:")]
    out += person_block(s)
    out += [
        P(f"Đã chấp hành xong quyết định áp dụng {MEASURE}{_court_decision(s)}, thời hạn {s.n2('term_months')} tháng."),
        P(f"Thời gian chấp hành tại cơ sở: từ ngày {s.d('admitted_on')} đến ngày {s.d('released_on')}."),
        P(
            "Trong thời hạn 05 ngày làm việc, kể từ ngày về địa phương, người đã chấp hành xong quyết định phải "
            "trình báo Ủy ban nhân dân cấp xã và cơ quan Công an cùng cấp nơi mình cư trú (khoản 5 Điều 62 "
            "Nghị định số 116/2021/NĐ-CP)./."
        ),
    ]
    out.append(signature_row(None, s.main_signature()))
    return out


def mau_51(s: Sheet) -> list[Flowable]:
    """Quyết định quản lý sau cai nghiện ma túy tại nơi cư trú (khoản 1 Điều 78)."""
    bases = [f"Căn cứ Điều 40 {LAW};", "Căn cứ Điều 78, Điều 79 Nghị định số 116/2021/NĐ-CP;"]
    if s.has("proposal_number"):
        on = f" ngày {s.d('proposal_on')}" if s.has("proposal_on") else ""
        bases.append(f"Xét đề nghị của Trưởng Công an cấp xã tại văn bản số {s.t('proposal_number')}{on}.")
    out = decision_preamble(s, bases)
    out.append(article(1, "Quản lý sau cai nghiện ma túy tại nơi cư trú đối với:"))
    out += person_block(s)
    out.append(
        P(
            f"Thời hạn quản lý: {s.n2('term_months')} tháng, kể từ ngày {s.d('returned_on')} "
            "(ngày chấp hành xong quyết định hoặc hoàn thành cai nghiện, Điều 40 Luật Phòng, chống ma túy 2021)."
        )
    )
    out.append(
        article(
            2,
            f"Việc quản lý sau cai nghiện ma túy thực hiện theo quy định tại Điều 40 {LAW} "
            "và Điều 79 Nghị định số 116/2021/NĐ-CP.",
        )
    )
    out.append(
        article(
            3,
            "Quyết định này có hiệu lực kể từ ngày ký. Công an cấp xã, người có tên tại "
            "Điều 1 và các cơ quan, tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành "
            "Quyết định này./.",
        )
    )
    out.append(signature_row(s.recipients(["Như Điều 3;", "Lưu: VT, hồ sơ."]), s.main_signature()))
    return out


def mau_53(s: Sheet) -> list[Flowable]:
    """Thông báo cho xã nơi cư trú mới (Điều 79)."""
    decision = f" theo Quyết định số {s.t('decision_number')}" if s.has("decision_number") else ""
    if s.has("new_residence"):
        where = f"nơi cư trú mới: {s.t('new_residence')}, thuộc phạm vi quản lý của {s.t('new_commune')}"
    else:
        where = f"nơi cư trú mới thuộc phạm vi quản lý của {s.t('new_commune')}"
    out = [
        P(f"Kính gửi: {s.t('new_commune')}", "addressee"),
        P(
            f"{s.agency} thông báo: người có tên dưới đây đang chịu sự quản lý sau cai nghiện ma túy tại nơi "
            f"cư trú{decision}:"
        ),
    ]
    out += person_block(s)
    out += [
        P(f"Người có tên trên đã thay đổi nơi cư trú từ ngày {s.d('moved_on')}; {where}."),
        P(
            f"{s.agency} thông báo để {s.t('new_commune')} biết, phối hợp thực hiện việc quản lý sau cai "
            "nghiện ma túy đối với người có tên trên theo quy định tại Điều 79 Nghị định số 116/2021/NĐ-CP./."
        ),
    ]
    out.append(signature_row(s.recipients(["Như trên;", "Lưu: VT, hồ sơ."]), s.main_signature()))
    return out


def mau_54(s: Sheet) -> list[Flowable]:
    """Giấy chứng nhận hoàn thành thời gian quản lý sau cai nghiện ma túy (Điều 81)."""
    on = f" ngày {s.d('decision_on')}" if s.has("decision_on") else ""
    term = f", thời hạn quản lý {s.n2('term_months')} tháng" if s.has("term_months") else ""
    out = [Spacer(0, 2 * mm), P(f"{s.agency} chứng nhận:")]
    out += person_block(s)
    out += [
        P(
            "Đã hoàn thành thời gian quản lý sau cai nghiện ma túy tại nơi cư trú theo Quyết định số "
            f"{s.t('decision_number')}{on}{term}."
        ),
        P(f"Giấy chứng nhận được cấp ngày {s.d('certificate_on')}./."),
    ]
    out.append(signature_row(None, s.main_signature()))
    return out


# --- Nghị định 105/2021/NĐ-CP ------------------------------------------------------------------


def mau_07_nd105(s: Sheet) -> list[Flowable]:
    """Quyết định quản lý người sử dụng trái phép chất ma túy (Điều 42 NĐ 105/2021)."""
    bases = [f"Căn cứ Điều 23 {LAW};", "Căn cứ Điều 42 Nghị định số 105/2021/NĐ-CP;"]
    if s.has("notice_number"):
        on = f" ngày {s.d('notice_on')}" if s.has("notice_on") else ""
        bases.append(f"Xét Thông báo số {s.t('notice_number')}{on} về việc sử dụng trái phép chất ma túy.")
    out = decision_preamble(s, bases)
    out.append(article(1, "Quản lý người sử dụng trái phép chất ma túy đối với:"))
    out += person_block(s)
    out.append(P(f"Thời hạn quản lý: 01 năm, kể từ ngày {s.d('decision_on')}."))
    out.append(article(2, "Giao Tổ quản lý gồm các ông, bà có tên sau thực hiện việc quản lý người có tên tại Điều 1:"))
    members = [f"{s.t('team_leader')} – Tổ trưởng;"] + [f"{member};" for member in s.lines("team_members")]
    members[-1] = members[-1].rstrip(";") + "."
    out += [P(f"{index}. {member}", "item") for index, member in enumerate(members, 1)]
    out.append(
        article(
            3,
            "Quyết định này có hiệu lực kể từ ngày ký. Tổ quản lý, người có tên tại Điều 1 "
            "và các cơ quan, tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định "
            "này./.",
        )
    )
    out.append(signature_row(s.recipients(["Như Điều 3;", "Lưu: VT, hồ sơ."]), s.main_signature()))
    return out


BODIES: dict[str, Callable[[Sheet], list[Flowable]]] = {
    "mau_27": mau_27,
    "mau_29": mau_29,
    "mau_30": mau_30,
    "mau_31": mau_31,
    "mau_32": mau_32,
    "mau_33": mau_33,
    "mau_34": mau_34,
    "mau_40": mau_40,
    "mau_46": mau_46,
    "mau_51": mau_51,
    "mau_53": mau_53,
    "mau_54": mau_54,
    "mau_07_nd105": mau_07_nd105,
}

__all__ = ["BODIES", "ND105", "ND116", "Sheet"]
