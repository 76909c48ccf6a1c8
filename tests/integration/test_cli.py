"""The app's commands on a fresh SQLite file: migrations, demo data, timers."""

import re
from datetime import datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select

from engine import alembic_config
from engine.clock import VN_TZ
from engine.persistence.tables import Base, Dossier, Task, User
from web import create_app


@pytest.fixture
def app(tmp_path):
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'app.sqlite'}", "SECRET_KEY": "test", "TESTING": True})
    yield app
    app.extensions["backend"].database.dispose()


def invoke(app, command):
    result = app.test_cli_runner().invoke(args=[command])
    assert result.exit_code == 0, result.output
    return result.output


def test_init_db_creates_the_schema_at_head(app):
    invoke(app, "init-db")
    db = app.extensions["backend"].database
    assert set(inspect(db).get_table_names()) == set(Base.metadata.tables) | {"alembic_version"}
    head = ScriptDirectory.from_config(alembic_config(app.config["DATABASE_URL"])).get_current_head()
    with db.connect() as connection:
        context = MigrationContext.configure(connection)
        assert context.get_current_revision() == head
        assert compare_metadata(context, Base.metadata) == []  # the migration builds exactly engine.persistence.tables
    invoke(app, "init-db")  # a second run is a no-op


def test_seed_demo_is_idempotent_and_covers_the_stages(app):
    invoke(app, "init-db")
    seeded = invoke(app, "seed-demo")
    assert re.search(r"Đã tạo dữ liệu mẫu: \d+ hồ sơ", seeded), seeded
    engine = app.extensions["backend"]

    def counts():
        with engine.read_session() as session:
            return [session.scalar(select(func.count()).select_from(table)) for table in (User, Dossier, Task)]

    before = counts()
    assert "không tạo" in invoke(app, "seed-demo")
    assert counts() == before

    today = datetime.now(VN_TZ).date()
    with engine.read_session() as session:
        assert session.scalar(select(User.is_admin).where(User.username == "admin"))
        assert session.scalar(select(func.count()).select_from(Dossier)) >= 12
        outcomes = set(session.scalars(select(Dossier.outcome).where(Dossier.status == "closed")))
        open_tasks = session.execute(select(Task.agency_id, Task.deadline_on).where(Task.state == "open")).all()
        communes = set(session.scalars(select(Dossier.commune_code)))
        kinds = set(session.scalars(select(Dossier.kind)))
        versions = set(
            session.execute(select(Dossier.regime, Dossier.process_id).where(Dossier.kind == "compulsory_rehab"))
        )
    assert outcomes == {"admitted", "not_applied", "execution_started", "to_post_rehab"}
    # the Regime A dossiers of 2025, and every procedure of the law in force today (demo.cases_d)
    assert kinds >= {
        "compulsory_rehab",
        "minor_compulsory_rehab",
        "compulsory_execution",
        "addiction_determination",
        "drug_user_management",
        "voluntary_rehab",
        "electronic_supervision",
        "facility_term",
        "post_rehab_management",
    }
    assert versions == {("A", "compulsory_rehab"), ("D", "compulsory_rehab_2026_07")}  # the law of then, and of now
    with engine.read_session() as session:
        regime_d = set(session.scalars(select(Dossier.process_id).where(Dossier.regime == "D")))
    assert regime_d >= {
        "compulsory_rehab_2026_07",
        "minor_compulsory_rehab_2026_07",
        "compulsory_execution",
        "facility_term_2026_07",
        "post_rehab_management_2026_07",  # after a term begun under the old law (khoản 1 Điều 56)
        "drug_user_management_2026_07",
        "addiction_determination_2026_07",
        "voluntary_rehab_2026_07",
        "electronic_supervision",
    }
    assert len(communes) == 4
    assert len({agency for agency, _ in open_tasks}) >= 5
    assert any(deadline and deadline < today for _, deadline in open_tasks)
    assert any(deadline and deadline > today for _, deadline in open_tasks)
    assert any(deadline is None for _, deadline in open_tasks)  # a limit no primary text confirms


def test_fire_timers_runs(app):
    invoke(app, "init-db")
    assert "0 mốc" in invoke(app, "fire-timers")
