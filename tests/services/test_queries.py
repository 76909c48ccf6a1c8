"""Read side: who sees which dossier, the inbox's order, filters and paging, and the
deadline countdown shown to officers."""

from datetime import date

import pytest
from sqlalchemy import select

from demo.scan import SAMPLE_SCAN
from demo.steps import ACTOR, PREPARATION, data
from engine import Forbidden, InboxFilters, NotFound
from engine.access import READ_ONLY, dossier_for
from engine.calendar import WorkingCalendar, countdown
from engine.persistence.tables import Dossier, User

D = date
TODAY = D(2026, 2, 10)


def step(world, dossier_id, bpmn_id, **overrides):
    return world.complete(ACTOR[bpmn_id], dossier_id, bpmn_id, data(bpmn_id, **overrides))


def user(session, world, key) -> User:
    return session.get(User, world.user(key))


def visible(world, key) -> set[int]:
    return {row.dossier.id for row in world.queries.dossiers(world.user(key), per_page=1000).items}


def test_countdown_in_working_days():
    calendar = WorkingCalendar()
    assert countdown(None, TODAY, calendar).text == "chưa xác định thời hạn (chưa xác minh)"
    assert countdown(TODAY, TODAY, calendar).kind == "today"
    # Tue 10/02 → Fri 13/02: 11, 12, 13 are working days.
    assert countdown(D(2026, 2, 13), TODAY, calendar).text == "còn 3 ngày làm việc"
    # Across Tết: only 11, 12, 13 and 23/02 count.
    assert countdown(D(2026, 2, 23), TODAY, calendar).days == 4
    assert countdown(D(2026, 2, 6), TODAY, calendar).text == "quá hạn 2 ngày làm việc"


def test_each_agency_sees_a_dossier_only_once_it_reaches_them(world):
    dossier_id = world.open()
    assert dossier_id in visible(world, "commune_police_1")
    assert dossier_id in visible(world, "commune_committee_1")
    for outsider in (
        "commune_police_2",
        "commune_committee_2",
        "labour_office",
        "district_court",
        "district_police",
        "rehab_facility",
    ):
        assert dossier_id not in visible(world, outsider), outsider
    for bpmn_id in PREPARATION:
        step(world, dossier_id, bpmn_id)
    world.travel("2026-02-25 08:00")
    world.backend.timers.fire_due()
    step(world, dossier_id, "send_to_labour_office")
    assert dossier_id in visible(world, "labour_office")
    assert dossier_id not in visible(world, "district_court")
    step(world, dossier_id, "appraise_dossier")
    assert dossier_id in visible(world, "district_court")
    assert dossier_id not in visible(world, "district_police")


def test_a_monitor_sees_its_province_from_the_opening_and_acts_on_none(world):
    """Through the district (commune → district → province) and in the two-tier province
    (commune → province); the other province's monitor sees neither; every write is refused."""
    district_dossier = world.open()
    ward_dossier = world.open_recognising(
        world.user("commune_police_3"),
        {
            "person_name": "Hà Văn Chín",
            "person_birth_date": "1987-03-03",
            "residence": "Tổ 2, phường Hòa Bình",
            "commune_code": world.directory.communes[2],
            "discovered_on": "2026-02-09",
            "stable_residence": True,
        },
        "addiction_determination",
    )
    assert {district_dossier, ward_dossier} == visible(world, "monitor") | visible(world, "monitor_new")
    assert visible(world, "monitor") == {district_dossier}
    assert visible(world, "monitor_new") == {ward_dossier}
    monitor = world.user("monitor")
    task_id = world.task(district_dossier, "record_violation").id
    backend = world.backend
    for attempt in (
        lambda: backend.tasks.claim(monitor, task_id),
        lambda: backend.tasks.complete(monitor, task_id, data("record_violation")),
        lambda: backend.notes.add(monitor, district_dossier, "Đề nghị xử lý sớm."),
        lambda: backend.documents.attach(monitor, district_dossier, None, "scan.pdf", SAMPLE_SCAN),
        lambda: backend.corrections.withdraw(monitor, district_dossier, "Lập nhầm."),
    ):
        with pytest.raises(Forbidden) as refused:
            attempt()
        assert refused.value.message == READ_ONLY
    assert world.queries.inbox(monitor).total == 0


def test_dossier_for_refuses_outsiders_and_unknown_ids(world):
    dossier_id = world.open()
    with world.backend.read_session() as session:
        assert dossier_for(session, user(session, world, "commune_police_1"), dossier_id).id == dossier_id
        with pytest.raises(Forbidden):
            dossier_for(session, user(session, world, "commune_police_2"), dossier_id)
        with pytest.raises(NotFound):
            dossier_for(session, user(session, world, "commune_police_1"), 424242)


def test_inbox_order_filters_and_paging(world):
    late = world.open(discovered_on="2026-02-02")  # 5 working days → Mon 09/02: overdue on 10/02
    soon = world.open(discovered_on="2026-02-09")  # → 23/02
    step(world, soon, "record_violation")
    inbox = world.queries.inbox
    police = world.user("commune_police_1")
    page = inbox(police)
    assert [(r.dossier_id, r.bpmn_id) for r in page.rows] == [(late, "record_violation"), (soon, "prepare_dossier")]
    assert page.rows[0].countdown.text == "quá hạn 1 ngày làm việc"
    assert {kind for kind, _ in page.kinds} == {"record_violation", "prepare_dossier"}
    assert [r.dossier_id for r in inbox(police, InboxFilters(status="overdue")).rows] == [late]
    assert [r.dossier_id for r in inbox(police, InboxFilters(kind="prepare_dossier")).rows] == [soon]
    second = inbox(police, per_page=1, page=2)
    assert (second.total, second.pages, [r.dossier_id for r in second.rows]) == (2, 2, [soon])
    assert inbox(world.user("commune_police_2")).total == 0

    world.backend.tasks.claim(world.user("commune_police_1"), world.task(soon, "prepare_dossier").id)
    mine = inbox(police, InboxFilters(status="mine"))
    assert [r.dossier_id for r in mine.rows] == [soon] and mine.rows[0].claimed_by
    assert [r.dossier_id for r in inbox(police, InboxFilters(status="unclaimed")).rows] == [late]


def test_claim_release_rules(world):
    dossier_id = world.open()
    task = world.task(dossier_id, "record_violation")
    world.backend.tasks.claim(world.user("commune_police_1"), task.id)
    world.backend.tasks.claim(world.user("commune_police_1"), task.id)  # claiming twice is harmless
    with pytest.raises(Forbidden):
        world.backend.tasks.claim(world.user("labour_office"), task.id)
    world.backend.tasks.release(world.user("commune_police_1"), task.id)
    assert world.task(dossier_id, "record_violation").claimed_by_id is None


def test_dossier_detail_lists_deadlines_met_and_the_timeline(world):
    dossier_id = world.open(discovered_on="2026-02-02")
    step(world, dossier_id, "record_violation")  # due 09/02, done 10/02: late
    detail = world.queries.dossier(world.user("commune_police_1"), dossier_id)
    with world.backend.read_session() as session:
        number = session.scalar(select(Dossier.number).where(Dossier.id == dossier_id))
    assert detail.dossier.number == number
    done = next(line for line in detail.tasks if line.task.bpmn_id == "record_violation")
    assert done.met is False
    assert detail.completed_ids == ["record_violation"] and detail.current_ids == ["prepare_dossier"]
    assert [entry.summary.split(":")[0] for entry in detail.timeline] == [
        "Lập hồ sơ " + number + " cho Nguyễn Văn Bình",
        "Hoàn thành",
    ]
    assert ("Tòa án nhân dân cấp huyện", "Tòa án nhân dân Huyện Minh Họa") in detail.parties
