"""The demo district on a test database, and short-hands for the service calls (World)
and for the signed-in Flask test clients (WebWorld)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from demo.directory import USERNAMES
from demo.scan import SAMPLE_SCAN as SCAN
from demo.steps import ACTOR, at, latest_act
from demo.steps import data as step_data
from engine import Backend, PersonCheckNeeded, PersonChoice
from engine.checklist import present
from engine.clock import VN_TZ
from engine.persistence.tables import Dossier, Task, User
from forms import OPEN_FORMS

PASSWORD = "matkhau123"
ADMIN = "admin"


class World:
    """The demo district on a fresh database, and short-hands for the service calls."""

    def __init__(self, backend: Backend, directory, traveller):
        self.backend = backend
        self.queries = backend.queries
        self.directory = directory
        self.traveller = traveller

    def user(self, key: str) -> int:
        return self.directory.users[key]

    def travel(self, when: str) -> None:
        self.traveller.move_to(at(when))

    def travel_forward(self, when: str) -> None:
        """Travel to `when` unless the clock is already past it."""
        if at(when) > datetime.now(VN_TZ):
            self.travel(when)

    def open(self, *, person: PersonChoice | None = None, **overrides) -> int:
        """Open a compulsory-rehab dossier for Nguyễn Văn Bình, or the person the overrides
        describe (a different name without a CCCD of its own is someone else: the default CCCD
        is his); `person` is the officer's answer to the look-up, else see `open_recognising`."""
        payload = {
            "person_name": "Nguyễn Văn Bình",
            "person_birth_date": "1990-05-17",
            "id_number": "001090012345",
            "residence": "Thôn Đông, xã An Bình",
            "commune_code": self.directory.communes[0],
            "discovered_on": "2026-02-09",
            "ground": "quit_voluntary",
            "stable_residence": True,
        }
        if "person_name" in overrides and "id_number" not in overrides:
            del payload["id_number"]
        payload.update(overrides)
        if person is not None:
            return self.backend.dossiers.open(self.user("commune_police_1"), self.as_form_of(payload), person=person)
        return self.open_recognising(self.user("commune_police_1"), self.as_form_of(payload))

    def open_recognising(self, user_id: int, payload: dict, procedure: str = "compulsory_rehab") -> int:
        """Open as an officer who recognises the person the look-up finds: when exactly one
        recorded person matches, "Lập hồ sơ cho người này" (the new dossier joins their history)."""
        try:
            return self.backend.dossiers.open(user_id, payload, procedure)
        except PersonCheckNeeded as check:
            if len(check.matches) != 1:
                raise
            choice = PersonChoice(person_id=check.matches[0].person_id)
            return self.backend.dossiers.open(user_id, payload, procedure, person=choice)

    def as_form_of(self, payload: dict, procedure: str = "compulsory_rehab") -> dict:
        """The payload cut to the fields of the open form of the regime of its discovery date
        (what the officer sees): the ground of Điều 32 is asked on the form before 01/07/2026."""
        bundle = self.backend.models.current
        definition = bundle.regimes.procedure_on(
            bundle.procedures[procedure], date.fromisoformat(payload["discovered_on"])
        )
        fields = OPEN_FORMS[definition.open_form]._declared_fields
        return {key: value for key, value in payload.items() if key in fields}

    def open_tasks(self, dossier_id: int) -> list[Task]:
        with self.backend.read_session() as session:
            return session.scalars(
                select(Task).where(Task.dossier_id == dossier_id, Task.state == "open").order_by(Task.id)
            ).all()

    def task(self, dossier_id: int, bpmn_id: str) -> Task:
        tasks = [t for t in self.open_tasks(dossier_id) if t.bpmn_id == bpmn_id]
        assert len(tasks) == 1, f"expected one open {bpmn_id}, open: {[t.bpmn_id for t in self.open_tasks(dossier_id)]}"
        return tasks[0]

    def complete(self, user_key: str, dossier_id: int, bpmn_id: str, data: dict, *, catch_up: bool = True) -> Task:
        """Complete a step as that officer, first uploading a scan of every document the
        step requires that the dossier lacks (what the officer does on the task page);
        `catch_up=False` keeps the clock where it is, to see an act in the future refused."""
        task = self.task(dossier_id, bpmn_id)
        self.provide_documents(user_key, dossier_id, task)
        if catch_up:
            self.catch_up_with(task, data)
        self.backend.tasks.complete(self.user(user_key), task.id, data)
        return task

    def catch_up_with(self, task: Task, data: dict) -> None:
        """Move the clock to the latest act the payload records when it is still ahead."""
        latest = latest_act(task.form, data)
        if latest is not None and latest > datetime.now(VN_TZ):
            self.traveller.move_to(latest)

    def provide_documents(self, user_key: str, dossier_id: int, task: Task) -> None:
        with self.backend.read_session() as session:
            dossier = session.get(Dossier, dossier_id)
            required = self.backend.models.current.task(dossier.process_id, task.bpmn_id).required_documents
            missing = [code for code in required if code not in present(session, dossier_id, required)]
        for code in missing:
            self.backend.documents.attach(self.user(user_key), dossier_id, code, f"{code}.pdf", SCAN)


class WebWorld(World):
    """The demo district behind the Flask app: `client(username)` is a signed-in test
    client, `advance` walks a dossier through the service API."""

    def __init__(self, app, backend: Backend, directory, traveller):
        super().__init__(backend, directory, traveller)
        self.app = app

    def user(self, key: str) -> int:
        if key == ADMIN:
            with self.backend.read_session() as session:
                return session.scalar(select(User.id).where(User.username == ADMIN))
        return self.directory.users[key]

    def client(self, key: str | None = None):
        """A test client, signed in as the officer `key` (a directory key or "admin")."""
        client = self.app.test_client()
        if key is not None:
            username = ADMIN if key == ADMIN else USERNAMES[key]
            response = client.post("/login", data={"username": username, "password": PASSWORD})
            assert response.status_code == 302, response.get_data(as_text=True)
        return client

    def advance(self, dossier_id: int, *steps: str) -> None:
        """Complete each step with its valid data; "timer" lets the due timers fire."""
        for step in steps:
            if step == "timer":
                assert self.backend.timers.fire_due() >= 1
            else:
                self.complete(ACTOR[step], dossier_id, step, step_data(step))
