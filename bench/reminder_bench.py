"""Reminder scan benchmark: the time of one daily scan (owe every reminder, build the
e-mails) with N dossiers in the database (default 100,000), on a working day when many of
their tasks are due or overdue. Usage: .venv/bin/python bench/reminder_bench.py [--size N]"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import time_machine
from sqlalchemy import func, select

from demo.steps import at
from engine.persistence.tables import Notification, OutboxMessage, Task
from engine_bench import Bench


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        with time_machine.travel(at("2026-02-10 09:00"), tick=False) as traveller:
            bench = Bench(Path(folder), traveller)
            bench.clone(bench.templates(traveller), args.size - 60, random.Random(11))
            with bench.backend.read_session() as session:
                open_tasks = session.scalar(select(func.count()).select_from(Task).where(Task.state == "open"))
            traveller.move_to(at("2026-02-26 07:00"))
            started = time.perf_counter()
            built = bench.backend.reminders.run("http://127.0.0.1:5000")
            elapsed = time.perf_counter() - started
            with bench.backend.read_session() as session:
                owed = session.scalar(select(func.count()).select_from(Notification))
                messages = session.scalar(select(func.count()).select_from(OutboxMessage))
        print(
            f"N={args.size} open_tasks={open_tasks} reminder_scan_seconds {elapsed:.3f} "
            f"reminders_owed={owed} messages_built={messages} (built={built})",
            flush=True,
        )
        bench.backend.database.dispose()


if __name__ == "__main__":
    main()
