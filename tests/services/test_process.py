"""Every path of workflows/compulsory_rehab.bpmn walked through the persistent engine,
with each task's legal deadline checked against a hand-computed date.

Calendar facts used (2026): Tết 16–20/02 off; weekends off. The clock starts on
Tuesday 10/02/2026 09:00 and the person was discovered on Monday 09/02/2026."""

from datetime import date

import pytest
from sqlalchemy import func, select

from demo.steps import ACTOR, PREPARATION, data
from engine import Conflict, Forbidden, NotFound, ValidationFailed
from engine.persistence.audit import chain_is_intact
from engine.persistence.tables import AuditEvent, Dossier, ProcessInstance, Task

D = date


def step(world, dossier_id, bpmn_id, **overrides):
    return world.complete(ACTOR[bpmn_id], dossier_id, bpmn_id, data(bpmn_id, **overrides))


def deadline(world, dossier_id, bpmn_id):
    return world.task(dossier_id, bpmn_id).deadline_on


def to_labour_office(world) -> int:
    """Open a dossier, prepare it, let the reading period pass, send it on (25/02)."""
    dossier_id = world.open()
    for bpmn_id in PREPARATION:
        step(world, dossier_id, bpmn_id)
    world.travel("2026-02-25 08:00")
    assert world.backend.timers.fire_due() == 1
    step(world, dossier_id, "send_to_labour_office")
    return dossier_id


def to_court_decision(world) -> int:
    """Through appraisal and acceptance to the session; 'hold_session' is open."""
    dossier_id = to_labour_office(world)
    step(world, dossier_id, "appraise_dossier")
    world.travel("2026-02-26 09:00")
    step(world, dossier_id, "court_intake")
    step(world, dossier_id, "notify_acceptance")
    step(world, dossier_id, "order_session")
    return dossier_id


def to_complaint_window(world, **decision) -> int:
    dossier_id = to_court_decision(world)
    step(world, dossier_id, "hold_session", **decision)
    step(world, dossier_id, "send_decision")
    return dossier_id


def dossier(world, dossier_id) -> Dossier:
    with world.backend.read_session() as session:
        return session.get(Dossier, dossier_id)


def test_happy_path_with_hand_computed_deadlines(world):
    dossier_id = world.open()
    # 05 working days from Mon 09/02: 10, 11, 12, 13, (Tết 16–20), 23/02.
    assert deadline(world, dossier_id, "record_violation") == D(2026, 2, 23)
    first = world.task(dossier_id, "record_violation")
    assert first.deadline_parameter == "dossier_preparation" and first.deadline_from_on == D(2026, 2, 9)
    step(world, dossier_id, "record_violation")
    assert deadline(world, dossier_id, "prepare_dossier") == D(2026, 2, 23)
    step(world, dossier_id, "prepare_dossier")
    # The interim management decision is sent at once (NĐ 116 Art. 46.1): due the same day.
    assert deadline(world, dossier_id, "decide_interim_management") == D(2026, 2, 10)
    step(world, dossier_id, "decide_interim_management")
    notice = world.task(dossier_id, "notify_person")
    assert notice.deadline_on is None and notice.deadline_status == "UNVERIFIED"
    step(world, dossier_id, "notify_person")

    # Reading period: 03 working days from receipt on Thu 12/02: 13, 23, 24/02.
    assert world.open_tasks(dossier_id) == []
    with world.backend.read_session() as session:
        instance = session.scalars(select(ProcessInstance).where(ProcessInstance.dossier_id == dossier_id)).one()
    assert instance.next_timer_at.isoformat() == "2026-02-24T17:00:00+00:00"  # 25/02 00:00 in Vietnam
    world.travel("2026-02-24 23:59")
    assert world.backend.timers.fire_due() == 0
    world.travel("2026-02-25 08:00")
    assert world.backend.timers.fire_due() == 1
    # 01 working day after the reading period ends (24/02).
    assert deadline(world, dossier_id, "send_to_labour_office") == D(2026, 2, 25)
    step(world, dossier_id, "send_to_labour_office")

    # Phòng LĐTBXH: 02 working days from receipt on Wed 25/02.
    assert deadline(world, dossier_id, "appraise_dossier") == D(2026, 2, 27)
    step(world, dossier_id, "appraise_dossier")
    assert deadline(world, dossier_id, "court_intake") == D(2026, 2, 27)
    world.travel("2026-02-26 09:00")
    step(world, dossier_id, "court_intake")
    # Notice of acceptance: 02 working days from thụ lý on Thu 26/02: 27/02, Mon 02/03.
    assert deadline(world, dossier_id, "notify_acceptance") == D(2026, 3, 2)
    step(world, dossier_id, "notify_acceptance")
    # Decision: 15 days from 26/02 → Fri 13/03.
    assert deadline(world, dossier_id, "order_session") == D(2026, 3, 13)
    step(world, dossier_id, "order_session")
    # Session: 07 working days from the order on Mon 02/03 → Wed 11/03.
    assert deadline(world, dossier_id, "hold_session") == D(2026, 3, 11)
    step(world, dossier_id, "hold_session")
    # Sending: 02 working days from the announcement on Thu 05/03 → Mon 09/03.
    assert deadline(world, dossier_id, "send_decision") == D(2026, 3, 9)
    step(world, dossier_id, "send_decision")
    # Complaint window: 05 working days from 05/03 → Thu 12/03.
    assert deadline(world, dossier_id, "track_complaints") == D(2026, 3, 12)

    world.travel("2026-03-12 23:00")
    assert world.backend.timers.fire_due() == 0
    world.travel("2026-03-13 08:00")
    assert world.backend.timers.fire_due() == 1
    with world.backend.read_session() as session:
        window = session.scalars(
            select(Task).where(Task.dossier_id == dossier_id, Task.bpmn_id == "track_complaints")
        ).one()
    assert window.state == "cancelled"
    assert deadline(world, dossier_id, "confirm_legal_effect") is None  # protest window: UNVERIFIED
    step(world, dossier_id, "confirm_legal_effect")
    # Escort: 05 calendar days from receipt on Fri 13/03 → Wed 18/03.
    assert deadline(world, dossier_id, "escort_to_facility") == D(2026, 3, 18)
    step(world, dossier_id, "escort_to_facility")
    # Handover record: on the day of the handover.
    assert deadline(world, dossier_id, "receive_at_facility") == D(2026, 3, 16)
    step(world, dossier_id, "receive_at_facility")

    closed = dossier(world, dossier_id)
    assert (closed.status, closed.outcome) == ("closed", "admitted")
    assert world.open_tasks(dossier_id) == []
    with world.backend.read_session() as session:
        actions = session.scalars(select(AuditEvent.action).where(AuditEvent.dossier_id == dossier_id)).all()
        assert chain_is_intact(session, dossier_id)
    assert actions.count("task_completed") == 14
    assert actions.count("timer_fired") == 2


def test_return_for_supplement_twice(world):
    dossier_id = to_labour_office(world)  # 25/02
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
    # Supplement: 02 working days from getting the dossier back on 25/02 → 27/02.
    assert deadline(world, dossier_id, "supplement_dossier") == D(2026, 2, 27)
    step(world, dossier_id, "supplement_dossier", resent_on="2026-02-25")
    # Re-check: 02 working days from receiving the supplement on 25/02 → 27/02.
    reappraisal = world.task(dossier_id, "reappraise_dossier")
    assert (reappraisal.deadline_parameter, reappraisal.deadline_on) == (
        "labour_transfer_after_supplement",
        D(2026, 2, 27),
    )
    world.travel("2026-02-27 10:00")
    step(
        world,
        dossier_id,
        "reappraise_dossier",
        appraisal_result="invalid",
        letter_number=None,
        proposed_facility=None,
        missing_items="Thiếu phiếu kết quả.",
        return_number="04/LĐTBXH",
    )
    # Returned again on Fri 27/02 → Mon 02/03, Tue 03/03.
    assert deadline(world, dossier_id, "supplement_dossier") == D(2026, 3, 3)
    step(world, dossier_id, "supplement_dossier")
    step(world, dossier_id, "reappraise_dossier")
    assert [t.bpmn_id for t in world.open_tasks(dossier_id)] == ["court_intake"]


@pytest.mark.parametrize("route", ["police", "resubmit"])
def test_court_returns_an_incomplete_dossier(world, route):
    dossier_id = to_labour_office(world)
    step(world, dossier_id, "appraise_dossier")
    step(
        world,
        dossier_id,
        "court_intake",
        intake_outcome="return",
        case_number=None,
        accepted_on=None,
        judge_name=None,
        return_reason="Thiếu văn bản của Phòng LĐTBXH (Mẫu số 34).",
    )
    handling = world.task(dossier_id, "handle_court_return")
    assert handling.role == "labour_office" and handling.deadline_on is None  # UNVERIFIED limit
    step(world, dossier_id, "handle_court_return", return_route=route)
    if route == "police":
        step(world, dossier_id, "supplement_dossier")
        step(world, dossier_id, "reappraise_dossier")
    assert [t.bpmn_id for t in world.open_tasks(dossier_id)] == ["court_intake"]


def test_court_asks_labour_office_for_clarification(world):
    dossier_id = to_labour_office(world)
    step(world, dossier_id, "appraise_dossier")
    world.travel("2026-02-26 09:00")
    step(world, dossier_id, "court_intake")
    step(world, dossier_id, "notify_acceptance", notified_on="2026-02-26")
    step(
        world,
        dossier_id,
        "order_session",
        clarification_needed=True,
        session_order_number=None,
        session_ordered_on=None,
        clarification_request="Đề nghị làm rõ khả năng tiếp nhận của cơ sở.",
    )
    # 02 working days from the court's request on Thu 26/02 → Mon 02/03.
    assert deadline(world, dossier_id, "answer_court_request") == D(2026, 3, 2)
    step(world, dossier_id, "answer_court_request")
    # Back to the judge; the decision clock still runs from thụ lý (26/02).
    assert deadline(world, dossier_id, "order_session") == D(2026, 3, 13)


def test_complex_case_extends_the_decision_limit(world):
    dossier_id = to_labour_office(world)
    step(world, dossier_id, "appraise_dossier")
    world.travel("2026-02-26 09:00")
    step(world, dossier_id, "court_intake")
    step(world, dossier_id, "notify_acceptance")
    step(
        world,
        dossier_id,
        "order_session",
        complex_case=True,
        clarification_needed=True,
        session_order_number=None,
        session_ordered_on=None,
        clarification_request="Cần ý kiến chuyên môn.",
    )
    step(world, dossier_id, "answer_court_request")
    judge = world.task(dossier_id, "order_session")
    # The data now says the case is complex: 30 days from 26/02 = Sat 28/03 → Mon 30/03.
    assert (judge.deadline_parameter, judge.deadline_on) == ("court_decision_complex", D(2026, 3, 30))


def test_court_does_not_apply_the_measure(world):
    dossier_id = to_complaint_window(world, decision="not_apply", term_months=None, facility_name=None)
    world.travel("2026-03-13 08:00")
    assert world.backend.timers.fire_due() == 1
    step(world, dossier_id, "confirm_legal_effect")
    closed = dossier(world, dossier_id)
    assert (closed.status, closed.outcome) == ("closed", "not_applied")


def test_a_complaint_goes_to_the_provincial_court(world):
    dossier_id = to_complaint_window(world)
    step(world, dossier_id, "track_complaints")  # complaint received Mon 09/03
    # Forward within 02 working days of receipt: 10, 11/03.
    assert deadline(world, dossier_id, "forward_complaint") == D(2026, 3, 11)
    step(world, dossier_id, "forward_complaint")
    review = world.task(dossier_id, "record_review_result")
    # UNVERIFIED secondary figure, still a deadline: 07 working days from 10/03 → 19/03.
    assert (review.deadline_status, review.deadline_on) == ("UNVERIFIED", D(2026, 3, 19))
    # The complaint window timer was interrupted with the task: nothing fires any more.
    world.travel("2026-03-20 08:00")
    assert world.backend.timers.fire_due() == 0
    step(world, dossier_id, "record_review_result", decision="not_apply", term_months=None)
    assert dossier(world, dossier_id).outcome == "not_applied"


def test_a_late_protest_is_forwarded_instead_of_taking_effect(world):
    dossier_id = to_complaint_window(world)
    world.travel("2026-03-13 08:00")
    world.backend.timers.fire_due()
    step(
        world,
        dossier_id,
        "confirm_legal_effect",
        legal_effect_outcome="challenged",
        effective_on=None,
        challenge_received_on="2026-03-13",
        challenger="Viện kiểm sát nhân dân huyện Minh Họa",
        challenge_kind="protest",
        content="Kháng nghị về thời hạn áp dụng.",
    )
    # 02 working days from Fri 13/03 → Tue 17/03.
    assert deadline(world, dossier_id, "forward_complaint") == D(2026, 3, 17)
    step(world, dossier_id, "forward_complaint", forwarded_on="2026-03-16")
    step(world, dossier_id, "record_review_result")
    assert [t.bpmn_id for t in world.open_tasks(dossier_id)] == ["escort_to_facility"]


def test_escort_postponed_when_the_facility_cannot_receive(world):
    dossier_id = to_complaint_window(world)
    world.travel("2026-03-13 08:00")
    world.backend.timers.fire_due()
    step(world, dossier_id, "confirm_legal_effect")
    step(
        world,
        dossier_id,
        "escort_to_facility",
        escort_outcome="postponed",
        handed_over_on=None,
        facility_name=None,
        postponement_reason="Cơ sở đã hết chỗ.",
        court_notified_on="2026-03-16",
    )
    # Extension: at most 03 months from receipt of the decision on 13/03 → 13/06/2026.
    assert deadline(world, dossier_id, "escort_after_extension") == D(2026, 6, 13)
    step(world, dossier_id, "escort_after_extension")
    assert deadline(world, dossier_id, "receive_at_facility") == D(2026, 5, 4)
    step(world, dossier_id, "receive_at_facility", admitted_on="2026-05-04")
    assert dossier(world, dossier_id).outcome == "admitted"


def test_term_outside_12_to_24_months_is_refused_by_the_dmn_and_nothing_is_saved(world):
    dossier_id = to_court_decision(world)
    task = world.task(dossier_id, "hold_session")
    world.travel("2026-03-05 09:00")  # the session is recorded once it has been held
    with world.backend.read_session() as session:
        events_before = session.scalar(select(func.count()).select_from(AuditEvent))
    with pytest.raises(ValidationFailed) as refused:
        world.backend.tasks.complete(world.user("district_court"), task.id, data("hold_session", term_months=36))
    assert "từ 12 tháng đến 24 tháng" in " ".join(refused.value.errors["_schema"])
    assert world.task(dossier_id, "hold_session").id == task.id
    with world.backend.read_session() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == events_before


def test_invalid_form_saves_nothing_and_reports_every_field(world):
    dossier_id = world.open()
    task = world.task(dossier_id, "record_violation")
    with pytest.raises(ValidationFailed) as refused:
        world.backend.tasks.complete(world.user("commune_police_1"), task.id, {"recorded_on": "31/02/2026"})
    assert {"record_number", "recorded_on", "place", "violation_description"} <= set(refused.value.errors)
    assert world.task(dossier_id, "record_violation").state == "open"


def test_unknown_task_and_other_agencies(world):
    dossier_id = world.open()
    task = world.task(dossier_id, "record_violation")
    with pytest.raises(NotFound):
        world.backend.tasks.complete(world.user("commune_police_1"), 999_999, {})
    for intruder in ("commune_police_2", "labour_office", "district_court"):
        with pytest.raises(Forbidden):
            world.backend.tasks.complete(world.user(intruder), task.id, data("record_violation"))
    assert task.agency_id == world.directory.agencies["commune_police_1"]


def test_opening_in_another_commune_is_forbidden(world):
    with pytest.raises(Forbidden):
        world.open(commune_code=world.directory.communes[1])


def test_the_second_completion_of_a_task_fails_cleanly(world):
    dossier_id = world.open()
    task = world.task(dossier_id, "record_violation")
    world.backend.tasks.complete(world.user("commune_police_1"), task.id, data("record_violation"))
    with pytest.raises(Conflict) as second:
        world.backend.tasks.complete(world.user("commune_police_1"), task.id, data("record_violation"))
    assert "đã được" in second.value.message
    assert [t.bpmn_id for t in world.open_tasks(dossier_id)] == ["prepare_dossier"]


def test_a_period_already_over_passes_at_once_and_is_audited(world):
    """Notice received 02/02: the reading period ended 05/02, before the step is recorded
    on 10/02, so the dossier goes straight to sending, and the trail says why."""
    dossier_id = world.open(discovered_on="2026-01-30")
    step(world, dossier_id, "record_violation", recorded_on="2026-01-30")
    step(
        world,
        dossier_id,
        "prepare_dossier",
        proposal_on="2026-01-30",
        determination_result_on="2026-01-29",
    )
    step(world, dossier_id, "decide_interim_management", decision_on="2026-01-30")
    step(world, dossier_id, "notify_person", notice_sent_on="2026-02-02", notice_received_on="2026-02-02")
    # 03 working days from Mon 02/02: 3, 4, 5/02; send within 01 working day: Fri 06/02.
    assert deadline(world, dossier_id, "send_to_labour_office") == D(2026, 2, 6)
    assert world.backend.timers.fire_due() == 0
    with world.backend.read_session() as session:
        summaries = session.scalars(
            select(AuditEvent.summary).where(AuditEvent.dossier_id == dossier_id, AuditEvent.action == "timer_fired")
        ).all()
    assert summaries == ["Hết thời hạn đọc hồ sơ (03 ngày làm việc)"]
