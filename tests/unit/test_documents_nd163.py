"""The documents of Nghị định 163/2026/NĐ-CP (forms/documents/nd163.py): every code is
registered with its form number, decree and legal basis; each renders from valid data to an A4
PDF whose text, read back with poppler's pdftotext, carries its Vietnamese title, the person's
name, the dates as dd/mm/yyyy, instants as "HH giờ MM phút, ngày dd/mm/yyyy" (Vietnam time),
the legal basis and the single-copy status of the decree; missing data are named in Vietnamese.

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

from forms.documents import DOCUMENTS, FIELD_LABELS, missing_fields, render
from forms.documents.nd163 import ND163_STATUS, parse_instant, vn_instant
from forms.documents.specs import COMMON_REQUIRED
from forms.documents.templates import BODIES
from support.debian import install

ND163 = "Nghị định 163/2026/NĐ-CP"
NO_FORM = "không có mẫu trong tài liệu tham chiếu"
POPPLER = ("pdftotext", "pdftoppm", "pdfinfo")
PERSON = "Lê Thị Ánh Hường"
DATE_LINE = "An Bình, ngày 02 tháng 12 năm 2026"
VERIFY_URL = "https://hoso.example.vn/xac-thuc/HS-2026-0912"

# code: (form number, the article the legal basis must cite)
FORMS = {
    "nd163_p3_04": ("Mẫu số 04 Phụ lục III", "Điều 59"),
    "nd163_22": ("Mẫu số 22 Phụ lục V", "Điều 91"),
    "nd163_p1_02": ("Mẫu số 02 Phụ lục I", "Điều 16"),
    "nd163_32": ("Mẫu số 32 Phụ lục V", "Điều 98"),
    "nd163_33": ("Mẫu số 33 Phụ lục V", "Điểm a khoản 1 Điều 101"),
    "nd163_34": ("Mẫu số 34 Phụ lục V", "Điểm b khoản 1 Điều 101"),
    "nd163_36": ("Mẫu số 36 Phụ lục V", "Điểm d khoản 1 Điều 101"),
    "nd163_37": ("Mẫu số 37 Phụ lục V", "Điều 102"),
    "nd163_106": ("Công văn (không có mẫu trong tài liệu tham chiếu)", "Khoản 1 Điều 106"),
    "nd163_42": ("Mẫu số 42 Phụ lục V", "Điều 108"),
    "nd163_51": ("Mẫu số 51 Phụ lục V", "Khoản 1 Điều 123"),
    "nd163_50": ("Mẫu số 50 Phụ lục V", "Điểm a khoản 2 Điều 123"),
    "nd163_52": ("Mẫu số 52 Phụ lục V", "Khoản 1 Điều 134"),
    "nd163_53": ("Mẫu số 53 Phụ lục V", "Khoản 1 Điều 134"),
    "nd163_54": ("Mẫu số 54 Phụ lục V", "Điểm b khoản 1 Điều 136"),
    "nd163_56": ("Mẫu số 56 Phụ lục V", "Điều 138"),
}
CODES = list(FORMS)

POLICE = {
    "agency_parent": "Công an tỉnh Phú Hòa",
    "agency_name": "Công an xã An Bình",
    "signer_title": "Trưởng Công an xã",
    "signer_name": "Trần Văn Quyết",
}
COMMON = {
    **POLICE,
    "place_name": "An Bình",
    "issued_on": "2026-12-02",
    "number": "15/QĐ-CAX",
    "dossier_number": "HS-2026-0912",
    "person_name": PERSON,
    "person_birth_date": "1990-05-17",
    "id_number": "001190012345",
    "residence": "Thôn Đồng Tâm, xã An Bình, tỉnh Phú Hòa",
    "verify_url": VERIFY_URL,
}
FACILITY = {
    "agency_parent": "Công an tỉnh Phú Hòa",
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
GROUND = (
    "Không đăng ký, không thực hiện hoặc tự ý chấm dứt cai nghiện ma túy tự nguyện "
    "(điểm a khoản 1 Điều 35 Luật Phòng, chống ma túy)"
)
COURT = {
    "court_decision_number": "08/2026/QĐ-TA",
    "court_decision_on": "2026-11-20",
    "court_name": "Tòa án nhân dân khu vực 1 - Phú Hòa",
}

# Step data of each document, and texts that must come back from its PDF (dates as dd/mm/yyyy).
STEPS: dict[str, tuple[dict, list[str]]] = {
    "nd163_p3_04": (
        {
            "decision_on": "2026-12-02",
            "decided_at": "2026-12-02T15:10:00+07:00",
            "team_leader": "Hoàng Văn Dũng",
            "team_deputy": "Bùi Thị Lệ",
            "team_members": "Đặng Quốc Việt",
            "notice_number": "04/TB-CAX",
            "notice_on": "2026-12-01",
            "notice_received_at": "2026-12-01T16:45:00+07:00",
        },
        [
            "TRƯỞNG CÔNG AN XÃ AN BÌNH",
            "QUYẾT ĐỊNH:",
            "Hoàng Văn Dũng – Tổ trưởng",
            "Bùi Thị Lệ – Tổ phó",
            "Thông báo số 04/TB-CAX ngày 01/12/2026",
            "nhận được hồi 16 giờ 45 phút, ngày 01/12/2026",
            "01 năm kể từ ngày ra quyết định quản lý, ngày 02/12/2026",
            "thời điểm ký (15 giờ 10 phút, ngày 02/12/2026)",
        ],
    ),
    "nd163_22": (
        {
            "decision_on": "2026-12-02",
            "rehab_form": "home_community",
            "registration_received_at": "2026-12-02T09:00:00+07:00",
        },
        [
            "Cai nghiện ma túy tự nguyện tại gia đình, cộng đồng",
            "tiếp nhận hồi 09 giờ 00 phút, ngày 02/12/2026",
            "02 ngày làm việc",
        ],
    ),
    "nd163_p1_02": (
        {
            "decision_on": "2026-12-02",
            "supervision_ground": "post_rehab",
            "supervision_term": "Trong suốt thời gian quản lý sau cai nghiện ma túy",
            "source_decision_number": "09/QĐ-UBND",
            "source_decision_on": "2026-12-01",
            "source_received_at": "2026-12-02T07:30:00+07:00",
        },
        [
            "Người bị quản lý sau cai nghiện ma túy",
            "văn bản số 09/QĐ-UBND ngày 01/12/2026, nhận được hồi 07 giờ 30 phút, ngày 02/12/2026",
            "Căn cứ Nghị định số 163/2026/NĐ-CP ngày 15 tháng 5 năm 2026 của Chính phủ",
        ],
    ),
    "nd163_32": (
        {
            "decision_on": "2026-12-02",
            "decided_at": "2026-12-02T10:20:00+07:00",
            "interim_facility": "Cơ sở cai nghiện ma túy số 1",
        },
        [
            "cho Cơ sở cai nghiện ma túy số 1 quản lý trong thời gian lập hồ sơ đề nghị",
            "ra quyết định giao người bị đề nghị (10 giờ 20 phút, ngày 02/12/2026)",
            "được trừ vào thời gian cai nghiện ma túy",
        ],
    ),
    "nd163_33": (
        {
            "stable_residence": True,
            "gender": "Nữ",
            "ethnicity": "Kinh",
            "nationality": "Việt Nam",
            "occupation": "Lao động tự do",
            "prior_rehab_history": ["Cai nghiện ma túy tự nguyện tại gia đình, cộng đồng, năm 2025"],
        },
        ["Lao động tự do", "Cai nghiện ma túy tự nguyện tại gia đình, cộng đồng, năm 2025"],
    ),
    "nd163_34": (
        {
            "number": "01/BB-VP",
            "recorded_on": "2026-12-01",
            "recorded_at": "2026-12-01T08:30:00+07:00",
            "place": "Trụ sở Công an xã An Bình",
            "violation_description": "Tự ý chấm dứt cai nghiện ma túy tự nguyện tại gia đình, cộng đồng.",
            "ground_label": GROUND,
        },
        ["Hôm nay, hồi 08 giờ 30 phút, ngày 01/12/2026, tại Trụ sở Công an xã An Bình", "NGƯỜI VI PHẠM"],
    ),
    "nd163_36": (
        {
            "number": "16/ĐN-CAX",
            "ground_label": GROUND,
            "determination_result_number": "27/PKQ-TTYT",
            "determination_result_on": "2026-11-25",
            "determination_facility": "Trung tâm Y tế khu vực Phú Hòa",
            "stable_residence": False,
            "residence_confirmation_number": "03/XN-CAX",
            "addressee": "Tòa án nhân dân khu vực 1 - Phú Hòa",
        },
        [
            "số 27/PKQ-TTYT ngày 25/11/2026 của Trung tâm Y tế khu vực Phú Hòa",
            "01 biên bản vi phạm (Mẫu số 34)",
            "không có nơi cư trú ổn định của cơ quan Công an có thẩm quyền",
        ],
    ),
    "nd163_37": (
        {
            "number": "17/TB-CAX",
            "recipient_name": "Lê Văn Hùng",
            "recipient": "legal_representative",
            "ground_label": GROUND,
            "reading_days": 3,
            "notice_received_on": "2026-12-03",
        },
        [
            "Kính gửi: Ông/Bà Lê Văn Hùng (người đại diện hợp pháp của người bị đề nghị)",
            "có quyền đọc hồ sơ và ghi chép các nội dung cần thiết",
            "trong thời hạn 03 ngày làm việc kể từ ngày nhận được thông báo",
            "Ngày nhận thông báo: 03/12/2026",
            "01 bản sao bộ hồ sơ đề nghị",
        ],
    ),
    "nd163_106": (
        {
            "number": "18/CV-CAX",
            **COURT,
            "court_decision_received_at": "2026-12-01T17:05:00+07:00",
            "term_months": 24,
            "addressee": "Giám đốc Công an tỉnh Phú Hòa",
        },
        [
            "Hồi 17 giờ 05 phút, ngày 01/12/2026",
            "Quyết định số 08/2026/QĐ-TA ngày 20/11/2026 của Tòa án nhân dân khu vực 1 - Phú Hòa",
            "Kính gửi: Giám đốc Công an tỉnh Phú Hòa",
            NO_FORM,
        ],
    ),
    "nd163_42": (
        {
            **FACILITY,
            "number": "12/BB-CSCN",
            "admitted_on": "2026-12-02",
            "admitted_at": "2026-12-02T14:00:00+07:00",
            "facility_name": "Cơ sở cai nghiện ma túy số 1",
            "escort_agency": "Công an xã An Bình",
            **COURT,
            "designation_number": "55/QĐ-CAT",
            "designation_on": "2026-12-01",
            "designation_authority": "Giám đốc Công an tỉnh Phú Hòa",
        },
        [
            "Hôm nay, hồi 14 giờ 00 phút, ngày 02/12/2026",
            "Quyết định giao cơ sở cai nghiện ma túy số 55/QĐ-CAT ngày 01/12/2026",
            "NGƯỜI CAI NGHIỆN MA TÚY",
        ],
    ),
    "nd163_51": (
        {
            **FACILITY,
            "number": "31/TB-CSCN",
            "admitted_on": "2026-12-02",
            "interim_started_on": "2026-11-20",
            "term_months": 24,
            "term_ends_on": "2028-11-20",
            **COURT,
        },
        [
            "thời hạn cai nghiện ma túy: 24 tháng",
            "ngày 20/11/2028",
            "chậm nhất 30 ngày trước khi hết thời hạn",
            "từ ngày 20/11/2026, được trừ vào thời gian cai nghiện ma túy",
        ],
    ),
    "nd163_50": (
        {
            **FACILITY,
            "number": "32/GXN-CSCN",
            "admitted_on": "2026-12-02",
            "term_months": 36,
            "completed_on": "2029-12-02",
            **COURT,
        },
        ["thời hạn 36 tháng", "từ ngày 02/12/2026 đến ngày 02/12/2029", "Cơ sở cai nghiện ma túy số 1 xác nhận"],
    ),
    "nd163_52": (
        {
            "number": "19/ĐN-CAX",
            "term_ends_on": "2028-11-20",
            "notice_number": "31/TB-CSCN",
            "notice_on": "2028-10-15",
            "notice_received_on": "2028-10-16",
            "facility_name": "Cơ sở cai nghiện ma túy số 1",
            "post_rehab_months": 24,
        },
        [
            "Kính gửi: Chủ tịch Ủy ban nhân dân xã An Bình",
            "Thông báo số 31/TB-CSCN ngày 15/10/2028 của Cơ sở cai nghiện ma túy số 1",
            "nhận được ngày 16/10/2028",
            "24 tháng (02 năm)",
        ],
    ),
    "nd163_53": (
        {
            **COMMITTEE,
            "number": "09/QĐ-UBND",
            "decision_on": "2028-10-20",
            "post_rehab_months": 24,
            "term_ends_on": "2028-11-20",
            "proposal_number": "19/ĐN-CAX",
            "proposal_on": "2028-10-17",
        },
        [
            "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ AN BÌNH",
            "Thời hạn quản lý: 24 tháng (02 năm), kể từ ngày 20/11/2028",
            "văn bản số 19/ĐN-CAX ngày 17/10/2028",
        ],
    ),
    "nd163_54": (
        {
            "number": "20/TB-CAX",
            "moved_on": "2029-03-04",
            "moved_at": "2029-03-04T06:40:00+07:00",
            "new_commune": "Công an xã Hòa Lộc",
            "new_residence": "Xóm Bến Đò, xã Hòa Lộc",
            "decision_number": "09/QĐ-UBND",
            "decision_on": "2028-10-20",
        },
        [
            "Kính gửi: Công an xã Hòa Lộc",
            "hồi 06 giờ 40 phút, ngày 04/03/2029",
            "Quyết định số 09/QĐ-UBND ngày 20/10/2028",
            "trong thời hạn 24 giờ kể từ khi người đó chuyển khỏi địa phương",
        ],
    ),
    "nd163_56": (
        {
            **COMMITTEE,
            "number": "02/GXN-UBND",
            "decision_number": "09/QĐ-UBND",
            "decision_on": "2028-10-20",
            "term_ends_on": "2030-11-20",
            "post_rehab_months": 24,
        },
        ["Quyết định quản lý sau cai nghiện ma túy tại nơi cư trú số 09/QĐ-UBND ngày 20/10/2028", "20/11/2030"],
    ),
}


def sample_data(code: str) -> dict:
    return {**COMMON, **STEPS[code][0]}


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _have_poppler() -> bool:
    return all(shutil.which(tool) for tool in POPPLER)


@pytest.fixture(scope="module")
def poppler() -> None:
    """pdftotext, pdftoppm, pdfinfo: Debian's poppler-utils, installed here if missing."""
    reason = install("poppler-utils", present=_have_poppler)
    if reason:
        message = f"could not install poppler-utils: {reason}"
        print(f"\n[test_documents_nd163] {message}", file=sys.stderr)
        warnings.warn(message, stacklevel=2)
        pytest.skip(message)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("nd163")
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


def test_every_nd163_code_is_registered_with_its_form_and_basis():
    assert [code for code in DOCUMENTS if code.startswith("nd163_")] == CODES
    for code, (form_number, article) in FORMS.items():
        spec = DOCUMENTS[code]
        assert spec.code == code and spec.title and spec.heading
        assert spec.form_number == form_number, code
        assert spec.decree == ND163
        assert article in spec.legal_basis and ND163 in spec.legal_basis, code
        assert set(COMMON_REQUIRED) - {"number"} <= set(spec.required), code
        assert all(key in FIELD_LABELS for key in (*spec.required, *spec.optional)), code
        assert code in BODIES
        assert not {"agency_parent", "id_number", "signer_name"} & set(spec.required)
    assert DOCUMENTS["nd163_36"].reference == "Mẫu số 36 Phụ lục V – Nghị định 163/2026/NĐ-CP"
    assert NO_FORM in DOCUMENTS["nd163_106"].form_number
    assert "number" not in DOCUMENTS["nd163_33"].required  # a sheet without "Số:"
    assert "Điều 42 Luật Phòng, chống ma túy số 120/2025/QH15" in DOCUMENTS["nd163_53"].legal_basis


def test_the_older_documents_are_unchanged():
    assert DOCUMENTS["mau_27"].form_number == "Mẫu số 27"
    assert FIELD_LABELS["person_name"] == "Họ và tên người bị đề nghị"
    assert FIELD_LABELS["recorded_at"] == "Giờ lập biên bản"
    data = {
        "agency_name": "Công an xã An Bình",
        "place_name": "An Bình",
        "issued_on": "2026-02-10",
        "number": "01/BB",
        "dossier_number": "HS-1",
        "person_name": PERSON,
        "person_birth_date": "1990-05-17",
        "residence": "An Bình",
        "signer_title": "Trưởng Công an xã",
        "verify_url": VERIFY_URL,
        "recorded_on": "2026-02-09",
        "place": "Trụ sở",
        "violation_description": "Vi phạm",
        "ground_label": GROUND,
        "recorded_at": "08 giờ 30",  # free text on Mẫu 27, not an instant
    }
    assert render("mau_27", data).startswith(b"%PDF")


@pytest.mark.parametrize("code", CODES)
def test_sample_data_is_complete(code):
    assert missing_fields(code, sample_data(code)) == []


# --- missing and malformed data -----------------------------------------------------------------


@pytest.mark.parametrize("code", CODES)
def test_each_required_key_is_named_in_vietnamese_when_absent(code):
    spec = DOCUMENTS[code]
    for key in spec.required:
        data = sample_data(code)
        data.pop(key)
        label = spec.label(key)
        assert label != key and re.search(r"[àáảãạăâđèéêìíòóôơùúưỳýạ-ỹ]", label.lower()), label
        assert missing_fields(code, data) == [label], key
        with pytest.raises(ValueError, match=re.escape(label)):
            render(code, data)


def test_missing_fields_of_the_notice_name_what_the_officer_must_enter():
    data = sample_data("nd163_37")
    for key in ("recipient_name", "ground_label", "reading_days"):
        data[key] = "  " if key != "reading_days" else None
    assert missing_fields("nd163_37", data) == [
        "Họ và tên người nhận thông báo",
        "Lý do lập hồ sơ đề nghị",
        "Thời hạn đọc hồ sơ (ngày làm việc)",
    ]
    with pytest.raises(ValueError, match="Mẫu số 37 Phụ lục V"):
        render("nd163_37", data)
    without_steps = {key: value for key, value in {**COMMON, **COMMITTEE}.items() if key != "number"}
    assert missing_fields("nd163_53", without_steps) == [
        "Số quyết định",
        "Ngày ra quyết định",
        "Thời hạn quản lý sau cai nghiện ma túy (tháng)",
        "Ngày hoàn thành cai nghiện ma túy hoặc chấp hành xong quyết định",
    ]


def test_optional_keys_may_be_absent():
    for code in CODES:
        spec = DOCUMENTS[code]
        data = {key: value for key, value in sample_data(code).items() if key in spec.required}
        assert render(code, data).startswith(b"%PDF"), code


def test_malformed_instants_dates_and_counts_are_refused():
    for value, wanted in (
        ("02/12/2026 08:30", "Thời điểm tiếp nhận vào cơ sở"),
        ("2026-12-02T08:30:00", "cần dạng YYYY-MM-DDTHH:MM:SS+07:00"),  # no offset: ambiguous
    ):
        data = {**sample_data("nd163_42"), "admitted_at": value}
        with pytest.raises(ValueError, match=re.escape(wanted)):
            render("nd163_42", data)
    data = {**sample_data("nd163_51"), "term_ends_on": "20/11/2028"}
    with pytest.raises(ValueError, match="Ngày hết thời hạn cai nghiện ma túy"):
        render("nd163_51", data)
    data = {**sample_data("nd163_53"), "post_rehab_months": "hai năm"}
    with pytest.raises(ValueError, match="Thời hạn quản lý sau cai nghiện ma túy"):
        render("nd163_53", data)


def test_instants_print_in_vietnam_time():
    # 01:30 UTC = 08:30 in Vietnam (UTC+7); 20:15 UTC on 01/12 = 03:15 on 02/12 in Vietnam.
    assert vn_instant(parse_instant("2026-12-02T01:30:00+00:00", "x")) == "08 giờ 30 phút, ngày 02/12/2026"
    assert vn_instant(parse_instant("2026-12-01T20:15:00Z", "x")) == "03 giờ 15 phút, ngày 02/12/2026"
    aware = dt.datetime(2026, 12, 2, 8, 5, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    assert vn_instant(parse_instant(aware, "x")) == "08 giờ 05 phút, ngày 02/12/2026"


def test_rendering_is_deterministic_and_accepts_date_objects():
    data = sample_data("nd163_50")
    assert render("nd163_50", data) == render("nd163_50", data)
    as_objects = {
        **data,
        "issued_on": dt.date(2026, 12, 2),
        "admitted_on": dt.date(2026, 12, 2),
    }
    assert render("nd163_50", as_objects).startswith(b"%PDF")


# --- the PDFs read back -------------------------------------------------------------------------


@pytest.mark.parametrize("code", CODES)
def test_pdf_is_a4_and_carries_title_person_dates_and_legal_basis(code, poppler, pdfs):
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
        spec.reference,
        spec.heading.upper(),
        PERSON,
        "17/05/1990",
        data["agency_name"].upper(),
        data["signer_title"].upper(),
        data["signer_name"],
        f"Căn cứ pháp lý: {spec.legal_basis}",
        ND163_STATUS,
        f"Kiểm tra tính xác thực: {VERIFY_URL}",
        *STEPS[code][1],
    ]
    if spec.subtitle:
        expected.append(spec.subtitle)
    if "number" in spec.required:
        expected.append(f"Số: {data['number']}")
    for wanted in expected:
        assert wanted in text, f"{code}: {wanted!r} not in the PDF text:\n{text}"
    # every date and instant was written the Vietnamese way, none as ISO
    assert not re.search(r"\d{4}-\d\d-\d\d", text), text
    assert "None" not in text


def test_the_term_printed_is_the_one_the_data_give(poppler, tmp_path):
    # Law 120 Art. 29(1): 24 months the first time, 36 from the second; the document computes nothing.
    for months in (24, 36):
        for code in ("nd163_50", "nd163_51"):
            path = tmp_path / f"{code}-{months}.pdf"
            path.write_bytes(render(code, {**sample_data(code), "term_months": months}))
            text = pdf_text(path)
            assert f"{months} tháng" in text and f"{60 - months} tháng" not in text, (code, months)


@pytest.mark.parametrize("code", ["nd163_37", "nd163_53"])
def test_pdf_rasterises_to_png(code, poppler, pdfs, tmp_path):
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(pdfs[code]), str(tmp_path / code)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pages = sorted(tmp_path.glob(f"{code}*.png"))
    assert len(pages) == 1, "the document should fit on one A4 page"
    assert pages[0].read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_nd163_module_imports_without_a_cycle_and_stays_a_leaf():
    code = (
        "import sys; import forms.documents.nd163 as m; import forms.documents.specs as s; "
        "assert 'nd163_37' in s.DOCUMENTS, 'not merged'; "
        "bad = sorted(x for x in sys.modules if x.split('.')[0] in {'engine', 'web', 'flask', 'sqlalchemy'}); "
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
