"""Jurisdiction through the pages: every demo officer against every dossier and task
outside their reach gets a 403 that is written to the audit trail, and never sees those
dossiers or tasks in their lists; another agency's task of a dossier they see is read-only.
A provincial monitor sees every dossier of its province and none of the other, and every
action it tries on them is refused and audited."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from sqlalchemy import select

from demo.scan import SAMPLE_SCAN as SCAN
from demo.steps import PREPARATION
from engine.persistence.tables import Dossier, Task
from support.web_support import audit_count, dossier_ids, inbox_ids, page, task_row, text_of, to_labour_office

OFFICERS = (
    "commune_police_1",
    "commune_police_2",
    "commune_committee_1",
    "commune_committee_2",
    "labour_office",
    "district_court",
    "district_police",
    "rehab_facility",
    "admin",
    "monitor",
    "monitor_new",
)
# Who may see each dossier; everybody else is refused.
SEES = {
    # Opened in commune 1, still with the commune police.
    "fresh": {"commune_police_1", "commune_committee_1", "admin", "monitor"},
    # At the labour office: not yet transferred to the court.
    "at_labour_office": {"commune_police_1", "commune_committee_1", "labour_office", "admin", "monitor"},
    # Transferred to the court; the district police and the facility are not yet involved.
    "at_court": {"commune_police_1", "commune_committee_1", "labour_office", "district_court", "admin", "monitor"},
    # Opened in commune 2.
    "other_commune": {"commune_police_2", "commune_committee_2", "admin", "monitor"},
    # Opened in a ward of the two-tier province (an addiction determination).
    "other_province": {"admin", "monitor_new"},
}
# The open task of each dossier and the one officer who may act on it.
TASKS = {
    "fresh": ("record_violation", "commune_police_1"),
    "at_labour_office": ("appraise_dossier", "labour_office"),
    "at_court": ("court_intake", "district_court"),
    "other_commune": ("record_violation", "commune_police_2"),
    "other_province": ("request_determination", "commune_police_3"),
}


@pytest.fixture
def district(web):
    """The four dossiers of SEES, and their open tasks."""
    dossiers = {"at_labour_office": web.open(), "at_court": web.open(person_name="Đỗ Văn Hai")}
    for dossier_id in dossiers.values():
        web.advance(dossier_id, *PREPARATION)
    web.travel("2026-02-25 08:00")
    assert web.backend.timers.fire_due() == 2
    web.advance(dossiers["at_labour_office"], "send_to_labour_office")
    web.advance(dossiers["at_court"], "send_to_labour_office", "appraise_dossier")
    dossiers["fresh"] = web.open(person_name="Trần Thị Mai", discovered_on="2026-02-24")
    dossiers["other_commune"] = web.open_recognising(
        web.user("commune_police_2"),
        {
            "person_name": "Lý Văn Tám",
            "person_birth_date": "1985-01-01",
            "residence": "Ấp 1, xã Tân Phú",
            "commune_code": web.directory.communes[1],
            "discovered_on": "2026-02-24",
            "ground": "no_registration",
            "stable_residence": True,
        },
    )
    dossiers["other_province"] = web.open_recognising(
        web.user("commune_police_3"),
        {
            "person_name": "Hà Văn Chín",
            "person_birth_date": "1987-03-03",
            "residence": "Tổ 2, phường Hòa Bình",
            "commune_code": web.directory.communes[2],
            "discovered_on": "2026-02-24",
            "stable_residence": True,
        },
        "addiction_determination",
    )
    tasks = {name: web.task(dossiers[name], bpmn_id).id for name, (bpmn_id, _) in TASKS.items()}
    return dossiers, tasks


def _refused(web, client, key, method, url, dossier_id) -> None:
    before = audit_count(web, action="access_denied", actor_id=web.user(key), dossier_id=dossier_id)
    response = client.open(url, method=method, data={"record_number": "x"})
    assert response.status_code == 403, (key, method, url)
    text = text_of(response)
    assert "Không có quyền truy cập" in text and "Lần truy cập này đã được ghi vào nhật ký." in text
    after = audit_count(web, action="access_denied", actor_id=web.user(key), dossier_id=dossier_id)
    assert after == before + 1, (key, method, url)


@pytest.mark.parametrize("key", OFFICERS)
def test_dossiers_out_of_reach_are_refused_and_audited(web, district, key):
    dossiers, _ = district
    client = web.client(key)
    for name, dossier_id in dossiers.items():
        if key in SEES[name]:
            assert client.get(f"/dossiers/{dossier_id}").status_code == 200, (key, name)
            continue
        for url in (f"/dossiers/{dossier_id}", f"/dossiers/{dossier_id}/diagram.bpmn"):
            _refused(web, client, key, "GET", url, dossier_id)
        assert "Trần Thị Mai" not in text_of(client.get(f"/dossiers/{dossier_id}"))
    assert dossier_ids(client.get("/dossiers")) == {dossiers[name] for name in SEES if key in SEES[name]}


@pytest.mark.parametrize("key", OFFICERS)
def test_tasks_of_other_agencies_are_refused_and_audited(web, district, key):
    dossiers, tasks = district
    client = web.client(key)
    for name, task_id in tasks.items():
        if TASKS[name][1] == key:
            assert client.get(f"/tasks/{task_id}").status_code == 200, (key, name)
            continue
        actions = [
            ("POST", f"/tasks/{task_id}"),
            ("POST", f"/tasks/{task_id}/claim"),
            ("POST", f"/tasks/{task_id}/release"),
            ("POST", f"/tasks/{task_id}/reassign"),
        ]
        if key in SEES[name]:
            # An agency that sees the dossier reads the other agency's task, without a form.
            shown = client.get(f"/tasks/{task_id}")
            assert shown.status_code == 200, (key, name)
            assert "Nhiệm vụ của cơ quan khác" in text_of(shown) and 'id="task-form"' not in shown.get_data(
                as_text=True
            )
        else:
            actions.insert(0, ("GET", f"/tasks/{task_id}"))
        for method, url in actions:
            _refused(web, client, key, method, url, dossiers[name])
        task = task_row(web, task_id)
        assert (task.state, task.claimed_by_id) == ("open", None), (key, name)
    assert set(inbox_ids(client.get("/inbox"))) == {tasks[name] for name, (_, owner) in TASKS.items() if owner == key}


def test_the_court_sees_a_dossier_once_it_is_transferred(web):
    dossier_id = to_labour_office(web)
    court = web.client("district_court")
    assert court.get(f"/dossiers/{dossier_id}").status_code == 403
    assert dossier_id not in dossier_ids(court.get("/dossiers"))
    web.advance(dossier_id, "appraise_dossier")
    assert court.get(f"/dossiers/{dossier_id}").status_code == 200
    assert dossier_id in dossier_ids(court.get("/dossiers"))
    assert inbox_ids(court.get("/inbox")) == [web.task(dossier_id, "court_intake").id]


PERSONS = {
    "at_labour_office": "nguyen van binh",
    "at_court": "do van hai",
    "fresh": "tran thi mai",
    "other_commune": "ly van tam",
    "other_province": "ha van chin",
}


@pytest.mark.parametrize("key", OFFICERS)
def test_searches_and_exports_never_show_a_dossier_out_of_reach(web, district, key):
    """The search by each person's name and the Excel and CSV downloads of the whole list
    and of each search hold exactly the dossiers the officer may see."""
    dossiers, _ = district
    client = web.client(key)
    seen = {name for name in SEES if key in SEES[name]}
    for name, query in PERSONS.items():
        expected = {dossiers[name]} if name in seen else set()
        assert dossier_ids(client.get(f"/dossiers?q={query}")) == expected, (key, name)
        download = client.get(f"/dossiers?q={query}&format=csv")
        assert len(list(csv.reader(io.StringIO(download.data.decode("utf-8-sig"))))) == 1 + len(expected)
    workbook = openpyxl.load_workbook(io.BytesIO(client.get("/dossiers?format=xlsx").data), read_only=True)
    numbers = {row[0] for row in list(workbook["Sổ theo dõi"].iter_rows(values_only=True))[1:]}
    with web.backend.read_session() as session:
        expected_numbers = {session.get(Dossier, dossiers[name]).number for name in seen}
    assert numbers == expected_numbers, key
    if key != "admin":
        inbox = openpyxl.load_workbook(io.BytesIO(client.get("/inbox?format=xlsx").data), read_only=True)
        own = {dossiers[name] for name, (_, owner) in TASKS.items() if owner == key}
        with web.backend.read_session() as session:
            assert {row[0] for row in list(inbox["Sổ theo dõi"].iter_rows(values_only=True))[1:]} == {
                session.get(Dossier, dossier_id).number for dossier_id in own
            }


MONITOR_REFUSAL = "Tài khoản theo dõi chỉ được xem hồ sơ, không thực hiện thao tác nào trên hồ sơ."


def test_a_monitor_reads_the_dossiers_of_its_province_and_acts_on_none(web, district):
    """A monitor's inbox says what the account is for; its dossier page offers no form; every
    write it posts is refused with the reason, audited, and changes nothing."""
    dossiers, tasks = district
    client = web.client("monitor")
    inbox = client.get("/inbox")
    assert "Đây là tài khoản theo dõi của Cơ quan theo dõi cai nghiện ma túy Tỉnh Minh Họa" in text_of(inbox)
    assert page(inbox).xpath('//div[@id="monitor-notice"]//a/@href') == ["/dossiers"]
    dossier_id = dossiers["at_court"]
    police_page = web.client("commune_police_1").get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    shown = client.get(f"/dossiers/{dossier_id}")
    assert "chế độ chỉ đọc" in text_of(shown)
    for offered in ('id="note-form"', 'id="upload-form"', "In văn bản"):
        assert offered in police_page and offered not in shown.get_data(as_text=True), offered
    with web.backend.read_session() as session:
        completed = session.scalar(
            select(Task.id).where(Task.dossier_id == dossier_id, Task.bpmn_id == "send_to_labour_office")
        )
    events = audit_count(web, dossier_id=dossier_id)
    posts = [
        (f"/dossiers/{dossier_id}/notes", {"note": "Đề nghị xử lý sớm."}),
        (f"/dossiers/{dossier_id}/attachments", {"file": (io.BytesIO(SCAN), "scan.pdf")}),
        (f"/dossiers/{dossier_id}/documents/mau_27", {}),
        (f"/tasks/{completed}/correct", {"correction_reason": "Sai số biên bản."}),
        (f"/tasks/{tasks['at_court']}/draft/mau_27", {}),
        (f"/tasks/{tasks['at_court']}/receipt", {"received_at": "25/02/2026 08:00"}),
        (f"/tasks/{tasks['at_court']}", {"record_number": "x"}),
        (f"/tasks/{tasks['at_court']}/claim", {}),
    ]
    for url, data in posts:
        response = client.post(url, data=data)
        assert response.status_code == 403 and MONITOR_REFUSAL in text_of(response), url
    assert audit_count(web, dossier_id=dossier_id) == events + len(posts)
    assert audit_count(web, dossier_id=dossier_id, action="access_denied", actor_id=web.user("monitor")) == len(posts)
    fresh = dossiers["fresh"]
    refused = client.post(f"/dossiers/{fresh}/withdraw", data={"withdrawal_reason": "Lập nhầm."})
    assert refused.status_code == 403 and MONITOR_REFUSAL in text_of(refused)
    with web.backend.read_session() as session:
        assert session.get(Dossier, fresh).status == "open"
    assert web.client("monitor").get("/dossiers/new").status_code == 403
