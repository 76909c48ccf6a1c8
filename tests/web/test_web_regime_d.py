"""The law in force today through the web pages: a dossier opened on the form for a known
day of discovery runs the Regime D model and shows the NĐ 163/2026 preparation limit."""

from __future__ import annotations

from support.web_support import field_errors, page, text_of

NEW_ADULT = "/dossiers/new?procedure=compulsory_rehab"
PERSON = {
    "person_name": "Lường Văn Minh",
    "person_birth_date": "15/08/1990",
    "id_number": "001090015678",
    "residence": "Tổ 2, phường Hòa Bình",
    "stable_residence": "true",
}


def test_the_form_of_today_cites_law_120_and_decree_163_and_asks_no_ground_of_law_73(regime_web):
    response = regime_web.client("commune_police_3").get(NEW_ADULT)
    assert response.status_code == 200
    form = page(response).xpath('//form[@id="dossier-form"]')[0]
    assert not form.xpath('.//select[@name="ground"]')  # the case of Điều 35 is chosen on the violation record
    shown = text_of(response)
    assert "01 ngày làm việc" in shown and "khoản 1 Điều 100" in shown and "163/2026/NĐ-CP" in shown
    assert "Điều 32 Luật Phòng, chống ma túy" not in shown


def test_a_dossier_opened_for_a_discovery_on_tuesday_is_due_on_wednesday(regime_web):
    client = regime_web.client("commune_police_3")
    created = client.post(NEW_ADULT, data={**PERSON, "discovered_on": "01/12/2026"})
    assert created.status_code == 302, field_errors(created)
    dossier_id = int(created.location.rsplit("/", 1)[1])
    [task] = regime_web.open_tasks(dossier_id)
    # Discovered Tuesday 01/12/2026: 01 working day (khoản 1 Điều 100 NĐ 163) -> Wednesday 02/12/2026.
    assert (task.bpmn_id, task.deadline_parameter, str(task.deadline_on)) == (
        "record_violation",
        "dossier_preparation_d",
        "2026-12-02",
    )
    task_page = text_of(client.get(f"/tasks/{task.id}"))
    assert "02/12/2026" in task_page and "Nghị định 163/2026/NĐ-CP" in task_page
    dossier_page = text_of(client.get(created.location))
    assert "02/12/2026" in dossier_page and "Luật Phòng, chống ma túy số 120/2025/QH15" in dossier_page


def test_a_discovery_in_regime_c_is_read_with_the_form_of_its_day(regime_web):
    client = regime_web.client("commune_police_3")
    refused = client.post(NEW_ADULT, data={**PERSON, "discovered_on": "30/06/2026"})
    assert refused.status_code == 400
    assert "Trường này là bắt buộc." in field_errors(refused)  # the ground of Điều 32, asked before 01/07/2026
    created = client.post(NEW_ADULT, data={**PERSON, "discovered_on": "30/06/2026", "ground": "no_registration"})
    assert created.status_code == 302, field_errors(created)
    dossier_id = int(created.location.rsplit("/", 1)[1])
    assert "Tòa án nhân dân khu vực" in text_of(client.get(created.location))
    [task] = regime_web.open_tasks(dossier_id)
    assert task.bpmn_id == "record_violation" and task.deadline_parameter != "dossier_preparation_d"
