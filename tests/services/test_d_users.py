"""Regime D: drug-user management (process drug_user_management_2026_07; Điều 23–27 Luật
120/2025/QH15; Chương V, Điều 55–65 Nghị định 163/2026/NĐ-CP) and addiction determination
(process addiction_determination_2026_07; Điều 31 Luật; Điều 89, khoản 7 Điều 4 Nghị định
163; Nghị định 109/2021 and Thông tư 18/2021 kept, UNVERIFIED), every path through the
engine, and the regime each key date picks.

Hour limits are clock hours from the recorded instant (Vietnam time): across nights,
weekends, Tết 2027 (04–10/02/2027 off) and the make-up working Saturday 22/08/2026; working
days play no part. Every deadline below is hand-computed in a comment."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from demo.regime_d.users import ACTOR, DETERMINATION, FORM_DATA, USER_MANAGEMENT
from engine import EngineError, ValidationFailed
from engine.clock import VN_TZ
from engine.persistence.tables import AdministrativeUnit, AuditEvent, Dossier, Task

PERSON = {
    "person_name": "Đỗ Văn Khoa",
    "person_birth_date": "1995-03-12",
    "residence": "Thôn Đông, xã An Bình",
    "stable_residence": True,
}
MINOR = {**PERSON, "person_name": "Hoàng Minh Tuấn", "person_birth_date": "2010-09-01"}
CHILD = {**PERSON, "person_name": "Vũ Gia Bảo", "person_birth_date": "2015-06-01"}


@pytest.fixture
def world(regime_world):
    return regime_world


# --------------------------------------------------------------------------- helpers


def vn(text: str) -> datetime:
    """'2026-12-05 22:00' in Vietnam time."""
    return datetime.fromisoformat(text).replace(tzinfo=VN_TZ)


def iso(text: str) -> str:
    """'2026-12-05 22:00' as the ISO instant a VnDateTime field sends."""
    return vn(text).isoformat()


def process_of(world, dossier_id: int) -> str:
    with world.backend.read_session() as session:
        return session.get_one(Dossier, dossier_id).process_id


def step(world, dossier_id: int, bpmn_id: str, **overrides) -> Task:
    """Complete a step as its demo officer with its demo data and these changes (None drops a key)."""
    process_id = process_of(world, dossier_id)
    payload = {**FORM_DATA[process_id][bpmn_id], **overrides}
    payload = {key: value for key, value in payload.items() if value is not None}
    return world.complete(ACTOR[process_id][bpmn_id], dossier_id, bpmn_id, payload)


def open_case(world, procedure: str, discovered_on: str, **person) -> int:
    payload = {**PERSON, "commune_code": world.directory.communes[0], "discovered_on": discovered_on, **person}
    return world.open_recognising(world.user("commune_police_1"), payload, procedure)


def dossier(world, dossier_id: int) -> Dossier:
    with world.backend.read_session() as session:
        return session.get_one(Dossier, dossier_id)


def children(world, parent_id: int) -> list[Dossier]:
    with world.backend.read_session() as session:
        return session.scalars(select(Dossier).where(Dossier.parent_id == parent_id).order_by(Dossier.id)).all()


def only_child(world, parent_id: int) -> Dossier:
    [child] = children(world, parent_id)
    return child


def opened_with(world, dossier_id: int) -> dict:
    with world.backend.read_session() as session:
        return dict(
            session.scalars(
                select(AuditEvent.data).where(
                    AuditEvent.dossier_id == dossier_id, AuditEvent.action == "dossier_opened"
                )
            ).one()
        )


def all_tasks(world, dossier_id: int) -> list[Task]:
    with world.backend.read_session() as session:
        return session.scalars(select(Task).where(Task.dossier_id == dossier_id).order_by(Task.id)).all()


def assert_due(task: Task, expected_vn: str, parameter: str, last_day: str | None = None) -> None:
    """Due at that Vietnam instant; the last day is the instant's day (an hour limit) or
    `last_day` (a day limit, due at midnight after it)."""
    assert task.deadline_parameter == parameter, task.deadline_parameter
    assert task.deadline_at is not None, f"{task.bpmn_id} has no deadline instant"
    assert task.deadline_at.astimezone(VN_TZ) == vn(expected_vn), task.deadline_at.astimezone(VN_TZ)
    assert task.deadline_on == (date.fromisoformat(last_day) if last_day else vn(expected_vn).date())


def assert_no_deadline(task: Task, parameter: str) -> None:
    """A step the texts give no limit for: no deadline, status UNVERIFIED."""
    assert (task.deadline_parameter, task.deadline_at, task.deadline_on) == (parameter, None, None)
    assert task.deadline_status == "UNVERIFIED"


def police(world, task: Task) -> None:
    assert (task.role, task.agency_id) == ("commune_police", world.directory.agencies["commune_police_1"])


def refusals(excinfo) -> str:
    return " ".join(" ".join(messages) for messages in excinfo.value.errors.values())


def to_decision(world, discovered_on: str = "2026-12-04", **person) -> int:
    """A D management dossier of the demo story, decided on Sunday 06/12/2026 at 09:00."""
    world.travel("2026-12-06 10:00")
    managed = open_case(world, "drug_user_management", discovered_on, **person)
    for bpmn_id in ("record_test_result", "verify_residence", "send_user_notice", "receive_user_notice"):
        step(world, managed, bpmn_id)
    step(world, managed, "decide_management")
    return managed


# =========================================================================== regimes


@pytest.mark.parametrize(
    ("discovered_on", "regime", "process_id", "first_step"),
    [
        ("2026-06-30", "C", "drug_user_management", "verify_residence"),
        ("2026-07-01", "D", "drug_user_management_2026_07", "record_test_result"),
    ],
)
def test_the_day_of_the_positive_test_picks_the_user_management_model(
    world, discovered_on, regime, process_id, first_step
):
    world.travel("2026-07-02 09:00")
    managed = open_case(world, "drug_user_management", discovered_on)
    assert (dossier(world, managed).regime, dossier(world, managed).process_id) == (regime, process_id)
    police(world, world.task(managed, first_step))
    decision = world.backend.models.current.task(process_id, "decide_management")
    # Law 73 Art. 23(4): the Chairman decides (old model); Law 120 Art. 24(4)(a): the police chief.
    assert decision.role == ("commune_committee" if regime == "C" else "commune_police")


@pytest.mark.parametrize(
    ("discovered_on", "regime", "process_id", "form"),
    [
        ("2026-06-30", "C", "addiction_determination", "determination_request"),
        ("2026-07-01", "D", "addiction_determination_2026_07", "d_determination_request"),
    ],
)
def test_the_day_of_discovery_picks_the_determination_model(world, discovered_on, regime, process_id, form):
    world.travel("2026-07-02 09:00")
    case = open_case(world, "addiction_determination", discovered_on)
    assert (dossier(world, case).regime, dossier(world, case).process_id) == (regime, process_id)
    request = world.task(case, "request_determination")
    police(world, request)
    assert request.form == form


def test_regime_d_describes_both_procedures_by_law_120_and_decree_163(world):
    bundle = world.backend.models.current
    for procedure, expected in (
        ("drug_user_management", "khoản 1 Điều 59 Nghị định 163"),
        ("addiction_determination", "khoản 1 Điều 89 Nghị định 163/2026/NĐ-CP"),
    ):
        old = bundle.regimes.procedure_on(bundle.procedures[procedure], date(2026, 6, 30))
        new = bundle.regimes.procedure_on(bundle.procedures[procedure], date(2026, 7, 1))
        assert "2021" in old.summary and expected in new.summary and "120/2025/QH15" in new.summary


def test_no_step_of_d_user_management_belongs_to_the_commune_committee(world):
    bundle = world.backend.models.current
    roles = {d.role for d in bundle.tasks.values() if d.process_id == USER_MANAGEMENT}
    lanes = {d.lane for d in bundle.tasks.values() if d.process_id == USER_MANAGEMENT}
    assert roles == {"commune_police"} and lanes == {"Công an cấp xã (Trưởng Công an cấp xã quyết định quản lý)"}
    # And on a walk through the decision, the checks, a suspension and the stop:
    managed = to_decision(world)
    world.travel("2027-01-09 09:00")
    step(world, managed, "check_residence", check_outcome="suspend_case")
    for bpmn_id in ("suspend_management", "dispatch_suspension"):
        step(world, managed, bpmn_id)
    step(world, managed, "record_suspension_end", suspension_outcome="stop_case")
    step(world, managed, "stop_management", end_decided_at=iso("2027-01-08 15:00"))
    step(world, managed, "dispatch_stop", end_decision_sent_at=iso("2027-01-08 16:00"))
    walked = all_tasks(world, managed)
    assert len(walked) == 11 and {t.role for t in walked} == {"commune_police"}
    assert {t.agency_id for t in walked} == {world.directory.agencies["commune_police_1"]}


# =========================================================================== user management


def test_management_from_the_positive_test_to_the_end_of_the_term_across_a_weekend(world):
    world.travel("2026-12-04 23:00")
    managed = open_case(world, "drug_user_management", "2026-12-04")
    record = world.task(managed, "record_test_result")
    police(world, record)
    # "gửi ngay" (khoản 2 Điều 23 Luật): immediate, shown due on the day the step opened,
    # Fri 04/12/2026 (midnight after it).
    assert_due(record, "2026-12-05 00:00", "drug_test_result_d", "2026-12-04")
    step(world, managed, "record_test_result")

    verify = world.task(managed, "verify_residence")
    # Positive result Fri 04/12/2026 22:00 + 24 h = Sat 05/12/2026 22:00 (khoản 1 Điều 58).
    assert_due(verify, "2026-12-05 22:00", "residence_verification_d")
    assert verify.deadline_status == "V1"
    world.travel("2026-12-05 11:00")
    step(world, managed, "verify_residence")

    # Verified Sat 05/12 10:00 + 24 h = Sun 06/12/2026 10:00 (khoản 5 Điều 58).
    assert_due(world.task(managed, "send_user_notice"), "2026-12-06 10:00", "user_notice_d")
    world.travel("2026-12-05 16:30")
    step(world, managed, "send_user_notice")
    receipt = world.task(managed, "receive_user_notice")
    assert_no_deadline(receipt, "user_notice_receipt_d")
    step(world, managed, "receive_user_notice")

    decision = world.task(managed, "decide_management")
    # Notice received Sat 05/12 16:00 + 24 h = Sun 06/12/2026 16:00; the police chief decides.
    police(world, decision)
    assert_due(decision, "2026-12-06 16:00", "management_decision_d")
    assert decision.deadline_status == "V" and "Điểm a khoản 4" in decision.legal_basis
    world.travel("2026-12-06 10:00")
    step(world, managed, "decide_management")

    # At least once a month: one month after the decision day Sun 06/12/2026 → Wed 06/01/2027,
    # due at midnight after it.
    assert_due(world.task(managed, "check_residence"), "2027-01-07 00:00", "residence_check_d", "2027-01-06")
    world.travel("2027-01-05 09:00")
    step(world, managed, "check_residence")
    # Checked Tue 05/01/2027: the next check by Fri 05/02/2027.
    assert world.task(managed, "check_residence").deadline_on == date(2027, 2, 5)

    # 01 year from the decision of 06/12/2026 ends on 06/12/2027; the timer fires at midnight after it.
    world.travel("2027-12-06 23:59")
    assert world.backend.timers.fire_due() == 0
    world.travel("2027-12-07 08:00")
    assert world.backend.timers.fire_due() == 1
    terminate = world.task(managed, "terminate_management")
    assert_no_deadline(terminate, "management_end_decision_d")  # no limit to decide in the texts
    world.travel("2027-12-07 10:00")
    step(world, managed, "terminate_management")
    # Decision Tue 07/12/2027 09:00 + 24 h = Wed 08/12/2027 09:00 to send it (khoản 4 Điều 63).
    assert_due(world.task(managed, "dispatch_termination"), "2027-12-08 09:00", "management_end_notice_d")
    world.travel("2027-12-07 16:00")
    step(world, managed, "dispatch_termination")
    assert (dossier(world, managed).status, dossier(world, managed).outcome) == ("closed", "completed")


def test_the_management_decision_prints_as_form_04_of_annex_iii(world):
    managed = to_decision(world)
    decided = [e for e in audit_data(world, managed) if "decided_at" in e]
    assert decided[0]["decision_on"] == "2026-12-06"  # the day of decided_at: the term's start, the form's date
    _, pdf = world.backend.documents.issue(world.user("commune_police_1"), managed, "nd163_p3_04", "http://x")
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    for expected in ("Mẫu số 04", "Phụ lục III", "Đỗ Văn Khoa", "Thượng úy Lê Văn Hùng", "12/QĐ-CAX"):
        assert expected in text, expected


def audit_data(world, dossier_id: int) -> list[dict]:
    with world.backend.read_session() as session:
        return [
            dict(data)
            for data in session.scalars(
                select(AuditEvent.data).where(
                    AuditEvent.dossier_id == dossier_id, AuditEvent.action == "task_completed"
                )
            )
        ]


def test_a_remote_commune_has_48_hours_to_verify_the_residence(world):
    with world.backend.write_session() as session:
        session.get_one(AdministrativeUnit, world.directory.communes[0]).remote = True
        session.commit()
    world.travel("2026-12-05 08:00")
    managed = open_case(world, "drug_user_management", "2026-12-04")
    step(world, managed, "record_test_result")
    # Fri 04/12/2026 22:00 + 48 h = Sun 06/12/2026 22:00 ("không được quá 48 giờ").
    assert_due(world.task(managed, "verify_residence"), "2026-12-06 22:00", "residence_verification_remote_d")


@pytest.mark.parametrize(
    ("result_at", "verified_at", "sent_at", "received_at", "verify_due", "notice_due", "decision_due"),
    [
        # Tết 2027 (Thu 04/02 – Wed 10/02 off): Wed 03/02 20:00 + 24 h = Thu 04/02 20:00 (29 Tết);
        # verified 04/02 19:00 + 24 h = Fri 05/02 19:00 (Giao thừa); received 05/02 20:30 + 24 h =
        # Sat 06/02/2027 20:30 (Mùng một Tết).
        (
            "2027-02-03 20:00",
            "2027-02-04 19:00",
            "2027-02-05 08:00",
            "2027-02-05 20:30",
            "2027-02-04 20:00",
            "2027-02-05 19:00",
            "2027-02-06 20:30",
        ),
        # The make-up working Saturday 22/08/2026 changes nothing: Fri 21/08 18:00 + 24 h = Sat 22/08
        # 18:00; verified 22/08 17:00 + 24 h = Sun 23/08 17:00; received Sun 23/08 09:00 + 24 h =
        # Mon 24/08/2026 09:00.
        (
            "2026-08-21 18:00",
            "2026-08-22 17:00",
            "2026-08-23 08:00",
            "2026-08-23 09:00",
            "2026-08-22 18:00",
            "2026-08-23 17:00",
            "2026-08-24 09:00",
        ),
    ],
)
def test_hour_limits_ignore_tet_and_make_up_saturdays(
    world, result_at, verified_at, sent_at, received_at, verify_due, notice_due, decision_due
):
    world.travel(received_at)
    managed = open_case(world, "drug_user_management", result_at[:10])
    step(world, managed, "record_test_result", result_at=iso(result_at), result_sent_at=iso(result_at))
    assert_due(world.task(managed, "verify_residence"), verify_due, "residence_verification_d")
    step(world, managed, "verify_residence", verified_at=iso(verified_at))
    assert_due(world.task(managed, "send_user_notice"), notice_due, "user_notice_d")
    step(world, managed, "send_user_notice", notice_sent_at=iso(sent_at))
    step(world, managed, "receive_user_notice", notice_received_at=iso(received_at))
    assert_due(world.task(managed, "decide_management"), decision_due, "management_decision_d")


def test_moments_out_of_order_or_a_result_not_sent_are_refused(world):
    world.travel("2026-12-06 10:00")
    managed = open_case(world, "drug_user_management", "2026-12-04")
    with pytest.raises(ValidationFailed) as refused:
        step(world, managed, "record_test_result", result_sent_at=None)
    assert "gửi ngay" in refusals(refused)
    with pytest.raises(ValidationFailed) as refused:  # a positive result on the eve of the discovery day
        step(world, managed, "record_test_result", result_at=iso("2026-12-03 23:00"))
    assert "result_at" in refused.value.errors
    step(world, managed, "record_test_result")
    with pytest.raises(ValidationFailed) as refused:  # verified before the result (Fri 22:00)
        step(world, managed, "verify_residence", verified_at=iso("2026-12-04 21:59"))
    assert "04/12/2026 22:00" in refusals(refused)
    for bpmn_id in ("verify_residence", "send_user_notice", "receive_user_notice"):
        step(world, managed, bpmn_id)
    with pytest.raises(ValidationFailed) as refused:  # decided before the notice arrived (Sat 16:00)
        step(world, managed, "decide_management", decided_at=iso("2026-12-05 15:00"))
    assert "05/12/2026 16:00" in refusals(refused)
    with pytest.raises(ValidationFailed) as refused:  # the biography (Mẫu số 05) is part of the dossier
        step(world, managed, "decide_management", biography_done=False)
    assert "Mẫu số 05" in refusals(refused)


def test_a_person_in_rehab_at_a_public_facility_is_not_reported(world):
    world.travel("2026-12-05 08:00")
    managed = open_case(world, "drug_user_management", "2026-12-04")
    step(world, managed, "record_test_result", in_public_facility=True, result_sent_at=None)
    assert (dossier(world, managed).status, dossier(world, managed).outcome) == ("closed", "not_sent")
    assert [t.bpmn_id for t in all_tasks(world, managed)] == ["record_test_result"]


def test_a_move_is_transferred_within_24_hours(world):
    managed = to_decision(world)
    world.travel("2026-12-20 09:00")
    step(
        world,
        managed,
        "check_residence",
        last_check_on="2026-12-20",
        check_outcome="moved",
        moved_at=iso("2026-12-19 20:00"),
        new_residence="Ấp 3, xã Tân Phú",
    )
    # Moved in Sat 19/12/2026 20:00 + 24 h = Sun 20/12/2026 20:00 (khoản 1 Điều 62; khoản 2 Điều 27 Luật).
    transfer = world.task(managed, "transfer_management")
    police(world, transfer)
    assert_due(transfer, "2026-12-20 20:00", "user_transfer_dossier_d")
    assert transfer.deadline_status == "V"
    with pytest.raises(ValidationFailed):  # sent before the person moved
        step(world, managed, "transfer_management", transferred_at=iso("2026-12-19 19:00"))
    step(world, managed, "transfer_management", transferred_at=iso("2026-12-20 08:30"))
    assert dossier(world, managed).outcome == "transferred"


def test_a_stop_case_is_decided_then_sent_within_24_hours(world):
    managed = to_decision(world)
    world.travel("2027-01-06 12:00")
    step(world, managed, "check_residence", last_check_on="2027-01-06", check_outcome="stop_case")
    stop = world.task(managed, "stop_management")
    assert_no_deadline(stop, "management_end_decision_d")
    step(world, managed, "stop_management")
    # Decided Wed 06/01/2027 10:00 + 24 h = Thu 07/01/2027 10:00 (khoản 4 Điều 63).
    assert_due(world.task(managed, "dispatch_stop"), "2027-01-07 10:00", "management_end_notice_d")
    world.travel("2027-01-06 16:00")
    step(world, managed, "dispatch_stop")
    assert dossier(world, managed).outcome == "stopped"


def test_a_suspension_is_sent_and_management_resumes_after_custody(world):
    managed = to_decision(world)
    world.travel("2027-01-06 12:00")
    step(world, managed, "check_residence", last_check_on="2027-01-06", check_outcome="suspend_case")
    assert_no_deadline(world.task(managed, "suspend_management"), "management_end_decision_d")
    step(world, managed, "suspend_management")
    # Suspension decided Wed 06/01/2027 10:00 + 24 h = Thu 07/01/2027 10:00.
    assert_due(world.task(managed, "dispatch_suspension"), "2027-01-07 10:00", "management_end_notice_d")
    world.travel("2027-01-06 16:00")
    step(world, managed, "dispatch_suspension")
    assert_no_deadline(world.task(managed, "record_suspension_end"), "management_suspension_end_d")
    world.travel("2027-01-08 11:00")
    step(world, managed, "record_suspension_end")
    # Custody ended Fri 08/01/2027: the next check within a month, by Mon 08/02/2027.
    assert_due(world.task(managed, "check_residence"), "2027-02-09 00:00", "residence_check_d", "2027-02-08")
    # The term's end is unchanged (suspended time: UNVERIFIED): the timer still fires after 06/12/2027.
    world.travel("2027-12-07 00:30")
    assert world.backend.timers.fire_due() == 1
    assert world.task(managed, "terminate_management")


def test_continued_use_leads_to_determination_and_if_not_addicted_to_a_new_decision(world):
    managed = to_decision(world)
    world.travel("2026-12-20 09:00")
    step(
        world,
        managed,
        "check_residence",
        last_check_on="2026-12-20",
        check_outcome="used_again",
        use_detected_at=iso("2026-12-20 08:00"),
    )
    assert dossier(world, managed).outcome == "to_determination"
    determination = only_child(world, managed)
    assert (determination.kind, determination.process_id, determination.regime) == (
        "addiction_determination",
        DETERMINATION,
        "D",
    )
    started = opened_with(world, determination.id)
    assert (started["art31_case"], started["discovered_on"]) == ("c", "2026-12-20")  # điểm c khoản 1 Điều 31

    world.travel("2026-12-23 09:00")
    step(world, determination.id, "request_determination", requested_at=iso("2026-12-20 10:00"))
    step(world, determination.id, "receive_person", received_at=iso("2026-12-20 11:00"))
    step(
        world,
        determination.id,
        "determine_addiction",
        conclusion="not_addicted",
        criteria_met=1,
        withdrawal_sign=False,
        concluded_at=iso("2026-12-22 09:00"),
        result_notified_at=iso("2026-12-22 09:30"),
    )
    assert dossier(world, determination.id).outcome == "to_user_management"
    again = only_child(world, determination.id)
    assert (again.kind, again.process_id) == ("drug_user_management", USER_MANAGEMENT)
    # Khoản 3 Điều 31 Luật: straight to the police chief's receipt of the result, no new test.
    [receipt] = world.open_tasks(again.id)
    assert receipt.bpmn_id == "receive_user_notice"
    with pytest.raises(ValidationFailed):  # received before the facility sent it (22/12 09:30)
        step(world, again.id, "receive_user_notice", notice_received_at=iso("2026-12-22 09:00"))
    step(world, again.id, "receive_user_notice", notice_received_at=iso("2026-12-22 14:00"))
    # Used again while managed, not addicted: a new decision within 24 h (khoản 1 Điều 59):
    # received Tue 22/12/2026 14:00 + 24 h = Wed 23/12/2026 14:00.
    assert_due(world.task(again.id, "decide_management"), "2026-12-23 14:00", "management_decision_repeat_d")


# =========================================================================== determination


def to_result(world, discovered_on: str = "2026-12-04", **person) -> int:
    """A D determination of the demo story up to the health facility's conclusion."""
    world.travel("2026-12-07 12:00")
    case = open_case(world, "addiction_determination", discovered_on, **person)
    step(world, case, "request_determination")
    step(world, case, "receive_person")
    return case


def test_determination_then_registration_of_voluntary_rehab(world):
    world.travel("2026-12-04 09:30")
    case = open_case(world, "addiction_determination", "2026-12-04")
    request = world.task(case, "request_determination")
    police(world, request)
    assert_no_deadline(request, "determination_request_d")  # NOT FOUND in Law 120 and NĐ 163
    step(world, case, "request_determination")

    intake = world.task(case, "receive_person")
    assert (intake.role, intake.agency_id) == ("health_facility", world.directory.agencies["health_facility"])
    # "Tiếp nhận ngay" (Điều 5 NĐ 109, UNVERIFIED): due on the day the request was sent, Fri 04/12/2026.
    assert_due(intake, "2026-12-05 00:00", "determination_intake_d", "2026-12-04")
    assert intake.deadline_status == "UNVERIFIED"
    world.travel("2026-12-04 11:00")
    step(world, case, "receive_person")

    result = world.task(case, "determine_addiction")
    # 05 days from the intake on Fri 04/12/2026 (TT 18 Art. 5(2), UNVERIFIED): Wed 09/12/2026.
    assert_due(result, "2026-12-10 00:00", "determination_result_d", "2026-12-09")
    assert result.deadline_status == "UNVERIFIED" and "chưa xác minh" in result.legal_basis
    world.travel("2026-12-07 11:00")
    step(world, case, "determine_addiction")

    track = world.task(case, "track_registration")
    police(world, track)
    # Notified Mon 07/12/2026 10:00 + 24 h = Tue 08/12/2026 10:00 (khoản 1 Điều 89, khoản 7 Điều 4).
    assert_due(track, "2026-12-08 10:00", "treatment_registration_d")
    assert track.deadline_status == "V1"
    world.travel("2026-12-07 17:00")
    step(world, case, "track_registration")

    voluntary = only_child(world, case)
    assert voluntary.kind == "voluntary_rehab"
    started = opened_with(world, voluntary.id)
    # The 24 hours of the voluntary decision (khoản 1 Điều 91) run from the registration.
    assert (started["discovered_on"], started["registration_received_at"], started["rehab_form"]) == (
        "2026-12-07",
        iso("2026-12-07 16:00"),
        "home_community",
    )


def test_no_registration_is_recorded_only_after_24_hours_and_leads_to_compulsory_rehab(world):
    case = to_result(world)
    step(world, case, "determine_addiction")
    world.travel("2026-12-08 09:00")
    with pytest.raises(ValidationFailed) as refused:  # notified Mon 07/12 10:00: due Tue 08/12 10:00
        step(
            world, case, "track_registration", registration_outcome="not_registered", checked_at=iso("2026-12-08 09:00")
        )
    assert "10:00 ngày 08/12/2026" in refusals(refused)
    world.travel("2026-12-08 10:30")
    step(world, case, "track_registration", registration_outcome="not_registered", checked_at=iso("2026-12-08 10:30"))
    compulsory = only_child(world, case)
    assert (compulsory.kind, compulsory.regime) == ("compulsory_rehab", "D")
    started = opened_with(world, compulsory.id)
    # "Không đăng ký" (khoản 7 Điều 4 NĐ 163) is the ground of điểm a khoản 1 Điều 35 Luật.
    assert (started["discovered_on"], started["art35_ground"]) == ("2026-12-08", "voluntary_not_done")


def test_force_majeure_counts_the_24_hours_again_from_its_end(world):
    case = to_result(world)
    step(world, case, "determine_addiction")
    world.travel("2026-12-09 15:00")
    step(
        world,
        case,
        "track_registration",
        registration_outcome="force_majeure",
        force_majeure_event="Lũ quét chia cắt thôn Đông",
        force_majeure_ended_at=iso("2026-12-09 14:00"),
    )
    # The flood ended Wed 09/12/2026 14:00 + 24 h = Thu 10/12/2026 14:00 (khoản 7 Điều 4).
    assert_due(world.task(case, "track_registration"), "2026-12-10 14:00", "treatment_registration_d")
    world.travel("2026-12-10 12:00")
    with pytest.raises(ValidationFailed) as refused:
        step(
            world, case, "track_registration", registration_outcome="not_registered", checked_at=iso("2026-12-10 12:00")
        )
    assert "14:00 ngày 10/12/2026" in refusals(refused)
    world.travel("2026-12-10 15:00")
    step(world, case, "track_registration", registration_outcome="not_registered", checked_at=iso("2026-12-10 15:00"))
    assert opened_with(world, only_child(world, case).id)["discovered_on"] == "2026-12-10"


def test_without_a_stable_residence_only_a_public_facility_can_be_registered(world):
    case = to_result(world, stable_residence=False)
    step(world, case, "determine_addiction")
    track = world.task(case, "track_registration")
    # Same 24 hours, at the commune police where the use was detected (điểm b khoản 1 Điều 89).
    assert_due(track, "2026-12-08 10:00", "treatment_registration_no_residence_d")
    world.travel("2026-12-07 17:00")
    for refused_data in ({"rehab_form": "home_community"}, {"registration_outcome": "methadone", "rehab_form": None}):
        with pytest.raises(ValidationFailed) as refused:
            step(world, case, "track_registration", **refused_data)
        assert "điểm b khoản 1 Điều 89" in refusals(refused)
    step(world, case, "track_registration", rehab_form="public_facility")
    assert opened_with(world, only_child(world, case).id)["rehab_form"] == "public_facility"


def test_post_rehab_use_found_addicted_goes_straight_to_compulsory_rehab(world):
    world.travel("2026-12-07 12:00")
    case = open_case(world, "addiction_determination", "2026-12-04")
    step(world, case, "request_determination", art31_case="d")
    step(world, case, "receive_person")
    step(world, case, "determine_addiction")
    # Điểm d khoản 1 Điều 35 Luật: no registration step; the key date is the conclusion, Mon 07/12/2026.
    assert [t.bpmn_id for t in all_tasks(world, case)] == [
        "request_determination",
        "receive_person",
        "determine_addiction",
    ]
    started = opened_with(world, only_child(world, case).id)
    assert (started["discovered_on"], started["art35_ground"]) == ("2026-12-07", "addicted_post_rehab")


def test_a_person_held_without_a_health_facility_is_examined_where_held(world):
    world.travel("2026-12-07 12:00")
    case = open_case(world, "addiction_determination", "2026-12-04")
    step(world, case, "request_determination", held_in_custody=True)
    dispatch = world.task(case, "dispatch_medical_staff")
    # Request sent Fri 04/12/2026 09:00 + 24 h = Sat 05/12/2026 09:00 (điểm b khoản 2 Điều 6 NĐ 109, UNVERIFIED).
    assert_due(dispatch, "2026-12-05 09:00", "medical_staff_dispatch_d")
    assert (dispatch.role, dispatch.deadline_status) == ("health_facility", "UNVERIFIED")
    step(world, case, "dispatch_medical_staff")
    # Examined there Fri 04/12/2026 15:00: 05 days → Wed 09/12/2026.
    assert world.task(case, "determine_addiction").deadline_on == date(2026, 12, 9)


def test_monitoring_loops_and_a_conclusion_against_the_criteria_is_refused(world):
    case = to_result(world)
    with pytest.raises(ValidationFailed) as refused:  # 02 criteria without withdrawal: keep monitoring
        step(world, case, "determine_addiction", criteria_met=2, withdrawal_sign=False)
    assert "tiếp tục khám, theo dõi" in refusals(refused)
    step(
        world,
        case,
        "determine_addiction",
        conclusion="monitoring",
        criteria_met=2,
        withdrawal_sign=False,
        result_number=None,
        concluded_at=None,
        result_notified_at=None,
        observation_note="Chưa rõ hội chứng cai",
    )
    again = world.task(case, "determine_addiction")  # the same 05 days from the intake
    assert again.deadline_on == date(2026, 12, 9)
    step(world, case, "determine_addiction")
    assert world.task(case, "track_registration")


def test_methadone_registration_ends_the_dossier(world):
    case = to_result(world)
    step(world, case, "determine_addiction")
    world.travel("2026-12-07 17:00")
    step(world, case, "track_registration", registration_outcome="methadone", rehab_form=None)
    assert (dossier(world, case).outcome, children(world, case)) == ("methadone", [])


def test_a_minor_who_does_not_register_goes_to_the_minors_procedure(world):
    case = to_result(world, **MINOR)
    step(world, case, "determine_addiction")
    world.travel("2026-12-08 11:00")
    bundle = world.backend.models.current
    refusal = bundle.regimes.at(date(2026, 12, 8)).unavailable.get("minor_compulsory_rehab")
    if refusal:  # điểm a khoản 1 Điều 36 Luật: the minors' D model is refused with its reason
        with pytest.raises(EngineError) as refused:
            step(
                world,
                case,
                "track_registration",
                registration_outcome="not_registered",
                checked_at=iso("2026-12-08 11:00"),
            )
        assert "12 đến dưới 18" in str(refused.value)
    else:
        step(
            world, case, "track_registration", registration_outcome="not_registered", checked_at=iso("2026-12-08 11:00")
        )
        minor = only_child(world, case)
        assert (minor.kind, opened_with(world, minor.id)["legal_ground"]) == (
            "minor_compulsory_rehab",
            "voluntary_not_done",
        )


def test_a_child_under_12_gets_no_compulsory_measure(world):
    case = to_result(world, **CHILD)
    step(world, case, "determine_addiction")
    world.travel("2026-12-08 11:00")
    step(world, case, "track_registration", registration_outcome="not_registered", checked_at=iso("2026-12-08 11:00"))
    assert (dossier(world, case).outcome, children(world, case)) == ("no_measure", [])
