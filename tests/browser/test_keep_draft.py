"""What an officer types survives the end of the session (web/static/js/keep-draft.js):
the task form is kept in the tab's sessionStorage, the sign-in after an expiry brings the
officer back to the task with the values restored, a successful submission forgets them;
and five minutes before the idle limit a banner offers to keep the session alive."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from demo.steps import REGIME_A_ONLY
from engine.clock import VN_TZ
from engine.persistence.tables import Task
from forms import OPEN_FORMS
from forms.vn import vn_today

RESTORED = "Đã khôi phục nội dung anh/chị đã nhập trước khi phiên làm việc hết hạn. Kiểm tra lại rồi bấm Hoàn thành."
DRAFT_KEYS = "() => Object.keys(sessionStorage).filter((key) => key.startsWith('keep-draft:'))"


@pytest.fixture
def session_seconds() -> int | None:
    """The app's session lifetime in seconds (None: SESSION_MINUTES as configured)."""
    return None


@pytest.fixture
def session_lifetime(monkeypatch, session_seconds):
    """web.create_app made to set the session lifetime to `session_seconds`; requested
    before live_app_of, which imports create_app when it is set up."""
    import web

    real_create_app = web.create_app

    def create_app(config=None):
        app = real_create_app(config)
        if session_seconds:
            app.permanent_session_lifetime = timedelta(seconds=session_seconds)
        return app

    monkeypatch.setattr(web, "create_app", create_app)


@pytest.fixture
def live_app(session_lifetime, live_app_of):
    """The Regime A app of conftest, its session living `session_seconds`."""
    return live_app_of(REGIME_A_ONLY)


def open_dossier(live_app) -> int:
    """A dossier of Xã An Bình discovered today, opened through the service; its first task."""
    backend = live_app.backend
    payload = {
        "person_name": "Nguyễn Văn Bình",
        "person_birth_date": "1990-05-17",
        "id_number": "001090012345",
        "residence": "Thôn Đông, xã An Bình",
        "commune_code": live_app.directory.communes[0],
        "discovered_on": vn_today().isoformat(),
        "ground": "quit_voluntary",
        "stable_residence": True,
    }
    bundle = backend.models.current
    definition = bundle.regimes.procedure_on(
        bundle.procedures["compulsory_rehab"], date.fromisoformat(payload["discovered_on"])
    )
    fields = OPEN_FORMS[definition.open_form]._declared_fields
    dossier_id = backend.dossiers.open(
        live_app.directory.users["commune_police_1"], {key: value for key, value in payload.items() if key in fields}
    )
    with backend.read_session() as session:
        return session.scalar(select(Task.id).where(Task.dossier_id == dossier_id, Task.state == "open"))


def sign_in(page: Page, password: str, username: str = "ca.anbinh") -> None:
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', password)
    page.get_by_role("button", name="Đăng nhập").click()


def test_typed_values_survive_an_expiry_and_go_once_submitted(page, js_errors, live_app):
    task_id = open_dossier(live_app)
    page.goto("/login")
    sign_in(page, live_app.password)
    expect(page).to_have_url(re.compile(r"/inbox$"))
    page.goto(f"/tasks/{task_id}")
    form = page.locator("#task-form")
    form.locator('[name="record_number"]').fill("07/BB-VPHC")
    form.locator('[name="violation_description"]').fill("Tự ý chấm dứt cai nghiện tự nguyện.")

    key = f"keep-draft:v1:{live_app.directory.users['commune_police_1']}:/tasks/{task_id}#task-form"
    stored = page.evaluate("(key) => sessionStorage.getItem(key)", key)
    assert "07/BB-VPHC" in stored and "csrf_token" not in stored
    assert page.evaluate("() => localStorage.length") == 0  # personal data never outlive the tab

    # The session ends while the officer types (the cookie is gone); the submission is
    # refused and the officer lands on the sign-in page, which leads back to the task.
    page.context.clear_cookies()
    form.get_by_role("button", name="Hoàn thành").click()
    expect(page).to_have_url(re.compile(rf"/login\?next=%2Ftasks%2F{task_id}$"))
    sign_in(page, live_app.password)
    expect(page).to_have_url(re.compile(rf"/tasks/{task_id}$"))

    notice = page.locator(".draft-restored")
    expect(notice).to_have_text(re.compile(re.escape(RESTORED)))
    expect(notice.get_by_role("button", name="Xóa nội dung đã khôi phục")).to_be_visible()
    form = page.locator("#task-form")
    expect(form.locator('[name="record_number"]')).to_have_value("07/BB-VPHC")
    expect(form.locator('[name="violation_description"]')).to_have_value("Tự ý chấm dứt cai nghiện tự nguyện.")
    expect(form.locator('[name="place"]')).to_have_value("")
    with live_app.backend.read_session() as session:
        assert session.get(Task, task_id).state == "open"  # nothing was saved by the refused POST

    # Still incomplete: the server shows its errors with what was submitted, the draft stays.
    form.get_by_role("button", name="Hoàn thành").click()
    expect(page.locator(".field-error").first).to_be_visible()
    expect(page.locator(".draft-restored")).to_have_count(0)
    expect(page.locator('#task-form [name="record_number"]')).to_have_value("07/BB-VPHC")
    assert len(page.evaluate(DRAFT_KEYS)) == 1

    form = page.locator("#task-form")
    form.locator('[name="recorded_on"]').fill(vn_today().strftime("%d/%m/%Y"))
    form.locator('[name="place"]').fill("Trụ sở Công an xã An Bình")
    form.get_by_role("button", name="Hoàn thành").click()
    expect(page.locator(".flash").filter(has_text="Đã hoàn thành")).to_be_visible()
    with live_app.backend.read_session() as session:
        assert session.get(Task, task_id).state == "completed"
    assert page.evaluate(DRAFT_KEYS) == []

    # The next task (prepare_dossier, the same officer's) restores nothing; nor does a reload.
    expect(page).to_have_url(re.compile(r"/tasks/\d+$"))
    next_task = page.url
    assert not next_task.endswith(f"/tasks/{task_id}")
    expect(page.locator("#task-form")).to_be_visible()
    page.reload()
    expect(page.locator("#task-form")).to_be_visible()
    expect(page.locator(".draft-restored")).to_have_count(0)
    page.goto(f"/tasks/{task_id}")
    expect(page.locator(".panel-done")).to_contain_text("07/BB-VPHC")
    expect(page.locator(".draft-restored")).to_have_count(0)
    page.goto(next_task)

    # Signing out forgets what this officer typed in the tab.
    page.locator('#task-form [name="proposal_number"]').fill("15/ĐN-CAX")
    assert len(page.evaluate(DRAFT_KEYS)) == 1
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    assert page.evaluate(DRAFT_KEYS) == []

    assert js_errors == []


def test_clear_button_puts_the_form_back_as_rendered(page, js_errors, live_app):
    task_id = open_dossier(live_app)
    page.goto(f"/tasks/{task_id}")  # signed out: to the sign-in page and back
    sign_in(page, live_app.password)
    expect(page).to_have_url(re.compile(rf"/tasks/{task_id}$"))
    page.locator('#task-form [name="place"]').fill("Nhà văn hóa thôn Đông")
    page.context.clear_cookies()
    page.reload()
    expect(page).to_have_url(re.compile(r"/login\?next="))
    sign_in(page, live_app.password)
    expect(page.locator('#task-form [name="place"]')).to_have_value("Nhà văn hóa thôn Đông")
    page.get_by_role("button", name="Xóa nội dung đã khôi phục").click()
    expect(page.locator(".draft-restored")).to_have_count(0)
    expect(page.locator('#task-form [name="place"]')).to_have_value("")
    expect(page.locator('#task-form [name="record_number"]')).to_be_focused()
    assert page.evaluate(DRAFT_KEYS) == []

    # Another officer signing in in this tab gets none of what the first one typed.
    page.locator('#task-form [name="place"]').fill("Nhà văn hóa thôn Đông")
    assert len(page.evaluate(DRAFT_KEYS)) == 1
    page.context.clear_cookies()
    page.reload()
    sign_in(page, live_app.password, "ca.tanphu")
    expect(page.locator("h1")).to_be_visible()
    assert page.evaluate(DRAFT_KEYS) == []
    assert js_errors == []


@pytest.mark.parametrize("session_seconds", [301])
def test_a_banner_warns_before_the_idle_limit_and_keeps_the_session(page, js_errors, live_app):
    # The page's clock starts at 09:00:00 and runs; the server keeps real time.
    page.clock.install(time=datetime(2026, 2, 10, 9, 0, tzinfo=VN_TZ))
    page.goto("/login")
    sign_in(page, live_app.password)
    expect(page).to_have_url(re.compile(r"/inbox$"))
    page.wait_for_load_state("load")

    # A session of 301 seconds: the warning is due a second after the page loaded.
    banner = page.locator("#session-warning")
    expect(banner).to_have_attribute("role", "alert")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(
        "Phiên làm việc sẽ hết hạn lúc 09:05 do không thao tác. Nội dung đang nhập được giữ trên trình duyệt "
        "này; hãy lưu hoặc tải lại trang để tiếp tục."
    )

    page.clock.pause_at(datetime(2026, 2, 10, 9, 1, tzinfo=VN_TZ))  # no timer runs until told
    with page.expect_response("**/session/ping") as pinged:
        banner.get_by_role("button", name="Tiếp tục làm việc").click()
    response = pinged.value
    assert response.status == 204
    assert "session=" in response.all_headers().get("set-cookie", "")
    expect(banner).to_be_hidden()

    # Counted again from the ping: warned a second later, expired 301 seconds later.
    page.clock.run_for(2000)
    expect(banner).to_contain_text("Phiên làm việc sẽ hết hạn lúc 09:06")
    page.clock.run_for(5 * 60 * 1000)
    expect(banner).to_contain_text("Phiên làm việc đã hết hạn do không thao tác.")
    expect(banner.get_by_role("button", name="Đăng nhập lại")).to_be_visible()
    assert js_errors == []


def test_no_banner_while_the_session_is_far_from_its_end(page, js_errors, live_app):
    page.clock.install(time=datetime(2026, 2, 10, 9, 0, tzinfo=VN_TZ))
    page.goto("/login")
    sign_in(page, live_app.password)
    expect(page).to_have_url(re.compile(r"/inbox$"))
    page.wait_for_load_state("load")  # the script has counted the session from this page
    page.clock.run_for("24:00")  # the 30-minute session: 6 minutes left
    expect(page.locator("#session-warning")).to_be_hidden()
    page.clock.run_for("01:30")
    expect(page.locator("#session-warning")).to_contain_text("Phiên làm việc sẽ hết hạn lúc 09:30")
    assert js_errors == []
