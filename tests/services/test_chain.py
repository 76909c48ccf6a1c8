"""The legal chain around the compulsory dossier, walked through the engine: addiction
determination, drug-user management, voluntary rehab, minors, the term at the facility
and post-rehab supervision, each phase starting the next as a new dossier of the same
person. Deadlines are checked against hand-computed dates.

Calendar facts used: Tết 16–20/02/2026 and 04–10/02/2027 off; weekends off."""

from datetime import date

import pytest
from sqlalchemy import select

from demo import steps
from engine import Forbidden, ValidationFailed
from engine.persistence.tables import AdministrativeUnit, AuditEvent, Dossier
from support.chain_walks import child_of, step, walk_compulsory_to_admission

D = date
ADULT = {
    "person_name": "Trần Văn Cường",
    "person_birth_date": "1990-05-17",
    "residence": "Thôn Đông",
    "discovered_on": "2026-02-09",
    "stable_residence": True,
}
MINOR = {**ADULT, "person_name": "Lê Minh Khang", "person_birth_date": "2010-01-01"}


def open_case(world, procedure, actor="commune_police_1", **person):
    payload = {**ADULT, "commune_code": world.directory.communes[0], **person}
    if procedure == "minor_compulsory_rehab":
        payload.setdefault("ground", "quit_voluntary")
    return world.open_recognising(world.user(actor), payload, procedure)


def deadline(world, dossier_id, bpmn_id):
    return world.task(dossier_id, bpmn_id).deadline_on


def dossier(world, dossier_id) -> Dossier:
    with world.backend.read_session() as session:
        return session.get(Dossier, dossier_id)


def opened_with(world, dossier_id) -> dict:
    """The start data an automatically opened dossier received (from its audit event)."""
    with world.backend.read_session() as session:
        return session.scalars(
            select(AuditEvent.data).where(AuditEvent.dossier_id == dossier_id, AuditEvent.action == "dossier_opened")
        ).one()


def determine(world, dossier_id, **result):
    """Police request on 10/02, person received the same day, result given."""
    step(world, dossier_id, "request_determination")
    step(world, dossier_id, "receive_person")
    step(world, dossier_id, "determine_addiction", **result)


def test_relapse_loop_from_determination_back_to_a_new_compulsory_dossier(world):
    """The first determination is in January, so the compulsory dossier it leads to can be
    recorded from 10/02 on (a record is never dated before the discovery it follows)."""
    world.travel("2026-01-05 09:00")
    first = open_case(world, "addiction_determination", discovered_on="2026-01-05")
    # Determination request: no verified limit (NĐ 109 not found) → no deadline.
    assert deadline(world, first, "request_determination") is None
    step(world, first, "request_determination", requested_on="2026-01-05")
    assert deadline(world, first, "receive_person") == D(2026, 1, 5)  # "chuyển ngay": same day
    step(world, first, "receive_person", received_on="2026-01-05")
    # 05 days from receipt on Mon 05/01 = Sat 10/01 → Mon 12/01 (BLDS Art. 148).
    assert deadline(world, first, "determine_addiction") == D(2026, 1, 12)
    step(world, first, "determine_addiction", result_on="2026-01-07")
    # 05 working days from the result on Wed 07/01: 8, 9, 12, 13, 14/01.
    assert deadline(world, first, "track_registration") == D(2026, 1, 14)
    step(world, first, "track_registration", checked_on="2026-01-15")

    compulsory = child_of(world, first)
    assert (compulsory.kind, compulsory.person_id) == ("compulsory_rehab", dossier(world, first).person_id)
    assert dossier(world, first).status == "closed"
    assert opened_with(world, compulsory.id)["ground"] == "no_registration"
    # 05 working days from the non-registration on Thu 15/01: 16, 19, 20, 21, 22/01.
    assert deadline(world, compulsory.id, "record_violation") == D(2026, 1, 22)
    walk_compulsory_to_admission(world, compulsory.id)
    assert dossier(world, compulsory.id).outcome == "admitted"

    facility = child_of(world, compulsory.id)
    assert facility.kind == "facility_term"
    # Admitted 16/03/2026 for 12 months: term ends 16/03/2027; notice at the latest
    # 15 days before: Mon 01/03/2027; the certificate on the last day.
    assert deadline(world, facility.id, "notify_term_end") == D(2027, 3, 1)
    world.travel("2027-02-26 09:00")
    step(world, facility.id, "notify_term_end")
    assert deadline(world, facility.id, "issue_completion_certificate") == D(2027, 3, 16)
    step(world, facility.id, "issue_completion_certificate")

    post = child_of(world, facility.id)
    assert (post.kind, opened_with(world, post.id)["completion_type"]) == ("post_rehab_management", "adult_compulsory")
    # Report within 05 working days of returning on Tue 16/03/2027: 17, 18, 19, 22, 23/03.
    assert deadline(world, post.id, "record_return_report") == D(2027, 3, 23)
    step(world, post.id, "record_return_report")
    # Dossier within 03 working days of the report on 18/03: 19, 22, 23/03.
    assert deadline(world, post.id, "propose_post_rehab") == D(2027, 3, 23)
    step(world, post.id, "propose_post_rehab")
    # Decision within 02 working days of the proposal on Fri 19/03: 22, 23/03.
    assert deadline(world, post.id, "decide_post_rehab") == D(2027, 3, 23)
    with pytest.raises(ValidationFailed) as refused:
        step(world, post.id, "decide_post_rehab", term_months=12)
    assert "khoản 2 Điều 40" in refused.value.errors["_schema"][0]
    step(world, post.id, "decide_post_rehab")
    assert deadline(world, post.id, "supervise") is None  # no period in the text: UNVERIFIED
    world.travel("2027-05-10 09:00")
    step(world, post.id, "supervise", supervision_outcome="relapse", test_result="positive")

    second = child_of(world, post.id)
    assert (second.kind, opened_with(world, second.id)["determination_case"]) == ("addiction_determination", "d")
    step(world, second.id, "request_determination", requested_on="2027-05-11", determination_case="d")
    step(world, second.id, "receive_person", received_on="2027-05-11")
    step(world, second.id, "determine_addiction", result_on="2027-05-12")
    world.travel("2027-05-20 09:00")
    step(world, second.id, "track_registration", checked_on="2027-05-20")

    again = child_of(world, second.id)
    assert again.kind == "compulsory_rehab"
    assert opened_with(world, again.id)["ground"] == "relapse_post_rehab"  # Art. 32.4
    # 05 working days from Thu 20/05/2027: 21, 24, 25, 26, 27/05.
    assert deadline(world, again.id, "record_violation") == D(2027, 5, 27)
    with world.backend.read_session() as session:
        history = session.scalars(
            select(Dossier).where(Dossier.person_id == again.person_id).order_by(Dossier.id)
        ).all()
    assert [d.kind for d in history] == [
        "addiction_determination",
        "compulsory_rehab",
        "facility_term",
        "post_rehab_management",
        "addiction_determination",
        "compulsory_rehab",
    ]
    assert [d.parent_id for d in history[1:]] == [d.id for d in history[:-1]]


@pytest.mark.parametrize(
    ("result", "registration", "expected_kind"),
    [
        ({"conclusion": "not_addicted", "criteria_met": 1, "withdrawal_sign": False}, None, "drug_user_management"),
        ({}, {"registration": "voluntary", "registered_on": "2026-02-16"}, "voluntary_rehab"),
        ({}, {"registration": "methadone", "registered_on": "2026-02-16"}, None),
    ],
)
def test_determination_outcomes(world, result, registration, expected_kind):
    first = open_case(world, "addiction_determination")
    determine(world, first, **result)
    if registration:
        step(world, first, "track_registration", **registration)
    closed = dossier(world, first)
    assert closed.status == "closed"
    if expected_kind is None:
        assert closed.outcome == "methadone"
        return
    following = child_of(world, first)
    assert following.kind == expected_kind
    if expected_kind == "drug_user_management":
        # Residence verified within 03 working days of the result on Thu 12/02: 13, 23, 24/02.
        assert deadline(world, following.id, "verify_residence") == D(2026, 2, 24)
    else:
        # The chairman decides within 03 working days of registering on Mon 16/02 (Tết): 23, 24, 25/02.
        assert deadline(world, following.id, "decide_voluntary") == D(2026, 2, 25)


def test_a_minor_who_does_not_register_goes_to_the_minors_procedure(world):
    first = open_case(world, "addiction_determination", **MINOR)
    determine(world, first)
    step(world, first, "track_registration")
    minor = child_of(world, first)
    assert minor.kind == "minor_compulsory_rehab"
    task = world.task(minor.id, "minor_record_violation")
    assert (task.role, task.deadline_on) == ("commune_committee", D(2026, 3, 6))


def test_unclear_signs_keep_the_person_under_observation(world):
    first = open_case(world, "addiction_determination")
    step(world, first, "request_determination")
    step(world, first, "receive_person")
    step(
        world,
        first,
        "determine_addiction",
        conclusion="monitoring",
        criteria_met=2,
        withdrawal_sign=False,
        result_number=None,
        result_on=None,
        observation_note="Chưa rõ hội chứng cai, tiếp tục theo dõi.",
    )
    # Still within the 05 days from receipt (10/02 → 23/02).
    assert deadline(world, first, "determine_addiction") == D(2026, 2, 23)


def test_determination_refusals_cite_the_rule(world):
    first = open_case(world, "addiction_determination")
    step(world, first, "request_determination")
    step(world, first, "receive_person")
    task = world.task(first, "determine_addiction")
    missing = steps.data("determine_addiction", conclusion=None)
    world.catch_up_with(task, missing)
    with pytest.raises(ValidationFailed) as refused:
        world.backend.tasks.complete(world.user("health_facility"), task.id, missing)
    assert "Thông tư 18/2021/TT-BYT" in refused.value.errors["conclusion"][0]
    inconsistent = steps.data("determine_addiction", conclusion="not_addicted", criteria_met=4)
    with pytest.raises(ValidationFailed) as refused:
        world.backend.tasks.complete(world.user("health_facility"), task.id, inconsistent)
    assert "Thông tư 18/2021/TT-BYT" in refused.value.errors["_schema"][0]
    assert world.task(first, "determine_addiction").id == task.id


def test_held_in_custody_medical_staff_come_within_24_hours(world):
    first = open_case(world, "addiction_determination")
    step(world, first, "request_determination", held_in_custody=True)
    # 24 hours from the request on Tue 10/02 → Wed 11/02.
    assert deadline(world, first, "dispatch_medical_staff") == D(2026, 2, 11)
    step(world, first, "dispatch_medical_staff")
    # 05 days from 11/02 = Mon 16/02, Tết → Mon 23/02.
    assert deadline(world, first, "determine_addiction") == D(2026, 2, 23)


def test_drug_user_management_term_checks_and_end(world):
    managed = open_case(world, "drug_user_management")
    # 03 working days from detection on Mon 09/02: 10, 11, 12/02.
    assert deadline(world, managed, "verify_residence") == D(2026, 2, 12)
    step(world, managed, "verify_residence")
    # 03 working days from verification on Wed 11/02: 12, 13, 23/02.
    assert deadline(world, managed, "notify_chairman") == D(2026, 2, 23)
    step(world, managed, "notify_chairman")
    decision = world.task(managed, "decide_management")
    # 03 working days from the notice of Thu 12/02: 13, 23, 24/02 (Tết between); the chairman's own inbox.
    assert (decision.role, decision.deadline_on) == ("commune_committee", D(2026, 2, 24))
    step(world, managed, "decide_management")
    # At least monthly: one month after the decision of 13/02.
    assert deadline(world, managed, "check_residence") == D(2026, 3, 13)
    step(world, managed, "check_residence")
    assert deadline(world, managed, "check_residence") == D(2026, 4, 10)
    # One year from 13/02/2026 ends 13/02/2027: the timer fires at midnight after it.
    world.travel("2027-02-13 23:00")
    assert world.backend.timers.fire_due() == 0
    world.travel("2027-02-14 08:00")
    assert world.backend.timers.fire_due() == 1
    # Terminate within 03 working days of Sat 13/02/2027: 15, 16, 17/02.
    assert deadline(world, managed, "terminate_management") == D(2027, 2, 17)
    step(world, managed, "terminate_management")
    assert dossier(world, managed).outcome == "completed"


@pytest.mark.parametrize(
    ("outcome", "extra", "next_step", "expected_deadline"),
    [
        ("moved", {"moved_on": "2026-04-10", "new_residence": "Xã Tân Phú"}, "transfer_management", D(2026, 4, 17)),
        ("stop_case", {}, "stop_management", D(2026, 3, 13)),
    ],
)
def test_drug_user_management_moves_and_stops(world, outcome, extra, next_step, expected_deadline):
    managed = open_case(world, "drug_user_management")
    for bpmn_id in ("verify_residence", "notify_chairman", "decide_management"):
        step(world, managed, bpmn_id)
    world.travel("2026-03-10 09:00")
    step(world, managed, "check_residence", check_outcome=outcome, **extra)
    # Transfer within 05 working days of moving in on Fri 10/04: 13–17/04; a stop decision
    # is sent within 03 working days of the step (10/03 → 13/03).
    assert deadline(world, managed, next_step) == expected_deadline


def test_further_use_under_management_goes_to_determination(world):
    managed = open_case(world, "drug_user_management")
    for bpmn_id in ("verify_residence", "notify_chairman", "decide_management"):
        step(world, managed, bpmn_id)
    step(world, managed, "check_residence", check_outcome="used_again")
    following = child_of(world, managed)
    assert following.kind == "addiction_determination"
    assert opened_with(world, following.id)["determination_case"] == "a"


def test_remote_commune_has_ten_working_days_to_verify_residence(world):
    with world.backend.write_session() as session:
        session.get(AdministrativeUnit, world.directory.communes[0]).remote = True
        session.commit()
    managed = open_case(world, "drug_user_management")
    # 10 working days from Mon 09/02: 10, 11, 12, 13, 23, 24, 25, 26, 27/02, 02/03.
    task = world.task(managed, "verify_residence")
    assert (task.deadline_parameter, task.deadline_on) == ("residence_verification_remote", D(2026, 3, 2))


def test_voluntary_rehab_completed_leads_to_one_year_of_post_rehab(world):
    voluntary = open_case(world, "voluntary_rehab", actor="commune_committee_1")
    decision = world.task(voluntary, "decide_voluntary")
    # 03 working days from registration on Mon 09/02 (secondary source, status S).
    assert (decision.deadline_on, decision.deadline_status) == (D(2026, 2, 12), "S")
    step(world, voluntary, "decide_voluntary")
    # Start notice within 05 working days of the start on Thu 12/02: 13, 23, 24, 25, 26/02.
    assert deadline(world, voluntary, "notify_start") == D(2026, 2, 26)
    step(world, voluntary, "notify_start")
    # At most 12 months from the start.
    assert deadline(world, voluntary, "report_outcome") == D(2027, 2, 12)
    step(world, voluntary, "report_outcome")
    # 05 working days from completion on Wed 12/08/2026: 13, 14, 17, 18, 19/08.
    assert deadline(world, voluntary, "issue_voluntary_certificate") == D(2026, 8, 19)
    step(world, voluntary, "issue_voluntary_certificate")
    post = child_of(world, voluntary)
    assert opened_with(world, post.id)["completion_type"] == "voluntary"
    for bpmn_id in ("record_return_report", "propose_post_rehab"):
        step(world, post.id, bpmn_id)
    with pytest.raises(ValidationFailed) as refused:
        step(world, post.id, "decide_post_rehab")  # 24 months: wrong for voluntary rehab
    assert "khoản 1 Điều 40" in refused.value.errors["_schema"][0]
    step(world, post.id, "decide_post_rehab", term_months=12)
    assert world.task(post.id, "supervise").role == "commune_police"


@pytest.mark.parametrize(
    ("person", "outcome", "expected_kind", "ground"),
    [
        (ADULT, "dropped_out", "compulsory_rehab", "quit_voluntary"),
        (ADULT, "used_drugs", "compulsory_rehab", "use_during_voluntary"),
        (MINOR, "dropped_out", "minor_compulsory_rehab", "quit_voluntary"),
    ],
)
def test_failed_voluntary_rehab_becomes_a_compulsory_ground(world, person, outcome, expected_kind, ground):
    voluntary = open_case(world, "voluntary_rehab", actor="commune_committee_1", **person)
    for bpmn_id in ("decide_voluntary", "notify_start"):
        step(world, voluntary, bpmn_id)
    step(world, voluntary, "report_outcome", voluntary_outcome=outcome, event_on="2026-04-06", notice_on="2026-04-07")
    following = child_of(world, voluntary)
    assert (following.kind, opened_with(world, following.id)["ground"]) == (expected_kind, ground)
    assert following.discovered_on == D(2026, 4, 6)


def test_minor_procedure_with_its_own_term_and_complaint_window(world):
    minor = open_case(world, "minor_compulsory_rehab", actor="commune_committee_1", **MINOR)
    assert deadline(world, minor, "minor_record_violation") == D(2026, 2, 23)
    for bpmn_id in (
        "minor_record_violation",
        "minor_prepare_dossier",
        "minor_interim_management",
        "minor_notify_person",
    ):
        step(world, minor, bpmn_id)
    world.travel("2026-02-25 08:00")
    assert world.backend.timers.fire_due() == 1
    # 01 working day after the reading period (ended 24/02).
    assert deadline(world, minor, "minor_send_to_labour_office") == D(2026, 2, 25)
    step(world, minor, "minor_send_to_labour_office")
    appraisal = world.task(minor, "minor_appraise_dossier")
    assert (appraisal.deadline_parameter, appraisal.deadline_on) == ("minor_labour_transfer", D(2026, 2, 27))
    step(world, minor, "minor_appraise_dossier")
    step(world, minor, "minor_court_intake")
    # 15 days from thụ lý on 26/02 → 13/03 (Pháp lệnh 01/2022, secondary source: UNVERIFIED).
    session_task = world.task(minor, "minor_hold_session")
    assert (session_task.deadline_on, session_task.deadline_status) == (D(2026, 3, 13), "UNVERIFIED")
    with pytest.raises(ValidationFailed) as refused:
        step(world, minor, "minor_hold_session", term_months=18)
    assert "khoản 3 Điều 33" in refused.value.errors["_schema"][0]
    step(world, minor, "minor_hold_session")
    step(world, minor, "minor_send_decision")
    # Complaint window: 05 working days from 05/03 → 12/03.
    assert deadline(world, minor, "minor_track_complaints") == D(2026, 3, 12)
    world.travel("2026-03-13 08:00")
    assert world.backend.timers.fire_due() == 1
    for bpmn_id in ("minor_confirm_legal_effect", "minor_escort_to_facility", "minor_receive_at_facility"):
        step(world, minor, bpmn_id)
    facility = child_of(world, minor)
    assert opened_with(world, facility.id)["completion_type"] == "minor_compulsory"
    # Admitted 16/03/2026 for 9 months → 16/12/2026; notice by Tue 01/12/2026.
    assert deadline(world, facility.id, "notify_term_end") == D(2026, 12, 1)


def test_time_at_a_facility_while_the_dossier_was_prepared_counts_toward_the_term(world):
    world.travel("2026-02-25 08:00")  # the reading period of the walk's notice is over
    adult = world.open()
    walk_compulsory_to_admission(
        world, adult, management_form="facility", family_consent=False, interim_facility_since="2026-02-10"
    )
    facility = child_of(world, adult)
    # 12 months from 16/03/2026 is 16/03/2027, less the 34 days since 10/02/2026 → 10/02/2027;
    # notice at the latest 15 days before: Tue 26/01/2027.
    assert deadline(world, facility.id, "notify_term_end") == D(2027, 1, 26)
    assert world.task(facility.id, "notify_term_end").deadline_from_on == D(2027, 2, 10)


def test_interim_management_at_home_needs_stable_residence_and_family_consent(world):
    adult = world.open()
    step(world, adult, "record_violation")
    step(world, adult, "prepare_dossier")
    task = world.task(adult, "decide_interim_management")
    without_consent = steps.data("decide_interim_management", family_consent=False)
    with pytest.raises(ValidationFailed) as refused:
        world.backend.tasks.complete(world.user("commune_police_1"), task.id, without_consent)
    assert "Điều 45 Nghị định 116/2021/NĐ-CP" in refused.value.errors["_schema"][0]


def test_exclusions_are_refused_and_flagged_unverified(world):
    adult = world.open()
    step(world, adult, "record_violation")
    task = world.task(adult, "prepare_dossier")
    with pytest.raises(ValidationFailed) as refused:
        world.backend.tasks.complete(
            world.user("commune_police_1"), task.id, steps.data("prepare_dossier", pregnant=True)
        )
    message = refused.value.errors["_schema"][0]
    assert "phụ nữ có thai" in message and "chưa được xác minh" in message


def test_procedures_check_age_and_who_opens_them(world):
    with pytest.raises(ValidationFailed) as refused:
        world.open(person_birth_date="2010-01-01")  # a minor in the adult procedure
    assert "Điều 32, 33" in refused.value.errors["person_birth_date"][0]
    with pytest.raises(ValidationFailed) as refused:
        open_case(world, "minor_compulsory_rehab", actor="commune_committee_1")  # an adult in the minors' one
    assert "Điều 33" in " ".join(refused.value.errors["person_birth_date"])
    with pytest.raises(Forbidden):
        open_case(world, "voluntary_rehab")  # the commune police do not decide voluntary rehab
    with pytest.raises(Forbidden):
        open_case(world, "addiction_determination", actor="labour_office")


def to_supervision(world) -> int:
    """Voluntary rehab completed on 12/08/2026; post-rehab decided for 12 months, which
    count from the completion (Luật Art. 40): they end on 12/08/2027; 'supervise' open."""
    voluntary = open_case(world, "voluntary_rehab", actor="commune_committee_1")
    for bpmn_id in ("decide_voluntary", "notify_start", "report_outcome", "issue_voluntary_certificate"):
        step(world, voluntary, bpmn_id)
    post = child_of(world, voluntary).id
    for bpmn_id in ("record_return_report", "propose_post_rehab"):
        step(world, post, bpmn_id)
    step(world, post, "decide_post_rehab", term_months=12)
    return post


def test_post_rehab_term_ends_with_the_certificate(world):
    post = to_supervision(world)
    step(world, post, "supervise")  # a normal check: supervision goes on
    world.travel("2027-08-12 23:00")
    assert world.backend.timers.fire_due() == 0
    world.travel("2027-08-13 08:00")
    assert world.backend.timers.fire_due() == 1
    # The certificate (Mẫu số 54) on the last day of the term.
    assert deadline(world, post, "issue_post_rehab_certificate") == D(2027, 8, 12)
    step(world, post, "issue_post_rehab_certificate", certificate_on="2027-08-13")
    assert dossier(world, post).outcome == "completed"


@pytest.mark.parametrize(
    ("outcome", "extra", "expected_end"),
    [
        ("moved", {"moved_on": "2027-06-01", "new_residence": "Xã Tân Phú"}, "moved"),
        ("removed", {}, "removed"),
    ],
)
def test_post_rehab_move_or_removal(world, outcome, extra, expected_end):
    post = to_supervision(world)
    step(world, post, "supervise", supervision_outcome=outcome, **extra)
    if outcome == "moved":
        # Notify the new commune within 05 working days of leaving on Tue 01/06/2027: 2–4, 7, 8/06.
        assert deadline(world, post, "notify_new_commune") == D(2027, 6, 8)
        step(world, post, "notify_new_commune")
    assert dossier(world, post).outcome == expected_end


def test_children_under_twelve_get_no_compulsory_measure(world):
    child = {**ADULT, "person_name": "Vi Văn Nam", "person_birth_date": "2015-01-01"}
    first = open_case(world, "addiction_determination", **child)
    determine(world, first)
    step(world, first, "track_registration")
    assert dossier(world, first).outcome == "no_measure"
    voluntary = open_case(world, "voluntary_rehab", actor="commune_committee_1", **child)
    for bpmn_id in ("decide_voluntary", "notify_start"):
        step(world, voluntary, bpmn_id)
    step(world, voluntary, "report_outcome", voluntary_outcome="dropped_out", event_on="2026-04-06")
    assert dossier(world, voluntary).outcome == "failed_no_measure"


def to_minor_court(world) -> int:
    minor = open_case(world, "minor_compulsory_rehab", actor="commune_committee_1", **MINOR)
    for bpmn_id in (
        "minor_record_violation",
        "minor_prepare_dossier",
        "minor_interim_management",
        "minor_notify_person",
    ):
        step(world, minor, bpmn_id)
    world.travel("2026-02-25 08:00")
    world.backend.timers.fire_due()
    step(world, minor, "minor_send_to_labour_office")
    return minor


def test_minor_dossier_returned_for_supplement_and_by_the_court(world):
    minor = to_minor_court(world)
    refusal = {
        "appraisal_result": "invalid",
        "letter_number": None,
        "proposed_facility": None,
        "child_rights_opinion": None,
        "missing_items": "Thiếu ý kiến của cha mẹ.",
        "return_number": "02/LĐTBXH",
    }
    step(world, minor, "minor_appraise_dossier", **refusal)
    supplement = world.task(minor, "minor_supplement_dossier")
    # Supplement within 02 working days of getting it back on 25/02 (Law Art. 34.3): 26, 27/02.
    assert (supplement.role, supplement.deadline_on) == ("commune_committee", D(2026, 2, 27))
    world.complete(
        "commune_committee_1",
        minor,
        "minor_supplement_dossier",
        steps.data("supplement_dossier", resent_on="2026-02-25"),
    )
    reappraisal = world.task(minor, "minor_reappraise_dossier")
    assert (reappraisal.deadline_parameter, reappraisal.deadline_on) == (
        "minor_transfer_after_supplement",
        D(2026, 2, 27),
    )
    world.complete("labour_office", minor, "minor_reappraise_dossier", steps.data("minor_appraise_dossier"))
    step(
        world,
        minor,
        "minor_court_intake",
        intake_outcome="return",
        case_number=None,
        accepted_on=None,
        judge_name=None,
        return_reason="Thiếu văn bản ý kiến về bảo đảm quyền trẻ em.",
    )
    assert [t.bpmn_id for t in world.open_tasks(minor)] == ["minor_supplement_dossier"]


@pytest.mark.parametrize("path", ["not_apply", "complaint", "challenged", "postponed"])
def test_minor_court_and_execution_branches(world, path):
    minor = to_minor_court(world)
    step(world, minor, "minor_appraise_dossier")
    step(world, minor, "minor_court_intake")
    decision = {"decision": "not_apply", "term_months": None, "facility_name": None} if path == "not_apply" else {}
    step(world, minor, "minor_hold_session", **decision)
    step(world, minor, "minor_send_decision")
    if path == "complaint":
        world.complete("district_court", minor, "minor_track_complaints", steps.data("track_complaints"))
        world.complete("district_court", minor, "minor_forward_complaint", steps.data("forward_complaint"))
        world.complete(
            "district_court",
            minor,
            "minor_record_review_result",
            steps.data("record_review_result", decision="not_apply", term_months=None),
        )
        assert dossier(world, minor).outcome == "minor_not_applied"
        return
    world.travel("2026-03-13 08:00")
    assert world.backend.timers.fire_due() == 1
    if path == "challenged":
        world.complete(
            "district_court",
            minor,
            "minor_confirm_legal_effect",
            steps.data(
                "confirm_legal_effect",
                legal_effect_outcome="challenged",
                effective_on=None,
                challenge_received_on="2026-03-13",
                challenger="Viện kiểm sát nhân dân huyện",
                challenge_kind="protest",
                content="Kháng nghị.",
            ),
        )
        assert [t.bpmn_id for t in world.open_tasks(minor)] == ["minor_forward_complaint"]
        return
    step(world, minor, "minor_confirm_legal_effect")
    if path == "not_apply":
        assert dossier(world, minor).outcome == "minor_not_applied"
        return
    world.complete(
        "district_police",
        minor,
        "minor_escort_to_facility",
        steps.data(
            "escort_to_facility",
            escort_outcome="postponed",
            handed_over_on=None,
            facility_name=None,
            postponement_reason="Cơ sở chưa có khu dành cho người chưa thành niên.",
            court_notified_on="2026-03-16",
        ),
    )
    # At most 03 months from receipt of the decision on 13/03 → 13/06/2026.
    assert deadline(world, minor, "minor_escort_after_extension") == D(2026, 6, 13)
    world.complete("district_police", minor, "minor_escort_after_extension", steps.data("escort_after_extension"))
    step(world, minor, "minor_receive_at_facility", admitted_on="2026-05-04")
    assert child_of(world, minor).kind == "facility_term"
