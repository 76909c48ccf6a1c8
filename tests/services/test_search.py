"""The dossier list's search and filters, the inbox's filters and order, and the audited
exports, through the read side and the export service (always within jurisdiction)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from demo.steps import ACTOR, PREPARATION, data
from engine import DossierFilters, InboxFilters, ValidationFailed
from engine.persistence.tables import AuditEvent, Dossier
from engine.queries import dossiers
from engine.services import exports


@pytest.fixture
def people(world):
    """Four dossiers of commune 1 and one of commune 2 whose person bears the same name."""
    opened = {
        "hung": world.open(person_name="Nguyễn Văn Hùng", person_birth_date="1988-02-01", id_number="001088000111"),
        "binh": world.open(person_name="Nguyễn Văn Bình", person_birth_date="1990-05-17", id_number="001090012345"),
        "mai": world.open(person_name="Trần Thị Hùng Mai", person_birth_date="1992-03-03", id_number="001092000333"),
        "under": world.open(person_name="Lê Văn Út", person_birth_date="1993-04-04", id_number="001093000444"),
    }
    opened["elsewhere"] = world.backend.dossiers.open(
        world.user("commune_police_2"),
        world.as_form_of(
            {
                "person_name": "Nguyễn Văn Hùng",
                "person_birth_date": "1975-07-07",
                "id_number": "001075000555",
                "residence": "Ấp 1, xã Tân Phú",
                "commune_code": world.directory.communes[1],
                "discovered_on": "2026-02-09",
                "ground": "quit_voluntary",
                "stable_residence": True,
            }
        ),
    )
    return opened


def found(world, key: str, **filters) -> set[int]:
    page = world.queries.dossiers(world.user(key), DossierFilters(**filters), per_page=1000)
    return {row.dossier.id for row in page.items}


def person_of(world, dossier_id: int) -> int:
    with world.backend.read_session() as session:
        return session.get(Dossier, dossier_id).person_id


def number_of(world, dossier_id: int) -> str:
    with world.backend.read_session() as session:
        return session.get(Dossier, dossier_id).number


def test_a_name_is_found_without_its_accents_and_only_in_the_officers_jurisdiction(world, people):
    assert found(world, "commune_police_1", q="nguyen van hung") == {people["hung"]}
    assert found(world, "commune_police_1", q="  NGUYỄN   văn HÙNG ") == {people["hung"]}
    assert found(world, "commune_police_1", q="Nguyen Van") == {people["hung"], people["binh"]}
    assert found(world, "commune_police_2", q="nguyen van hung") == {people["elsewhere"]}
    assert found(world, "admin", q="nguyen van hung") == {people["hung"], people["elsewhere"]}
    assert found(world, "labour_office", q="nguyen van hung") == set()


def test_any_word_of_a_name_is_matched_by_its_start_in_any_order(world, people):
    police = "commune_police_1"
    assert found(world, police, q="hung") == {people["hung"], people["mai"]}
    assert found(world, police, q="van hung") == {people["hung"]}
    assert found(world, police, q="nguyen hung") == {people["hung"]}
    assert found(world, police, q="Hùng NGUYỄN") == {people["hung"]}
    assert found(world, police, q="hu ng") == {people["hung"]}
    assert found(world, police, q="van") == {people["hung"], people["binh"], people["under"]}
    assert found(world, police, q="ung") == set()  # a word is matched from its start
    assert found(world, police, q="hung binh") == set()  # every word of the query must match
    assert found(world, police, q="van hung tuan") == set()
    assert found(world, "commune_police_2", q="hung") == {people["elsewhere"]}  # never another commune's
    assert found(world, "admin", q="van hung") == {people["hung"], people["elsewhere"]}
    assert found(world, "labour_office", q="hung") == set()


def test_a_broad_selection_is_counted_up_to_the_cap_and_every_page_still_reached(world, people, monkeypatch):
    police = world.user("commune_police_1")
    expected = [row.dossier.id for row in world.queries.dossiers(police, DossierFilters(q="van")).items]
    assert len(expected) == 3
    monkeypatch.setattr(dossiers, "COUNT_CAP", 2)
    first = world.queries.dossiers(police, DossierFilters(q="van"), per_page=1)
    assert (first.total, first.more, first.pages) == (2, True, 3)
    seen, number = [], 1
    while number <= first.pages:
        page = world.queries.dossiers(police, DossierFilters(q="van"), page=number, per_page=1)
        seen += [row.dossier.id for row in page.items]
        number += 1
    assert seen == expected and (page.total, page.more, page.pages) == (3, False, 3)
    beyond = world.queries.dossiers(police, DossierFilters(q="van"), page=99, per_page=1)
    assert (beyond.page, beyond.more, [row.dossier.id for row in beyond.items]) == (3, False, expected[-1:])


def test_merged_records_keep_the_search_right(world, people):
    admin = world.user("admin")
    world.backend.persons.merge(
        admin,
        {
            "keep_id": person_of(world, people["binh"]),
            "other_id": person_of(world, people["hung"]),
            "reason": "Cùng một người, nhập hai lần",
        },
    )
    assert found(world, "commune_police_1", q="binh") == {people["hung"], people["binh"]}
    assert found(world, "commune_police_1", q="nguyen van hung") == set()  # the kept record's name stands
    assert found(world, "admin", q="hung") == {people["mai"], people["elsewhere"]}


def test_a_cccd_and_a_dossier_number_find_their_dossier(world, people):
    assert found(world, "commune_police_1", q="001088000111") == {people["hung"]}
    assert found(world, "commune_police_1", q="0010880") == {people["hung"]}
    assert found(world, "commune_police_1", q="001075000555") == set()  # the other commune's person
    number = number_of(world, people["mai"])
    assert found(world, "commune_police_1", q=number) == {people["mai"]}
    serial, year = number.split("/")[:2]
    assert found(world, "commune_police_1", q=f"{int(serial)}/{year}") == {people["mai"]}
    assert found(world, "commune_police_2", q=number) == set()


@pytest.mark.parametrize("hostile", ["%", "_", "\\", "%%%_", "' OR 1=1 --", '"', "😀", "a" * 100, "%nguyen%"])
def test_wildcards_and_quotes_match_themselves(world, people, hostile):
    assert found(world, "admin", q=hostile) == set()


def test_each_filter_and_their_combinations(world, people):
    everyone = {people[key] for key in ("hung", "binh", "mai", "under")}
    police = "commune_police_1"
    assert found(world, police) == everyone
    world.complete(ACTOR["record_violation"], people["binh"], "record_violation", data("record_violation"))
    assert found(world, police, step="record_violation") == everyone - {people["binh"]}
    assert found(world, police, step="prepare_dossier") == {people["binh"]}
    assert found(world, police, procedure="compulsory_rehab") == everyone
    assert found(world, police, procedure="voluntary_rehab") == set()
    assert found(world, police, status="open") == everyone and found(world, police, status="closed") == set()
    assert found(world, police, year=2026) == everyone and found(world, police, year=2025) == set()
    assert found(world, "admin", commune=world.directory.communes[1]) == {people["elsewhere"]}
    own = world.directory.agencies["commune_police_1"]
    assert found(world, police, agency=own) == everyone
    assert found(world, police, agency=world.directory.agencies["labour_office"]) == set()
    assert found(world, police, overdue=True) == set()
    world.travel("2026-02-24 09:00")
    assert found(world, police, overdue=True) == everyone
    assert found(world, police, overdue=True, q="nguyen van", step="prepare_dossier") == {people["binh"]}
    assert found(world, "admin", q="nguyen van hung", commune=world.directory.communes[0]) == {people["hung"]}


def test_inbox_filters_order_and_counters(world, people):
    police = world.user("commune_police_1")
    inbox = world.queries.inbox
    for dossier_id in (people["binh"], people["mai"]):
        world.complete(ACTOR["record_violation"], dossier_id, "record_violation", data("record_violation"))
    page = inbox(police)
    assert (page.total, page.open_count, page.overdue_count) == (4, 4, 0)
    names = [row.person_name for row in inbox(police, InboxFilters(sort="person")).rows]
    assert names == sorted(names, key=lambda name: name.replace("Đ", "D")) and names[0] == "Lê Văn Út"
    backwards = [row.person_name for row in inbox(police, InboxFilters(sort="person", order="desc")).rows]
    assert backwards == names[::-1]
    assert inbox(police, InboxFilters(commune=world.directory.communes[1])).total == 0
    assert inbox(police, InboxFilters(procedure="compulsory_rehab")).total == 4
    assert inbox(police, InboxFilters(procedure="voluntary_rehab")).total == 0
    assert inbox(police, InboxFilters(unverified=True)).total == 0
    today = world.queries.today()
    assert inbox(police, InboxFilters(due_within=0)).total == len([r for r in page.rows if r.deadline_on == today])
    assert inbox(police, InboxFilters(due_within=60)).total == 4
    world.travel("2026-02-24 09:00")
    late = inbox(police)
    assert (late.open_count, late.overdue_count) == (4, 4)
    assert inbox(police, InboxFilters(due_within=5)).total == 0  # overdue is not "due within"
    assert inbox(world.user("commune_police_2")).open_count == 1


def test_an_export_is_audited_with_its_selection_and_row_count(world, people):
    rows = world.backend.exports.dossiers(world.user("commune_police_1"), DossierFilters(q="nguyen van"), "xlsx")
    assert sorted(row.full_name for row in rows) == ["Nguyễn Văn Bình", "Nguyễn Văn Hùng"]
    with world.backend.read_session() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).one()
    assert event.actor_id == world.user("commune_police_1") and event.dossier_id is None
    assert event.data == {"list": "dossiers", "filters": {"q": "nguyen van"}, "rows": 2, "format": "xlsx"}
    tasks = world.backend.exports.inbox(world.user("commune_police_2"), InboxFilters(status="overdue"), "csv")
    assert tasks == []
    with world.backend.read_session() as session:
        last = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).one()
    assert last.data == {"list": "inbox", "filters": {"status": "overdue"}, "rows": 0, "format": "csv"}


def test_an_export_larger_than_the_limit_is_refused(world, people, monkeypatch):
    monkeypatch.setattr(exports, "MAX_EXPORT_ROWS", 2)
    with pytest.raises(ValidationFailed) as refused:
        world.backend.exports.dossiers(world.user("commune_police_1"), DossierFilters(), "csv")
    assert "thu hẹp bộ lọc" in refused.value.errors["format"][0]


def test_preparation_steps_are_filters_too(world, people):
    for step in PREPARATION[:2]:
        world.complete(ACTOR[step], people["hung"], step, data(step))
    assert found(world, "commune_police_1", step=PREPARATION[2]) == {people["hung"]}
