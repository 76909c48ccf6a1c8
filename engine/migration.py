"""Moving running dossiers to the current model version.

A dossier keeps the model version it started on (`process_instance.spec_version`). When
the models in workflows/ change, an administrator may move running dossiers to the new
version where that is safe, with SpiffWorkflow's diff utilities (see
shared/reference/workflow-engines.md §1.15):

* `diff_workflow` aligns the instance's tasks with the new process spec (by BPMN id, then
  by structure) and lists the tasks whose spec changed or was removed;
* the safety rule of SpiffWorkflow's `can_migrate` (docs/bpmn/diffs.rst): refuse when any
  changed or removed task is COMPLETED or STARTED, when a subprocess has no counterpart in
  the new version, or here also when the process itself is gone;
* `migrate_workflow` with SpiffArena's reset mask READY|WAITING|STARTED re-predicts what
  comes after the current steps from the new spec.

Each dossier is one transaction: a refusal or a failure rolls back and leaves the instance
row and its task rows exactly as they were; a dry run does the whole migration and rolls
back too, so it reports what would really happen."""
from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError
from SpiffWorkflow.bpmn.util.diff import SpecDiff, diff_dependencies, diff_workflow, filter_tasks, migrate_workflow
from SpiffWorkflow.util.task import TaskState

from . import audit
from .clock import VN_TZ, now
from .errors import EngineError, Forbidden
from .orm import Dossier, ProcessInstance, ProcessSpecVersion, Task, User

log = logging.getLogger(__name__)

RESET_MASK = TaskState.READY | TaskState.WAITING | TaskState.STARTED
"""Tasks whose children are dropped and predicted again from the new spec (SpiffArena's mask)."""
UNSAFE = TaskState.COMPLETED | TaskState.STARTED
"""A changed or removed task in one of these states blocks the migration."""

MIGRATED, REFUSED, CURRENT, NOT_FOUND, FAILED = "migrated", "refused", "current", "not_found", "failed"
OUTCOME_LABELS = {
    MIGRATED: "Đã chuyển",
    REFUSED: "Không chuyển được",
    CURRENT: "Đã ở phiên bản hiện hành",
    NOT_FOUND: "Không tìm thấy",
    FAILED: "Lỗi",
}
DRY_RUN_LABELS = {**OUTCOME_LABELS, MIGRATED: "Chuyển được"}
MISSING_PROCESS = "Quy trình không còn trong phiên bản mô hình mới"
DEFINITION_FIELDS = ("name", "lane", "role", "agency_id", "form", "legal_basis")
DEADLINE_FIELDS = ("deadline_parameter", "deadline_value", "deadline_unit", "deadline_status", "deadline_from_on",
                   "deadline_on", "deadline_sort")
"""Task projection columns that come from the task's definition and from its deadline."""
FIELD_LABELS = {"name": "tên bước", "lane": "làn", "role": "vai trò", "agency_id": "cơ quan xử lý",
                "form": "biểu mẫu", "legal_basis": "căn cứ pháp lý", **{f: "thời hạn" for f in DEADLINE_FIELDS}}


def short(version: str | None) -> str:
    return (version or "")[:12]


@dataclass
class DossierMigration:
    """What happened (or, in a dry run, would happen) to one selected dossier."""

    dossier_id: int | None
    number: str
    outcome: str = NOT_FOUND
    procedure: str = ""
    from_version: str | None = None
    to_version: str | None = None
    reasons: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Effects on the dossier's open tasks (updated, cancelled, created)."""

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


@dataclass
class MigrationReport:
    target_version: str
    dry_run: bool
    entries: list[DossierMigration] = field(default_factory=list)

    def label(self, outcome: str) -> str:
        return (DRY_RUN_LABELS if self.dry_run else OUTCOME_LABELS)[outcome]

    def counts(self) -> dict[str, int]:
        return {outcome: sum(1 for e in self.entries if e.outcome == outcome) for outcome in OUTCOME_LABELS}

    def by_number(self, number: str) -> DossierMigration:
        return next(entry for entry in self.entries if entry.number == number)

    def add_unknown(self, numbers: Iterable[str]) -> None:
        """Numbers given on the command line that match no dossier."""
        for number in numbers:
            self.entries.append(DossierMigration(None, number, NOT_FOUND, reasons=[f"Không có hồ sơ số {number}"]))

    def summary(self) -> str:
        counts = self.counts()
        parts = [f"{counts[o]} {self.label(o).lower()}" for o in OUTCOME_LABELS if counts[o]]
        return "Tổng: " + (", ".join(parts) if parts else "không có hồ sơ nào được chọn") + "."

    def lines(self) -> list[str]:
        """The report as text, in Vietnamese (the command line prints it)."""
        lines = [f"Phiên bản mô hình hiện hành: {short(self.target_version)}"]
        if self.dry_run:
            lines.append("Xem trước: không ghi gì vào cơ sở dữ liệu.")
        for entry in self.entries:
            head = f"{entry.number}: {self.label(entry.outcome)}"
            if entry.from_version and entry.outcome in (MIGRATED, REFUSED, FAILED):
                head += f" (phiên bản {short(entry.from_version)} → {short(self.target_version)})"
            lines.append(head)
            if entry.reasons:
                lines.extend(f"  - {reason}" for reason in entry.reasons)
            for title, names in (("Bước thêm mới", entry.added), ("Bước sửa đổi", entry.changed),
                                 ("Bước bị bỏ", entry.removed)):
                if names:
                    lines.append(f"  {title}: " + "; ".join(f"«{name}»" for name in names))
            lines.extend(f"  {note}" for note in entry.notes)
        lines.append(self.summary())
        return lines


@dataclass
class _Plan:
    """The diff of one instance against the current version, and the verdict."""

    top: object = None
    subprocesses: dict = field(default_factory=dict)
    refusals: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)


# ----- entry points ---------------------------------------------------------------------


def migrate_dossiers(engine, actor_id: int, dossier_ids: Sequence[int], dry_run: bool = False) -> MigrationReport:
    """Move each selected dossier's running process to `engine.bundle`, one transaction
    per dossier. Only an administrator may do this (Forbidden otherwise)."""
    with engine.reader() as session:
        actor = session.get(User, actor_id)
        if actor is None or not actor.is_active or not actor.is_admin:
            raise Forbidden("Chỉ quản trị viên được chuyển hồ sơ sang phiên bản mô hình mới.")
        selected = list(dict.fromkeys(int(i) for i in dossier_ids))
        numbers = dict(session.execute(select(Dossier.id, Dossier.number).where(Dossier.id.in_(selected))).all())
    report = MigrationReport(target_version=engine.bundle.version, dry_run=dry_run)
    for dossier_id in selected:
        try:
            entry = _migrate_one(engine, actor_id, dossier_id, dry_run)
        except (StaleDataError, IntegrityError):
            entry = _failed(dossier_id, numbers, "Hồ sơ vừa được người khác cập nhật; hãy thử lại.")
        except EngineError as exc:
            entry = _failed(dossier_id, numbers, exc.message)
        except Exception as exc:  # one broken instance must not stop the others
            log.exception("migration of dossier %s failed", dossier_id)
            entry = _failed(dossier_id, numbers, f"{type(exc).__name__}: {exc}")
        report.entries.append(entry)
    return report


def _failed(dossier_id: int, numbers: dict[int, str], message: str) -> DossierMigration:
    return DossierMigration(dossier_id, numbers.get(dossier_id, f"#{dossier_id}"), FAILED,
                            reasons=[f"Không chuyển được do lỗi: {message}"])


def _migrate_one(engine, actor_id: int, dossier_id: int, dry_run: bool) -> DossierMigration:
    from .service import UnitOfWork

    target = engine.bundle
    with UnitOfWork(engine._write) as uow:
        session = uow.session
        engine.refresh_settings(session)  # deadlines of new task rows use the amended limits
        dossier = session.get(Dossier, dossier_id)
        if dossier is None:
            return DossierMigration(dossier_id, f"#{dossier_id}", NOT_FOUND, reasons=["Không tìm thấy hồ sơ"])
        procedure = target.procedures.get(dossier.kind)
        entry = DossierMigration(dossier_id, dossier.number, procedure=procedure.label if procedure else dossier.kind,
                                 to_version=target.version)
        instance = session.scalars(
            select(ProcessInstance)
            .where(ProcessInstance.dossier_id == dossier_id, ProcessInstance.status == "running")
            .order_by(ProcessInstance.id.desc()).limit(1).with_for_update()
        ).first()
        if instance is None:
            entry.reasons.append("Hồ sơ không có quy trình đang chạy")
            return entry
        entry.from_version = instance.spec_version
        if instance.spec_version == target.version:
            entry.outcome = CURRENT
            entry.reasons.append(f"Hồ sơ đã chạy trên phiên bản mô hình hiện hành {short(target.version)}")
            return entry

        old = engine._bundle(session, instance.spec_version)
        workflow = engine._load(instance, old)
        registry = engine._serializers[target.version].registry
        plan = _plan(registry, workflow, target, instance.process_id)
        entry.added, entry.changed, entry.removed = plan.added, list(plan.changed), plan.removed
        if plan.refusals:
            entry.outcome = REFUSED
            entry.reasons = plan.refusals
            return entry

        moment = now()
        before = {row.task_guid: row for row in _open_rows(session, instance.id)}
        changed_ids = {str(task.id) for task in plan.top.changed}
        new_spec, dependencies = target.specs[instance.process_id]
        _apply(plan, workflow, new_spec, dependencies)
        fired = engine._run(workflow)
        engine._register_bundle(session, target)
        with session.no_autoflush:  # one UPDATE of the instance, one lock_version step
            instance.spec_version = target.version
            engine._save(session, instance, workflow, dossier, actor_id=actor_id, moment=moment)
        session.flush()
        effects = _resync_rows(engine, session, instance, dossier, workflow, old, before, changed_ids, moment)
        # What was written must load back with the new version, or nothing is written.
        engine._serializers[target.version].deserialize_json(instance.state, use_gzip=True)
        entry.notes = effects.pop("notes")
        audit.record(
            session, dossier_id=dossier.id, actor_id=actor_id, action="instance_migrated",
            summary=f"Chuyển quy trình sang phiên bản mô hình {short(target.version)} "
                    f"(từ phiên bản {short(entry.from_version)})",
            data={"from_version": entry.from_version, "to_version": target.version, "added": plan.added,
                  "changed": plan.changed, "removed": plan.removed, **effects},
            at=moment,
        )
        engine._audit_timers(session, dossier, fired, moment)
        session.flush()
        entry.outcome = MIGRATED
        if not (plan.added or plan.changed or plan.removed):
            entry.notes.insert(0, "Quy trình của hồ sơ không thay đổi giữa hai phiên bản.")
        if not dry_run:
            uow.commit()
        return entry


# ----- the diff and the safety rule ---------------------------------------------------


def _display(spec) -> str:
    return spec.bpmn_name or spec.bpmn_id or spec.name


def _plan(registry, workflow, target, process_id: str) -> _Plan:
    plan = _Plan()
    if process_id not in target.specs:
        plan.refusals.append(MISSING_PROCESS)
        return plan
    new_spec, dependencies = target.specs[process_id]
    plan.top, plan.subprocesses = diff_workflow(registry, workflow, new_spec, dependencies)

    # What changed between the two specs, for people: BPMN elements only, by name.
    spec_diffs = [SpecDiff(registry, workflow.spec, new_spec)]
    dep_diffs, added_deps = diff_dependencies(registry, workflow.subprocess_specs, dependencies)
    spec_diffs += [d for d in dep_diffs.values() if d is not None]
    for spec_diff in spec_diffs:
        plan.added += [_display(s) for s in spec_diff.added if s.bpmn_id]
        for spec, attributes in spec_diff.changed.items():
            if spec.bpmn_id:
                name, renamed = _display(spec), _display(spec_diff.alignment[spec])
                plan.changed.setdefault(name if renamed == name else f"{name} → {renamed}", sorted(attributes))
        plan.removed += [_display(s) for s in spec_diff.removed if s.bpmn_id]
    plan.added += [f"Quy trình con {name}" for name in added_deps]
    plan.removed += [f"Quy trình con {name}" for name, d in dep_diffs.items() if d is None]

    # The rule of SpiffWorkflow's can_migrate (docs/bpmn/diffs.rst).
    for sp_id, sp_diff in plan.subprocesses.items():
        if sp_diff is None:
            name = workflow.subprocesses[sp_id].spec.name
            plan.refusals.append(f"Quy trình con «{name}» không còn trong phiên bản mô hình mới")
    for diff in [plan.top, *(d for d in plan.subprocesses.values() if d is not None)]:
        for kind, tasks in (("đã bị sửa trong", diff.changed), ("không còn trong", diff.removed)):
            for task in filter_tasks(tasks, state=UNSAFE):
                done = "đã hoàn thành" if task.state == TaskState.COMPLETED else "đang được thực hiện"
                reason = f"Bước «{_display(task.task_spec)}» {done} nhưng {kind} phiên bản mới"
                if reason not in plan.refusals:
                    plan.refusals.append(reason)
    return plan


def _apply(plan: _Plan, workflow, new_spec, dependencies) -> None:
    """migrate_workflow on the instance and on each running subprocess (diffs.rst)."""
    migrate_workflow(plan.top, workflow, new_spec, reset_mask=RESET_MASK)
    for sp_id, subprocess in workflow.subprocesses.items():
        if sp_id in plan.subprocesses:
            migrate_workflow(plan.subprocesses[sp_id], subprocess, dependencies[subprocess.spec.name],
                             reset_mask=RESET_MASK)
    workflow.subprocess_specs = dependencies
    strays = [t.task_spec.name for t in workflow.get_tasks(skip_subprocesses=True)
              if new_spec.task_specs.get(t.task_spec.name) is not t.task_spec]
    if strays:
        raise EngineError("Sau khi chuyển vẫn còn bước không có trong phiên bản mới: " + ", ".join(sorted(set(strays))))


# ----- the task projection -------------------------------------------------------------


def _open_rows(session: Session, instance_id: int) -> list[Task]:
    return session.scalars(select(Task).where(Task.instance_id == instance_id, Task.state == "open")).all()


def _resync_rows(engine, session, instance, dossier, workflow, old_bundle, before: dict[str, Task],
                 changed_ids: set[str], moment: datetime) -> dict:
    """`_save` kept the rows of tasks that are still ready, cancelled the vanished ones and
    added rows for new ones. Two cases need more:

    * a ready task whose spec changed keeps its SpiffWorkflow id (migrate_workflow resets
      it in place) and so its row, which is brought up to the new definition here;
    * a step that reappears under a new id (its parent was reset) replaces the cancelled
      row of the same step and keeps that row's clock start and claim.

    The legal clock is never restarted by a migration: the deadline stays as it was unless
    the step's deadline rule (parameter, start date, override) changed, and then it is
    recomputed from the day the step's clock started."""
    bundle = engine.bundle
    parties = {party.role: party.agency_id for party in dossier.parties}
    ready = {str(t.id): t for t in workflow.get_tasks(state=TaskState.READY, manual=True)}
    now_open = {row.task_guid: row for row in _open_rows(session, instance.id)}
    cancelled = [row for row in before.values() if row.state == "cancelled"]
    notes, updated = [], []

    def refresh(row: Task, source: Task) -> list[str]:
        """Bring `row` to the new definition; `source` is the row whose clock it keeps."""
        definition = bundle.task(instance.process_id, ready[row.task_guid].task_spec.bpmn_id)
        previous = old_bundle.tasks.get((instance.process_id, source.bpmn_id))
        same_clock = previous is not None and _clock(previous) == _clock(definition)
        fresh = engine._new_task_row(instance, dossier, parties, definition, row.task_guid,
                                     ready[row.task_guid].data, source.created_at.astimezone(VN_TZ).date(), moment)
        claimant, claimed_at, source_agency = source.claimed_by_id, source.claimed_at, source.agency_id
        fields = []
        for name in DEFINITION_FIELDS + DEADLINE_FIELDS:
            value = getattr(source if same_clock and name in DEADLINE_FIELDS else fresh, name)
            if getattr(row, name) != value:
                setattr(row, name, value)
                fields.append(name)
        keep = claimant is not None and source_agency == row.agency_id
        row.claimed_by_id, row.claimed_at = (claimant, claimed_at) if keep else (None, None)
        return fields

    for guid, row in now_open.items():
        if guid in before and guid in changed_ids:
            fields = refresh(row, row)
            if fields:
                updated.append({"task": row.name, "fields": fields})
                what = ", ".join(dict.fromkeys(FIELD_LABELS[name] for name in fields))
                notes.append(f"Nhiệm vụ đang mở «{row.name}» được cập nhật theo phiên bản mới ({what}); "
                             f"thời hạn: {_vn(row.deadline_on)}.")
    created = [row for guid, row in now_open.items() if guid not in before]
    for row in created:
        predecessor = next((old for old in cancelled if old.bpmn_id == row.bpmn_id), None)
        if predecessor is not None:
            cancelled.remove(predecessor)
            refresh(row, predecessor)
            row.created_at = predecessor.created_at
        notes.append(f"Nhiệm vụ «{row.name}» (tạo lại theo phiên bản mới); thời hạn: {_vn(row.deadline_on)}.")
    gone = [row.name for row in cancelled]
    notes += [f"Nhiệm vụ «{name}» bị hủy vì không còn trong phiên bản mới." for name in gone]
    return {"notes": notes, "updated_tasks": updated, "new_tasks": [row.name for row in created],
            "cancelled_tasks": gone}


def _clock(definition) -> tuple:
    return definition.deadline_parameter, definition.deadline_from, definition.deadline_override


def _vn(day) -> str:
    return day.strftime("%d/%m/%Y") if day else "chưa xác định (tham số chưa được xác minh)"


# ----- reads for the admin page and the command line ---------------------------------------


def _latest_running():
    return (select(func.max(ProcessInstance.id)).where(ProcessInstance.status == "running")
            .group_by(ProcessInstance.dossier_id))


def stale_dossiers(session: Session, version: str, page: int = 1, per_page: int = 50):
    """Running dossiers whose process is not on `version`, oldest first:
    ([(dossier, instance)], page, pages, total)."""
    conditions = (ProcessInstance.id.in_(_latest_running()), ProcessInstance.spec_version != version)
    total = session.scalar(select(func.count()).select_from(ProcessInstance).where(*conditions))
    pages = max(1, math.ceil(total / per_page))
    page = min(max(1, page), pages)
    rows = session.execute(
        select(Dossier, ProcessInstance).join(ProcessInstance, ProcessInstance.dossier_id == Dossier.id)
        .where(*conditions).order_by(Dossier.id).limit(per_page).offset((page - 1) * per_page)
    ).all()
    return [tuple(row) for row in rows], page, pages, total


def stale_dossier_ids(session: Session, version: str) -> list[int]:
    return list(session.scalars(
        select(ProcessInstance.dossier_id)
        .where(ProcessInstance.id.in_(_latest_running()), ProcessInstance.spec_version != version)
        .order_by(ProcessInstance.dossier_id)
    ))


def running_versions(session: Session) -> list[tuple[str, datetime, int]]:
    """Each model version with running dossiers: (version, stored at, how many)."""
    rows = session.execute(
        select(ProcessSpecVersion.version, ProcessSpecVersion.created_at, func.count(ProcessInstance.id))
        .join(ProcessInstance, ProcessInstance.spec_version == ProcessSpecVersion.version)
        .where(ProcessInstance.id.in_(_latest_running()))
        .group_by(ProcessSpecVersion.version, ProcessSpecVersion.created_at)
        .order_by(ProcessSpecVersion.created_at)
    ).all()
    return [tuple(row) for row in rows]


def resolve_numbers(session: Session, numbers: Iterable[str]) -> tuple[list[int], list[str]]:
    """Dossier ids for the given numbers, in order, and the numbers that match none."""
    numbers = list(dict.fromkeys(numbers))
    found = dict(session.execute(select(Dossier.number, Dossier.id).where(Dossier.number.in_(numbers))).all())
    return [found[n] for n in numbers if n in found], [n for n in numbers if n not in found]


def first_admin(session: Session) -> int | None:
    return session.scalar(select(User.id).where(User.is_admin, User.is_active).order_by(User.id).limit(1))


__all__ = [
    "CURRENT", "FAILED", "MIGRATED", "NOT_FOUND", "REFUSED", "DossierMigration", "MigrationReport",
    "first_admin", "migrate_dossiers", "resolve_numbers", "running_versions", "stale_dossier_ids", "stale_dossiers",
]
