"""Commands on the app (`.venv/bin/flask --app web <command>`)."""
from __future__ import annotations

import click
from flask import Flask, current_app

from engine import version_reads
from engine.services.versions import FAILED

from . import ROOT
from .demo_data import PASSWORD, seed
from .extensions import get_backend
from .scheduler import run


def alembic_config(database_url: str):
    """Alembic's configuration for this database (imported late: alembic logs on import)."""
    from alembic.config import Config

    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["database_url"] = database_url
    return config


def register_commands(app: Flask) -> None:
    @app.cli.command("init-db")
    def init_db():
        """Create or upgrade the database schema (alembic upgrade head)."""
        from alembic import command

        command.upgrade(alembic_config(current_app.config["DATABASE_URL"]), "head")
        get_backend().settings.refresh()
        click.echo("Cơ sở dữ liệu đã ở phiên bản mới nhất.")

    @app.cli.command("seed-demo")
    def seed_demo():
        """Demo jurisdiction, accounts and dossiers; does nothing if users exist."""
        count = seed(get_backend())
        if count is None:
            click.echo("Đã có người dùng trong cơ sở dữ liệu: không tạo dữ liệu mẫu.")
        else:
            click.echo(f"Đã tạo dữ liệu mẫu: {count} hồ sơ; mật khẩu của mọi tài khoản: {PASSWORD}.")

    @app.cli.command("fire-timers")
    def fire_timers():
        """Wake the dossiers whose legal period has run out, once."""
        click.echo(f"Đã kích hoạt {get_backend().timers.fire_due()} mốc thời hạn.")

    @app.cli.command("scheduler")
    def scheduler():
        """Run the timer scheduler in the foreground (every 60 s)."""
        run(get_backend())

    @app.cli.command("migrate-dossiers")
    @click.option("--all-running", is_flag=True,
                  help="Every running dossier whose model version is not the current one.")
    @click.option("--dry-run", is_flag=True, help="Report what would happen; write nothing.")
    @click.argument("numbers", nargs=-1)
    def migrate_dossiers(all_running, dry_run, numbers):
        """Move running dossiers (by number) to the current model version where it is safe,
        acting as the first administrator."""
        backend = get_backend()
        if not numbers and not all_running:
            raise click.UsageError("Hãy ghi số hồ sơ cần chuyển hoặc dùng --all-running.")
        with backend.read_session() as session:
            admin_id = version_reads.first_admin(session)
            if admin_id is None:
                raise click.ClickException("Chưa có tài khoản quản trị viên đang hoạt động.")
            dossier_ids, unknown = version_reads.resolve_numbers(session, numbers)
            if all_running:
                dossier_ids += version_reads.stale_dossier_ids(session, backend.models.current.version)
        report = backend.versions.migrate(admin_id, dossier_ids, dry_run=dry_run)
        report.add_unknown(unknown)
        for line in report.lines():
            click.echo(line)
        if report.counts()[FAILED]:
            raise SystemExit(1)
