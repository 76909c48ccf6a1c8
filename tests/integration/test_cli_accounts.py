"""The account commands on a fresh database with the demo directory: the first administrator, an
officer, locking, unlocking, a password reset and an import file, each audited."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from werkzeug.security import check_password_hash

from demo.directory import seed_directory
from engine.persistence.tables import AuditEvent, User
from web import create_app

CSV = (
    "username,full name,e-mail,agency,head\n"
    "ca.anbinh.hoa,Trần Thị Hoa,hoa@example.invalid,Công an Xã An Bình,có\n"
    "ca.anbinh,Người Trùng,,Công an Xã An Bình,không\n"
    "ca.anbinh.tam,Ngô Văn Tâm,,Không Có Cơ Quan Này,\n"
)


@pytest.fixture
def app(tmp_path):
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'app.sqlite'}", "SECRET_KEY": "test", "TESTING": True})
    app.extensions["backend"].create_schema()  # the migrations are tested in test_cli.py
    with app.extensions["backend"].write_session() as session:
        seed_directory(session, password_hash="not-a-hash")  # the demo agencies and their officers
        session.commit()
    yield app
    app.extensions["backend"].database.dispose()


def run(app, *args, input=None, code=0):
    result = app.test_cli_runner().invoke(args=list(args), input=input)
    assert result.exit_code == code, result.output
    return result.output


def user(app, username: str) -> User | None:
    with app.extensions["backend"].read_session() as session:
        return session.scalar(select(User).where(User.username == username))


def actions(app) -> list[str]:
    with app.extensions["backend"].read_session() as session:
        return list(session.scalars(select(AuditEvent.action).where(AuditEvent.dossier_id.is_(None))))


def temporary(output: str) -> str:
    return re.search(r"sau\): (\S+)", output).group(1)


def test_create_admin_prompts_twice_and_refuses_weak_or_taken(app):
    weak = run(app, "create-admin", input="matkhau123\nmatkhau123\n", code=1)
    assert "danh sách mật khẩu phổ biến" in weak and user(app, "admin") is None
    mismatch = run(app, "create-admin", input="Một mật khẩu dài\nkhác hẳn\n", code=1)
    assert user(app, "admin") is None, mismatch
    run(app, "create-admin", input="Một mật khẩu dài\nMột mật khẩu dài\n")
    admin = user(app, "admin")
    assert admin.is_admin and check_password_hash(admin.password_hash, "Một mật khẩu dài")
    taken = run(app, "create-admin", "--username", "ca.anbinh", input="Một mật khẩu dài\nMột mật khẩu dài\n", code=1)
    assert "Tên đăng nhập «ca.anbinh» đã được dùng cho Cán bộ Công an Xã An Bình (Công an Xã An Bình)." in taken


def test_create_user_deactivate_reactivate_reset(app):
    output = run(
        app, "create-user", "--username", "ca.anbinh.lan", "--full-name", "Lê Thị Lan",
        "--agency", "Công an Xã An Bình", "--email", "lan@example.invalid", "--head",
    )  # fmt: skip
    password = temporary(output)
    lan = user(app, "ca.anbinh.lan")
    assert lan.is_head and lan.must_change_password and check_password_hash(lan.password_hash, password)
    duplicate = run(
        app, "create-user", "--username", "ca.anbinh.lan", "--full-name", "X", "--agency", "Công an Xã An Bình", code=1
    )
    assert "đã được dùng cho Lê Thị Lan (Công an Xã An Bình)" in duplicate
    run(app, "deactivate-user", "ca.anbinh.lan")
    assert not user(app, "ca.anbinh.lan").is_active
    run(app, "reactivate-user", "ca.anbinh.lan")
    assert user(app, "ca.anbinh.lan").is_active
    reset = temporary(run(app, "reset-password", "ca.anbinh.lan"))
    after = user(app, "ca.anbinh.lan")
    assert reset != password and check_password_hash(after.password_hash, reset) and after.auth_epoch == 1
    assert "Không có tài khoản «nobody»." in run(app, "reset-password", "nobody", code=1)
    assert actions(app) == ["account_created", "account_deactivated", "account_reactivated", "password_reset"]


def test_import_users_refuses_bad_rows_and_imports_the_valid_ones_on_request(app, tmp_path):
    path = tmp_path / "officers.csv"
    path.write_text(CSV, encoding="utf-8")
    refused = run(app, "import-users", str(path), code=1)
    assert "Dòng 3, cột «Tên đăng nhập»: Tên đăng nhập «ca.anbinh» đã được dùng cho" in refused
    assert "Dòng 4, cột «Cơ quan»: Không có cơ quan nào có mã hoặc tên «Không Có Cơ Quan Này»." in refused
    assert "chưa tạo tài khoản nào" in refused and user(app, "ca.anbinh.hoa") is None
    imported = run(app, "import-users", str(path), "--valid-only")
    assert "Đã tạo 1 tài khoản; 2 dòng lỗi không được nhập." in imported
    assert check_password_hash(user(app, "ca.anbinh.hoa").password_hash, temporary(imported))
    assert actions(app) == ["account_created", "accounts_imported"]


def test_create_province_admin_prints_a_temporary_password_and_refuses_a_district(app):
    output = run(
        app,
        "create-province-admin",
        "--username",
        "quantri.moi",
        "--full-name",
        "Lý Văn Quản",
        "--province",
        "DEMO-T02",
    )
    assert "Đã tạo tài khoản quantri.moi (Lý Văn Quản, Quản trị viên Tỉnh Minh Họa Mới)." in output
    made = user(app, "quantri.moi")
    assert (made.admin_province_code, made.agency_id, made.is_admin, made.must_change_password) == (
        "DEMO-T02",
        None,
        False,
        True,
    )
    [password] = re.findall(r"phải đổi ở lần đăng nhập sau\): (\S+)", output)
    assert check_password_hash(made.password_hash, password)
    refused = run(
        app,
        "create-province-admin",
        "--username",
        "quantri.huyen",
        "--full-name",
        "X Y",
        "--province",
        "DEMO-H01",
        code=1,
    )
    assert "Không có tỉnh, thành phố nào có mã «DEMO-H01»." in refused
    assert user(app, "quantri.huyen") is None
    assert actions(app).count("account_created") == 1
