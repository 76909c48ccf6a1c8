"""Web side of the legal chain: a person's history across procedures, the links between
phases, and who may see them."""

from sqlalchemy import select

from engine.persistence.tables import Dossier
from support.web_support import audit_count, page, text_of, to_escort


def admitted(web) -> tuple[int, int]:
    """An adult dossier taken to the facility; the facility-term phase it started."""
    dossier_id = to_escort(web)
    web.advance(dossier_id, "escort_to_facility", "receive_at_facility")
    with web.backend.read_session() as session:
        child = session.scalars(select(Dossier.id).where(Dossier.parent_id == dossier_id)).one()
    return dossier_id, child


def test_phases_link_to_each_other_and_to_the_person(web):
    parent, child = admitted(web)
    client = web.client("rehab_facility")
    parent_page = page(client.get(f"/dossiers/{parent}"))
    assert parent_page.xpath('//dd[@id="following-dossiers"]/a/@href') == [f"/dossiers/{child}"]
    child_response = client.get(f"/dossiers/{child}")
    child_page = page(child_response)
    assert child_page.xpath('//dd[@id="previous-dossier"]/a/@href') == [f"/dossiers/{parent}"]
    assert "Chấp hành quyết định tại cơ sở cai nghiện bắt buộc" in text_of(child_response)
    person_link = child_page.xpath('//dd[contains(@class, "person-name")]/a/@href')[0]
    history = client.get(person_link)
    assert history.status_code == 200
    rows = page(history).xpath('//table[@id="person-history"]/tbody/tr/@data-dossier-id')
    assert rows == [str(parent), str(child)]
    assert "Đưa vào cơ sở cai nghiện bắt buộc (người từ đủ 18 tuổi)" in text_of(history)


def test_the_next_phase_lands_in_the_new_agency_inbox(web):
    _, child = admitted(web)
    inbox = page(web.client("rehab_facility").get("/inbox"))
    dossier_links = inbox.xpath('//table[@id="inbox"]//a/@href')
    assert f"/dossiers/{child}" in dossier_links
    assert "Thông báo trước khi hết thời hạn chấp hành quyết định" in text_of(
        web.client("rehab_facility").get("/inbox")
    )


def test_a_person_outside_the_jurisdiction_is_refused_and_audited(web):
    dossier_id = web.open()
    with web.backend.read_session() as session:
        person_id = session.get(Dossier, dossier_id).person_id
    for outsider in ("commune_police_2", "commune_committee_2", "labour_office"):
        response = web.client(outsider).get(f"/dossiers/persons/{person_id}")
        assert response.status_code == 403, outsider
        assert "không có hồ sơ nào thuộc phạm vi" in text_of(response)
        assert audit_count(web, action="access_denied", actor_id=web.user(outsider)) == 1
    assert web.client("commune_police_1").get("/dossiers/persons/999999").status_code == 404
    dossiers = page(web.client("commune_committee_1").get("/dossiers"))
    assert dossiers.xpath(f'//tr[@data-dossier-id="{dossier_id}"]//a/@href')[1] == f"/dossiers/persons/{person_id}"
