"""'Ghi nhận ngày nhận hồ sơ' on the task page (issue 12, point 3): the court records the day
the dossier arrived and its intake deadline is counted from it; a day before the dispatch
is refused with the dispatch named; an act dated in time but recorded late reads 'Đúng hạn'
with the recording time beside it. The labour office sends the dossier on Wednesday 25/02."""

from __future__ import annotations

from demo.steps import data
from support.web_support import audit_count, field_errors, page, task_row, text_of, texts, to_court


def intake_id(web, dossier_id: int) -> int:
    return web.task(dossier_id, "court_intake").id


def test_the_court_records_the_receipt_and_the_deadline_follows(web):
    dossier_id = to_court(web)
    task_id = intake_id(web, dossier_id)
    court = web.client("district_court")
    shown = page(court.get(f"/tasks/{task_id}"))
    assert shown.xpath('//form[@id="receipt-form"]')
    assert "Ngày gửi: 25/02/2026" in texts(shown.xpath('//section[@id="receipt"]'))[0]
    web.travel("2026-02-27 10:00")
    response = court.post(f"/tasks/{task_id}/receipt", data={"received_on": "27/02/2026"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/tasks/{task_id}")
    text = text_of(court.get(f"/tasks/{task_id}"))
    assert "Đã ghi nhận ngày nhận: 27/02/2026" in text and "Hạn chót: 03/03/2026" in text
    assert audit_count(web, dossier_id=dossier_id, action="receipt_recorded") == 1


def test_a_receipt_before_the_dispatch_is_refused_naming_it(web):
    dossier_id = to_court(web)
    task_id = intake_id(web, dossier_id)
    web.travel("2026-02-27 10:00")
    response = web.client("district_court").post(f"/tasks/{task_id}/receipt", data={"received_on": "24/02/2026"})
    assert response.status_code == 400
    assert field_errors(response) == ["Không được trước ngày gửi hồ sơ, quyết định (25/02/2026)."] * 2
    assert (
        task_row(web, task_id).received_at is None
        and audit_count(web, dossier_id=dossier_id, action="receipt_recorded") == 0
    )


def test_another_agency_cannot_record_the_receipt(web):
    dossier_id = to_court(web)
    task_id = intake_id(web, dossier_id)
    response = web.client("labour_office").post(f"/tasks/{task_id}/receipt", data={"received_on": "25/02/2026"})
    assert response.status_code == 403 and task_row(web, task_id).received_at is None


def test_an_act_dated_in_time_recorded_late_reads_on_time_with_the_recording_time(web):
    dossier_id = to_court(web)
    task_id = intake_id(web, dossier_id)
    web.travel("2026-03-04 15:30")  # the intake was due on 27/02
    web.complete("district_court", dossier_id, "court_intake", data("court_intake", accepted_on="2026-02-26"))
    response = web.client("district_court").get(f"/dossiers/{dossier_id}")
    [row] = page(response).xpath(f'//table[@id="dossier-tasks"]/tbody/tr[@data-task-id="{task_id}"]')
    assert texts(row.xpath("./td"))[-1] == "Đúng hạn theo ngày thực hiện 26/02/2026, ghi nhận lúc 15:30 04/03/2026"
