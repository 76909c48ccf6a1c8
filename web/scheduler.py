"""The timer process: one APScheduler job that wakes the dossiers whose legal period has
run out (engine.fire_due_timers), at start and then every minute. Run exactly one beside
the web server: `.venv/bin/python -m web.scheduler` or `.venv/bin/flask --app web scheduler`."""
from __future__ import annotations

import logging
import signal
import sys
from datetime import datetime

from apscheduler.schedulers.blocking import BlockingScheduler

from engine import DossierEngine
from engine.clock import VN_TZ

INTERVAL_SECONDS = 60

log = logging.getLogger("web.scheduler")


def fire_due_timers(engine: DossierEngine) -> None:
    fired = engine.fire_due_timers()
    if fired:
        log.info("fired %d timer(s)", fired)


def run(engine: DossierEngine) -> None:
    """Block until SIGINT or SIGTERM, letting a running job finish."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s [%(name)s] %(message)s")
    scheduler = BlockingScheduler(timezone=VN_TZ)
    scheduler.add_job(
        fire_due_timers,
        "interval",
        seconds=INTERVAL_SECONDS,
        args=[engine],
        id="fire_due_timers",
        max_instances=1,
        coalesce=True,
        next_run_time=datetime.now(VN_TZ),
    )
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    log.info("scheduler started: due timers every %d s", INTERVAL_SECONDS)
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        if scheduler.running:
            scheduler.shutdown()
        log.info("scheduler stopped")


def main() -> None:
    from . import create_app

    app = create_app()
    run(app.extensions["engine"])


if __name__ == "__main__":
    main()
