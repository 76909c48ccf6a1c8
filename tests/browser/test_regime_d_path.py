"""The law in force today in a real browser: an adult dossier opened under Regime D goes from
the ward police to the regional court, back to the ward police, to the provincial police
director who designates the facility, to the escort and the admission, each agency
signing in in turn and working from its inbox. Dates typed are today's, moments now's;
when the process waits for a legal period, the clock moves past the timer and the timers
fire in-process, as the scheduler does."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from demo.directory import USERNAMES
from demo.regime_d import FORM_DATA
from demo.scan import SAMPLE_SCAN as SCAN
from engine.clock import VN_TZ
from engine.persistence.tables import Dossier, ProcessInstance, Task
from forms import form_fields
from support.browser_walk import signed_in

OPEN_DATA = {
    "person_name": "Vũ Đức Thắng",
    "person_birth_date": "12/03/1989",
    "id_number": "001089003121",
    "residence": "Tổ 6, phường Hòa Bình",
}
KEEP_DATES = {"person_birth_date"}
"""Dates of the demo data that are not the day the step is done."""
LAST_STEP = ("facility_term_2026_07", "confirm_term")


@pytest.fixture
def live_app(live_app_of):
    return live_app_of(regimes_text=None)


def fill(page: Page, form: str, values: dict) -> None:
    """Fill the fields `values` has, by type: days as today, moments as now (Vietnam time)."""
    now = datetime.now(VN_TZ)
    for field in form_fields(form):
        name, kind = field["name"], field["type"]
        if name not in values or values[name] is None:
            continue
        value = values[name]
        if kind == "date":
            value = (date.fromisoformat(value) if name in KEEP_DATES else now.date()).strftime("%d/%m/%Y")
        elif kind == "datetime":
            value = now.strftime("%d/%m/%Y %H:%M")
        if kind == "bool":
            page.check(f'[name="{name}"][value="{"true" if value else "false"}"]')
        elif kind == "choice":
            page.select_option(f'[name="{name}"]', value)
        else:
            page.fill(f'[name="{name}"]', str(value))


class Walk:
    def __init__(self, page: Page, live_app, clock):
        self.page, self.backend, self.password, self.clock = page, live_app.backend, live_app.password, clock
        self.username = {agency: USERNAMES[key] for key, agency in live_app.directory.agencies.items()}
        self.hour_pages = 0
        self.person_id = 0
        self.done: list[tuple[str, str]] = []
        self.agencies: list[str] = []

    def signed_in(self, username: str):
        return signed_in(self.page, username, self.password)

    def open_dossier(self) -> None:
        page = self.page
        with self.signed_in("ca.hoabinh"):
            page.goto("/dossiers/new")
            page.click('text="Đưa đi cai nghiện bắt buộc (người từ đủ 18 tuổi)"')
            expect(page.locator("form#dossier-form")).to_contain_text("01 ngày làm việc")
            for name, value in OPEN_DATA.items():
                page.fill(f'[name="{name}"]', value)
            page.fill('[name="discovered_on"]', datetime.now(VN_TZ).strftime("%d/%m/%Y"))
            page.check('[name="stable_residence"][value="true"]')
            page.get_by_role("button", name="Lập hồ sơ").click()
            expect(page).to_have_url(re.compile(r"/dossiers/\d+$"))
            dossier_id = int(page.url.rsplit("/", 1)[1])
        with self.backend.read_session() as session:
            self.person_id = session.get_one(Dossier, dossier_id).person_id

    def next_task(self) -> tuple[Task, Dossier] | None:
        with self.backend.read_session() as session:
            return session.execute(
                select(Task, Dossier)
                .join(Dossier, Dossier.id == Task.dossier_id)
                .where(Dossier.person_id == self.person_id, Task.state == "open")
                .order_by(Task.id)
            ).first()

    def let_period_pass(self) -> None:
        with self.backend.read_session() as session:
            due = session.scalar(
                select(ProcessInstance.next_timer_at)
                .join(Dossier, Dossier.id == ProcessInstance.dossier_id)
                .where(Dossier.person_id == self.person_id, ProcessInstance.next_timer_at.is_not(None))
                .order_by(ProcessInstance.next_timer_at)
            )
        assert due is not None, "nothing open and no period running"
        self.clock.move_to(due + timedelta(minutes=5))
        assert self.backend.timers.fire_due() >= 1

    def complete(self, task: Task, dossier: Dossier) -> None:
        page = self.page
        definition = self.backend.models.current.task(dossier.process_id, task.bpmn_id)
        username = self.username[task.agency_id]
        with self.signed_in(username):
            row = page.locator("#inbox tr[data-task-id]").filter(has_text=dossier.number)
            row = row.filter(has_text=definition.name)
            expect(row).to_have_count(1)
            row.locator('a[href^="/tasks/"]').first.click()
            expect(page.locator("h1")).to_contain_text(definition.name)
            if "tính theo giờ" in page.locator(".deadline-panel").inner_text():
                self.hour_pages += 1
            for code in definition.required_documents:
                checklist = page.locator(f'#checklist li[data-document="{code}"]')
                if "done" in (checklist.get_attribute("class") or ""):
                    continue
                form = page.locator("#task-upload-form")
                form.locator('select[name="document_code"]').select_option(code)
                form.locator('input[type="file"]').set_input_files(
                    {"name": f"{code}.pdf", "mimeType": "application/pdf", "buffer": SCAN}
                )
                form.get_by_role("button", name="Tải lên").click()
                expect(checklist).to_have_class("done")
            fill(page, definition.form, FORM_DATA[dossier.process_id][task.bpmn_id])
            page.locator("#task-form").get_by_role("button", name="Hoàn thành").click()
            page.wait_for_load_state()
            body = page.locator("main").inner_text()
            errors = page.locator(".field-error, .error, .errors, [role=alert]").all_inner_texts()
            assert "Đã hoàn thành" in body, (dossier.process_id, task.bpmn_id, errors)
        self.done.append((dossier.process_id, task.bpmn_id))
        self.agencies.append(username)


def test_an_adult_dossier_of_today_through_every_agency(page, js_errors, live_app, clock, tmp_path):
    walk = Walk(page, live_app, clock)
    walk.open_dossier()
    for _ in range(40):
        found = walk.next_task()
        if found is None:
            walk.let_period_pass()
            continue
        walk.complete(*found)
        if walk.done[-1] == LAST_STEP:
            break
    assert walk.done[-1] == LAST_STEP, walk.done
    assert {"ca.hoabinh", "toaankv2", "gdca.t2", "cosocainghien.t2"} <= set(walk.agencies)
    assert walk.hour_pages >= 4  # 24-hour limits shown with their instant (forward, designate, escort, …)
    processes = [process for process, _ in walk.done]
    assert processes.index("compulsory_execution") > processes.index("compulsory_rehab_2026_07")
    with walk.signed_in("ca.hoabinh"):
        page.goto("/inbox")
        page.screenshot(path=str(tmp_path / "inbox-d.png"), full_page=True)
    assert js_errors == []
