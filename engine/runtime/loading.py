"""Parsing the models: BPMN and DMN with SpiffWorkflow's validating parser, and every
user task checked against the legal parameters, the roles and the forms before
anything runs."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from lxml import etree
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.end_event import EndEvent
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser

from forms import TASK_FORMS
from forms.base import VnDate, VnDateTime
from forms.documents import DOCUMENTS, SCAN_ONLY

from ..errors import ModelError
from ..model.bundle import (
    PROCEDURES_FILE,
    ModelBundle,
    TaskDefinition,
    TimerDefinition,
    bundle_version,
    load_procedures,
)
from ..model.parameters import LegalParameter
from ..model.regimes import REGIMES_FILE, parse_regimes
from ..model.roles import RoleTable
from .instance import TIMER_EVENTS

PARAMETER_CALL = re.compile(r"(?:deadline_date|deadline_at|window_opens)\(\s*['\"](\w+)['\"]")
REQUIRED_PROPERTIES = ("role", "form", "deadline_parameter", "legal_basis")


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
    roles: RoleTable,
    form_names: Collection[str],
    open_form_names: Collection[str] = (),
) -> ModelBundle:
    """Parse with the XSD validator and check the legal metadata of every user task.
    Any defect raises ModelError naming the file, the line and the element."""
    bundle = ModelBundle(version=bundle_version(sources), sources=dict(sources), roles=roles)
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
            definition = _task_definition(
                process_id, process_parser.filename, task_spec, parameters, form_names, bundle
            )
            known_lane = lanes_by_role.setdefault(definition.role, definition.lane)
            if known_lane != definition.lane:
                raise ModelError(
                    f"{process_parser.filename}, phần tử '{definition.bpmn_id}': vai trò '{definition.role}' "
                    f"nằm ở hai làn khác nhau ('{known_lane}', '{definition.lane}')."
                )
            bundle.tasks[(process_id, definition.bpmn_id)] = definition
        for task_spec in spec.task_specs.values():
            if type(getattr(task_spec, "event_definition", None)).__name__ in TIMER_EVENTS and task_spec.bpmn_id:
                bundle.timers[(process_id, task_spec.bpmn_id)] = TimerDefinition(
                    process_id, task_spec.bpmn_id, task_spec.bpmn_name or task_spec.bpmn_id, _next_user_tasks(task_spec)
                )
    _check_answers(bundle)
    load_procedures(bundle, sources.get(PROCEDURES_FILE), open_form_names, roles)
    bundle.regimes = parse_regimes(sources.get(REGIMES_FILE), bundle.procedures.keys(), bundle.specs.keys())
    for regime in bundle.regimes.regimes:
        for procedure, changes in regime.procedures.items():
            if "open_form" in changes and changes["open_form"] not in open_form_names:
                raise ModelError(
                    f"{REGIMES_FILE} [{regime.code}.procedures.{procedure}]: biểu mẫu mở hồ sơ "
                    f"'{changes['open_form']}' không có trong forms/."
                )
    _check_processes(bundle)
    return bundle


def _next_user_tasks(event_spec) -> tuple[str, ...]:
    """The first user tasks reached from an event through gateways, scripts and events."""
    found: list[str] = []
    seen: set[str] = set()
    queue = list(event_spec.outputs)
    while queue:
        spec = queue.pop(0)
        if spec.name in seen:
            continue
        seen.add(spec.name)
        if spec.manual and spec.bpmn_id:
            found.append(spec.bpmn_id)
        elif spec.bpmn_id:
            queue.extend(spec.outputs)
    return tuple(found)


def _check_answers(bundle: ModelBundle) -> None:
    """Each step a task answers is a user task of its process or of a procedure before it."""
    known = {bpmn_id for _, bpmn_id in bundle.tasks}
    for definition in bundle.tasks.values():
        unknown = [bpmn_id for bpmn_id in definition.answers if bpmn_id not in known]
        if unknown:
            raise ModelError(
                f"{bundle.process_files[definition.process_id]}, nhiệm vụ '{definition.bpmn_id}': answers "
                f"nêu bước không có trong mô hình: {', '.join(unknown)}."
            )


def _check_processes(bundle: ModelBundle) -> None:
    """Every message a process throws starts a procedure. A process that no procedure or
    regime names (a retired version) stays loadable for the dossiers still running on it."""
    for process_id, (spec, _) in bundle.specs.items():
        for task_spec in spec.task_specs.values():
            definition = getattr(task_spec, "event_definition", None)
            if not (isinstance(task_spec, EndEvent) and isinstance(definition, MessageEventDefinition)):
                continue
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
    if props["role"] not in bundle.roles:
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
    documents, required = (
        tuple(d.strip() for d in props.get(key, "").split(",") if d.strip())
        for key in ("documents", "required_documents")
    )
    unknown = [code for code in (*documents, *required) if code not in DOCUMENTS and code not in SCAN_ONLY]
    if unknown:
        raise ModelError(f"{where}: văn bản, tài liệu không có trong forms/documents: {', '.join(unknown)}.")
    not_before = []
    for pair in (p.strip() for p in props.get("not_before", "").split(",") if p.strip()):
        field, _, rest = (part.strip() for part in pair.partition(":"))
        variable, _, reason = (part.strip() for part in rest.partition("@"))
        if not field or not variable:
            raise ModelError(f"{where}: not_before phải có dạng 'trường:biến[@tham_số][, trường:biến]'.")
        if reason and reason not in parameters:
            raise ModelError(f"{where}: not_before: tham số thời hạn '{reason}' không có trong tệp tham số.")
        not_before.append((field, variable, reason or None))
    received_field = props.get("received_field") or None
    act_date = tuple(name.strip() for name in props.get("act_date", "").split(",") if name.strip())
    declared = TASK_FORMS[props["form"]]._declared_fields
    form_dates = {name for name, field in declared.items() if isinstance(field, VnDate | VnDateTime)}
    wrong = [name for name in (*act_date, *([received_field] if received_field else [])) if name not in form_dates]
    if wrong:
        raise ModelError(f"{where}: act_date, received_field phải là trường ngày của biểu mẫu: {', '.join(wrong)}.")
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
        not_before=tuple(not_before),
        received_field=received_field,
        act_date=act_date,
        answers=tuple(a.strip() for a in props.get("answers", "").split(",") if a.strip()),
    )
