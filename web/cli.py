"""Commands on the app (`.venv/bin/flask --app web <command>`). Each runs inside the app
context of the app it was added to (see COMMANDS in create_app), so this module never
imports the app factory."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from marshmallow import ValidationError

from demo.cases import PASSWORD, seed
from engine import EngineError, ValidationFailed, alembic_config
from forms.officer_file import read_officer_file

from .extensions import get_backend


@click.command("init-db")
@with_appcontext
def init_db():
    """Create or upgrade the database schema (alembic upgrade head)."""
    from alembic import command  # imported late: only this command needs alembic

    command.upgrade(alembic_config(current_app.config["DATABASE_URL"]), "head")
    get_backend().settings.refresh()
    click.echo("Cơ sở dữ liệu đã ở phiên bản mới nhất.")


@click.command("seed-demo")
@with_appcontext
def seed_demo():
    """Demo jurisdiction, accounts and dossiers; does nothing if users exist."""
    count = seed(get_backend())
    if count is None:
        click.echo("Đã có người dùng trong cơ sở dữ liệu: không tạo dữ liệu mẫu.")
    else:
        click.echo(f"Đã tạo dữ liệu mẫu: {count} hồ sơ; mật khẩu của mọi tài khoản: {PASSWORD}.")


@click.command("fire-timers")
@with_appcontext
def fire_timers():
    """Wake the dossiers whose legal period has run out, once."""
    click.echo(f"Đã kích hoạt {get_backend().timers.fire_due()} mốc thời hạn.")


@click.command("migrate-dossiers")
@click.option("--all-running", is_flag=True, help="Every running dossier whose model version is not the current one.")
@click.option("--dry-run", is_flag=True, help="Report what would happen; write nothing.")
@click.argument("numbers", nargs=-1)
@with_appcontext
def migrate_dossiers(all_running, dry_run, numbers):
    """Move running dossiers (by number) to the current model version where it is safe,
    acting as the first administrator."""
    backend = get_backend()
    if not numbers and not all_running:
        raise click.UsageError("Hãy ghi số hồ sơ cần chuyển hoặc dùng --all-running.")
    admin_id = backend.queries.first_admin()
    if admin_id is None:
        raise click.ClickException("Chưa có tài khoản quản trị viên đang hoạt động.")
    dossier_ids, unknown = backend.queries.resolve_numbers(numbers)
    if all_running:
        dossier_ids += backend.queries.stale_dossier_ids()
    report = backend.versions.migrate(admin_id, dossier_ids, dry_run=dry_run)
    report.add_unknown(unknown)
    for line in report.lines():
        click.echo(line)
    if report.failed:
        raise SystemExit(1)


# ----- accounts: the command line acts as the server's operator (audited with no actor) -----


def _refused(errors: dict[str, list[str]]) -> click.ClickException:
    return click.ClickException("\n".join(message for messages in errors.values() for message in messages))


def _user_id(username: str) -> int:
    found = get_backend().queries.credentials(username)
    if found is None:
        raise click.ClickException(f"Không có tài khoản «{username}».")
    return found.user_id


def _show_password(issued) -> None:
    click.echo(
        f"Mật khẩu tạm thời của {issued.username} (chỉ hiện lần này, phải đổi ở lần đăng nhập sau): {issued.password}"
    )


@click.command("create-admin")
@click.option("--username", default="admin", show_default=True)
@click.option("--full-name", default="Quản trị hệ thống", show_default=True)
@click.password_option("--password", prompt="Mật khẩu", confirmation_prompt="Nhập lại mật khẩu", hide_input=True)
@with_appcontext
def create_admin(username, full_name, password):
    """The first administrator of a new deployment, with a password typed twice."""
    try:
        get_backend().account_admin.create_admin(username, full_name, password)
    except ValidationFailed as error:
        raise _refused(error.errors) from error
    click.echo(f"Đã tạo tài khoản quản trị viên {username}.")


@click.command("create-user")
@click.option("--username", required=True)
@click.option("--full-name", required=True)
@click.option("--agency", required=True, help="The agency's code or exact name.")
@click.option("--email", default="")
@click.option("--head", is_flag=True, help="The agency's head (receives escalations).")
@with_appcontext
def create_user(username, full_name, agency, email, head):
    """An officer's account; prints its temporary password."""
    payload = {"username": username, "full_name": full_name, "agency": agency, "email": email, "is_head": head}
    try:
        issued = get_backend().account_admin.create(None, payload)
    except ValidationFailed as error:
        raise _refused(error.errors) from error
    click.echo(f"Đã tạo tài khoản {issued.username} ({issued.full_name}, {issued.agency_name}).")
    _show_password(issued)


@click.command("create-province-admin")
@click.option("--username", required=True)
@click.option("--full-name", required=True)
@click.option("--province", required=True, help="The province's administrative unit code.")
@click.option("--email", default="")
@with_appcontext
def create_province_admin(username, full_name, province, email):
    """An administrator of one province's accounts and agencies; prints its temporary password."""
    payload = {"username": username, "full_name": full_name, "admin_province": province, "email": email}
    try:
        issued = get_backend().account_admin.create(None, payload)
    except ValidationFailed as error:
        raise _refused(error.errors) from error
    click.echo(f"Đã tạo tài khoản {issued.username} ({issued.full_name}, {issued.agency_name}).")
    _show_password(issued)


@click.command("deactivate-user")
@click.argument("username")
@with_appcontext
def deactivate_user(username):
    """Lock an account: it cannot sign in, its open sessions end."""
    get_backend().account_admin.deactivate(None, _user_id(username))
    click.echo(f"Đã khóa tài khoản {username}.")


@click.command("reactivate-user")
@click.argument("username")
@with_appcontext
def reactivate_user(username):
    get_backend().account_admin.reactivate(None, _user_id(username))
    click.echo(f"Đã mở lại tài khoản {username}.")


@click.command("reset-password")
@click.argument("username")
@with_appcontext
def reset_password(username):
    """A temporary password for the account, to be changed at its next sign-in."""
    _show_password(get_backend().account_admin.reset_password(None, _user_id(username)))


@click.command("import-users")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--valid-only", is_flag=True, help="Create the valid rows even when others are bad.")
@with_appcontext
def import_users(file, valid_only):
    """Officers from a CSV or XLSX file; with a bad row nothing is created unless --valid-only."""
    try:
        rows = read_officer_file(file.read_bytes())
        report = get_backend().account_admin.import_officers(None, rows, valid_only=valid_only)
    except ValidationError as error:
        raise _refused(error.messages) from error
    except EngineError as error:
        raise click.ClickException(error.message) from error
    for problem in report.problems:
        click.echo(f"Dòng {problem.row}, cột «{problem.column}»: {problem.message}")
    if report.problems and not report.created:
        raise click.ClickException(
            f"{len(report.bad_rows)} dòng lỗi: chưa tạo tài khoản nào. "
            f"Sửa tệp, hoặc dùng --valid-only để nhập {report.valid} dòng hợp lệ."
        )
    for issued in report.created:
        _show_password(issued)
    click.echo(f"Đã tạo {len(report.created)} tài khoản; {len(report.bad_rows)} dòng lỗi không được nhập.")


COMMANDS = (
    init_db,
    seed_demo,
    fire_timers,
    migrate_dossiers,
    create_admin,
    create_user,
    create_province_admin,
    deactivate_user,
    reactivate_user,
    reset_password,
    import_users,
)
