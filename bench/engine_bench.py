"""Engine benchmark: prints one figure per line at each stated size.

For N open dossiers spread over every stage of the compulsory-rehab model (Regime A, run on
2026 dates with the regime table of the tests, demo.steps.REGIME_A_ONLY):
  - the inbox query "open tasks of one agency, first 50 by deadline";
  - one persisted task completion (load + step + save + projection + timer index + audit);
  - full-lifecycle dossiers per second through the engine;
and, in the same run, the same step on raw in-memory SpiffWorkflow for comparison.

The first 60 dossiers are driven through the engine to their stages; the rest are copies
of those rows (real serialized workflows, real task rows with shifted deadlines), which is
how 100,000 dossiers are reached in a couple of minutes. Usage:
    .venv/bin/python bench/engine_bench.py [--sizes 1000,10000,100000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

import time_machine
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import insert, select

from demo.directory import seed_directory
from demo.scan import SAMPLE_SCAN as SCAN
from demo.steps import ACTOR, PREPARATION, at, data, latest_act, regime_a_backend
from engine import Backend, PersonChoice
from engine.clock import VN_TZ
from engine.persistence.tables import Dossier, DossierParty, Person, ProcessInstance, Task
from engine.runtime.expressions import timer_at

HAPPY_PATH = [
    "send_to_labour_office",
    "appraise_dossier",
    "court_intake",
    "notify_acceptance",
    "order_session",
    "hold_session",
    "send_decision",
]
AFTER_COMPLAINT_WINDOW = ["confirm_legal_effect", "escort_to_facility", "receive_at_facility"]


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


class Bench:
    def __init__(self, folder: Path, traveller):
        self.traveller = traveller
        """Moved to each step's act date: the forms refuse acts in the future."""
        self.backend = regime_a_backend(f"sqlite:///{folder / 'bench.sqlite'}")
        self.backend.create_schema()
        with self.backend.write_session() as session:
            self.directory = seed_directory(session, password_hash="bench")
            session.commit()
        self.person_id: int | None = None

    def open(self) -> int:
        """A new dossier of the bench's one person (recorded by the first opening)."""
        dossier_id = self.backend.dossiers.open(
            self.directory.users["commune_police_1"],
            {
                "person_name": "Phạm Văn Đức",
                "person_birth_date": "1991-03-04",
                "residence": "Thôn Nam",
                "commune_code": self.directory.communes[0],
                "discovered_on": "2026-02-09",
                "ground": "quit_voluntary",
                "stable_residence": True,
            },
            person=PersonChoice(person_id=self.person_id) if self.person_id else None,
        )
        if not self.person_id:
            with self.backend.read_session() as session:
                self.person_id = session.get_one(Dossier, dossier_id).person_id
        return dossier_id

    def open_task(self, dossier_id: int, bpmn_id: str) -> int:
        with self.backend.read_session() as session:
            return session.scalar(
                select(Task.id).where(Task.dossier_id == dossier_id, Task.bpmn_id == bpmn_id, Task.state == "open")
            )

    def step(self, dossier_id: int, bpmn_id: str) -> float:
        """One persisted task completion, timed; scans the step requires are uploaded first
        (outside the timing), as the officer would."""
        task_id = self.open_task(dossier_id, bpmn_id)
        officer = self.directory.users[ACTOR[bpmn_id]]
        for code in self.backend.models.current.task("compulsory_rehab", bpmn_id).required_documents:
            self.backend.documents.attach(officer, dossier_id, code, f"{code}.pdf", SCAN)
        payload = data(bpmn_id)
        latest = latest_act(self.backend.models.current.task("compulsory_rehab", bpmn_id).form, payload)
        if latest is not None and latest > datetime.now(VN_TZ):
            self.traveller.move_to(latest)
        started = time.perf_counter()
        self.backend.tasks.complete(self.directory.users[ACTOR[bpmn_id]], task_id, payload)
        return time.perf_counter() - started

    def templates(self, traveller) -> list[int]:
        """60 dossiers stopped at every stage of the model."""
        stages = []
        traveller.move_to(at("2026-02-10 09:00"))
        for stop in range(len(PREPARATION) + 1):
            for _ in range(5):
                dossier_id = self.open()
                for bpmn_id in PREPARATION[:stop]:
                    self.step(dossier_id, bpmn_id)
                stages.append(dossier_id)
        waiting = [self.open() for _ in range(40)]
        for dossier_id in waiting:
            for bpmn_id in PREPARATION:
                self.step(dossier_id, bpmn_id)
        traveller.move_to(at("2026-02-25 08:00"))
        self.backend.timers.fire_due(limit=1000)
        for index, dossier_id in enumerate(waiting):
            for bpmn_id in HAPPY_PATH[: index % len(HAPPY_PATH)]:
                self.step(dossier_id, bpmn_id)
        return stages + waiting

    def clone(self, templates: list[int], count: int, rng: random.Random) -> None:
        """Copy the template dossiers' rows until `count` more dossiers exist."""
        with self.backend.read_session() as session:
            sources = []
            for dossier_id in templates:
                dossier = session.get(Dossier, dossier_id)
                sources.append(
                    (
                        dossier,
                        dossier.person,
                        session.scalars(select(DossierParty).where(DossierParty.dossier_id == dossier_id)).all(),
                        session.scalars(select(ProcessInstance).where(ProcessInstance.dossier_id == dossier_id)).one(),
                        session.scalars(select(Task).where(Task.dossier_id == dossier_id)).all(),
                    )
                )
            next_id = {
                table: (session.scalar(select(model.id).order_by(model.id.desc()).limit(1)) or 0) + 1
                for table, model in (
                    ("person", Person),
                    ("dossier", Dossier),
                    ("instance", ProcessInstance),
                    ("task", Task),
                )
            }
        batch = 5000
        with self.backend.write_session() as session:
            for offset in range(0, count, batch):
                people, dossiers, parties, instances, tasks = [], [], [], [], []
                for i in range(offset, min(count, offset + batch)):
                    dossier, person, party_rows, instance, task_rows = sources[i % len(sources)]
                    pid, did, iid = next_id["person"] + i, next_id["dossier"] + i, next_id["instance"] + i
                    people.append(
                        {
                            "id": pid,
                            "full_name": f"{person.full_name} {i}",
                            "birth_date": person.birth_date,
                            "id_number": None,
                            "residence": person.residence,
                            "commune_code": person.commune_code,
                        }
                    )
                    dossiers.append(
                        {
                            "id": did,
                            "number": f"B{did:07d}/2026/HS-CNBB",
                            "person_id": pid,
                            "kind": dossier.kind,
                            "process_id": dossier.process_id,
                            "regime": dossier.regime,
                            "status": dossier.status,
                            "current_step": dossier.current_step,
                            "commune_code": dossier.commune_code,
                            "discovered_on": dossier.discovered_on,
                            "created_at": dossier.created_at,
                            "updated_at": dossier.updated_at,
                        }
                    )
                    parties.extend({"dossier_id": did, "role": p.role, "agency_id": p.agency_id} for p in party_rows)
                    instances.append(
                        {
                            "id": iid,
                            "dossier_id": did,
                            "process_id": instance.process_id,
                            "spec_version": instance.spec_version,
                            "serializer_version": instance.serializer_version,
                            "state": instance.state,
                            "lock_version": 1,
                            "status": instance.status,
                            "next_timer_at": instance.next_timer_at,
                            "created_at": instance.created_at,
                            "updated_at": instance.updated_at,
                        }
                    )
                    shift = timedelta(days=rng.randint(-20, 20))
                    for t in task_rows:
                        row = {
                            c: getattr(t, c)
                            for c in (
                                "task_guid",
                                "bpmn_id",
                                "name",
                                "lane",
                                "role",
                                "agency_id",
                                "form",
                                "state",
                                "legal_basis",
                                "deadline_parameter",
                                "deadline_value",
                                "deadline_unit",
                                "deadline_status",
                                "deadline_from_on",
                                "deadline_on",
                                "deadline_sort",
                                "created_at",
                                "completed_at",
                            )
                        }
                        row.update(instance_id=iid, dossier_id=did)
                        if t.deadline_on is not None:
                            row.update(deadline_on=t.deadline_on + shift, deadline_sort=t.deadline_on + shift)
                        tasks.append(row)
                for model, rows in (
                    (Person, people),
                    (Dossier, dossiers),
                    (DossierParty, parties),
                    (ProcessInstance, instances),
                    (Task, tasks),
                ):
                    session.execute(insert(model), rows)
            session.commit()

    def inbox_query_ms(self, agency_key: str, repeat: int = 300) -> tuple[float, float, int]:
        agency_id = self.directory.agencies[agency_key]
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            rows = self.backend.queries.open_tasks(agency_id, limit=50)
            times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times), percentile(times, 0.95), len(rows)

    def completion_ms(self, traveller, samples: int = 60) -> tuple[float, float]:
        traveller.move_to(at("2026-02-10 09:00"))
        dossiers = [self.open() for _ in range(samples)]
        times = [self.step(dossier_id, "record_violation") * 1000 for dossier_id in dossiers]
        return statistics.median(times), percentile(times, 0.95)

    def lifecycles_per_second(self, traveller, count: int = 20) -> float:
        started = time.perf_counter()
        traveller.move_to(at("2026-02-10 09:00"))
        dossiers = [self.open() for _ in range(count)]
        for dossier_id in dossiers:
            for bpmn_id in PREPARATION:
                self.step(dossier_id, bpmn_id)
        traveller.move_to(at("2026-02-25 08:00"))
        self.backend.timers.fire_due(limit=10_000)
        for dossier_id in dossiers:
            for bpmn_id in HAPPY_PATH:
                self.step(dossier_id, bpmn_id)
        traveller.move_to(at("2026-03-13 08:00"))
        self.backend.timers.fire_due(limit=10_000)
        for dossier_id in dossiers:
            for bpmn_id in AFTER_COMPLAINT_WINDOW:
                self.step(dossier_id, bpmn_id)
        return count / (time.perf_counter() - started)


def raw_spiff_step_ms(backend: Backend, samples: int = 300) -> tuple[float, float]:
    """The same first step on raw in-memory SpiffWorkflow: no database, no projection."""
    spec, subprocess_specs = backend.models.current.spec("compulsory_rehab")
    script_engine = PythonScriptEngine(
        environment=TaskDataEnvironment({"deadline_date": lambda name, start: start, "timer_at": timer_at})
    )
    times = []
    for _ in range(samples):
        workflow = BpmnWorkflow(spec, subprocess_specs, script_engine=script_engine)
        workflow.get_next_task(state=TaskState.READY).data.update(
            discovered_on="2026-02-09", person_age=34, stable_residence=True, ground="quit_voluntary"
        )
        workflow.do_engine_steps()
        started = time.perf_counter()
        task = workflow.get_next_task(state=TaskState.READY, manual=True)
        task.set_data(**data("record_violation"))
        task.run()
        workflow.do_engine_steps()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), percentile(times, 0.95)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args()
    rng = random.Random(20260210)
    print("# engine benchmark: SQLite file, 1 process; times in ms unless stated", flush=True)
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder, time_machine.travel(at("2026-02-10 09:00"), tick=False) as tm:
            bench = Bench(Path(folder), tm)
            started = time.perf_counter()
            templates = bench.templates(tm)
            bench.clone(templates, size - len(templates), rng)
            print(f"N={size} fill_seconds {time.perf_counter() - started:.1f}", flush=True)
            for agency in ("labour_office", "commune_police_1"):
                median, p95, rows = bench.inbox_query_ms(agency)
                print(
                    f"N={size} inbox_query_first50_ms agency={agency} median={median:.3f} p95={p95:.3f} rows={rows}",
                    flush=True,
                )
            median, p95 = bench.completion_ms(tm)
            print(f"N={size} task_completion_persisted_ms median={median:.2f} p95={p95:.2f}", flush=True)
            print(f"N={size} full_lifecycle_dossiers_per_second {bench.lifecycles_per_second(tm):.1f}", flush=True)
            median, p95 = raw_spiff_step_ms(bench.backend)
            print(f"N={size} raw_spiffworkflow_step_ms median={median:.3f} p95={p95:.3f}", flush=True)
            bench.backend.database.dispose()


if __name__ == "__main__":
    main()
