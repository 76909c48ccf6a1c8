"""Fixtures: a real SQLite database file per test, the demo jurisdiction, and a driver
that walks dossiers through the engine's service API."""

from __future__ import annotations

from functools import cache

import pytest
import time_machine
from alembic import command
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from demo.directory import USERNAMES, seed_directory
from demo.scan import SAMPLE_SCAN as SCAN
from demo.steps import ACTOR, REGIME_A_ONLY, at, regime_a_backend, regime_a_models
from demo.steps import data as step_data
from engine import Backend, alembic_config, build_backend, load_models
from engine.checklist import present
from engine.persistence.tables import Dossier, Task, User
from postgres import postgres_server, postgres_url  # noqa: F401  (fixtures for PostgreSQL tests)


@cache
def real_models():
    """workflows/ as it is, with the real regime table, parsed once per process."""
    return load_models()


class World:
    """The demo district on a fresh database, and short-hands for the service calls."""

    def __init__(self, backend: Backend, directory, traveller):
        self.backend = backend
        self.queries = backend.queries
        self.directory = directory
        self.traveller = traveller

    def user(self, key: str) -> int:
        return self.directory.users[key]

    def travel(self, when: str) -> None:
        self.traveller.move_to(at(when))

    def open(self, **overrides) -> int:
        payload = {
            "person_name": "Nguyễn Văn Bình",
            "person_birth_date": "1990-05-17",
            "id_number": "001090012345",
            "residence": "Thôn Đông, xã An Bình",
            "commune_code": self.directory.communes[0],
            "discovered_on": "2026-02-09",
            "ground": "quit_voluntary",
            "stable_residence": True,
        }
        payload.update(overrides)
        return self.backend.dossiers.open(self.user("commune_police_1"), payload)

    def open_tasks(self, dossier_id: int) -> list[Task]:
        with self.backend.read_session() as session:
            return session.scalars(
                select(Task).where(Task.dossier_id == dossier_id, Task.state == "open").order_by(Task.id)
            ).all()

    def task(self, dossier_id: int, bpmn_id: str) -> Task:
        tasks = [t for t in self.open_tasks(dossier_id) if t.bpmn_id == bpmn_id]
        assert len(tasks) == 1, f"expected one open {bpmn_id}, open: {[t.bpmn_id for t in self.open_tasks(dossier_id)]}"
        return tasks[0]

    def complete(self, user_key: str, dossier_id: int, bpmn_id: str, data: dict) -> Task:
        """Complete a step as that officer, first uploading a scan of every document the
        step requires that the dossier lacks (what the officer does on the task page)."""
        task = self.task(dossier_id, bpmn_id)
        self.provide_documents(user_key, dossier_id, task)
        self.backend.tasks.complete(self.user(user_key), task.id, data)
        return task

    def provide_documents(self, user_key: str, dossier_id: int, task: Task) -> None:
        with self.backend.read_session() as session:
            dossier = session.get(Dossier, dossier_id)
            required = self.backend.models.current.task(dossier.process_id, task.bpmn_id).required_documents
            missing = [code for code in required if code not in present(session, dossier_id, required)]
        for code in missing:
            self.backend.documents.attach(self.user(user_key), dossier_id, code, f"{code}.pdf", SCAN)


def running_world(backend: Backend):
    """The demo district and an administrator on the engine's database, the clock on
    Tuesday 10/02/2026 09:00 (Vietnam)."""
    with backend.write_session() as session:
        directory = seed_directory(session, password_hash="not-used")
        admin = User(username="admin", password_hash="not-used", full_name="Quản trị hệ thống", is_admin=True)
        session.add(admin)
        session.flush()
        directory.users["admin"] = admin.id
        session.commit()
    backend.settings.refresh()
    with time_machine.travel(at("2026-02-10 09:00"), tick=False) as traveller:
        yield World(backend, directory, traveller)
    backend.database.dispose()


@pytest.fixture
def world(tmp_path):
    backend = regime_a_backend(f"sqlite:///{tmp_path / 'test.sqlite'}")
    backend.create_schema()
    yield from running_world(backend)


@pytest.fixture
def regime_world(tmp_path):
    """The same with the real regime table (workflows/regimes.toml)."""
    backend = build_backend(f"sqlite:///{tmp_path / 'regimes.sqlite'}", models=real_models())
    backend.create_schema()
    yield from running_world(backend)


@pytest.fixture
def pg_world(postgres_url):
    """The same on a fresh PostgreSQL database created by the Alembic migration."""
    command.upgrade(alembic_config(postgres_url), "head")
    yield from running_world(regime_a_backend(postgres_url))


PASSWORD = "matkhau123"
ADMIN = "admin"


class WebWorld(World):
    """The demo district behind the Flask app: `client(username)` is a signed-in test
    client, `advance` walks a dossier through the service API."""

    def __init__(self, app, backend: Backend, directory, traveller):
        super().__init__(backend, directory, traveller)
        self.app = app

    def user(self, key: str) -> int:
        if key == ADMIN:
            with self.backend.read_session() as session:
                return session.scalar(select(User.id).where(User.username == ADMIN))
        return self.directory.users[key]

    def client(self, key: str | None = None):
        """A test client, signed in as the officer `key` (a directory key or "admin")."""
        client = self.app.test_client()
        if key is not None:
            username = ADMIN if key == ADMIN else USERNAMES[key]
            response = client.post("/login", data={"username": username, "password": PASSWORD})
            assert response.status_code == 302, response.get_data(as_text=True)
        return client

    def advance(self, dossier_id: int, *steps: str) -> None:
        """Complete each step with its valid data; "timer" lets the due timers fire."""
        for step in steps:
            if step == "timer":
                assert self.backend.timers.fire_due() >= 1
            else:
                self.complete(ACTOR[step], dossier_id, step, step_data(step))


@pytest.fixture
def web(tmp_path):
    """The app on a fresh SQLite file with the demo directory and an administrator;
    CSRF off (one test turns it on) and a session long enough to survive time travel."""
    from web import create_app

    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'web.sqlite'}",
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "SECRET_KEY": "test",
            "SESSION_MINUTES": 60 * 24 * 365,
            "REGIMES_TEXT": REGIME_A_ONLY,
            "MODELS": regime_a_models(),
        }
    )
    backend = app.extensions["backend"]
    backend.create_schema()
    with backend.write_session() as session:
        password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
        directory = seed_directory(session, password_hash=password_hash)
        session.add(User(username=ADMIN, password_hash=password_hash, full_name="Quản trị hệ thống", is_admin=True))
        session.commit()
    backend.settings.refresh()
    with time_machine.travel(at("2026-02-10 09:00"), tick=False) as traveller:
        yield WebWorld(app, backend, directory, traveller)
    backend.database.dispose()
