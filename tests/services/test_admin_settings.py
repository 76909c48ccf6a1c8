"""Administering the legal time limits and the working-day calendar: every change needs its
legal basis, is audited, and applies only to tasks created after it — in every process."""

from datetime import date

import pytest

from demo.steps import regime_a_backend
from engine import Forbidden, NotFound, ValidationFailed
from support.web_support import audit_count, page, text_of

D = date
CITATION = "Khoản 1 Điều 40 Nghị định 999/2026/NĐ-CP (ví dụ thử nghiệm)"


def first_deadline(world, dossier_id):
    return world.task(dossier_id, "record_violation").deadline_on


def test_a_parameter_change_applies_only_to_tasks_created_after_it(world):
    before = world.open()  # discovered Mon 09/02: 05 working days → 23/02
    assert first_deadline(world, before) == D(2026, 2, 23)
    scheduler = regime_a_backend(str(world.backend.database.url))  # another process, e.g. the scheduler
    scheduler.settings.refresh()
    world.backend.settings.change_parameter(world.user("admin"), "dossier_preparation", 7, "V", CITATION)
    after = world.open(person_name="Trần Thị Mai")
    # 07 working days from 09/02: 10, 11, 12, 13, 23, 24, 25/02.
    assert first_deadline(world, after) == D(2026, 2, 25)
    assert first_deadline(world, before) == D(2026, 2, 23)
    parameter = world.backend.settings.current.parameters["dossier_preparation"]
    assert (parameter.value, parameter.amended_by) == (7, CITATION)
    # The other process sees the amendment before its next action.
    third = scheduler.dossiers.open(
        world.user("commune_police_1"),
        {
            "person_name": "Lê Văn Tài",
            "person_birth_date": "1985-01-01",
            "residence": "Thôn Tây",
            "commune_code": world.directory.communes[0],
            "discovered_on": "2026-02-09",
            "ground": "quit_voluntary",
            "stable_residence": True,
        },
    )
    assert first_deadline(world, third) == D(2026, 2, 25)
    assert audit_count(world, action="parameter_changed") == 1
    scheduler.database.dispose()


@pytest.mark.parametrize(
    ("value", "status", "citation", "field"),
    [
        (7, "V", "", "citation"),
        (7, "V", "theo CV", "citation"),
        (None, "V", CITATION, "value"),
        (-1, "V", CITATION, "value"),
        (7, "maybe", CITATION, "status"),
    ],
)
def test_an_amendment_without_basis_or_with_a_bad_value_is_refused(world, value, status, citation, field):
    with pytest.raises(ValidationFailed) as refused:
        world.backend.settings.change_parameter(world.user("admin"), "dossier_preparation", value, status, citation)
    assert field in refused.value.errors
    assert world.backend.settings.current.parameters["dossier_preparation"].value == 5
    assert audit_count(world, action="parameter_changed") == 0


def test_only_administrators_amend_and_unknown_parameters_are_not_found(world):
    with pytest.raises(Forbidden):
        world.backend.settings.change_parameter(world.user("commune_police_1"), "dossier_preparation", 7, "V", CITATION)
    with pytest.raises(NotFound):
        world.backend.settings.change_parameter(world.user("admin"), "no_such_limit", 7, "V", CITATION)


def test_a_value_found_later_can_replace_an_unverified_gap(world):
    world.backend.settings.change_parameter(world.user("admin"), "protest_window", 5, "V-partial", CITATION)
    assert world.backend.settings.current.parameters["protest_window"].describe() == "05 ngày làm việc"


def test_a_declared_day_off_counts_for_tasks_created_after_it(world):
    before = world.open()
    world.backend.settings.set_calendar_day(
        world.user("admin"), D(2026, 2, 11), False, "Nghỉ bù (ví dụ)", "Thông báo số 01/TB-BNV (ví dụ thử nghiệm)"
    )
    after = world.open(person_name="Trần Thị Mai")
    # 11/02 is now off: 10, 12, 13, 23, 24/02.
    assert first_deadline(world, after) == D(2026, 2, 24)
    assert first_deadline(world, before) == D(2026, 2, 23)
    with pytest.raises(ValidationFailed) as refused:
        world.backend.settings.set_calendar_day(world.user("admin"), D(2026, 2, 12), False, "", "")
    assert "legal_basis" in refused.value.errors
    world.backend.settings.set_calendar_day(
        world.user("admin"), D(2026, 2, 11), None, "", "Thông báo số 02/TB-BNV (hủy)"
    )
    assert world.backend.settings.current.calendar.is_working_day(D(2026, 2, 11))
    assert audit_count(world, action="calendar_changed") == 2


# ----- web -------------------------------------------------------------------------------


def test_the_parameter_pages(web):
    client = web.client("admin")
    listing = page(client.get("/admin/parameters"))
    rows = listing.xpath('//table[@id="parameters"]//tr[@data-parameter]')
    assert len(rows) == len(web.backend.settings.current.parameters)
    assert "Chưa xác minh" in listing.xpath('//tr[@data-parameter="protest_window"]')[0].text_content()
    refused = client.post("/admin/parameters/reading_period", data={"value": "4", "status": "V", "citation": ""})
    assert refused.status_code == 400 and "Phải ghi căn cứ pháp lý của thay đổi" in text_of(refused)
    assert web.backend.settings.current.parameters["reading_period"].value == 3
    saved = client.post(
        "/admin/parameters/reading_period",
        data={"value": "4", "status": "V", "citation": CITATION},
        follow_redirects=True,
    )
    assert "áp dụng cho các nhiệm vụ phát sinh từ nay" in text_of(saved)
    assert "Đã sửa theo: " + CITATION in text_of(saved)
    assert client.get("/admin/parameters/nothing").status_code == 404
    officer = web.client("commune_police_1")
    assert officer.get("/admin/parameters").status_code == 403


def test_the_calendar_page(web):
    client = web.client("admin")
    year = page(client.get("/admin/calendar?year=2026"))
    days = {
        row.get("data-day"): row.text_content() for row in year.xpath('//table[@id="calendar-days"]//tr[@data-day]')
    }
    assert "Mùng" in days["2026-02-17"] or "Tết" in days["2026-02-17"]
    assert "Làm việc" in days["2026-08-22"] and "bù" in days["2026-08-22"]
    bad = client.post(
        "/admin/calendar?year=2026", data={"day": "30/02/2026", "kind": "off", "legal_basis": "Thông báo số 01/TB-BNV"}
    )
    assert bad.status_code == 400 and "Ngày không hợp lệ" in text_of(bad)
    saved = client.post(
        "/admin/calendar?year=2026",
        data={"day": "12/02/2026", "kind": "off", "note": "", "legal_basis": "Thông báo số 01/TB-BNV (ví dụ)"},
        follow_redirects=True,
    )
    assert "Đã cập nhật lịch ngày 12/02/2026" in text_of(saved)
    assert not web.backend.settings.current.calendar.is_working_day(D(2026, 2, 12))
