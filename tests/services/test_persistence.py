"""Persistence: concurrent completions, long supplement loops, and instances that keep
the model version they started on."""

import shutil
import threading

import pytest
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from demo.steps import ACTOR, PREPARATION, data, regime_a_backend
from engine import WORKFLOWS_DIR, Conflict
from engine.persistence.tables import AuditEvent, ProcessInstance, ProcessSpecVersion


def step(world, dossier_id, bpmn_id, **overrides):
    return world.complete(ACTOR[bpmn_id], dossier_id, bpmn_id, data(bpmn_id, **overrides))


def test_two_concurrent_completions_one_wins(world):
    dossier_id = world.open()
    task = world.task(dossier_id, "record_violation")
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        barrier.wait()
        try:
            world.backend.tasks.complete(world.user("commune_police_1"), task.id, data("record_violation"))
            outcomes.append("ok")
        except Conflict as exc:
            outcomes.append(exc.message)

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=len)[0] == "ok"
    assert "đã được" in sorted(outcomes, key=len)[1]
    assert [t.bpmn_id for t in world.open_tasks(dossier_id)] == ["prepare_dossier"]
    with world.backend.read_session() as session:
        completions = session.scalars(
            select(AuditEvent).where(AuditEvent.dossier_id == dossier_id, AuditEvent.action == "task_completed")
        ).all()
    assert len(completions) == 1


def test_stale_instance_version_is_refused(world):
    """Optimistic locking: a writer holding an old copy of the instance cannot save over a newer one."""
    dossier_id = world.open()
    with world.backend.read_session() as reading:
        old_copy = reading.scalars(select(ProcessInstance).where(ProcessInstance.dossier_id == dossier_id)).one()
    step(world, dossier_id, "record_violation")
    with world.backend.write_session() as stale:
        stale.add(old_copy)
        old_copy.state = b""
        with pytest.raises(StaleDataError):
            stale.commit()
    assert [t.bpmn_id for t in world.open_tasks(dossier_id)] == ["prepare_dossier"]


def test_fifty_supplement_loops_still_run_and_save(world):
    dossier_id = world.open()
    for bpmn_id in PREPARATION:
        step(world, dossier_id, bpmn_id)
    world.travel("2026-02-25 08:00")
    world.backend.timers.fire_due()
    step(world, dossier_id, "send_to_labour_office")
    refusal = {
        "appraisal_result": "invalid",
        "letter_number": None,
        "proposed_facility": None,
        "missing_items": "Thiếu tài liệu.",
        "return_number": "03/LĐTBXH",
    }
    step(world, dossier_id, "appraise_dossier", **refusal)
    for _ in range(50):
        step(world, dossier_id, "supplement_dossier")
        step(world, dossier_id, "reappraise_dossier", **refusal)
    step(world, dossier_id, "supplement_dossier")
    step(world, dossier_id, "reappraise_dossier")
    assert [t.bpmn_id for t in world.open_tasks(dossier_id)] == ["court_intake"]


def test_running_instance_keeps_its_model_version(world, tmp_path):
    dossier_id = world.open()
    old_version = world.backend.models.current.version
    changed = tmp_path / "workflows"
    shutil.copytree(WORKFLOWS_DIR, changed)
    bpmn = changed / "compulsory_rehab.bpmn"
    bpmn.write_text(
        bpmn.read_text(encoding="utf-8").replace(
            'name="Lập hồ sơ đề nghị (Mẫu 29', 'name="Lập hồ sơ đề nghị – phiên bản mới (Mẫu 29', 1
        ),
        encoding="utf-8",
    )
    upgraded = regime_a_backend(str(world.backend.database.url), workflows_dir=changed)
    assert upgraded.models.current.version != old_version
    task = world.task(dossier_id, "record_violation")
    upgraded.tasks.complete(world.user("commune_police_1"), task.id, data("record_violation"))
    assert world.task(dossier_id, "prepare_dossier").name.startswith("Lập hồ sơ đề nghị (Mẫu 29")
    new_dossier = upgraded.dossiers.open(
        world.user("commune_police_1"),
        {
            "person_name": "Lê Văn Cường",
            "person_birth_date": "1988-01-02",
            "residence": "Thôn Tây",
            "commune_code": world.directory.communes[0],
            "discovered_on": "2026-02-09",
            "ground": "relapse_post_rehab",
            "stable_residence": True,
        },
    )
    upgraded.tasks.complete(
        world.user("commune_police_1"), world.task(new_dossier, "record_violation").id, data("record_violation")
    )
    assert "phiên bản mới" in world.task(new_dossier, "prepare_dossier").name
    with world.backend.read_session() as session:
        versions = set(session.scalars(select(ProcessSpecVersion.version)))
    assert versions == {old_version, upgraded.models.current.version}
    upgraded.database.dispose()
