"""Moving running dossiers to the current model version.

A dossier keeps the model version it started on (`process_instance.spec_version`). When
the models in workflows/ change, an administrator may move running dossiers to the new
version where SpiffWorkflow's diff shows it is safe (engine.runtime.version_migration).

Each dossier is one transaction: a refusal or a failure rolls back and leaves the instance
row and its task rows exactly as they were; a dry run does the whole move and rolls back
too, so it reports what would really happen."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..access import require_admin
from ..clock import Clock
from ..errors import EngineError
from ..model.versions import ModelVersions
from ..persistence import audit
from ..persistence.tables import Dossier
from ..persistence.unit_of_work import UnitOfWorkFactory
from ..runtime.instance import ProcessRuntime
from ..runtime.projection import open_rows, resync_after_version_move
from ..runtime.version_migration import apply_move, plan_move
from ..settings import SettingsStore
from .dossiers import DossierService

log = logging.getLogger(__name__)

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

    @property
    def failed(self) -> bool:
        """Some dossier could not be moved for a reason other than the model's refusal."""
        return any(entry.outcome == FAILED for entry in self.entries)

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
            for title, names in (
                ("Bước thêm mới", entry.added),
                ("Bước sửa đổi", entry.changed),
                ("Bước bị bỏ", entry.removed),
            ):
                if names:
                    lines.append(f"  {title}: " + "; ".join(f"«{name}»" for name in names))
            lines.extend(f"  {note}" for note in entry.notes)
        lines.append(self.summary())
        return lines


class VersionService:
    def __init__(
        self,
        read_sessions: Callable[[], Session],
        unit_of_work: UnitOfWorkFactory,
        settings: SettingsStore,
        versions: ModelVersions,
        runtime: ProcessRuntime,
        clock: Clock,
        dossiers: DossierService,
    ):
        self._read_sessions = read_sessions
        self._unit_of_work = unit_of_work
        self._settings = settings
        self._versions = versions
        self._runtime = runtime
        self._clock = clock
        self._dossiers = dossiers

    def migrate(self, actor_id: int, dossier_ids: Sequence[int], dry_run: bool = False) -> MigrationReport:
        """Move each selected dossier's running process to the current version, one
        transaction per dossier, so a refusal never blocks the others. Only an
        administrator may do this (Forbidden otherwise)."""
        with self._read_sessions() as session:
            require_admin(session, actor_id, "Chỉ quản trị viên được chuyển hồ sơ sang phiên bản mô hình mới.")
            selected = list(dict.fromkeys(int(i) for i in dossier_ids))
            numbers = dict(session.execute(select(Dossier.id, Dossier.number).where(Dossier.id.in_(selected))).all())
        report = MigrationReport(target_version=self._versions.current.version, dry_run=dry_run)
        for dossier_id in selected:
            try:
                entry = self._move(actor_id, dossier_id, dry_run)
            except (StaleDataError, IntegrityError):
                entry = _failed(dossier_id, numbers, "Hồ sơ vừa được người khác cập nhật; hãy thử lại.")
            except EngineError as exc:
                entry = _failed(dossier_id, numbers, exc.message)
            except Exception as exc:  # one broken instance must not stop the others
                log.exception("migration of dossier %s failed", dossier_id)
                entry = _failed(dossier_id, numbers, f"{type(exc).__name__}: {exc}")
            report.entries.append(entry)
        return report

    def _move(self, actor_id: int, dossier_id: int, dry_run: bool) -> DossierMigration:
        target = self._versions.current
        with self._unit_of_work() as uow:
            session = uow.session
            settings = self._settings.refresh(session)  # deadlines of new task rows use the amended limits
            dossier = session.get(Dossier, dossier_id)
            if dossier is None:
                return DossierMigration(dossier_id, f"#{dossier_id}", NOT_FOUND, reasons=["Không tìm thấy hồ sơ"])
            procedure = target.procedures.get(dossier.kind)
            entry = DossierMigration(
                dossier_id,
                dossier.number,
                procedure=procedure.label if procedure else dossier.kind,
                to_version=target.version,
            )
            instance = uow.latest_instance(dossier_id, running=True, lock=True)
            if instance is None:
                entry.reasons.append("Hồ sơ không có quy trình đang chạy")
                return entry
            entry.from_version = instance.spec_version
            if instance.spec_version == target.version:
                entry.outcome = CURRENT
                entry.reasons.append(f"Hồ sơ đã chạy trên phiên bản mô hình hiện hành {short(target.version)}")
                return entry

            old = self._versions.bundle(session, instance.spec_version)
            workflow = self._runtime.load(instance, old, settings)
            plan = plan_move(self._versions, workflow, target, instance.process_id)
            entry.added, entry.changed, entry.removed = plan.added, list(plan.changed), plan.removed
            if plan.refusals:
                entry.outcome = REFUSED
                entry.reasons = plan.refusals
                return entry

            moment = self._clock.now()
            before = {row.task_guid: row for row in open_rows(session, instance.id)}
            changed_ids = plan.changed_task_ids()
            apply_move(plan, workflow, target, instance.process_id)
            advance = self._runtime.advance(workflow)
            self._versions.register(session, target, self._clock.now())
            with session.no_autoflush:  # one UPDATE of the instance, one lock_version step
                instance.spec_version = target.version
                self._dossiers.settle(
                    session, instance, dossier, workflow, advance, target, settings, actor_id=actor_id, moment=moment
                )
            session.flush()
            effects = resync_after_version_move(
                session, instance, dossier, workflow, old, target, settings, before, changed_ids, moment
            )
            # What was written must load back with the new version, or nothing is written.
            self._runtime.check_loads(instance, target.version)
            entry.notes = effects.pop("notes")
            audit.record(
                session,
                dossier_id=dossier.id,
                actor_id=actor_id,
                action="instance_migrated",
                summary=f"Chuyển quy trình sang phiên bản mô hình {short(target.version)} "
                f"(từ phiên bản {short(entry.from_version)})",
                data={
                    "from_version": entry.from_version,
                    "to_version": target.version,
                    "added": plan.added,
                    "changed": plan.changed,
                    "removed": plan.removed,
                    **effects,
                },
                at=moment,
            )
            audit.record_timers(session, dossier.id, advance.fired_timers, moment)
            session.flush()
            entry.outcome = MIGRATED
            if not (plan.added or plan.changed or plan.removed):
                entry.notes.insert(0, "Quy trình của hồ sơ không thay đổi giữa hai phiên bản.")
            if not dry_run:
                uow.commit()
            return entry


def _failed(dossier_id: int, numbers: dict[int, str], message: str) -> DossierMigration:
    return DossierMigration(
        dossier_id, numbers.get(dossier_id, f"#{dossier_id}"), FAILED, reasons=[f"Không chuyển được do lỗi: {message}"]
    )
