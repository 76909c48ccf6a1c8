"""Commands on the app (`.venv/bin/flask --app web <command>`). Each runs inside the app
context of the app it was added to (see COMMANDS in create_app), so this module never
imports the app factory."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from demo.cases import PASSWORD, seed
from engine import alembic_config

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


COMMANDS = (init_db, seed_demo, fire_timers, migrate_dossiers)
