"""The dossier list's search and filters in the URL, the inbox's filters, order and
counters, and the 'sổ theo dõi' downloads (Excel and CSV) of the same selections."""

from __future__ import annotations

import csv
import io
from functools import partialmethod

import openpyxl
import pytest
from sqlalchemy import select

from engine.persistence.tables import AuditEvent
from engine.queries import dossiers
from engine.queries.read_side import ReadSide
from forms.registers import REGISTER_HEADERS
from support.web_support import ENGLISH, VIETNAMESE, dossier_ids, inbox_ids, page, text_of


@pytest.fixture
def people(web):
    opened = {
        "hung": web.open(person_name="Nguyễn Văn Hùng", person_birth_date="1988-02-01", id_number="001088000111"),
        "binh": web.open(person_name="Nguyễn Văn Bình", person_birth_date="1990-05-17", id_number="001090012345"),
        "mai": web.open(person_name="Trần Thị Mai", person_birth_date="1992-03-03", id_number="001092000333"),
    }
    opened["elsewhere"] = web.backend.dossiers.open(
        web.user("commune_police_2"),
        web.as_form_of(
            {
                "person_name": "Nguyễn Văn Hùng",
                "person_birth_date": "1975-07-07",
                "id_number": "001075000555",
                "residence": "Ấp 1, xã Tân Phú",
                "commune_code": web.directory.communes[1],
                "discovered_on": "2026-02-09",
                "ground": "quit_voluntary",
                "stable_residence": True,
            }
        ),
    )
    return opened


def sheet_rows(response) -> list[tuple]:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    book = openpyxl.load_workbook(io.BytesIO(response.data), read_only=True)
    return list(book["Sổ theo dõi"].iter_rows(values_only=True))


def test_the_search_finds_the_name_without_accents_and_the_same_selection_downloads(web, people):
    client = web.client("commune_police_1")
    response = client.get("/dossiers?q=nguyen van hung")
    assert response.status_code == 200 and dossier_ids(response) == {people["hung"]}
    tree = page(response)
    assert tree.xpath('//input[@name="q"]/@value') == ["nguyen van hung"]
    assert tree.xpath('//a[normalize-space()="Xóa bộ lọc"]/@href') == ["/dossiers"]
    [excel] = tree.xpath('//a[normalize-space()="Excel"]/@href')
    assert "format=xlsx" in excel and "q=nguyen+van+hung" in excel
    assert dossier_ids(client.get("/dossiers?q=001088000111")) == {people["hung"]}
    assert dossier_ids(client.get("/dossiers?q=001075000555")) == set()  # another commune's person

    rows = sheet_rows(client.get(excel))
    assert rows[0] == REGISTER_HEADERS
    [line] = rows[1:]
    record = dict(zip(REGISTER_HEADERS, line, strict=True))
    assert record["Họ và tên"] == "Nguyễn Văn Hùng" and record["Ngày sinh"] == "01/02/1988"
    assert record["Xã/phường"] == "Xã An Bình" and record["Ngày lập"] == "10/02/2026"
    assert record["Cơ quan đang xử lý"] == "Công an Xã An Bình" and record["Tình trạng"] == "Còn hạn"
    assert record["Trạng thái"] == "Đang xử lý" and record["Kết quả"] == "—"
    assert record["Bước hiện tại"].startswith("Lập biên bản vi phạm")
    with web.backend.read_session() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).one()
    assert event.actor_id == web.user("commune_police_1")
    assert event.data == {"list": "dossiers", "filters": {"q": "nguyen van hung"}, "rows": 1, "format": "xlsx"}

    download = client.get("/dossiers?q=nguyen+van&format=csv")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    table = list(csv.reader(io.StringIO(download.data.decode("utf-8-sig"))))
    assert table[0] == list(REGISTER_HEADERS)
    assert sorted(line[1] for line in table[1:]) == ["Nguyễn Văn Bình", "Nguyễn Văn Hùng"]


def test_filters_combine_in_the_url(web, people):
    client = web.client("admin")
    assert dossier_ids(client.get(f"/dossiers?q=nguyen+van+hung&commune={web.directory.communes[1]}")) == {
        people["elsewhere"]
    }
    assert dossier_ids(client.get("/dossiers?status=open&year=2026&procedure=compulsory_rehab")) == set(people.values())
    assert dossier_ids(client.get("/dossiers?year=2025")) == set()
    assert dossier_ids(client.get("/dossiers?step=prepare_dossier")) == set()
    agency = web.directory.agencies["commune_police_2"]
    assert dossier_ids(client.get(f"/dossiers?agency={agency}")) == {people["elsewhere"]}
    web.travel("2026-02-24 09:00")
    assert dossier_ids(client.get("/dossiers?overdue=true&q=tran")) == {people["mai"]}


def test_words_inside_a_name_find_it_within_jurisdiction(web, people):
    client = web.client("commune_police_1")
    assert dossier_ids(client.get("/dossiers?q=hung")) == {people["hung"]}
    assert dossier_ids(client.get("/dossiers?q=van+hung")) == {people["hung"]}
    assert dossier_ids(client.get("/dossiers?q=nguyen+hung")) == {people["hung"]}
    assert dossier_ids(client.get("/dossiers?q=van")) == {people["hung"], people["binh"]}
    assert dossier_ids(web.client("commune_police_2").get("/dossiers?q=hung")) == {people["elsewhere"]}


def test_a_broad_search_says_more_than_the_cap_and_pages_on(web, people, monkeypatch):
    monkeypatch.setattr(dossiers, "COUNT_CAP", 1)
    monkeypatch.setattr(ReadSide, "dossiers", partialmethod(ReadSide.dossiers, per_page=1))
    client = web.client("admin")
    first = page(client.get("/dossiers?q=hung"))
    assert " ".join(first.xpath('//p[@class="result-count"]/text()')[0].split()).startswith("Hơn 1 hồ sơ khớp")
    assert first.xpath('//span[@class="pager-status"]/text()') == ["Trang 1"]
    [following] = first.xpath('//a[@rel="next"]/@href')
    second = page(client.get(following))
    assert " ".join(second.xpath('//p[@class="result-count"]/text()')[0].split()).startswith("2 hồ sơ khớp")
    assert second.xpath('//span[@class="pager-status"]/text()') == ["Trang 2/2"]
    ids = [int(i) for tree in (first, second) for i in tree.xpath("//tr/@data-dossier-id")]
    assert sorted(ids) == sorted([people["hung"], people["elsewhere"]])


@pytest.mark.parametrize(
    "query",
    [
        "q=" + "a" * 5000,
        "q=%25%25%25",
        "q=_",
        "q=%27%22%3B--",
        "q=%00",
        "q=%F0%9F%98%80",
        "q=a+b+c+d+e+f+g+h+i+j",
        "year=9999",
        "year=abc",
        "agency=-1",
        "agency=99999999999999",
        "overdue=maybe",
        "status=nonsense",
        "page=0",
        "page=abc",
        "format=pdf",
        "q=%ED%A0%80",
    ],
)
def test_hostile_input_gives_a_page_or_a_vietnamese_400(web, people, query):
    for url in (f"/dossiers?{query}", f"/inbox?{query}"):
        response = web.client("commune_police_1").get(url)
        assert response.status_code in (200, 400), (url, response.status_code)
        text = text_of(response)
        assert not ENGLISH.search(text), (url, text[:300])
        if response.status_code == 400:
            assert VIETNAMESE.search(" ".join(page(response).xpath('//*[@id="filter-errors"]//text()'))), url


def test_inbox_filters_sorting_counters_and_export(web, people):
    client = web.client("commune_police_1")
    response = client.get("/inbox")
    counters = page(response).xpath('//*[@id="task-counters"]//strong/text()')
    assert counters == ["3", "0"]
    assert set(inbox_ids(client.get("/inbox?procedure=compulsory_rehab"))) == set(inbox_ids(response))
    assert inbox_ids(client.get(f"/inbox?commune={web.directory.communes[1]}")) == []
    assert inbox_ids(client.get("/inbox?unverified=true")) == []
    by_person = page(client.get("/inbox?sort=person"))
    names = [" ".join(cell.text_content().split()) for cell in by_person.xpath('//td[@data-label="Đối tượng"]')]
    assert names == ["Nguyễn Văn Bình", "Nguyễn Văn Hùng", "Trần Thị Mai"]
    assert by_person.xpath('//th[@aria-sort="ascending"]//a/@href') == ["/inbox?sort=person&order=desc"]
    web.travel("2026-02-24 09:00")
    late = client.get("/inbox?due_within=3")
    assert inbox_ids(late) == [] and page(late).xpath('//*[@id="task-counters"]//strong/text()') == ["3", "3"]
    rows = sheet_rows(client.get("/inbox?status=overdue&format=xlsx"))
    assert rows[0] == REGISTER_HEADERS and len(rows) == 4
    assert {line[10] for line in rows[1:]} == {"Quá hạn"} and {line[1] for line in rows[1:]} == {
        "Nguyễn Văn Bình",
        "Nguyễn Văn Hùng",
        "Trần Thị Mai",
    }
    with web.backend.read_session() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).one()
    assert event.data == {"list": "inbox", "filters": {"status": "overdue"}, "rows": 3, "format": "xlsx"}
