"""Regime D, minors aged 12 to under 18: ``minor_compulsory_rehab_2026_07`` (Điều 36, 37 Luật
120/2025/QH15; Điều 98, 99, 103–105 NĐ 163/2026/NĐ-CP), walked through the engine on every path:
the limitation gateway, the court's return and clarification loops, a decision not to apply, a
complaint and a late protest, and the hand-over to the execution procedure by the message
``start_compulsory_execution``. Deadlines are hand-computed in the comments.

Calendar facts used: July and early August 2026 have no day off besides weekends; Wednesday
01/07/2026 is the first day of Regime D."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from demo.regime_d.minors import ACTOR, FORM_DATA, MINOR_D
from engine import Forbidden, ValidationFailed
from engine.persistence.tables import AuditEvent, Dossier

D = date
PROCEDURE = "minor_compulsory_rehab"
FIFTEEN = "2011-03-15"  # 15 on 01/07/2026
SEVENTEEN = "2008-07-20"  # 17 on 01/07/2026, 18 on 20/07/2026 (before the court decides)


@pytest.fixture
def world(regime_world):
    regime_world.travel("2026-07-01 09:00")
    return regime_world


def open_minor(world, birth=FIFTEEN, discovered="2026-07-01", user="commune_police_1") -> int:
    payload = {
        "person_name": "Lò Văn Tú",
        "person_birth_date": birth,
        "residence": "Thôn Đông, xã An Bình",
        "commune_code": "DEMO-X01",
        "discovered_on": discovered,
        "ground": "quit_voluntary",
        "stable_residence": True,
    }
    return world.open_recognising(world.user(user), world.as_form_of(payload, PROCEDURE), PROCEDURE)


def do(world, dossier_id, bpmn_id, **overrides):
    return world.complete(ACTOR[MINOR_D][bpmn_id], dossier_id, bpmn_id, {**FORM_DATA[MINOR_D][bpmn_id], **overrides})


def refused(world, dossier_id, bpmn_id, **overrides) -> dict:
    with pytest.raises(ValidationFailed) as caught:
        do(world, dossier_id, bpmn_id, **overrides)
    return caught.value.errors


def dossier(world, dossier_id) -> Dossier:
    with world.backend.read_session() as session:
        return session.get(Dossier, dossier_id)


def children(world, parent_id) -> list[Dossier]:
    with world.backend.read_session() as session:
        return session.scalars(select(Dossier).where(Dossier.parent_id == parent_id)).all()


def opened_with(world, dossier_id) -> dict:
    with world.backend.read_session() as session:
        return session.scalars(
            select(AuditEvent.data).where(AuditEvent.dossier_id == dossier_id, AuditEvent.action == "dossier_opened")
        ).one()


def agency(world, key: str) -> int:
    return world.directory.agencies[key]


def to_court(world, dossier_id) -> None:
    """Violation record 01/07, dossier and interim management 02/07, notices 03/07 and 06/07,
    reading period over on Thu 09/07, transfer on Fri 10/07."""
    do(world, dossier_id, "minor_record_violation")
    world.travel("2026-07-02 16:00")
    for bpmn_id in ("minor_prepare_dossier", "minor_interim_management", "minor_interim_handover"):
        do(world, dossier_id, bpmn_id)
    world.travel("2026-07-06 10:00")
    do(world, dossier_id, "minor_notify")
    world.travel("2026-07-10 08:00")
    assert world.backend.timers.fire_due() == 1
    do(world, dossier_id, "minor_transfer_to_court")


def to_decision(world, dossier_id, **decision) -> None:
    """Thụ lý Mon 13/07, no clarification, session and decision Mon 27/07, sent Tue 28/07."""
    to_court(world, dossier_id)
    world.travel("2026-07-13 09:00")
    do(world, dossier_id, "minor_court_intake")
    do(world, dossier_id, "minor_court_review")
    world.travel("2026-07-27 10:00")
    do(world, dossier_id, "minor_hold_session", **decision)
    world.travel("2026-07-28 09:00")
    do(world, dossier_id, "minor_send_decision")


def to_receipt(world, dossier_id) -> None:
    """The complaint window closes without complaint; the decision takes effect on 04/08."""
    world.travel("2026-08-04 08:00")
    assert world.backend.timers.fire_due() == 1
    world.travel("2026-08-04 15:00")
    do(world, dossier_id, "minor_confirm_legal_effect")


# --------------------------------------------------------------------------------------
# The main path: opened on the first day of Regime D, applied, handed to the execution
# --------------------------------------------------------------------------------------


def test_a_fifteen_year_old_discovered_on_1_july_2026_runs_the_d_model_to_the_execution(world):
    dossier_id = open_minor(world)
    opened = dossier(world, dossier_id)
    assert (opened.kind, opened.regime, opened.process_id) == (PROCEDURE, "D", MINOR_D)
    assert opened.number.endswith("/2026/HS-CNBB-CTN")

    # Dossier within 01 working day of the discovery on Wed 01/07: Thu 02/07 (Art. 103(1) NĐ 163).
    record = world.task(dossier_id, "minor_record_violation")
    assert (record.agency_id, record.deadline_on) == (agency(world, "commune_police_1"), D(2026, 7, 2))
    assert record.deadline_parameter == "minor_dossier_preparation_d" and record.deadline_status == "V1"
    assert record.deadline_at == datetime(2026, 7, 2, 17, 0, tzinfo=UTC)  # midnight after 02/07, Vietnam time
    do(world, dossier_id, "minor_record_violation")
    assert world.task(dossier_id, "minor_prepare_dossier").deadline_on == D(2026, 7, 2)
    world.travel("2026-07-02 16:00")
    do(world, dossier_id, "minor_prepare_dossier")

    # Interim management (Mẫu 32) and the hand-over (Mẫu 31): no figure in Art. 98, 99 NĐ 163.
    interim = world.task(dossier_id, "minor_interim_management")
    assert (interim.deadline_on, interim.deadline_parameter) == (None, "interim_management_decision_d")
    do(world, dossier_id, "minor_interim_management")
    handover = world.task(dossier_id, "minor_interim_handover")
    assert handover.deadline_on is None
    assert handover.deadline_from_at == datetime(2026, 7, 2, 3, 0, tzinfo=UTC)  # the decision, 02/07 10:00
    do(world, dossier_id, "minor_interim_handover")

    # Notice to the minor and the parents: "sau khi hoàn thành hồ sơ", no figure (UNVERIFIED).
    assert world.task(dossier_id, "minor_notify").deadline_on is None
    world.travel("2026-07-06 10:00")
    do(world, dossier_id, "minor_notify")
    # Reading period: 03 working days from the later receipt, Mon 06/07: 07, 08, 09/07;
    # the timer fires at midnight after Thu 09/07.
    assert world.open_tasks(dossier_id) == []
    world.travel("2026-07-09 23:00")
    assert world.backend.timers.fire_due() == 0
    world.travel("2026-07-10 08:00")
    assert world.backend.timers.fire_due() == 1

    # Transfer within 01 working day of the end of the reading period (Thu 09/07): Fri 10/07.
    transfer = world.task(dossier_id, "minor_transfer_to_court")
    assert (transfer.deadline_on, transfer.deadline_status) == (D(2026, 7, 10), "V")
    do(world, dossier_id, "minor_transfer_to_court")

    intake = world.task(dossier_id, "minor_court_intake")
    assert intake.agency_id == agency(world, "regional_court")  # serves Xã An Bình
    assert (intake.deadline_on, intake.deadline_status) == (None, "UNVERIFIED")
    world.travel("2026-07-13 09:00")
    do(world, dossier_id, "minor_court_intake")
    # 15 days from thụ lý on Mon 13/07: Tue 28/07 (PL 01/2022, UNVERIFIED for D).
    review = world.task(dossier_id, "minor_court_review")
    assert (review.deadline_on, review.deadline_status) == (D(2026, 7, 28), "UNVERIFIED")
    do(world, dossier_id, "minor_court_review")
    assert world.task(dossier_id, "minor_hold_session").deadline_on == D(2026, 7, 28)
    world.travel("2026-07-27 10:00")
    do(world, dossier_id, "minor_hold_session")
    world.travel("2026-07-28 09:00")
    do(world, dossier_id, "minor_send_decision")

    # Complaint window: 05 working days from the decision on Mon 27/07: 28, 29, 30, 31/07, 03/08.
    assert world.task(dossier_id, "minor_track_complaints").deadline_on == D(2026, 8, 3)
    world.travel("2026-08-03 23:00")
    assert world.backend.timers.fire_due() == 0
    to_receipt(world, dossier_id)

    receipt = world.task(dossier_id, "minor_record_decision_receipt")
    assert receipt.agency_id == agency(world, "commune_police_1")
    assert (receipt.deadline_on, receipt.deadline_parameter) == (None, "minor_decision_receipt_d")
    do(world, dossier_id, "minor_record_decision_receipt")

    closed = dossier(world, dossier_id)
    assert (closed.status, closed.outcome) == ("closed", "minor_execution_start")
    [execution] = children(world, dossier_id)
    assert (execution.kind, execution.regime, execution.person_id) == ("compulsory_execution", "D", closed.person_id)
    assert execution.discovered_on == D(2026, 8, 4)  # the day the commune police received the decision
    payload = opened_with(world, execution.id)
    assert payload == {
        "parent": closed.number,
        "discovered_on": "2026-08-04",
        "is_minor": True,
        "decision_number": "07/2026/QĐ-TA",
        "decision_on": "2026-07-27",
        "court_name": "Tòa án nhân dân khu vực 1 - Tỉnh Minh Họa",
        "decision_received_at": "2026-08-04T14:30:00+07:00",
        "interim_decided_at": "2026-07-02T10:00:00+07:00",
        "interim_facility": "Trường Giáo dưỡng số 1",
    }
    # The execution starts with the 24 hours of Art. 106(1) NĐ 163 from the receipt:
    # Tue 04/08/2026 14:30 + 24 h = Wed 05/08/2026 14:30 (Vietnam time).
    forward = world.task(execution.id, "forward_to_director")
    assert forward.agency_id == agency(world, "commune_police_1")
    assert forward.deadline_at == datetime(2026, 8, 5, 7, 30, tzinfo=UTC)


def test_a_seventeen_year_old_who_turns_18_before_the_decision_keeps_the_minors_procedure(world):
    dossier_id = open_minor(world, birth=SEVENTEEN)
    opened = dossier(world, dossier_id)
    assert (opened.regime, opened.process_id) == ("D", MINOR_D)
    # The age on the key date (17 on 01/07/2026) decides the procedure; turning 18 on 20/07
    # changes nothing before the decision (Art. 36(3) moves only an evader to the adult measure).
    to_decision(world, dossier_id)
    to_receipt(world, dossier_id)
    do(world, dossier_id, "minor_record_decision_receipt")
    [execution] = children(world, dossier_id)
    assert execution.kind == "compulsory_execution" and opened_with(world, execution.id)["is_minor"] is True


# --------------------------------------------------------------------------------------
# Regime, agency and age at the opening
# --------------------------------------------------------------------------------------


def test_on_30_june_2026_the_dossier_is_refused_with_the_regime_c_reason(world):
    # Regime C keeps its refusal, and its opener (the commune chairman, procedures.toml).
    with pytest.raises(ValidationFailed) as refusal:
        open_minor(world, discovered="2026-06-30", user="commune_committee_1")
    [reason] = refusal.value.errors["discovered_on"]
    assert reason.startswith("Giai đoạn C (01/07/2025 – 30/06/2026)")
    assert "Phòng Lao động - Thương binh và Xã hội" in reason
    # The commune police, the opener of Regime D, are told who opens it on that date.
    with pytest.raises(Forbidden, match="Ủy ban nhân dân cấp xã"):
        open_minor(world, discovered="2026-06-30")


def test_from_1_july_2026_the_commune_police_open_it_and_the_chairman_no_longer_does(world):
    with pytest.raises(Forbidden, match="do Công an cấp xã lập"):
        open_minor(world, user="commune_committee_1")
    definition = world.backend.models.current.procedures[PROCEDURE]
    in_d = world.backend.models.current.regimes.procedure_on(definition, D(2026, 7, 1))
    assert in_d.opened_by == ("commune_police",)
    assert "Điều 36 Luật Phòng, chống ma túy số 120/2025/QH15" in in_d.summary
    assert "01 ngày làm việc" in in_d.summary and "Điều 103" in in_d.summary
    assert "Điều 36" in in_d.age_rule and "120/2025/QH15" in in_d.age_rule
    assert in_d.age_refusal(18) == in_d.age_rule and in_d.age_refusal(12) is None


@pytest.mark.parametrize("birth", ["2008-06-30", "2014-07-02"])  # 18, and 11, on 01/07/2026
def test_a_person_outside_12_to_under_18_is_refused(world, birth):
    with pytest.raises(ValidationFailed) as refusal:
        open_minor(world, birth=birth)
    assert refusal.value.errors["person_birth_date"]


def test_the_model_has_only_the_actors_of_regime_d(world):
    tasks = [d for d in world.backend.models.current.tasks.values() if d.process_id == MINOR_D]
    assert {d.role for d in tasks} == {"commune_police", "regional_court"}
    assert all(d.legal_basis and d.instructions for d in tasks)
    assert set(FORM_DATA[MINOR_D]) == {d.bpmn_id for d in tasks}  # demo data for every step
    assert all(d.form.startswith("d_minor_") for d in tasks)


# --------------------------------------------------------------------------------------
# Limitation (Art. 36(3)): 03 months from the last act, restarted when evasion ends
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last_act", "evasion", "expected"),
    [
        # 31/03 + 03 months = 30/06 < the record on 01/07: out of time.
        ("2026-03-31", None, "minor_limitation_expired"),
        # 01/04 + 03 months = 01/07: still in time on the day of the record.
        ("2026-04-01", None, "minor_prepare_dossier"),
        # Evasion ended 15/06: the 03 months restart from it (to 15/09).
        ("2026-01-10", "2026-06-15", "minor_prepare_dossier"),
    ],
)
def test_the_limitation_period_is_checked_on_the_violation_record(world, last_act, evasion, expected):
    dossier_id = open_minor(world)
    extra = {"evaded": True, "evasion_ended_on": evasion} if evasion else {}
    do(world, dossier_id, "minor_record_violation", last_act_on=last_act, **extra)
    if expected == "minor_limitation_expired":
        closed = dossier(world, dossier_id)
        assert (closed.status, closed.outcome) == ("closed", expected)
        assert world.open_tasks(dossier_id) == []
    else:
        assert world.task(dossier_id, expected).deadline_on == D(2026, 7, 2)


def test_evasion_needs_the_day_it_ended(world):
    dossier_id = open_minor(world)
    errors = refused(world, dossier_id, "minor_record_violation", last_act_on="2026-01-10", evaded=True)
    assert "khoản 3 Điều 36" in errors["evasion_ended_on"][0]


# --------------------------------------------------------------------------------------
# The dossier's contents and the notice (Art. 104, 105 NĐ 163)
# --------------------------------------------------------------------------------------


def test_a_refusal_to_write_or_give_an_opinion_needs_a_witnessed_record(world):
    dossier_id = open_minor(world)
    do(world, dossier_id, "minor_record_violation")
    world.travel("2026-07-02 16:00")
    errors = refused(world, dossier_id, "minor_prepare_dossier", parent_opinion_form="refused", parent_opinion=None)
    assert "Mẫu số 40" in errors["refusal_record_number"][0]
    assert "người làm chứng" in errors["refusal_witness"][0]
    errors = refused(world, dossier_id, "minor_prepare_dossier", biography_done=False)
    assert "Mẫu số 33" in errors["biography_done"][0]
    # A minor who cannot write: the testimony record (Mẫu 58) stands in for the statement.
    do(world, dossier_id, "minor_prepare_dossier", statement_form="testimony_record")
    assert world.task(dossier_id, "minor_interim_management")


def test_a_refused_notice_needs_the_mau_41_record_and_the_reading_runs_from_the_later_day(world):
    dossier_id = open_minor(world)
    do(world, dossier_id, "minor_record_violation")
    world.travel("2026-07-02 16:00")
    for bpmn_id in ("minor_prepare_dossier", "minor_interim_management"):
        do(world, dossier_id, bpmn_id)
    # The hand-over cannot precede the decision of 02/07 10:00 (not_before).
    errors = refused(world, dossier_id, "minor_interim_handover", handed_over_at="2026-07-02T09:00:00+07:00")
    assert "02/07/2026 10:00" in errors["handed_over_at"][0]
    do(world, dossier_id, "minor_interim_handover")
    world.travel("2026-07-07 10:00")
    refusal = {"parent_receipt": "refused", "parent_received_on": "2026-07-07"}
    errors = refused(world, dossier_id, "minor_notify", **refusal)
    assert "Mẫu số 41" in errors["notice_refusal_record_number"][0]
    assert "người làm chứng" in errors["notice_refusal_witness"][0]
    do(
        world,
        dossier_id,
        "minor_notify",
        **refusal,
        notice_refusal_record_number="20/BB-CAX",
        notice_refusal_witness="Đinh Văn Hùng",
    )
    # From the refusal record on Tue 07/07: 08, 09, 10/07; the timer fires at midnight after Fri 10/07.
    world.travel("2026-07-10 23:00")
    assert world.backend.timers.fire_due() == 0
    world.travel("2026-07-11 08:00")
    assert world.backend.timers.fire_due() == 1
    # 01 working day from Fri 10/07: Mon 13/07.
    assert world.task(dossier_id, "minor_transfer_to_court").deadline_on == D(2026, 7, 13)


# --------------------------------------------------------------------------------------
# The court: return and supplement, clarification, complex case
# --------------------------------------------------------------------------------------


def test_the_court_returns_the_dossier_and_the_commune_police_supplement_it(world):
    dossier_id = open_minor(world)
    to_court(world, dossier_id)
    world.travel("2026-07-13 09:00")
    do(world, dossier_id, "minor_court_intake", intake_outcome="return", return_reason="Thiếu bản sao phiếu kết quả.")
    supplement = world.task(dossier_id, "minor_supplement_dossier")
    assert supplement.agency_id == agency(world, "commune_police_1")
    assert (supplement.deadline_on, supplement.deadline_parameter) == (None, "minor_court_supplement_d")
    world.travel("2026-07-14 09:00")
    do(world, dossier_id, "minor_supplement_dossier")
    intake = world.task(dossier_id, "minor_court_intake")
    assert intake.agency_id == agency(world, "regional_court")
    do(world, dossier_id, "minor_court_intake", accepted_on="2026-07-14")
    # 15 days from thụ lý on Tue 14/07: Wed 29/07.
    assert world.task(dossier_id, "minor_court_review").deadline_on == D(2026, 7, 29)


def test_the_court_asks_for_clarification_and_a_complex_case_has_30_days(world):
    dossier_id = open_minor(world)
    to_court(world, dossier_id)
    world.travel("2026-07-14 09:00")
    do(world, dossier_id, "minor_court_intake")
    request = {
        "complex_case": True,
        "clarification_needed": True,
        "clarification_request": "Làm rõ ngày tự ý chấm dứt cai nghiện tự nguyện.",
        "clarification_sent_on": "2026-07-14",
    }
    do(world, dossier_id, "minor_court_review", **request)
    # 02 working days from the request of Tue 14/07: Thu 16/07 (Art. 105(5) NĐ 163).
    answer = world.task(dossier_id, "minor_answer_court_request")
    assert answer.agency_id == agency(world, "commune_police_1")
    assert (answer.deadline_on, answer.deadline_status) == (D(2026, 7, 16), "V1")
    world.travel("2026-07-16 09:00")
    errors = refused(world, dossier_id, "minor_answer_court_request", request_received_on="2026-07-13")
    assert "14/07/2026" in errors["request_received_on"][0]
    do(world, dossier_id, "minor_answer_court_request")
    # Back to the court; complex case: 30 days from thụ lý on Mon 13/07 = Wed 12/08.
    assert world.task(dossier_id, "minor_court_review").deadline_on == D(2026, 8, 12)
    do(world, dossier_id, "minor_court_review", complex_case=True)
    assert world.task(dossier_id, "minor_hold_session").deadline_on == D(2026, 8, 12)


def test_the_court_decides_not_to_apply(world):
    dossier_id = open_minor(world)
    to_court(world, dossier_id)
    world.travel("2026-07-13 09:00")
    do(world, dossier_id, "minor_court_intake")
    do(world, dossier_id, "minor_court_review")
    world.travel("2026-07-27 10:00")
    do(world, dossier_id, "minor_hold_session", decision="not_apply")
    world.travel("2026-07-28 09:00")
    do(world, dossier_id, "minor_send_decision")
    to_receipt(world, dossier_id)
    closed = dossier(world, dossier_id)
    assert (closed.status, closed.outcome) == ("closed", "minor_not_applied")
    assert children(world, dossier_id) == []


def test_the_decision_form_asks_no_term(world):
    from forms import form_fields

    names = {field["name"] for field in form_fields("d_minor_court_decision")}
    assert not names & {"term_months", "facility_name"}
    assert {"decision", "decision_number", "decision_on"} <= names


# --------------------------------------------------------------------------------------
# Complaints and protests
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("final", "outcome"), [("apply", "minor_execution_start"), ("not_apply", "minor_not_applied")])
def test_a_complaint_in_the_window_goes_to_the_higher_court(world, final, outcome):
    dossier_id = open_minor(world)
    to_decision(world, dossier_id)
    world.travel("2026-07-30 10:00")
    do(world, dossier_id, "minor_track_complaints")
    forward = world.task(dossier_id, "minor_forward_complaint")
    assert (forward.agency_id, forward.deadline_on) == (agency(world, "regional_court"), None)
    world.travel("2026-07-31 10:00")
    do(world, dossier_id, "minor_forward_complaint")
    assert world.backend.timers.fire_due() == 0  # the window's timer went with the complaint task
    world.travel("2026-08-10 10:00")
    do(world, dossier_id, "minor_record_review_result", decision=final)
    if final == "apply":
        do(world, dossier_id, "minor_record_decision_receipt", decision_received_at="2026-08-10T09:45:00+07:00")
        [execution] = children(world, dossier_id)
        assert opened_with(world, execution.id)["discovered_on"] == "2026-08-10"
    assert dossier(world, dossier_id).outcome == outcome


def test_a_late_protest_is_recorded_on_the_legal_effect_step(world):
    dossier_id = open_minor(world)
    to_decision(world, dossier_id)
    world.travel("2026-08-04 08:00")
    assert world.backend.timers.fire_due() == 1
    world.travel("2026-08-04 15:00")
    protest = {
        "legal_effect_outcome": "challenged",
        "effective_on": None,
        "challenge_received_on": "2026-08-04",
        "challenger": "Viện kiểm sát nhân dân khu vực 1",
        "challenge_kind": "protest",
        "content": "Kháng nghị quyết định.",
    }
    do(world, dossier_id, "minor_confirm_legal_effect", **protest)
    world.travel("2026-08-05 10:00")
    do(world, dossier_id, "minor_forward_complaint", forwarded_on="2026-08-05")
    world.travel("2026-08-10 10:00")
    do(world, dossier_id, "minor_record_review_result", decision="not_apply")
    assert dossier(world, dossier_id).outcome == "minor_not_applied"


def test_the_receipt_cannot_precede_the_decision(world):
    dossier_id = open_minor(world)
    to_decision(world, dossier_id)
    to_receipt(world, dossier_id)
    errors = refused(world, dossier_id, "minor_record_decision_receipt", decision_received_at="2026-07-26T09:00")
    assert "27/07/2026" in errors["decision_received_at"][0]
