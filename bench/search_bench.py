"""Dossier search benchmark: the dossier list's search (count and first page, as /dossiers
runs it through the read side) with N persons and N dossiers (default 100,000) spread over
the four demo communes, for a commune police officer (one commune's jurisdiction) and for
the administrator; beside each, a raw SQL baseline that reads the same index with the bare
match (no join, no jurisdiction, no ORM). Figures: median and 95th percentile in ms and the
ratio to the baseline; "found=1000+" is a count stopped at the cap ("hơn 1.000 hồ sơ").
Usage: .venv/bin/python bench/search_bench.py [--size N] [--repeat R]"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import time_machine
from sqlalchemy import insert, select

from demo.directory import seed_directory
from demo.steps import at, regime_a_backend
from engine import DossierFilters
from engine.persistence.tables import Dossier, DossierParty, Person, PersonNameWord, ProcessInstance, Task, User
from engine_bench import percentile
from forms.names import folded, name_words

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc", "Công", "Xuân"]
GIVEN = ["Hùng", "Dũng", "Bình", "An", "Mai", "Lan", "Hải", "Tâm", "Tuấn", "Sơn", "Long", "Hòa", "Phúc", "Nam"]
TARGET = "Nguyễn Văn Hùng Khải"
"""A name given to a handful of persons only; the other names are drawn from short lists,
so "tran thi lan" matches some tens of persons and "nguyen" one in fourteen."""


def fill(folder: Path, size: int, rng: random.Random):
    """The demo directory, one real dossier (its instance is copied), then `size` persons and
    dossiers in bulk: each with its parties and one open task at its commune police."""
    backend = regime_a_backend(f"sqlite:///{folder / 'search.sqlite'}")
    backend.create_schema()
    with backend.write_session() as session:
        directory = seed_directory(session, password_hash="bench")
        session.commit()
    backend.dossiers.open(
        directory.users["commune_police_1"],
        {
            "person_name": "Phạm Văn Đức",
            "person_birth_date": "1991-03-04",
            "residence": "Thôn Nam",
            "commune_code": directory.communes[0],
            "discovered_on": "2026-02-09",
            "ground": "quit_voluntary",
            "stable_residence": True,
        },
    )
    with backend.read_session() as session:
        instance = session.scalars(select(ProcessInstance)).one()
        task = session.scalars(select(Task)).one()
        template_instance = {c: getattr(instance, c) for c in ("process_id", "spec_version", "serializer_version")}
        template_instance |= {"state": instance.state, "created_at": instance.created_at}
        template_task = {
            c: getattr(task, c)
            for c in ("task_guid", "bpmn_id", "name", "lane", "role", "form", "legal_basis", "deadline_parameter")
        }
        template_task |= {c: getattr(task, c) for c in ("deadline_value", "deadline_unit", "deadline_status")}
    communes = directory.communes[:4]
    batch = 5000
    with backend.write_session() as session:
        for offset in range(0, size, batch):
            people, words, dossiers, parties, instances, tasks = [], [], [], [], [], []
            for i in range(offset, min(size, offset + batch)):
                key = i + 10
                name = TARGET if i % 20_000 == 7 else f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
                where = i % len(communes)
                created = at("2026-01-05 09:00") + timedelta(minutes=i)
                people.append(
                    {
                        "id": key,
                        "full_name": name,
                        "name_key": folded(name),
                        "birth_date": date(1970, 1, 1) + timedelta(days=rng.randint(0, 12_000)),
                        "id_number": f"0010{key:08d}",
                        "residence": "Thôn Đông",
                        "commune_code": communes[where],
                    }
                )
                words += [{"person_id": key, "word": word} for word in name_words(name)]
                dossiers.append(
                    {
                        "id": key,
                        "number": f"{key:06d}/2026/HS-CNBB",
                        "person_id": key,
                        "kind": "compulsory_rehab",
                        "process_id": "compulsory_rehab",
                        "regime": "A",
                        "status": "open",
                        "current_step": template_task["name"],
                        "commune_code": communes[where],
                        "discovered_on": date(2026, 1, 2),
                        "created_at": created,
                        "updated_at": created,
                    }
                )
                for role in ("commune_police", "commune_committee"):
                    agency = directory.agencies[f"{role}_{where + 1}"]
                    parties.append({"dossier_id": key, "role": role, "agency_id": agency})
                instances.append({"id": key, "dossier_id": key, "lock_version": 1, "updated_at": created})
                instances[-1] |= template_instance
                deadline = date(2026, 2, 1) + timedelta(days=rng.randint(0, 30))
                tasks.append(
                    template_task
                    | {
                        "instance_id": key,
                        "dossier_id": key,
                        "agency_id": directory.agencies[f"commune_police_{where + 1}"],
                        "state": "open",
                        "deadline_from_on": date(2026, 1, 5),
                        "deadline_on": deadline,
                        "deadline_sort": deadline,
                        "created_at": created,
                    }
                )
            for model, rows in (
                (Person, people),
                (PersonNameWord, words),
                (Dossier, dossiers),
                (DossierParty, parties),
                (ProcessInstance, instances),
                (Task, tasks),
            ):
                session.execute(insert(model), rows)
        session.commit()
        admin = User(username="admin", password_hash="bench", full_name="Quản trị", is_admin=True)
        session.add(admin)
        session.commit()
        users = {"commune_police_1": directory.users["commune_police_1"], "admin": admin.id}
    with sqlite3.connect(folder / "search.sqlite") as connection:
        connection.execute("ANALYZE")
    connection.close()
    return backend, users


def timed(call, repeat: int) -> tuple[float, float, object]:
    for _ in range(5):
        result = call()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), percentile(times, 0.95), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=100)
    args = parser.parse_args()
    print("# search benchmark: SQLite file, 1 process; times in ms", flush=True)
    with tempfile.TemporaryDirectory() as folder, time_machine.travel(at("2026-02-10 09:00"), tick=False):
        started = time.perf_counter()
        backend, users = fill(Path(folder), args.size, random.Random(20260210))
        filled = time.perf_counter() - started
        print(f"N={args.size} persons={args.size} dossiers={args.size} fill_seconds {filled:.1f}", flush=True)
        raw = sqlite3.connect(Path(folder) / "search.sqlite")
        last = chr(0x10FFFF)

        def words(*starts: str) -> tuple[str, ...]:
            return tuple(bound for start in starts for bound in (start, start + last))

        by_word = "SELECT person_id FROM person_name_word WHERE word >= ? AND word < ?"
        both = f"{by_word} INTERSECT {by_word}"
        searches = {
            # kind: (query, raw SQL on the same index, its parameters)
            "name": ("nguyen van hung khai", f"{both} INTERSECT {both}", words("nguyen", "van", "hung", "khai")),
            "name_common": ("tran thi lan", f"{both} INTERSECT {by_word}", words("tran", "thi", "lan")),
            "name_one_word": ("nguyen", by_word, words("nguyen")),
            "name_inner_word": ("hung", by_word, words("hung")),
            "name_two_words": ("van hung", both, words("van", "hung")),
            "name_first_last": ("nguyen hung", both, words("nguyen", "hung")),
            "cccd": ("001000054321", "SELECT id FROM person WHERE id_number = ?", ("001000054321",)),
            "cccd_prefix": (
                "0010000543",
                "SELECT id FROM person WHERE id_number >= ? AND id_number < ?",
                ("0010000543", "0010000543" + last),
            ),
            "number": (
                "54321/2026",
                "SELECT id FROM dossier WHERE number >= ? AND number < ?",
                ("054321/2026", "054321/2026" + last),
            ),
        }
        for kind, (query, sql, parameters) in searches.items():
            base_median, base_p95, _ = timed(lambda s=sql, p=parameters: raw.execute(s, p).fetchall(), args.repeat)
            for who, user_id in users.items():
                filters = DossierFilters(q=query)
                median, p95, page = timed(lambda u=user_id, f=filters: backend.queries.dossiers(u, f), args.repeat)
                print(
                    f"N={args.size} search_ms kind={kind} user={who} median={median:.2f} p95={p95:.2f} "
                    f"found={page.total}{'+' if page.more else ''} raw_median={base_median:.2f} raw_p95={base_p95:.2f} "
                    f"ratio={median / base_median if base_median else float('inf'):.1f}",
                    flush=True,
                )
        raw.close()
        backend.database.dispose()


if __name__ == "__main__":
    main()
