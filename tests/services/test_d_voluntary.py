"""Regime D: voluntary rehab (process voluntary_rehab_2026_07; Điều 29, 32–34, 35(1)(a)–(b),
36(1)(a)–(b), 38(5) Luật 120/2025/QH15; khoản 7–9 Điều 4, Điều 89–96 Nghị định 163/2026/NĐ-CP),
every path through the services with the real regime table, deadlines computed by hand in the
comments, and the regime each key date picks (30/06/2026: the old model, commune committee;
01/07/2026: this model, commune police).

Hour limits are clock hours from the recorded instant (Vietnam time), across nights and
weekends; working days skip weekends and days off (01/01/2027 is New Year's Day). The people live
in Phường Hòa Bình, Tỉnh Minh Họa Mới (demo commune_police_3)."""

from __future__ import annotations

import copy
from datetime import date, datetime
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from demo.regime_d.voluntary import ACTOR, FORM_DATA, VOLUNTARY
from engine import Forbidden, ValidationFailed
from engine.clock import VN_TZ
from engine.persistence.tables import AuditEvent, Dossier, Task
from engine.persistence.unit_of_work import latest_instance
from engine.runtime.instance import ThrownMessage, ready_tasks

LAW_29 = "khoản 1 Điều 29 Luật Phòng, chống ma túy số 120/2025/QH15"
HOA_BINH = 2  # index of Phường Hòa Bình in the demo communes
PERSON = {
    "person_name": "Lê Văn Hải",
    "person_birth_date": "1992-04-20",
    "id_number": "001092004420",
    "residence": "Tổ dân phố 5, phường Hòa Bình",
    "stable_residence": True,
}


@pytest.fixture
def world(regime_world):
    return regime_world


# --- helpers -----------------------------------------------------------------------------------


def iso(text: str) -> str:
    """'2026-12-05 16:00' as the ISO instant a VnDateTime field sends (Vietnam time)."""
    return datetime.fromisoformat(text).replace(tzinfo=VN_TZ).isoformat()


def vn(moment: datetime) -> str:
    """An instant as the officer reads it, in Vietnam time."""
    return moment.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M")


def dossier(world, dossier_id) -> Dossier:
    with world.backend.read_session() as session:
        return session.get_one(Dossier, dossier_id)


def children(world, parent_id, kind=None) -> list[Dossier]:
    with world.backend.read_session() as session:
        query = select(Dossier).where(Dossier.parent_id == parent_id)
        if kind:
            query = query.where(Dossier.kind == kind)
        return session.scalars(query.order_by(Dossier.id)).all()


def opened_with(world, dossier_id) -> dict:
    with world.backend.read_session() as session:
        return session.scalars(
            select(AuditEvent.data).where(AuditEvent.dossier_id == dossier_id, AuditEvent.action == "dossier_opened")
        ).one()


def variables(world, dossier_id) -> dict:
    """The process data an open step of the dossier sees."""
    backend = world.backend
    with backend.read_session() as session:
        instance = latest_instance(session, dossier_id)
        bundle = backend.models.bundle(session, instance.spec_version)
        workflow = backend.dossiers._runtime.load(instance, bundle, backend.dossiers._settings.current)
    [task, *_] = ready_tasks(workflow).values()
    return dict(task.data)


def form(task_id, **overrides) -> dict:
    payload = copy.deepcopy(FORM_DATA[VOLUNTARY][task_id])
    payload.update(overrides)
    return {key: value for key, value in payload.items() if value is not None}


def step(world, dossier_id, task_id, **overrides) -> Task:
    return world.complete(ACTOR[VOLUNTARY][task_id], dossier_id, task_id, form(task_id, **overrides))


def refusal(world, dossier_id, task_id, **overrides) -> dict:
    with pytest.raises(ValidationFailed) as failed:
        step(world, dossier_id, task_id, **overrides)
    return failed.value.errors


def open_ids(world, dossier_id) -> list[str]:
    return [task.bpmn_id for task in world.open_tasks(dossier_id)]


def agency(world, key) -> int:
    return world.directory.agencies[key]


def open_by_hand(world, discovered_on="2026-12-05", user="commune_police_3", **person) -> int:
    payload = {**PERSON, **person, "commune_code": world.directory.communes[HOA_BINH], "discovered_on": discovered_on}
    return world.open_recognising(world.user(user), payload, "voluntary_rehab")


def start_phase(world, parent_id, message, payload) -> Dossier:
    """Throw `message` from the parent dossier, as its model's end event would."""
    service = world.backend.dossiers
    with service._unit_of_work() as uow:
        session = uow.session
        settings = service._settings.refresh(session)
        parent = session.get_one(Dossier, parent_id)
        service.start_next_phases(session, parent, [ThrownMessage(message, payload)], service._clock.now(), settings)
        uow.commit()
    return children(world, parent_id)[-1]


def open_parent(world, **person) -> int:
    """The person's first dossier (an addiction determination opened under Regime C): the parent of
    the phases these tests start by message."""
    payload = {**PERSON, **person, "commune_code": world.directory.communes[HOA_BINH], "discovered_on": "2026-06-15"}
    world.travel("2026-06-15 09:00")
    return world.open_recognising(world.user("commune_police_3"), payload, "addiction_determination")


def start_by_registration(world, parent_id, registered_at="2026-12-05 16:00", rehab_form="home_community") -> int:
    """What the registration step of addiction_determination_2026_07 throws."""
    world.travel(registered_at)
    child = start_phase(
        world,
        parent_id,
        "start_voluntary_rehab",
        {
            "discovered_on": registered_at[:10],
            "registration_received_at": iso(registered_at),
            "rehab_form": rehab_form,
            "stable_residence": True,
            "determination_result_number": "04/KQ-YT",
            "determination_concluded_at": iso("2026-12-04 11:00"),
            "opioid": False,
        },
    )
    assert (child.kind, child.regime, child.process_id) == ("voluntary_rehab", "D", VOLUNTARY)
    return child.id


def decided(world, rehab_form="home_community", **person) -> int:
    """Registered by hand on Saturday 05/12/2026 16:00, decided on Sunday 06/12/2026 10:00."""
    world.travel("2026-12-05 17:00")
    case = open_by_hand(world, **person)
    step(world, case, "receive_registration", rehab_form=rehab_form)
    world.travel("2026-12-06 10:30")
    step(world, case, "decide_voluntary")
    return case


def report(world, dossier_id, task_id, **data) -> Task:
    """Record an event (a drop-out, a use of drugs, a move) on the open step, without its demo data."""
    return world.complete(ACTOR[VOLUNTARY][task_id], dossier_id, task_id, data)


def in_rehab(world, **person) -> int:
    """Home/community rehab started on Monday 07/12/2026, first rehab (24 months)."""
    case = decided(world, **person)
    world.travel("2026-12-07 09:00")
    step(world, case, "record_reception")
    return case


# --- registration and decision ------------------------------------------------------------------


def test_registration_by_hand_decision_in_24_hours_across_a_weekend_and_electronic_supervision(world):
    world.travel("2026-12-05 17:00")
    case = open_by_hand(world)
    assert (dossier(world, case).regime, dossier(world, case).process_id) == ("D", VOLUNTARY)
    receive = world.task(case, "receive_registration")
    assert (receive.role, receive.agency_id) == ("commune_police", agency(world, "commune_police_3"))
    # No limit for the intake itself (voluntary_registration_intake_d, NOT FOUND).
    assert (receive.deadline_on, receive.deadline_at, receive.deadline_status) == (None, None, "UNVERIFIED")
    errors = refusal(world, case, "receive_registration", dossier_complete=False)
    assert "khoản 3, khoản 5 Điều 89" in errors["dossier_complete"][0]
    step(world, case, "receive_registration")

    decide = world.task(case, "decide_voluntary")
    # Registration received Saturday 05/12/2026 16:00 + 24 h = Sunday 06/12/2026 16:00 (khoản 1 Điều 91).
    assert (decide.deadline_parameter, decide.deadline_status) == ("voluntary_decision_d", "V1")
    assert vn(decide.deadline_at) == "06/12/2026 16:00"
    assert decide.deadline_on == date(2026, 12, 6)
    world.travel("2026-12-06 10:30")
    # A decision before the registration is refused, naming the registration moment.
    [early] = refusal(world, case, "decide_voluntary", decided_at=iso("2026-12-05 15:00"))["decided_at"]
    assert "05/12/2026" in early
    step(world, case, "decide_voluntary")

    # Home/community, adult: e-supervision is another procedure, started by message (điểm a khoản 2
    # Điều 16 NĐ 163: 12 hours from the decision, counted there).
    [supervision] = children(world, case, "electronic_supervision")
    assert {
        "discovered_on": "2026-12-06",
        "basis": "voluntary_rehab",
        "basis_decided_at": iso("2026-12-06 10:00"),
    }.items() <= opened_with(world, supervision.id).items()
    # Decided on Sunday 06/12/2026: 02 working days are Mon 07/12 and Tue 08/12/2026 (khoản 8 Điều 4).
    reception = world.task(case, "record_reception")
    assert (reception.deadline_parameter, reception.deadline_on) == ("voluntary_start_d", date(2026, 12, 8))
    assert vn(reception.deadline_at) == "09/12/2026 00:00"


def test_registration_from_the_determination_is_not_asked_again(world):
    parent = open_parent(world)
    case = start_by_registration(world, parent, registered_at="2026-12-07 16:00")
    # The registration moment came with the message: straight to the decision.
    assert open_ids(world, case) == ["decide_voluntary"]
    decide = world.task(case, "decide_voluntary")
    # Received Monday 07/12/2026 16:00 + 24 h = Tuesday 08/12/2026 16:00.
    assert vn(decide.deadline_at) == "08/12/2026 16:00"
    assert variables(world, case)["registration_received_at"] == iso("2026-12-07 16:00")


# --- home/community: the term from the history --------------------------------------------------


def test_first_rehab_is_24_months_from_the_reception_record_and_a_repeat_claim_is_refused(world):
    case = decided(world)
    assert variables(world, case)["prior_rehab_episodes"] == 0
    world.travel("2026-12-07 09:00")
    # No earlier episode in the system: "from the second time" is refused, citing the article.
    [message] = refusal(world, case, "record_reception", episode_count_confirmed="repeat")["_schema"]
    assert LAW_29 in message and "24 tháng" in message
    step(world, case, "record_reception")
    data = variables(world, case)
    # Reception record Monday 07/12/2026 + 24 months = Thursday 07/12/2028.
    assert (data["term_months"], data["term_ends_on"]) == (24, "2028-12-07")
    notice = world.task(case, "record_end_notice")
    # At the latest 30 days before 07/12/2028: Tuesday 07/11/2028 (a working day).
    assert (notice.deadline_parameter, notice.deadline_on) == ("voluntary_end_notice_d", date(2028, 11, 7))


def test_second_rehab_is_36_months_and_a_first_claim_contradicting_the_history_is_refused(world):
    parent = open_parent(world)
    world.travel("2026-07-01 09:00")
    earlier = start_phase(
        world,
        parent,
        "start_facility_term",
        {
            "completion_type": "adult_compulsory",
            "discovered_on": "2025-09-01",
            "admitted_on": "2025-09-01",
            "term_months": 12,
            "credit_from": None,
        },
    )
    case = start_by_registration(world, parent)
    start = variables(world, case)
    assert start["prior_rehab_episodes"] == 1 and earlier.number in start["prior_rehab_history"][0]
    world.travel("2026-12-06 10:30")
    step(world, case, "decide_voluntary")
    world.travel("2026-12-07 09:00")
    # The history shows an earlier episode: "first" is refused, naming it and the article.
    [message] = refusal(world, case, "record_reception")["_schema"]
    assert earlier.number in message and LAW_29 in message and "36 tháng" in message
    step(world, case, "record_reception", episode_count_confirmed="repeat")
    # 07/12/2026 + 36 months = Friday 07/12/2029; notice at the latest 30 days before: Wed 07/11/2029.
    data = variables(world, case)
    assert (data["term_months"], data["term_ends_on"]) == (36, "2029-12-07")
    assert world.task(case, "record_end_notice").deadline_on == date(2029, 11, 7)


# --- not started, dropped out, used drugs: compulsory ------------------------------------------------


def test_not_started_in_02_working_days_across_new_year_leads_to_compulsory_rehab(world):
    world.travel("2026-12-30 09:00")
    case = open_by_hand(world, discovered_on="2026-12-30")
    step(world, case, "receive_registration", registration_received_at=iso("2026-12-30 09:00"))
    world.travel("2026-12-31 08:30")
    step(world, case, "decide_voluntary", decided_at=iso("2026-12-31 08:00"))
    # Decided Thursday 31/12/2026; Friday 01/01/2027 is New Year's Day, then the weekend: the 02
    # working days are Mon 04/01 and Tue 05/01/2027 (khoản 8 Điều 4 NĐ 163).
    reception = world.task(case, "record_reception")
    assert reception.deadline_on == date(2027, 1, 5)
    not_started = {"start_outcome": "not_started", "checked_at": iso("2027-01-05 15:00")}
    world.travel("2027-01-05 15:00")
    with pytest.raises(ValidationFailed) as early:
        world.complete("commune_police_3", case, "record_reception", not_started)
    assert "05/01/2027" in early.value.errors["_schema"][0]
    world.travel("2027-01-06 08:00")
    world.complete("commune_police_3", case, "record_reception", {**not_started, "checked_at": iso("2027-01-06 08:00")})
    [compulsory] = children(world, case, "compulsory_rehab")
    assert (compulsory.regime, compulsory.process_id) == ("D", "compulsory_rehab_2026_07")
    # "Không thực hiện" (khoản 8 Điều 4) is the ground of điểm a khoản 1 Điều 35 Luật.
    started = opened_with(world, compulsory.id)
    assert (started["discovered_on"], started["art35_ground"], started["ground"]) == (
        "2027-01-06",
        "voluntary_not_done",
        "no_registration",
    )
    assert (dossier(world, case).status, dossier(world, case).outcome) == ("closed", "to_compulsory_adult")


def test_use_during_rehab_counts_the_age_on_the_day_it_is_found(world):
    # 17 on the decision (06/12/2026): no e-supervision without a parent's request (Điều 15 NĐ 163);
    # 18 on 20/01/2027 when the use is found: the adults' procedure (khoản 1 Điều 35 Luật).
    case = in_rehab(world, person_birth_date="2009-01-15")
    assert children(world, case, "electronic_supervision") == []
    world.travel("2027-01-20 10:00")
    report(
        world,
        case,
        "record_end_notice",
        term_event="drug_use",
        event_on="2027-01-20",
        event_description="Xét nghiệm dương tính với chất ma túy khi kiểm tra đột xuất.",
    )
    [compulsory] = children(world, case, "compulsory_rehab")
    started = opened_with(world, compulsory.id)
    assert (started["discovered_on"], started["art35_ground"], started["ground"]) == (
        "2027-01-20",
        "use_during_voluntary",
        "use_during_voluntary",
    )


def test_a_minor_who_drops_out_goes_to_the_minors_procedure(world):
    case = in_rehab(world, person_birth_date="2010-09-01")  # 16 on 15/03/2027
    world.travel("2027-03-15 10:00")
    with pytest.raises(ValidationFailed) as incomplete:
        report(world, case, "record_end_notice", term_event="dropped_out")
    assert set(incomplete.value.errors) == {"event_on", "event_description"}
    report(
        world,
        case,
        "record_end_notice",
        term_event="dropped_out",
        event_on="2027-03-15",
        event_description="Không tuân thủ quy định chuyên môn về cai nghiện, bỏ các buổi tư vấn.",
    )
    [minor] = children(world, case, "minor_compulsory_rehab")
    assert minor.process_id == "minor_compulsory_rehab_2026_07"
    started = opened_with(world, minor.id)
    assert (started["discovered_on"], started["legal_ground"], started["ground"]) == (
        "2027-03-15",
        "voluntary_not_done",
        "quit_voluntary",
    )


# --- move, end notice, certificate -------------------------------------------------------------------


def test_a_move_is_notified_with_the_dossier_within_24_hours(world):
    case = in_rehab(world)
    world.travel("2027-03-14 09:00")
    report(
        world,
        case,
        "record_end_notice",
        term_event="moved",
        moved_at=iso("2027-03-13 20:00"),
        new_commune="Công an Phường Đông Sơn",
        new_residence="Tổ dân phố 2, phường Đông Sơn",
    )
    transfer = world.task(case, "transfer_on_move")
    # Left on Saturday 13/03/2027 20:00 + 24 h = Sunday 14/03/2027 20:00 (điểm c khoản 1 Điều 92).
    assert (transfer.deadline_parameter, vn(transfer.deadline_at)) == ("voluntary_move_transfer_d", "14/03/2027 20:00")
    step(world, case, "transfer_on_move", transfer_sent_at=iso("2027-03-14 08:30"))
    assert (dossier(world, case).status, dossier(world, case).outcome) == ("closed", "moved_away")


def test_end_notice_starts_post_rehab_and_the_certificate_is_issued_in_the_last_24_hours(world):
    case = in_rehab(world)
    world.travel("2028-11-01 09:00")  # Wednesday
    step(world, case, "record_end_notice")
    [post] = children(world, case, "post_rehab_management")
    assert (post.regime, post.process_id) == ("D", "post_rehab_management_2026_07")
    start = opened_with(world, post.id)
    assert (start["completion_type"], start["returned_on"], start["term_ends_on"], start["notice_on"]) == (
        "voluntary",
        None,
        "2028-12-07",
        "2028-11-01",
    )
    # Received Wednesday 01/11/2028: the proposal within 02 working days, Friday 03/11/2028.
    assert world.task(post.id, "propose_post_rehab").deadline_on == date(2028, 11, 3)

    certificate = world.task(case, "issue_certificate")
    # Due when the term is served, 24:00 of Thursday 07/12/2028 (= 08/12/2028 00:00).
    assert certificate.deadline_parameter == "voluntary_completion_certificate_d"
    assert vn(certificate.deadline_at) == "08/12/2028 00:00"
    world.travel("2028-12-06 10:00")
    [early] = refusal(world, case, "issue_certificate", certificate_issued_at=iso("2028-12-06 10:00"))["_schema"]
    assert "00 giờ 00 phút ngày 07/12/2028" in early
    world.travel("2028-12-07 08:30")
    [wrong_day] = refusal(world, case, "issue_certificate", completed_on="2028-12-08")["_schema"]
    assert "07/12/2028" in wrong_day
    step(world, case, "issue_certificate")
    assert (dossier(world, case).status, dossier(world, case).outcome) == ("closed", "completed")


# --- private facility ----------------------------------------------------------------------------------


def test_private_facility_path_to_post_rehab_and_the_report_in_02_days(world):
    case = decided(world, rehab_form="private_facility")
    assert children(world, case, "electronic_supervision") == []  # only home/community (Điều 12 Luật)
    start = world.task(case, "private_start")
    assert (start.deadline_parameter, start.deadline_on) == ("voluntary_start_d", date(2026, 12, 8))
    world.travel("2026-12-07 15:00")
    step(world, case, "private_start")
    follow = world.task(case, "private_follow")
    assert (follow.deadline_on, follow.deadline_status) == (None, "UNVERIFIED")  # waiting for the facility
    world.travel("2028-11-01 09:00")
    step(world, case, "private_follow")
    [post] = children(world, case, "post_rehab_management")
    assert opened_with(world, post.id)["facility_name"] == "Cơ sở cai nghiện ma túy tư nhân Bình An"
    world.travel("2028-12-07 15:00")
    step(world, case, "private_certificate")
    report = world.task(case, "private_report")
    # Certificate received Thursday 07/12/2028 + 02 calendar days = Saturday 09/12/2028 (điểm b
    # khoản 3 Điều 33 Luật), a day off: the period ends on Monday 11/12/2028 (Điều 148 Bộ luật Dân sự).
    assert (report.deadline_parameter, report.deadline_on) == ("completion_report_d", date(2028, 12, 11))
    world.travel("2028-12-08 09:00")
    step(world, case, "private_report")
    assert (dossier(world, case).status, dossier(world, case).outcome) == ("closed", "private_completed")


def test_private_facility_not_started_goes_to_compulsory(world):
    case = decided(world, rehab_form="private_facility")
    # Decided Sunday 06/12/2026: the 02 working days end with Tuesday 08/12/2026.
    world.travel("2026-12-09 08:00")
    world.complete(
        "commune_police_3",
        case,
        "private_start",
        {"start_outcome": "not_started", "checked_at": iso("2026-12-09 08:00")},
    )
    [compulsory] = children(world, case, "compulsory_rehab")
    assert opened_with(world, compulsory.id)["art35_ground"] == "voluntary_not_done"


# --- public facility -----------------------------------------------------------------------------------


def test_public_facility_director_designates_in_24_hours_and_police_escort_in_24_hours(world):
    case = decided(world, rehab_form="public_facility")
    request = world.task(case, "request_public_placement")
    # Decided Sunday 06/12/2026 10:00 + 24 h = Monday 07/12/2026 10:00 (khoản 1 Điều 95).
    assert (request.deadline_parameter, vn(request.deadline_at)) == ("voluntary_public_request_d", "07/12/2026 10:00")
    world.travel("2026-12-06 14:10")
    step(world, case, "request_public_placement")
    designate = world.task(case, "designate_public_facility")
    assert (designate.role, designate.agency_id) == ("provincial_police_director", agency(world, "police_director_new"))
    # Request sent Sunday 06/12/2026 14:00 + 24 h = Monday 07/12/2026 14:00 (khoản 2 Điều 95).
    assert vn(designate.deadline_at) == "07/12/2026 14:00"
    world.travel("2026-12-07 09:10")
    step(world, case, "designate_public_facility")
    escort = world.task(case, "escort_to_facility")
    # Designated Monday 07/12/2026 09:00 + 24 h = Tuesday 08/12/2026 09:00 (khoản 5 Điều 38 Luật).
    assert (escort.deadline_parameter, vn(escort.deadline_at)) == ("escort_d", "08/12/2026 09:00")
    world.travel("2026-12-07 16:30")
    step(world, case, "escort_to_facility")
    assert (dossier(world, case).status, dossier(world, case).outcome) == ("closed", "handed_over")


@pytest.mark.parametrize(
    ("outcome", "task_id", "agency_key"),
    [("referred_c04", "designate_by_c04", "c04_department"), ("referred_c10", "designate_by_c10", "c10_department")],
)
def test_public_facility_referred_to_c04_or_c10(world, outcome, task_id, agency_key):
    case = decided(world, rehab_form="public_facility")
    world.travel("2026-12-06 14:10")
    step(world, case, "request_public_placement")
    world.travel("2026-12-07 09:10")
    step(
        world,
        case,
        "designate_public_facility",
        designation_outcome=outcome,
        designation_number=None,
        designated_at=None,
        facility_name=None,
        referral_sent_at=iso("2026-12-07 09:00"),
    )
    national = world.task(case, task_id)
    # Referral sent Monday 07/12/2026 09:00 + 24 h = Tuesday 08/12/2026 09:00 (khoản 3 Điều 95).
    assert (national.agency_id, vn(national.deadline_at)) == (agency(world, agency_key), "08/12/2026 09:00")
    world.travel("2026-12-07 16:10")
    step(world, case, task_id)
    escort = world.task(case, "escort_to_facility")
    # Designated Monday 07/12/2026 16:00 + 24 h = Tuesday 08/12/2026 16:00.
    assert vn(escort.deadline_at) == "08/12/2026 16:00"


# --- regime by key date ------------------------------------------------------------------------------------


def test_30_06_2026_opens_the_old_model_for_the_commune_committee_and_01_07_2026_this_one(world):
    world.travel("2026-07-01 09:00")
    old = open_by_hand(world, discovered_on="2026-06-30", user="commune_committee_3")
    assert (dossier(world, old).regime, dossier(world, old).process_id) == ("C", "voluntary_rehab")
    assert world.task(old, "decide_voluntary").role == "commune_committee"
    with pytest.raises(Forbidden):
        open_by_hand(world, discovered_on="2026-07-01", user="commune_committee_3")
    new = open_by_hand(world, discovered_on="2026-07-01", user="commune_police_3")
    assert (dossier(world, new).regime, dossier(world, new).process_id) == ("D", VOLUNTARY)
    assert world.task(new, "receive_registration").role == "commune_police"


def test_the_decision_prints_as_form_22(world):
    case = decided(world)
    _, pdf = world.backend.documents.issue(world.user("commune_police_3"), case, "nd163_22", "http://x")
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    for expected in ("Mẫu số 22", "Lê Văn Hải", "22/QĐ-CAP", "gia đình, cộng đồng", "ngày 05/12/2026"):
        assert expected in text, expected
