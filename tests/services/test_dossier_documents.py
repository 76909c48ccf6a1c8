"""Official documents printed from a dossier's data, uploaded scans, the required-documents
checklist, and the verification page a document's QR code points to."""

import hashlib
from io import BytesIO

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import func, select

from demo.scan import SAMPLE_SCAN as SCAN
from demo.steps import ACTOR, PREPARATION, data
from engine import Forbidden, ValidationFailed
from engine.persistence.tables import Attachment, AuditEvent, IssuedDocument
from forms.uploads import MAX_BYTES
from support.web_support import audit_count, page, text_of

BASE_URL = "http://127.0.0.1:5000"


def text_of_pdf(pdf: bytes) -> str:
    return " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)


def jpeg() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, "JPEG")
    return buffer.getvalue()


def to_sending(world) -> int:
    """Prepared, noticed on 12/02, reading period over: 'send_to_labour_office' open."""
    dossier_id = world.open()
    for bpmn_id in PREPARATION:
        world.complete(ACTOR[bpmn_id], dossier_id, bpmn_id, data(bpmn_id))
    world.travel("2026-02-25 08:00")
    world.backend.timers.fire_due()
    return dossier_id


def count(world, model) -> int:
    with world.backend.read_session() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_violation_record_is_printed_from_the_entered_data_and_fingerprinted(world):
    dossier_id = world.open()
    world.complete("commune_police_1", dossier_id, "record_violation", data("record_violation"))
    issued_id, pdf = world.backend.documents.issue(world.user("commune_police_1"), dossier_id, "mau_27", BASE_URL)
    text = text_of_pdf(pdf)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BIÊN BẢN VI PHẠM",
        "CÔNG AN XÃ AN BÌNH",
        "Nguyễn Văn Bình",
        "01/BB-VPHC",
        "ngày 10 tháng 02 năm 2026",
        "Trụ sở Công an xã An Bình",
        "Mẫu số 27",
        "khoản 1 Điều 32",
    ):
        assert expected in text, expected
    with world.backend.read_session() as session:
        issued = session.get(IssuedDocument, issued_id)
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "document_issued")).one()
    assert issued.sha256 == hashlib.sha256(pdf).hexdigest() == event.data["sha256"]
    assert f"{BASE_URL}/verify/{issued.token}" in text


def test_a_document_requested_before_its_data_exists_names_what_is_missing(world):
    dossier_id = world.open()
    with pytest.raises(ValidationFailed) as refused:
        world.backend.documents.issue(world.user("commune_police_1"), dossier_id, "mau_29", BASE_URL)
    message = refused.value.errors["_schema"][0]
    assert "Mẫu số 29" in message and "Số phiếu kết quả" in message
    assert count(world, IssuedDocument) == 0


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 4096, "ban-quet.pdf", "kiểm tra theo nội dung tệp"),
        (b"MZ\x90\x00\x03" + b"\x00" * 4096, "scan.png", "kiểm tra theo nội dung tệp"),
        (b"", "empty.pdf", "Tệp rỗng"),
        (SCAN[:300], "cut.pdf", "Tệp bị hỏng"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "broken.png", "Tệp bị hỏng"),
        (b"%PDF-1.7\n" + b"0" * (MAX_BYTES + 1), "huge.pdf", "vượt quá giới hạn"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(world, content, name, message):
    dossier_id = world.open()
    with pytest.raises(ValidationFailed) as refused:
        world.backend.documents.attach(world.user("commune_police_1"), dossier_id, "mau_31", name, content)
    assert message in refused.value.errors["file"][0]
    assert count(world, Attachment) == 0
    assert audit_count(world, action="attachment_added") == 0


def test_a_scan_is_stored_by_its_content_with_fingerprint_and_uploader(world):
    dossier_id = world.open()
    image = jpeg()
    attachment_id = world.backend.documents.attach(
        world.user("commune_police_1"), dossier_id, "determination_result", "C:\\scans\\phieu.pdf", image
    )
    with world.backend.read_session() as session:
        stored = session.get(Attachment, attachment_id)
    assert (stored.content_type, stored.filename, stored.size) == ("image/jpeg", "phieu.pdf", len(image))
    assert stored.sha256 == hashlib.sha256(image).hexdigest()
    assert stored.uploaded_by_id == world.user("commune_police_1")


def test_the_dossier_is_sent_only_with_every_required_document(world):
    dossier_id = to_sending(world)
    task = world.task(dossier_id, "send_to_labour_office")
    police = world.user("commune_police_1")
    with pytest.raises(ValidationFailed) as refused:
        world.backend.tasks.complete(police, task.id, data("send_to_labour_office"))
    message = refused.value.errors["_schema"][0]
    for label in (
        "Mẫu số 27",
        "Mẫu số 29",
        "Mẫu số 30",
        "Mẫu số 31",
        "Phiếu kết quả xác định tình trạng nghiện",
        "Mẫu số 32",
    ):
        assert label in message
    for code in ("mau_27", "mau_29", "mau_30", "mau_32"):
        world.backend.documents.issue(police, dossier_id, code, BASE_URL)
    world.backend.documents.attach(police, dossier_id, "mau_31", "tuong-trinh.pdf", SCAN)
    with pytest.raises(ValidationFailed) as refused:
        world.backend.tasks.complete(police, task.id, data("send_to_labour_office"))
    assert refused.value.errors["_schema"][0].count("Mẫu số") == 0
    world.backend.documents.attach(police, dossier_id, "determination_result", "phieu-ket-qua.jpg", jpeg())
    world.backend.tasks.complete(police, task.id, data("send_to_labour_office"))
    assert [t.bpmn_id for t in world.open_tasks(dossier_id)] == ["appraise_dossier"]


def test_outsiders_can_neither_print_nor_upload(world):
    dossier_id = world.open()
    with pytest.raises(Forbidden):
        world.backend.documents.issue(world.user("commune_police_2"), dossier_id, "mau_27", BASE_URL)
    with pytest.raises(Forbidden):
        world.backend.documents.attach(world.user("labour_office"), dossier_id, "mau_31", "x.pdf", SCAN)


# ----- web -------------------------------------------------------------------------------


def test_printing_from_the_dossier_page_returns_the_pdf_and_keeps_a_copy(web):
    dossier_id = web.open()
    web.advance(dossier_id, "record_violation")
    client = web.client("commune_police_1")
    shown = page(client.get(f"/dossiers/{dossier_id}"))
    assert shown.xpath('//table[@id="dossier-documents"]//tr[@data-document="mau_27"]//button')
    printed = client.post(f"/dossiers/{dossier_id}/documents/mau_27")
    assert printed.status_code == 200 and printed.mimetype == "application/pdf"
    assert "BIÊN BẢN VI PHẠM" in text_of_pdf(printed.data)
    copies = page(client.get(f"/dossiers/{dossier_id}")).xpath('//table[@id="issued-documents"]//a/@href')
    assert len(copies) == 1
    copy = client.get(copies[0])
    assert copy.data == printed.data
    refused = client.post(f"/dossiers/{dossier_id}/documents/mau_29")
    assert refused.status_code == 400 and "Chưa đủ dữ liệu để in Mẫu số 29" in text_of(refused)


def test_uploads_through_the_page_and_who_may_download_them(web):
    dossier_id = web.open()
    client = web.client("commune_police_1")
    bad = client.post(
        f"/dossiers/{dossier_id}/attachments",
        data={"document_code": "mau_31", "file": (BytesIO(b"\x7fELF" + b"\0" * 500), "scan.pdf")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 400 and "kiểm tra theo nội dung tệp" in text_of(bad)
    good = client.post(
        f"/dossiers/{dossier_id}/attachments",
        data={"document_code": "mau_31", "file": (BytesIO(SCAN), "tuong-trinh.pdf")},
        content_type="multipart/form-data",
    )
    assert good.status_code == 302
    links = page(client.get(f"/dossiers/{dossier_id}")).xpath('//table[@id="attachments"]//a/@href')
    assert len(links) == 1
    assert client.get(links[0]).data == SCAN
    for outsider in ("commune_police_2", "labour_office", "district_court"):
        refused = web.client(outsider).get(links[0])
        assert refused.status_code == 403, outsider
        assert audit_count(web, action="access_denied", actor_id=web.user(outsider)) == 1


def test_an_upload_over_the_limit_is_refused_before_reading_it(web):
    dossier_id = web.open()
    response = web.client("commune_police_1").post(
        f"/dossiers/{dossier_id}/attachments",
        data={"document_code": "mau_31", "file": (BytesIO(b"%PDF" + b"0" * (MAX_BYTES + 2 * 1024 * 1024)), "big.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413 and "vượt quá giới hạn" in text_of(response)
    assert count(web, Attachment) == 0


def test_the_checklist_shows_on_the_task_page(web):
    dossier_id = web.open()
    web.advance(dossier_id, *PREPARATION)
    web.travel("2026-02-25 08:00")
    web.advance(dossier_id, "timer")
    task_id = web.task(dossier_id, "send_to_labour_office").id
    checklist = page(web.client("commune_police_1").get(f"/tasks/{task_id}")).xpath('//section[@id="checklist"]//li')
    assert [item.get("data-document") for item in checklist] == [
        "mau_27",
        "mau_29",
        "mau_30",
        "mau_31",
        "determination_result",
        "mau_32",
    ]
    assert {item.get("class") for item in checklist} == {"missing"}


def test_the_verification_page_tells_a_true_copy_from_a_changed_one(web):
    dossier_id = web.open()
    web.advance(dossier_id, "record_violation")
    printed = web.client("commune_police_1").post(f"/dossiers/{dossier_id}/documents/mau_27").data
    with web.backend.read_session() as session:
        token = session.scalar(select(IssuedDocument.token))
    visitor = web.client()
    shown = visitor.get(f"/verify/{token}")
    assert shown.status_code == 200
    assert "Mẫu số 27 – Biên bản vi phạm" in text_of(shown) and "Nguyễn Văn Bình" not in text_of(shown)
    same = visitor.post(
        f"/verify/{token}", data={"file": (BytesIO(printed), "x.pdf")}, content_type="multipart/form-data"
    )
    assert "Tệp khớp với văn bản đã được phát hành" in text_of(same)
    changed = visitor.post(
        f"/verify/{token}", data={"file": (BytesIO(printed + b" "), "x.pdf")}, content_type="multipart/form-data"
    )
    assert "KHÔNG khớp" in text_of(changed)
    assert visitor.get("/verify/0000").status_code == 404
