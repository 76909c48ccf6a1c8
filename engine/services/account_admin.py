"""The administrator's side of officers' accounts: create, edit, deactivate, reactivate,
reset a password, import a file of officers. Every change is audited (never a password);
`actor_id` None is the server's command line, where whoever runs `flask` is trusted.

A temporary password (new account, reset) is returned once and must be changed at the
next sign-in; a reset also raises the account's auth epoch, which ends its sessions.

A province administrator manages only the officers of its province's agencies (AdminScope);
only the system administrator (or the command line) makes a province administrator."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from forms.accounts import AGENCY_REQUIRED, AdminSchema, OfficerSchema, OfficerUpdateSchema

from ..access import ADMINISTRATORS_ONLY, AdminScope, admin_scope
from ..clock import Clock
from ..errors import Conflict, Forbidden, NotFound, ValidationFailed
from ..persistence import audit
from ..persistence.tables import AdministrativeUnit, Agency, User
from ..persistence.unit_of_work import UnitOfWorkFactory
from .input import validate

ADMIN_ONLY = ADMINISTRATORS_ONLY
SYSTEM_ONLY = "Chỉ quản trị viên hệ thống được tạo hoặc sửa tài khoản quản trị viên cấp tỉnh."
ONE_KIND = "Tài khoản thuộc một cơ quan hoặc là quản trị viên một tỉnh, không thể cả hai."
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
"""Temporary passwords leave out the characters read alike (0/o, 1/l/i)."""


@dataclass(frozen=True)
class IssuedPassword:
    """A temporary password, shown once to whoever passes it on to the officer."""

    user_id: int
    username: str
    full_name: str
    agency_name: str | None
    password: str


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    message: str


@dataclass(frozen=True)
class ImportReport:
    """What an import file held: its bad rows, and the accounts created (none while a bad
    row remains, unless only the valid rows were asked for)."""

    rows: int
    valid: int
    problems: list[RowProblem]
    created: list[IssuedPassword]

    @property
    def bad_rows(self) -> list[int]:
        return sorted({problem.row for problem in self.problems})


def temporary_password() -> str:
    return "-".join("".join(secrets.choice(ALPHABET) for _ in range(4)) for _ in range(3))


def hash_password(password: str) -> str:
    return generate_password_hash(password)


def duplicate_refusal(session: Session, username: str) -> str | None:
    """Why this username cannot be taken, naming who holds it; None if it is free."""
    holder = session.scalar(select(User).where(func.lower(User.username) == username.lower()))
    if holder is None:
        return None
    where = holder.agency.name if holder.agency else "quản trị hệ thống"
    return f"Tên đăng nhập «{username}» đã được dùng cho {holder.full_name} ({where})."


def resolve_agency(
    session: Session, text: str | None, *, required: bool, scope: AdminScope
) -> tuple[Agency | None, str | None]:
    """The agency named by its code or exact name, within the scope, or why none could be chosen."""
    if not text:
        return None, (AGENCY_REQUIRED if required else None)
    by_code = session.scalar(select(Agency).where(Agency.code == text))
    named = [by_code] if by_code is not None else session.scalars(select(Agency).where(Agency.name == text)).all()
    if len(named) > 1:
        return None, f"Có {len(named)} cơ quan cùng tên «{text}»: hãy ghi mã cơ quan."
    if not named:
        return None, f"Không có cơ quan nào có mã hoặc tên «{text}»."
    agency = named[0]
    if not session.scalar(select(scope.agencies()).where(Agency.id == agency.id)):
        return None, scope.outside(f"Cơ quan «{agency.name}»")
    return agency, None


def resolve_province(session: Session, code: str) -> AdministrativeUnit:
    """The province with this code; ValidationFailed on the field otherwise."""
    unit = session.get(AdministrativeUnit, code)
    if unit is None or unit.level != "province":
        raise ValidationFailed({"admin_province": [f"Không có tỉnh, thành phố nào có mã «{code}»."]})
    return unit


class AccountAdminService:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock):
        self._unit_of_work = unit_of_work
        self._clock = clock

    def create_admin(self, username: str, full_name: str, password: str) -> int:
        """The first administrator of a deployment (`flask create-admin`), with a chosen password."""
        data = validate(AdminSchema(), {"username": username, "full_name": full_name, "password": password})
        with self._unit_of_work() as uow:
            refusal = duplicate_refusal(uow.session, data["username"])
            if refusal:
                raise ValidationFailed({"username": [refusal]})
            user = User(
                username=data["username"],
                full_name=data["full_name"],
                password_hash=hash_password(data["password"]),
                is_admin=True,
            )
            uow.session.add(user)
            uow.session.flush()
            self._audit(uow.session, None, "account_created", f"Tạo tài khoản quản trị viên {user.username}", user)
            uow.commit()
            return user.id

    def create(self, actor_id: int | None, payload: Mapping) -> IssuedPassword:
        """A new officer of an agency in the actor's scope, or (the system administrator
        only) a province administrator, with a temporary password; the username must be free."""
        data = validate(OfficerSchema(), payload)
        with self._unit_of_work() as uow:
            scope = admin_scope(uow.session, actor_id, ADMIN_ONLY)
            agency, province = self._checked(uow.session, scope, data)
            issued = self._add(uow.session, actor_id, data, agency, province)
            uow.commit()
            return issued

    def update(self, actor_id: int | None, user_id: int, payload: Mapping) -> None:
        """Full name, e-mail, and the agency and head flag of an officer or the province of
        a province administrator; the audit keeps each old and new value."""
        data = validate(OfficerUpdateSchema(), payload)
        with self._unit_of_work() as uow:
            scope = admin_scope(uow.session, actor_id, ADMIN_ONLY)
            user = _user_in_scope(uow.session, scope, user_id)
            before: dict = {"full_name": user.full_name, "email": user.email}
            after: dict = {"full_name": data["full_name"], "email": data.get("email")}
            if user.admin_province_code:
                before["admin_province"] = user.admin_province_code
                after["admin_province"] = self._province_of_update(uow.session, user, data).code
            elif not user.is_admin or data.get("agency"):
                agency = self._agency_of_update(uow.session, scope, user, data)
                before["agency"] = user.agency.name if user.agency else None
                before["is_head"] = user.is_head
                after["agency"] = agency.name if agency else None
                after["is_head"] = bool(data.get("is_head")) and agency is not None
                user.agency, user.is_head = agency, after["is_head"]
            changes = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
            if not changes:
                return
            user.full_name, user.email = after["full_name"], after["email"]
            if "admin_province" in after:
                user.admin_province_code = after["admin_province"]
            summary = f"Sửa tài khoản {user.username}: " + ", ".join(changes)
            self._audit(uow.session, actor_id, "account_updated", summary, user, changes=changes)
            uow.commit()

    def deactivate(self, actor_id: int | None, user_id: int) -> None:
        """The officer can no longer sign in, and any session of theirs ends at its next request."""
        self._set_active(actor_id, user_id, False)

    def reactivate(self, actor_id: int | None, user_id: int) -> None:
        self._set_active(actor_id, user_id, True)

    def reset_password(self, actor_id: int | None, user_id: int) -> IssuedPassword:
        """A new temporary password; the officer's sessions end and the next sign-in asks for a new one."""
        password = temporary_password()
        with self._unit_of_work() as uow:
            scope = admin_scope(uow.session, actor_id, ADMIN_ONLY)
            user = _user_in_scope(uow.session, scope, user_id)
            user.password_hash = hash_password(password)
            user.must_change_password = True
            user.auth_epoch += 1
            self._audit(uow.session, actor_id, "password_reset", f"Cấp mật khẩu tạm thời cho {user.username}", user)
            uow.commit()
            code = user.admin_province_code
            return _issued(user, password, uow.session.get(AdministrativeUnit, code) if code else None)

    def import_officers(
        self, actor_id: int | None, rows: Sequence[tuple[int, Mapping]], *, valid_only: bool = False
    ) -> ImportReport:
        """Every row is checked first; with a bad row nothing is created unless `valid_only`,
        which creates the good rows and reports the bad ones. A row's agency must be in the
        actor's scope."""
        with self._unit_of_work() as uow:
            scope = admin_scope(uow.session, actor_id, ADMIN_ONLY)
            problems: list[RowProblem] = []
            good: list[tuple[dict, Agency | None]] = []
            first_row: dict[str, int] = {}
            for number, payload in rows:
                row_problems, data, agency = self._check_row(uow.session, scope, number, payload, first_row)
                problems += row_problems
                if not row_problems:
                    good.append((data, agency))
            report = ImportReport(len(rows), len(good), problems, [])
            if problems and not valid_only:
                return report
            for data, agency in good:
                report.created.append(self._add(uow.session, actor_id, data, agency, None, imported=True))
            summary = f"Nhập {len(report.created)} tài khoản từ tệp ({len(report.bad_rows)} dòng lỗi bỏ qua)"
            audit.record(
                uow.session,
                dossier_id=None,
                actor_id=actor_id,
                action="accounts_imported",
                summary=summary,
                data={"created": [issued.username for issued in report.created], "bad_rows": report.bad_rows},
                at=self._clock.now(),
            )
            uow.commit()
            return report

    # ----- helpers ----------------------------------------------------------------------

    def _check_row(self, session: Session, scope: AdminScope, number: int, payload: Mapping, first_row: dict[str, int]):
        """The problems of one import row, its loaded data and agency."""
        labels = {name: field.metadata["label"] for name, field in OfficerSchema().fields.items()}
        try:
            data = validate(OfficerSchema(), payload)
        except ValidationFailed as error:
            return [RowProblem(number, labels.get(k, k), m) for k, ms in error.errors.items() for m in ms], {}, None
        problems = []
        username = data["username"]
        if username in first_row:
            problems.append(RowProblem(number, labels["username"], f"Trùng với dòng {first_row[username]} của tệp."))
        else:
            first_row[username] = number
            refusal = duplicate_refusal(session, username)
            if refusal:
                problems.append(RowProblem(number, labels["username"], refusal))
        if data.get("admin_province"):
            problems.append(RowProblem(number, labels["admin_province"], "Tệp nhập chỉ tạo tài khoản cán bộ."))
        agency, refusal = resolve_agency(session, data.get("agency"), required=True, scope=scope)
        if refusal:
            problems.append(RowProblem(number, labels["agency"], refusal))
        return problems, data, agency

    def _checked(
        self, session: Session, scope: AdminScope, data: dict
    ) -> tuple[Agency | None, AdministrativeUnit | None]:
        """The new account's agency, or its province for a province administrator."""
        errors = {}
        refusal = duplicate_refusal(session, data["username"])
        if refusal:
            errors["username"] = [refusal]
        agency = province = None
        if data.get("admin_province"):
            if not scope.whole_system:
                raise Forbidden(SYSTEM_ONLY)
            if data.get("agency"):
                errors["admin_province"] = [ONE_KIND]
            try:
                province = resolve_province(session, data["admin_province"])
            except ValidationFailed as error:
                errors.update(error.errors)
        else:
            agency, refusal = resolve_agency(session, data.get("agency"), required=True, scope=scope)
            if refusal:
                errors["agency"] = [refusal]
        if errors:
            raise ValidationFailed(errors)
        return agency, province

    def _agency_of_update(self, session: Session, scope: AdminScope, user: User, data: dict) -> Agency | None:
        if data.get("admin_province"):
            raise ValidationFailed({"admin_province": [ONE_KIND]})
        agency, refusal = resolve_agency(session, data.get("agency"), required=not user.is_admin, scope=scope)
        if refusal:
            raise ValidationFailed({"agency": [refusal]})
        return agency

    def _province_of_update(self, session: Session, user: User, data: dict) -> AdministrativeUnit:
        """A province administrator's province (only the system administrator reaches one)."""
        if data.get("agency"):
            raise ValidationFailed({"agency": [ONE_KIND]})
        return resolve_province(session, data.get("admin_province") or user.admin_province_code or "")

    def _add(
        self,
        session: Session,
        actor_id: int | None,
        data: dict,
        agency: Agency | None,
        province: AdministrativeUnit | None,
        *,
        imported: bool = False,
    ) -> IssuedPassword:
        password = temporary_password()
        user = User(
            username=data["username"],
            full_name=data["full_name"],
            email=data.get("email"),
            agency=agency,
            admin_province_code=province.code if province else None,
            is_head=bool(data.get("is_head")) and agency is not None,
            password_hash=hash_password(password),
            must_change_password=True,
        )
        session.add(user)
        session.flush()
        where = agency.name if agency else (f"quản trị viên {province.name}" if province else "không thuộc cơ quan")
        summary = f"Tạo tài khoản {user.username} ({user.full_name}, {where})" + (" từ tệp nhập" if imported else "")
        self._audit(session, actor_id, "account_created", summary, user)
        return _issued(user, password, province)

    def _set_active(self, actor_id: int | None, user_id: int, active: bool) -> None:
        with self._unit_of_work() as uow:
            scope = admin_scope(uow.session, actor_id, ADMIN_ONLY)
            user = _user_in_scope(uow.session, scope, user_id)
            if not active and user.id == actor_id:
                raise Conflict("Không thể tự khóa tài khoản của chính mình.")
            if user.is_active == active:
                return
            user.is_active = active
            action, verb = ("account_reactivated", "Mở lại") if active else ("account_deactivated", "Khóa")
            self._audit(uow.session, actor_id, action, f"{verb} tài khoản {user.username}", user)
            uow.commit()

    def _audit(self, session: Session, actor_id: int | None, action: str, summary: str, user: User, **extra) -> None:
        data = {"user_id": user.id, "username": user.username, **extra}
        audit.record_administration(
            session, actor_id=actor_id, action=action, summary=summary, data=data, at=self._clock.now()
        )


def _user_in_scope(session: Session, scope: AdminScope, user_id: int) -> User:
    """The account if the actor manages it: NotFound for none, Forbidden outside the scope."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("Không tìm thấy tài khoản.")
    if not session.scalar(select(scope.accounts()).where(User.id == user_id)):
        raise Forbidden(scope.outside(f"Tài khoản {user.username}"))
    return user


def _issued(user: User, password: str, province: AdministrativeUnit | None = None) -> IssuedPassword:
    where = user.agency.name if user.agency else (f"Quản trị viên {province.name}" if province else None)
    return IssuedPassword(user.id, user.username, user.full_name, where, password)
