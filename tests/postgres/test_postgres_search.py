"""The dossier search and the one-record-per-CCCD index on a real PostgreSQL server, as on
SQLite (tests/services/test_search.py, tests/web/test_web_search.py, test_person_unique.py):
PostgreSQL's LIKE runs where SQLite adds an index range, its text refuses what SQLite
stores, and two openings truly overlap there instead of queueing."""

from __future__ import annotations

import threading

import pytest
import time_machine
from alembic import command
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from demo.directory import seed_directory
from demo.steps import REGIME_A_ONLY, at, regime_a_models
from engine import DossierFilters, PersonCheckNeeded, alembic_config
from engine.persistence.tables import Dossier, Person
from engine.services import dossiers
from support.id_number_migration import check_the_migration
from support.web_support import VIETNAMESE, dossier_ids, page
from support.worlds import PASSWORD, WebWorld

ELSEWHERE = {
    "person_name": "Nguyễn Văn Hùng",
    "person_birth_date": "1975-07-07",
    "id_number": "001075000555",
    "residence": "Ấp 1, xã Tân Phú",
    "discovered_on": "2026-02-09",
    "ground": "quit_voluntary",
    "stable_residence": True,
}
BINH = {
    "person_name": "Nguyễn Văn Bình",
    "person_birth_date": "1990-05-17",
    "id_number": "001090012345",
    "residence": "Thôn Đông, xã An Bình",
}
HOSTILE = [
    "%",
    "_",
    "\\",
    "%%%_",
    "%nguyen%",
    "ngu%",
    "ng_yen",
    "0000%",
    "00000_",
    "' OR 1=1 --",
    '"',
    "😀",
    "a" * 5000,
    "1" * 5000,
    "a b c d e f g h i j k l m n o p",
]
"""Each matches itself only, hence nothing: the wildcards are escaped (unescaped, "ngu%",
"ng_yen", "0000%" and "00000_" would find the names and the dossier numbers). A NUL, which
PostgreSQL's text cannot hold, never gets this far: the list's filters refuse it (below)."""


def open_people(world) -> dict[str, int]:
    """Three dossiers of commune 1 and one of commune 2 whose person bears the same name."""
    opened = {
        "hung": world.open(person_name="Nguyễn Văn Hùng", person_birth_date="1988-02-01", id_number="001088000111"),
        "binh": world.open(person_name="Nguyễn Văn Bình", person_birth_date="1990-05-17", id_number="001090012345"),
        "mai": world.open(person_name="Trần Thị Hùng Mai", person_birth_date="1992-03-03", id_number="001092000333"),
    }
    opened["elsewhere"] = world.backend.dossiers.open(
        world.user("commune_police_2"), world.as_form_of({**ELSEWHERE, "commune_code": world.directory.communes[1]})
    )
    return opened


@pytest.fixture
def people(pg_world):
    return open_people(pg_world)


@pytest.fixture
def pg_web(postgres_url):
    """The app on a fresh PostgreSQL database created by the Alembic migration."""
    from web import create_app

    command.upgrade(alembic_config(postgres_url), "head")
    app = create_app(
        {
            "DATABASE_URL": postgres_url,
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "SECRET_KEY": "test",
            "SESSION_MINUTES": 60 * 24 * 365,
            "REGIMES_TEXT": REGIME_A_ONLY,
            "MODELS": regime_a_models(),
        }
    )
    backend = app.extensions["backend"]
    with backend.write_session() as session:
        directory = seed_directory(session, password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000"))
        session.commit()
    backend.settings.refresh()
    with time_machine.travel(at("2026-02-10 09:00"), tick=False) as traveller:
        yield WebWorld(app, backend, directory, traveller)
    backend.database.dispose()


def found(world, key: str, q: str) -> set[int]:
    page = world.queries.dossiers(world.user(key), DossierFilters(q=q), per_page=1000)
    return {row.dossier.id for row in page.items}


def number_of(world, dossier_id: int) -> str:
    with world.backend.read_session() as session:
        return session.get_one(Dossier, dossier_id).number


def test_a_name_is_found_without_its_accents_and_only_within_jurisdiction(pg_world, people):
    world = pg_world
    assert found(world, "commune_police_1", "nguyen van hung") == {people["hung"]}
    assert found(world, "commune_police_1", "  NGUYỄN   văn HÙNG ") == {people["hung"]}
    assert found(world, "commune_police_1", "Nguyen Van") == {people["hung"], people["binh"]}
    assert found(world, "commune_police_1", "hung") == {people["hung"], people["mai"]}
    assert found(world, "commune_police_1", "Hùng NGUYỄN") == {people["hung"]}
    assert found(world, "commune_police_1", "ung") == set()  # a word is matched from its start
    assert found(world, "commune_police_2", "nguyen van hung") == {people["elsewhere"]}
    assert found(world, "admin", "nguyen van hung") == {people["hung"], people["elsewhere"]}
    assert found(world, "labour_office", "hung") == set()


def test_a_cccd_and_a_dossier_number_find_their_dossier_within_jurisdiction(pg_world, people):
    world = pg_world
    assert found(world, "commune_police_1", "001088000111") == {people["hung"]}
    assert found(world, "commune_police_1", "0010880") == {people["hung"]}
    assert found(world, "commune_police_1", "001075000555") == set()  # the other commune's person
    assert found(world, "commune_police_2", "001075000555") == {people["elsewhere"]}
    number = number_of(world, people["mai"])
    assert found(world, "commune_police_1", number) == {people["mai"]}
    serial, year = number.split("/")[:2]
    assert found(world, "commune_police_1", f"{int(serial)}/{year}") == {people["mai"]}
    assert found(world, "commune_police_2", number) == set()


def test_what_the_wildcards_stand_for_is_found(pg_world, people):
    """The contrast of HOSTILE: the same queries without wildcards find dossiers."""
    world = pg_world
    assert found(world, "commune_police_1", "ngu") == {people["hung"], people["binh"]}
    assert found(world, "commune_police_1", "nguyen") == {people["hung"], people["binh"]}
    assert number_of(world, people["hung"]).startswith("000001/")
    assert found(world, "commune_police_1", "000001") == {people["hung"]}


@pytest.mark.parametrize("hostile", HOSTILE, ids=range(len(HOSTILE)))
def test_wildcards_odd_characters_and_long_queries_match_themselves(pg_world, people, hostile):
    assert found(pg_world, "admin", hostile) == set()


def test_the_dossier_list_searches_the_same_on_postgres(pg_web):
    web = pg_web
    opened = open_people(web)
    police = web.client("commune_police_1")
    assert dossier_ids(police.get("/dossiers?q=nguyen+van+hung")) == {opened["hung"]}
    assert dossier_ids(police.get("/dossiers?q=001088000111")) == {opened["hung"]}
    assert dossier_ids(police.get("/dossiers?q=001075000555")) == set()
    assert dossier_ids(web.client("commune_police_2").get("/dossiers?q=nguyen+van+hung")) == {opened["elsewhere"]}
    for query in ("q=%25%25%25", "q=_", "q=ngu%25", "q=ng_yen", "q=0000%25", "q=%27%22%3B--", "q=%F0%9F%98%80"):
        response = police.get(f"/dossiers?{query}")
        assert response.status_code == 200 and dossier_ids(response) == set(), query
    refused = ("q=" + "a" * 5000, "q=%00", "q=nguyen%00van", "q=nguyen%E2%80%8Bvan", "q=a+b+c+d+e+f+g+h+i+j")
    for query in refused:  # too long, a NUL (PostgreSQL's text cannot hold it), hidden, too many words
        response = police.get(f"/dossiers?{query}")
        assert response.status_code == 400, (query, response.status_code)
        assert VIETNAMESE.search(" ".join(page(response).xpath('//*[@id="filter-errors"]//text()'))), query


def test_two_openings_that_overlap_give_one_person_and_one_refusal(pg_world, monkeypatch):
    """Both look-ups run before either insert (a barrier after the look-up): the database's
    index refuses the second, whose officer gets the look-up's refusal naming the record."""
    world = pg_world
    world.open(person_name="Lê Văn Út", person_birth_date="1993-04-04", id_number="001093000444")
    real, barrier, waited = dossiers.resolve_person, threading.Barrier(2, timeout=60), threading.local()
    looked_up = []

    def resolve(*args):
        looked_up.append(args[3].get("id_number"))
        result = real(*args)
        if not getattr(waited, "done", False):
            waited.done = True
            barrier.wait()
        return result

    monkeypatch.setattr(dossiers, "resolve_person", resolve)
    payload = world.as_form_of({**ELSEWHERE, **BINH, "commune_code": world.directory.communes[0]})
    outcomes = []

    def submit():
        try:
            outcomes.append(("opened", world.backend.dossiers.open(world.user("commune_police_1"), payload)))
        except PersonCheckNeeded as check:
            outcomes.append(("refused", check))

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(kind for kind, _ in outcomes) == ["opened", "refused"]
    assert looked_up == ["001090012345"] * 3  # two look-ups that saw nobody, then the refused one's again
    opened = next(value for kind, value in outcomes if kind == "opened")
    refusal = next(value for kind, value in outcomes if kind == "refused")
    with world.backend.read_session() as session:
        holder = session.get_one(Dossier, opened).person_id
        assert session.scalars(select(Person.id).where(Person.id_number == "001090012345")).all() == [holder]
        assert session.scalar(select(func.count()).select_from(Dossier)) == 2
    assert refusal.id_number_taken and [m.person_id for m in refusal.matches] == [holder]


def test_the_unique_cccd_migration_on_postgres(postgres_url):
    check_the_migration(postgres_url)
