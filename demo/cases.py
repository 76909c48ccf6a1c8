"""The demo database (`flask --app web seed-demo`): the demo jurisdiction's accounts, an
administrator, and dossiers at every stage of the compulsory-rehab model.

Dossiers are driven through the engine's service API at the real current time. What
places each one in time is the dates typed into its forms: every case names one date of
its history (``anchor``) and where that date falls, in working days from today; the
history is laid out forward from the day of discovery, which is searched back until the
anchor lands there. A reading period or complaint window that ended before today is
passed by the engine as soon as the step before it is completed; one that ends after
today is left to the scheduler. Deadlines counted from the typed dates come out overdue,
due today or with days left; those counted from the day a task opens have days left."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from engine import Backend
from engine.calendar import add_months
from engine.checklist import present
from engine.clock import VN_TZ, now
from engine.persistence.tables import Dossier, Task, User
from forms.documents import DOCUMENTS

from .cases_d import build_regime_d, walk
from .directory import ALL_COMMUNES, COMMUNES, DISTRICT, NEW_PROVINCE, PROVINCE, DemoDirectory, seed_directory
from .scan import SAMPLE_SCAN

PASSWORD = "matkhau123"
BASE_URL = os.environ.get("APP_BASE_URL", "http://127.0.0.1:5000").rstrip("/")


def _in_text(unit_name: str) -> str:
    """'Xã An Bình' as written inside a sentence: 'xã An Bình'."""
    return unit_name[0].lower() + unit_name[1:]


FACILITY = f"Cơ sở cai nghiện ma túy {_in_text(PROVINCE[1])}"


@dataclass(frozen=True)
class Person:
    name: str
    birth_date: str
    id_number: str
    hamlet: str
    ground: str
    stable_residence: bool = True


@dataclass(frozen=True)
class Case:
    commune: int
    """Which of directory.ALL_COMMUNES (1-based) opens the dossier: 3 and 4 are in the
    two-tier province."""
    person: Person
    steps: tuple
    """Completed in order: a bpmn id, or (bpmn id, overrides of its form data)."""
    anchor: str
    """A key of _schedule."""
    offset: int
    """The anchor date lies this many working days from today (negative: in the past)."""
    discovered: str | None = None
    """A fixed day of discovery instead of the anchor: the Regime A dossiers of early 2025."""


RETURNED = {
    "appraisal_result": "invalid",
    "letter_number": None,
    "proposed_facility": None,
    "missing_items": "Thiếu bản tường trình của người nghiện ma túy (Mẫu số 31) có chữ ký.",
    "return_number": "21/LĐTBXH-TB",
}
RETURNED_AGAIN = {
    **RETURNED,
    "missing_items": "Bản sao phiếu kết quả xác định tình trạng nghiện chưa được chứng thực.",
    "return_number": "24/LĐTBXH-TB",
}
CLARIFICATION = {
    "clarification_needed": True,
    "session_order_number": None,
    "session_ordered_on": None,
    "clarification_request": (
        "Đề nghị làm rõ khả năng tiếp nhận của cơ sở cai nghiện và quá trình cai nghiện tự nguyện."
    ),
}
NOT_APPLIED = {
    "decision": "not_apply",
    "term_months": None,
    "facility_name": None,
    "reasons": "Người bị đề nghị đã tự nguyện đăng ký cai nghiện tại gia đình và có xác nhận của UBND xã.",
}

RETURNED_BY_COURT = {
    "intake_outcome": "return",
    "case_number": None,
    "accepted_on": None,
    "judge_name": None,
    "return_reason": "Thiếu bản sao phiếu kết quả xác định tình trạng nghiện ma túy có chứng thực.",
}

PREPARED = ("record_violation", "prepare_dossier", "decide_interim_management", "notify_person")
SENT = (*PREPARED, "send_to_court")
AT_COURT = (*SENT, "court_intake")
ACCEPTED = (*AT_COURT, "notify_acceptance")
DECIDED = (*ACCEPTED, "order_session", "hold_session", "send_decision")
EFFECTIVE = (*DECIDED, "confirm_legal_effect")
REGIME_A_EFFECTIVE = (
    *PREPARED,
    "send_to_labour_office",
    "appraise_dossier",
    "court_intake",
    "notify_acceptance",
    "order_session",
    "hold_session",
    "send_decision",
    "confirm_legal_effect",
)
"""Dossiers opened before 1/3/2025 run the Regime A model to the end."""

CASES = (
    # Commune police: preparing the dossier.
    Case(
        1,
        Person("Nguyễn Văn Hùng", "1991-04-12", "001091004512", "Thôn Đông", "quit_voluntary"),
        (),
        "discovered_on",
        -1,
    ),
    Case(
        2,
        Person("Trần Minh Tuấn", "1988-09-03", "001088009317", "Ấp Phú Hòa", "no_registration"),
        ("record_violation",),
        "discovered_on",
        -5,
    ),  # due today
    Case(
        1,
        Person("Lê Quốc Bảo", "1996-01-25", "001096002581", "Thôn Trung", "use_during_voluntary"),
        ("record_violation",),
        "discovered_on",
        -8,
    ),  # overdue
    Case(
        2,
        Person(
            "Hoàng Văn Nam", "1985-11-30", "001085011264", "Ấp Tân Lập", "methadone_violation", stable_residence=False
        ),
        ("record_violation", "prepare_dossier", "decide_interim_management"),
        "discovered_on",
        -3,
    ),  # notice: limit unverified
    Case(
        1,
        Person("Vũ Đức Thắng", "1993-06-18", "001093006733", "Thôn Hạ", "relapse_post_rehab"),
        PREPARED,
        "reading_end",
        1,
    ),  # reading period running: no open task
    Case(
        2,
        Person("Đặng Thanh Tùng", "1990-02-07", "001090002248", "Ấp 1", "quit_voluntary"),
        PREPARED,
        "reading_end",
        -3,
    ),  # sending to the labour office overdue
    # Regional court: intake, and a dossier it returned to the commune police.
    Case(1, Person("Bùi Văn Lộc", "1987-08-21", "001087008195", "Thôn Đông", "no_registration"), SENT, "sent_on", -1),
    Case(
        2,
        Person("Đỗ Mạnh Cường", "1994-12-02", "001094012076", "Ấp Phú Hòa", "use_during_voluntary"),
        (*SENT, ("court_intake", RETURNED_BY_COURT)),
        "sent_on",
        -1,
    ),
    Case(1, Person("Ngô Quang Huy", "1989-03-14", "001089003420", "Thôn Trung", "quit_voluntary"), SENT, "sent_on", -2),
    Case(
        2,
        Person("Dương Văn Khánh", "1992-07-09", "001092007651", "Ấp Tân Lập", "relapse_post_rehab"),
        AT_COURT,
        "accepted_on",
        -1,
    ),  # notice of acceptance due the next working day
    Case(
        1,
        Person("Lý Hoàng Phúc", "1995-10-27", "001095010839", "Thôn Hạ", "no_registration"),
        (*ACCEPTED, ("order_session", CLARIFICATION)),
        "notified_on",
        -1,
    ),  # the labour office must answer
    Case(
        2, Person("Phan Văn Sơn", "1986-05-05", "001086005127", "Ấp 1", "quit_voluntary"), ACCEPTED, "accepted_on", -14
    ),  # the 15-day decision limit has passed
    Case(
        1,
        Person("Trịnh Công Danh", "1990-09-19", "001090009884", "Thôn Đông", "use_during_voluntary"),
        (*ACCEPTED, "order_session"),
        "ordered_on",
        -4,
    ),
    Case(
        2,
        Person("Mai Xuân Trường", "1993-01-11", "001093001306", "Ấp Phú Hòa", "methadone_violation"),
        DECIDED,
        "window_end",
        2,
    ),  # complaint window still open
    Case(
        1, Person("Hồ Đức Anh", "1997-04-02", "001097004463", "Thôn Trung", "quit_voluntary"), DECIDED, "window_end", -1
    ),  # window closed: confirm the legal effect
    Case(
        1,
        Person("Phạm Ngọc Sang", "1994-06-06", "001094006155", "Thôn Đông", "use_during_voluntary"),
        (*DECIDED, "track_complaints", "forward_complaint"),
        "forwarded_on",
        -2,
    ),  # at the provincial court
    # Execution: escort, admission; and two closed dossiers.
    Case(
        2,
        Person("Tạ Văn Hải", "1984-08-16", "001084008570", "Ấp Tân Lập", "no_registration"),
        EFFECTIVE,
        "effective_on",
        -1,
    ),
    Case(
        1,
        Person("Võ Thành Nhân", "1991-12-23", "001091012918", "Thôn Hạ", "relapse_post_rehab"),
        (*EFFECTIVE, "escort_to_facility"),
        "handed_over_on",
        -1,
    ),  # admission record overdue
    Case(
        2,
        Person("Lâm Chí Thanh", "1988-02-28", "001088002734", "Ấp 1", "quit_voluntary"),
        (*EFFECTIVE, "escort_to_facility", "receive_at_facility"),
        "handed_over_on",
        -20,
    ),
    Case(
        2,
        Person("Quách Văn Toàn", "1987-10-10", "001087010342", "Ấp Phú Hòa", "quit_voluntary"),
        (*ACCEPTED, "order_session", ("hold_session", NOT_APPLIED), "send_decision", "confirm_legal_effect"),
        "effective_on",
        -30,
    ),
    # The two-tier province: its regional court and its facility under the provincial police.
    Case(
        3,
        Person("Kim Văn Thành", "1992-05-14", "001092005140", "Khu phố 2", "no_registration"),
        ("record_violation",),
        "discovered_on",
        -2,
    ),
    Case(4, Person("Triệu Quốc Khải", "1989-10-03", "001089010033", "Thôn Bắc", "quit_voluntary"), SENT, "sent_on", -1),
    Case(
        4,
        Person("Lục Văn Tâm", "1986-01-21", "001086001217", "Thôn Nam", "use_during_voluntary"),
        (*EFFECTIVE, "escort_to_facility"),
        "handed_over_on",
        -1,
    ),
    # Regime A, opened in February 2025: the district labour office, court and police.
    Case(
        1,
        Person("Cao Văn Thịnh", "1983-03-09", "001083003091", "Thôn Trung", "relapse_post_rehab"),
        (*REGIME_A_EFFECTIVE, "escort_to_facility", "receive_at_facility"),
        "discovered_on",
        0,
        discovered="2025-02-10",
    ),
    # Regime A, admitted in 2025 for 18 months, released after 1/7/2026: post-rehab management
    # under Luật 120/2025/QH15 (khoản 1 Điều 56), see released_under_law_120.
    Case(
        1,
        Person("Phùng Văn Lâm", "1986-10-02", "001086010027", "Thôn Thượng", "quit_voluntary"),
        (
            *REGIME_A_EFFECTIVE[:-3],
            ("hold_session", {"term_months": 18}),
            *REGIME_A_EFFECTIVE[-2:],
            "escort_to_facility",
            "receive_at_facility",
        ),
        "discovered_on",
        0,
        discovered="2025-02-10",
    ),
    Case(
        2,
        Person("Mạc Đình Chiến", "1990-08-30", "001090008305", "Ấp Tân Lập", "quit_voluntary"),
        (
            *PREPARED,
            "send_to_labour_office",
            ("appraise_dossier", RETURNED),
            "supplement_dossier",
            ("reappraise_dossier", RETURNED_AGAIN),
            "supplement_dossier",
            "reappraise_dossier",
            "court_intake",
            "notify_acceptance",
            "order_session",
            ("hold_session", NOT_APPLIED),
            "send_decision",
            "confirm_legal_effect",
        ),
        "discovered_on",
        0,
        discovered="2025-02-17",
    ),
)


def seed(backend: Backend) -> int | None:
    """Create the demo data; None (and nothing written) when the database has users."""
    with backend.write_session() as session:
        if session.scalar(select(User.id).limit(1)) is not None:
            return None
        password_hash = generate_password_hash(PASSWORD)
        directory = seed_directory(session, password_hash)
        session.add(
            User(
                username="admin",
                password_hash=password_hash,
                full_name="Quản trị hệ thống",
                email="admin@example.invalid",
                is_admin=True,
            )
        )
        for key, user_id in list(directory.users.items()):
            if key not in directory.agencies:
                continue
            officer = session.get(User, user_id)
            session.add(
                User(
                    username=f"{officer.username}.lanhdao",
                    password_hash=password_hash,
                    full_name=f"Lãnh đạo {officer.agency.name}",
                    email=f"{officer.username}.lanhdao@example.invalid",
                    agency_id=officer.agency_id,
                    is_head=True,
                )
            )
        session.commit()
    today = now().astimezone(VN_TZ).date()
    built = 0
    for number, case in enumerate(CASES, start=1):
        dossier_id = build(backend, directory, number, case, today)
        built += dossier_id is not None
        if dossier_id is not None and case.person.name == "Phùng Văn Lâm":
            released_under_law_120(backend, directory, dossier_id)
    return built + build_regime_d(backend, directory, today, provide_documents)


def released_under_law_120(backend: Backend, directory: DemoDirectory, dossier_id: int) -> None:
    """The facility notifies and releases the person at the end of the old term; the term
    ended after 01/07/2026, so post-rehab management runs the Regime D model (khoản 1 Điều 56
    Luật 120/2025/QH15): the commune police propose, the chairman decides, and the
    electronic supervision that decision starts is decided and fitted."""
    with backend.read_session() as session:
        notice = session.scalars(
            select(Task)
            .join(Dossier)
            .where(Dossier.parent_id == dossier_id, Task.bpmn_id == "notify_term_end", Task.state == "open")
        ).one()
    ends = notice.deadline_from_on  # the term's last day, which the notice counts back from
    calendar = backend.settings.current.calendar
    proposed, decided = calendar.add_working_days(ends, 1), calendar.add_working_days(ends, 2)
    facility = directory.users["rehab_facility"]
    backend.tasks.complete(
        facility,
        notice.id,
        {"notice_on": (ends - timedelta(days=20)).isoformat(), "recipients": "TAND huyện; UBND xã An Bình; gia đình."},
    )
    with backend.read_session() as session:
        certificate = session.scalars(
            select(Task).where(Task.dossier_id == notice.dossier_id, Task.state == "open")
        ).one()
    backend.tasks.complete(
        facility,
        certificate.id,
        {"certificate_number": "47/GCN", "certificate_on": ends.isoformat(), "released_on": ends.isoformat()},
    )
    post_rehab = "post_rehab_management_2026_07"
    changes = {
        (post_rehab, "propose_post_rehab"): {
            "notice_received_on": ends.isoformat(),
            "proposal_on": proposed.isoformat(),
        },
        (post_rehab, "decide_post_rehab"): {"decided_at": f"{decided.isoformat()}T09:00:00+07:00"},
        ("electronic_supervision", "decide_supervision"): {
            "decided_at": f"{decided.isoformat()}T15:00:00+07:00",
            "supervision_ground": "post_rehab",
            "source_decision_number": "53/QĐ-UBND",
            "source_decision_on": decided.isoformat(),
            "period_ends_on": add_months(ends, 24).isoformat(),
        },
        ("electronic_supervision", "fit_device"): {"fitted_at": f"{decided.isoformat()}T17:00:00+07:00"},
        (post_rehab, "supervise"): {"checked_on": (decided + timedelta(days=7)).isoformat()},
    }
    walk(backend, directory, dossier_id, 5, 0, provide_documents, changes)


def provide_documents(backend: Backend, officer: int, dossier_id: int, task: Task) -> None:
    """What the officer does before completing a step that needs documents: print the
    ones the system prints, upload a scan of the others."""
    with backend.read_session() as session:
        process_id = session.get(Dossier, dossier_id).process_id
        required = backend.models.current.task(process_id, task.bpmn_id).required_documents
        missing = [code for code in required if code not in present(session, dossier_id, required)]
    for code in missing:
        if code in DOCUMENTS:
            backend.documents.issue(officer, dossier_id, code, BASE_URL)
        else:
            backend.documents.attach(officer, dossier_id, code, f"ban-quet-{code}.pdf", SAMPLE_SCAN)


def build(backend: Backend, directory: DemoDirectory, number: int, case: Case, today: date) -> int | None:
    """Open the case's dossier as its commune police and walk its steps, each done by the
    officer of the agency the task belongs to."""
    officer_of = {
        directory.agencies[key]: user_id for key, user_id in directory.users.items() if key in directory.agencies
    }
    discovered = (
        date.fromisoformat(case.discovered)
        if case.discovered
        else _discovered_on(backend, today, case.anchor, case.offset)
    )
    regime = backend.models.current.regimes.at(discovered)
    if regime.processes.get("compulsory_rehab", "").endswith("_2026_07"):
        return None  # the law in force today has its own steps: demo.cases_d
    forms = _forms(number, case, _schedule(backend, discovered), regime.code)
    dossier_id = backend.dossiers.open(directory.users[f"commune_police_{case.commune}"], forms["open_dossier"])
    for step in case.steps:
        bpmn_id, overrides = step if isinstance(step, tuple) else (step, {})
        payload = {key: value for key, value in {**forms[bpmn_id], **overrides}.items() if value is not None}
        with backend.read_session() as session:
            task = session.scalars(
                select(Task).where(Task.dossier_id == dossier_id, Task.bpmn_id == bpmn_id, Task.state == "open")
            ).one()
        provide_documents(backend, officer_of[task.agency_id], dossier_id, task)
        backend.tasks.complete(officer_of[task.agency_id], task.id, payload)
    return dossier_id


def _working_days_from(backend: Backend, today: date, offset: int) -> date:
    if offset >= 0:
        return backend.settings.current.calendar.add_working_days(today, offset)
    day = today
    for _ in range(-offset):
        day -= timedelta(days=1)
        while not backend.settings.current.calendar.is_working_day(day):
            day -= timedelta(days=1)
    return day


def _discovered_on(backend: Backend, today: date, anchor: str, offset: int) -> date:
    """The latest working day of discovery whose history puts `anchor` no later than its target."""
    target = _working_days_from(backend, today, offset)
    discovered = today
    while (
        not backend.settings.current.calendar.is_working_day(discovered)
        or _schedule(backend, discovered)[anchor] > target
    ):
        discovered -= timedelta(days=1)
    return discovered


def _schedule(backend: Backend, discovered: date) -> dict[str, date]:
    """A dossier's dates when every agency acts within a few working days."""
    later = backend.settings.current.calendar.add_working_days
    d = {"discovered_on": discovered, "recorded_on": later(discovered, 1), "proposal_on": later(discovered, 2)}
    d["notice_on"] = later(discovered, 3)
    d["reading_end"] = backend.settings.current.parameters["reading_period"].deadline(
        d["notice_on"], backend.settings.current.calendar
    )
    d["sent_on"] = later(d["reading_end"], 1)
    d["appraised_on"] = later(d["sent_on"], 1)
    d["resent_on"] = d["accepted_on"] = later(d["sent_on"], 2)
    d["notified_on"] = later(d["accepted_on"], 1)
    d["ordered_on"] = later(d["accepted_on"], 3)
    d["decision_on"] = later(d["ordered_on"], 4)
    d["decision_sent_on"] = later(d["decision_on"], 1)
    d["challenge_on"] = later(d["decision_on"], 2)
    d["forwarded_on"] = later(d["challenge_on"], 1)
    d["window_end"] = backend.settings.current.parameters["complaint_window"].deadline(
        d["decision_on"], backend.settings.current.calendar
    )
    d["effective_on"] = later(d["window_end"], 1)
    d["handed_over_on"] = later(d["effective_on"], 2)
    return d


def _forms(n: int, case: Case, d: dict[str, date], regime: str) -> dict[str, dict]:
    """Form data of every step for case number `n`, dated by `d`, naming the agencies of
    its regime."""
    person = case.person
    commune_code, commune = ALL_COMMUNES[case.commune - 1][0], _in_text(ALL_COMMUNES[case.commune - 1][1])
    two_tier = case.commune > len(COMMUNES)
    address = (
        f"{commune}, {_in_text(NEW_PROVINCE[1])}"
        if two_tier
        else f"{commune}, {_in_text(DISTRICT[1])}, {_in_text(PROVINCE[1])}"
    )
    regime_a = regime == "A"
    facility = "Cơ sở cai nghiện ma túy số 1" if two_tier else FACILITY
    prosecutor = "Viện kiểm sát nhân dân huyện" if regime_a else "Viện kiểm sát nhân dân khu vực"
    proposer = "Phòng LĐTBXH" if regime_a else f"Công an {commune}"
    executor = "Công an huyện; Phòng LĐTBXH" if regime_a else f"Công an {commune}"
    iso = {key: day.isoformat() for key, day in d.items()}
    year = d["discovered_on"].year
    term = (12, 18, 24)[n % 3]
    dispatch = {
        "dispatch_number": f"{n:02d}/CV-CAX",
        "sent_on": iso["sent_on"],
        "page_count": 18 + n,
        "person_comments": "Không có ý kiến.",
    }
    return {
        "open_dossier": {
            "person_name": person.name,
            "person_birth_date": person.birth_date,
            "id_number": person.id_number,
            "residence": f"{person.hamlet}, {address}",
            "commune_code": commune_code,
            "discovered_on": iso["discovered_on"],
            "ground": person.ground,
            "stable_residence": person.stable_residence,
        },
        "record_violation": {
            "record_number": f"{n:02d}/BB-VPHC",
            "recorded_on": iso["recorded_on"],
            "place": f"Trụ sở Công an {commune}",
            "violation_description": "Không thực hiện đúng cam kết cai nghiện ma túy; kết quả xét nghiệm dương tính "
            "với chất ma túy.",
        },
        "prepare_dossier": {
            "proposal_number": f"{n:02d}/ĐN-CAX",
            "proposal_on": iso["proposal_on"],
            "biography_done": True,
            "statement_done": True,
            "determination_result_number": f"{100 + n}/PKQ-TTYT",
            "determination_result_on": iso["discovered_on"],
            "determination_facility": f"Trung tâm Y tế {_in_text(DISTRICT[1])}",
            "stable_residence": person.stable_residence,
            "residence_confirmation_number": None if person.stable_residence else f"{n:02d}/XN-CAH",
        },
        "decide_interim_management": {
            "management_form": "home" if person.stable_residence else "facility",
            "family_consent": person.stable_residence,
            "decision_number": f"{n:02d}/QĐ-QLTG",
            "decision_on": iso["proposal_on"],
            "interim_facility_since": None if person.stable_residence else iso["proposal_on"],
        },
        "notify_person": {
            "notice_number": f"{n:02d}/TB-CAX",
            "notice_sent_on": iso["notice_on"],
            "notice_received_on": iso["notice_on"],
            "recipient": "person",
            "recipient_name": person.name,
        },
        "send_to_labour_office": dispatch,
        "send_to_court": dispatch,
        "appraise_dossier": {
            "appraisal_result": "valid",
            "letter_number": f"{n:02d}/LĐTBXH-ĐN",
            "proposed_facility": facility,
            "appraised_on": iso["appraised_on"],
        },
        "supplement_dossier": {
            "supplemented_items": "Bổ sung bản tường trình có chữ ký của người nghiện ma túy.",
            "resent_on": iso["resent_on"],
        },
        "reappraise_dossier": {
            "appraisal_result": "valid",
            "letter_number": f"{n:02d}/LĐTBXH-ĐN",
            "proposed_facility": facility,
            "appraised_on": iso["resent_on"],
        },
        "court_intake": {
            "intake_outcome": "accept",
            "case_number": f"{n:02d}/{year}/TLST-HC",
            "accepted_on": iso["accepted_on"],
            "judge_name": ("Trần Thị Hạnh", "Lê Văn Quang")[n % 2],
        },
        "notify_acceptance": {
            "acceptance_notice_number": f"{n:02d}/TB-TA",
            "notified_on": iso["notified_on"],
            "recipients": f"Người bị đề nghị; {prosecutor}; {proposer}.",
        },
        "order_session": {
            "complex_case": False,
            "clarification_needed": False,
            "session_order_number": f"{n:02d}/{year}/QĐ-MPH",
            "session_ordered_on": iso["ordered_on"],
        },
        "hold_session": {
            "session_held_on": iso["decision_on"],
            "decision": "apply",
            "decision_number": f"{n:02d}/{year}/QĐ-TA",
            "decision_on": iso["decision_on"],
            "term_months": term,
            "facility_name": facility,
            "reasons": "Thuộc trường hợp quy định tại Điều 32 Luật Phòng, chống ma túy; hồ sơ đầy đủ, đúng trình tự.",
        },
        "send_decision": {
            "decision_sent_on": iso["decision_sent_on"],
            "recipients": f"Người bị đề nghị; {executor}; UBND {commune}.",
        },
        "track_complaints": {
            "challenge_kind": "complaint",
            "challenger": person.name,
            "challenge_received_on": iso["challenge_on"],
            "content": "Đề nghị xem xét lại thời hạn áp dụng biện pháp.",
        },
        "forward_complaint": {"forwarded_on": iso["forwarded_on"], "forward_number": f"{n:02d}/CV-TA"},
        "confirm_legal_effect": {"legal_effect_outcome": "effective", "effective_on": iso["effective_on"]},
        "escort_to_facility": {
            "escort_started_on": iso["effective_on"],
            "escort_outcome": "delivered",
            "handed_over_on": iso["handed_over_on"],
            "facility_name": facility,
        },
        "receive_at_facility": {
            "handover_record_number": f"{n:02d}/BB-BG",
            "admitted_on": iso["handed_over_on"],
            "received_documents": True,
        },
    }
