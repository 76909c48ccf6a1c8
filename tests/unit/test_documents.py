"""Official documents (forms/documents): every document renders from valid data to a PDF whose
text, read back with poppler's pdftotext, carries the Vietnamese wording with its diacritics;
the pages rasterise; the IBM Plex Serif faces are embedded; missing data are named in
Vietnamese; the QR code of the verification address is drawn.

poppler-utils is installed by the module fixture (apt-get, as root) when it is missing;
without it, the tests that read PDFs back are skipped with the reason.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import unicodedata
import warnings
from pathlib import Path

import pytest

from forms.documents import DOCUMENTS, FIELD_LABELS, DocumentSpec, missing_fields, render
from support.debian import install

CODES = [
    "mau_27",
    "mau_29",
    "mau_30",
    "mau_31",
    "mau_32",
    "mau_33",
    "mau_34",
    "mau_40",
    "mau_46",
    "mau_51",
    "mau_53",
    "mau_54",
    "mau_07_nd105",
]
POPPLER = ("pdftotext", "pdftoppm", "pdffonts", "pdfinfo")
PERSON = "Nguyễn Thị Ánh Hường"
DATE_LINE = "An Bình, ngày 10 tháng 02 năm 2026"
VERIFY_URL = "https://hoso.example.vn/xac-thuc/HS-2026-0042"

COMMON = {
    "agency_parent": "Công an huyện Phú Hòa",
    "agency_name": "Công an xã An Bình",
    "place_name": "An Bình",
    "issued_on": "2026-02-10",
    "number": "15/ĐN-CAX",
    "dossier_number": "HS-2026-0042",
    "person_name": PERSON,
    "person_birth_date": "1990-05-17",
    "id_number": "001190012345",
    "residence": "Thôn Đồng Tâm, xã An Bình, huyện Phú Hòa",
    "signer_title": "Trưởng Công an xã",
    "signer_name": "Trần Văn Quyết",
    "verify_url": VERIFY_URL,
}
LABOUR_OFFICE = {
    "agency_parent": "Ủy ban nhân dân huyện Phú Hòa",
    "agency_name": "Phòng Lao động - Thương binh và Xã hội",
    "signer_title": "Trưởng phòng",
    "signer_name": "Lê Thị Hồng Nhung",
}
FACILITY = {
    "agency_parent": "Sở Lao động - Thương binh và Xã hội",
    "agency_name": "Cơ sở cai nghiện ma túy số 1",
    "signer_title": "Giám đốc",
    "signer_name": "Phạm Đức Thắng",
}
COMMITTEE = {
    "agency_parent": "",
    "agency_name": "Ủy ban nhân dân xã An Bình",
    "signer_title": "Chủ tịch",
    "signer_name": "Đỗ Minh Tuấn",
}
GROUND = "Không đăng ký, không thực hiện cai nghiện ma túy tự nguyện (khoản 1 Điều 32 Luật Phòng, chống ma túy)"

# Step data of each document, and one value with diacritics that must come back from the PDF.
STEPS: dict[str, tuple[dict, str]] = {
    "mau_27": (
        {
            "number": "01/BB-VPHC",
            "recorded_on": "2026-02-09",
            "place": "Trụ sở Công an xã An Bình",
            "violation_description": "Không đăng ký cai nghiện ma túy tự nguyện sau khi có kết quả xác "
            "định tình trạng nghiện.",
            "ground_label": GROUND,
        },
        "Trụ sở Công an xã An Bình",
    ),
    "mau_29": (
        {
            "ground_label": GROUND,
            "determination_result_number": "27/PKQ-TTYT",
            "determination_result_on": "2026-02-03",
            "determination_facility": "Trung tâm Y tế huyện Phú Hòa",
            "addressee": "Trưởng phòng Lao động - Thương binh và Xã hội huyện Phú Hòa",
        },
        "Trung tâm Y tế huyện Phú Hòa",
    ),
    "mau_30": (
        {
            "stable_residence": True,
            "gender": "Nữ",
            "ethnicity": "Kinh",
            "nationality": "Việt Nam",
            "occupation": "Lao động tự do",
        },
        "Lao động tự do",
    ),
    "mau_31": ({}, "Tôi xin tường trình như sau"),
    "mau_32": (
        {
            "number": "16/TB-CAX",
            "recipient_name": "Nguyễn Văn Hùng",
            "recipient": "legal_representative",
            "reading_days": 3,
            "ground_label": GROUND,
        },
        "Nguyễn Văn Hùng",
    ),
    "mau_33": (
        {
            **LABOUR_OFFICE,
            "number": "05/LĐTBXH",
            "missing_items": "Bản tường trình (Mẫu số 31)\nBản sao phiếu kết quả xác định tình trạng nghiện",
            "addressee": "Công an xã An Bình",
        },
        "Bản tường trình (Mẫu số 31)",
    ),
    "mau_34": (
        {
            **LABOUR_OFFICE,
            "number": "06/LĐTBXH",
            "proposed_facility": "Cơ sở cai nghiện ma túy số 1",
            "addressee": "Tòa án nhân dân huyện Phú Hòa",
            "page_count": 24,
            "child_rights_opinion": "Bảo đảm quyền được học tập và chăm sóc sức khỏe.",
        },
        "Bảo đảm quyền được học tập",
    ),
    "mau_40": (
        {
            **FACILITY,
            "number": "12/BB-CSCN",
            "handed_over_on": "2026-03-02",
            "facility_name": "Cơ sở cai nghiện ma túy số 1",
            "escort_agency": "Công an huyện Phú Hòa",
            "court_decision_number": "08/2026/QĐ-TA",
            "court_decision_on": "2026-02-20",
            "court_name": "Tòa án nhân dân huyện Phú Hòa",
        },
        "Công an huyện Phú Hòa",
    ),
    "mau_46": (
        {
            **FACILITY,
            "number": "31/GCN-CSCN",
            "admitted_on": "2026-03-02",
            "term_months": 24,
            "released_on": "2028-03-02",
            "facility_name": "Cơ sở cai nghiện ma túy số 1",
        },
        "Cơ sở cai nghiện ma túy số 1 chứng nhận",
    ),
    "mau_51": (
        {
            **COMMITTEE,
            "number": "09/QĐ-UBND",
            "decision_on": "2026-02-10",
            "term_months": 24,
            "returned_on": "2026-02-02",
            "proposal_number": "03/ĐN-CAX",
            "proposal_on": "2026-02-06",
        },
        "Quản lý sau cai nghiện ma túy tại nơi cư trú đối với",
    ),
    "mau_53": (
        {
            "number": "18/TB-CAX",
            "moved_on": "2026-02-02",
            "new_commune": "Ủy ban nhân dân xã Hòa Lộc",
            "new_residence": "Xóm Bến Đò, xã Hòa Lộc",
            "decision_number": "09/QĐ-UBND",
        },
        "Ủy ban nhân dân xã Hòa Lộc",
    ),
    "mau_54": (
        {
            **COMMITTEE,
            "number": "02/GCN-UBND",
            "certificate_on": "2026-02-10",
            "decision_number": "09/QĐ-UBND",
            "decision_on": "2024-02-09",
            "term_months": 24,
        },
        "Đã hoàn thành thời gian quản lý sau cai nghiện ma túy",
    ),
    "mau_07_nd105": (
        {
            **COMMITTEE,
            "number": "11/QĐ-UBND",
            "decision_on": "2026-02-10",
            "team_leader": "Hoàng Văn Dũng",
            "team_members": "Bùi Thị Lệ\nĐặng Quốc Việt",
            "notice_number": "04/TB-CAX",
            "notice_on": "2026-02-05",
        },
        "Đặng Quốc Việt",
    ),
}


def sample_data(code: str) -> dict:
    """Valid data of document ``code`` (also used to make preview PDFs by hand)."""
    return {**COMMON, **STEPS[code][0]}


def flat(text: str) -> str:
    """pdftotext output with its line breaks and runs of spaces folded into single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).split())


# --- poppler ------------------------------------------------------------------------------------


def _have_poppler() -> bool:
    return all(shutil.which(tool) for tool in POPPLER)


def _skip(reason: str):
    print(f"\n[test_documents] {reason}", file=sys.stderr)
    warnings.warn(reason, stacklevel=2)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def poppler() -> None:
    """pdftotext, pdftoppm, pdffonts, pdfinfo: Debian's poppler-utils, installed here if missing."""
    reason = install("poppler-utils", present=_have_poppler)
    if reason:
        _skip(f"could not install poppler-utils: {reason}")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    """Each document rendered once from its sample data, written to a file."""
    folder = tmp_path_factory.mktemp("documents")
    paths = {}
    for code in CODES:
        path = folder / f"{code}.pdf"
        path.write_bytes(render(code, sample_data(code)))
        paths[code] = path
    return paths


def run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=120).stdout


def pdf_text(path: Path) -> str:
    return flat(run("pdftotext", "-enc", "UTF-8", str(path), "-"))


# --- the registry -------------------------------------------------------------------------------


def test_every_document_code_of_the_models_is_registered():
    assert [code for code in DOCUMENTS if not code.startswith("nd163_")] == CODES  # NĐ 163: test_documents_nd163
    for code in CODES:
        spec = DOCUMENTS[code]
        assert isinstance(spec, DocumentSpec) and spec.code == code
        assert re.fullmatch(r"Mẫu số \d\d", spec.form_number)
        assert spec.decree in ("Nghị định 116/2021/NĐ-CP", "Nghị định 105/2021/NĐ-CP")
        assert spec.decree in spec.legal_basis and spec.title and spec.heading
        assert {"agency_name", "person_name", "issued_on", "verify_url"} <= set(spec.required)
        assert all(key in FIELD_LABELS for key in (*spec.required, *spec.optional))
    assert DOCUMENTS["mau_27"].title == "Biên bản vi phạm"
    assert DOCUMENTS["mau_27"].form_number == "Mẫu số 27"
    assert DOCUMENTS["mau_07_nd105"].decree == "Nghị định 105/2021/NĐ-CP"
    assert DOCUMENTS["mau_27"].reference == "Mẫu số 27 – Nghị định 116/2021/NĐ-CP"


def test_step_keys_are_required_as_the_contract_says():
    step_keys = {
        "mau_27": {"recorded_on", "place", "violation_description", "ground_label"},
        "mau_29": {"ground_label", "determination_result_number", "determination_result_on", "determination_facility"},
        "mau_32": {"recipient_name", "reading_days"},
        "mau_33": {"missing_items"},
        "mau_34": {"proposed_facility"},
        "mau_40": {"handed_over_on", "facility_name", "escort_agency"},
        "mau_46": {"admitted_on", "term_months", "released_on", "facility_name"},
        "mau_51": {"decision_on", "term_months", "returned_on"},
        "mau_53": {"moved_on", "new_commune"},
        "mau_54": {"certificate_on", "decision_number"},
        "mau_07_nd105": {"decision_on", "team_leader", "team_members"},
    }
    for code, keys in step_keys.items():
        assert keys <= set(DOCUMENTS[code].required), code
    for code in CODES:
        assert not {"agency_parent", "id_number", "signer_name"} & set(DOCUMENTS[code].required)


@pytest.mark.parametrize("code", CODES)
def test_sample_data_is_complete(code):
    assert missing_fields(code, sample_data(code)) == []


# --- missing data -------------------------------------------------------------------------------


def test_missing_fields_names_the_labels_and_render_refuses():
    data = sample_data("mau_27")
    del data["number"]
    data["place"] = "   "
    data["recorded_on"] = None
    assert missing_fields("mau_27", data) == ["Số biên bản", "Ngày lập biên bản", "Nơi lập biên bản"]
    with pytest.raises(ValueError) as raised:
        render("mau_27", data)
    message = str(raised.value)
    assert "Mẫu số 27" in message
    for label in ("Số biên bản", "Ngày lập biên bản", "Nơi lập biên bản"):
        assert label in message


@pytest.mark.parametrize("code", CODES)
def test_each_required_key_is_reported_when_absent(code):
    spec = DOCUMENTS[code]
    for key in spec.required:
        data = sample_data(code)
        data.pop(key)
        assert missing_fields(code, data) == [spec.label(key)], key
        with pytest.raises(ValueError, match=re.escape(spec.label(key))):
            render(code, data)


def test_optional_keys_may_be_absent_or_empty():
    data = sample_data("mau_29")
    for key in ("id_number", "signer_name", "addressee"):
        data.pop(key)
    data["agency_parent"] = ""
    assert render("mau_29", data).startswith(b"%PDF")


def test_malformed_values_and_unknown_codes_are_refused():
    data = sample_data("mau_51")
    data["decision_on"] = "10/02/2026"
    with pytest.raises(ValueError, match="Ngày ra quyết định"):
        render("mau_51", data)
    data = sample_data("mau_51")
    data["term_months"] = "hai mươi bốn"
    with pytest.raises(ValueError, match="Thời hạn quản lý"):
        render("mau_51", data)
    with pytest.raises(KeyError):
        render("mau_99", sample_data("mau_27"))
    with pytest.raises(KeyError):
        missing_fields("mau_99", {})


def test_rendering_is_deterministic_and_accepts_dates():
    data = sample_data("mau_46")
    assert render("mau_46", data) == render("mau_46", data)
    as_dates = {**data, "issued_on": dt.date(2026, 2, 10), "admitted_on": dt.date(2026, 3, 2)}
    assert render("mau_46", as_dates).startswith(b"%PDF")


# --- the PDFs read back -------------------------------------------------------------------------


@pytest.mark.parametrize("code", CODES)
def test_pdf_is_a4_and_carries_the_vietnamese_text(code, poppler, pdfs):
    path = pdfs[code]
    spec = DOCUMENTS[code]
    info = run("pdfinfo", str(path))
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info), info
    text = pdf_text(path)
    data = sample_data(code)
    expected = [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        DATE_LINE,
        "ngày 10 tháng 02 năm 2026",
        spec.reference,
        spec.heading.upper(),
        PERSON,
        data["agency_name"].upper(),
        data["signer_title"].upper(),
        data["signer_name"],
        STEPS[code][1],
        "17/05/1990",  # the birth date, dd/mm/yyyy in running text
    ]
    if data["agency_parent"]:
        expected.append(data["agency_parent"].upper())
    if spec.subtitle:
        expected.append(spec.subtitle)
    if "number" in spec.required:
        expected.append(f"Số: {data['number']}")
    for wanted in expected:
        assert wanted in text, f"{code}: {wanted!r} not in the PDF text:\n{text}"


def test_documents_specific_wording(poppler, pdfs):
    texts = {code: pdf_text(pdfs[code]) for code in CODES}
    assert "(Ký, ghi rõ họ tên, đóng dấu)" in texts["mau_29"]
    assert "Số: 01/BB-VPHC" in texts["mau_27"] and "ngày 09/02/2026" in texts["mau_27"]
    assert "NGƯỜI VI PHẠM" in texts["mau_27"]
    assert "Phiếu kết quả số 27/PKQ-TTYT ngày 03/02/2026" in texts["mau_29"]
    assert "Trong thời hạn 03 ngày làm việc kể từ ngày nhận được thông báo" in texts["mau_32"]
    assert "Thời hạn bổ sung là 02 ngày làm việc" in texts["mau_33"]
    assert "Bản sao phiếu kết quả xác định tình trạng nghiện" in texts["mau_33"]
    assert "thời hạn 24 tháng" in texts["mau_46"] and "từ ngày 02/03/2026 đến ngày 02/03/2028" in texts["mau_46"]
    assert "Thời hạn quản lý: 24 tháng, kể từ ngày 02/02/2026" in texts["mau_51"]
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ AN BÌNH" in texts["mau_51"]
    assert "QUYẾT ĐỊNH:" in texts["mau_07_nd105"] and "Hoàng Văn Dũng – Tổ trưởng" in texts["mau_07_nd105"]
    assert "từ ngày 02/02/2026" in texts["mau_53"]
    assert "Quyết định số 09/QĐ-UBND ngày 09/02/2024" in texts["mau_54"]
    assert "NGƯỜI TƯỜNG TRÌNH" in texts["mau_31"] and "Số:" not in texts["mau_31"]
    assert "Nơi nhận:" in texts["mau_34"]


@pytest.mark.parametrize("code", CODES)
def test_pdf_rasterises_to_png(code, poppler, pdfs, tmp_path):
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", str(pdfs[code]), str(tmp_path / code)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pages = sorted(tmp_path.glob(f"{code}*.png"))
    assert pages, "pdftoppm wrote no page"
    for page in pages:
        content = page.read_bytes()
        assert content.startswith(b"\x89PNG\r\n\x1a\n") and len(content) > 1000


@pytest.mark.parametrize("code", CODES)
def test_fonts_are_embedded_ibm_plex_serif(code, poppler, pdfs):
    listing = run("pdffonts", str(pdfs[code])).splitlines()[2:]  # two header lines
    fonts = [line.split() for line in listing if line.strip()]
    assert fonts
    names = {row[0].split("+")[-1] for row in fonts}
    assert "IBMPlexSerif-Regular" in names or "IBMPlexSerif" in names, names
    assert any("Bold" in name for name in names) and any("Italic" in name for name in names), names
    for row in fonts:
        assert row[0].split("+")[-1].startswith("IBMPlexSerif"), row
        # columns from the right: object id, generation, uni, sub, emb
        emb = row[-5]
        assert emb == "yes", row


@pytest.mark.parametrize("code", CODES)
def test_qr_code_of_the_verification_address_is_drawn(code, poppler, pdfs, tmp_path):
    text = pdf_text(pdfs[code])
    assert f"Kiểm tra tính xác thực: {VERIFY_URL}" in text
    # The QR code sits at the foot of the last page, flush with the left margin: at the bottom of
    # the text area when there is room, else smaller in the bottom margin. Whichever it is, its
    # square is roughly half dark modules.
    from PIL import Image

    from forms.documents.layout import MARGIN_BOTTOM, MARGIN_LEFT, QR_SIZE, FootQR

    subprocess.run(
        ["pdftoppm", "-png", "-r", "72", str(pdfs[code]), str(tmp_path / "p")],
        check=True,
        capture_output=True,
        timeout=120,
    )
    last = sorted(tmp_path.glob("p*.png"))[-1]
    image = Image.open(last).convert("L")  # 72 dpi: one pixel per point
    shares = []
    for bottom, size in ((MARGIN_BOTTOM, QR_SIZE), (FootQR.MARGIN_BOTTOM, FootQR.MARGIN_SIZE)):
        top = image.height - bottom - size
        box = image.crop(
            (round(MARGIN_LEFT) + 1, round(top) + 1, round(MARGIN_LEFT + size) - 1, round(image.height - bottom) - 1)
        )
        shares.append(sum(box.histogram()[:128]) / (box.width * box.height))
    assert any(0.25 < share < 0.75 for share in shares), f"no QR code at the foot of {code}: {shares}"


def test_long_text_flows_onto_numbered_pages(poppler, tmp_path):
    data = sample_data("mau_27")
    line = "bị phát hiện sử dụng trái phép chất ma túy tại khu vực bãi sông Đồng Tâm."
    data["violation_description"] = "\n".join(f"Lần {index}: {line}" for index in range(1, 41))
    path = tmp_path / "long.pdf"
    path.write_bytes(render("mau_27", data))
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(path))).group(1))
    assert pages >= 2
    second = run("pdftotext", "-f", "2", "-l", "2", "-enc", "UTF-8", str(path), "-").split()
    assert second[0] == "2"  # page numbers from the second page on, at the top
    last = flat(run("pdftotext", "-f", str(pages), "-l", str(pages), "-enc", "UTF-8", str(path), "-"))
    assert f"Kiểm tra tính xác thực: {VERIFY_URL}" in last and "Lần 40" in pdf_text(path)


def test_decomposed_unicode_is_printed_composed(poppler, tmp_path):
    data = sample_data("mau_30")
    data["person_name"] = unicodedata.normalize("NFD", PERSON)
    path = tmp_path / "nfd.pdf"
    path.write_bytes(render("mau_30", data))
    assert PERSON in pdf_text(path)


def test_documents_package_is_a_leaf():
    code = (
        "import sys, forms.documents; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'engine', 'web', 'flask', 'sqlalchemy'}); "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
