"""Official documents of the procedures rendered to PDF: pure functions over plain data.

``DOCUMENTS`` maps the codes that BPMN user tasks list in their ``documents`` property
(``mau_27`` … ``mau_54``, ``mau_07_nd105``; ``nd163_*`` for Nghị định 163/2026/NĐ-CP, see
``nd163``) to a :class:`DocumentSpec` (title, form number,
decree, legal basis, required data keys). ``missing_fields(code, data)`` names, in Vietnamese,
the required data a page still has to collect; ``render(code, data)`` returns the PDF bytes
(A4, Vietnamese administrative layout, IBM Plex Serif embedded, QR code of ``verify_url``).

Data are plain dicts: dates as ISO strings ("2026-02-10") or ``datetime.date``, counts as ints,
instants (keys ending ``_at``) as ISO strings with an offset ("2026-12-02T08:30:00+07:00") or
aware datetimes, printed in Vietnam time as "08 giờ 30 phút, ngày 02/12/2026".
Every document reads the common keys ``agency_name``, ``agency_parent`` (may be ""),
``place_name``, ``issued_on``, ``number``, ``dossier_number``, ``person_name``,
``person_birth_date``, ``id_number`` (optional), ``residence``, ``signer_title``,
``signer_name`` (optional) and ``verify_url``, plus its own step keys (see ``DOCUMENTS[code]``).

A leaf module: reportlab and the font package only; no engine, web framework or database.
"""

from __future__ import annotations

from collections.abc import Mapping

from .layout import DRAFT_MARK, build_pdf, draft_block, heading_block, parse_date, qr_block, title_block
from .nd163 import ND163_BODIES, ND163_DOCUMENTS, ND163_INT_KEYS, ND163_LABELS, parse_instant
from .specs import DOCUMENTS, FIELD_LABELS, DocumentSpec, missing_fields, spec_for
from .templates import BODIES, Sheet

# The documents of Nghị định 163/2026/NĐ-CP (Regime D) join the registries here, so that
# specs and templates never import nd163 (which builds on both).
FIELD_LABELS.update({key: label for key, label in ND163_LABELS.items() if key not in FIELD_LABELS})
DOCUMENTS.update(ND163_DOCUMENTS)
BODIES.update(ND163_BODIES)

SCAN_ONLY = {
    "determination_result": "Phiếu kết quả xác định tình trạng nghiện ma túy (bản sao)",
    "mau_35": "Văn bản đồng ý quản lý tại gia đình (Mẫu số 35)",
    "mau_36": "Quyết định quản lý trong thời gian lập hồ sơ (Mẫu số 36)",
    "mau_38": "Bản tường trình của người chưa thành niên hoặc người đại diện (Mẫu số 38)",
    "mau_39": "Văn bản của Trưởng phòng LĐTBXH đề nghị Tòa án (người chưa thành niên, Mẫu số 39)",
    "mau_50": "Văn bản đề nghị quản lý sau cai nghiện (Mẫu số 50)",
}
"""Documents the law requires that this system does not print: signed or issued elsewhere,
they enter the dossier as uploaded scans."""


def document_label(code: str) -> str:
    """What officers call the document: "Mẫu số 27 – Biên bản vi phạm"."""
    if code in DOCUMENTS:
        return f"{DOCUMENTS[code].form_number} – {DOCUMENTS[code].title}"
    return SCAN_ONLY[code]


_DATE_KEYS = frozenset(key for key in FIELD_LABELS if key.endswith("_on")) | {"person_birth_date"}
_INT_KEYS = frozenset({"term_months", "reading_days", "page_count"}) | ND163_INT_KEYS
_INSTANT_KEYS = frozenset(key for key in FIELD_LABELS if key.endswith("_at"))
_FREE_TEXT = frozenset({("mau_27", "recorded_at")})
"""(code, key) pairs whose ``_at`` key is free text ("hồi 08 giờ 30"), not an instant."""


def _check_values(spec: DocumentSpec, data: Mapping) -> None:
    problems = []
    for key in (*spec.required, *spec.optional):
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if key in _DATE_KEYS:
            try:
                parse_date(value, spec.label(key))
            except ValueError as error:
                problems.append(str(error))
        elif key in _INSTANT_KEYS and (spec.code, key) not in _FREE_TEXT:
            try:
                parse_instant(value, spec.label(key))
            except ValueError as error:
                problems.append(str(error))
        elif key in _INT_KEYS:
            try:
                number = int(str(value).strip())
            except ValueError:
                number = None
            if isinstance(value, bool) or number is None or number < 0:
                problems.append(f"Giá trị không hợp lệ ở mục «{spec.label(key)}»: {value!r} (cần số nguyên).")
    if problems:
        raise ValueError(" ".join(problems))


def render(code: str, data: Mapping, *, draft: bool = False) -> bytes:
    """The PDF of document ``code`` filled from ``data``.

    Raises ``KeyError`` for an unknown code and ``ValueError`` when required data are missing
    (the message lists their Vietnamese labels) or a date or count is malformed. A ``draft``
    prints what there is (a dotted line for the rest), marked "BẢN NHÁP" on every page, and has
    no QR code: it is not an issued document. It still needs ``issued_on``.
    """
    spec = spec_for(code)
    missing = missing_fields(code, data)
    if missing and not draft:
        raise ValueError(f"Thiếu dữ liệu để in {spec.form_number} ({spec.title}): " + "; ".join(missing) + ".")
    _check_values(spec, data)
    if draft:
        data = {**dict.fromkeys(spec.required, ""), **data}
    issued_on = parse_date(data["issued_on"], spec.label("issued_on"))
    foot = draft_block() if draft else qr_block(str(data["verify_url"]), str(data["dossier_number"]), spec)
    story = [
        *heading_block(spec, data, issued_on),
        *title_block(spec),
        *BODIES[code](Sheet(spec, data)),
        foot,
    ]
    mark = f"{DRAFT_MARK} – " if draft else ""
    return build_pdf(
        story,
        title=f"{mark}{spec.form_number}: {spec.title} – {data['person_name']}",
        author=str(data["agency_name"]),
        subject=f"{spec.reference}; {spec.legal_basis}; hồ sơ số {data['dossier_number']}",
        draft=draft,
    )


__all__ = ["DOCUMENTS", "FIELD_LABELS", "SCAN_ONLY", "DocumentSpec", "document_label", "missing_fields", "render"]
