"""The same engine on a real PostgreSQL server: the Alembic migration, a dossier walked
through the chain, concurrent completions, the set-based reminder scan (ON CONFLICT),
documents and scans (bytea), and the inbox query."""

import threading
from datetime import date

from sqlalchemy import func, inspect, select

from demo.scan import SAMPLE_SCAN as SCAN
from demo.steps import data
from engine import Conflict
from engine.persistence.tables import Attachment, Base, IssuedDocument, Notification, OutboxMessage
from support.chain_walks import child_of, walk_compulsory_to_admission

D = date


def test_the_migration_creates_the_schema_of_the_models(pg_world):
    assert pg_world.backend.database.dialect.name == "postgresql"
    tables = set(inspect(pg_world.backend.database).get_table_names())
    assert tables == set(Base.metadata.tables) | {"alembic_version"}


def test_a_dossier_runs_to_the_facility_and_starts_the_next_phase(pg_world):
    world = pg_world
    world.travel("2026-02-25 08:00")
    dossier_id = world.open()
    walk_compulsory_to_admission(world, dossier_id)
    inbox = world.backend.queries.open_tasks(world.directory.agencies["rehab_facility"])
    assert [row[5] for row in inbox] == ["notify_term_end"]  # the facility's inbox: the next phase
    facility = child_of(world, dossier_id)
    # Admitted 16/03/2026 for 12 months: the notice is due at the latest on Mon 01/03/2027.
    assert world.task(facility.id, "notify_term_end").deadline_on == D(2027, 3, 1)


def test_two_concurrent_completions_one_wins(pg_world):
    world = pg_world
    dossier_id = world.open()
    task = world.task(dossier_id, "record_violation")
    barrier, outcomes = threading.Barrier(2), []

    def submit():
        barrier.wait()
        try:
            world.backend.tasks.complete(world.user("commune_police_1"), task.id, data("record_violation"))
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "ok"]
    assert [t.bpmn_id for t in world.open_tasks(dossier_id)] == ["prepare_dossier"]


def test_reminders_are_owed_once_on_postgres(pg_world):
    world = pg_world
    world.open(discovered_on="2026-02-06")  # due Fri 13/02
    world.travel("2026-02-12 07:00")
    assert world.backend.reminders.run("http://127.0.0.1:5000") == 1
    assert world.backend.reminders.run("http://127.0.0.1:5000") is None
    with world.backend.read_session() as session:
        assert session.scalar(select(func.count()).select_from(Notification)) == 1
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 1


def test_documents_and_scans_on_postgres(pg_world):
    world = pg_world
    dossier_id = world.open()
    world.complete("commune_police_1", dossier_id, "record_violation", data("record_violation"))
    issued_id, pdf = world.backend.documents.issue(
        world.user("commune_police_1"), dossier_id, "mau_27", "http://127.0.0.1:5000"
    )
    assert pdf.startswith(b"%PDF") and issued_id
    attachment_id = world.backend.documents.attach(world.user("commune_police_1"), dossier_id, "mau_31", "x.pdf", SCAN)
    with world.backend.read_session() as session:
        assert session.get(Attachment, attachment_id).content == SCAN
        assert session.get(IssuedDocument, issued_id).content == pdf
