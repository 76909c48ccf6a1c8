"""DMN tables that refuse task data the law does not allow."""

from __future__ import annotations

import logging

from SpiffWorkflow.exceptions import SpiffWorkflowException

from ..errors import ValidationFailed
from ..model.bundle import ModelBundle, TaskDefinition

log = logging.getLogger(__name__)


def check_decision(bundle: ModelBundle, definition: TaskDefinition, spiff_task, data: dict) -> None:
    """The task's validation decision, run on its data merged with the form's; every
    `<x>_valid = false` it answers becomes the refusal `<x>_message`."""
    if not definition.validation_decision:
        return
    original = spiff_task.data
    spiff_task.data = {**original, **data}
    try:
        result = bundle.decisions[definition.validation_decision].result(spiff_task)
    except SpiffWorkflowException as exc:
        log.warning("decision %s failed: %s", definition.validation_decision, exc)
        result = {}
    finally:
        spiff_task.data = original
    if not result:
        raise ValidationFailed({"_schema": ["Không có quy tắc nào trong bảng quyết định áp dụng cho dữ liệu này."]})
    refusals = [
        result.get(key[: -len("_valid")] + "_message", "Dữ liệu không phù hợp quy định.")
        for key, value in result.items()
        if key.endswith("_valid") and value is False
    ]
    if refusals:
        raise ValidationFailed({"_schema": refusals})
