"""Demo dossiers of the law in force today (Regime D, from 01/07/2026): one person per
procedure and commune kind, each walked a number of steps with the valid data of
demo.regime_d, every step done by the officer of the agency the task belongs to. A step
the data cannot complete today (a date that has not come yet, a timer still running)
leaves the dossier waiting there, as a real one would."""

from __future__ import annotations

import logging
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
    days_ago: int
    """discovery this many days before today"""
    steps: int
    """how many steps to walk (across the phases that follow)"""
    extra: tuple[tuple[str, object], ...] = ()


D_CASES = (
    DCase("compulsory_rehab", "commune_police_3", 3, ("Đinh Văn Hải", "1991-03-08", "Tổ 5, phường Hòa Bình"), 1, 0),
    DCase("compulsory_rehab", "commune_police_4", 4, ("Mai Văn Lực", "1988-11-21", "Thôn 2, xã Đông Sơn"), 10, 4),
    DCase("compulsory_rehab", "commune_police_1", 1, ("Hà Văn Quý", "1985-06-02", "Thôn Bắc, xã An Bình"), 20, 12),
    DCase("minor_compulsory_rehab", "commune_police_3", 3, ("Lù Văn Nam", "2010-04-15", "Tổ 1, phường Hòa Bình"), 2, 1),
    DCase("drug_user_management", "commune_police_4", 4, ("Vi Văn Sơn", "1999-09-09", "Thôn 4, xã Đông Sơn"), 1, 2),
    DCase("voluntary_rehab", "commune_police_2", 2, ("Trần Văn Tâm", "1993-01-30", "Ấp 3, xã Tân Phú"), 3, 2),
)


def build_regime_d(backend: Backend, directory: DemoDirectory, today: date, provide_documents: Provide) -> int:
    """Open and walk the D cases; the number of dossiers opened by hand. `provide_documents`
    prints or uploads what a step requires (demo.cases)."""
    opened = 0
    current = backend.models.current
    for case in D_CASES:
        procedure = current.procedures.get(case.procedure)
        if procedure is None or procedure.open_form is None:
            continue
        name, birth, residence = case.person
        payload = {
            "person_name": name,
            "person_birth_date": birth,
            "residence": residence,
            "commune_code": directory.communes[case.commune - 1],
            "discovered_on": (today - timedelta(days=case.days_ago)).isoformat(),
            "ground": "quit_voluntary",
            "stable_residence": True,
            **dict(case.extra),
        }
        try:
            dossier_id = backend.dossiers.open(directory.users[case.opener], payload, case.procedure)
        except EngineError as refused:
            log.warning("demo: %s not opened: %s", case.procedure, refused)
            continue
        opened += 1
        walk(backend, directory, dossier_id, case.steps, provide_documents)
    return opened


def walk(backend: Backend, directory: DemoDirectory, dossier_id: int, steps: int, provide_documents: Provide) -> None:
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
            backend.tasks.complete(officer_of[task.agency_id], task.id, data)
        except EngineError as refused:
            log.info("demo: dossier %s waits at %s: %s", task.dossier_id, task.bpmn_id, refused)
            return
