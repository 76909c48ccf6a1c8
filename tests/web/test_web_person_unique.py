"""An opening the database refuses (the same CCCD recorded by another officer between the
look-up and the insert) answers as the look-up does, never with a 500."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from engine.persistence.tables import Dossier, Person
from support.persons import NEW_ADULT, OPEN_FORM
from support.stale_lookup import make_lookup_stale
from support.web_support import page


@pytest.fixture
def stale_lookup(monkeypatch):
    return make_lookup_stale(monkeypatch)


def counts(web) -> tuple[int, int]:
    with web.backend.read_session() as session:
        return session.scalar(select(func.count(Person.id))), session.scalar(select(func.count(Dossier.id)))


def test_a_cccd_recorded_meanwhile_by_another_unit_is_a_400_naming_that_unit(web, stale_lookup):
    assert web.client("commune_police_1").post(NEW_ADULT, data=OPEN_FORM).status_code == 302
    stale_lookup.clear()

    response = web.client("commune_police_2").post(
        NEW_ADULT, data={**OPEN_FORM, "person_name": "Lê Văn Tám", "residence": "Ấp 2, xã Tân Phú"}
    )

    assert response.status_code == 400
    assert stale_lookup == [OPEN_FORM["id_number"]] * 2  # refused by the database, then looked up again
    [error] = page(response).xpath('//div[@id="field-id_number"]//p[@class="field-error"]')
    assert "Số định danh này đã được ghi nhận cho một đối tượng do đơn vị khác quản lý" in error.text_content()
    assert "Công an Xã An Bình" in error.text_content()
    assert counts(web) == (1, 1)


def test_a_cccd_recorded_meanwhile_in_the_same_unit_shows_the_look_up_page(web, stale_lookup):
    """The officer may see the record: the page the look-up shows, with the record to link
    to and nothing created (the look-up's own answer is a page, not an error)."""
    police = web.client("commune_police_1")
    assert police.post(NEW_ADULT, data=OPEN_FORM).status_code == 302
    stale_lookup.clear()

    response = police.post(NEW_ADULT, data={**OPEN_FORM, "person_name": "tran van an"})

    assert response.status_code == 200
    assert stale_lookup == [OPEN_FORM["id_number"]] * 2
    tree = page(response)
    assert "Số định danh này đã được ghi nhận cho đối tượng dưới đây" in tree.text_content()
    [row] = tree.xpath('//table[@id="person-matches"]/tbody/tr')
    assert "Trần Văn An" in row.text_content() and "…3456 (trùng số vừa nhập)" in row.text_content()
    assert counts(web) == (1, 1)
