"""Browser fixtures: the real app on a WSGI server in a background thread, with its own
SQLite file and the demo directory, driven by Debian's Chromium through Playwright."""

from __future__ import annotations

import shutil
import subprocess
import threading
from datetime import datetime
from pathlib import Path

import pytest
import time_machine
from werkzeug.security import generate_password_hash
from werkzeug.serving import make_server

from demo.directory import seed_directory
from demo.steps import REGIME_A_ONLY
from support.debian import install

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
VIEWER = ROOT / "web/static/vendor/bpmn-js/bpmn-navigated-viewer.production.min.js"
PASSWORD = "matkhau123"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    reason = install("chromium", present=CHROMIUM.exists)
    if reason:
        pytest.skip(f"no chromium could be installed at {CHROMIUM}: {reason}")
    return str(CHROMIUM)


@pytest.fixture(scope="session")
def vendored_assets() -> None:
    """The bpmn-js viewer under web/static/vendor, built with `make vendor` when missing."""
    if VIEWER.exists():
        return
    if shutil.which("npm") is None:
        pytest.skip("web/static/vendor/bpmn-js is missing and npm is not available to run `make vendor`")
    done = subprocess.run(["make", "vendor"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    if done.returncode != 0 or not VIEWER.exists():
        pytest.fail(f"`make vendor` did not produce {VIEWER}:\n{done.stdout}\n{done.stderr}")


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Clock:
    """This process's clock (the server thread's too; the browser keeps real time), moved
    forward to let a legal period run out."""

    def __init__(self):
        self._travel = None

    def move_to(self, moment: datetime) -> None:
        self.stop()
        self._travel = time_machine.travel(moment, tick=True)
        self._travel.start()

    def stop(self) -> None:
        if self._travel is not None:
            self._travel.stop()
            self._travel = None


@pytest.fixture
def clock():
    clock = Clock()
    yield clock
    clock.stop()


class LiveApp:
    """The running app: its base URL, its engine (for timers and read-only look-ups), the
    demo directory and the password of every demo officer."""

    password = PASSWORD

    def __init__(self, engine, url: str, directory):
        self.backend = engine
        self.url = url
        self.directory = directory


@pytest.fixture
def live_app_of(tmp_path, vendored_assets):
    """Starts the app with a regime table (None: workflows/regimes.toml as it is)."""
    from web import create_app

    started = []

    def start(regimes_text: str | None) -> LiveApp:
        app = create_app(
            {
                "DATABASE_URL": f"sqlite:///{tmp_path / 'browser.sqlite'}",
                "SECRET_KEY": "browser-test-secret",
                "TESTING": False,
                "REGIMES_TEXT": regimes_text,
            }
        )
        engine = app.extensions["backend"]
        engine.create_schema()
        with engine.write_session() as session:
            directory = seed_directory(session, password_hash=generate_password_hash(PASSWORD))
            session.commit()
        engine.settings.refresh()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, name="browser-test-server", daemon=True)
        thread.start()
        started.append((server, thread, engine))
        return LiveApp(engine, f"http://127.0.0.1:{server.server_port}", directory)

    yield start
    for server, thread, engine in started:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        engine.database.dispose()


@pytest.fixture
def live_app(live_app_of):
    """The app on the Regime A table of the first product (the happy path of 2026-02)."""
    return live_app_of(REGIME_A_ONLY)


@pytest.fixture
def page(browser, live_app):
    context = browser.new_context(
        base_url=live_app.url,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": 1400, "height": 1000},
    )
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def js_errors(page) -> list[str]:
    """Uncaught JavaScript errors of the page, collected while the test runs."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors
