"""One record per person through the pages: the look-up page of "Lập hồ sơ mới" (matches,
their running dossiers, the typed values kept), linking, "Đây là người khác" with its reason,
forbidden characters, and the administrator's merge."""

from __future__ import annotations

from sqlalchemy import func, select

from engine.persistence.tables import AuditEvent, Dossier, Person
from support.persons import NEW_ADULT, OPEN_FORM
from support.web_support import page


def count(web, column) -> int:
    with web.backend.read_session() as session:
        return session.scalar(select(func.count(column)))


def test_a_repeated_cccd_shows_the_recorded_person_and_links_the_new_dossier(web):
    police = web.client("commune_police_1")
    first = police.post(NEW_ADULT, data=OPEN_FORM)
    assert first.status_code == 302
    retyped = {**OPEN_FORM, "person_name": "tran van an", "residence": "Xóm Mới"}
    check = police.post(NEW_ADULT, data=retyped)
    assert check.status_code == 200 and count(web, Dossier.id) == 1
    tree = page(check)
    [row] = tree.xpath('//table[@id="person-matches"]/tbody/tr')
    text = row.text_content()
    assert "Trần Văn An" in text and "04/03/1992" in text and "…3456 (trùng số vừa nhập)" in text
    assert "001092003456" not in check.get_data(as_text=True).replace('value="001092003456"', "")
    assert "đang lập hồ sơ đưa vào cơ sở cai nghiện bắt buộc" in text
    assert not tree.xpath('//form[@id="different-person-form"]')  # a CCCD is one person's
    [link] = row.xpath(".//form")
    fields = {i.get("name"): i.get("value") for i in link.xpath('.//input[@type="hidden"]')}
    assert {key: fields[key] for key in retyped} == retyped and fields["person_choice"] == "link"

    linked = police.post(NEW_ADULT, data=fields)
    assert linked.status_code == 302 and count(web, Person.id) == 1
    person_id = int(row.get("data-person-id"))
    history = page(police.get(f"/dossiers/persons/{person_id}"))
    assert len(history.xpath('//table[@id="person-history"]/tbody/tr')) == 2
    assert history.xpath("//h1")[0].text_content() == "Trần Văn An"

    edit = page(police.post(NEW_ADULT, data={**retyped, "person_choice": "edit"}))
    assert edit.xpath('//input[@name="residence"]/@value') == ["Xóm Mới"]


def test_a_namesake_is_another_person_only_with_a_reason(web):
    police = web.client("commune_police_1")
    without_cccd = {key: value for key, value in OPEN_FORM.items() if key != "id_number"}
    assert police.post(NEW_ADULT, data=without_cccd).status_code == 302
    different = {**without_cccd, "person_name": "TRAN VAN AN", "person_choice": "different"}
    blank = page(police.post(NEW_ADULT, data={**different, "different_person_reason": " "}))
    assert "Ghi rõ vì sao đây là người khác." in blank.text_content() and count(web, Dossier.id) == 1
    reason = "Khác cha mẹ, khác nơi thường trú"
    created = police.post(NEW_ADULT, data={**different, "different_person_reason": reason})
    assert created.status_code == 302 and count(web, Person.id) == 2
    with web.backend.read_session() as session:
        data = session.scalars(
            select(AuditEvent.data).where(AuditEvent.action == "dossier_opened").order_by(AuditEvent.id.desc())
        ).first()
    assert data["person"]["different_reason"] == reason


def test_a_name_with_a_zero_width_character_is_refused_on_the_form(web):
    response = web.client("commune_police_1").post(NEW_ADULT, data={**OPEN_FORM, "person_name": "Trần\u200bVăn An"})
    assert response.status_code == 400 and count(web, Dossier.id) == 0
    [error] = page(response).xpath('//div[@id="field-person_name"]//p[@class="field-error"]')
    assert "U+200B" in error.text_content()


def test_the_administrator_merges_two_records_and_the_merged_page_leads_to_the_kept_one(web):
    police = web.client("commune_police_1")
    without_cccd = {key: value for key, value in OPEN_FORM.items() if key != "id_number"}
    police.post(NEW_ADULT, data=OPEN_FORM)
    police.post(
        NEW_ADULT,
        data={**without_cccd, "person_choice": "different", "different_person_reason": "Không rõ, chưa đối chiếu"},
    )
    with web.backend.read_session() as session:
        keep_id, other_id = session.scalars(select(Person.id).order_by(Person.id)).all()
    url = "/admin/persons/merge"
    for response in (police.get(url), police.post(url, data={"keep_id": keep_id, "other_id": other_id})):
        assert response.status_code == 403
    admin = web.client("admin")
    candidates = page(admin.get(url))
    assert candidates.xpath('//table[@id="merge-candidates"]//a/@href') == [
        f"{url}?keep_id={keep_id}&other_id={other_id}"
    ]
    chosen = page(admin.get(f"{url}?keep_id={keep_id}&other_id={other_id}"))
    assert chosen.xpath('//form[@id="merge-form"]//button')[0].text_content().strip() == f"Gộp vào bản ghi #{keep_id}"
    refused = admin.post(url, data={"keep_id": keep_id, "other_id": other_id, "reason": ""})
    assert refused.status_code == 400
    merged = admin.post(url, data={"keep_id": keep_id, "other_id": other_id, "reason": "Cùng CCCD khi đối chiếu"})
    assert merged.status_code == 302 and merged.headers["Location"].endswith(f"/dossiers/persons/{keep_id}")
    with web.backend.read_session() as session:
        assert set(session.scalars(select(Dossier.person_id))) == {keep_id}
        assert session.scalar(select(func.count(AuditEvent.id)).where(AuditEvent.action == "persons_merged")) == 2
    redirect = police.get(f"/dossiers/persons/{other_id}")
    assert redirect.status_code == 302 and redirect.headers["Location"].endswith(f"/dossiers/persons/{keep_id}")
