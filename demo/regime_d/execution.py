"""Valid form data and acting officer of every Regime D step: execution."""

from __future__ import annotations

FORM_DATA: dict[str, dict[str, dict]] = {}
"""process id -> BPMN task id -> form data"""
ACTOR: dict[str, dict[str, str]] = {}
"""process id -> BPMN task id -> key of demo.directory.USERNAMES"""
