"""Workflow state serialization that stores the spec by name, not by copy.

The stock serializer embeds the whole process spec in every instance (70% of its size,
60% of its load time; see shared/reference/spiffworkflow-raw-bench.md). Each instance
row already records its model version, so the spec comes from that version instead."""

from __future__ import annotations

from uuid import UUID

from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter, WorkflowConverter
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

from ..model.bundle import ModelBundle

SERIALIZER_VERSION = BpmnWorkflowSerializer().VERSION


def make_serializer(bundle: ModelBundle) -> BpmnWorkflowSerializer:
    """A serializer bound to one model version."""

    class SpecByNameConverter(BpmnWorkflowConverter):
        def to_dict(self, workflow):
            dct = WorkflowConverter.to_dict(self, workflow)
            dct["spec"] = workflow.spec.name
            dct["subprocess_specs"] = sorted(workflow.subprocess_specs)
            dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
            dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
            return dct

        def from_dict(self, dct):
            spec, all_subprocess_specs = bundle.spec(dct.pop("spec"))
            subprocess_specs = {name: all_subprocess_specs[name] for name in dct.pop("subprocess_specs")}
            workflow = self.target_class(spec, subprocess_specs, deserializing=True)
            workflow.tasks = self.mapping_from_dict(dct["tasks"], UUID, workflow=workflow)
            workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
            self.set_default_attributes(workflow, dct)
            self.subprocesses_from_dict(dct["subprocesses"], workflow)
            workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
            return workflow

    config = dict(SPIFF_CONFIG)
    config[BpmnWorkflow] = SpecByNameConverter
    return BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(config))
