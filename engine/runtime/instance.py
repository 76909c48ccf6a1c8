"""Running one process instance with SpiffWorkflow: start or load it, run it to the
next wait state, and store it back on its row.

`advance()` returns what happened meanwhile (timers that fired, messages thrown by end
events) instead of acting on it: the calling service decides, in the same unit of work,
to audit the timers and to start the next procedure's dossier."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.end_event import EndEvent
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.task import Task as SpiffTask
from SpiffWorkflow.util.task import TaskState

from ..errors import ModelError
from ..model.bundle import ModelBundle
from ..model.versions import ModelVersions
from ..persistence.tables import Dossier, ProcessInstance
from ..settings import Settings
from .expressions import script_engine
from .serialization import SERIALIZER_VERSION

TIMER_EVENTS = {"TimeDateEventDefinition", "DurationTimerEventDefinition", "CycleTimerEventDefinition"}
RUNTIME_ERRORS = (SpiffWorkflowException,)
"""What a broken model raises while running (the timer loop logs these and goes on)."""


@dataclass(frozen=True)
class ThrownMessage:
    name: str
    payload: dict


@dataclass
class Advance:
    """What happened while the instance ran to its next wait state."""

    fired_timers: list[str] = field(default_factory=list)
    thrown_messages: list[ThrownMessage] = field(default_factory=list)


def ready_tasks(workflow: BpmnWorkflow) -> dict[str, SpiffTask]:
    """The user tasks waiting for an officer, by SpiffWorkflow task id."""
    return {str(t.id): t for t in workflow.get_tasks(state=TaskState.READY, manual=True)}


def timer_waits(workflow: BpmnWorkflow) -> list[dict]:
    """The timers the workflow waits on, each {"event": bpmn id, "at": ISO instant}: the legal
    periods running, which the pages show from the projection without loading the workflow."""
    waits = []
    for task in workflow.event_manager.tasks.values():
        event = task.task_spec.event_definition.details(task)
        if event.event_type in TIMER_EVENTS and event.value:
            waits.append({"event": task.task_spec.bpmn_id, "at": datetime.fromisoformat(event.value).isoformat()})
    return sorted(waits, key=lambda wait: wait["at"])


def process_variables(workflow: BpmnWorkflow) -> dict:
    """The process data as the next step sees it (start data, entries, computed dates), or
    as the last step left it once the instance ended: plain values only. Stored on save, so
    documents and pages read them without loading the workflow."""
    data: dict = dict(workflow.last_task.data) if workflow.last_task is not None else {}
    for task in ready_tasks(workflow).values():
        data.update(task.data)
    return {key: value for key, value in data.items() if isinstance(value, str | int | float | bool | list)}


class ProcessRuntime:
    def __init__(self, versions: ModelVersions):
        self.versions = versions

    def start(self, bundle: ModelBundle, process_id: str, data: Mapping, settings: Settings) -> BpmnWorkflow:
        spec, subprocess_specs = bundle.spec(process_id)
        workflow = BpmnWorkflow(spec, subprocess_specs, script_engine=script_engine(settings))
        workflow.get_next_task(state=TaskState.READY).data.update(data)
        return workflow

    def new_instance(self, dossier: Dossier, process_id: str, bundle: ModelBundle, moment: datetime) -> ProcessInstance:
        return ProcessInstance(
            dossier_id=dossier.id,
            process_id=process_id,
            spec_version=bundle.version,
            serializer_version=SERIALIZER_VERSION,
            state=b"",
            created_at=moment,
            updated_at=moment,
        )

    def load(self, instance: ProcessInstance, bundle: ModelBundle, settings: Settings) -> BpmnWorkflow:
        workflow = self.versions.serializer(bundle.version).deserialize_json(instance.state, use_gzip=True)
        workflow.script_engine = script_engine(settings)
        return workflow

    def check_loads(self, instance: ProcessInstance, version: str) -> None:
        """Raises unless what was stored loads back with `version`."""
        self.versions.serializer(version).deserialize_json(instance.state, use_gzip=True)

    def variables(self, instance: ProcessInstance, bundle: ModelBundle, settings: Settings) -> dict:
        """The process data stored with the instance (see `process_variables`); an instance
        last saved before the column existed is read from its workflow once more."""
        if instance.variables is not None:
            return dict(instance.variables)
        return process_variables(self.load(instance, bundle, settings))

    def complete(self, spiff_task, data: Mapping) -> None:
        spiff_task.set_data(**data)
        spiff_task.run()

    def advance(self, workflow: BpmnWorkflow, refresh_timers: bool = False) -> Advance:
        """Run to the next wait state (a period that already ended when its step began
        fires here at once)."""
        before = {t.id for t in workflow.get_tasks(state=TaskState.COMPLETED)}
        try:
            if refresh_timers:
                workflow.refresh_timers()
            workflow.do_engine_steps()
        except SpiffWorkflowException as exc:
            raise ModelError(f"Lỗi khi chạy mô hình: {exc}") from exc
        fired = [
            t.task_spec.bpmn_name or t.task_spec.name
            for t in workflow.get_tasks(state=TaskState.COMPLETED)
            if t.id not in before and type(getattr(t.task_spec, "event_definition", None)).__name__ in TIMER_EVENTS
        ]
        thrown = [
            ThrownMessage(event.event_definition.name, event.payload if isinstance(event.payload, dict) else {})
            for event in workflow.get_events()
            if isinstance(event.event_definition, MessageEventDefinition)
        ]
        return Advance(fired, thrown)

    def store(self, instance: ProcessInstance, dossier: Dossier, workflow: BpmnWorkflow, moment: datetime) -> None:
        """Serialize, set the timer index, and bring the dossier's step and status in step."""
        instance.state = self.versions.serializer(instance.spec_version).serialize_json(workflow, use_gzip=True)
        instance.updated_at = moment
        waits = timer_waits(workflow)
        instance.waits = waits
        instance.variables = process_variables(workflow)
        instance.next_timer_at = min(datetime.fromisoformat(wait["at"]) for wait in waits) if waits else None
        dossier.updated_at = moment
        if workflow.is_completed():
            instance.status = "completed"
            end = next(
                (
                    t
                    for t in workflow.get_tasks(state=TaskState.COMPLETED)
                    if isinstance(t.task_spec, EndEvent) and t.task_spec.bpmn_id
                ),
                None,
            )
            dossier.status, dossier.closed_at = "closed", moment
            dossier.outcome = end.task_spec.bpmn_id if end else None
            dossier.current_step = end.task_spec.bpmn_name if end else "Đã kết thúc"
        else:
            names = [t.task_spec.bpmn_name for t in ready_tasks(workflow).values()]
            waiting = [e.name for e in workflow.waiting_events()] if not names else []
            dossier.current_step = "; ".join(names or waiting) or None
