"""The scheduler process: fires due BPMN timers from the timer index every minute, runs
the day's reminder scan at REMINDER_HOUR (and at start, for a day not yet scanned), the
reminders of hour limits every HOUR_REMINDER_MINUTES (days off included), and sends the
outbox every minute. Run one or several beside the web server (every job is
safe to run twice): `.venv/bin/python -m engine.scheduler`.
It needs no web server: it builds its own backend on DATABASE_URL (see engine.config).

Mail settings come from the environment (SMTP_HOST, SMTP_PORT, SMTP_SECURITY,
SMTP_USERNAME, SMTP_PASSWORD, MAIL_FROM, APP_BASE_URL); a malformed one stops start-up
with the setting named."""

from __future__ import annotations

import logging
import os
import signal
import sys
from datetime import datetime

from apscheduler.schedulers.blocking import BlockingScheduler

from .bootstrap import Backend, build_backend
from .clock import VN_TZ
from .config import database_url
from .notifications.mailer import ConfigError, SmtpMailer, SmtpSettings

INTERVAL_SECONDS = 60
HOUR_REMINDER_MINUTES = 5

log = logging.getLogger("engine.scheduler")


def fire_due_timers(backend: Backend) -> None:
    fired = backend.timers.fire_due()
    if fired:
        log.info("fired %d timer(s)", fired)


def run_reminders(backend: Backend, base_url: str) -> None:
    built = backend.reminders.run(base_url)
    if built is not None:
        log.info("reminder scan done: %d message(s) queued", built)


def run_hour_reminders(backend: Backend, base_url: str) -> None:
    built = backend.hour_reminders.run(base_url)
    if built:
        log.info("hour-limit reminders: %d message(s) queued", built)


def send_outbox(backend: Backend, mailer: SmtpMailer) -> None:
    outcome = backend.outbox.send(mailer)
    if any(outcome.values()):
        log.info("outbox: %s", outcome)


def run(backend: Backend, env=os.environ) -> None:
    """Block until SIGINT or SIGTERM, letting a running job finish."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s [%(name)s] %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    try:
        settings = SmtpSettings.from_mapping(env)
        hour = int(env.get("REMINDER_HOUR", "7"))
        if not 0 <= hour <= 23:
            raise ConfigError("REMINDER_HOUR", f"phải là giờ từ 0 đến 23 (giá trị hiện tại: {hour}).")
    except ValueError as exc:
        log.error("cấu hình không hợp lệ: %s", exc)
        raise SystemExit(2) from exc
    mailer = SmtpMailer(settings)
    scheduler = BlockingScheduler(timezone=VN_TZ)
    started = datetime.now(VN_TZ)
    common = {"max_instances": 1, "coalesce": True}
    scheduler.add_job(
        fire_due_timers,
        "interval",
        seconds=INTERVAL_SECONDS,
        args=[backend],
        id="timers",
        next_run_time=started,
        **common,
    )
    scheduler.add_job(
        run_reminders,
        "cron",
        hour=hour,
        args=[backend, settings.base_url],
        id="reminders",
        misfire_grace_time=6 * 3600,
        **common,
    )
    if started.hour >= hour:
        scheduler.add_job(
            run_reminders, args=[backend, settings.base_url], id="reminders_at_start", next_run_time=started
        )
    scheduler.add_job(
        run_hour_reminders,
        "interval",
        minutes=HOUR_REMINDER_MINUTES,
        args=[backend, settings.base_url],
        id="hour_reminders",
        next_run_time=started,
        **common,
    )
    scheduler.add_job(
        send_outbox,
        "interval",
        seconds=INTERVAL_SECONDS,
        args=[backend, mailer],
        id="outbox",
        next_run_time=started,
        **common,
    )
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    log.info(
        "scheduler started: timers and outbox every %d s, reminders daily at %02d:00, hour limits every %d min "
        "(SMTP %s:%d)",
        INTERVAL_SECONDS,
        hour,
        HOUR_REMINDER_MINUTES,
        settings.host,
        settings.port,
    )
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        if scheduler.running:
            scheduler.shutdown()
        log.info("scheduler stopped")


def main() -> None:
    backend = build_backend(database_url())
    backend.load_settings()
    run(backend)


if __name__ == "__main__":
    main()
