"""Loading the models in workflows/: parse, validate, and check every user task
against the legal parameters and the forms before anything runs."""
from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.end_event import EndEvent
from SpiffWorkflow.dmn.engine.DMNEngine import DMNEngine
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser

from forms.documents import DOCUMENTS, SCAN_ONLY

from .agencies import ROLES
from .errors import ModelError
from .parameters import LegalParameter
from .regimes import REGIMES_FILE, RegimeTable, parse_regimes

PARAMETER_CALL = re.compile(r"deadline_date\(\s*['\"](\w+)['\"]")
REQUIRED_PROPERTIES = ("role", "form", "deadline_parameter", "legal_basis")
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

    def parameter_for(self, data: Mapping) -> str:
        """The deadline parameter in force for this task's data (e.g. a complex case)."""
        if self.deadline_override and data.get(self.deadline_override[0]):
            return self.deadline_override[1]
        return self.deadline_parameter


@dataclass
class ModelBundle:
    """One version of every model, identified by the hash of its source files."""

    version: str
    sources: dict[str, str]
    specs: dict[str, tuple] = field(default_factory=dict)
    tasks: dict[tuple[str, str], TaskDefinition] = field(default_factory=dict)
    decisions: dict[str, DMNEngine] = field(default_factory=dict)
    process_names: dict[str, str] = field(default_factory=dict)
    process_files: dict[str, str] = field(default_factory=dict)
    procedures: dict[str, Procedure] = field(default_factory=dict)
    routes: dict[str, str] = field(default_factory=dict)
    """message name -> procedure it starts"""
    regimes: RegimeTable | None = None

    def spec(self, process_id: str):
        try:
            return self.specs[process_id]
        except KeyError:
            raise ModelError(f"Không có quy trình '{process_id}' trong phiên bản mô hình {self.version[:12]}.") from None

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


def _located(exc: Exception, default_file: str) -> str:
    if isinstance(exc, ValidationException):
        where = f"{exc.file_name or default_file}, dòng {exc.line_number or '?'}"
        element = f", phần tử {exc.tag} '{exc.id}'" if getattr(exc, "tag", "") else ""
        return f"{where}{element}: {exc}"
    if isinstance(exc, etree.XMLSyntaxError):
        return f"{default_file}, dòng {exc.lineno}: XML không hợp lệ: {exc.msg}"
    return f"{default_file}: {exc}"


def load_bundle(
    sources: Mapping[str, str],
    parameters: Mapping[str, LegalParameter],
    form_names: Collection[str],
    open_form_names: Collection[str] = (),
) -> ModelBundle:
    """Parse with the XSD validator and check the legal metadata of every user task.
    Any defect raises ModelError naming the file, the line and the element."""
    bundle = ModelBundle(version=bundle_version(sources), sources=dict(sources))
    parser = SpiffBpmnParser(validator=VALIDATOR)
    for name, text in sources.items():
        if name in (PROCEDURES_FILE, REGIMES_FILE):
            continue
        try:
            if name.endswith(".dmn"):
                parser.add_dmn_str(text.encode(), filename=name)
            else:
                parser.add_bpmn_str(text.encode(), filename=name)
        except (ValidationException, etree.XMLSyntaxError) as exc:
            raise ModelError(_located(exc, name)) from exc
        for parameter in PARAMETER_CALL.findall(text):
            if parameter not in parameters:
                raise ModelError(f"{name}: biểu thức dùng tham số thời hạn '{parameter}' không có trong tệp tham số.")

    for decision_id in parser.dmn_parsers:
        try:
            bundle.decisions[decision_id] = parser.get_engine(decision_id, None)
        except ValidationException as exc:
            raise ModelError(_located(exc, "DMN")) from exc

    for process_id in parser.get_process_ids():
        process_parser = parser.process_parsers[process_id]
        try:
            spec = parser.get_spec(process_id)
            subprocess_specs = parser.get_subprocess_specs(process_id)
        except ValidationException as exc:
            raise ModelError(_located(exc, process_parser.filename)) from exc
        bundle.specs[process_id] = (spec, subprocess_specs)
        bundle.process_names[process_id] = process_parser.get_name()
        bundle.process_files[process_id] = process_parser.filename
        lanes_by_role: dict[str, str] = {}
        for task_spec in spec.task_specs.values():
            if not (task_spec.manual and task_spec.bpmn_id):
                continue
            definition = _task_definition(process_id, process_parser.filename, task_spec, parameters, form_names, bundle)
            known_lane = lanes_by_role.setdefault(definition.role, definition.lane)
            if known_lane != definition.lane:
                raise ModelError(
                    f"{process_parser.filename}, phần tử '{definition.bpmn_id}': vai trò '{definition.role}' "
                    f"nằm ở hai làn khác nhau ('{known_lane}', '{definition.lane}')."
                )
            bundle.tasks[(process_id, definition.bpmn_id)] = definition
    _load_procedures(bundle, sources.get(PROCEDURES_FILE), open_form_names)
    bundle.regimes = parse_regimes(sources.get(REGIMES_FILE), bundle.procedures.keys(), bundle.specs.keys())
    _check_processes(bundle)
    return bundle


def _load_procedures(bundle: ModelBundle, text: str | None, open_form_names: Collection[str]) -> None:
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
        unknown = [role for role in opened_by if role not in ROLES]
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


def _check_processes(bundle: ModelBundle) -> None:
    """Every message a process throws starts a procedure. A process that no procedure or
    regime names (a retired version) stays loadable for the dossiers still running on it."""
    for process_id, (spec, _) in bundle.specs.items():
        for task_spec in spec.task_specs.values():
            definition = getattr(task_spec, "event_definition", None)
            if isinstance(task_spec, EndEvent) and isinstance(definition, MessageEventDefinition):
                if definition.name not in bundle.routes:
                    raise ModelError(
                        f"{bundle.process_files[process_id]}, phần tử '{task_spec.bpmn_id}': thông điệp "
                        f"'{definition.name}' không khởi động thủ tục nào trong {PROCEDURES_FILE}."
                    )


def _task_definition(process_id, filename, task_spec, parameters, form_names, bundle) -> TaskDefinition:
    props = (task_spec.extensions or {}).get("properties", {})
    where = f"{filename}, nhiệm vụ '{task_spec.bpmn_id}' ({task_spec.bpmn_name})"
    missing = [key for key in REQUIRED_PROPERTIES if not props.get(key)]
    if missing:
        raise ModelError(f"{where}: thiếu thuộc tính {', '.join(missing)}.")
    if props["role"] not in ROLES:
        raise ModelError(f"{where}: vai trò '{props['role']}' không được hỗ trợ.")
    if not task_spec.lane:
        raise ModelError(f"{where}: nhiệm vụ phải nằm trong một làn (lane).")
    if props["form"] not in form_names:
        raise ModelError(f"{where}: biểu mẫu '{props['form']}' không có trong forms/.")
    override = None
    if props.get("deadline_override"):
        variable, _, parameter = (part.strip() for part in props["deadline_override"].partition("->"))
        if not variable or not parameter:
            raise ModelError(f"{where}: deadline_override phải có dạng 'biến -> tham_số'.")
        override = (variable, parameter)
    for parameter in {props["deadline_parameter"], *(override[1:] if override else ())}:
        if parameter not in parameters:
            raise ModelError(f"{where}: tham số thời hạn '{parameter}' không có trong tệp tham số.")
    decision = props.get("validation_decision")
    if decision and decision not in bundle.decisions:
        raise ModelError(f"{where}: bảng quyết định DMN '{decision}' không tồn tại.")
    documents, required = (tuple(d.strip() for d in props.get(key, "").split(",") if d.strip())
                           for key in ("documents", "required_documents"))
    unknown = [code for code in (*documents, *required) if code not in DOCUMENTS and code not in SCAN_ONLY]
    if unknown:
        raise ModelError(f"{where}: văn bản, tài liệu không có trong forms/documents: {', '.join(unknown)}.")
    return TaskDefinition(
        process_id=process_id,
        bpmn_id=task_spec.bpmn_id,
        name=task_spec.bpmn_name or task_spec.bpmn_id,
        lane=task_spec.lane,
        role=props["role"],
        form=props["form"],
        deadline_parameter=props["deadline_parameter"],
        legal_basis=props["legal_basis"],
        deadline_from=props.get("deadline_from") or None,
        deadline_override=override,
        documents=documents,
        required_documents=required,
        validation_decision=decision,
        instructions=(task_spec.extensions or {}).get("instructionsForEndUser", "") or "",
    )
