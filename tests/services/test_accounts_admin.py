"""Officers' accounts through the services: create, edit, deactivate, reactivate, reset, the
officer's own password change and an import file, each audited without a password."""

from __future__ import annotations

import json

import pytest
from openpyxl import Workbook
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from engine import Conflict, Forbidden, ValidationFailed
from engine.persistence.tables import Agency, AuditEvent, User
from forms.officer_file import read_officer_file
from support.worlds import ADMIN

POLICE = "Công an Xã An Bình"


def officer(world, **overrides) -> dict:
    return {
        "username": "ca.anbinh.lan",
        "full_name": "Lê Thị Lan",
        "agency": POLICE,
        "email": "lan@example.invalid",
    } | overrides


def row(world, username: str) -> User:
    with world.backend.read_session() as session:
        return session.scalar(select(User).where(User.username == username))


def events(world, action: str) -> list[AuditEvent]:
    with world.backend.read_session() as session:
        return session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all()


def agency_code(world, name: str) -> str:
    with world.backend.read_session() as session:
        return session.scalar(select(Agency.code).where(Agency.name == name))


def test_create_gives_a_temporary_password_to_change_and_audits_without_it(world):
    issued = world.backend.account_admin.create(world.user(ADMIN), officer(world, is_head="true"))
    user = row(world, "ca.anbinh.lan")
    assert issued.agency_name == POLICE and user.is_head and user.email == "lan@example.invalid"
    assert user.must_change_password and check_password_hash(user.password_hash, issued.password)
    [event] = events(world, "account_created")
    assert event.actor_id == world.user(ADMIN) and event.dossier_id is None
    assert "ca.anbinh.lan" in event.summary and POLICE in event.summary
    assert issued.password not in json.dumps(event.data) + event.summary


def test_agency_by_code_and_refusals_named(world):
    code = agency_code(world, POLICE)
    world.backend.account_admin.create(None, officer(world, agency=code))
    with pytest.raises(ValidationFailed) as refused:
        world.backend.account_admin.create(None, officer(world, agency="Không có"))
    assert refused.value.errors["username"] == [
        f"Tên đăng nhập «ca.anbinh.lan» đã được dùng cho Lê Thị Lan ({POLICE})."
    ]
    assert refused.value.errors["agency"] == ["Không có cơ quan nào có mã hoặc tên «Không có»."]
    with pytest.raises(ValidationFailed) as refused:
        world.backend.account_admin.create(None, officer(world, username="Sai Tên", agency="", email="x@"))
    assert set(refused.value.errors) == {"username", "email", "agency"}
    assert refused.value.errors["agency"] == ["Cán bộ phải thuộc một cơ quan."]


def test_only_an_administrator_manages_accounts(world):
    with pytest.raises(Forbidden):
        world.backend.account_admin.create(world.user("commune_police_1"), officer(world))
    assert row(world, "ca.anbinh.lan") is None


def test_update_audits_old_and_new_values(world):
    target = world.user("commune_police_2")
    world.backend.account_admin.update(
        world.user(ADMIN), target, {"full_name": "Phạm Văn Tú", "email": "", "agency": POLICE, "is_head": "true"}
    )
    user = row(world, "ca.tanphu")
    assert (user.full_name, user.email, user.is_head) == ("Phạm Văn Tú", None, True)
    [event] = events(world, "account_updated")
    assert event.data["changes"]["agency"] == ["Công an Xã Tân Phú", POLICE]
    assert event.data["changes"]["full_name"][1] == "Phạm Văn Tú"


def test_deactivate_and_reactivate(world):
    target = world.user("commune_police_1")
    world.backend.account_admin.deactivate(world.user(ADMIN), target)
    assert world.queries.account(target) is None  # what the session loader reads: signed out
    world.backend.account_admin.reactivate(world.user(ADMIN), target)
    assert world.queries.account(target) is not None
    assert [e.action for e in events(world, "account_deactivated") + events(world, "account_reactivated")] == [
        "account_deactivated",
        "account_reactivated",
    ]
    with pytest.raises(Conflict, match="chính mình"):
        world.backend.account_admin.deactivate(world.user(ADMIN), world.user(ADMIN))


def test_reset_raises_the_epoch_and_requires_a_change(world):
    target = world.user("commune_police_1")
    before = world.queries.account(target).auth_epoch
    issued = world.backend.account_admin.reset_password(world.user(ADMIN), target)
    account = world.queries.account(target)
    assert account.auth_epoch == before + 1 and account.must_change_password
    assert check_password_hash(row(world, "ca.anbinh").password_hash, issued.password)
    [event] = events(world, "password_reset")
    assert issued.password not in json.dumps(event.data) + event.summary


@pytest.fixture
def known_password(world):
    """ca.anbinh with the password "Cũ-mật-khẩu-2026" and a temporary-password flag."""
    with world.backend.write_session() as session:
        user = session.scalar(select(User).where(User.username == "ca.anbinh"))
        user.password_hash = generate_password_hash("Cũ-mật-khẩu-2026", method="pbkdf2:sha256:1000")
        user.must_change_password = True
        session.commit()
    return world.user("commune_police_1")


@pytest.mark.parametrize(
    ("old", "new", "confirm", "field", "message"),
    [
        ("sai", "Rất-dài-và-lạ-42", "Rất-dài-và-lạ-42", "old_password", "Mật khẩu hiện tại không đúng."),
        ("Cũ-mật-khẩu-2026", "ngắn-1", "ngắn-1", "new_password", "Mật khẩu phải có ít nhất 10 ký tự."),
        (
            "Cũ-mật-khẩu-2026",
            "CA.ANBINH-2026",
            "CA.ANBINH-2026",
            "new_password",
            "Mật khẩu không được trùng với hoặc chứa tên đăng nhập.",
        ),
        (
            "Cũ-mật-khẩu-2026",
            "matkhau123",
            "matkhau123",
            "new_password",
            "Mật khẩu này nằm trong danh sách mật khẩu phổ biến, dễ bị đoán: hãy chọn mật khẩu khác.",
        ),
        (
            "Cũ-mật-khẩu-2026",
            "Rất-dài-và-lạ-42",
            "khác",
            "confirm_password",
            "Hai lần nhập mật khẩu mới không giống nhau.",
        ),
        ("", "Rất-dài-và-lạ-42", "Rất-dài-và-lạ-42", "old_password", "Trường này là bắt buộc."),
    ],
)
def test_password_rules_each_refused_with_its_message(world, known_password, old, new, confirm, field, message):
    payload = {"old_password": old, "new_password": new, "confirm_password": confirm}
    with pytest.raises(ValidationFailed) as refused:
        world.backend.accounts.change_password(known_password, payload)
    assert message in refused.value.errors[field]
    assert world.queries.account(known_password).must_change_password  # nothing changed


def test_own_password_change(world, known_password):
    payload = {
        "old_password": "Cũ-mật-khẩu-2026",
        "new_password": "Sông Hồng 1010",
        "confirm_password": "Sông Hồng 1010",
    }
    epoch = world.backend.accounts.change_password(known_password, payload)
    account = world.queries.account(known_password)
    assert account.auth_epoch == epoch and not account.must_change_password
    assert check_password_hash(row(world, "ca.anbinh").password_hash, "Sông Hồng 1010")
    [event] = events(world, "password_changed")
    assert event.actor_id == known_password and "Sông Hồng" not in json.dumps(event.data) + event.summary


def test_create_admin_checks_the_password(world):
    with pytest.raises(ValidationFailed) as refused:
        world.backend.account_admin.create_admin("quantri", "Quản trị", "1234567890")
    assert refused.value.errors["password"]
    with pytest.raises(ValidationFailed) as refused:
        world.backend.account_admin.create_admin(ADMIN, "Quản trị", "Một mật khẩu dài")
    assert refused.value.errors["username"] == [
        "Tên đăng nhập «admin» đã được dùng cho Quản trị hệ thống (quản trị hệ thống)."
    ]
    world.backend.account_admin.create_admin("quantri", "Quản trị", "Một mật khẩu dài")
    user = row(world, "quantri")
    assert user.is_admin and not user.must_change_password


CSV = (
    "username;full name;e-mail;agency;head\n"
    "ca.anbinh.hoa;Trần Thị Hoa;hoa@example.invalid;Công an Xã An Bình;có\n"
    "ca.anbinh;Người Trùng;;Công an Xã An Bình;không\n"
    "ca.anbinh.hoa;Lặp Lại;;Công an Xã An Bình;\n"
    "ca.tanphu.minh;Lý Văn Minh;sai-thu;Cơ quan lạ;có lẽ\n"
    ";;;;\n"
    "ubnd.anbinh.son;Đặng Văn Sơn;;Ủy ban nhân dân Xã An Bình;không\n"
)


def test_a_file_with_bad_rows_imports_nothing_and_says_which_and_why(world):
    rows = read_officer_file(CSV.encode())
    assert [number for number, _ in rows] == [2, 3, 4, 5, 7]  # the blank row 6 is skipped
    report = world.backend.account_admin.import_officers(world.user(ADMIN), rows)
    assert report.created == [] and report.valid == 2 and report.bad_rows == [3, 4, 5]
    problems = {(p.row, p.column): p.message for p in report.problems}
    assert problems[(3, "Tên đăng nhập")].startswith(
        "Tên đăng nhập «ca.anbinh» đã được dùng cho Cán bộ Công an Xã An Bình"
    )
    assert problems[(4, "Tên đăng nhập")] == "Trùng với dòng 2 của tệp."
    assert problems[(5, "Thư điện tử")] == "Địa chỉ thư điện tử không hợp lệ."
    assert problems[(5, "Lãnh đạo cơ quan")] == "Giá trị phải là Có hoặc Không."
    assert row(world, "ca.anbinh.hoa") is None and events(world, "accounts_imported") == []


def test_valid_only_imports_the_good_rows(world):
    report = world.backend.account_admin.import_officers(None, read_officer_file(CSV.encode()), valid_only=True)
    assert [issued.username for issued in report.created] == ["ca.anbinh.hoa", "ubnd.anbinh.son"]
    assert row(world, "ca.anbinh.hoa").is_head and not row(world, "ubnd.anbinh.son").is_head
    assert all(row(world, issued.username).must_change_password for issued in report.created)
    [summary] = events(world, "accounts_imported")
    assert summary.data == {"created": ["ca.anbinh.hoa", "ubnd.anbinh.son"], "bad_rows": [3, 4, 5]}
    assert len(events(world, "account_created")) == 2


def test_an_xlsx_file_reads_like_the_csv(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Tên đăng nhập", "Họ và tên", "Cơ quan", "Lãnh đạo"])
    sheet.append(["ca.x", "Hồ Văn X", "Công an Xã An Bình", "Có"])
    path = tmp_path / "officers.xlsx"
    book.save(path)
    assert read_officer_file(path.read_bytes()) == [
        (2, {"username": "ca.x", "full_name": "Hồ Văn X", "agency": "Công an Xã An Bình", "is_head": "true"})
    ]


def test_a_file_without_the_columns_is_refused(world):
    from marshmallow import ValidationError

    with pytest.raises(ValidationError) as refused:
        read_officer_file("tên,tuổi\nA,3\n".encode())
    assert "thiếu cột: username, full name, agency" in refused.value.messages["file"][0]
    with pytest.raises(ValidationError):
        read_officer_file(b"\xff\xfe\x00garbage")
