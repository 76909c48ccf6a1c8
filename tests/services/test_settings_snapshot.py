"""Amended limits and calendar are one snapshot: while an administrator amends a limit and
declares a day off in the same revision, again and again, officers in other threads keep
creating tasks and pages keep refreshing and reading the settings. Every snapshot seen and
every task's deadline comes from ONE revision's limit and that same revision's calendar.

All writers share one backend, so SQLite's write lock (BEGIN IMMEDIATE) queues them."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import UTC, date, datetime

from sqlalchemy import select

import engine.settings
from engine.calendar import WorkingCalendar
from engine.persistence.tables import CalendarOverride, ConfigRevision, ParameterChange, Task
from engine.settings import Settings, bump

LIMIT = "dossier_preparation"
CITATION = "Khoản 1 Điều 40 Nghị định 999/2026/NĐ-CP (ví dụ thử nghiệm)"
DAYS_OFF = [date(2026, 2, day) for day in (10, 11, 12, 13, 23, 24, 25, 26)]
"""Working days within the first task's period from 09/02: each one declared off moves it."""


def pair(settings) -> tuple[int | None, frozenset[date]]:
    """The limit and the declared days off of a snapshot."""
    days_off = frozenset(day for day in DAYS_OFF if not settings.calendar.is_working_day(day))
    return settings.parameters[LIMIT].value, days_off


def amend_both(world, value: int, day: date) -> int:
    """One revision that changes the limit and the calendar together; its number."""
    with world.backend.write_session() as session:
        session.add(
            ParameterChange(
                name=LIMIT,
                value=value,
                status="verified",
                citation=CITATION,
                note="",
                changed_by_id=world.user("admin"),
                changed_at=datetime.now(UTC),
            )
        )
        session.add(
            CalendarOverride(day=day, is_working_day=False, note="Nghỉ bù", legal_basis="Quyết định 99/QĐ-UBND")
        )
        bump(session)
        session.flush()
        revision = session.get(ConfigRevision, 1).revision
        session.commit()
    return revision


def run_amendments_under_load(world, rounds: int = 4):
    """Amend while officers open dossiers and pages refresh and read; returns the pair each
    revision must have, the (revision, pair) snapshots seen, the tasks made, and errors."""
    backend = world.backend
    start = backend.settings.refresh()
    expected = {start.revision: pair(start)}
    file_limit = start.parameters[LIMIT]
    snapshots: dict[int | None, Settings] = {start.revision: start}
    seen: list[tuple[int | None, tuple]] = []
    failures: list[BaseException] = []
    done = threading.Event()

    def administrator():
        try:
            for index in range(rounds):
                value = 6 + index
                revision = amend_both(world, value, DAYS_OFF[index])
                calendar = WorkingCalendar(dict.fromkeys(DAYS_OFF[: index + 1], False))
                expected[revision] = (value, frozenset(DAYS_OFF[: index + 1]))
                snapshots[revision] = Settings({LIMIT: replace(file_limit, value=value)}, calendar, revision)
                backend.settings.refresh()
                time.sleep(0.01)
        except BaseException as exc:  # reported by the test
            failures.append(exc)
        finally:
            done.set()

    def officer(index):
        count = 0
        try:
            while not done.is_set() or count < 2:
                world.open(person_name=f"Người thứ {index}-{count}", id_number=f"0010900{index}{count:04d}")
                count += 1
        except BaseException as exc:  # reported by the test
            failures.append(exc)

    def page():
        while not done.is_set():
            settings = backend.settings.refresh()
            seen.append((settings.revision, pair(settings)))
            current = backend.settings.current
            seen.append((current.revision, pair(current)))
            time.sleep(0.002)

    threads = [
        threading.Thread(target=administrator),
        *(threading.Thread(target=page) for _ in range(2)),
        *(threading.Thread(target=officer, args=(i,)) for i in range(2)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    with backend.read_session() as session:
        tasks = session.scalars(select(Task).where(Task.bpmn_id == "record_violation")).all()
    return expected, snapshots, seen, tasks, failures


def inconsistencies(expected, snapshots, seen, tasks) -> list:
    """Every snapshot seen and every task deadline that belongs to no single revision."""
    wrong = [(revision, got) for revision, got in seen if expected.get(revision) != got]
    for task in tasks:
        revisions = [s for s in snapshots.values() if s.parameters[LIMIT].value == task.deadline_value]
        possible = {s.parameters[LIMIT].deadline(task.deadline_from_on, s.calendar) for s in revisions}
        if task.deadline_on not in possible:
            wrong.append((task.id, task.deadline_value, task.deadline_on, possible))
    return wrong


def test_no_task_gets_a_deadline_from_a_half_replaced_snapshot(world):
    expected, snapshots, seen, tasks, failures = run_amendments_under_load(world)
    assert not failures
    assert len(expected) == 4 + 1
    assert len({value for value, _ in expected.values()}) == len(expected)  # one value per revision
    assert len(seen) > 20 and len(tasks) >= 4
    assert len({task.deadline_value for task in tasks}) >= 2  # tasks were made across revisions
    assert inconsistencies(expected, snapshots, seen, tasks) == []


def test_the_check_catches_a_snapshot_replaced_in_two_steps(world, monkeypatch):
    """The same run against a store that swaps the limits first and the calendar a moment
    later (as refresh_settings did before issue 10) is reported as inconsistent."""
    original = engine.settings.SettingsStore.refresh

    def two_steps(store, session=None):
        before = store.current
        fresh = original(store, session)
        if fresh is not before:
            store.current = Settings(fresh.parameters, before.calendar, fresh.revision)
            time.sleep(0.02)
            store.current = fresh
        return fresh

    monkeypatch.setattr(engine.settings.SettingsStore, "refresh", two_steps)
    expected, snapshots, seen, tasks, failures = run_amendments_under_load(world)
    assert not failures
    assert inconsistencies(expected, snapshots, seen, tasks) != []
