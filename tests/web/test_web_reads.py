"""The pages read plain read models: the number of SQL statements of a page does not grow
with the rows it lists, templates never reach the database, and the inbox counts and
marks deadlines as the reminder e-mails do (working days, due soon)."""

from __future__ import annotations

import dataclasses
from contextlib import contextmanager

from flask import before_render_template, template_rendered
from sqlalchemy import event

from demo.steps import data
from engine.persistence.tables import Base
from support.web_support import dossier_row, page, texts


@contextmanager
def statements(web):
    """The SQL statements run on the app's database meanwhile."""
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(web.backend.database, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(web.backend.database, "before_cursor_execute", count)


def dossiers_page_statements(web, client) -> int:
    with statements(web) as seen:
        response = client.get("/dossiers")
    assert response.status_code == 200
    return len(seen)


def test_the_dossier_list_runs_as_many_statements_for_25_dossiers_as_for_5(web):
    client = web.client("commune_police_1")
    for n in range(5):
        web.open(person_name=f"Nguyễn Văn {n}", id_number=f"00109001{n:04d}")
    with_5 = dossiers_page_statements(web, client)
    for n in range(5, 25):
        web.open(person_name=f"Nguyễn Văn {n}", id_number=f"00109001{n:04d}")
    with_25 = dossiers_page_statements(web, client)
    rows = page(client.get("/dossiers")).xpath('//table[@id="dossiers"]//tr[@data-dossier-id]')
    assert len(rows) == 25
    assert with_25 == with_5


def orm_objects(value, depth=0) -> list:
    """ORM instances reachable from a template's context value."""
    if isinstance(value, Base):
        return [value]
    if depth > 5:
        return []
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [o for field in dataclasses.fields(value) for o in orm_objects(getattr(value, field.name), depth + 1)]
    if isinstance(value, dict):
        return [o for item in value.values() for o in orm_objects(item, depth + 1)]
    if isinstance(value, list | tuple | set):
        return [o for item in value for o in orm_objects(item, depth + 1)]
    return []


@contextmanager
def rendering(web):
    """What templates did while rendering: the SQL they ran and the ORM rows they got."""
    found = {"sql": [], "orm": [], "rendered": []}
    inside = []

    def before(sender, template, context, **extra):
        inside.append(template.name)
        found["orm"] += orm_objects(
            {k: v for k, v in context.items() if k not in ("current_user", "g", "request", "session", "config")}
        )

    def after(sender, template, context, **extra):
        inside.pop()
        found["rendered"].append(template.name)

    def count(conn, cursor, statement, parameters, context, executemany):
        if inside:
            found["sql"].append(statement)

    before_render_template.connect(before, web.app)
    template_rendered.connect(after, web.app)
    event.listen(web.backend.database, "before_cursor_execute", count)
    try:
        yield found
    finally:
        event.remove(web.backend.database, "before_cursor_execute", count)
        template_rendered.disconnect(after, web.app)
        before_render_template.disconnect(before, web.app)


def test_inbox_dossier_and_task_pages_render_from_read_models_without_touching_the_database(web):
    dossier_id = web.open()
    done = web.complete("commune_police_1", dossier_id, "record_violation", data("record_violation")).id
    claimed = web.task(dossier_id, "prepare_dossier").id
    web.backend.tasks.claim(web.user("commune_police_1"), claimed)
    client = web.client("commune_police_1")
    pages = [
        "/inbox",
        "/dossiers",
        f"/dossiers/{dossier_id}",
        f"/tasks/{done}",
        f"/tasks/{claimed}",
        f"/dossiers/persons/{dossier_row(web, dossier_id).person_id}",
    ]
    with rendering(web) as found:
        for url in pages:
            assert client.get(url).status_code == 200, url
    shown = {
        "inbox/inbox.html",
        "dossiers/dossiers.html",
        "dossiers/dossier.html",
        "tasks/task.html",
        "dossiers/person.html",
    }
    assert shown <= set(found["rendered"])
    assert found["sql"] == [] and found["orm"] == []
    officer = web.queries.account(web.user("commune_police_1")).full_name
    completed = page(client.get(f"/tasks/{done}"))
    assert completed.xpath('//p[@class="completed-by"]/strong')[0].text == officer
    assert officer in page(client.get(f"/tasks/{claimed}")).text_content()


def test_the_admin_pages_render_without_touching_the_database(web):
    admin = web.client("admin")
    with rendering(web) as found:
        for url in (
            "/admin/outbox",
            "/admin/parameters",
            "/admin/parameters/reading_period",
            "/admin/calendar",
            "/admin/migration/",
            "/account",
        ):
            assert admin.get(url).status_code == 200, url
    assert found["sql"] == [] and found["orm"] == []


def test_the_inbox_counts_overdue_in_working_days_and_marks_due_soon_as_the_digest_does(web):
    dossier_id = web.open()  # discovered Mon 09/02: record_violation due 23/02, after Tết
    sooner = web.open(person_name="Lê Văn Cường", discovered_on="2026-02-05")  # due Thu 12/02
    client = web.client("commune_police_1")
    task_id = web.task(sooner, "record_violation").id

    web.travel("2026-02-11 10:00")  # Wed: 12/02 is the next working day, the digest's "sắp đến hạn"
    row = page(client.get("/inbox")).xpath(f'//tr[@data-task-id="{task_id}"]')[0]
    assert row.get("class") == "due-soon"
    assert texts(row.xpath("./td"))[4] == "còn 1 ngày làm việc Sắp đến hạn"
    task_page = page(client.get(f"/tasks/{task_id}"))
    assert texts(task_page.xpath('//*[contains(@class, "countdown")]')) == ["(còn 1 ngày làm việc)"]

    # Mon 16/02, four calendar days after the deadline, but Tết began on Sat 14/02: only
    # Fri 13/02 was a working day, and the inbox says what the e-mail says.
    web.travel("2026-02-16 10:00")
    row = page(client.get("/inbox")).xpath(f'//tr[@data-task-id="{task_id}"]')[0]
    assert row.get("class") == "overdue"
    assert texts(row.xpath("./td"))[4] == "quá hạn 1 ngày làm việc"
    later = page(client.get("/inbox")).xpath(f'//tr[@data-task-id="{web.task(dossier_id, "record_violation").id}"]')[0]
    assert "Sắp đến hạn" not in later.text_content()
