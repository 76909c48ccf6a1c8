"""One record per person: the look-up before a dossier is opened (same CCCD anywhere, same
folded name and birth date within the officer's jurisdiction), linking or recording why it is
someone else, the form rules of names, and an administrator's merge of two records."""

from __future__ import annotations

import unicodedata

import pytest
from sqlalchemy import func, select

from engine import Forbidden, PersonCheckNeeded, PersonChoice, ValidationFailed
from engine.persistence.tables import AuditEvent, Dossier, Person
from engine.runtime.instance import ThrownMessage
from support.persons import BINH, open_as

HOA_BINH = 2  # index of Phường Hòa Bình in the demo communes


def persons(world) -> int:
    with world.backend.read_session() as session:
        return session.scalar(select(func.count(Person.id)))


def person_of(world, dossier_id: int) -> int:
    with world.backend.read_session() as session:
        return session.get_one(Dossier, dossier_id).person_id


def opened_with(world, dossier_id: int) -> dict:
    with world.backend.read_session() as session:
        return session.scalars(
            select(AuditEvent.data).where(AuditEvent.dossier_id == dossier_id, AuditEvent.action == "dossier_opened")
        ).one()


def test_a_repeated_cccd_proposes_the_recorded_person_and_never_creates_a_second(world):
    first = open_as(world, "commune_police_1", BINH)
    retyped = {**BINH, "person_name": "Nguyen Van Binh", "residence": "Thôn Tây"}
    with pytest.raises(PersonCheckNeeded) as check:
        open_as(world, "commune_police_1", retyped)
    assert check.value.id_number_taken
    [match] = check.value.matches
    assert (match.person_id, match.full_name, match.id_number_tail) == (
        person_of(world, first),
        "Nguyễn Văn Bình",
        "2345",
    )
    [running] = match.running
    assert running.id == first and running.state.startswith("đang lập hồ sơ đưa vào cơ sở cai nghiện bắt buộc")
    with pytest.raises(PersonCheckNeeded) as refused:
        open_as(world, "commune_police_1", retyped, PersonChoice(different_reason="Người khác, khác cha mẹ"))
    assert refused.value.errors == {
        "different_person_reason": ["Hai người khác nhau không thể có cùng một số định danh."]
    }
    assert persons(world) == 1

    second = open_as(world, "commune_police_1", retyped, PersonChoice(person_id=match.person_id))
    assert person_of(world, second) == person_of(world, first) and persons(world) == 1
    with world.backend.read_session() as session:
        assert session.get_one(Person, match.person_id).residence == "Thôn Đông, xã An Bình"  # not overwritten
    assert opened_with(world, second)["person"] == {
        "linked": match.person_id,
        "typed_differs": {"full_name": "Nguyen Van Binh", "residence": "Thôn Tây"},
    }
    history = world.queries.person(world.user("commune_police_1"), match.person_id)
    assert [d.id for d in history.dossiers] == [first, second]


def test_a_cccd_of_another_units_person_is_refused_naming_only_that_unit(world):
    open_as(world, "commune_police_1", BINH)
    stranger = {**BINH, "person_name": "Lê Văn Tám", "residence": "Ấp 2, xã Tân Phú"}
    with pytest.raises(ValidationFailed) as refused:
        open_as(world, "commune_police_2", stranger, commune=1)
    [message] = refused.value.errors["id_number"]
    assert "Công an Xã An Bình" in message
    assert not any(part in message for part in ("Nguyễn", "Văn", "17/05/1990", "Thôn Đông"))
    assert persons(world) == 1


def test_a_name_typed_without_accents_and_the_birth_date_find_the_person_within_the_jurisdiction_only(world):
    first = open_as(world, "commune_police_1", {**BINH, "id_number": None})
    unaccented = {**BINH, "person_name": "  nguyen   van BINH ", "id_number": None}
    with pytest.raises(PersonCheckNeeded) as check:
        open_as(world, "commune_police_1", unaccented)
    assert not check.value.id_number_taken
    assert [m.person_id for m in check.value.matches] == [person_of(world, first)]
    # Xã Tân Phú's police see no dossier of him: no match, a person of their own.
    elsewhere = open_as(world, "commune_police_2", unaccented, commune=1)
    assert person_of(world, elsewhere) != person_of(world, first)
    with world.backend.read_session() as session:
        assert session.get_one(Person, person_of(world, elsewhere)).full_name == "nguyen van BINH"


def test_a_different_person_needs_a_reason_which_the_opening_records(world):
    first = open_as(world, "commune_police_1", {**BINH, "id_number": None})
    namesake = {**BINH, "id_number": "001090099999", "residence": "Thôn Bắc"}
    for blank in ("", "   "):
        with pytest.raises(PersonCheckNeeded) as check:
            open_as(world, "commune_police_1", namesake, PersonChoice(different_reason=blank))
        assert check.value.errors == {"different_person_reason": ["Ghi rõ vì sao đây là người khác."]}
    reason = "Khác cha mẹ, khác số định danh đã đối chiếu"
    other = open_as(world, "commune_police_1", namesake, PersonChoice(different_reason=reason))
    assert person_of(world, other) != person_of(world, first) and persons(world) == 2
    assert opened_with(world, other)["person"] == {
        "different_from": [person_of(world, first)],
        "different_reason": reason,
    }


def test_forbidden_characters_are_refused_naming_them(world):
    for field, text in (("person_name", "Nguyễn\u200b Văn Bình"), ("residence", "Thôn \u202eĐông")):
        with pytest.raises(ValidationFailed) as refused:
            open_as(world, "commune_police_1", {**BINH, field: text})
        [message] = refused.value.errors[field]
        code = f"U+{ord(text[text.index(next(c for c in text if unicodedata.category(c) == 'Cf'))]):04X}"
        assert code in message and "vô hình hoặc đổi chiều văn bản" in message
    assert persons(world) == 0


def test_a_decomposed_name_is_stored_precomposed_and_matches_the_precomposed_one(world):
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn Bình")
    assert decomposed != "Nguyễn Văn Bình"
    first = open_as(world, "commune_police_1", {**BINH, "person_name": decomposed, "id_number": None})
    with world.backend.read_session() as session:
        assert session.get_one(Person, person_of(world, first)).full_name == "Nguyễn Văn Bình"
    with pytest.raises(PersonCheckNeeded) as check:
        open_as(world, "commune_police_1", {**BINH, "id_number": None})
    assert [m.person_id for m in check.value.matches] == [person_of(world, first)]


def test_a_person_held_at_the_facility_is_shown_as_such(regime_world):
    world = regime_world
    payload = {**BINH, "commune_code": world.directory.communes[HOA_BINH], "discovered_on": "2026-06-15"}
    del payload["ground"]
    world.travel("2026-06-15 09:00")
    parent = world.backend.dossiers.open(world.user("commune_police_3"), payload, "addiction_determination")
    world.travel("2026-08-03 09:00")
    service = world.backend.dossiers
    with service._unit_of_work() as uow:
        term = {"completion_type": "adult_compulsory", "discovered_on": "2026-08-03", "admitted_on": "2026-08-03"}
        term |= {"credit_from": None, "facility_name": "Cơ sở cai nghiện ma túy số 1", "is_minor": False}
        service.start_next_phases(
            uow.session,
            uow.session.get_one(Dossier, parent),
            [ThrownMessage("start_facility_term", term)],
            service._clock.now(),
            service._settings.refresh(uow.session),
        )
        uow.commit()
    again = world.as_form_of({**payload, "discovered_on": "2026-08-03"})
    with pytest.raises(PersonCheckNeeded) as check:
        world.backend.dossiers.open(world.user("commune_police_3"), again)
    [match] = check.value.matches
    states = {d.id: d.state.split(" (")[0] for d in match.running}
    assert states[parent] == "đang xác định tình trạng nghiện"
    assert list(states.values()).count("đang chấp hành tại cơ sở") == 1


def test_an_administrator_merges_two_records_moving_every_dossier_audited(world):
    kept = open_as(world, "commune_police_1", BINH)
    reason = "Cùng một người, đã đối chiếu CCCD và ảnh"
    duplicate = open_as(
        world, "commune_police_1", {**BINH, "id_number": None}, PersonChoice(different_reason="Tưởng là người khác")
    )
    also = open_as(
        world, "commune_police_1", {**BINH, "id_number": None}, PersonChoice(person_id=person_of(world, duplicate))
    )
    keep_id, other_id = person_of(world, kept), person_of(world, duplicate)
    with pytest.raises(Forbidden):
        world.backend.persons.merge(
            world.user("commune_police_1"), {"keep_id": keep_id, "other_id": other_id, "reason": reason}
        )
    with pytest.raises(ValidationFailed) as refused:
        world.backend.persons.merge(world.user("admin"), {"keep_id": keep_id, "other_id": keep_id, "reason": ""})
    assert set(refused.value.errors) == {"other_id", "reason"}

    assert (
        world.backend.persons.merge(world.user("admin"), {"keep_id": keep_id, "other_id": other_id, "reason": reason})
        == keep_id
    )
    assert {person_of(world, d) for d in (kept, duplicate, also)} == {keep_id}
    assert world.queries.person_merged_into(other_id) == keep_id
    with world.backend.read_session() as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.action == "persons_merged")).all()
    overall = next(e for e in events if e.dossier_id is None)
    assert (overall.data["keep_id"], overall.data["other_id"], overall.data["reason"]) == (keep_id, other_id, reason)
    assert {e.dossier_id for e in events} == {None, duplicate, also}
    # The merged record is never matched again: the CCCD now finds the kept one only.
    with pytest.raises(PersonCheckNeeded) as check:
        open_as(world, "commune_police_1", {**BINH, "id_number": None})
    assert [m.person_id for m in check.value.matches] == [keep_id]
