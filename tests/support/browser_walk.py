"""Driving a Regime A adult dossier through the pages as the officers of each agency,
shared by the browser walks. Dates typed are today's, so the steps follow each other in
time; a legal period is let run out by moving the clock past the timer the engine indexed."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import date, timedelta

from playwright.sync_api import Page, expect
from sqlalchemy import select

from demo.scan import SAMPLE_SCAN as SCAN
from demo.steps import FORM_DATA
from engine.persistence.tables import Dossier, ProcessInstance
from forms import OPEN_DOSSIER, form_fields
from forms.vn import vn_today

PROCESS = "compulsory_rehab"
OPEN_DATA = {
    "person_name": "Nguyễn Văn Bình",
    "person_birth_date": "1990-05-17",
    "id_number": "001090012345",
    "residence": "Thôn Đông, xã An Bình",
    "discovered_on": "today",
    "ground": "quit_voluntary",
    "stable_residence": True,
}
DONE_STEPS = (
    "record_violation",
    "prepare_dossier",
    "decide_interim_management",
    "notify_person",
    "send_to_labour_office",
    "appraise_dossier",
    "court_intake",
    "notify_acceptance",
    "order_session",
    "hold_session",
    "send_decision",
    "confirm_legal_effect",
    "escort_to_facility",
    "receive_at_facility",
)


def fill_form(page: Page, form: str, values: dict) -> None:
    """Fill the fields of `form` that `values` has, in the form's order, by field type.
    Every date except a birth date is today's, so the steps follow each other in time."""
    for field in form_fields(form):
        name = field["name"]
        if name not in values:
            continue
        value = values[name]
        if field["type"] == "date":
            day = vn_today() if name != "person_birth_date" else date.fromisoformat(value)
            value = day.strftime("%d/%m/%Y")
        if field["type"] == "bool":
            page.check(f'[name="{name}"][value="{"true" if value else "false"}"]')
        elif field["type"] == "choice":
            page.select_option(f'[name="{name}"]', value)
        else:
            page.fill(f'[name="{name}"]', str(value))


@contextmanager
def signed_in(page: Page, username: str, password: str):
    """Signed in as `username` through the login page for the block, signed out after it."""
    page.goto("/login")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/inbox$"))
    yield
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(re.compile(r"/login"))


class Walk:
    """Drives one dossier through the pages as the officers of each agency."""

    def __init__(self, page: Page, live_app, clock):
        self.page = page
        self.backend = live_app.backend
        self.password = live_app.password
        self.clock = clock
        self.dossier_id = 0
        self.number = ""

    def signed_in(self, username: str):
        return signed_in(self.page, username, self.password)

    def open_dossier(self) -> None:
        page = self.page
        page.goto("/dossiers/new")
        page.click('text="Đưa vào cơ sở cai nghiện bắt buộc (người từ đủ 18 tuổi)"')
        fill_form(page, OPEN_DOSSIER, OPEN_DATA)
        page.get_by_role("button", name="Lập hồ sơ").click()
        expect(page).to_have_url(re.compile(r"/dossiers/\d+$"))
        self.dossier_id = int(page.url.rsplit("/", 1)[1])
        with self.backend.read_session() as session:
            self.number = session.get(Dossier, self.dossier_id).number
        expect(page.locator(".dossier-number")).to_have_text(self.number)

    def complete(self, bpmn_id: str) -> None:
        page = self.page
        definition = self.backend.models.current.task(PROCESS, bpmn_id)
        page.goto("/inbox")
        row = page.locator("#inbox tr[data-task-id]").filter(has_text=self.number).filter(has_text=definition.name)
        expect(row).to_have_count(1)
        row.locator('a[href^="/tasks/"]').first.click()
        expect(page).to_have_url(re.compile(r"/tasks/\d+$"))
        expect(page.locator("h1")).to_contain_text(definition.name)
        self.upload_required_scans(definition.required_documents)
        fill_form(page, definition.form, FORM_DATA[bpmn_id])
        page.locator("#task-form").get_by_role("button", name="Hoàn thành").click()
        # The inbox, or the dossier's next task when it is the same agency's.
        expect(page).to_have_url(re.compile(r"/(inbox|tasks/\d+)$"))
        expect(page.locator(".flash").filter(has_text="Đã hoàn thành")).to_contain_text(definition.name)

    def upload_required_scans(self, codes) -> None:
        """Through the task page's checklist: upload a scan of each required document,
        and see it ticked."""
        page = self.page
        for code in codes:
            form = page.locator("#task-upload-form")
            form.locator('select[name="document_code"]').select_option(code)
            form.locator('input[type="file"]').set_input_files(
                {"name": f"{code}.pdf", "mimeType": "application/pdf", "buffer": SCAN}
            )
            form.get_by_role("button", name="Tải lên").click()
            expect(page.locator(f'#checklist li[data-document="{code}"]')).to_have_class("done")

    def let_period_pass(self) -> None:
        """Move the clock just past the dossier's next timer and fire it, as the scheduler would."""
        with self.backend.read_session() as session:
            due = session.scalar(
                select(ProcessInstance.next_timer_at).where(ProcessInstance.dossier_id == self.dossier_id)
            )
        assert due is not None, "the process should be waiting for a timer"
        self.clock.move_to(due + timedelta(minutes=5))
        assert self.backend.timers.fire_due() == 1

    def show_diagram(self) -> None:
        self.page.goto(f"/dossiers/{self.dossier_id}")
        expect(self.page.locator('#diagram[data-state="rendered"] svg').first).to_be_visible()


def marked(page: Page, bpmn_id: str, marker: str):
    return page.locator(f'#diagram .djs-element[data-element-id="{bpmn_id}"].{marker}')
