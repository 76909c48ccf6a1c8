"""Regime D: executing the regional court's decision sending a person to compulsory rehab
(process compulsory_execution; Điều 38, 39 Luật 120/2025/QH15; Điều 106–110 Nghị định
163/2026/NĐ-CP), every path, and the transitional rule of khoản 2 Điều 56 Luật in the
Regime C model: a C dossier decided on 30/06/2026 keeps the old escort, one decided on
01/07/2026 hands over to a Regime D execution dossier.

Hour limits are clock hours from the recorded instant (Vietnam time), across nights,
weekends, Tết and make-up working Saturdays; every deadline below is hand-computed in a
comment. Most tests start the execution dossier by the message start_compulsory_execution
thrown for a parent dossier of the same person (what the end event of the court's model
does); the transitional tests walk the Regime C model itself."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from demo.regime_d.execution import ACTOR, EXECUTION, FORM_DATA, START_PAYLOAD
from demo.steps import PREPARATION
from demo.steps import data as c_data
from engine import ValidationFailed
from engine.clock import VN_TZ
from engine.persistence.tables import AuditEvent, Dossier
from engine.runtime.instance import ThrownMessage

UTC = ZoneInfo("UTC")


@pytest.fixture
def world(regime_world):
    return regime_world


# --------------------------------------------------------------------------- helpers


def vn(text: str) -> datetime:
    """'2026-12-27 16:00' in Vietnam time."""
    return datetime.fromisoformat(text).replace(tzinfo=VN_TZ)


def step_data(bpmn_id: str, **overrides) -> dict:
    payload = {**FORM_DATA[EXECUTION][bpmn_id], **overrides}
    return {key: value for key, value in payload.items() if value is not None}


def step(world, dossier_id: int, bpmn_id: str, **overrides):
    """Complete an execution step as its demo officer with its demo data."""
    return world.complete(ACTOR[EXECUTION][bpmn_id], dossier_id, bpmn_id, step_data(bpmn_id, **overrides))


def children(world, parent_id: int) -> list[Dossier]:
    with world.backend.read_session() as session:
        return session.scalars(select(Dossier).where(Dossier.parent_id == parent_id).order_by(Dossier.id)).all()


def opened_with(world, dossier_id: int) -> dict:
    """The start data of a dossier opened by a message (its audit event)."""
    with world.backend.read_session() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.dossier_id == dossier_id, AuditEvent.action == "dossier_opened")
        ).one()
        return dict(event.data)


def assert_due(task, expected_vn: str, parameter: str, last_day: str | None = None) -> None:
    """The task is due at that Vietnam instant; its last day is the instant's day (an hour
    limit) or `last_day` (a day limit, due at midnight after it)."""
    assert task.deadline_parameter == parameter
    assert task.deadline_at is not None, f"{task.bpmn_id} has no deadline instant"
    assert task.deadline_at.astimezone(VN_TZ) == vn(expected_vn), task.deadline_at.astimezone(VN_TZ)
    assert task.deadline_on == (date.fromisoformat(last_day) if last_day else vn(expected_vn).date())


def assert_agency(world, task, key: str) -> None:
    assert task.agency_id == world.directory.agencies[key], (task.bpmn_id, task.agency_id)


ADULT = {
    "person_name": "Kim Văn Thành",
    "person_birth_date": "1992-05-14",
    "residence": "Khu phố 2, phường Hòa Bình",
    "commune_code": "DEMO-X11",
    "ground": "no_registration",
    "stable_residence": True,
}
MINOR = {
    "person_name": "Lò Văn Tú",
    "person_birth_date": "2010-07-19",
    "residence": "Khu phố 3, phường Hòa Bình",
    "commune_code": "DEMO-X11",
    "stable_residence": True,
}


def start_execution(world, minor: bool = False, **payload) -> int:
    """An execution dossier of Phường Hòa Bình started by the message
    start_compulsory_execution (payload: the demo's, with these changes), thrown for a
    parent dossier of the same person, as the court's model does at its end."""
    payload = {**START_PAYLOAD, "is_minor": minor, **payload}
    user = world.user("commune_police_3")
    discovered = payload["decision_on"]
    if minor:  # any dossier of the minor will do as the parent: the drug-user one has no age bound
        parent_id = world.open_recognising(user, {**MINOR, "discovered_on": discovered}, "drug_user_management")
    else:
        parent_id = world.open_recognising(user, world.as_form_of({**ADULT, "discovered_on": discovered}))
    with world.backend.write_session() as session:
        parent = session.get_one(Dossier, parent_id)
        settings = world.backend.settings.refresh()
        world.backend.dossiers.start_next_phases(
            session,
            parent,
            [ThrownMessage("start_compulsory_execution", payload)],
            datetime.now(VN_TZ),
            settings,
        )
        session.commit()
    [child] = [d for d in children(world, parent_id) if d.kind == "compulsory_execution"]
    assert (child.regime, child.process_id) == ("D", "compulsory_execution")
    assert child.number.endswith(f"/{date.fromisoformat(discovered).year}/HS-THQĐ")
    return child.id


def walk_to_escort(world, dossier_id: int) -> None:
    """The demo path up to the escort: received Sat 26/12/2026 16:00, letter Sun 27/12
    10:00, designation by the director Sun 27/12 15:00, sent Mon 28/12 08:00, received by
    the commune police Mon 28/12 15:00."""
    world.travel("2026-12-27 10:05")
    step(world, dossier_id, "forward_to_director")
    world.travel("2026-12-27 15:05")
    step(world, dossier_id, "designate_facility")
    world.travel("2026-12-28 15:05")
    step(world, dossier_id, "dispatch_designation")
    step(world, dossier_id, "receive_designation")


def admit(world, dossier_id: int, bpmn_id: str = "admit_at_facility", **overrides) -> dict:
    """Admission closes the dossier and starts the facility term; its start data."""
    step(world, dossier_id, bpmn_id, **overrides)
    assert world.open_tasks(dossier_id) == []
    with world.backend.read_session() as session:
        assert session.get_one(Dossier, dossier_id).status == "closed"
    [term] = [d for d in children(world, dossier_id) if d.kind == "facility_term"]
    assert term.regime == "D"
    return opened_with(world, term.id)


# --------------------------------------------------------------------------- main paths


def test_the_director_designates_a_facility_of_the_province_across_a_weekend(world):
    world.travel("2026-12-26 16:30")
    dossier_id = start_execution(world)
    forward = world.task(dossier_id, "forward_to_director")
    assert_agency(world, forward, "commune_police_3")
    # Received Saturday 26/12/2026 16:00 + 24 h = Sunday 27/12/2026 16:00.
    assert_due(forward, "2026-12-27 16:00", "decision_to_police_director_d")

    world.travel("2026-12-27 10:05")
    with pytest.raises(ValidationFailed) as refused:  # the letter cannot precede the decision's receipt
        world.complete(
            "commune_police_3",
            dossier_id,
            "forward_to_director",
            step_data("forward_to_director", sent_at="2026-12-26T15:00"),
        )
    assert "sent_at" in refused.value.errors
    step(world, dossier_id, "forward_to_director")

    designate = world.task(dossier_id, "designate_facility")
    assert_agency(world, designate, "police_director_new")
    # Letter sent Sunday 27/12/2026 10:00 + 24 h = Monday 28/12/2026 10:00.
    assert_due(designate, "2026-12-28 10:00", "facility_designation_d")
    world.travel("2026-12-27 15:05")
    step(world, dossier_id, "designate_facility")

    dispatch = world.task(dossier_id, "dispatch_designation")
    assert_agency(world, dispatch, "police_director_new")
    # Designation issued Sunday 27/12/2026 15:00 + 24 h = Monday 28/12/2026 15:00.
    assert_due(dispatch, "2026-12-28 15:00", "designation_dispatch_d")
    world.travel("2026-12-28 15:05")
    step(world, dossier_id, "dispatch_designation")

    receive = world.task(dossier_id, "receive_designation")
    assert_agency(world, receive, "commune_police_3")
    # Sent Monday 28/12/2026 08:00 + 24 h = Tuesday 29/12/2026 08:00 (the earliest end of the escort limit).
    assert_due(receive, "2026-12-29 08:00", "escort_d")
    step(world, dossier_id, "receive_designation")

    escort = world.task(dossier_id, "escort_to_facility")
    assert_agency(world, escort, "commune_police_3")
    # Designation received Monday 28/12/2026 15:00 + 24 h = Tuesday 29/12/2026 15:00.
    assert_due(escort, "2026-12-29 15:00", "escort_d")
    world.travel("2026-12-29 09:10")
    with pytest.raises(ValidationFailed) as refused:  # handed over before the designation arrived
        world.complete(
            "commune_police_3",
            dossier_id,
            "escort_to_facility",
            step_data("escort_to_facility", handed_over_at="2026-12-28T14:00"),
        )
    assert "handed_over_at" in refused.value.errors
    step(world, dossier_id, "escort_to_facility")

    admission = world.task(dossier_id, "admit_at_facility")
    assert_agency(world, admission, "rehab_facility_new")
    # "Khi tiếp nhận" (immediate, a day limit): the day of the handover, Tuesday 29/12/2026,
    # i.e. due by 30/12/2026 00:00.
    assert_due(admission, "2026-12-30 00:00", "facility_admission_d", last_day="2026-12-29")
    term = admit(world, dossier_id)
    assert term["completion_type"] == "adult_compulsory" and term["is_minor"] is False
    assert (term["discovered_on"], term["admitted_on"], term["credit_from"]) == ("2026-12-29", "2026-12-29", None)
    assert term["facility_name"] == "Cơ sở cai nghiện ma túy số 1"


def test_the_director_refers_to_c04_when_the_province_has_no_capacity(world):
    world.travel("2026-12-27 10:05")
    dossier_id = start_execution(world)
    step(world, dossier_id, "forward_to_director")
    world.travel("2026-12-27 14:05")
    step(
        world,
        dossier_id,
        "designate_facility",
        director_outcome="refer_c04",
        facility_name=None,
        designation_number=None,
        designated_at=None,
        referral_number="114/CV-CAT",
        referred_at="2026-12-27T14:00",
        no_capacity_reason="Cơ sở cai nghiện ma túy số 1 đã đủ số người theo quy mô tiếp nhận.",
    )
    c04 = world.task(dossier_id, "c04_designate")
    assert_agency(world, c04, "c04_department")
    # Referral sent Sunday 27/12/2026 14:00 + 24 h = Monday 28/12/2026 14:00.
    assert_due(c04, "2026-12-28 14:00", "c04_designation_d")
    world.travel("2026-12-28 09:05")
    step(world, dossier_id, "c04_designate")

    dispatch = world.task(dossier_id, "c04_dispatch")
    assert_agency(world, dispatch, "c04_department")
    # C04's decision Monday 28/12/2026 09:00 + 24 h = Tuesday 29/12/2026 09:00.
    assert_due(dispatch, "2026-12-29 09:00", "designation_dispatch_d")
    world.travel("2026-12-28 15:05")
    step(world, dossier_id, "c04_dispatch")
    receive = world.task(dossier_id, "receive_designation")
    # Sent Monday 28/12/2026 14:00 + 24 h = Tuesday 29/12/2026 14:00.
    assert_due(receive, "2026-12-29 14:00", "escort_d")
    step(world, dossier_id, "receive_designation")
    world.travel("2026-12-29 09:10")
    step(world, dossier_id, "escort_to_facility")
    term = admit(world, dossier_id)
    assert term["facility_name"] == "Cơ sở cai nghiện ma túy tỉnh Minh Họa"  # the other province's facility


def test_a_minor_goes_to_a_reformatory_designated_by_c10_across_tet_2027(world):
    # Tết Đinh Mùi: holidays gives Thursday 04/02/2027 (29 Tết) to Wednesday 10/02/2027 off;
    # hour limits run through them.
    world.travel("2027-02-04 20:30")
    dossier_id = start_execution(
        world,
        minor=True,
        discovered_on="2027-02-03",
        decision_on="2027-02-03",
        decision_received_at="2027-02-04T20:00:00+07:00",
    )
    forward = world.task(dossier_id, "forward_to_director")
    # Received Thursday 04/02/2027 20:00 (29 Tết) + 24 h = Friday 05/02/2027 20:00 (30 Tết).
    assert_due(forward, "2027-02-05 20:00", "decision_to_police_director_d")
    world.travel("2027-02-05 08:05")
    step(world, dossier_id, "forward_to_director", sent_at="2027-02-05T08:00")

    assert [t.bpmn_id for t in world.open_tasks(dossier_id)] == ["designate_for_minor"]
    director = world.task(dossier_id, "designate_for_minor")
    assert_agency(world, director, "police_director_new")
    # Sent Friday 05/02/2027 08:00 + 24 h = Saturday 06/02/2027 08:00 (Mùng 1 Tết).
    assert_due(director, "2027-02-06 08:00", "director_referral_d")
    world.travel("2027-02-05 18:05")
    step(
        world, dossier_id, "designate_for_minor", request_received_at="2027-02-05T09:00", referred_at="2027-02-05T18:00"
    )

    c10 = world.task(dossier_id, "c10_designate")
    assert_agency(world, c10, "c10_department")
    # Referral Friday 05/02/2027 18:00 + 24 h = Saturday 06/02/2027 18:00 (Mùng 1 Tết).
    assert_due(c10, "2027-02-06 18:00", "reformatory_designation_d")
    world.travel("2027-02-06 10:05")
    step(world, dossier_id, "c10_designate", referral_received_at="2027-02-05T19:00", designated_at="2027-02-06T10:00")
    dispatch = world.task(dossier_id, "c10_dispatch")
    # Decision Saturday 06/02/2027 10:00 + 24 h = Sunday 07/02/2027 10:00 (Mùng 2 Tết).
    assert_due(dispatch, "2027-02-07 10:00", "designation_dispatch_d")
    world.travel("2027-02-07 09:05")
    step(world, dossier_id, "c10_dispatch", dispatched_at="2027-02-06T16:00")
    step(world, dossier_id, "receive_designation", designation_received_at="2027-02-07T09:00")
    escort = world.task(dossier_id, "escort_to_facility")
    # Received Sunday 07/02/2027 09:00 + 24 h = Monday 08/02/2027 09:00 (Mùng 3 Tết).
    assert_due(escort, "2027-02-08 09:00", "escort_d")
    world.travel("2027-02-08 08:05")
    step(world, dossier_id, "escort_to_facility", handed_over_at="2027-02-08T08:00")

    admission = world.task(dossier_id, "admit_at_reformatory")
    assert_agency(world, admission, "reformatory")
    term = admit(world, dossier_id, "admit_at_reformatory", admitted_on="2027-02-08")
    assert term["completion_type"] == "minor_compulsory" and term["is_minor"] is True
    assert term["facility_name"] == "Trường Giáo dưỡng số 1" and term["admitted_on"] == "2027-02-08"


def test_a_minor_may_go_to_a_qualified_public_facility_designated_by_the_director(world):
    world.travel("2026-12-27 10:05")
    dossier_id = start_execution(world, minor=True)
    step(world, dossier_id, "forward_to_director")
    world.travel("2026-12-27 15:05")
    step(
        world,
        dossier_id,
        "designate_for_minor",
        director_outcome="designate",
        referral_number=None,
        referred_at=None,
        facility_name="Cơ sở cai nghiện ma túy số 1",
        designation_number="115/QĐ-CAT",
        designated_at="2026-12-27T15:00",
    )
    world.travel("2026-12-28 15:05")
    step(world, dossier_id, "dispatch_designation")
    step(world, dossier_id, "receive_designation")
    world.travel("2026-12-29 09:10")
    step(world, dossier_id, "escort_to_facility")
    assert_agency(world, world.task(dossier_id, "admit_at_facility"), "rehab_facility_new")
    term = admit(world, dossier_id)
    assert term["completion_type"] == "minor_compulsory"


# --------------------------------------------------------------------------- escort branches


def test_a_refusal_is_met_with_administrative_custody_within_the_limit(world):
    world.travel("2026-12-26 16:30")
    dossier_id = start_execution(world)
    walk_to_escort(world, dossier_id)
    world.travel("2026-12-29 09:10")
    with pytest.raises(ValidationFailed) as refused:  # custody needs its decision
        world.complete(
            "commune_police_3",
            dossier_id,
            "escort_to_facility",
            step_data("escort_to_facility", escort_outcome="custody"),
        )
    assert {"custody_decision_number", "custody_decided_at"} <= refused.value.errors.keys()
    step(
        world,
        dossier_id,
        "escort_to_facility",
        escort_outcome="custody",
        custody_decision_number="03/QĐ-TGHC",
        custody_decided_at="2026-12-29T07:00",
    )
    # Handed over Tuesday 29/12/2026 09:00, within the 24 h that end Tuesday 29/12/2026 15:00.
    admission = world.task(dossier_id, "admit_at_facility")
    assert_due(admission, "2026-12-30 00:00", "facility_admission_d", last_day="2026-12-29")  # the day of the handover
    admit(world, dossier_id)


def test_force_majeure_restarts_the_clock_from_its_end_across_a_make_up_saturday(world):
    # Saturday 22/08/2026 is a make-up working day (holidays: 31/08/2026 off, substituted
    # from 22/08/2026); clock hours ignore working days either way.
    assert world.backend.settings.current.calendar.is_working_day(date(2026, 8, 22))
    world.travel("2026-08-21 10:30")
    dossier_id = start_execution(
        world, discovered_on="2026-08-20", decision_on="2026-08-20", decision_received_at="2026-08-21T10:00:00+07:00"
    )
    # Received Friday 21/08/2026 10:00 + 24 h = Saturday 22/08/2026 10:00.
    assert_due(world.task(dossier_id, "forward_to_director"), "2026-08-22 10:00", "decision_to_police_director_d")
    world.travel("2026-08-21 13:05")
    step(world, dossier_id, "forward_to_director", sent_at="2026-08-21T11:00")
    step(
        world,
        dossier_id,
        "designate_facility",
        request_received_at="2026-08-21T11:30",
        designated_at="2026-08-21T12:00",
    )
    step(world, dossier_id, "dispatch_designation", dispatched_at="2026-08-21T13:00")
    step(world, dossier_id, "receive_designation", designation_received_at="2026-08-21T13:00")
    world.travel("2026-08-21 18:35")
    step(
        world,
        dossier_id,
        "escort_to_facility",
        escort_outcome="force_majeure",
        handed_over_at=None,
        force_majeure_event="Lũ quét chia cắt tuyến đường duy nhất từ phường đến cơ sở.",
        force_majeure_authority="Ban Chỉ huy phòng, chống thiên tai phường Hòa Bình",
        force_majeure_ended_at="2026-08-21T18:30",
    )
    restarted = world.task(dossier_id, "escort_after_force_majeure")
    assert_agency(world, restarted, "commune_police_3")
    # Force majeure ended Friday 21/08/2026 18:30 + 24 h = Saturday 22/08/2026 18:30 (make-up Saturday).
    assert_due(restarted, "2026-08-22 18:30", "escort_d")
    world.travel("2026-08-22 09:05")
    with pytest.raises(ValidationFailed) as refused:  # handed over before the event ended
        world.complete(
            "commune_police_3",
            dossier_id,
            "escort_after_force_majeure",
            step_data("escort_after_force_majeure", handed_over_at="2026-08-21T17:00"),
        )
    assert "handed_over_at" in refused.value.errors
    step(world, dossier_id, "escort_after_force_majeure", handed_over_at="2026-08-22T09:00")
    # Admission "khi tiếp nhận": the day of the handover, Saturday 22/08/2026 (due 23/08/2026 00:00).
    assert_due(world.task(dossier_id, "admit_at_facility"), "2026-08-23 00:00", "facility_admission_d", "2026-08-22")
    assert admit(world, dossier_id, admitted_on="2026-08-22")["admitted_on"] == "2026-08-22"


def test_a_person_already_managed_at_the_facility_is_notified_not_escorted(world):
    world.travel("2026-12-26 16:30")
    dossier_id = start_execution(
        world, interim_decided_at="2026-11-20T09:00:00+07:00", interim_facility="Cơ sở cai nghiện ma túy số 1"
    )
    world.travel("2026-12-27 10:05")
    step(world, dossier_id, "forward_to_director")
    world.travel("2026-12-27 15:05")
    step(world, dossier_id, "designate_facility")
    world.travel("2026-12-28 16:05")
    step(world, dossier_id, "dispatch_designation")
    step(world, dossier_id, "receive_designation", already_at_facility=True)
    [notify] = world.open_tasks(dossier_id)
    assert notify.bpmn_id == "notify_at_facility"  # no escort task
    assert_agency(world, notify, "rehab_facility_new")
    # No limit is given for the head's notice (in_place_notice_d, UNVERIFIED).
    assert notify.deadline_parameter == "in_place_notice_d" and notify.deadline_on is None
    assert world.backend.settings.current.parameters["in_place_notice_d"].status == "UNVERIFIED"
    term = admit(world, dossier_id, "notify_at_facility")
    # The interim management since 20/11/2026 is deducted (khoản 2 Điều 37 Luật).
    assert (term["admitted_on"], term["credit_from"]) == ("2026-12-28", "2026-11-20")


def test_absconding_before_admission_a_search_then_the_escort_resumes(world):
    world.travel("2026-12-26 16:30")
    dossier_id = start_execution(world)
    walk_to_escort(world, dossier_id)
    world.travel("2026-12-29 07:05")
    step(
        world,
        dossier_id,
        "escort_to_facility",
        escort_outcome="absconded",
        handed_over_at=None,
        absconded_at="2026-12-29T07:00",
    )
    search = world.task(dossier_id, "issue_search_decision")
    assert_agency(world, search, "police_director_new")
    # No limit for the search decision: NOT FOUND in Điều 109 NĐ 163.
    assert search.deadline_parameter == "absconding_search_decision_d" and search.deadline_on is None
    world.travel("2026-12-29 10:05")
    step(world, dossier_id, "issue_search_decision")
    wait = world.task(dossier_id, "record_return")
    assert wait.deadline_parameter == "absconder_return_d" and wait.deadline_on is None
    world.travel("2026-12-31 07:35")
    with pytest.raises(ValidationFailed) as refused:
        world.complete(
            "commune_police_3", dossier_id, "record_return", step_data("record_return", returned_at="2026-12-29T06:00")
        )
    assert "returned_at" in refused.value.errors
    step(world, dossier_id, "record_return")
    resumed = world.task(dossier_id, "escort_after_return")
    # Found Thursday 31/12/2026 07:30 + 24 h = Friday 01/01/2027 07:30 (New Year's Day, a day off).
    assert_due(resumed, "2027-01-01 07:30", "escort_d")
    world.travel("2026-12-31 15:05")
    step(world, dossier_id, "escort_after_return")
    # The dates of the absence stay in the dossier's history (not counted in the term).
    with world.backend.read_session() as session:
        recorded = [
            e.data
            for e in session.scalars(
                select(AuditEvent).where(AuditEvent.dossier_id == dossier_id, AuditEvent.action == "task_completed")
            )
        ]
    assert any(d.get("absconded_at", "").startswith("2026-12-29T07:00") for d in recorded)
    assert any(d.get("returned_at", "").startswith("2026-12-31T07:30") for d in recorded)
    assert admit(world, dossier_id, admitted_on="2026-12-31")["admitted_on"] == "2026-12-31"


# --------------------------------------------------------------------------- Điều 39 Luật


def apply_to_court(world, dossier_id: int, kind: str, ground: str) -> None:
    world.travel("2026-12-29 08:05")
    step(
        world,
        dossier_id,
        "escort_to_facility",
        escort_outcome="application",
        handed_over_at=None,
        application_kind=kind,
        application_ground=ground,
        application_submitted_on="2026-12-29",
    )


def test_a_postponement_waits_for_its_end_then_the_escort_resumes(world):
    world.travel("2026-12-26 16:30")
    dossier_id = start_execution(world)
    walk_to_escort(world, dossier_id)
    apply_to_court(world, dossier_id, "postponement", "serious_illness")
    ruling = world.task(dossier_id, "decide_postponement")
    assert_agency(world, ruling, "regional_court_new")
    assert ruling.deadline_parameter == "postponement_decision_d" and ruling.deadline_on is None  # NOT FOUND
    world.travel("2026-12-30 14:05")
    step(world, dossier_id, "decide_postponement")  # postponed until 15/01/2027
    assert world.open_tasks(dossier_id) == []
    world.travel("2027-01-15 23:00")
    assert world.backend.timers.fire_due() == 0
    world.travel("2027-01-16 00:01")
    assert world.backend.timers.fire_due() == 1
    resumed = world.task(dossier_id, "escort_after_postponement")
    # Postponed to the end of Friday 15/01/2027: from 16/01/2027 00:00 + 24 h = Sunday 17/01/2027 00:00.
    assert_due(resumed, "2027-01-17 00:00", "escort_d")
    world.travel("2027-01-16 10:05")
    step(world, dossier_id, "escort_after_postponement")
    assert admit(world, dossier_id, admitted_on="2027-01-16")["admitted_on"] == "2027-01-16"


def test_an_exemption_ends_the_execution(world):
    world.travel("2026-12-26 16:30")
    dossier_id = start_execution(world)
    walk_to_escort(world, dossier_id)
    world.travel("2026-12-29 08:05")
    with pytest.raises(ValidationFailed) as refused:  # pregnancy is a ground for exemption, not postponement
        world.complete(
            "commune_police_3",
            dossier_id,
            "escort_to_facility",
            step_data(
                "escort_to_facility",
                escort_outcome="application",
                handed_over_at=None,
                application_kind="postponement",
                application_ground="pregnant",
                application_submitted_on="2026-12-29",
            ),
        )
    assert "application_ground" in refused.value.errors
    apply_to_court(world, dossier_id, "exemption", "pregnant")
    world.travel("2026-12-30 14:05")
    step(
        world,
        dossier_id,
        "decide_postponement",
        postponement_outcome="exempted",
        postponed_until=None,
        reasons="Người phải chấp hành đang mang thai, có chứng nhận của bệnh viện (khoản 2 Điều 39 Luật).",
    )
    assert world.open_tasks(dossier_id) == []
    with world.backend.read_session() as session:
        assert session.get_one(Dossier, dossier_id).status == "closed"
    assert children(world, dossier_id) == []  # no facility term


def test_a_rejected_application_resumes_the_escort_from_the_ruling(world):
    world.travel("2026-12-26 16:30")
    dossier_id = start_execution(world)
    walk_to_escort(world, dossier_id)
    apply_to_court(world, dossier_id, "postponement", "family_hardship")
    world.travel("2026-12-30 14:05")
    step(
        world,
        dossier_id,
        "decide_postponement",
        postponement_outcome="rejected",
        postponed_until=None,
        reasons="Không có xác nhận của Chủ tịch Ủy ban nhân dân cấp xã.",
    )
    resumed = world.task(dossier_id, "escort_after_postponement")
    # Ruling Wednesday 30/12/2026 14:00 + 24 h = Thursday 31/12/2026 14:00.
    assert_due(resumed, "2026-12-31 14:00", "escort_d")


# --------------------------------------------------------------------------- khoản 2 Điều 56 Luật


def walk_c_to_effective_decision(world, decision_on: str) -> int:
    """A Regime C dossier of Phường Hòa Bình discovered 15/06/2026, the interim management
    at a facility from 15/06/2026, decided by the regional court on `decision_on`; the
    complaint window (05 working days) passes and the decision takes effect."""
    world.travel("2026-06-15 09:00")
    dossier_id = world.open_recognising(
        world.user("commune_police_3"), world.as_form_of({**ADULT, "discovered_on": "2026-06-15"})
    )
    with world.backend.read_session() as session:
        assert (session.get_one(Dossier, dossier_id).regime, session.get_one(Dossier, dossier_id).process_id) == (
            "C",
            "compulsory_rehab_2025_07",
        )
    overrides = {
        "record_violation": {"recorded_on": "2026-06-15"},
        "prepare_dossier": {"proposal_on": "2026-06-15", "determination_result_on": "2026-06-12"},
        "decide_interim_management": {
            "management_form": "facility",
            "family_consent": False,
            "decision_on": "2026-06-15",
            "interim_facility_since": "2026-06-15",
        },
        "notify_person": {"notice_sent_on": "2026-06-15", "notice_received_on": "2026-06-15"},
    }
    for bpmn_id in PREPARATION:
        world.complete("commune_police_3", dossier_id, bpmn_id, c_data(bpmn_id, **overrides[bpmn_id]))
    world.travel("2026-06-19 08:00")  # reading period: 3 working days from Mon 15/06 → Thu 18/06
    assert world.backend.timers.fire_due() == 1
    court_days = {
        "court_intake": {"accepted_on": "2026-06-19"},
        "notify_acceptance": {"notified_on": "2026-06-19"},
        "order_session": {"session_ordered_on": "2026-06-22"},
    }
    world.complete(
        "commune_police_3", dossier_id, "send_to_court", c_data("send_to_labour_office", sent_on="2026-06-19")
    )
    for bpmn_id, changes in court_days.items():
        world.complete("regional_court_new", dossier_id, bpmn_id, c_data(bpmn_id, **changes))
    world.travel(f"{decision_on} 16:00")
    world.complete(
        "regional_court_new",
        dossier_id,
        "hold_session",
        c_data("hold_session", session_held_on=decision_on, decision_on=decision_on),
    )
    world.complete(
        "regional_court_new", dossier_id, "send_decision", c_data("send_decision", decision_sent_on=decision_on)
    )
    world.travel("2026-07-10 08:00")  # 05 working days after either date have passed
    assert world.backend.timers.fire_due() == 1
    world.complete(
        "regional_court_new",
        dossier_id,
        "confirm_legal_effect",
        c_data("confirm_legal_effect", effective_on="2026-07-09"),
    )
    return dossier_id


def test_a_c_dossier_decided_on_30_06_2026_keeps_the_old_escort(world):
    dossier_id = walk_c_to_effective_decision(world, "2026-06-30")
    [escort] = world.open_tasks(dossier_id)
    assert escort.bpmn_id == "escort_to_facility" and escort.deadline_parameter == "escort"
    assert_agency(world, escort, "commune_police_3")
    assert children(world, dossier_id) == []


def test_a_c_dossier_decided_on_01_07_2026_is_executed_under_law_120(world):
    dossier_id = walk_c_to_effective_decision(world, "2026-07-01")
    [receipt] = world.open_tasks(dossier_id)
    assert receipt.bpmn_id == "record_decision_receipt"
    assert_agency(world, receipt, "commune_police_3")
    definition = world.backend.models.current.task("compulsory_rehab_2025_07", "record_decision_receipt")
    assert "khoản 2 Điều 56 Luật 120/2025/QH15" in definition.instructions
    with pytest.raises(ValidationFailed) as refused:  # received before the decision was made
        world.complete(
            "commune_police_3",
            dossier_id,
            "record_decision_receipt",
            {"decision_received_at": "2026-06-30T10:00", "court_name": "Tòa án nhân dân khu vực 2"},
        )
    assert "decision_received_at" in refused.value.errors
    world.complete(
        "commune_police_3",
        dossier_id,
        "record_decision_receipt",
        {
            **FORM_DATA["compulsory_rehab_2025_07"]["record_decision_receipt"],
            "decision_received_at": "2026-07-09T15:30",
        },
    )
    with world.backend.read_session() as session:
        assert session.get_one(Dossier, dossier_id).status == "closed"
    [execution] = children(world, dossier_id)
    assert (execution.kind, execution.regime, execution.process_id) == (
        "compulsory_execution",
        "D",
        "compulsory_execution",
    )
    assert execution.discovered_on == date(2026, 7, 1) and execution.number.endswith("/2026/HS-THQĐ")
    start = opened_with(world, execution.id)
    assert start["is_minor"] is False and start["decision_on"] == "2026-07-01"
    assert start["decision_number"] == "11/2026/QĐ-TA" and start["interim_decided_at"] == "2026-06-15"
    forward = world.task(execution.id, "forward_to_director")
    assert_agency(world, forward, "commune_police_3")
    # Received Thursday 09/07/2026 15:30 + 24 h = Friday 10/07/2026 15:30.
    assert_due(forward, "2026-07-10 15:30", "decision_to_police_director_d")
    # The dossier page says why this phase runs the new law and the one before it did not.
    shown = world.backend.queries.dossier(world.user("commune_police_3"), execution.id)
    assert shown.regime.code == "D" and shown.previous.regime == "C"
    assert "khoản 2 Điều 56" in shown.transition and "Giám đốc Công an cấp tỉnh" in shown.transition
    assert world.backend.queries.dossier(world.user("commune_police_3"), dossier_id).transition is None


@pytest.mark.parametrize("day", ["2022-01-01", "2025-03-01", "2026-06-30"])
def test_before_july_2026_execution_is_no_procedure_of_its_own(world, day):
    with pytest.raises(ValidationFailed) as refused:
        world.backend.models.current.regimes.process_for("compulsory_execution", date.fromisoformat(day))
    assert "bước cuối của thủ tục đưa vào cơ sở cai nghiện bắt buộc" in refused.value.errors["discovered_on"][0]
    regime, process_id = world.backend.models.current.regimes.process_for("compulsory_execution", date(2026, 7, 1))
    assert (regime.code, process_id) == ("D", "compulsory_execution")
