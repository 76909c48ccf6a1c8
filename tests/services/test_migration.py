"""Moving running dossiers to a newer model version: the safety rule of SpiffWorkflow's
diff utilities, one transaction per dossier, dry runs, the command line and the admin page.
A second model version is a copy of workflows/ with one BPMN edited, loaded by a second
engine on the same database (as test_persistence does)."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import func, select

from demo.steps import ACTOR, PREPARATION, data, regime_a_backend
from engine import WORKFLOWS_DIR, Backend, Forbidden
from engine.persistence.audit import chain_is_intact
from engine.persistence.tables import AuditEvent, Dossier, ProcessInstance, ProcessSpecVersion, Task
from engine.services.versions import CURRENT, FAILED, MIGRATED, NOT_FOUND, REFUSED

SEND_OLD = "Gửi văn bản đề nghị kèm hồ sơ đến Phòng LĐTBXH cấp huyện"
SEND_NEW = "Gửi hồ sơ đề nghị đến Phòng LĐTBXH cấp huyện (phiên bản mới)"
SEND_BASIS = "Khoản 3, khoản 4 Điều 42 Nghị định 116/2021/NĐ-CP"
RECORD_OLD = "Lập biên bản vi phạm (Mẫu số 27)"
RECORD_NEW = "Lập biên bản vi phạm hành chính (Mẫu số 27)"
PREPARE_OLD = "Lập hồ sơ đề nghị (Mẫu 29, 30, 31, phiếu kết quả xác định tình trạng nghiện)"

RELABEL_SEND = [
    (f'name="{SEND_OLD}"', f'name="{SEND_NEW}"'),
    (f'value="{SEND_BASIS}"', f'value="{SEND_BASIS} (sửa đổi)"'),
]
RELABEL_RECORD = [(f'name="{RECORD_OLD}"', f'name="{RECORD_NEW}"')]
RELABEL_PREPARE = [(f'name="{PREPARE_OLD}"', 'name="Lập hồ sơ đề nghị – phiên bản mới"')]


@pytest.fixture
def versions(world, tmp_path):
    """`versions(edits)` is an engine on the same database whose compulsory_rehab.bpmn
    (or another file) has the given (old, new) replacements."""
    made = []

    def make(edits, filename="compulsory_rehab.bpmn", extra=()):
        folder = tmp_path / f"workflows_v{len(made) + 2}"
        shutil.copytree(WORKFLOWS_DIR, folder)
        for name, replacements in [(filename, edits), *extra]:
            path = folder / name
            text = path.read_text(encoding="utf-8")
            for old, new in replacements:
                assert old in text, old
                text = text.replace(old, new)
            path.write_text(text, encoding="utf-8")
        backend = regime_a_backend(str(world.backend.database.url), workflows_dir=folder)
        backend.settings.refresh()
        assert backend.models.current.version != world.backend.models.current.version
        made.append(backend)
        return backend

    yield make
    for backend in made:
        backend.database.dispose()


def on(world, backend: Backend):
    """The same district and clock, driven by another backend (model version)."""
    return type(world)(backend, world.directory, world.traveller)


def step(world, dossier_id, bpmn_id, **overrides):
    return world.complete(ACTOR[bpmn_id], dossier_id, bpmn_id, data(bpmn_id, **overrides))


def snapshot(world, dossier_id):
    """Everything a refused or dry-run migration must leave exactly as it was."""
    with world.backend.read_session() as session:
        instance = session.scalars(select(ProcessInstance).where(ProcessInstance.dossier_id == dossier_id)).one()
        tasks = session.scalars(select(Task).where(Task.dossier_id == dossier_id).order_by(Task.id)).all()
        dossier = session.get(Dossier, dossier_id)
        return {
            "instance": (
                instance.state,
                instance.lock_version,
                instance.spec_version,
                instance.status,
                instance.updated_at,
                instance.next_timer_at,
            ),
            "tasks": [{c.name: getattr(t, c.name) for c in Task.__table__.columns} for t in tasks],
            "dossier": (dossier.updated_at, dossier.current_step, dossier.status),
            "audit": session.scalar(
                select(func.count()).select_from(AuditEvent).where(AuditEvent.dossier_id == dossier_id)
            ),
            "versions": set(session.scalars(select(ProcessSpecVersion.version))),
        }


def instance_of(world, dossier_id) -> ProcessInstance:
    with world.backend.read_session() as session:
        return session.scalars(select(ProcessInstance).where(ProcessInstance.dossier_id == dossier_id)).one()


def audit_events(world, dossier_id, action):
    with world.backend.read_session() as session:
        return session.scalars(
            select(AuditEvent).where(AuditEvent.dossier_id == dossier_id, AuditEvent.action == action)
        ).all()


def test_a_change_to_a_step_not_reached_yet_is_migrated_and_the_dossier_runs_to_the_end(world, versions):
    dossier_id = world.open()
    first = world.task(dossier_id, "record_violation")
    before = instance_of(world, dossier_id)
    v2 = versions(RELABEL_SEND)

    report = v2.versions.migrate(world.user("admin"), [dossier_id])

    entry = report.entries[0]
    assert (entry.outcome, entry.reasons) == (MIGRATED, [])
    assert entry.changed == [f"{SEND_OLD} → {SEND_NEW}"] and entry.added == entry.removed == []
    assert entry.from_version == world.backend.models.current.version == before.spec_version
    after = instance_of(world, dossier_id)
    assert after.spec_version == v2.models.current.version and after.lock_version == before.lock_version + 1
    # The open step did not change: same row, same deadline.
    [still] = world.open_tasks(dossier_id)
    assert (still.id, still.name, still.deadline_on, still.state) == (first.id, RECORD_OLD, first.deadline_on, "open")
    [event] = audit_events(world, dossier_id, "instance_migrated")
    assert event.actor_id == world.user("admin")
    assert event.data["from_version"] == before.spec_version and event.data["to_version"] == v2.models.current.version
    assert list(event.data["changed"]) == [f"{SEND_OLD} → {SEND_NEW}"]
    assert "bpmn_name" in event.data["changed"][f"{SEND_OLD} → {SEND_NEW}"]

    # The later steps follow the new version; the dossier runs to its end on it.
    new = on(world, v2)
    for bpmn_id in PREPARATION:
        step(new, dossier_id, bpmn_id)
    world.travel("2026-02-25 08:00")
    assert v2.timers.fire_due() == 1
    sending = new.task(dossier_id, "send_to_labour_office")
    assert sending.name == SEND_NEW and sending.legal_basis == f"{SEND_BASIS} (sửa đổi)"
    step(new, dossier_id, "send_to_labour_office")
    step(new, dossier_id, "appraise_dossier")
    world.travel("2026-02-26 09:00")
    for bpmn_id in ("court_intake", "notify_acceptance", "order_session", "hold_session", "send_decision"):
        step(new, dossier_id, bpmn_id)
    world.travel("2026-03-13 08:00")
    assert v2.timers.fire_due() == 1
    for bpmn_id in ("confirm_legal_effect", "escort_to_facility", "receive_at_facility"):
        step(new, dossier_id, bpmn_id)
    with world.backend.read_session() as session:
        closed = session.get(Dossier, dossier_id)
        assert (closed.status, closed.outcome) == ("closed", "admitted")
        assert chain_is_intact(session, dossier_id)
    assert instance_of(world, dossier_id).spec_version == v2.models.current.version


def test_a_relabelled_open_step_keeps_its_row_claim_and_deadline(world, versions):
    dossier_id = world.open()
    first = world.task(dossier_id, "record_violation")
    world.backend.tasks.claim(world.user("commune_police_1"), first.id)
    v2 = versions(RELABEL_RECORD)

    entry = v2.versions.migrate(world.user("admin"), [dossier_id]).entries[0]

    assert entry.outcome == MIGRATED
    [row] = world.open_tasks(dossier_id)
    assert (row.id, row.task_guid, row.name) == (first.id, first.task_guid, RECORD_NEW)
    assert (row.deadline_on, row.deadline_from_on, row.created_at) == (
        first.deadline_on,
        first.deadline_from_on,
        first.created_at,
    )
    assert row.claimed_by_id == world.user("commune_police_1")
    assert any(RECORD_NEW in note for note in entry.notes)
    step(on(world, v2), dossier_id, "record_violation")
    assert [t.bpmn_id for t in world.open_tasks(dossier_id)] == ["prepare_dossier"]


def test_a_change_to_a_completed_step_is_refused_and_nothing_moves(world, versions):
    dossier_id = world.open()
    step(world, dossier_id, "record_violation")
    v2 = versions(RELABEL_RECORD)
    before = snapshot(world, dossier_id)

    report = v2.versions.migrate(world.user("admin"), [dossier_id])

    entry = report.entries[0]
    assert entry.outcome == REFUSED
    assert entry.reasons == [f"Bước «{RECORD_OLD}» đã hoàn thành nhưng đã bị sửa trong phiên bản mới"]
    assert entry.changed == [f"{RECORD_OLD} → {RECORD_NEW}"]
    assert snapshot(world, dossier_id) == before  # state bytes, lock_version, version, task rows, audit
    # The dossier goes on, on its own version.
    step(world, dossier_id, "prepare_dossier")
    assert instance_of(world, dossier_id).spec_version == world.backend.models.current.version


def test_a_process_missing_from_the_new_version_is_refused(world, versions):
    dossier_id = world.open()
    renamed = [
        ('<bpmn:process id="compulsory_rehab"', '<bpmn:process id="compulsory_rehab_2025"'),
        ('processRef="compulsory_rehab"', 'processRef="compulsory_rehab_2025"'),
    ]
    v2 = versions(renamed, extra=[("procedures.toml", [("[compulsory_rehab]", "[compulsory_rehab_2025]")])])
    before = snapshot(world, dossier_id)

    entry = v2.versions.migrate(world.user("admin"), [dossier_id]).entries[0]

    assert (entry.outcome, entry.reasons) == (REFUSED, ["Quy trình không còn trong phiên bản mô hình mới"])
    assert snapshot(world, dossier_id) == before


def test_a_selection_gives_one_report_and_a_refusal_does_not_stop_the_others(world, versions):
    unsafe = world.open()
    step(world, unsafe, "record_violation")
    step(world, unsafe, "prepare_dossier")
    safe = world.open(person_name="Trần Văn An", id_number="001090099999")
    closed = world.open(person_name="Phạm Văn Tư", id_number="001090088888")
    with world.backend.write_session() as session:  # a dossier whose process has ended
        session.scalars(select(ProcessInstance).where(ProcessInstance.dossier_id == closed)).one().status = "completed"
        session.commit()
    v2 = versions(RELABEL_PREPARE)
    current = on(world, v2).open(person_name="Lê Thị Ba", id_number="001090077777")
    unsafe_before = snapshot(world, unsafe)

    report = v2.versions.migrate(world.user("admin"), [unsafe, safe, current, closed, 999999])

    outcomes = [(e.dossier_id, e.outcome) for e in report.entries]
    assert outcomes == [
        (unsafe, REFUSED),
        (safe, MIGRATED),
        (current, CURRENT),
        (closed, NOT_FOUND),
        (999999, NOT_FOUND),
    ]
    assert report.entries[0].reasons == [f"Bước «{PREPARE_OLD}» đã hoàn thành nhưng đã bị sửa trong phiên bản mới"]
    assert report.entries[3].reasons == ["Hồ sơ không có quy trình đang chạy"]
    assert report.entries[4].reasons == ["Không tìm thấy hồ sơ"]
    assert report.counts() == {MIGRATED: 1, REFUSED: 1, CURRENT: 1, NOT_FOUND: 2, FAILED: 0}
    assert snapshot(world, unsafe) == unsafe_before
    assert instance_of(world, safe).spec_version == v2.models.current.version
    assert len(audit_events(world, safe, "instance_migrated")) == 1
    assert audit_events(world, current, "instance_migrated") == []
    text = "\n".join(report.lines())
    assert "Không chuyển được" in text and "Đã chuyển" in text and "Đã ở phiên bản hiện hành" in text


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(world, versions):
    dossier_id = world.open()
    v2 = versions(RELABEL_SEND)
    before = snapshot(world, dossier_id)

    report = v2.versions.migrate(world.user("admin"), [dossier_id], dry_run=True)

    assert report.dry_run and report.entries[0].outcome == MIGRATED
    assert report.label(MIGRATED) == "Chuyển được" and report.entries[0].changed == [f"{SEND_OLD} → {SEND_NEW}"]
    after = snapshot(world, dossier_id)
    assert after == before
    assert v2.models.current.version not in after["versions"]  # not even the new version was stored
    # The real run afterwards still works.
    assert v2.versions.migrate(world.user("admin"), [dossier_id]).entries[0].outcome == MIGRATED
    assert instance_of(world, dossier_id).spec_version == v2.models.current.version


def test_only_an_administrator_may_migrate(world, versions):
    dossier_id = world.open()
    v2 = versions(RELABEL_SEND)
    before = snapshot(world, dossier_id)
    with pytest.raises(Forbidden):
        v2.versions.migrate(world.user("commune_police_1"), [dossier_id])
    assert snapshot(world, dossier_id) == before


def test_a_failure_rolls_back_that_dossier_only(world, versions, monkeypatch):
    broken, fine = world.open(), world.open(person_name="Trần Văn An", id_number="001090099999")
    v2 = versions(RELABEL_SEND)
    before = snapshot(world, broken)
    real_save = v2.dossiers.settle

    def failing_save(session, instance, *args, **kwargs):
        real_save(session, instance, *args, **kwargs)
        if instance.dossier_id == broken:
            raise RuntimeError("đĩa đầy")

    monkeypatch.setattr(v2.dossiers, "settle", failing_save)
    report = v2.versions.migrate(world.user("admin"), [broken, fine])
    assert [e.outcome for e in report.entries] == [FAILED, MIGRATED]
    assert "đĩa đầy" in report.entries[0].reason
    after = snapshot(world, broken)
    assert after["versions"] == before["versions"] | {v2.models.current.version}  # stored by the other dossier
    assert {**after, "versions": None} == {**before, "versions": None}


# ----- command line and admin page ----------------------------------------------------------


def upgrade_app(web, tmp_path, edits) -> Backend:
    """Put a second model version behind the running app, as a deployment would."""
    folder = tmp_path / "workflows_v2"
    shutil.copytree(WORKFLOWS_DIR, folder)
    path = folder / "compulsory_rehab.bpmn"
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    backend = regime_a_backend(web.app.config["DATABASE_URL"], workflows_dir=folder)
    backend.settings.refresh()
    web.app.extensions["backend"] = web.backend = backend
    web.queries = backend.queries
    return backend


def number_of(web, dossier_id) -> str:
    with web.backend.read_session() as session:
        return session.get(Dossier, dossier_id).number


def test_command_line_previews_then_migrates(web, tmp_path):
    safe = web.open()
    unsafe = web.open(person_name="Trần Văn An", id_number="001090099999")
    web.advance(unsafe, "record_violation")
    old_engine = web.backend
    v2 = upgrade_app(web, tmp_path, RELABEL_RECORD)
    try:
        runner = web.app.test_cli_runner()
        preview = runner.invoke(args=["migrate-dossiers", "--dry-run", number_of(web, safe), "999999/2026/XX"])
        assert preview.exit_code == 0, preview.output
        assert "Xem trước" in preview.output
        assert f"{number_of(web, safe)}: Chuyển được" in preview.output
        assert "Không có hồ sơ số 999999/2026/XX" in preview.output
        assert instance_of(web, safe).spec_version == old_engine.models.current.version

        result = runner.invoke(args=["migrate-dossiers", "--all-running"])
        assert result.exit_code == 0, result.output
        assert f"{number_of(web, safe)}: Đã chuyển" in result.output
        assert f"{number_of(web, unsafe)}: Không chuyển được" in result.output
        assert f"Bước «{RECORD_OLD}» đã hoàn thành nhưng đã bị sửa trong phiên bản mới" in result.output
        assert "Tổng: 1 đã chuyển, 1 không chuyển được." in result.output
        assert instance_of(web, safe).spec_version == v2.models.current.version
        assert web.app.test_cli_runner().invoke(args=["migrate-dossiers"]).exit_code != 0  # nothing selected
    finally:
        v2.database.dispose()


def test_admin_page_lists_stale_dossiers_and_shows_the_report(web, tmp_path):
    safe = web.open()
    unsafe = web.open(person_name="Trần Văn An", id_number="001090099999")
    web.advance(unsafe, "record_violation")
    old_version = web.backend.models.current.version
    v2 = upgrade_app(web, tmp_path, RELABEL_RECORD)
    try:
        officer = web.client("commune_police_1")
        assert officer.get("/admin/migration/").status_code == 403
        with web.backend.read_session() as session:
            assert (
                session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "access_denied"))
                == 1
            )
        assert officer.post("/admin/migration/", data={"dossier_id": safe, "action": "migrate"}).status_code == 403
        assert instance_of(web, safe).spec_version == old_version

        admin = web.client("admin")
        page = admin.get("/admin/migration/").get_data(as_text=True)
        assert "Chuyển phiên bản mô hình" in page  # the nav link and the title
        for dossier_id in (safe, unsafe):
            assert f'name="dossier_id" value="{dossier_id}"' in page
            assert number_of(web, dossier_id) in page
        assert old_version[:12] in page and "Xem trước" in page

        preview = admin.post("/admin/migration/", data={"dossier_id": [safe, unsafe], "action": "preview"})
        text = preview.get_data(as_text=True)
        assert preview.status_code == 200 and "Kết quả xem trước" in text
        assert 'data-outcome="migrated"' in text and 'data-outcome="refused"' in text
        assert f'value="{safe}" id="d-{safe}" checked' in text  # still ticked, ready to move
        assert instance_of(web, safe).spec_version == old_version

        done = admin.post("/admin/migration/", data={"dossier_id": [safe, unsafe], "action": "migrate"})
        text = done.get_data(as_text=True)
        assert "Kết quả chuyển phiên bản" in text and "Đã chuyển" in text
        assert f"Bước «{RECORD_OLD}» đã hoàn thành nhưng đã bị sửa trong phiên bản mới" in text
        assert instance_of(web, safe).spec_version == v2.models.current.version
        assert instance_of(web, unsafe).spec_version == old_version
        page = admin.get("/admin/migration/").get_data(as_text=True)
        assert f'name="dossier_id" value="{safe}"' not in page and f'name="dossier_id" value="{unsafe}"' in page
        dossier_page = admin.get(f"/dossiers/{safe}").get_data(as_text=True)
        assert "Chuyển quy trình sang phiên bản mô hình" in dossier_page

        web.app.config["WTF_CSRF_ENABLED"] = True  # a POST without the form's token does nothing
        assert admin.post("/admin/migration/", data={"dossier_id": unsafe, "action": "migrate"}).status_code == 302
    finally:
        v2.database.dispose()


def test_a_dossier_waiting_on_a_legal_period_keeps_its_timer(world, versions):
    dossier_id = world.open()
    for bpmn_id in PREPARATION:
        step(world, dossier_id, bpmn_id)
    before = instance_of(world, dossier_id)
    assert world.open_tasks(dossier_id) == [] and before.next_timer_at is not None
    v2 = versions(RELABEL_SEND)

    entry = v2.versions.migrate(world.user("admin"), [dossier_id]).entries[0]

    assert entry.outcome == MIGRATED
    assert instance_of(world, dossier_id).next_timer_at == before.next_timer_at  # the reading period is not restarted
    world.travel("2026-02-24 23:59")
    assert v2.timers.fire_due() == 0
    world.travel("2026-02-25 08:00")
    assert v2.timers.fire_due() == 1
    assert on(world, v2).task(dossier_id, "send_to_labour_office").name == SEND_NEW
