"""The diff of a running instance against another model version, SpiffWorkflow's
safety rule, and the move itself (see shared/reference/workflow-engines.md §1.15):

* `diff_workflow` aligns the instance's tasks with the new process spec (by BPMN id, then
  by structure) and lists the tasks whose spec changed or was removed;
* the safety rule of SpiffWorkflow's `can_migrate` (docs/bpmn/diffs.rst): refuse when any
  changed or removed task is COMPLETED or STARTED, when a subprocess has no counterpart in
  the new version, or here also when the process itself is gone;
* `migrate_workflow` with SpiffArena's reset mask READY|WAITING|STARTED re-predicts what
  comes after the current steps from the new spec."""

from __future__ import annotations

from dataclasses import dataclass, field

from SpiffWorkflow.bpmn.util.diff import (
    SpecDiff,
    WorkflowDiff,
    diff_dependencies,
    diff_workflow,
    filter_tasks,
    migrate_workflow,
)
from SpiffWorkflow.util.task import TaskState

from ..errors import EngineError
from ..model.bundle import ModelBundle
from ..model.versions import ModelVersions

RESET_MASK = TaskState.READY | TaskState.WAITING | TaskState.STARTED
"""Tasks whose children are dropped and predicted again from the new spec (SpiffArena's mask)."""
UNSAFE = TaskState.COMPLETED | TaskState.STARTED
"""A changed or removed task in one of these states blocks the move."""
MISSING_PROCESS = "Quy trình không còn trong phiên bản mô hình mới"


@dataclass
class Plan:
    """The diff of one instance against the current version, and the verdict."""

    top: WorkflowDiff | None = None
    """None when the target version lacks the process (the plan is refused)."""
    subprocesses: dict = field(default_factory=dict)
    refusals: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)

    def changed_task_ids(self) -> set[str]:
        """The ids of the instance's tasks whose element changed in the target version."""
        return {str(task.id) for task in self.top.changed} if self.top is not None else set()


def display(spec) -> str:
    """A BPMN element as people know it."""
    return spec.bpmn_name or spec.bpmn_id or spec.name


def plan_move(versions: ModelVersions, workflow, target: ModelBundle, process_id: str) -> Plan:
    """What moving `workflow` to `target` would change, and why it may not be moved."""
    registry = versions.serializer(target.version).registry
    plan = Plan()
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
        plan.added += [display(s) for s in spec_diff.added if s.bpmn_id]
        for spec, attributes in spec_diff.changed.items():
            if spec.bpmn_id:
                name, renamed = display(spec), display(spec_diff.alignment[spec])
                plan.changed.setdefault(name if renamed == name else f"{name} → {renamed}", sorted(attributes))
        plan.removed += [display(s) for s in spec_diff.removed if s.bpmn_id]
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
                reason = f"Bước «{display(task.task_spec)}» {done} nhưng {kind} phiên bản mới"
                if reason not in plan.refusals:
                    plan.refusals.append(reason)
    return plan


def apply_move(plan: Plan, workflow, target: ModelBundle, process_id: str) -> None:
    """migrate_workflow on the instance and on each running subprocess (diffs.rst)."""
    new_spec, dependencies = target.specs[process_id]
    migrate_workflow(plan.top, workflow, new_spec, reset_mask=RESET_MASK)
    for sp_id, subprocess in workflow.subprocesses.items():
        if sp_id in plan.subprocesses:
            migrate_workflow(
                plan.subprocesses[sp_id], subprocess, dependencies[subprocess.spec.name], reset_mask=RESET_MASK
            )
    workflow.subprocess_specs = dependencies
    strays = [
        t.task_spec.name
        for t in workflow.get_tasks(skip_subprocesses=True)
        if new_spec.task_specs.get(t.task_spec.name) is not t.task_spec
    ]
    if strays:
        raise EngineError("Sau khi chuyển vẫn còn bước không có trong phiên bản mới: " + ", ".join(sorted(set(strays))))
