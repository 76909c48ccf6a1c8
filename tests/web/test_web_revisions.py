"""Issue 12 through the pages: the shared record other agencies read, corrections and
their refusals, withdrawal, notes, scans replaced, drafts, what may be printed now, the
agency's dossiers waiting on others, and dates refused with a 400 naming the field."""

from __future__ import annotations

from io import BytesIO

from sqlalchemy import select

from demo.scan import SAMPLE_SCAN as SCAN
from demo.steps import PREPARATION, data
from engine.persistence.tables import Attachment, AuditEvent, IssuedDocument, User
from support.web_support import audit_count, dossier_row, page, task_row, text_of, texts, to_escort, to_labour_office


def form(step: str, **overrides) -> dict:
    """A step's data as the browser posts it (booleans as true/false)."""
    return {
        key: ("true" if value else "false") if isinstance(value, bool) else str(value)
        for key, value in data(step, **overrides).items()
    }


def test_commune_police_read_the_court_decision_and_the_labour_office_return(web):
    second = web.open(person_name="Đỗ Văn Hai")
    web.advance(second, *PREPARATION)
    escort = to_escort(web)  # its reading period ends with the second one's
    police = web.client("commune_police_1")
    record = page(police.get(f"/dossiers/{escort}")).xpath('//section[@id="shared-record"]')[0]
    decision = record.xpath('.//article[@data-step="hold_session"]')[0]
    text = " ".join(decision.text_content().split())
    assert "Tòa án nhân dân Huyện Minh Họa" in text
    assert f"Số quyết định {data('hold_session')['decision_number']}" in text
    assert "Thời hạn áp dụng (tháng) 18" in text
    # A dossier the labour office sends back: its reason on the dossier page and on the
    # supplement task, where the police answer it.
    web.advance(second, "send_to_labour_office")
    web.complete(
        "labour_office",
        second,
        "appraise_dossier",
        data(
            "appraise_dossier",
            appraisal_result="invalid",
            letter_number=None,
            proposed_facility=None,
            missing_items="Thiếu bản tường trình có chữ ký.",
            return_number="03/LĐTBXH",
        ),
    )
    assert "Thiếu bản tường trình có chữ ký." in text_of(police.get(f"/dossiers/{second}"))
    supplement = web.task(second, "supplement_dossier")
    answers = page(police.get(f"/tasks/{supplement.id}")).xpath('//section[@id="answers"]')
    assert answers and "Thiếu bản tường trình có chữ ký." in answers[0].text_content()


def test_a_step_is_corrected_through_its_page_and_the_dossier_says_so(web):
    dossier_id = web.open()
    web.advance(dossier_id, "record_violation")
    recorded = task_row(web, web.task(dossier_id, "prepare_dossier").id - 1)
    police = web.client("commune_police_1")
    shown = page(police.get(f"/dossiers/{dossier_id}"))
    [link] = shown.xpath('//table[@id="dossier-tasks"]//a[contains(@class, "correct-link")]/@href')
    assert link == f"/tasks/{recorded.id}/correct"
    correction = page(police.get(link))
    assert correction.xpath('//input[@name="record_number"]/@value') == ["01/BB-VPHC"]
    assert correction.xpath('//input[@name="recorded_on"]/@value') == ["10/02/2026"]
    # Refused without a reason: 400, every typed value kept, nothing saved.
    events = audit_count(web)
    typed = {**form("record_violation", record_number="02/BB-VPHC"), "correction_reason": ""}
    refused = police.post(link, data=typed)
    assert refused.status_code == 400
    assert page(refused).xpath('//input[@name="record_number"]/@value') == ["02/BB-VPHC"]
    assert "Phải ghi lý do" in text_of(refused) and audit_count(web) == events
    done = police.post(link, data={**typed, "correction_reason": "Ghi nhầm số biên bản."})
    assert done.status_code == 302 and done.location.endswith(f"/dossiers/{dossier_id}#shared-record")
    after = page(police.get(f"/dossiers/{dossier_id}"))
    step = after.xpath('//article[@data-step="record_violation"]')[0]
    assert "02/BB-VPHC" in step.text_content() and "đã sửa lúc" in step.text_content()
    assert "Lý do: Ghi nhầm số biên bản." in " ".join(texts(after.xpath('//ol[@id="timeline"]/li')))


def test_a_correction_after_the_next_step_is_refused_with_the_step_that_blocks_it(web):
    dossier_id = web.open()
    web.advance(dossier_id, "record_violation", "prepare_dossier")
    with web.backend.read_session() as session:
        [recorded] = [
            t
            for t in session.scalars(select(AuditEvent).where(AuditEvent.action == "task_completed"))
            if t.summary.endswith("Lập biên bản vi phạm (Mẫu số 27)")
        ]
    police = web.client("commune_police_1")
    shown = police.get(f"/tasks/{recorded.task_id}/correct")
    assert shown.status_code == 200 and "bước tiếp theo «Lập hồ sơ đề nghị" in text_of(shown)
    assert not page(shown).xpath('//form[@id="correct-form"]')
    events = audit_count(web)
    refused = police.post(
        f"/tasks/{recorded.task_id}/correct",
        data={**form("record_violation", record_number="09/BB"), "correction_reason": "Sửa."},
    )
    assert refused.status_code == 409 and "«Lập hồ sơ đề nghị" in text_of(refused)
    assert audit_count(web) == events
    assert web.client("labour_office").get(f"/tasks/{recorded.task_id}/correct").status_code == 403


def test_a_dossier_opened_by_mistake_is_withdrawn_from_its_page(web):
    dossier_id = web.open()
    police = web.client("commune_police_1")
    assert page(police.get(f"/dossiers/{dossier_id}")).xpath('//form[@id="withdraw-form"]')
    assert not page(web.client("commune_committee_1").get(f"/dossiers/{dossier_id}")).xpath(
        '//form[@id="withdraw-form"]'
    )
    empty = police.post(f"/dossiers/{dossier_id}/withdraw", data={"withdrawal_reason": " "})
    assert empty.status_code == 400 and "Phải ghi lý do" in text_of(empty)
    done = police.post(f"/dossiers/{dossier_id}/withdraw", data={"withdrawal_reason": "Lập nhầm, trùng hồ sơ."})
    assert done.status_code == 302
    assert dossier_row(web, dossier_id).outcome == "withdrawn"
    text = text_of(police.get(f"/dossiers/{dossier_id}"))
    assert "Rút hồ sơ" in text and "Lý do: Lập nhầm, trùng hồ sơ." in text
    again = police.post(f"/dossiers/{dossier_id}/withdraw", data={"withdrawal_reason": "Lần nữa."})
    assert again.status_code == 409 and "Không rút được: hồ sơ đã kết thúc." in text_of(again)


def test_a_withdrawal_after_another_agency_acted_is_refused_on_the_page(web):
    dossier_id = to_labour_office(web)
    web.advance(dossier_id, "appraise_dossier")
    police = web.client("commune_police_1")
    shown = page(police.get(f"/dossiers/{dossier_id}"))
    assert not shown.xpath('//form[@id="withdraw-form"]')
    assert "Không rút được" in shown.xpath('//section[@id="withdrawal"]')[0].text_content()
    refused = police.post(f"/dossiers/{dossier_id}/withdraw", data={"withdrawal_reason": "Lập nhầm."})
    assert refused.status_code == 409 and "«Kiểm tra, đối chiếu hồ sơ đề nghị»" in text_of(refused)
    # The typed reason comes back in the refusal page, nothing is lost.
    assert page(refused).xpath('//textarea[@name="withdrawal_reason"]/text()') == ["Lập nhầm."]


def test_notes_from_the_page_are_shown_to_every_agency_of_the_dossier(web):
    dossier_id = to_labour_office(web)
    labour = web.client("labour_office")
    long_note = "x" * 2001
    refused = labour.post(f"/dossiers/{dossier_id}/notes", data={"note": long_note})
    assert refused.status_code == 400 and "Không được dài quá 2000 ký tự." in text_of(refused)
    assert page(refused).xpath('//textarea[@name="note"]/text()') == [long_note]
    done = labour.post(f"/dossiers/{dossier_id}/notes", data={"note": "Đã gọi điện cho Công an xã."})
    assert done.status_code == 302
    timeline = page(web.client("commune_police_1").get(f"/dossiers/{dossier_id}")).xpath('//ol[@id="timeline"]')[0]
    assert "Đã gọi điện cho Công an xã." in timeline.xpath(".//blockquote")[0].text_content()
    assert web.client("commune_police_2").post(f"/dossiers/{dossier_id}/notes", data={"note": "x"}).status_code == 403


def test_a_scan_is_replaced_from_the_dossier_page(web):
    dossier_id = web.open()
    police = web.client("commune_police_1")
    police.post(
        f"/dossiers/{dossier_id}/attachments",
        data={"document_code": "mau_31", "file": (BytesIO(SCAN), "mo.pdf")},
        content_type="multipart/form-data",
    )
    with web.backend.read_session() as session:
        old = session.scalars(select(Attachment)).one().id
    assert page(police.get(f"/dossiers/{dossier_id}")).xpath(f'//tr[@data-attachment-id="{old}"]//details')
    assert not page(web.client("commune_committee_1").get(f"/dossiers/{dossier_id}")).xpath(
        f'//tr[@data-attachment-id="{old}"]//details'
    )
    replaced = police.post(
        f"/dossiers/{dossier_id}/attachments/{old}/replace",
        data={"scan_reason": "Bản quét mờ.", "file": (BytesIO(SCAN + b"\n"), "ro.pdf")},
        content_type="multipart/form-data",
    )
    assert replaced.status_code == 302
    rows = page(police.get(f"/dossiers/{dossier_id}")).xpath('//table[@id="attachments"]/tbody/tr')
    statuses = {row.get("data-attachment-id"): " ".join(row.text_content().split()) for row in rows}
    assert "Đã thay" in statuses[str(old)] and "Bản quét mờ." in statuses[str(old)]
    assert "Đang dùng" in statuses[str(old + 1)]


def test_print_buttons_only_where_the_document_can_be_printed_and_drafts_before(web):
    dossier_id = web.open()
    task = web.task(dossier_id, "record_violation")
    police = web.client("commune_police_1")
    row = page(police.get(f"/dossiers/{dossier_id}")).xpath('//tr[@data-document="mau_27"]')[0]
    assert not row.xpath(".//button") and "Chưa in được: còn thiếu" in row.text_content()
    draft = police.post(f"/tasks/{task.id}/draft/mau_27", data=form("record_violation"))
    assert draft.status_code == 200 and draft.mimetype == "application/pdf"
    assert task_row(web, task.id).state == "open"
    assert police.post(f"/tasks/{task.id}/draft/mau_29", data={}).status_code == 404
    assert web.client("labour_office").post(f"/tasks/{task.id}/draft/mau_27", data={}).status_code == 403
    web.advance(dossier_id, "record_violation")
    row = page(police.get(f"/dossiers/{dossier_id}")).xpath('//tr[@data-document="mau_27"]')[0]
    assert texts(row.xpath(".//button")) == ["In văn bản"]


def test_the_waiting_view_says_what_each_dossier_waits_for(web):
    dossier_id = web.open()
    web.advance(dossier_id, *PREPARATION)
    police = web.client("commune_police_1")
    dossier_page = page(police.get(f"/dossiers/{dossier_id}"))
    [wait] = texts(dossier_page.xpath('//section[@id="waits"]//p[@class="wait"]'))
    assert wait.startswith("Đang chờ hết thời hạn đọc hồ sơ (03 ngày làm việc), hết ngày 24/02/2026; sau đó Công an Xã")
    waiting = page(police.get("/waiting"))
    [row] = waiting.xpath(f'//table[@id="waiting-dossiers"]//tr[@data-dossier-id="{dossier_id}"]')
    assert "hết ngày 24/02/2026" in row.text_content()
    web.travel("2026-02-25 08:00")
    web.advance(dossier_id, "timer", "send_to_labour_office")
    [row] = page(police.get("/waiting")).xpath(f'//tr[@data-dossier-id="{dossier_id}"]')
    assert "Đang chờ Phòng Lao động" in row.text_content()
    labour = page(web.client("labour_office").get("/waiting"))
    assert not labour.xpath(f'//tr[@data-dossier-id="{dossier_id}"]')  # it is theirs to act on


def test_impossible_years_and_future_acts_are_a_400_naming_the_field(web):
    dossier_id = web.open()
    task = web.task(dossier_id, "record_violation")
    police = web.client("commune_police_1")
    for value in ("31/12/9999", "01/01/0001", "9999-12-31"):
        refused = police.post(f"/tasks/{task.id}", data=form("record_violation", recorded_on=value))
        assert refused.status_code == 400, value
        errors = page(refused).xpath('//div[@id="field-recorded_on"]//p[@class="field-error"]/text()')
        assert errors == ["Ngày không hợp lý: phải từ 01/01/2022 đến 31/12/2100."], value
    ahead = police.post(f"/tasks/{task.id}", data=form("record_violation", recorded_on="11/04/2026"))
    assert ahead.status_code == 400
    assert "Không được sau ngày hôm nay (10/02/2026)" in text_of(ahead)
    assert task_row(web, task.id).state == "open"
    opened = police.post(
        "/dossiers/new?procedure=compulsory_rehab",
        data={
            "person_name": "Vũ Văn Năm",
            "person_birth_date": "9999-01-01",
            "residence": "Thôn 1",
            "commune_code": web.directory.communes[0],
            "discovered_on": "2026-02-09",
            "ground": "no_registration",
            "stable_residence": "true",
        },
    )
    assert opened.status_code == 400 and "Ngày không hợp lý" in text_of(opened)


def test_the_head_gives_a_claimed_task_to_another_officer_from_its_page(web):
    dossier_id = web.open()
    task = web.task(dossier_id, "record_violation")
    with web.backend.write_session() as session:
        model = session.get(User, web.user("commune_police_1"))
        head = User(
            username="ca.anbinh.lanhdao",
            password_hash=model.password_hash,
            full_name="Trưởng Công an xã An Bình",
            agency_id=model.agency_id,
            is_head=True,
        )
        session.add(head)
        session.commit()
        head_id = head.id
    police = web.client("commune_police_1")
    police.post(f"/tasks/{task.id}/claim")
    assert not page(police.get(f"/tasks/{task.id}")).xpath('//form[@id="reassign-form"]')
    boss = web.app.test_client()
    assert boss.post("/login", data={"username": "ca.anbinh.lanhdao", "password": "matkhau123"}).status_code == 302
    shown = page(boss.get(f"/tasks/{task.id}"))
    assert shown.xpath('//form[@id="reassign-form"]//option/text()')
    done = boss.post(f"/tasks/{task.id}/reassign", data={"officer_id": head_id})
    assert done.status_code == 302 and task_row(web, task.id).claimed_by_id == head_id
    assert "Bỏ nhận" in text_of(boss.get(f"/tasks/{task.id}"))
    refused = police.post(f"/tasks/{task.id}/reassign", data={"officer_id": web.user("commune_police_1")})
    assert refused.status_code == 403


def test_the_verification_page_says_a_reprinted_document_is_no_longer_valid(web):
    dossier_id = web.open()
    web.advance(dossier_id, "record_violation")
    police = web.client("commune_police_1")
    police.post(f"/dossiers/{dossier_id}/documents/mau_27")
    with web.backend.read_session() as session:
        first = session.scalar(select(IssuedDocument.token))
    visitor = web.client()
    assert "Bản in có hiệu lực" in text_of(visitor.get(f"/verify/{first}"))
    police.post(f"/dossiers/{dossier_id}/documents/mau_27")
    shown = text_of(visitor.get(f"/verify/{first}"))
    assert "Bản in này không còn hiệu lực" in shown and "đã được thay bằng bản in lúc" in shown
    rows = page(police.get(f"/dossiers/{dossier_id}")).xpath('//table[@id="issued-documents"]/tbody/tr')
    assert [row.get("class") for row in rows] == [None, "superseded"]  # newest first
