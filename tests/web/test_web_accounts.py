"""The officers' accounts pages (/admin/users) and the password change at /account, through
Flask's test client: listing, creating, editing, deactivating, resetting, importing, and
how sessions end when an account is locked or its password changes."""

from __future__ import annotations

import io
import json
import re

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from engine.persistence.tables import AuditEvent, User
from support.web_support import audit_count, page, text_of, texts
from support.worlds import ADMIN, PASSWORD

POLICE = "Công an Xã An Bình"
NEW = {"username": "ca.anbinh.lan", "full_name": "Lê Thị Lan", "email": "lan@example.invalid", "agency": ""}
STRONG = "Sông Hồng chảy 1010"


def agency_code(web, name: str = POLICE) -> str:
    return next(agency.code for agency in web.queries.agencies(web.user(ADMIN)) if agency.name == name)


def user_row(web, username: str) -> User:
    with web.backend.read_session() as session:
        return session.scalar(select(User).where(User.username == username))


def sign_in(web, username: str, password: str):
    client = web.app.test_client()
    response = client.post("/login", data={"username": username, "password": password})
    return client, response


def test_the_list_of_officers_with_filters_and_the_nav_link(web):
    client = web.client(ADMIN)
    listing = client.get("/admin/users")
    assert listing.status_code == 200
    tree = page(listing)
    usernames = tree.xpath('//table[@id="officers"]//tr/@data-username')
    assert {"ca.anbinh", "ldtbxh", "admin"} <= set(usernames)
    assert tree.xpath('//nav[@class="main-nav"]/a[normalize-space()="Tài khoản cán bộ"][@aria-current="page"]')
    assert tree.xpath('//tr[@data-username="ca.anbinh"]//form/@data-confirm')[0].startswith("Khóa tài khoản ca.anbinh?")
    police_id = web.directory.agencies["commune_police_1"]
    filtered = page(client.get(f"/admin/users?agency={police_id}&active=1"))
    assert filtered.xpath('//table[@id="officers"]//tr/@data-username') == ["ca.anbinh"]
    web.backend.account_admin.deactivate(None, web.user("commune_police_1"))
    locked = page(client.get("/admin/users?active=0"))
    assert locked.xpath('//table[@id="officers"]//tr/@data-username') == ["ca.anbinh"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/admin/users"),
        ("get", "/admin/users/new"),
        ("get", "/admin/users/1"),
        ("post", "/admin/users/1/deactivate"),
        ("post", "/admin/users/1/reset-password"),
        ("get", "/admin/users/import"),
    ],
)
def test_officers_are_refused_and_audited(web, method, path):
    client = web.client("commune_police_1")
    assert getattr(client, method)(path).status_code == 403
    assert audit_count(web, action="access_denied", actor_id=web.user("commune_police_1")) == 1


def test_create_shows_the_temporary_password_once_and_refuses_a_duplicate(web):
    client = web.client(ADMIN)
    form = page(client.get("/admin/users/new"))
    assert form.xpath(f'//select[@name="agency"]/option[@value="{agency_code(web)}"]')
    created = client.post("/admin/users/new", data={**NEW, "agency": agency_code(web), "is_head": "true"})
    assert created.status_code == 200 and created.headers["Cache-Control"] == "no-store"
    [password] = texts(page(created).xpath('//code[@class="temporary-password"]'))
    assert user_row(web, "ca.anbinh.lan").is_head
    again = client.post("/admin/users/new", data={**NEW, "agency": agency_code(web)})
    assert again.status_code == 400
    assert f"Tên đăng nhập «ca.anbinh.lan» đã được dùng cho Lê Thị Lan ({POLICE})." in text_of(again)
    # the new officer signs in with it and must choose a password first
    officer, signed_in = sign_in(web, "ca.anbinh.lan", password)
    assert signed_in.status_code == 302
    inbox = officer.get("/inbox")
    assert inbox.status_code == 302 and inbox.headers["Location"].endswith("/account")
    account = officer.get("/account")
    assert "mật khẩu tạm thời" in text_of(account)
    assert officer.get("/dossiers").headers["Location"].endswith("/account")
    changed = officer.post(
        "/account/password",
        data={"old_password": password, "new_password": STRONG, "confirm_password": STRONG},
    )
    assert changed.status_code == 302 and changed.headers["Location"].endswith("/inbox")
    assert officer.get("/inbox").status_code == 200


def test_edit_prefills_and_saves(web):
    client = web.client(ADMIN)
    target = web.user("commune_police_2")
    form = page(client.get(f"/admin/users/{target}"))
    assert form.xpath('//input[@name="full_name"]/@value') == ["Cán bộ Công an Xã Tân Phú"]
    assert form.xpath('//select[@name="agency"]/option[@selected]/text()') == ["Công an Xã Tân Phú"]
    bad = client.post(f"/admin/users/{target}", data={"full_name": "", "email": "x@", "agency": "nope"})
    assert bad.status_code == 400
    assert {"Trường này là bắt buộc.", "Địa chỉ thư điện tử không hợp lệ."} <= set(
        texts(page(bad).xpath('//p[@class="field-error"]'))
    )
    saved = client.post(
        f"/admin/users/{target}",
        data={"full_name": "Phạm Văn Tú", "email": "tu@example.invalid", "agency": agency_code(web), "is_head": "on"},
    )
    assert saved.status_code == 302
    user = user_row(web, "ca.tanphu")
    assert (user.full_name, user.email, user.is_head) == ("Phạm Văn Tú", "tu@example.invalid", True)
    assert audit_count(web, action="account_updated", actor_id=web.user(ADMIN)) == 1


def test_a_deactivated_officers_next_request_is_signed_out(web):
    officer = web.client("commune_police_1")
    assert officer.get("/inbox").status_code == 200
    admin = web.client(ADMIN)
    response = admin.post(f"/admin/users/{web.user('commune_police_1')}/deactivate")
    assert response.status_code == 302
    following = officer.get("/inbox")
    assert following.status_code == 302 and "/login" in following.headers["Location"]
    _, again = sign_in(web, "ca.anbinh", PASSWORD)
    assert again.status_code == 403 and "Tài khoản đã bị khóa" in text_of(again)
    admin.post(f"/admin/users/{web.user('commune_police_1')}/reactivate")
    assert sign_in(web, "ca.anbinh", PASSWORD)[1].status_code == 302
    assert audit_count(web, action="account_deactivated") == audit_count(web, action="account_reactivated") == 1


def test_the_administrator_cannot_lock_themself(web):
    admin = web.client(ADMIN)
    response = admin.post(f"/admin/users/{web.user(ADMIN)}/deactivate", follow_redirects=True)
    assert "Không thể tự khóa tài khoản của chính mình." in text_of(response)
    assert user_row(web, ADMIN).is_active


def test_a_reset_ends_the_officers_sessions(web):
    officer = web.client("commune_police_1")
    reset = web.client(ADMIN).post(f"/admin/users/{web.user('commune_police_1')}/reset-password")
    assert reset.status_code == 200 and reset.headers["Cache-Control"] == "no-store"
    [password] = texts(page(reset).xpath('//code[@class="temporary-password"]'))
    assert "/login" in officer.get("/inbox").headers["Location"]
    assert sign_in(web, "ca.anbinh", PASSWORD)[1].status_code == 401
    assert sign_in(web, "ca.anbinh", password)[1].status_code == 302
    with web.backend.read_session() as session:
        event = session.scalar(select(AuditEvent).where(AuditEvent.action == "password_reset"))
    assert password not in json.dumps(event.data) + event.summary


def test_the_account_page_offers_a_password_change_with_its_rules(web):
    client = web.client("commune_police_1")
    tree = page(client.get("/account"))
    assert tree.xpath('//h2[normalize-space()="Đổi mật khẩu"]')
    assert len(tree.xpath('//form[@id="password-form"]//input[@type="password"]')) == 3
    refused = client.post(
        "/account/password",
        data={"old_password": PASSWORD, "new_password": "123456789a", "confirm_password": "123456789a"},
    )
    assert refused.status_code == 400
    assert "Mật khẩu này nằm trong danh sách mật khẩu phổ biến" in text_of(refused)
    other = web.client("commune_police_1")  # a second browser of the same officer
    changed = client.post(
        "/account/password", data={"old_password": PASSWORD, "new_password": STRONG, "confirm_password": STRONG}
    )
    assert changed.status_code == 302 and changed.headers["Location"].endswith("/account")
    assert client.get("/inbox").status_code == 200  # this session goes on
    assert "/login" in other.get("/inbox").headers["Location"]  # the other one ended
    assert audit_count(web, action="password_changed", actor_id=web.user("commune_police_1")) == 1


CSV = (
    "username,full name,e-mail,agency,head\n"
    "ca.anbinh.hoa,Trần Thị Hoa,,Công an Xã An Bình,có\n"
    "ca.anbinh,Người Trùng,,Công an Xã An Bình,không\n"
)


def test_import_refuses_a_file_with_bad_rows_then_imports_the_valid_ones_on_request(web):
    client = web.client(ADMIN)
    assert page(client.get("/admin/users/import")).xpath('//input[@type="file"][@name="file"]')
    upload = {"file": (io.BytesIO(CSV.encode()), "officers.csv")}
    refused = client.post("/admin/users/import", data=upload, content_type="multipart/form-data")
    assert refused.status_code == 400
    tree = page(refused)
    [problem] = tree.xpath('//table[@id="import-problems"]//tr[@data-row="3"]/td/text()')[2:]
    assert problem.startswith("Tên đăng nhập «ca.anbinh» đã được dùng cho Cán bộ Công an Xã An Bình")
    assert user_row(web, "ca.anbinh.hoa") is None
    [button] = texts(tree.xpath('//form[@id="import-valid-only"]//button'))
    assert button == "Chỉ nhập 1 dòng hợp lệ"
    rows = tree.xpath('//form[@id="import-valid-only"]//input[@name="rows"]/@value')[0]
    imported = client.post("/admin/users/import", data={"rows": rows, "valid_only": "1"})
    assert imported.status_code == 200
    assert page(imported).xpath('//table[@id="issued"]//tr/@data-username') == ["ca.anbinh.hoa"]
    assert user_row(web, "ca.anbinh.hoa").must_change_password
    assert audit_count(web, action="accounts_imported") == 1


def test_import_of_an_xlsx_file(web):
    book = Workbook()
    book.active.append(["username", "full name", "e-mail", "agency", "head"])
    book.active.append(["toaan.binh", "Vũ Văn Bình", "binh@example.invalid", "Tòa án nhân dân Huyện Minh Họa", "không"])
    content = io.BytesIO()
    book.save(content)
    content.seek(0)
    response = web.client(ADMIN).post(
        "/admin/users/import", data={"file": (content, "officers.xlsx")}, content_type="multipart/form-data"
    )
    assert response.status_code == 200
    assert re.search(r"Đã tạo 1 tài khoản", text_of(response))
    assert user_row(web, "toaan.binh").email == "binh@example.invalid"


def test_import_of_an_unreadable_file(web):
    response = web.client(ADMIN).post(
        "/admin/users/import", data={"file": (io.BytesIO(b"\xff\xfe\x00"), "x.csv")}, content_type="multipart/form-data"
    )
    assert response.status_code == 400 and "Không đọc được tệp" in text_of(response)
