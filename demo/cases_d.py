"""Demo dossiers of the law in force today (Regime D, from 01/07/2026): one person per
procedure and commune kind, in both provinces, each walked a number of steps with the
valid data of demo.regime_d, every step done by the officer of the agency the task belongs
to. The data of demo.regime_d tell one story per procedure on fixed dates; a case moves
that story by whole weeks (weekdays, hence working days, stay) so that its discovery falls
`weeks_ago` weeks before the current week. A step the data cannot complete yet (a date
still to come, a period still running) leaves the dossier waiting there, as a real one
would."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select

from engine import Backend
from engine.errors import EngineError
from engine.persistence.tables import Dossier, Task
from forms.documents import DOCUMENTS

from .directory import DemoDirectory
from .regime_d import FORM_DATA

log = logging.getLogger(__name__)
Provide = Callable[[Backend, int, int, Task], None]
BASE_URL = "http://127.0.0.1:5000"


@dataclass(frozen=True)
class DCase:
    procedure: str
    opener: str
    """key of demo.directory.USERNAMES of the officer who opens it"""
    commune: int
    """1-based: 1 and 2 are communes of the province that kept its districts until 2025, 3 (a
    ward) and 4 of the two-tier province"""
    person: tuple[str, str, str]
    """name, birth date, residence"""
    discovered: str
    """the discovery date of the story of demo.regime_d's data"""
    weeks_ago: int
    """the story moves so that its discovery lies this many weeks before the current week"""
    steps: int
    """how many steps to walk (across the phases that follow)"""
    opening: dict = field(default_factory=dict)
    """fields of the open form beyond the person, the commune and the discovery date"""
    changes: dict = field(default_factory=dict)
    """(process id, task id) -> the fields this story enters differently (e.g. the ground of a
    supervision that follows a voluntary decision rather than a methadone notice)"""


COMPULSORY = {"stable_residence": True}
D_CASES = (
    DCase(
        "compulsory_rehab",
        "commune_police_3",
        3,
        ("Đinh Văn Hải", "1991-03-08", "Tổ 5, phường Hòa Bình"),
        "2026-12-04",
        0,
        0,
        COMPULSORY,
    ),
    DCase(
        "compulsory_rehab",
        "commune_police_4",
        4,
        ("Mai Văn Lực", "1988-11-21", "Thôn 2, xã Đông Sơn"),
        "2026-12-04",
        2,
        4,
        COMPULSORY,
    ),
    DCase(
        "compulsory_rehab",
        "commune_police_3",
        3,
        ("Hà Văn Quý", "1985-06-02", "Tổ 8, phường Hòa Bình"),
        "2026-12-04",
        6,
        30,
        COMPULSORY,
    ),
    DCase(
        "compulsory_rehab",
        "commune_police_4",
        4,
        ("Vi Văn Khải", "1987-01-23", "Thôn 4, xã Đông Sơn"),
        "2026-12-04",
        4,
        13,
        COMPULSORY,
    ),
    DCase(
        "compulsory_rehab",
        "commune_police_1",
        1,
        ("Lò Văn Tâm", "1993-02-17", "Thôn Hạ, xã An Bình"),
        "2026-12-04",
        3,
        8,
        COMPULSORY,
    ),
    DCase(
        "minor_compulsory_rehab",
        "commune_police_1",
        1,
        ("Lù Văn Nam", "2010-04-15", "Thôn Trung, xã An Bình"),
        "2026-07-01",
        3,
        4,
        COMPULSORY,
    ),
    DCase(
        "voluntary_rehab",
        "commune_police_3",
        3,
        ("Hà Quốc Việt", "1992-09-14", "Tổ 3, phường Hòa Bình"),
        "2026-12-05",
        2,
        6,
        {"stable_residence": True},
        {
            ("electronic_supervision", "decide_supervision"): {
                "decided_at": "2026-12-06T14:00:00+07:00",
                "supervision_ground": "voluntary_home",
                "source_decision_number": "22/QĐ-CAP",
                "source_decision_on": "2026-12-06",
                "period_ends_on": "2028-12-07",
            },
            ("electronic_supervision", "fit_device"): {"fitted_at": "2026-12-06T17:00:00+07:00"},
        },
    ),
    DCase(
        "electronic_supervision",
        "commune_police_3",
        3,
        ("Lâm Văn Sơn", "1984-05-20", "Tổ 9, phường Hòa Bình"),
        "2026-12-04",
        1,
        3,
        {"stable_residence": True},
    ),
    DCase(
        "voluntary_rehab",
        "commune_police_2",
        2,
        ("Nguyễn Văn Hùng", "1990-12-05", "Ấp Phú Hòa, xã Tân Phú"),  # the same name in another commune
        "2026-12-05",
        0,
        1,
        {"stable_residence": True},
    ),
    DCase(
        "drug_user_management",
        "commune_police_1",
        1,
        ("Châu Văn Lợi", "1998-06-30", "Thôn Thượng, xã An Bình"),
        "2026-12-04",
        1,
        5,
        {"stable_residence": True},
    ),
    DCase(
        "addiction_determination",
        "commune_police_1",
        1,
        ("Đinh Văn Quang", "1994-03-08", "Thôn Hạ, xã An Bình"),
        "2026-12-04",
        0,
        1,
        {"stable_residence": True},
    ),
    DCase(
        "addiction_determination",
        "commune_police_1",
        1,
        ("Nguyễn Văn Hùng", "1989-11-21", "Thôn Đông, xã An Bình"),
        "2026-12-04",
        1,
        3,
        {"stable_residence": True},
    ),
)


def demo_id_number(birth: str, number: int) -> str:
    """A made-up 12-digit CCCD of the demo's shape: province 001, the century-and-sex digit of a
    man (0 before 2000, 2 after), the year of birth, then the case's number."""
    return f"001{'0' if birth < '2000' else '2'}{birth[2:4]}{number:06d}"


ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def shifted(value, days: int):
    """A form value with every ISO date or instant in it moved by `days`."""
    if isinstance(value, str) and ISO_DAY.match(value):
        head = (date.fromisoformat(value[:10]) + timedelta(days=days)).isoformat()
        return head + value[10:]
    return value


def shift_for(story_discovered: date, weeks_ago: int, today: date) -> int:
    """Days to move a story by (a multiple of 7) so that its discovery lands on its weekday
    of the week `weeks_ago` weeks before today's, never after today."""
    weeks = (today - story_discovered).days // 7 - weeks_ago
    return 7 * weeks


def build_regime_d(backend: Backend, directory: DemoDirectory, today: date, provide_documents: Provide) -> int:
    """Open and walk the D cases; the number of dossiers opened by hand. `provide_documents`
    prints or uploads what a step requires (demo.cases)."""
    opened = 0
    current = backend.models.current
    for number, case in enumerate(D_CASES, start=1):
        procedure = current.procedures.get(case.procedure)
        if procedure is None or procedure.open_form is None:
            continue
        days = shift_for(date.fromisoformat(case.discovered), case.weeks_ago, today)
        name, birth, residence = case.person
        payload = {
            "person_name": name,
            "person_birth_date": birth,
            "residence": residence,
            "id_number": demo_id_number(birth, number),
            "commune_code": directory.communes[case.commune - 1],
            "discovered_on": shifted(case.discovered, days),
            **case.opening,
        }
        try:
            dossier_id = backend.dossiers.open(directory.users[case.opener], payload, case.procedure)
        except EngineError as refused:
            log.warning("demo: %s not opened: %s %s", case.procedure, refused, getattr(refused, "errors", ""))
            continue
        opened += 1
        walk(backend, directory, dossier_id, case.steps, days, provide_documents, case.changes)
    return opened


def walk(
    backend: Backend,
    directory: DemoDirectory,
    dossier_id: int,
    steps: int,
    days: int,
    provide_documents: Provide,
    changes: dict | None = None,
) -> list[tuple[str, str]]:
    """Complete up to `steps` steps of the person's dossiers, the oldest open step first, and
    print the documents each step issues; the (process, step) pairs done. The walk ends
    where the data are refused or run out: the reason is logged."""
    officer_of = {directory.agencies[key]: user for key, user in directory.users.items() if key in directory.agencies}
    done: list[tuple[str, str]] = []
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
            break
        data = FORM_DATA.get(process_id, {}).get(task.bpmn_id)
        if data is not None:
            data = {**data, **(changes or {}).get((process_id, task.bpmn_id), {})}
        else:
            log.info("demo: dossier %s waits at %s: no demo data", task.dossier_id, task.bpmn_id)
            break
        officer = officer_of[task.agency_id]
        try:
            provide_documents(backend, officer, task.dossier_id, task)
            backend.tasks.complete(officer, task.id, {key: shifted(value, days) for key, value in data.items()})
            for code in backend.models.current.task(process_id, task.bpmn_id).documents:
                if code in DOCUMENTS:
                    backend.documents.issue(officer, task.dossier_id, code, BASE_URL)
        except EngineError as refused:
            log.info(
                "demo: dossier %s waits at %s: %s %s",
                task.dossier_id,
                task.bpmn_id,
                refused,
                getattr(refused, "errors", ""),
            )
            break
        done.append((process_id, task.bpmn_id))
    return done
