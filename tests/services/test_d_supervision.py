"""Regime D: electronic supervision (electronic_supervision: Điều 12, 47 Luật 120/2025/QH15;
Chương III Nghị định 163/2026/NĐ-CP), every path through the services with the real regime table,
deadlines computed by hand in the comments. Hour limits are clock hours from an instant
(nights, weekends and Tết count); Tết 2027 is 04–10/02/2027 in the calendar.

A dossier starts either from the message start_electronic_supervision, thrown by the post-rehab
model (a person of Phường Hòa Bình, Tỉnh Minh Họa Mới) or thrown by hand from a parent dossier
with the voluntary-rehab payload, or opened by hand by the commune police."""

from __future__ import annotations

import copy
from datetime import datetime
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from demo.regime_d.supervision import ACTOR, FORM_DATA, SUPERVISION
from demo.regime_d.term import ACTOR as TERM_ACTOR
from demo.regime_d.term import FORM_DATA as TERM_DATA
from engine import ValidationFailed
from engine.clock import VN_TZ
from engine.persistence.tables import AuditEvent, Dossier, Task
from engine.persistence.unit_of_work import latest_instance
from engine.runtime.instance import ThrownMessage, ready_tasks

HOA_BINH = 2  # index of Phường Hòa Bình in the demo communes
POLICE = "commune_police_3"


@pytest.fixture
def world(regime_world):
    return regime_world


# --- helpers -----------------------------------------------------------------------------------


def dossier(world, dossier_id) -> Dossier:
    with world.backend.read_session() as session:
        return session.get(Dossier, dossier_id)


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


def person(birth_date="1990-05-17", name="Phạm Văn Dũng") -> dict:
    return {
        "person_name": name,
        "person_birth_date": birth_date,
        "id_number": "001090054321",
        "residence": "Tổ dân phố 3, phường Hòa Bình",
    }


def open_parent(world, birth_date="1990-05-17") -> int:
    """The person's first dossier (a determination opened under Regime C): the parent of the
    phases the tests start by message."""
    world.travel("2026-06-15 09:00")
    payload = {
        **person(birth_date),
        "commune_code": world.directory.communes[HOA_BINH],
        "discovered_on": "2026-06-15",
        "stable_residence": True,
    }
    return world.open_recognising(world.user(POLICE), payload, "addiction_determination")


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


def open_by_hand(world, discovered_on, birth_date="1990-05-17", **overrides) -> int:
    payload = {
        **person(birth_date),
        "commune_code": world.directory.communes[HOA_BINH],
        "discovered_on": discovered_on,
        "stable_residence": True,
        **overrides,
    }
    return world.open_recognising(world.user(POLICE), payload, SUPERVISION)


def form(task_id, **overrides) -> dict:
    payload = copy.deepcopy(FORM_DATA[SUPERVISION][task_id])
    payload.update(overrides)
    return {key: value for key, value in payload.items() if value is not None}


def step(world, dossier_id, task_id, **overrides) -> Task:
    return world.complete(ACTOR[SUPERVISION][task_id], dossier_id, task_id, form(task_id, **overrides))


def refusal(world, dossier_id, task_id, **overrides) -> dict:
    with pytest.raises(ValidationFailed) as failed:
        step(world, dossier_id, task_id, **overrides)
    return failed.value.errors


def open_ids(world, dossier_id) -> list[str]:
    return [task.bpmn_id for task in world.open_tasks(dossier_id)]


def agency(world, key) -> int:
    return world.directory.agencies[key]


def vn(moment: datetime) -> str:
    return moment.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M")


def variables(world, dossier_id) -> dict:
    backend = world.backend
    with backend.read_session() as session:
        instance = latest_instance(session, dossier_id)
        bundle = backend.models.bundle(session, instance.spec_version)
        workflow = backend.dossiers._runtime.load(instance, bundle, backend.dossiers._settings.current)
    [task, *_] = ready_tasks(workflow).values()
    return dict(task.data)


def violation(world, dossier_id, kind, at, number, **overrides) -> None:
    step(
        world,
        dossier_id,
        "supervise",
        event="violation",
        event_at=at,
        violation_kind=kind,
        record_number=number,
        removal_kind=None,
        details=None,
        **overrides,
    )


def compulsory_children(world, parent_id) -> list[Dossier]:
    return [d for d in children(world, parent_id) if d.kind in ("compulsory_rehab", "minor_compulsory_rehab")]


def voluntary_supervision(world, decided_at="2026-12-04T20:00:00+07:00") -> int:
    """An adult in voluntary rehab at home: the start the voluntary D model will throw
    (basis voluntary_rehab), decided, fitted, supervised until 31/12/2027."""
    parent = open_parent(world)
    world.travel("2026-12-04 20:30")
    child = start_phase(
        world,
        parent,
        "start_electronic_supervision",
        {"discovered_on": decided_at[:10], "basis": "voluntary_rehab", "basis_decided_at": decided_at},
    )
    assert (child.kind, child.regime, child.process_id) == (SUPERVISION, "D", SUPERVISION)
    world.travel("2026-12-05 07:00")
    step(
        world,
        child.id,
        "decide_supervision",
        decided_at="2026-12-05T06:30:00+07:00",
        supervision_ground="voluntary_home",
        period_ends_on="2027-12-31",
    )
    step(world, child.id, "fit_device", fitted_at="2026-12-05T06:55:00+07:00")
    assert open_ids(world, child.id) == ["supervise"]
    return child.id


# --- regime ------------------------------------------------------------------------------------


def test_refused_on_30_06_2026_and_available_from_01_07_2026(world):
    world.travel("2026-07-01 09:00")
    with pytest.raises(ValidationFailed) as refused:
        open_by_hand(world, "2026-06-30")
    assert "01/07/2026" in " ".join(refused.value.errors["discovered_on"])
    supervision = open_by_hand(world, "2026-07-01")
    assert (dossier(world, supervision).regime, dossier(world, supervision).process_id) == ("D", SUPERVISION)
    assert open_ids(world, supervision) == ["record_basis"]
    assert world.task(supervision, "record_basis").deadline_at is None  # no limit for recording (UNVERIFIED)


# --- started by the post-rehab model -----------------------------------------------------------


def post_rehab_supervision(world) -> tuple[int, int]:
    """Adult post-rehab (already completed on 03/12/2026): the chairman signs the post-rehab
    decision on Friday 04/12/2026 at 20:00, which starts electronic supervision."""
    parent = open_parent(world)
    world.travel("2026-12-04 19:00")
    post = start_phase(
        world,
        parent,
        "start_post_rehab",
        {"completion_type": "adult_compulsory", "returned_on": "2026-12-03", "discovered_on": "2026-12-03"},
    ).id
    world.complete(
        TERM_ACTOR["post_rehab_management_2026_07"]["propose_post_rehab"],
        post,
        "propose_post_rehab",
        {
            **TERM_DATA["post_rehab_management_2026_07"]["propose_post_rehab"],
            "notice_received_on": "2026-12-03",
            "proposal_on": "2026-12-04",
        },
    )
    world.travel("2026-12-04 20:10")
    world.complete(
        TERM_ACTOR["post_rehab_management_2026_07"]["decide_post_rehab"],
        post,
        "decide_post_rehab",
        {**TERM_DATA["post_rehab_management_2026_07"]["decide_post_rehab"], "decided_at": "2026-12-04T20:00:00+07:00"},
    )
    [supervision] = children(world, post, SUPERVISION)
    return post, supervision.id


def test_post_rehab_start_twelve_hours_across_the_night_and_the_weekend(world):
    post, supervision = post_rehab_supervision(world)
    assert {"basis": "post_rehab", "basis_decided_at": "2026-12-04T20:00:00+07:00"}.items() <= opened_with(
        world, supervision
    ).items()
    decide = world.task(supervision, "decide_supervision")
    assert decide.agency_id == agency(world, POLICE)
    # Signed Friday 04/12/2026 20:00 + 12 h = Saturday 05/12/2026 08:00 (hours run through the night
    # and the weekend; điểm a khoản 2 Điều 16 NĐ 163).
    assert (vn(decide.deadline_at), decide.deadline_parameter) == ("05/12/2026 08:00", "esupervision_decision_d")
    world.travel("2026-12-05 07:40")
    # A decision before the post-rehab decision it rests on, or in the future, is refused.
    early = refusal(
        world,
        supervision,
        "decide_supervision",
        decided_at="2026-12-04T19:59:00+07:00",
        supervision_ground="post_rehab",
        period_ends_on="2028-12-03",
    )
    assert "04/12/2026 20:00" in early["decided_at"][0]
    typed = form(
        "decide_supervision",
        decided_at="2026-12-05T08:00:00+07:00",
        supervision_ground="post_rehab",
        period_ends_on="2028-12-03",
    )
    with pytest.raises(ValidationFailed) as future:
        world.complete(
            ACTOR[SUPERVISION]["decide_supervision"], supervision, "decide_supervision", typed, catch_up=False
        )
    assert "sau thời điểm hiện tại" in future.value.errors["decided_at"][0]
    # The ground must be the dossier's (Điều 15: post-rehab), and a whole-period ground needs its end.
    [wrong] = refusal(
        world,
        supervision,
        "decide_supervision",
        supervision_ground="voluntary_home",
        period_ends_on="2028-12-03",
        decided_at="2026-12-05T07:30:00+07:00",
    )["_schema"]
    assert "quản lý sau cai nghiện" in wrong and "Điều 15" in wrong
    assert "period_ends_on" in refusal(
        world,
        supervision,
        "decide_supervision",
        supervision_ground="post_rehab",
        decided_at="2026-12-05T07:30:00+07:00",
    )
    step(
        world,
        supervision,
        "decide_supervision",
        supervision_ground="post_rehab",
        period_ends_on="2028-12-03",
        decided_at="2026-12-05T07:30:00+07:00",
    )
    data = variables(world, supervision)
    assert (data["term_ends_on"], data["term_ends_text"]) == ("2028-12-03", "03/12/2028")
    fit = world.task(supervision, "fit_device")
    # Decided Saturday 05/12/2026 07:30 + 24 h = Sunday 06/12/2026 07:30 (khoản 1 Điều 17).
    assert vn(fit.deadline_at) == "06/12/2026 07:30"
    assert refusal(world, supervision, "fit_device", fitted_at="2026-12-05T07:00:00+07:00")["fitted_at"]


def test_post_rehab_refusal_gives_an_administrative_sanction_not_compulsory_rehab(world):
    post, supervision = post_rehab_supervision(world)
    world.travel("2026-12-05 07:40")
    step(
        world,
        supervision,
        "decide_supervision",
        supervision_ground="post_rehab",
        period_ends_on="2028-12-03",
        decided_at="2026-12-05T07:30:00+07:00",
    )
    step(world, supervision, "fit_device", fitted_at="2026-12-05T07:35:00+07:00")
    # First refusal to wear (điểm b khoản 1 Điều 24): record and reminder, 24 h to cure.
    world.travel("2027-01-15 10:00")
    violation(world, supervision, "b", "2027-01-15T09:00:00+07:00", "01/BB-VP")
    cure = world.task(supervision, "check_cure")
    # Recorded Friday 15/01/2027 09:00 + 24 h = Saturday 16/01/2027 09:00 (khoản 3 Điều 25).
    assert (vn(cure.deadline_at), cure.deadline_parameter) == ("16/01/2027 09:00", "esupervision_violation_cure_d")
    world.travel("2027-01-16 08:59")
    assert world.backend.timers.fire_due() == 0
    world.travel("2027-01-16 09:01")
    assert world.backend.timers.fire_due() == 1
    # Not cured in 24 h: not complying, but a person under post-rehab management is sanctioned
    # administratively (khoản 5 Điều 25), no compulsory dossier.
    assert open_ids(world, supervision) == ["impose_sanction"]
    assert world.task(supervision, "impose_sanction").deadline_at is None  # XLVPHC limits NOT FOUND
    step(world, supervision, "impose_sanction")
    # A second refusal: not complying at once, again a sanction.
    world.travel("2027-02-01 10:00")
    violation(world, supervision, "b", "2027-02-01T09:00:00+07:00", "02/BB-VP")
    assert open_ids(world, supervision) == ["impose_sanction"]
    step(world, supervision, "impose_sanction", noncompliance_recorded_at="2027-02-01T09:30:00+07:00")
    # Even damaging the device (điểm a): Điều 47 Luật covers only home/community rehab and methadone.
    world.travel("2027-02-03 10:00")
    violation(world, supervision, "a", "2027-02-03T09:00:00+07:00", "03/BB-VP")
    assert open_ids(world, supervision) == ["impose_sanction"]
    assert compulsory_children(world, supervision) == []
    assert dossier(world, supervision).status == "open"


# --- opened by hand ----------------------------------------------------------------------------


def test_parent_request_for_a_minor_twenty_four_hours_reminders_and_the_third_flat_battery(world):
    world.travel("2026-12-05 16:10")
    supervision = open_by_hand(world, "2026-12-05", birth_date="2011-03-20", person_name="Lê Minh Khang")
    basis = {
        "basis": "parent_request",
        "source_decision_number": None,
        "source_decision_on": "2026-12-05",
        "source_received_at": "2026-12-05T16:00:00+07:00",
    }
    assert "requester_name" in refusal(world, supervision, "record_basis", **basis)
    step(world, supervision, "record_basis", **basis, requester_name="Lê Văn Hùng (cha)")
    decide = world.task(supervision, "decide_supervision")
    # Request received Saturday 05/12/2026 16:00 + 24 h = Sunday 06/12/2026 16:00 (điểm b khoản 2 Điều 16).
    assert (vn(decide.deadline_at), decide.deadline_parameter) == (
        "06/12/2026 16:00",
        "esupervision_decision_on_request_d",
    )
    world.travel("2026-12-06 15:00")
    [wrong] = refusal(
        world, supervision, "decide_supervision", supervision_ground="methadone", decided_at="2026-12-06T14:00:00+07:00"
    )["_schema"]
    assert "cha mẹ" in wrong
    # The voluntary rehab ends on 30/06/2027, less than 01 year after the decision: the term ends then
    # (điểm a khoản 2 Điều 15), not on 06/12/2027.
    step(
        world,
        supervision,
        "decide_supervision",
        supervision_ground="minor_parent_request",
        decided_at="2026-12-06T14:00:00+07:00",
        period_ends_on="2027-06-30",
        source_decision_number=None,
    )
    assert variables(world, supervision)["term_ends_on"] == "2027-06-30"
    step(world, supervision, "fit_device", fitted_at="2026-12-06T14:45:00+07:00", parents_notified=True)
    # Fitted 06/12/2026 + 06 months: exemption considered from 07/06/2027 00:00 (khoản 3 Điều 20).
    assert variables(world, supervision)["exemption_eligible_at"] == "2027-06-07T00:00:00+07:00"
    # Battery flat (điểm d), then not back in 24 hours after a pause (điểm đ): the first two are
    # reminders, each cured; the third is non-compliance (khoản 4 Điều 25).
    world.travel("2027-01-10 10:00")
    violation(world, supervision, "d", "2027-01-10T08:00:00+07:00", "01/BB-VP")
    step(world, supervision, "check_cure", cured_at="2027-01-10T09:30:00+07:00")
    world.travel("2027-02-10 10:00")
    violation(world, supervision, "dd", "2027-02-10T08:00:00+07:00", "02/BB-VP")
    step(world, supervision, "check_cure", cured_at="2027-02-10T09:30:00+07:00")
    assert compulsory_children(world, supervision) == []
    world.travel("2027-03-10 10:00")
    violation(world, supervision, "d", "2027-03-10T08:00:00+07:00", "03/BB-VP")
    [minor] = compulsory_children(world, supervision)
    # 15 years old on 10/03/2027 (born 20/03/2011): the minors' procedure, ground điểm đ khoản 1 Điều 36.
    assert (minor.kind, minor.regime) == ("minor_compulsory_rehab", "D")
    assert {
        "discovered_on": "2027-03-10",
        "legal_ground": "article_47",
        "esupervision_violation": "d",
        "esupervision_record_number": "03/BB-VP",
        "esupervision_recorded_at": "2027-03-10T08:00:00+07:00",
    }.items() <= opened_with(world, minor.id).items()
    # Supervision goes on until the person is taken to the facility; a violation bars the exemption.
    assert open_ids(world, supervision) == ["supervise"]
    world.travel("2027-06-08 10:00")
    [barred] = refusal(
        world,
        supervision,
        "supervise",
        event="exemption",
        event_at="2027-06-08T09:00:00+07:00",
        event_decision_number="02/QĐ-MGSĐT",
        removal_kind=None,
    )["_schema"]
    assert "khoản 3 Điều 20" in barred and "vi phạm" in barred
    step(
        world,
        supervision,
        "supervise",
        event="end",
        end_reason="facility",
        event_decision_number="03/QĐ-CDGSĐT",
        event_at="2027-06-08T09:00:00+07:00",
        removal_kind=None,
    )
    assert (dossier(world, supervision).status, dossier(world, supervision).outcome) == ("closed", "end_ended")


def test_methadone_fitting_across_tet_new_decision_after_a_violation_and_the_second_removal(world):
    world.travel("2027-02-05 08:00")
    supervision = open_by_hand(world, "2027-02-04")
    step(
        world,
        supervision,
        "record_basis",
        source_decision_on="2027-02-04",
        source_received_at="2027-02-04T22:00:00+07:00",
    )
    # Notice received Thursday 04/02/2027 22:00 + 12 h = Friday 05/02/2027 10:00 (a Tết day off).
    assert vn(world.task(supervision, "decide_supervision").deadline_at) == "05/02/2027 10:00"
    world.travel("2027-02-05 09:30")
    step(
        world,
        supervision,
        "decide_supervision",
        decided_at="2027-02-05T09:00:00+07:00",
        source_received_at="2027-02-04T22:00:00+07:00",
    )
    # Methadone: 02 years from 05/02/2027, the day the decision takes effect (điểm b khoản 1 Điều 15).
    assert variables(world, supervision)["term_ends_on"] == "2029-02-05"
    fit = world.task(supervision, "fit_device")
    # Effective Friday 05/02/2027 09:00 + 24 h = Saturday 06/02/2027 09:00, Mùng 1 Tết: hours ignore days off.
    assert (vn(fit.deadline_at), fit.deadline_parameter) == ("06/02/2027 09:00", "esupervision_fitting_d")
    world.travel("2027-02-06 08:30")
    step(world, supervision, "fit_device", fitted_at="2027-02-06T08:00:00+07:00")
    # First removal (điểm c): reminder, cured in time; a methadone patient then gets a new decision
    # within 24 h of the violation record (khoản 6 Điều 25, điểm b khoản 2 Điều 16).
    world.travel("2027-05-03 10:00")
    violation(world, supervision, "c", "2027-05-03T09:00:00+07:00", "01/BB-VP")
    step(world, supervision, "check_cure", cured_at="2027-05-03T09:40:00+07:00")
    decide = world.task(supervision, "decide_supervision")
    # Recorded Monday 03/05/2027 09:00 + 24 h = Tuesday 04/05/2027 09:00.
    assert (vn(decide.deadline_at), decide.deadline_parameter) == (
        "04/05/2027 09:00",
        "esupervision_decision_on_request_d",
    )
    world.travel("2027-05-03 15:30")
    step(world, supervision, "decide_supervision", decision_number="02/QĐ-GSĐT", decided_at="2027-05-03T15:00:00+07:00")
    # 02 years from the new decision, 03/05/2027; the device is on already: no new fitting.
    assert open_ids(world, supervision) == ["supervise"]
    assert variables(world, supervision)["term_ends_on"] == "2029-05-03"
    # Second removal (điểm c, "từ lần thứ 2"): non-compliance, compulsory rehab for an adult
    # (khoản 3 Điều 25; khoản 2 Điều 47, điểm đ khoản 1 Điều 35 Luật).
    world.travel("2027-06-01 10:00")
    violation(world, supervision, "c", "2027-06-01T09:00:00+07:00", "02/BB-VP")
    [adult] = compulsory_children(world, supervision)
    assert (adult.kind, adult.regime, adult.process_id) == ("compulsory_rehab", "D", "compulsory_rehab_2026_07")
    assert {
        "discovered_on": "2027-06-01",
        "ground": "other_cases",
        "art35_ground": "other_cases",
        "esupervision_violation": "c",
        "esupervision_record_number": "02/BB-VP",
        "esupervision_recorded_at": "2027-06-01T09:00:00+07:00",
    }.items() <= opened_with(world, adult.id).items()
    # No new decision once referred; supervision goes on until the person goes to the facility.
    assert open_ids(world, supervision) == ["supervise"]


@pytest.mark.parametrize(
    ("violations", "compulsory_on"),
    [
        # Damage (điểm a): compulsory at once (khoản 2 Điều 25).
        ([("a", None)], "2027-01-11"),
        # Refusal (điểm b) not cured within 24 h: 11/01/2027 09:00 + 24 h = 12/01/2027 09:00 (khoản 3 Điều 25).
        ([("b", "timer")], "2027-01-12"),
        # Refusal cured, then removal (điểm c): the second b/c violation (khoản 3 Điều 25).
        ([("b", "cured"), ("c", None)], "2027-02-11"),
        # Flat battery, not back after a pause, cured; the third d/đ violation (khoản 4 Điều 25).
        ([("d", "cured"), ("dd", "cured"), ("d", None)], "2027-03-11"),
        # Flat battery not cured within 24 h (khoản 4 Điều 25).
        ([("d", "timer")], "2027-01-12"),
    ],
)
def test_violation_thresholds_of_article_25(world, violations, compulsory_on):
    supervision = voluntary_supervision(world)
    for month, (kind, then) in enumerate(violations, start=1):
        world.travel(f"2027-{month:02d}-11 10:00")
        assert compulsory_children(world, supervision) == []
        violation(world, supervision, kind, f"2027-{month:02d}-11T09:00:00+07:00", f"{month:02d}/BB-VP")
        if then == "cured":
            step(world, supervision, "check_cure", cured_at=f"2027-{month:02d}-11T09:30:00+07:00")
        elif then == "timer":
            world.travel(f"2027-{month:02d}-12 09:01")
            assert world.backend.timers.fire_due() == 1
    [adult] = compulsory_children(world, supervision)
    assert (adult.kind, opened_with(world, adult.id)["discovered_on"]) == ("compulsory_rehab", compulsory_on)
    # A later non-compliance does not open a second compulsory dossier.
    world.travel("2027-05-20 10:00")
    violation(world, supervision, "a", "2027-05-20T09:00:00+07:00", "09/BB-VP")
    assert len(compulsory_children(world, supervision)) == 1
    assert open_ids(world, supervision) == ["supervise"]


def test_damage_handled_under_criminal_law_is_not_a_compulsory_ground(world):
    supervision = voluntary_supervision(world)
    world.travel("2027-01-11 10:00")
    refused = refusal(
        world,
        supervision,
        "supervise",
        event="violation",
        event_at="2027-01-11T09:00:00+07:00",
        violation_kind="b",
        record_number="01/BB-VP",
        criminal_case=True,
        removal_kind=None,
    )
    assert "criminal_case" in refused
    violation(world, supervision, "a", "2027-01-11T09:00:00+07:00", "01/BB-VP", criminal_case=True)
    assert compulsory_children(world, supervision) == []
    assert open_ids(world, supervision) == ["supervise"]


def test_exemption_after_one_year_without_violation(world):
    supervision = voluntary_supervision(world)
    # Fitted 05/12/2026 + 01 year: considered from 06/12/2027 00:00 (khoản 3 Điều 20).
    world.travel("2027-12-05 10:00")
    exemption = {"event": "exemption", "event_decision_number": "05/QĐ-MGSĐT", "removal_kind": None}
    [early] = refusal(world, supervision, "supervise", event_at="2027-12-05T09:00:00+07:00", **exemption)["_schema"]
    assert "00:00 ngày 06/12/2027" in early
    assert "event_decision_number" in refusal(
        world, supervision, "supervise", event="exemption", event_at="2027-12-05T09:00:00+07:00", removal_kind=None
    )
    world.travel("2027-12-06 10:00")
    step(world, supervision, "supervise", event_at="2027-12-06T09:00:00+07:00", **exemption)
    assert (dossier(world, supervision).status, dossier(world, supervision).outcome) == ("closed", "end_exempted")


def test_records_a_changed_period_and_ends_at_the_term(world):
    supervision = voluntary_supervision(world)
    # Records only (Điều 19, 20): the supervision goes on.
    world.travel("2027-01-10 10:00")
    step(world, supervision, "supervise")
    step(
        world,
        supervision,
        "supervise",
        event="pause",
        pause_reason="prison",
        event_decision_number="01/QĐ-TDGSĐT",
        event_at="2027-01-10T09:30:00+07:00",
        removal_kind=None,
    )
    step(world, supervision, "supervise", event="resume", event_at="2027-01-10T09:45:00+07:00", removal_kind=None)
    world.travel("2027-11-02 10:00")
    step(
        world,
        supervision,
        "supervise",
        event="term_changed",
        new_period_ends_on="2027-12-15",
        event_at="2027-11-02T09:00:00+07:00",
        removal_kind=None,
    )
    assert variables(world, supervision)["term_ends_on"] == "2027-12-15"
    # The term ends with 15/12/2027: the timer fires after midnight (điểm a khoản 4 Điều 20).
    world.travel("2027-12-15 23:59")
    assert world.backend.timers.fire_due() == 0
    world.travel("2027-12-16 00:01")
    assert world.backend.timers.fire_due() == 1
    end = world.task(supervision, "end_at_term")
    assert end.deadline_at is None  # no limit for the end decision (UNVERIFIED)
    world.travel("2027-12-16 09:00")
    step(world, supervision, "end_at_term", end_decided_at="2027-12-16T08:00:00+07:00")
    assert (dossier(world, supervision).status, dossier(world, supervision).outcome) == ("closed", "end_term")


def test_a_move_is_handed_over_within_twenty_four_hours(world):
    supervision = voluntary_supervision(world)
    world.travel("2027-03-01 18:00")
    step(
        world,
        supervision,
        "supervise",
        event="moved",
        move_completed_at="2027-03-01T16:00:00+07:00",
        new_commune="Công an Phường Tân Phong",
        event_at="2027-03-01T17:00:00+07:00",
        removal_kind=None,
    )
    handover = world.task(supervision, "hand_over_supervision")
    # Move completed Monday 01/03/2027 16:00 + 24 h = Tuesday 02/03/2027 16:00 (khoản 2 Điều 21).
    assert (vn(handover.deadline_at), handover.deadline_status) == ("02/03/2027 16:00", "UNVERIFIED")
    world.travel("2027-03-02 10:00")
    step(world, supervision, "hand_over_supervision")
    assert (dossier(world, supervision).status, dossier(world, supervision).outcome) == ("closed", "end_handed_over")


@pytest.mark.parametrize(("stable_residence", "open_steps"), [(True, []), (False, ["decide_supervision"])])
def test_a_minor_under_post_rehab_is_supervised_only_without_a_stable_residence(world, stable_residence, open_steps):
    parent = open_parent(world, birth_date="2011-03-20")
    world.travel("2026-12-04 20:30")
    child = start_phase(
        world,
        parent,
        "start_electronic_supervision",
        {
            "discovered_on": "2026-12-04",
            "basis": "post_rehab",
            "basis_decided_at": "2026-12-04T20:00:00+07:00",
            "stable_residence": stable_residence,
        },
    )
    # Điều 15 khoản 2: with a stable residence, only on a parent's request (a dossier opened by hand).
    assert open_ids(world, child.id) == open_steps
    if stable_residence:
        assert (dossier(world, child.id).status, dossier(world, child.id).outcome) == ("closed", "end_not_applicable")


def test_the_decision_prints_as_form_02_of_annex_i(world):
    supervision = voluntary_supervision(world)
    _, pdf = world.backend.documents.issue(world.user(POLICE), supervision, "nd163_p1_02", "http://x")
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    # The ground and the term in words come from the decision's data (Điều 15 NĐ 163).
    expected = ("Mẫu số 02", "Phạm Văn Dũng", "01/QĐ-GSĐT", "Người cai nghiện ma túy tự nguyện", "31/12/2027")
    for part in expected:
        assert part in text, part
