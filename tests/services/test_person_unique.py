"""One CCCD, one live person record, held by the database (uq_person_live_id_number): two
openings at once give one person and one refusal, the refusal the look-up gives; a merge
carries a CCCD over in one transaction; nothing is written by a refused opening."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from engine import PersonCheckNeeded, PersonChoice, ValidationFailed
from engine.persistence.tables import AuditEvent, Dossier, Person, PersonNameWord, ProcessInstance, Task
from support.persons import BINH, open_as
from support.stale_lookup import make_lookup_stale


def counts(world) -> dict[str, int]:
    """Every table an opening writes to."""
    tables = {
        "persons": Person,
        "words": PersonNameWord,
        "dossiers": Dossier,
        "instances": ProcessInstance,
        "tasks": Task,
        "audit": AuditEvent,
    }
    with world.backend.read_session() as session:
        return {key: session.scalar(select(func.count()).select_from(table)) for key, table in tables.items()}


def holders(world, id_number: str) -> list[int]:
    with world.backend.read_session() as session:
        return list(
            session.scalars(select(Person.id).where(Person.id_number == id_number, Person.merged_into_id.is_(None)))
        )


def person_of(world, dossier_id: int) -> int:
    with world.backend.read_session() as session:
        return session.get_one(Dossier, dossier_id).person_id


@pytest.fixture
def stale_lookup(monkeypatch):
    return make_lookup_stale(monkeypatch)


def test_the_database_holds_one_live_record_per_cccd(world):
    first = open_as(world, "commune_police_1", BINH)
    with world.backend.write_session() as session:
        recorded = session.get_one(Person, person_of(world, first))
        session.add(
            Person(
                full_name="Lê Văn Tám",
                name_key="le van tam",
                birth_date=recorded.birth_date,
                id_number=BINH["id_number"],
                residence="Ấp 2",
                commune_code=recorded.commune_code,
            )
        )
        with pytest.raises(IntegrityError):
            session.flush()
        session.rollback()
        # Records without a CCCD, or merged away, do not hold one.
        for name in ("Lê Văn Tám", "Lê Văn Năm"):
            session.add(
                Person(
                    full_name=name,
                    name_key=name,
                    birth_date=recorded.birth_date,
                    residence="Ấp 2",
                    commune_code=recorded.commune_code,
                )
            )
        session.add(
            Person(
                full_name="Nguyễn Văn Bình",
                name_key="nguyen van binh",
                birth_date=recorded.birth_date,
                id_number=BINH["id_number"],
                residence="Thôn Đông",
                commune_code=recorded.commune_code,
                merged_into_id=recorded.id,
            )
        )
        session.flush()


def test_an_opening_the_database_refuses_gets_the_look_ups_refusal_and_writes_nothing(world, stale_lookup):
    first = open_as(world, "commune_police_1", BINH)
    before = counts(world)

    with pytest.raises(PersonCheckNeeded) as check:
        open_as(world, "commune_police_1", {**BINH, "person_name": "Nguyen Van Binh"})

    assert stale_lookup == [BINH["id_number"]] * 2  # the stale look-up, then the one that sees the record
    assert check.value.id_number_taken
    assert check.value.message.startswith("Số định danh này đã được ghi nhận cho đối tượng dưới đây")
    [match] = check.value.matches
    assert (match.person_id, match.full_name, match.id_number_tail) == (
        person_of(world, first),
        BINH["person_name"],
        "2345",
    )
    assert counts(world) == before
    assert holders(world, BINH["id_number"]) == [person_of(world, first)]
    # The officer links the new dossier to the recorded person, as on the look-up page.
    second = open_as(world, "commune_police_1", BINH, PersonChoice(person_id=match.person_id))
    assert person_of(world, second) == match.person_id


def test_a_refused_opening_for_a_person_of_another_unit_names_only_that_unit(world, stale_lookup):
    open_as(world, "commune_police_1", BINH)
    before = counts(world)

    with pytest.raises(ValidationFailed) as refused:
        open_as(world, "commune_police_2", {**BINH, "person_name": "Lê Văn Tám"}, commune=1)

    [message] = refused.value.errors["id_number"]
    assert "Công an Xã An Bình" in message and "Nguyễn" not in message
    assert counts(world) == before


def test_a_cccd_added_to_a_linked_record_meanwhile_taken_is_refused(world, stale_lookup):
    """Linking to a namesake without a CCCD fills it in; if another record took the CCCD
    in between, the database refuses that update and the look-up says which record holds it."""
    holder = open_as(world, "commune_police_1", BINH)
    namesake = open_as(
        world,
        "commune_police_1",
        {**BINH, "id_number": None},
        PersonChoice(different_reason="Khác cha mẹ, đã đối chiếu"),
    )
    stale_lookup.clear()
    before = counts(world)

    with pytest.raises(PersonCheckNeeded) as check:
        open_as(world, "commune_police_1", BINH, PersonChoice(person_id=person_of(world, namesake)))

    assert check.value.id_number_taken
    assert [m.person_id for m in check.value.matches] == [person_of(world, holder)]
    assert check.value.errors == {"person_id": ["Đối tượng đã chọn không có trong danh sách anh/chị được xem."]}
    assert counts(world) == before
    with world.backend.read_session() as session:
        assert session.get_one(Person, person_of(world, namesake)).id_number is None


def test_two_openings_at_once_give_one_person_and_one_refusal(world):
    barrier, outcomes = threading.Barrier(2), []

    def submit(name: str):
        barrier.wait()
        try:
            outcomes.append(("opened", open_as(world, "commune_police_1", {**BINH, "person_name": name})))
        except PersonCheckNeeded as check:
            outcomes.append(("refused", check))

    threads = [threading.Thread(target=submit, args=(name,)) for name in ("Nguyễn Văn Bình", "Nguyen Van Binh")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(kind for kind, _ in outcomes) == ["opened", "refused"]
    opened = next(value for kind, value in outcomes if kind == "opened")
    refusal = next(value for kind, value in outcomes if kind == "refused")
    assert refusal.id_number_taken and [m.person_id for m in refusal.matches] == [person_of(world, opened)]
    assert holders(world, BINH["id_number"]) == [person_of(world, opened)]
    assert counts(world)["dossiers"] == 1


def test_a_merge_carries_the_cccd_to_the_kept_record_in_one_transaction(world):
    """The kept record (the older one) had no CCCD, the other one had it: the other lets go
    of it before the kept one takes it, so the index holds at every statement."""
    kept = open_as(world, "commune_police_1", {**BINH, "id_number": None})
    other = open_as(world, "commune_police_1", BINH, PersonChoice(different_reason="Tưởng là người khác"))
    keep_id, other_id = person_of(world, kept), person_of(world, other)
    assert keep_id < other_id

    merged = world.backend.persons.merge(
        world.user("admin"), {"keep_id": keep_id, "other_id": other_id, "reason": "Cùng một người, đã đối chiếu"}
    )

    assert merged == keep_id
    with world.backend.read_session() as session:
        keep, gone = session.get_one(Person, keep_id), session.get_one(Person, other_id)
        assert (keep.id_number, keep.merged_into_id) == (BINH["id_number"], None)
        assert (gone.id_number, gone.merged_into_id) == (BINH["id_number"], keep_id)
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "persons_merged", AuditEvent.dossier_id.is_(None))
        ).one()
    assert event.data["id_number_carried"] is True
    assert holders(world, BINH["id_number"]) == [keep_id]
    with pytest.raises(PersonCheckNeeded) as check:
        open_as(world, "commune_police_1", BINH)
    assert [m.person_id for m in check.value.matches] == [keep_id]
