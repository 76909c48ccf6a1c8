"""Every path of workflows/compulsory_rehab_2026_07.bpmn (Regime D, adults: Điều 35, 37 Luật
120/2025/QH15; Điều 98–102 Nghị định 163/2026/NĐ-CP) walked through the engine with the
real regime table, each task's agency and legal deadline checked against a date computed
by hand.

Calendar facts used (December 2026): weekends off, no public holiday; 01/01/2027 (Friday)
is a day off. The dossier is opened by Công an Phường Hòa Bình (two-tier province), whose
regional court is Tòa án nhân dân khu vực 2; the person was discovered on Friday
04/12/2026."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from demo.regime_d import ACTOR, FORM_DATA
from demo.regime_d.adult import COURT, FACILITY
from engine import ValidationFailed
from engine.persistence.tables import AuditEvent, Dossier, DossierParty, ProcessInstance, Task
from forms import form_fields

PROCESS = "compulsory_rehab_2026_07"
D = date


@pytest.fixture
def world(regime_world):
    regime_world.travel("2026-12-04 09:00")
    return regime_world


def data(bpmn_id: str, **overrides) -> dict:
    payload = {**FORM_DATA[PROCESS][bpmn_id], **overrides}
    return {key: value for key, value in payload.items() if value is not None}


def step(world, dossier_id: int, bpmn_id: str, **overrides) -> Task:
    return world.complete(ACTOR[PROCESS][bpmn_id], dossier_id, bpmn_id, data(bpmn_id, **overrides))


def open_dossier(world, discovered_on: str = "2026-12-04") -> int:
    """Opened through the service, as the officer of Công an Phường Hòa Bình does it."""
    return world.open_recognising(
        world.user("commune_police_3"),
        world.as_form_of(
            {
                "person_name": "Lê Văn Tâm",
                "person_birth_date": "1995-03-12",
                "id_number": "001095004321",
                "residence": "Khu phố 3, phường Hòa Bình, Tỉnh Minh Họa Mới",
                "commune_code": "DEMO-X11",
                "discovered_on": discovered_on,
                "ground": "no_registration",
                "stable_residence": True,
            }
        ),
    )


def dossier(world, dossier_id: int) -> Dossier:
    with world.backend.read_session() as session:
        return session.get(Dossier, dossier_id)


def children(world, dossier_id: int) -> list[Dossier]:
    with world.backend.read_session() as session:
        return list(session.scalars(select(Dossier).where(Dossier.parent_id == dossier_id)))


def task_row(world, dossier_id: int, bpmn_id: str) -> Task:
    """The latest row of a step, whatever its state."""
    with world.backend.read_session() as session:
        return session.scalars(
            select(Task).where(Task.dossier_id == dossier_id, Task.bpmn_id == bpmn_id).order_by(Task.id.desc())
        ).first()


def assert_task(world, dossier_id, bpmn_id, agency, deadline, parameter, status="UNVERIFIED"):
    task = world.task(dossier_id, bpmn_id)
    assert task.agency_id == world.directory.agencies[agency], (bpmn_id, task.role)
    assert (task.deadline_on, task.deadline_parameter, task.deadline_status) == (deadline, parameter, status)
    return task


def to_court(world) -> int:
    """Open on Fri 04/12, prepare, hand over, notify on Mon 07/12, pass the reading period
    (fires on Fri 11/12 08:00) and transfer; court_intake is open."""
    dossier_id = open_dossier(world)
    step(world, dossier_id, "record_violation")
    step(world, dossier_id, "prepare_dossier")
    world.travel("2026-12-04 17:00")
    step(world, dossier_id, "decide_interim_management")
    world.travel("2026-12-07 10:00")
    step(world, dossier_id, "notify_person")
    world.travel("2026-12-11 08:00")
    assert world.backend.timers.fire_due() == 1
    step(world, dossier_id, "transfer_to_court")
    return dossier_id


def to_session_order(world) -> int:
    """Accepted on Mon 14/12, notice on Tue 15/12; order_session is open on 15/12."""
    dossier_id = to_court(world)
    world.travel("2026-12-14 09:00")
    step(world, dossier_id, "court_intake")
    world.travel("2026-12-15 09:00")
    step(world, dossier_id, "notify_acceptance")
    return dossier_id


def to_complaint_window(world, **decision) -> int:
    """Session ordered on Wed 16/12, decision on Mon 21/12 10:30, sent on Tue 22/12."""
    dossier_id = to_session_order(world)
    world.travel("2026-12-16 09:00")
    step(world, dossier_id, "order_session")
    world.travel("2026-12-21 11:00")
    step(world, dossier_id, "hold_session", **decision)
    world.travel("2026-12-22 16:00")
    step(world, dossier_id, "send_decision")
    return dossier_id


def pass_complaint_window(world, dossier_id: int) -> None:
    # 05 working days from Mon 21/12: 22, 23, 24, 25, Mon 28/12; the timer is 29/12 00:00.
    assert world.task(dossier_id, "track_complaints").deadline_on == D(2026, 12, 28)
    world.travel("2026-12-28 23:59")
    assert world.backend.timers.fire_due() == 0
    world.travel("2026-12-29 08:00")
    assert world.backend.timers.fire_due() == 1
    assert task_row(world, dossier_id, "track_complaints").state == "cancelled"


def execution_payload(world, dossier_id: int) -> tuple[Dossier, dict]:
    [child] = children(world, dossier_id)
    with world.backend.read_session() as session:
        opened = session.scalars(
            select(AuditEvent).where(AuditEvent.dossier_id == child.id, AuditEvent.action == "dossier_opened")
        ).one()
    payload = dict(opened.data)
    assert payload.pop("parent") == dossier(world, dossier_id).number
    return child, payload


def test_applied_path_from_discovery_to_the_execution_message(world):
    dossier_id = open_dossier(world)
    opened = dossier(world, dossier_id)
    assert (opened.kind, opened.regime, opened.process_id) == ("compulsory_rehab", "D", PROCESS)

    # NĐ 163 Art. 100(1): 01 working day from the discovery on Fri 04/12 → Mon 07/12.
    first = assert_task(
        world, dossier_id, "record_violation", "commune_police_3", D(2026, 12, 7), "dossier_preparation_d", "V1"
    )
    assert first.deadline_from_on == D(2026, 12, 4)
    step(world, dossier_id, "record_violation")
    assert_task(world, dossier_id, "prepare_dossier", "commune_police_3", D(2026, 12, 7), "dossier_preparation_d", "V1")
    step(world, dossier_id, "prepare_dossier")
    # Interim management (Law Art. 37, NĐ 163 Art. 98): no figure in the texts.
    assert_task(
        world, dossier_id, "decide_interim_management", "commune_police_3", None, "interim_management_decision_d"
    )
    world.travel("2026-12-04 17:00")
    step(world, dossier_id, "decide_interim_management")
    # The notice Mẫu 37: "sau khi hoàn thành hồ sơ", no figure.
    assert_task(world, dossier_id, "notify_person", "commune_police_3", None, "dossier_notice_d")
    world.travel("2026-12-07 10:00")
    step(world, dossier_id, "notify_person")

    # Reading period: 03 working days from receipt on Mon 07/12: 08, 09, Thu 10/12.
    assert world.open_tasks(dossier_id) == []
    with world.backend.read_session() as session:
        instance = session.scalars(select(ProcessInstance).where(ProcessInstance.dossier_id == dossier_id)).one()
    assert instance.next_timer_at.isoformat() == "2026-12-10T17:00:00+00:00"  # 11/12 00:00 in Vietnam
    world.travel("2026-12-10 23:59")
    assert world.backend.timers.fire_due() == 0
    world.travel("2026-12-11 08:00")
    assert world.backend.timers.fire_due() == 1
    # Transfer: 01 working day after the reading period ends on Thu 10/12 → Fri 11/12 (Law Art. 35(3)(d)).
    transfer = assert_task(
        world, dossier_id, "transfer_to_court", "commune_police_3", D(2026, 12, 11), "transfer_to_court_d", "V"
    )
    assert transfer.deadline_from_on == D(2026, 12, 10)
    step(world, dossier_id, "transfer_to_court")

    # Court stage, PL 03/2022 limits kept as UNVERIFIED. Return: 02 wd from Fri 11/12 → Tue 15/12.
    assert_task(world, dossier_id, "court_intake", "regional_court_new", D(2026, 12, 15), "court_return_incomplete_d")
    world.travel("2026-12-14 09:00")
    step(world, dossier_id, "court_intake")
    # Notice of acceptance: 02 wd from thụ lý on Mon 14/12 → Wed 16/12.
    assert_task(
        world, dossier_id, "notify_acceptance", "regional_court_new", D(2026, 12, 16), "court_acceptance_notice_d"
    )
    world.travel("2026-12-15 09:00")
    step(world, dossier_id, "notify_acceptance")
    # Decision: 15 days from Mon 14/12 → Tue 29/12.
    assert_task(world, dossier_id, "order_session", "regional_court_new", D(2026, 12, 29), "court_decision_d")
    world.travel("2026-12-16 09:00")
    step(world, dossier_id, "order_session")
    # Session: 07 wd from the order on Wed 16/12: 17, 18, 21, 22, 23, 24, Fri 25/12.
    assert_task(world, dossier_id, "hold_session", "regional_court_new", D(2026, 12, 25), "court_session_d")
    world.travel("2026-12-21 11:00")
    step(world, dossier_id, "hold_session")
    # Sending: 02 wd from the decision on Mon 21/12 → Wed 23/12.
    assert_task(world, dossier_id, "send_decision", "regional_court_new", D(2026, 12, 23), "court_send_decision_d")
    world.travel("2026-12-22 16:00")
    step(world, dossier_id, "send_decision")
    pass_complaint_window(world, dossier_id)
    # Kiến nghị / kháng nghị window: NOT FOUND.
    assert_task(world, dossier_id, "confirm_legal_effect", "regional_court_new", None, "protest_window_d")
    step(world, dossier_id, "confirm_legal_effect")

    # Applied: the commune police record when they received the decision (no limit of its own).
    assert_task(world, dossier_id, "record_decision_receipt", "commune_police_3", None, "decision_receipt_d")
    step(world, dossier_id, "record_decision_receipt")

    closed = dossier(world, dossier_id)
    assert (closed.status, closed.outcome) == ("closed", "execution_started")
    assert world.open_tasks(dossier_id) == []
    child, payload = execution_payload(world, dossier_id)
    # The execution phase's key date is the day the decision was received (22/12/2026): Regime D.
    assert (child.kind, child.regime, child.discovered_on) == ("compulsory_execution", "D", D(2026, 12, 22))
    assert payload == {
        "discovered_on": "2026-12-22",
        "is_minor": False,
        "decision_number": "15/2026/QĐ-TA",
        "decision_on": "2026-12-21",
        "court_name": COURT,
        "decision_received_at": "2026-12-22T15:00:00+07:00",
        "interim_decided_at": "2026-12-04T14:00:00+07:00",
        "interim_facility": FACILITY,
    }


def test_the_execution_date_is_the_vietnam_day_of_the_receipt(world):
    """Received at 23:30 on Tue 22/12 (Vietnam): the phase starts on 22/12, not on the UTC day."""
    dossier_id = to_complaint_window(world)
    pass_complaint_window(world, dossier_id)
    step(world, dossier_id, "confirm_legal_effect")
    step(world, dossier_id, "record_decision_receipt", decision_received_at="22/12/2026 23:30")
    child, payload = execution_payload(world, dossier_id)
    assert payload["decision_received_at"] == "2026-12-22T23:30:00+07:00"
    assert payload["discovered_on"] == "2026-12-22" and child.discovered_on == D(2026, 12, 22)


def test_not_applied_ends_without_execution(world):
    dossier_id = to_complaint_window(world, decision="not_apply", decision_number="16/2026/QĐ-TA")
    pass_complaint_window(world, dossier_id)
    step(world, dossier_id, "confirm_legal_effect")
    closed = dossier(world, dossier_id)
    assert (closed.status, closed.outcome) == ("closed", "not_applied")
    assert children(world, dossier_id) == []
    assert task_row(world, dossier_id, "record_decision_receipt") is None


def test_returned_for_supplement_and_resubmitted(world):
    dossier_id = to_court(world)  # court_intake open since Fri 11/12
    step(
        world,
        dossier_id,
        "court_intake",
        intake_outcome="return",
        case_number=None,
        accepted_on=None,
        judge_name=None,
        return_reason="Thiếu bản sao phiếu kết quả xác định tình trạng nghiện có dấu của cơ sở y tế.",
        returned_on="2026-12-11",
    )
    # No text gives the resubmission limit (NOT FOUND): shown unverified, no date.
    assert_task(world, dossier_id, "supplement_dossier", "commune_police_3", None, "court_resubmission_d")
    world.travel("2026-12-14 09:00")
    with pytest.raises(ValidationFailed) as refused:
        step(world, dossier_id, "supplement_dossier", resent_on="2026-12-10")
    assert "resent_on" in refused.value.errors  # before the return recorded on 11/12
    step(world, dossier_id, "supplement_dossier")  # resent on Mon 14/12
    # The court checks it again: 02 wd from Mon 14/12 → Wed 16/12.
    assert_task(world, dossier_id, "court_intake", "regional_court_new", D(2026, 12, 16), "court_return_incomplete_d")
    step(world, dossier_id, "court_intake", received_on="2026-12-14")
    assert [t.bpmn_id for t in world.open_tasks(dossier_id)] == ["notify_acceptance"]


def test_court_asks_the_commune_police_to_clarify(world):
    dossier_id = to_session_order(world)  # 15/12
    step(
        world,
        dossier_id,
        "order_session",
        complex_case=True,
        clarification_needed=True,
        clarification_request="Làm rõ số lần cai nghiện ma túy trước đây của người bị đề nghị.",
        clarification_requested_on="2026-12-15",
        session_order_number=None,
        session_ordered_on=None,
    )
    # NĐ 163 Art. 102(5): 02 working days from receipt (the request reaches the commune police
    # through the system on Tue 15/12) → Thu 17/12.
    answer = assert_task(
        world, dossier_id, "answer_court_request", "commune_police_3", D(2026, 12, 17), "court_clarification_d", "V1"
    )
    assert answer.deadline_from_on == D(2026, 12, 15)
    world.travel("2026-12-16 09:00")
    step(world, dossier_id, "answer_court_request")
    # Back to the court; a complex case: 30 days from thụ lý on Mon 14/12 → Wed 13/01/2027.
    assert_task(world, dossier_id, "order_session", "regional_court_new", D(2027, 1, 13), "court_decision_complex_d")
    step(world, dossier_id, "order_session")
    assert [t.bpmn_id for t in world.open_tasks(dossier_id)] == ["hold_session"]


def test_complaint_in_the_window_is_forwarded_and_the_review_applies_the_measure(world):
    dossier_id = to_complaint_window(world)
    world.travel("2026-12-23 10:00")
    step(world, dossier_id, "track_complaints")  # received Wed 23/12
    # Forwarding: 02 wd from Wed 23/12 → Fri 25/12.
    assert_task(world, dossier_id, "forward_complaint", "regional_court_new", D(2026, 12, 25), "complaint_forward_d")
    world.travel("2026-12-24 10:00")
    step(world, dossier_id, "forward_complaint")
    # The reviewing court's limit: NOT FOUND.
    assert_task(world, dossier_id, "record_review_result", "regional_court_new", None, "complaint_review_d")
    world.travel("2026-12-28 10:00")
    step(world, dossier_id, "record_review_result")
    assert world.backend.timers.fire_due() == 0  # the complaint window's timer went with its task
    step(world, dossier_id, "record_decision_receipt")
    child, payload = execution_payload(world, dossier_id)
    assert child.kind == "compulsory_execution" and payload["decision_number"] == "15/2026/QĐ-TA"


def test_late_protest_reviewed_to_not_applied(world):
    dossier_id = to_complaint_window(world)
    pass_complaint_window(world, dossier_id)
    step(
        world,
        dossier_id,
        "confirm_legal_effect",
        legal_effect_outcome="challenged",
        effective_on=None,
        challenge_received_on="2026-12-29",
        challenger="Viện kiểm sát nhân dân khu vực 2",
        challenge_kind="protest",
        content="Kháng nghị: người bị đề nghị đang điều trị nghiện bằng thuốc thay thế.",
    )
    # 02 wd from Tue 29/12: Wed 30/12, Thu 31/12 (01/01/2027 is a day off, not reached).
    assert_task(world, dossier_id, "forward_complaint", "regional_court_new", D(2026, 12, 31), "complaint_forward_d")
    step(world, dossier_id, "forward_complaint", forwarded_on="2026-12-29")
    step(world, dossier_id, "record_review_result", decision="not_apply", reviewed_on="2026-12-29")
    closed = dossier(world, dossier_id)
    assert (closed.status, closed.outcome) == ("closed", "not_applied")
    assert children(world, dossier_id) == []


def test_an_art_35_2_exclusion_needs_its_proof_and_ends_the_dossier(world):
    dossier_id = open_dossier(world)
    step(world, dossier_id, "record_violation")
    with pytest.raises(ValidationFailed) as refused:
        step(world, dossier_id, "prepare_dossier", exclusion="pregnant")
    assert "chứng nhận" in refused.value.errors["exclusion_evidence"][0]
    step(
        world,
        dossier_id,
        "prepare_dossier",
        exclusion="pregnant",
        exclusion_evidence="Giấy chứng nhận số 112/GCN ngày 01/12/2026 của Bệnh viện Đa khoa Tỉnh Minh Họa Mới.",
    )
    closed = dossier(world, dossier_id)
    assert (closed.status, closed.outcome) == ("closed", "not_applicable")
    assert task_row(world, dossier_id, "decide_interim_management") is None


def test_no_stable_residence_needs_the_police_document(world):
    dossier_id = open_dossier(world)
    step(world, dossier_id, "record_violation")
    with pytest.raises(ValidationFailed) as refused:
        step(world, dossier_id, "prepare_dossier", stable_residence=False)
    assert "khoản 2 Điều 101" in refused.value.errors["residence_confirmation_number"][0]
    step(
        world,
        dossier_id,
        "prepare_dossier",
        stable_residence=False,
        residence_confirmation_number="Văn bản số 05/CAP-QLHC ngày 04/12/2026 của Công an phường Hòa Bình",
    )
    assert [t.bpmn_id for t in world.open_tasks(dossier_id)] == ["decide_interim_management"]


def test_the_court_fixes_no_term_and_the_issue_moment_is_on_the_decision_day(world):
    assert "term_months" not in {field["name"] for field in form_fields("d_adult_court_decision")}
    dossier_id = to_session_order(world)
    world.travel("2026-12-16 09:00")
    step(world, dossier_id, "order_session")
    world.travel("2026-12-21 11:00")
    with pytest.raises(ValidationFailed) as refused:
        step(world, dossier_id, "hold_session", term_months=24)
    assert "term_months" in refused.value.errors  # an unknown field: the Law fixes the term (Art. 29(1))
    with pytest.raises(ValidationFailed) as refused:
        step(world, dossier_id, "hold_session", decision_issued_at="2026-12-20T16:00:00+07:00")
    assert "decision_issued_at" in refused.value.errors


def test_the_receipt_is_not_before_the_decision_nor_in_the_future(world):
    dossier_id = to_complaint_window(world)  # decision issued Mon 21/12 10:30
    pass_complaint_window(world, dossier_id)  # now Tue 29/12 08:00
    step(world, dossier_id, "confirm_legal_effect")
    with pytest.raises(ValidationFailed) as refused:
        step(world, dossier_id, "record_decision_receipt", decision_received_at="21/12/2026 10:00")
    assert "21/12/2026 10:30" in refused.value.errors["decision_received_at"][0]
    future = data("record_decision_receipt", decision_received_at="30/12/2026 09:00")
    with pytest.raises(ValidationFailed) as refused:
        world.complete(
            ACTOR[PROCESS]["record_decision_receipt"], dossier_id, "record_decision_receipt", future, catch_up=False
        )
    assert "decision_received_at" in refused.value.errors
    assert dossier(world, dossier_id).status == "open"


@pytest.mark.parametrize(
    ("discovered_on", "regime", "process_id"),
    [
        ("2026-06-30", "C", "compulsory_rehab_2025_07"),
        ("2026-07-01", "D", PROCESS),
    ],
)
def test_only_commune_police_and_the_regional_court_act_in_regime_d(world, discovered_on, regime, process_id):
    bundle = world.backend.models.current
    roles = {definition.role for (process, _), definition in bundle.tasks.items() if process == PROCESS}
    assert roles == {"commune_police", "regional_court"}
    instructions = bundle.task(PROCESS, "record_violation").instructions
    assert "03 tháng" in instructions and "khoản 4 Điều 35" in instructions  # the statute of limitations
    dossier_id = open_dossier(world, discovered_on)
    opened = dossier(world, dossier_id)
    assert (opened.regime, opened.process_id) == (regime, process_id)
    if regime == "D":
        with world.backend.read_session() as session:
            parties = set(session.scalars(select(DossierParty.role).where(DossierParty.dossier_id == dossier_id)))
        assert not parties & {"labour_office", "district_police", "district_court"}
        assert parties >= {"commune_police", "regional_court"}
