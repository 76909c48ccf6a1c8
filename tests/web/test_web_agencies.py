"""The agencies' pages (/admin/agencies) and a province administrator's pages over HTTP:
each sees and edits only what it keeps, refusals are 4xx naming the field, nothing is lost."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engine.persistence.tables import Agency, AgencyServiceArea, User
from support.web_support import audit_count, page, text_of, texts
from support.worlds import ADMIN

NEW_COURT = {
    "code": "DEMO-H01-district_court-2",
    "kind": "district_court",
    "name": "Tòa án nhân dân Huyện Minh Họa (cơ sở 2)",
    "admin_unit_code": "DEMO-H01",
    "email": "",
    "parent_body": "",
    "service_area": ["DEMO-X02"],
}


def agency_row(web, code: str) -> Agency | None:
    with web.backend.read_session() as session:
        return session.scalar(select(Agency).where(Agency.code == code))


def test_the_system_administrator_lists_every_agency_and_adds_one(web):
    client = web.client(ADMIN)
    listing = page(client.get("/admin/agencies"))
    codes = set(listing.xpath('//table[@id="agencies"]//tr/@data-agency-code'))
    assert {"DEMO-X01-commune_police", "DEMO-X11-commune_police", "DEMO-VN-c04_department"} <= codes
    assert listing.xpath('//nav[@class="main-nav"]/a[normalize-space()="Danh mục cơ quan"][@aria-current="page"]')
    court = listing.xpath('//tr[@data-agency-code="DEMO-T01-regional_court"]/td[4]')[0]
    assert " ".join(court.text_content().split()) == "Xã An Bình, Xã Tân Phú"
    kind = page(client.get("/admin/agencies?kind=regional_court"))
    assert set(kind.xpath('//table[@id="agencies"]//tr/@data-agency-code')) == {
        "DEMO-T01-regional_court",
        "DEMO-T02-regional_court",
    }

    created = client.post("/admin/agencies/new", data=NEW_COURT)
    assert created.status_code == 302
    row = agency_row(web, NEW_COURT["code"])
    assert row.name == NEW_COURT["name"] and row.email is None
    form = page(client.get(created.headers["Location"]))
    assert form.xpath('//input[@name="service_area"][@value="DEMO-X02"]/@checked')
    assert not form.xpath('//input[@name="code"]')  # code, kind and unit are fixed once created
    assert audit_count(web, action="agency_created", actor_id=web.user(ADMIN)) == 1


def test_bad_input_is_a_400_naming_each_field_and_keeps_what_was_typed(web):
    client = web.client(ADMIN)
    refused = client.post(
        "/admin/agencies/new",
        data=NEW_COURT | {"code": "DEMO-X01-commune_police", "admin_unit_code": "DEMO-X01"},
    )
    assert refused.status_code == 400
    tree = page(refused)
    errors = texts(tree.xpath('//p[@class="field-error"]'))
    assert "Mã cơ quan «DEMO-X01-commune_police» đã được dùng cho Công an Xã An Bình." in errors
    assert "Tòa án nhân dân cấp huyện đặt tại đơn vị cấp huyện hoặc cấp tỉnh; «Xã An Bình» là đơn vị cấp xã." in errors
    email = client.post("/admin/agencies/new", data=NEW_COURT | {"email": "khong-phai-thu"})
    assert email.status_code == 400 and "Địa chỉ thư điện tử không hợp lệ." in text_of(email)
    assert tree.xpath('//input[@name="name"]/@value') == [NEW_COURT["name"]]
    assert tree.xpath('//input[@name="service_area"][@value="DEMO-X02"]/@checked')
    assert client.post("/admin/agencies/new", data={"service_area": "x" * 5000}).status_code == 400
    agency_id = web.directory.agencies["commune_police_1"]
    blank = client.post(f"/admin/agencies/{agency_id}", data={"name": "  "})
    assert blank.status_code == 400 and "Trường này là bắt buộc." in text_of(blank)
    unknown = client.post(
        f"/admin/agencies/{agency_id}", data={"name": "Công an Xã An Bình", "service_area": ["KHONG"]}
    )
    assert unknown.status_code == 400 and "Không có xã, phường nào có mã «KHONG»." in text_of(unknown)
    assert agency_row(web, "DEMO-X01-commune_police").name == "Công an Xã An Bình"
    assert client.get("/admin/agencies/999999").status_code == 404


def test_an_edit_is_saved_and_audited_with_its_old_and_new_values(web):
    client = web.client(ADMIN)
    court_id = web.directory.agencies["regional_court"]
    saved = client.post(
        f"/admin/agencies/{court_id}",
        data={
            "name": "Tòa án nhân dân khu vực 1 - Tỉnh Minh Họa",
            "email": "kv1@example.invalid",
            "service_area": ["DEMO-X01"],
        },
    )
    assert saved.status_code == 302
    with web.backend.read_session() as session:
        area = session.scalars(select(AgencyServiceArea.admin_unit_code).where(AgencyServiceArea.agency_id == court_id))
        assert list(area) == ["DEMO-X01"]
    assert audit_count(web, action="agency_updated", actor_id=web.user(ADMIN)) == 1


def test_a_province_administrator_lands_on_its_officers_and_sees_its_province_only(web):
    client = web.client("province_admin")
    home = client.get("/", follow_redirects=True)
    assert home.request.path == "/admin/users"
    officers = page(home)
    usernames = set(officers.xpath('//table[@id="officers"]//tr/@data-username'))
    assert {"ca.anbinh", "toaankv1", "theodoi.t1"} <= usernames
    assert not usernames & {"ca.hoabinh", "admin", "quantri.t2", "c04"}
    nav = texts(officers.xpath('//nav[@class="main-nav"]/a'))
    assert nav == ["Tài khoản cán bộ", "Danh mục cơ quan"]
    assert "Quản trị viên Tỉnh Minh Họa" in text_of(client.get("/admin/users"))
    agencies = set(page(client.get("/admin/agencies")).xpath('//table[@id="agencies"]//tr/@data-agency-code'))
    assert (
        "DEMO-X01-commune_police" in agencies and not {"DEMO-X11-commune_police", "DEMO-VN-c04_department"} & agencies
    )
    form = page(client.get("/admin/users/new"))
    assert not form.xpath('//select[@name="admin_province"]')
    assert "DEMO-X11-commune_police" not in form.xpath('//select[@name="agency"]/option/@value')


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/admin/users/{t2_officer}", None),
        ("post", "/admin/users/{t2_officer}/deactivate", {}),
        ("post", "/admin/users/{t2_officer}/reset-password", {}),
        ("post", "/admin/agencies/{t2_agency}", {"name": "Đổi tên"}),
        (
            "post",
            "/admin/users/new",
            {"username": "quantri.x", "full_name": "Quản Trị X", "admin_province": "DEMO-T01"},
        ),
        ("get", "/admin/outbox", None),
        ("get", "/admin/parameters", None),
        ("get", "/admin/persons/merge", None),
        ("get", "/dossiers/1", None),
    ],
)
def test_a_province_administrator_is_refused_outside_its_province_and_its_role(web, method, path, data):
    client = web.client("province_admin")
    url = path.format(t2_officer=web.user("commune_police_3"), t2_agency=web.directory.agencies["commune_police_3"])
    response = client.get(url) if method == "get" else client.post(url, data=data)
    assert response.status_code in (403, 404)
    with web.backend.read_session() as session:
        assert session.scalar(select(User.is_active).where(User.username == "ca.hoabinh"))
        assert session.scalar(select(User.id).where(User.username == "quantri.x")) is None
    assert agency_row(web, "DEMO-X11-commune_police").name == "Công an Phường Hòa Bình"


def test_officers_and_monitors_reach_no_agency_page(web):
    for key in ("commune_police_1", "monitor"):
        client = web.client(key)
        assert client.get("/admin/agencies").status_code == 403
        assert client.post("/admin/agencies/new", data=NEW_COURT).status_code == 403
    assert agency_row(web, NEW_COURT["code"]) is None
