"""Demo dossiers of the law in force today (Regime D, from 01/07/2026): one person per
procedure and commune kind, each walked a number of steps with the valid data of
demo.regime_d, every step done by the officer of the agency the task belongs to. A step
the data cannot complete today (a date that has not come yet, a timer still running)
leaves the dossier waiting there, as a real one would."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from engine import Backend
from engine.errors import EngineError
from engine.persistence.tables import Dossier, Task

from .directory import DemoDirectory
from .regime_d import FORM_DATA

log = logging.getLogger(__name__)
Provide = Callable[[Backend, int, int, Task], None]


@dataclass(frozen=True)
class DCase:
    procedure: str
    opener: str
    """key of demo.directory.USERNAMES of the officer who opens it"""
    commune: int
    person: tuple[str, str, str]
    """name, birth date, residence"""
    discovered: str
    """the discovery date of the timeline of demo.regime_d's data"""
    weeks_back: int
    """the whole timeline moves this many weeks back (weekdays stay), so that the steps
    walked lie in the past and their timers have run"""
    steps: int
    """how many steps to walk (across the phases that follow)"""


ADULT = ("Đinh Văn Hải", "1991-03-08", "Tổ 5, phường Hòa Bình")
D_CASES = (
    DCase("compulsory_rehab", "commune_police_3", 3, ADULT, "2026-12-04", 0, 0),
    DCase(
        "compulsory_rehab",
        "commune_police_4",
        4,
        ("Mai Văn Lực", "1988-11-21", "Thôn 2, xã Đông Sơn"),
        "2026-12-04",
        2,
        4,
    ),
    DCase(
        "compulsory_rehab",
        "commune_police_3",
        3,
        ("Hà Văn Quý", "1985-06-02", "Tổ 8, phường Hòa Bình"),
        "2026-12-04",
        5,
        30,
    ),
    DCase(
        "minor_compulsory_rehab",
        "commune_police_3",
        3,
        ("Lù Văn Nam", "2010-04-15", "Tổ 1, phường Hòa Bình"),
        "2026-12-04",
        3,
        3,
    ),
)

ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def shifted(value, days: int):
    """A form value with every ISO date or instant in it moved by `days`."""
    if isinstance(value, str) and ISO_DAY.match(value):
        head = (date.fromisoformat(value[:10]) + timedelta(days=days)).isoformat()
        return head + value[10:]
    return value


def build_regime_d(backend: Backend, directory: DemoDirectory, today: date, provide_documents: Provide) -> int:
    """Open and walk the D cases; the number of dossiers opened by hand. `provide_documents`
    prints or uploads what a step requires (demo.cases)."""
    opened = 0
    current = backend.models.current
    for case in D_CASES:
        procedure = current.procedures.get(case.procedure)
        if procedure is None or procedure.open_form is None:
            continue
        days = -7 * case.weeks_back
        discovered = min(date.fromisoformat(shifted(case.discovered, days)), today)
        name, birth, residence = case.person
        payload = {
            "person_name": name,
            "person_birth_date": birth,
            "residence": residence,
            "commune_code": directory.communes[case.commune - 1],
            "discovered_on": discovered.isoformat(),
            "ground": "quit_voluntary",
            "stable_residence": True,
        }
        try:
            dossier_id = backend.dossiers.open(directory.users[case.opener], payload, case.procedure)
        except EngineError as refused:
            log.warning("demo: %s not opened: %s", case.procedure, refused)
            continue
        opened += 1
        walk(backend, directory, dossier_id, case.steps, days, provide_documents)
    return opened


def walk(
    backend: Backend, directory: DemoDirectory, dossier_id: int, steps: int, days: int, provide_documents: Provide
) -> None:
    officer_of = {directory.agencies[key]: user_id for key, user_id in directory.users.items()}
    for _ in range(steps):
        backend.timers.fire_due()
        with backend.read_session() as session:
            person_id = session.get_one(Dossier, dossier_id).person_id
            task = session.scalars(
                select(Task)
                .join(Dossier, Dossier.id == Task.dossier_id)
                .where(Dossier.person_id == person_id, Task.state == "open")
                .order_by(Task.id)
            ).first()
            process_id = session.get_one(Dossier, task.dossier_id).process_id if task else None
        if task is None or process_id is None:
            return
        data = FORM_DATA.get(process_id, {}).get(task.bpmn_id)
        if data is None:
            return
        try:
            provide_documents(backend, officer_of[task.agency_id], task.dossier_id, task)
            backend.tasks.complete(
                officer_of[task.agency_id], task.id, {key: shifted(value, days) for key, value in data.items()}
            )
        except EngineError as refused:
            log.info("demo: dossier %s waits at %s: %s", task.dossier_id, task.bpmn_id, refused)
            return
