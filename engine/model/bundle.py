"""One version of the models in workflows/, as loaded and checked: what the engine
needs to know of each procedure and each user task, identified by the hash of its
source files. Parsing the BPMN and DMN is the runtime's job (engine.runtime.loading)."""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ModelError
from .regimes import REGIMES_FILE, RegimeTable
from .roles import RoleTable

PROCEDURES_FILE = "procedures.toml"


@dataclass(frozen=True)
class Procedure:
    """One procedure (BPMN process): who opens it, what starts it, whom it is for."""

    process_id: str
    label: str
    number_code: str
    summary: str = ""
    opened_by: tuple[str, ...] = ()
    open_form: str | None = None
    starts_on: tuple[str, ...] = ()
    age_min: int | None = None
    age_max: int | None = None
    age_rule: str = ""

    def age_refusal(self, age: int) -> str | None:
        """The rule that excludes a person of this age, or None."""
        too_young = self.age_min is not None and age < self.age_min
        too_old = self.age_max is not None and age > self.age_max
        return self.age_rule if too_young or too_old else None


@dataclass(frozen=True)
class TaskDefinition:
    """What the engine needs to know of one user task, read from its BPMN properties."""

    process_id: str
    bpmn_id: str
    name: str
    lane: str
    role: str
    form: str
    deadline_parameter: str
    legal_basis: str
    deadline_from: str | None = None
    deadline_override: tuple[str, str] | None = None
    documents: tuple[str, ...] = ()
    """Documents this step produces from its data (printed by the system)."""
    required_documents: tuple[str, ...] = ()
    """Documents that must be in the dossier, issued or uploaded, before the step completes."""
    validation_decision: str | None = None
    instructions: str = ""
    not_before: tuple[tuple[str, str, str | None], ...] = ()
    """(submitted field, dossier variable, parameter): the field's day or moment may not
    precede the variable; the parameter, if any, is the legal period that sets the variable,
    cited as the reason."""
    answers: tuple[str, ...] = ()
    """Earlier steps (bpmn ids) whose record this step's page repeats: the return it answers,
    the decision it receives."""
    received_field: str | None = None
    """The form field in which the receiving agency records when the dossier or decision
    arrived: recorded on the open task, it restarts the task's clock (never before the
    dispatch, never in the future)."""
    act_date: tuple[str, ...] = ()
    """The form fields holding the act's own date, the first one filled wins: met or late
    is judged by it rather than by the time of recording."""

    def parameter_for(self, data: Mapping) -> str:
        """The deadline parameter in force for this task's data (e.g. a complex case)."""
        if self.deadline_override and data.get(self.deadline_override[0]):
            return self.deadline_override[1]
        return self.deadline_parameter


@dataclass(frozen=True)
class TimerDefinition:
    """A timer event of a model (a legal period running) and the user tasks that may follow
    it, so a waiting dossier can say who acts next."""

    process_id: str
    bpmn_id: str
    name: str
    next_tasks: tuple[str, ...]
    """bpmn ids of the first user tasks reached after the timer fires."""


@dataclass
class ModelBundle:
    """One version of every model, identified by the hash of its source files."""

    version: str
    sources: dict[str, str]
    roles: RoleTable
    specs: dict[str, tuple] = field(default_factory=dict)
    tasks: dict[tuple[str, str], TaskDefinition] = field(default_factory=dict)
    timers: dict[tuple[str, str], TimerDefinition] = field(default_factory=dict)
    decisions: dict[str, Any] = field(default_factory=dict)
    process_names: dict[str, str] = field(default_factory=dict)
    process_files: dict[str, str] = field(default_factory=dict)
    procedures: dict[str, Procedure] = field(default_factory=dict)
    routes: dict[str, str] = field(default_factory=dict)
    """message name -> procedure it starts"""
    regimes: RegimeTable = field(default_factory=lambda: RegimeTable(()))
    """Filled by the loader once the procedures and processes are known."""

    def spec(self, process_id: str):
        try:
            return self.specs[process_id]
        except KeyError:
            raise ModelError(
                f"Không có quy trình '{process_id}' trong phiên bản mô hình {self.version[:12]}."
            ) from None

    def task(self, process_id: str, bpmn_id: str) -> TaskDefinition:
        return self.tasks[(process_id, bpmn_id)]


def read_sources(workflows_dir: Path) -> dict[str, str]:
    """Every BPMN and DMN file of the folder, the procedures and the regimes tables, by
    relative name."""
    files = sorted([*workflows_dir.rglob("*.bpmn"), *workflows_dir.rglob("*.dmn")])
    if not files:
        raise ModelError(f"Không có tệp BPMN nào trong {workflows_dir}.")
    files += [workflows_dir / name for name in (PROCEDURES_FILE, REGIMES_FILE) if (workflows_dir / name).exists()]
    return {str(path.relative_to(workflows_dir)): path.read_text(encoding="utf-8") for path in files}


def bundle_version(sources: Mapping[str, str]) -> str:
    digest = hashlib.sha256()
    for name in sorted(sources):
        digest.update(name.encode() + b"\0" + sources[name].encode() + b"\0")
    return digest.hexdigest()


def load_procedures(bundle: ModelBundle, text: str | None, open_form_names: Collection[str], roles: RoleTable) -> None:
    """Every process has a procedure entry; every message a model throws starts one."""
    if text is None:
        raise ModelError(f"Thiếu tệp {PROCEDURES_FILE} trong thư mục mô hình.")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ModelError(f"{PROCEDURES_FILE}: {exc}") from exc
    for process_id, entry in raw.items():
        where = f"{PROCEDURES_FILE} [{process_id}]"
        if process_id not in bundle.specs:
            raise ModelError(f"{where}: không có quy trình BPMN nào có mã này.")
        if not entry.get("label") or not entry.get("number_code"):
            raise ModelError(f"{where}: thiếu label hoặc number_code.")
        opened_by = tuple(entry.get("opened_by", ()))
        unknown = [role for role in opened_by if role not in roles]
        if unknown:
            raise ModelError(f"{where}: vai trò không được hỗ trợ: {', '.join(unknown)}.")
        if opened_by and entry.get("open_form") not in open_form_names:
            raise ModelError(f"{where}: biểu mẫu mở hồ sơ '{entry.get('open_form')}' không có trong forms/.")
        if (entry.get("age_min") is not None or entry.get("age_max") is not None) and not entry.get("age_rule"):
            raise ModelError(f"{where}: giới hạn độ tuổi phải kèm age_rule (căn cứ pháp lý).")
        procedure = Procedure(
            process_id=process_id,
            label=entry["label"],
            number_code=entry["number_code"],
            summary=entry.get("summary", ""),
            opened_by=opened_by,
            open_form=entry.get("open_form"),
            starts_on=tuple(entry.get("starts_on", ())),
            age_min=entry.get("age_min"),
            age_max=entry.get("age_max"),
            age_rule=entry.get("age_rule", ""),
        )
        bundle.procedures[process_id] = procedure
        for message in procedure.starts_on:
            if message in bundle.routes:
                raise ModelError(f"{where}: thông điệp '{message}' đã khởi động quy trình '{bundle.routes[message]}'.")
            bundle.routes[message] = process_id
