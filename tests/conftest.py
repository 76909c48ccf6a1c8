"""Fixtures: a real SQLite database file per test, the demo jurisdiction, and a driver
that walks dossiers through the engine's service API.

The models are parsed once per process (regime_a_models, real_models) and the schema with
the demo directory and an administrator is built once per process into a template file
that each test copies, so a test pays for a file copy instead of create_all and the seed.
Under pytest-xdist every worker builds its own templates in its own temporary folder."""

from __future__ import annotations

import copy
import shutil
import sqlite3
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
import time_machine
from alembic import command
from werkzeug.security import generate_password_hash

from demo.directory import DemoDirectory, seed_directory
from demo.steps import REGIME_A_ONLY, at, regime_a_backend, regime_a_models
from engine import Backend, alembic_config, build_backend, load_models
from engine.persistence.tables import User
from support.worlds import ADMIN, PASSWORD, WebWorld, World

pytest_plugins = ["support.postgres_server"]  # the PostgreSQL fixtures


@cache
def real_models():
    """workflows/ as it is, with the real regime table, parsed once per process."""
    return load_models()


def seed(backend: Backend, password_hash: str) -> DemoDirectory:
    """The demo district and an administrator."""
    with backend.write_session() as session:
        directory = seed_directory(session, password_hash=password_hash)
        admin = User(username=ADMIN, password_hash=password_hash, full_name="Quản trị hệ thống", is_admin=True)
        session.add(admin)
        session.flush()
        directory.users[ADMIN] = admin.id
        session.commit()
    return directory


@dataclass(frozen=True)
class Template:
    """A seeded SQLite file, complete on its own (no -wal beside it), and its directory."""

    path: Path
    directory: DemoDirectory

    def copy_to(self, target: Path) -> tuple[str, DemoDirectory]:
        shutil.copyfile(self.path, target)
        return f"sqlite:///{target}", copy.deepcopy(self.directory)


def build_template(path: Path, password_hash: str) -> Template:
    backend = regime_a_backend(f"sqlite:///{path}")
    backend.create_schema()
    directory = seed(backend, password_hash)
    backend.database.dispose()
    # The last connection checkpointed the WAL; leave rollback-journal mode so the file
    # alone holds everything (each copy is put back in WAL mode when the backend connects).
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode=DELETE")
    connection.close()
    return Template(path, directory)


@pytest.fixture(scope="session")
def world_template(tmp_path_factory) -> Template:
    return build_template(tmp_path_factory.mktemp("templates") / "world.sqlite", "not-used")


@pytest.fixture(scope="session")
def web_template(tmp_path_factory) -> Template:
    password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
    return build_template(tmp_path_factory.mktemp("templates") / "web.sqlite", password_hash)


def running_world(backend: Backend, directory: DemoDirectory):
    """The clock on Tuesday 10/02/2026 09:00 (Vietnam) for a seeded database."""
    backend.settings.refresh()
    with time_machine.travel(at("2026-02-10 09:00"), tick=False) as traveller:
        yield World(backend, directory, traveller)
    backend.database.dispose()


@pytest.fixture
def world(tmp_path, world_template):
    """The demo district and an administrator on a fresh SQLite file (Regime A models)."""
    url, directory = world_template.copy_to(tmp_path / "test.sqlite")
    yield from running_world(regime_a_backend(url), directory)


@pytest.fixture
def regime_world(tmp_path, world_template):
    """The same with the real regime table (workflows/regimes.toml)."""
    url, directory = world_template.copy_to(tmp_path / "regimes.sqlite")
    yield from running_world(build_backend(url, models=real_models()), directory)


@pytest.fixture
def pg_world(postgres_url):
    """The same on a fresh PostgreSQL database created by the Alembic migration."""
    command.upgrade(alembic_config(postgres_url), "head")
    backend = regime_a_backend(postgres_url)
    yield from running_world(backend, seed(backend, "not-used"))


@pytest.fixture
def web(tmp_path, web_template):
    """The app on a fresh SQLite file with the demo directory and an administrator;
    CSRF off (one test turns it on) and a session long enough to survive time travel."""
    from web import create_app

    url, directory = web_template.copy_to(tmp_path / "web.sqlite")
    del directory.users[ADMIN]  # WebWorld looks the administrator up by username
    app = create_app(
        {
            "DATABASE_URL": url,
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "SECRET_KEY": "test",
            "SESSION_MINUTES": 60 * 24 * 365,
            "REGIMES_TEXT": REGIME_A_ONLY,
            "MODELS": regime_a_models(),
        }
    )
    backend = app.extensions["backend"]
    backend.settings.refresh()
    with time_machine.travel(at("2026-02-10 09:00"), tick=False) as traveller:
        yield WebWorld(app, backend, directory, traveller)
    backend.database.dispose()


@pytest.fixture
def regime_web(tmp_path, web_template):
    """The app with workflows/ as it is (every regime) on 02/12/2026, under Regime D."""
    from web import create_app

    url, directory = web_template.copy_to(tmp_path / "web_d.sqlite")
    del directory.users[ADMIN]
    app = create_app(
        {
            "DATABASE_URL": url,
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "SECRET_KEY": "test",
            "SESSION_MINUTES": 60 * 24 * 365,
            "MODELS": real_models(),
        }
    )
    backend = app.extensions["backend"]
    backend.settings.refresh()
    with time_machine.travel(at("2026-12-02 09:00"), tick=False) as traveller:
        yield WebWorld(app, backend, directory, traveller)
    backend.database.dispose()
