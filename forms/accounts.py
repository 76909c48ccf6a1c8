"""Officers' accounts as the administrator enters them (a page, a command, a row of an
import file) and the rules of a password an officer chooses."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

from marshmallow import fields
from marshmallow.validate import Email, Length, Regexp

from .base import STRING_INVALID, Bool, FormField, Str, TaskForm

MIN_PASSWORD = 10
USERNAME_RULE = "Tên đăng nhập gồm 3 đến 64 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch dưới hoặc gạch ngang."
AGENCY_REQUIRED = "Cán bộ phải thuộc một cơ quan."
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent / "data" / "common_passwords.txt"


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def password_problems(password: str, username: str) -> list[str]:
    """Why an officer may not choose this password (empty when it is acceptable)."""
    problems = []
    if len(password) < MIN_PASSWORD:
        problems.append(f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự.")
    if username and username.lower() in password.lower():
        problems.append("Mật khẩu không được trùng với hoặc chứa tên đăng nhập.")
    if password.lower() in common_passwords():
        problems.append("Mật khẩu này nằm trong danh sách mật khẩu phổ biến, dễ bị đoán: hãy chọn mật khẩu khác.")
    return problems


class Password(FormField, fields.String):
    """A password as typed: never stripped (a space is part of it), capped against abuse."""

    form_type = "password"
    default_error_messages = {"invalid": STRING_INVALID, "invalid_utf8": STRING_INVALID}

    def __init__(self, label: str, **kwargs):
        super().__init__(label, validate=[Length(max=128, error="Không được dài quá 128 ký tự.")], **kwargs)


def _username() -> Str:
    return Str(
        "Tên đăng nhập",
        required=True,
        max_len=None,
        validate=[Regexp(r"^[a-z0-9][a-z0-9._-]{2,63}\Z", error=USERNAME_RULE)],
    )


class OfficerUpdateSchema(TaskForm):
    """What the administrator may change on an account. The agency is given by its code or
    its exact name; the engine resolves it (and requires one for every officer but an administrator)."""

    full_name = Str("Họ và tên", required=True, max_len=200)
    email = Str("Thư điện tử", max_len=200, validate=[Email(error="Địa chỉ thư điện tử không hợp lệ.")])
    agency = Str("Cơ quan", max_len=300)
    is_head = Bool("Lãnh đạo cơ quan", help="Nhận báo cáo các việc quá hạn của cơ quan.")
    admin_province = Str(
        "Quản trị viên của tỉnh",
        max_len=16,
        help="Mã tỉnh, thành phố: tài khoản quản lý cán bộ và cơ quan của tỉnh đó, không thuộc cơ quan nào.",
    )


class OfficerSchema(OfficerUpdateSchema):
    """A new account: an officer of an agency, or a province administrator (the engine
    requires one of the two; the system administrator is made by `flask create-admin`)."""

    username = _username()

    def check(self, data: dict) -> Iterable[tuple[str, str]]:
        if not data.get("agency") and not data.get("admin_province"):
            yield "agency", AGENCY_REQUIRED


class AdminSchema(TaskForm):
    """The first administrator of a deployment (`flask create-admin`), with a password typed twice."""

    username = _username()
    full_name = Str("Họ và tên", required=True, max_len=200)
    password = Password("Mật khẩu", required=True)

    def check(self, data: dict) -> Iterable[tuple[str, str]]:
        for problem in password_problems(data.get("password", ""), data.get("username", "")):
            yield "password", problem


class PasswordChangeSchema(TaskForm):
    """An officer's own new password: the current one, and the new one twice."""

    old_password = Password("Mật khẩu hiện tại", required=True)
    new_password = Password("Mật khẩu mới", required=True)
    confirm_password = Password("Nhập lại mật khẩu mới", required=True)

    def __init__(self, *, username: str, **kwargs):
        super().__init__(**kwargs)
        self.username = username

    def check(self, data: dict) -> Iterable[tuple[str, str]]:
        new = data.get("new_password")
        if new is None:
            return
        for problem in password_problems(new, self.username):
            yield "new_password", problem
        if new == data.get("old_password"):
            yield "new_password", "Mật khẩu mới phải khác mật khẩu hiện tại."
        if "confirm_password" in data and data["confirm_password"] != new:
            yield "confirm_password", "Hai lần nhập mật khẩu mới không giống nhau."
