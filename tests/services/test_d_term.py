"""Regime D: the term at the public rehab facility (facility_term_2026_07) and post-rehab
management (post_rehab_management_2026_07), every path through the services with the
real regime table, deadlines computed by hand in the comments.

The facility term is started by the message start_facility_term of another procedure; here
the message is thrown by hand from a parent dossier of the same person (an addiction
determination opened in Phường Hòa Bình, Tỉnh Minh Họa Mới), so that these tests depend on
no other Regime D model."""

from __future__ import annotations

import copy
from datetime import date, datetime
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from demo.regime_d.term import ACTOR, FACILITY_TERM, FORM_DATA, POST_REHAB
from engine import ValidationFailed
from engine.clock import VN_TZ
from engine.persistence.tables import AuditEvent, Dossier, Task
from engine.persistence.unit_of_work import latest_instance
from engine.runtime.instance import ThrownMessage, ready_tasks

LAW_29 = "khoản 1 Điều 29 Luật Phòng, chống ma túy số 120/2025/QH15"
HOA_BINH = 2  # index of Phường Hòa Bình in the demo communes


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


def open_parent(world, birth_date="1990-05-17", name="Phạm Văn Dũng") -> int:
    """The person's first dossier (a determination opened under Regime C): the parent of the
    phases the tests start by message."""
    payload = {
        "person_name": name,
        "person_birth_date": birth_date,
        "id_number": "001090054321",
        "residence": "Tổ dân phố 3, phường Hòa Bình",
        "commune_code": world.directory.communes[HOA_BINH],
        "discovered_on": "2026-06-15",
        "stable_residence": True,
    }
    world.travel("2026-06-15 09:00")
    return world.open_recognising(world.user("commune_police_3"), payload, "addiction_determination")


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


def term_payload(**overrides) -> dict:
    payload = {
        "completion_type": "adult_compulsory",
        "discovered_on": "2026-08-03",
        "admitted_on": "2026-08-03",
        "credit_from": None,
        "facility_name": "Cơ sở cai nghiện ma túy số 1",
        "is_minor": False,
    }
    payload.update(overrides)
    return payload


def start_term(world, parent_id, **overrides) -> int:
    """Admitted on Monday 03/08/2026 (unless overridden)."""
    world.travel("2026-08-03 09:00")
    child = start_phase(world, parent_id, "start_facility_term", term_payload(**overrides))
    assert (child.kind, child.regime, child.process_id) == ("facility_term", "D", FACILITY_TERM)
    return child.id


def prints(world, dossier_id, code, *expected) -> None:
    """The document prints from the dossier (officer of its step), naming the person and `expected`."""
    _, pdf = world.backend.documents.issue(world.user("admin"), dossier_id, code, "http://127.0.0.1:5000")
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    for part in ("Phạm Văn Dũng", "163/2026/NĐ-CP", *expected):
        assert part in text, (code, part)


def form(process_id, task_id, **overrides) -> dict:
    payload = copy.deepcopy(FORM_DATA[process_id][task_id])
    payload.update(overrides)
    return {key: value for key, value in payload.items() if value is not None}


def step(world, dossier_id, task_id, **overrides) -> Task:
    process_id = dossier(world, dossier_id).process_id
    return world.complete(ACTOR[process_id][task_id], dossier_id, task_id, form(process_id, task_id, **overrides))


def refusal(world, dossier_id, task_id, **overrides) -> dict:
    with pytest.raises(ValidationFailed) as failed:
        step(world, dossier_id, task_id, **overrides)
    return failed.value.errors


def open_ids(world, dossier_id) -> list[str]:
    return [task.bpmn_id for task in world.open_tasks(dossier_id)]


def agency(world, key) -> int:
    return world.directory.agencies[key]


def vn(moment: datetime) -> str:
    """An instant as the officer reads it, in Vietnam time."""
    return moment.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M")


def variables(world, dossier_id) -> dict:
    """The process data an open step of the dossier sees (start data, computed dates)."""
    backend = world.backend
    with backend.read_session() as session:
        instance = latest_instance(session, dossier_id)
        bundle = backend.models.bundle(session, instance.spec_version)
        workflow = backend.dossiers._runtime.load(instance, bundle, backend.dossiers._settings.current)
    [task, *_] = ready_tasks(workflow).values()
    return dict(task.data)


def abscond(world, term, task_id, absconded_at) -> None:
    """The facility records an escape on its open step (the notice or the certificate)."""
    world.complete("rehab_facility_new", term, task_id, {"term_event": "absconded", "absconded_at": absconded_at})


def to_notice(world, **overrides) -> tuple[int, int]:
    """A first rehab admitted 03/08/2026, confirmed: the notice step is open."""
    parent = open_parent(world, **overrides)
    term = start_term(world, parent)
    step(world, term, "confirm_term")
    return parent, term


# --- facility term: the 24/36-month term from the history -----------------------------------------


def test_first_rehab_is_24_months_and_a_repeat_claim_is_refused(world):
    parent = open_parent(world)
    term = start_term(world, parent)
    confirm = world.task(term, "confirm_term")
    assert confirm.agency_id == agency(world, "rehab_facility_new")
    assert confirm.deadline_on is None  # no limit in the texts (rehab_term_confirmation_d, UNVERIFIED)
    assert variables(world, term)["prior_rehab_episodes"] == 0

    # No earlier episode in the system: "from the second time" is refused, citing the article.
    errors = refusal(world, term, "confirm_term", episode_count_confirmed="repeat")
    assert LAW_29 in errors["_schema"][0] and "24 tháng" in errors["_schema"][0]

    step(world, term, "confirm_term")
    # 03/08/2026 + 24 months = 03/08/2028 (Thursday); at the latest 30 days before:
    # 03/08/2028 - 30 days = 04/07/2028 (Tuesday, a working day).
    notice = world.task(term, "notify_term_end")
    assert notice.deadline_parameter == "facility_end_notice_d"
    assert notice.deadline_on == date(2028, 7, 4)
    assert variables(world, term)["term_months"] == 24


def test_second_rehab_is_36_months_minus_interim_management_and_a_first_claim_is_refused(world):
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
    assert (earlier.regime, earlier.process_id) == ("C", "facility_term")  # the old term, old model
    # Interim management at the facility from 20/07/2026, admitted 03/08/2026: 14 days credited.
    term = start_term(world, parent, credit_from="2026-07-20")
    start = variables(world, term)
    assert start["prior_rehab_episodes"] == 1 and earlier.number in start["prior_rehab_history"][0]

    # The history shows an earlier episode: "first" is refused, naming it and the article.
    [message] = refusal(world, term, "confirm_term", episode_count_confirmed="first")["_schema"]
    assert earlier.number in message and LAW_29 in message and "36 tháng" in message

    step(world, term, "confirm_term", episode_count_confirmed="repeat")
    # 03/08/2026 + 36 months = 03/08/2029, minus 14 days of interim management = 20/07/2029
    # (Friday); notice at the latest 30 days before: 20/06/2029 (Wednesday).
    data = variables(world, term)
    assert (data["term_months"], data["term_ends_on"]) == (36, "2029-07-20")
    assert world.task(term, "notify_term_end").deadline_on == date(2029, 6, 20)


# --- facility term: notice, post-rehab proposal, certificate --------------------------------------


def test_notice_starts_post_rehab_and_the_certificate_is_issued_in_the_last_24_hours(world):
    parent, term = to_notice(world)
    world.travel("2028-06-26 09:00")  # Monday
    step(world, term, "notify_term_end")
    prints(world, term, "nd163_51", "51/TB-CSCN", "03/08/2028")
    [post] = children(world, term, "post_rehab_management")
    assert (post.regime, post.process_id) == ("D", POST_REHAB)
    start = opened_with(world, post.id)
    assert (start["completion_type"], start["returned_on"], start["term_ends_on"]) == (
        "adult_compulsory",
        None,
        "2028-08-03",
    )
    propose = world.task(post.id, "propose_post_rehab")
    # Received through the system on Monday 26/06/2028: 02 working days -> Wednesday 28/06/2028.
    assert (propose.agency_id, propose.deadline_on) == (agency(world, "commune_police_3"), date(2028, 6, 28))

    # The certificate: due at the completion, 24:00 of 03/08/2028 (= 04/08/2028 00:00).
    certificate = world.task(term, "issue_completion_certificate")
    assert certificate.deadline_parameter == "facility_completion_certificate_d"
    assert vn(certificate.deadline_at) == "04/08/2028 00:00"
    world.travel("2028-08-02 10:00")
    [early] = refusal(world, term, "issue_completion_certificate", certificate_issued_at="2028-08-02T10:00:00+07:00")[
        "_schema"
    ]
    assert "24 giờ trước khi người cai nghiện hoàn thành" in early and "00 giờ 00 phút ngày 03/08/2028" in early
    world.travel("2028-08-03 08:30")
    [wrong_day] = refusal(world, term, "issue_completion_certificate", completed_on="2028-08-04")["_schema"]
    assert "03/08/2028" in wrong_day
    step(world, term, "issue_completion_certificate", certificate_issued_at="2028-08-03T08:30:00+07:00")
    prints(world, term, "nd163_50", "03/08/2028")
    closed = dossier(world, term)
    assert (closed.status, closed.outcome) == ("closed", "completed")
    assert len(children(world, term, "post_rehab_management")) == 1  # the end throws nothing more


def test_no_residence_and_unable_to_work_goes_to_social_protection_15_days_before(world):
    parent, term = to_notice(world)
    world.travel("2028-06-26 09:00")
    step(world, term, "notify_term_end", social_protection=True)
    # 03/08/2028 - 15 days = 19/07/2028 (Wednesday).
    task = world.task(term, "prepare_social_protection")
    assert (task.deadline_parameter, task.deadline_on) == ("social_protection_transfer_d", date(2028, 7, 19))
    world.travel("2028-07-10 09:00")
    step(world, term, "prepare_social_protection")
    assert open_ids(world, term) == ["issue_completion_certificate"]


# --- facility term: absconding ---------------------------------------------------------------------


def test_absconding_is_notified_in_24_hours_and_the_time_away_extends_the_term(world):
    parent, term = to_notice(world)
    world.travel("2027-03-14 07:00")
    abscond(world, term, "notify_term_end", "2027-03-13T22:00:00+07:00")
    # Escaped Saturday 13/03/2027 22:00 + 24 h = Sunday 14/03/2027 22:00 (clock hours, weekend included).
    notice = world.task(term, "handle_absconding")
    assert notice.deadline_parameter == "absconding_notice_d"
    assert vn(notice.deadline_at) == "14/03/2027 22:00"
    errors = refusal(world, term, "handle_absconding", search_decided_at="2027-03-13T21:00:00+07:00")
    assert "bỏ trốn" in errors["search_decided_at"][0] and "13/03/2027 22:00" in errors["search_decided_at"][0]
    step(
        world,
        term,
        "handle_absconding",
        search_decided_at="2027-03-14T06:30:00+07:00",
        commune_police_notified_at="2027-03-14T06:45:00+07:00",
    )
    assert world.task(term, "record_return").deadline_on is None  # waits until the person is found
    world.travel("2027-03-20 10:00")
    step(world, term, "record_return", returned_at="2027-03-20T09:00:00+07:00")
    # Away 13/03 22:00 -> 20/03 09:00 = 6 days 11 hours, rounded up to 7 days:
    # 03/08/2028 + 7 = 10/08/2028 (Thursday); the notice by 10/08/2028 - 30 days = 11/07/2028 (Tuesday).
    assert variables(world, term)["term_ends_on"] == "2028-08-10"
    assert world.task(term, "notify_term_end").deadline_on == date(2028, 7, 11)


def test_absconding_after_the_notice_means_a_new_notice_but_no_second_post_rehab_dossier(world):
    parent, term = to_notice(world)
    world.travel("2028-06-26 09:00")
    step(world, term, "notify_term_end")
    world.travel("2028-07-02 08:00")
    abscond(world, term, "issue_completion_certificate", "2028-07-01T20:00:00+07:00")
    step(
        world,
        term,
        "handle_absconding",
        search_decided_at="2028-07-01T21:00:00+07:00",
        commune_police_notified_at="2028-07-02T07:00:00+07:00",
    )
    world.travel("2028-07-04 12:00")
    step(world, term, "record_return", returned_at="2028-07-04T11:00:00+07:00")
    # Away 01/07 20:00 -> 04/07 11:00 = 2 days 15 hours -> 3 days: end 06/08/2028 (Sunday);
    # the new notice was due 07/07/2028 (Friday): 06/08 - 30 days.
    assert world.task(term, "notify_term_end").deadline_on == date(2028, 7, 7)
    step(world, term, "notify_term_end", notice_number="51b/TB-CSCN", notice_on="2028-07-04")
    assert len(children(world, term, "post_rehab_management")) == 1
    certificate = world.task(term, "issue_completion_certificate")
    assert vn(certificate.deadline_at) == "07/08/2028 00:00"


# --- facility term: a minor turns 18 ------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth_date", "turns_18", "transferred"),
    [
        # Turns 18 on Monday 03/04/2028; the term ends 03/08/2028: 4 months left (>= 03 months).
        ("2010-04-03", "2028-04-03 00:01", True),
        # Turns 18 on Saturday 03/06/2028: 2 months left, stays where he is.
        ("2010-06-03", "2028-06-03 00:01", False),
    ],
)
def test_a_minor_turning_18_moves_to_an_adult_facility_only_with_3_months_left(
    world, birth_date, turns_18, transferred
):
    parent = open_parent(world, birth_date=birth_date, name="Lê Minh Khang")
    term = start_term(world, parent, completion_type="minor_compulsory", is_minor=True)
    step(world, term, "confirm_term")
    world.travel("2028-04-02 23:00")
    world.backend.timers.fire_due()
    assert open_ids(world, term) == ["notify_term_end"]  # not yet 18
    world.travel(turns_18)
    assert world.backend.timers.fire_due() == 1
    if transferred:
        task = world.task(term, "transfer_to_adult_facility")
        assert (task.agency_id, task.deadline_parameter, task.deadline_on) == (
            agency(world, "rehab_facility_new"),
            "minor_adult_transfer_d",
            None,  # who decides and by when: NOT FOUND
        )
        step(world, term, "transfer_to_adult_facility", transferred_on=turns_18[:10])
    assert open_ids(world, term) == ["notify_term_end"]
    assert world.task(term, "notify_term_end").deadline_on == date(2028, 7, 4)  # the term does not change
    # The check is done once: no timer is left for it.
    world.travel("2028-07-01 09:00")
    assert world.backend.timers.fire_due() == 0


def test_an_adult_has_no_check_at_18(world):
    parent, term = to_notice(world)
    world.travel("2028-08-05 09:00")  # past the end, the notice still open (overdue)
    assert world.backend.timers.fire_due() == 0
    assert open_ids(world, term) == ["notify_term_end"]


# --- post-rehab ----------------------------------------------------------------------------------


def to_post_rehab(world) -> tuple[int, int]:
    """The facility notifies on Monday 26/06/2028; the police propose on 27/06."""
    parent, term = to_notice(world)
    world.travel("2028-06-26 09:00")
    step(world, term, "notify_term_end")
    [post] = children(world, term, "post_rehab_management")
    world.travel("2028-06-27 09:00")
    errors = refusal(world, post.id, "propose_post_rehab", notice_received_on="2028-06-25", proposal_on="2028-06-27")
    assert "26/06/2028" in errors["notice_received_on"][0]
    step(world, post.id, "propose_post_rehab", notice_received_on="2028-06-26", proposal_on="2028-06-27")
    return term, post.id


def test_adult_post_rehab_two_years_with_electronic_supervision_and_the_certificate_window(world):
    term, post = to_post_rehab(world)
    decide = world.task(post, "decide_post_rehab")
    assert decide.agency_id == agency(world, "commune_committee_3")
    assert decide.deadline_on is None  # no limit in NĐ 163 Art. 134 (post_rehab_decision_d, UNVERIFIED)
    world.travel("2028-06-29 10:00")
    step(world, post, "decide_post_rehab", decided_at="2028-06-29T09:00:00+07:00")
    [supervision] = children(world, post, "electronic_supervision")
    assert {
        "discovered_on": "2028-06-29",
        "basis": "post_rehab",
        "basis_decided_at": "2028-06-29T09:00:00+07:00",
    }.items() <= opened_with(world, supervision.id).items()
    # The completion is recorded from the copy of Mẫu 50 (the post-rehab term runs from it).
    assert open_ids(world, post) == ["record_completion"]
    world.travel("2028-08-03 10:00")
    step(world, term, "issue_completion_certificate", certificate_issued_at="2028-08-03T08:30:00+07:00")
    step(world, post, "record_completion")
    # 03/08/2028 + 2 years = 03/08/2030 (Saturday): the certificate window is the 03 working days
    # before it: Wed 31/07, Thu 01/08, Fri 02/08/2030; due on Friday 02/08/2030.
    assert variables(world, post)["post_rehab_ends_on"] == "2030-08-03"
    assert world.task(post, "supervise").deadline_on is None  # no check period in the texts
    step(world, post, "supervise", checked_on="2028-08-03")
    world.travel("2030-07-30 23:59")
    assert world.backend.timers.fire_due() == 0
    world.travel("2030-07-31 00:01")  # SpiffWorkflow fires a timer once its instant has passed
    assert world.backend.timers.fire_due() == 1
    certificate = world.task(post, "issue_post_rehab_certificate")
    assert (certificate.agency_id, certificate.deadline_on) == (agency(world, "commune_committee_3"), date(2030, 8, 2))
    world.travel("2030-07-31 09:00")
    [early] = refusal(world, post, "issue_post_rehab_certificate", issued_on="2030-07-30")["_schema"]
    assert "từ ngày 31/07/2030" in early and "Điều 138" in early
    step(world, post, "issue_post_rehab_certificate", issued_on="2030-07-31")
    for code in ("nd163_52", "nd163_53", "nd163_56"):
        prints(world, post, code)
    assert (dossier(world, post).status, dossier(world, post).outcome) == ("closed", "completed")


def test_minor_post_rehab_is_one_year(world):
    parent = open_parent(world, birth_date="2010-04-03", name="Lê Minh Khang")
    world.travel("2028-08-03 10:00")
    post = start_phase(
        world,
        parent,
        "start_post_rehab",
        {"completion_type": "minor_compulsory", "returned_on": "2028-08-03", "discovered_on": "2028-08-03"},
    )
    assert post.process_id == POST_REHAB
    step(world, post.id, "propose_post_rehab", notice_received_on="2028-08-03", proposal_on="2028-08-03")
    step(world, post.id, "decide_post_rehab", decided_at="2028-08-03T09:30:00+07:00")
    # Completed already: no waiting for the certificate copy. 03/08/2028 + 1 year = 03/08/2029
    # (Friday); window from 31/07/2029 (3 working days before: Tue 31/07, Wed 01/08, Thu 02/08).
    assert open_ids(world, post.id) == ["supervise"]
    data = variables(world, post.id)
    assert (data["post_rehab_ends_on"], data["post_rehab_months"]) == ("2029-08-03", 12)
    assert data["certificate_window_opens_at"] == "2029-07-31T00:00:00+07:00"


def supervised(world) -> int:
    """Adult post-rehab from 03/08/2028 (already completed), under supervision."""
    parent = open_parent(world)
    world.travel("2028-08-03 10:00")
    post = start_phase(
        world,
        parent,
        "start_post_rehab",
        {"completion_type": "adult_compulsory", "returned_on": "2028-08-03", "discovered_on": "2028-08-03"},
    ).id
    step(world, post, "propose_post_rehab", notice_received_on="2028-08-03", proposal_on="2028-08-03")
    step(world, post, "decide_post_rehab", decided_at="2028-08-03T09:30:00+07:00")
    return post


def test_a_move_is_notified_to_the_new_commune_within_24_hours(world):
    post = supervised(world)
    world.travel("2028-12-03 08:00")
    step(
        world,
        post,
        "supervise",
        checked_on="2028-12-03",
        supervision_outcome="moved",
        moved_at="2028-12-02T16:00:00+07:00",
        new_commune="Công an Xã Đông Sơn",
        new_residence="Thôn 2, xã Đông Sơn",
    )
    # Left on Saturday 02/12/2028 16:00 + 24 h = Sunday 03/12/2028 16:00.
    notice = world.task(post, "notify_new_commune")
    assert (notice.deadline_parameter, vn(notice.deadline_at)) == ("post_rehab_move_notice_d", "03/12/2028 16:00")
    errors = refusal(world, post, "notify_new_commune", notice_sent_at="2028-12-02T15:00:00+07:00")
    assert "02/12/2028 16:00" in errors["notice_sent_at"][0]
    step(world, post, "notify_new_commune", notice_sent_at="2028-12-03T07:30:00+07:00")
    prints(world, post, "nd163_54", "Xã Đông Sơn")
    assert dossier(world, post).outcome == "moved"


def test_an_unreported_absence_is_added_to_the_term(world):
    post = supervised(world)
    world.travel("2028-10-10 09:00")
    step(
        world,
        post,
        "supervise",
        checked_on="2028-10-10",
        supervision_outcome="absent",
        absent_from="2028-10-01",
        absent_to="2028-10-05",
    )
    # 5 days away (01/10 to 05/10 inclusive): 03/08/2030 + 5 = 08/08/2030 (Thursday); the window
    # opens 3 working days before: Mon 05/08/2030.
    data = variables(world, post)
    assert (data["post_rehab_ends_on"], data["certificate_window_opens_at"]) == (
        "2030-08-08",
        "2030-08-05T00:00:00+07:00",
    )
    assert open_ids(world, post) == ["supervise"]


def test_relapse_goes_to_addiction_determination(world):
    post = supervised(world)
    world.travel("2028-10-10 09:00")
    errors = refusal(world, post, "supervise", checked_on="2028-10-10", supervision_outcome="relapse")
    assert "dương tính" in errors["test_result"][0]
    step(world, post, "supervise", checked_on="2028-10-10", supervision_outcome="relapse", test_result="positive")
    [determination] = children(world, post, "addiction_determination")
    assert opened_with(world, determination.id)["determination_case"] == "d"
    assert dossier(world, post).outcome == "relapse_to_determination"


def test_removal_from_the_list_ends_management(world):
    post = supervised(world)
    world.travel("2028-10-10 09:00")
    step(
        world,
        post,
        "supervise",
        checked_on="2028-10-10",
        supervision_outcome="removed",
        removal_reason="Chấp hành án phạt tù theo bản án số 12/2028/HS-ST.",
    )
    assert dossier(world, post).outcome == "removed"


# --- transitional: in rehab on 1/7/2026 (khoản 1 Điều 56 Luật 120/2025/QH15) ------------------------


@pytest.mark.parametrize(
    ("admitted_on", "term_months", "released_on", "process_id", "first_step"),
    [
        # Admitted 02/03/2026 for 12 months (the court's term under Law 73), released Tuesday
        # 02/03/2027: post-rehab under Law 120, 02 years.
        ("2026-03-02", 12, "2027-03-02", POST_REHAB, "propose_post_rehab"),
        # Released before 1/7/2026 (admitted 07/07/2025 for 11 months): the old post-rehab model.
        ("2025-07-07", 11, "2026-06-08", "post_rehab_management", "record_return_report"),
    ],
)
def test_the_old_term_finishes_on_the_old_model_then_post_rehab_follows_the_release_date(
    world, admitted_on, term_months, released_on, process_id, first_step
):
    parent = open_parent(world)
    world.travel("2026-07-01 09:00")
    old = start_phase(
        world,
        parent,
        "start_facility_term",
        {
            "completion_type": "adult_compulsory",
            "discovered_on": admitted_on,
            "admitted_on": admitted_on,
            "term_months": term_months,
            "credit_from": None,
        },
    )
    assert (old.regime, old.process_id) == ("C", "facility_term")  # the old term goes on (Art. 56(1))
    world.complete(
        "rehab_facility_new", old.id, "notify_term_end", {"notice_on": admitted_on, "recipients": "Tòa án; UBND xã."}
    )
    world.travel(f"{max(released_on, '2026-07-01')} 09:00")
    world.complete(
        "rehab_facility_new",
        old.id,
        "issue_completion_certificate",
        {"certificate_number": "46/GCN", "certificate_on": released_on, "released_on": released_on},
    )
    [post] = children(world, old.id)
    assert (post.kind, post.process_id) == ("post_rehab_management", process_id)
    assert open_ids(world, post.id) == [first_step]
    if process_id == POST_REHAB:
        # The proposal is due 02 working days after the dossier reached the commune police:
        # Tuesday 02/03/2027 -> Thursday 04/03/2027.
        assert world.task(post.id, "propose_post_rehab").deadline_on == date(2027, 3, 4)
        step(world, post.id, "propose_post_rehab", notice_received_on=released_on, proposal_on=released_on)
        step(world, post.id, "decide_post_rehab", decided_at=f"{released_on}T08:30:00+07:00")
        # Completed on 02/03/2027 (the old model's release day): 2 years -> 02/03/2029 (Friday).
        assert open_ids(world, post.id) == ["supervise"]
        assert variables(world, post.id)["post_rehab_ends_on"] == "2029-03-02"


def test_a_minor_turning_18_in_the_last_month_stays_and_the_certificate_step_goes_on(world):
    parent = open_parent(world, birth_date="2010-07-20", name="Lê Minh Khang")
    term = start_term(world, parent, completion_type="minor_compulsory", is_minor=True)
    step(world, term, "confirm_term")
    world.travel("2028-06-26 09:00")
    step(world, term, "notify_term_end")
    # Turns 18 on Thursday 20/07/2028, the term ends 03/08/2028: 14 days left, no transfer; the
    # check fires on the certificate step and brings it back with the same deadline.
    world.travel("2028-07-20 00:01")
    assert world.backend.timers.fire_due() == 1
    assert open_ids(world, term) == ["issue_completion_certificate"]
    assert vn(world.task(term, "issue_completion_certificate").deadline_at) == "04/08/2028 00:00"
