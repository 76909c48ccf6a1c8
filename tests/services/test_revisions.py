"""The dossier as shared, revisable work (issue 12): corrections before the next step,
withdrawal before another agency acts, scans replaced and withdrawn, reprints that
supersede, notes, a head's reassignment, drafts, what can be printed now, the record
other agencies read and the waits the dossier page names. Calendar: see test_process."""

from datetime import date, datetime
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from demo.scan import SAMPLE_SCAN as SCAN
from demo.steps import ACTOR, PREPARATION, data
from engine import Conflict, Forbidden, ValidationFailed
from engine.checklist import present
from engine.clock import VN_TZ
from engine.persistence.audit import chain_is_intact
from engine.persistence.tables import (
    Attachment,
    AuditEvent,
    Dossier,
    IssuedDocument,
    OutboxMessage,
    ProcessInstance,
    Task,
    User,
)
from support.chain_walks import child_of, to_labour_office, walk_compulsory_to_admission

BASE_URL = "http://127.0.0.1:5000"


def step(world, dossier_id, bpmn_id, **overrides) -> Task:
    return world.complete(ACTOR[bpmn_id], dossier_id, bpmn_id, data(bpmn_id, **overrides))


def events(world, dossier_id, action) -> list[AuditEvent]:
    with world.backend.read_session() as session:
        return list(
            session.scalars(select(AuditEvent).where(AuditEvent.dossier_id == dossier_id, AuditEvent.action == action))
        )


def audit_total(world) -> int:
    with world.backend.read_session() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent))


def colleague(world, key: str, *, head: bool, name: str) -> int:
    """Another officer of `key`'s agency (the test directory has one per agency)."""
    with world.backend.write_session() as session:
        model = session.get(User, world.user(key))
        officer = User(
            username=f"{model.username}.{'lanhdao' if head else 'canbo2'}",
            password_hash=model.password_hash,
            full_name=name,
            email=f"{model.username}.x@example.invalid",
            agency_id=model.agency_id,
            is_head=head,
        )
        session.add(officer)
        session.commit()
        return officer.id


def pdf_text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


# ----- corrections --------------------------------------------------------------------


def test_a_step_is_corrected_before_the_next_starts_and_the_trail_keeps_both(world):
    dossier_id = world.open()
    recorded = step(world, dossier_id, "record_violation")
    following = world.task(dossier_id, "prepare_dossier")
    police = world.user("commune_police_1")
    world.backend.corrections.correct(
        police,
        recorded.id,
        data("record_violation", record_number="02/BB-VPHC"),
        "Ghi nhầm số biên bản.",
    )
    [event] = events(world, dossier_id, "step_corrected")
    assert event.task_id == recorded.id and event.data["reason"] == "Ghi nhầm số biên bản."
    assert event.data["changes"] == {"record_number": {"old": "01/BB-VPHC", "new": "02/BB-VPHC"}}
    # The next step stays the same task (same id, same deadline), now fed by the corrected data.
    again = world.task(dossier_id, "prepare_dossier")
    assert (again.id, again.deadline_on) == (following.id, following.deadline_on)
    record = world.backend.queries.dossier_record(world.user("commune_committee_1"), dossier_id)
    assert dict(record[0].fields)["Số biên bản vi phạm (Mẫu số 27)"] == "02/BB-VPHC"
    assert record[0].corrected_at == event.created_at
    with world.backend.read_session() as session:
        assert chain_is_intact(session, dossier_id)


def test_a_corrected_notice_moves_the_reading_period_and_its_wait(world):
    dossier_id = world.open()
    for bpmn_id in PREPARATION:
        notice = step(world, dossier_id, bpmn_id)
    waits = world.backend.queries.dossier_waits(world.user("commune_police_1"), dossier_id).waits
    # Received Thu 12/02: 03 working days 13, 23, 24/02 (Tết between).
    assert [wait.text for wait in waits] == [
        "Đang chờ hết thời hạn đọc hồ sơ (03 ngày làm việc), hết ngày 24/02/2026; "
        "sau đó Công an Xã An Bình gửi văn bản đề nghị kèm hồ sơ đến Phòng LĐTBXH cấp huyện"
    ]
    world.travel("2026-02-13 10:00")
    world.backend.corrections.correct(
        world.user("commune_police_1"),
        notice.id,
        data("notify_person", notice_received_on="2026-02-13"),
        "Người bị đề nghị nhận thông báo ngày 13/02.",
    )
    [wait] = world.backend.queries.dossier_waits(world.user("commune_police_1"), dossier_id).waits
    assert "hết ngày 25/02/2026" in wait.text
    [event] = events(world, dossier_id, "step_corrected")
    assert event.data["changes"]["notice_received_on"] == {"old": "2026-02-12", "new": "2026-02-13"}


def test_a_correction_after_the_next_step_started_is_refused_with_the_step(world):
    dossier_id = world.open()
    recorded = step(world, dossier_id, "record_violation")
    police = world.user("commune_police_1")
    world.backend.tasks.claim(police, world.task(dossier_id, "prepare_dossier").id)
    with pytest.raises(Conflict) as claimed:
        world.backend.corrections.correct(police, recorded.id, data("record_violation"), "Sửa.")
    assert "«Lập hồ sơ đề nghị" in claimed.value.message and "nhận xử lý" in claimed.value.message
    step(world, dossier_id, "prepare_dossier")
    before = audit_total(world)
    with pytest.raises(Conflict) as done:
        world.backend.corrections.correct(police, recorded.id, data("record_violation", record_number="09/BB"), "Sửa.")
    assert "bước tiếp theo «Lập hồ sơ đề nghị" in done.value.message and "hoàn thành lúc" in done.value.message
    assert audit_total(world) == before
    assert events(world, dossier_id, "step_corrected") == []


def test_a_correction_is_checked_like_the_step_and_needs_a_reason(world):
    dossier_id = world.open()
    recorded = step(world, dossier_id, "record_violation")
    police = world.user("commune_police_1")
    with pytest.raises(ValidationFailed) as no_reason:
        world.backend.corrections.correct(police, recorded.id, data("record_violation", record_number="03/BB"), "")
    assert no_reason.value.errors == {"correction_reason": ["Phải ghi lý do: lý do được lưu vào nhật ký hồ sơ."]}
    with pytest.raises(ValidationFailed) as early:
        world.backend.corrections.correct(
            police, recorded.id, data("record_violation", recorded_on="2026-02-08"), "Ngày lập sai."
        )
    [message] = early.value.errors["recorded_on"]
    assert "«Ngày phát hiện" in message and "09/02/2026" in message
    with pytest.raises(ValidationFailed) as unchanged:
        world.backend.corrections.correct(police, recorded.id, data("record_violation"), "Không đổi gì.")
    assert "không thay đổi" in unchanged.value.errors["_schema"][0]
    assert events(world, dossier_id, "step_corrected") == []


def test_only_the_officer_who_did_the_step_or_the_head_corrects_it(world):
    dossier_id = world.open()
    recorded = step(world, dossier_id, "record_violation")
    other = colleague(world, "commune_police_1", head=False, name="Cán bộ thứ hai")
    head = colleague(world, "commune_police_1", head=True, name="Trưởng Công an xã")
    with pytest.raises(Forbidden):
        world.backend.corrections.correct(other, recorded.id, data("record_violation", place="Nhà văn hóa"), "Sửa.")
    with pytest.raises(Forbidden):
        world.backend.corrections.correct(
            world.user("labour_office"), recorded.id, data("record_violation", place="Nhà văn hóa"), "Sửa."
        )
    world.backend.corrections.correct(head, recorded.id, data("record_violation", place="Nhà văn hóa"), "Sửa nơi lập.")
    assert [e.actor_id for e in events(world, dossier_id, "step_corrected")] == [head]


def test_prints_from_corrected_data_lose_their_validity_and_reprints_supersede(world):
    dossier_id = world.open()
    recorded = step(world, dossier_id, "record_violation")
    police = world.user("commune_police_1")
    first, _ = world.backend.documents.issue(police, dossier_id, "mau_27", BASE_URL)
    second, _ = world.backend.documents.issue(police, dossier_id, "mau_27", BASE_URL)
    with world.backend.read_session() as session:
        old = session.get(IssuedDocument, first)
        assert (old.superseded_by_id, old.superseded_reason) == (second, "Đã in lại")
        token = old.token
    shown = world.backend.queries.verification(token)
    assert shown.superseded_at is not None and shown.replaced_at is not None
    world.backend.corrections.correct(police, recorded.id, data("record_violation", record_number="05/BB"), "Sai số.")
    with world.backend.read_session() as session:
        latest = session.get(IssuedDocument, second)
        assert latest.superseded_at is not None and latest.superseded_by_id is None
        assert "Lập biên bản vi phạm" in latest.superseded_reason
        assert present(session, dossier_id, ("mau_27",)) == set()  # a reprint is needed
    revisions = world.backend.queries.revisions(police, dossier_id)
    assert revisions.reprint == frozenset({"mau_27"})
    [event] = events(world, dossier_id, "documents_superseded")
    assert event.data["codes"] == ["mau_27"]
    _, reprinted = world.backend.documents.issue(police, dossier_id, "mau_27", BASE_URL)
    assert "05/BB" in pdf_text(reprinted)
    assert world.backend.queries.revisions(police, dossier_id).reprint == frozenset()


# ----- withdrawal ---------------------------------------------------------------------


def test_a_dossier_opened_by_mistake_is_withdrawn_with_its_reason(world):
    dossier_id = world.open()
    step(world, dossier_id, "record_violation")
    police = world.user("commune_police_1")
    with pytest.raises(ValidationFailed) as no_reason:
        world.backend.corrections.withdraw(police, dossier_id, "  ")
    assert "withdrawal_reason" in no_reason.value.errors
    with pytest.raises(Forbidden):
        world.backend.corrections.withdraw(world.user("commune_committee_1"), dossier_id, "Không phải việc của xã.")
    world.backend.corrections.withdraw(police, dossier_id, "Lập nhầm người (trùng tên).")
    with world.backend.read_session() as session:
        dossier = session.get(Dossier, dossier_id)
        assert (dossier.outcome, dossier.current_step) == ("withdrawn", "Đã rút hồ sơ")
        states = session.scalars(select(Task.state).where(Task.dossier_id == dossier_id)).all()
        assert sorted(states) == ["cancelled", "completed"]
        instance = session.scalars(select(ProcessInstance).where(ProcessInstance.dossier_id == dossier_id)).one()
        assert instance.status == "cancelled"
    [event] = events(world, dossier_id, "dossier_withdrawn")
    assert event.data == {"reason": "Lập nhầm người (trùng tên)."}
    assert world.open_tasks(dossier_id) == []


def test_a_withdrawal_after_another_agency_acted_is_refused(world):
    dossier_id = to_labour_office(world)
    police = world.user("commune_police_1")
    assert world.backend.queries.revisions(police, dossier_id).may_withdraw
    step(world, dossier_id, "appraise_dossier")
    with pytest.raises(Conflict) as refused:
        world.backend.corrections.withdraw(police, dossier_id, "Lập nhầm.")
    assert "Phòng Lao động" in refused.value.message or "LĐTBXH" in refused.value.message
    assert "«Kiểm tra, đối chiếu hồ sơ đề nghị»" in refused.value.message
    revisions = world.backend.queries.revisions(police, dossier_id)
    assert not revisions.may_withdraw and revisions.withdrawal_refusal == refused.value.message
    assert events(world, dossier_id, "dossier_withdrawn") == []


# ----- scans, notes, reassignment -----------------------------------------------------


def test_a_scan_is_replaced_or_withdrawn_and_the_old_one_kept(world):
    dossier_id = world.open()
    police = world.user("commune_police_1")
    first = world.backend.documents.attach(police, dossier_id, "mau_31", "tuong-trinh.pdf", SCAN)
    with pytest.raises(ValidationFailed) as no_reason:
        world.backend.documents.replace_scan(police, dossier_id, first, "", "moi.pdf", SCAN + b"\n")
    assert "scan_reason" in no_reason.value.errors
    with pytest.raises(Forbidden):
        world.backend.documents.withdraw_scan(world.user("commune_committee_1"), dossier_id, first, "Không rõ.")
    second = world.backend.documents.replace_scan(police, dossier_id, first, "Bản quét mờ.", "moi.pdf", SCAN + b"\n")
    with world.backend.read_session() as session:
        old, new = session.get(Attachment, first), session.get(Attachment, second)
        assert (old.superseded_by_id, old.superseded_reason, new.superseded_at) == (second, "Bản quét mờ.", None)
        assert old.content == SCAN and new.document_code == "mau_31"
        assert present(session, dossier_id, ("mau_31",)) == {"mau_31"}
    with pytest.raises(Conflict):
        world.backend.documents.withdraw_scan(police, dossier_id, first, "Đã thay rồi.")
    world.backend.documents.withdraw_scan(police, dossier_id, second, "Nhầm hồ sơ.")
    with world.backend.read_session() as session:
        assert present(session, dossier_id, ("mau_31",)) == set()
        assert session.scalar(select(func.count()).select_from(Attachment)) == 2  # nothing deleted
    assert [e.action for e in events(world, dossier_id, "attachment_replaced")] == ["attachment_replaced"]
    assert events(world, dossier_id, "attachment_withdrawn")[0].data["reason"] == "Nhầm hồ sơ."


def test_notes_are_audited_shown_and_change_no_date(world):
    dossier_id = world.open()
    before = [(t.id, t.deadline_on) for t in world.open_tasks(dossier_id)]
    with pytest.raises(ValidationFailed) as empty:
        world.backend.notes.add(world.user("commune_committee_1"), dossier_id, "   ")
    assert empty.value.errors == {"note": ["Ghi chú không được để trống."]}
    world.backend.notes.add(world.user("commune_committee_1"), dossier_id, "Gia đình xin gặp cán bộ.\nĐã hẹn thứ Năm.")
    with pytest.raises(Forbidden):
        world.backend.notes.add(world.user("commune_police_2"), dossier_id, "Không thuộc địa bàn.")
    [event] = events(world, dossier_id, "note_added")
    assert event.summary == "Ghi chú: Gia đình xin gặp cán bộ."
    assert event.data["note"] == "Gia đình xin gặp cán bộ.\nĐã hẹn thứ Năm."
    timeline = world.backend.queries.dossier(world.user("commune_police_1"), dossier_id).timeline
    assert [entry.action for entry in timeline].count("note_added") == 1
    assert [(t.id, t.deadline_on) for t in world.open_tasks(dossier_id)] == before


def test_the_head_takes_over_or_reassigns_a_claimed_task_and_the_officer_is_told(world):
    dossier_id = world.open()
    task = world.task(dossier_id, "record_violation")
    police = world.user("commune_police_1")
    other = colleague(world, "commune_police_1", head=False, name="Cán bộ thứ hai")
    head = colleague(world, "commune_police_1", head=True, name="Trưởng Công an xã")
    world.backend.tasks.claim(police, task.id)
    with pytest.raises(Forbidden):
        world.backend.tasks.reassign(other, task.id, other, BASE_URL)
    with pytest.raises(ValidationFailed):
        world.backend.tasks.reassign(head, task.id, world.user("labour_office"), BASE_URL)
    world.backend.tasks.reassign(head, task.id, other, BASE_URL)
    assert world.task(dossier_id, "record_violation").claimed_by_id == other
    with world.backend.read_session() as session:
        told = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert {message.recipient_id for message in told} == {police, other}
    world.backend.tasks.reassign(head, task.id, head, BASE_URL)
    assert world.task(dossier_id, "record_violation").claimed_by_id == head
    summaries = [e.summary for e in events(world, dossier_id, "task_reassigned")]
    assert summaries[0].startswith("Giao nhiệm vụ cho Cán bộ thứ hai") and "trước đó do" in summaries[0]
    assert summaries[1].startswith("Lãnh đạo nhận lại nhiệm vụ")


# ----- printing when it can be done ---------------------------------------------------


def test_a_draft_is_printed_from_what_is_typed_and_not_kept(world):
    dossier_id = world.open()
    task = world.task(dossier_id, "record_violation")
    police = world.user("commune_police_1")
    ready = {line.code: line for line in world.backend.printing.readiness(police, dossier_id)}
    assert not ready["mau_27"].printable and ready["mau_27"].missing
    pdf = world.backend.printing.draft(
        police, task.id, "mau_27", {"record_number": "07/BB-VPHC", "recorded_on": "10/02/2026"}
    )
    text = pdf_text(pdf)
    assert "BẢN NHÁP" in text and "07/BB-VPHC" in text
    with world.backend.read_session() as session:
        assert session.scalar(select(func.count()).select_from(IssuedDocument)) == 0
    [event] = events(world, dossier_id, "document_draft_printed")
    assert event.data == {"code": "mau_27"}  # never the typed data
    with pytest.raises(Forbidden):
        world.backend.printing.draft(world.user("labour_office"), task.id, "mau_27", {})
    step(world, dossier_id, "record_violation")
    ready = {line.code: line for line in world.backend.printing.readiness(police, dossier_id)}
    assert ready["mau_27"].printable


def test_the_completion_certificate_mau_46_prints_at_the_end_of_the_term(world):
    dossier_id = world.open()
    walk_compulsory_to_admission(world, dossier_id)
    term = child_of(world, dossier_id)
    world.travel("2027-02-26 09:00")
    world.complete("rehab_facility", term.id, "notify_term_end", data("notify_term_end"))
    world.complete("rehab_facility", term.id, "issue_completion_certificate", data("issue_completion_certificate"))
    facility = world.user("rehab_facility")
    ready = {line.code: line for line in world.backend.printing.readiness(facility, term.id)}
    assert ready["mau_46"].printable, ready["mau_46"].missing
    _, pdf = world.backend.documents.issue(facility, term.id, "mau_46", BASE_URL)
    text = " ".join(pdf_text(pdf).split())
    assert "GIẤY CHỨNG NHẬN" in text and "CƠ SỞ CAI NGHIỆN MA TÚY TỈNH MINH HỌA" in text.upper()


# ----- the shared record, waits, dates ------------------------------------------------


def test_commune_police_read_what_the_court_decided(world):
    dossier_id = world.open()
    walk_compulsory_to_admission(world, dossier_id)
    record = world.backend.queries.dossier_record(world.user("commune_police_1"), dossier_id)
    decision = next(step for step in record if step.bpmn_id == "hold_session")
    fields = dict(decision.fields)
    assert decision.agency_name == "Tòa án nhân dân Huyện Minh Họa"
    assert fields["Số quyết định"] == data("hold_session")["decision_number"]
    assert fields["Thời hạn áp dụng (tháng)"] == "12"
    assert fields["Cơ sở cai nghiện bắt buộc"] == "Cơ sở cai nghiện ma túy tỉnh Minh Họa"
    assert decision.recorded_by and isinstance(decision.recorded_at, datetime)
    with pytest.raises(Forbidden):
        world.backend.queries.dossier_record(world.user("commune_police_2"), dossier_id)


def test_the_return_reason_is_repeated_on_the_supplement_task(world):
    dossier_id = to_labour_office(world)
    step(
        world,
        dossier_id,
        "appraise_dossier",
        appraisal_result="invalid",
        letter_number=None,
        proposed_facility=None,
        missing_items="Thiếu bản tường trình.",
        return_number="03/LĐTBXH",
    )
    supplement = world.task(dossier_id, "supplement_dossier")
    shown = world.backend.queries.task_page(world.user("commune_police_1"), supplement.id)
    [answered] = shown.answers
    assert answered.bpmn_id == "appraise_dossier"
    assert ("Tài liệu còn thiếu, cần bổ sung", "Thiếu bản tường trình.") in answered.fields


def test_no_open_task_of_the_demo_police_accepts_an_act_sixty_days_ahead(world):
    """Every date an act carries is refused in the future, naming today (Vietnam time)."""
    dossier_id = world.open()
    ahead = date(2026, 4, 11).isoformat()  # 60 days after Tue 10/02/2026
    task = world.task(dossier_id, "record_violation")
    with pytest.raises(ValidationFailed) as refused:
        world.backend.tasks.complete(
            world.user("commune_police_1"), task.id, data("record_violation", recorded_on=ahead)
        )
    today = datetime.now(VN_TZ).strftime("%d/%m/%Y")
    assert refused.value.errors == {
        "recorded_on": [f"Không được sau ngày hôm nay ({today}): ngày của việc đã thực hiện không thể ở tương lai."]
    }
    assert world.task(dossier_id, "record_violation").state == "open"


def test_the_proposal_is_addressed_and_the_background_record_filled(world):
    """Mẫu 29 names its recipient (the labour office of the dossier) and the place of the
    issuing commune; Mẫu 30 prints what the preparation captured; both are signed by the
    officer who recorded the step."""
    dossier_id = world.open()
    step(world, dossier_id, "record_violation")
    step(
        world,
        dossier_id,
        "prepare_dossier",
        gender="female",
        ethnicity="Kinh",
        nationality="Việt Nam",
        occupation="Lao động tự do",
        father_name="Nguyễn Văn Tư",
        mother_name="Trần Thị Năm",
    )
    police = world.user("commune_police_1")
    proposal = pdf_text(world.backend.documents.issue(police, dossier_id, "mau_29", BASE_URL)[1])
    assert "Kính gửi: Phòng Lao động - Thương binh và Xã hội Huyện Minh Họa" in proposal
    assert "An Bình, ngày 10 tháng 02 năm 2026" in proposal
    assert "CÔNG AN HUYỆN MINH HỌA" in proposal and "Cán bộ Công an Xã An Bình" in proposal
    background = pdf_text(world.backend.documents.issue(police, dossier_id, "mau_30", BASE_URL)[1])
    for printed in (
        "Giới tính: Nữ",
        "Dân tộc: Kinh; Quốc tịch: Việt Nam",
        "Nghề nghiệp: Lao động tự do",
        "Họ và tên cha: Nguyễn Văn Tư; Họ và tên mẹ: Trần Thị Năm",
    ):
        assert printed in background, printed


def test_a_term_dossier_shows_its_start_its_end_and_the_notices_before_it(world):
    dossier_id = world.open()
    walk_compulsory_to_admission(world, dossier_id)
    term = child_of(world, dossier_id)
    shown = world.backend.queries.dossier_waits(world.user("rehab_facility"), term.id).term
    # Admitted 16/03/2026 for 12 months; the notice at the latest 15 days before the end.
    assert (shown.starts_on, shown.ends_on) == (date(2026, 3, 16), date(2027, 3, 16))
    notice = next(n for n in shown.notices if n.name.startswith("Thông báo"))
    assert notice.due == "chậm nhất ngày 01/03/2027" and notice.done_at is None
    assert "Nghị định 116/2021/NĐ-CP" in notice.legal_basis


def test_an_appraisal_is_judged_by_the_date_of_its_letter_not_by_when_it_was_recorded(world):
    dossier_id = to_labour_office(world)
    appraisal = world.task(dossier_id, "appraise_dossier")
    assert appraisal.deadline_on == date(2026, 2, 27)  # 02 working days from 25/02
    world.travel("2026-03-04 10:00")  # recorded a week late
    step(world, dossier_id, "appraise_dossier", appraised_on="2026-02-26")
    lines = world.backend.queries.dossier(world.user("commune_police_1"), dossier_id).tasks
    line = next(line for line in lines if line.task.id == appraisal.id)
    assert line.met is True
    with world.backend.read_session() as session:
        assert session.get(Task, appraisal.id).act_at.astimezone(VN_TZ).date() == date(2026, 2, 26)
