"""Regime D task forms (Luật 120/2025/QH15, Nghị định 163/2026/NĐ-CP): term."""

from __future__ import annotations

from marshmallow import Schema

TASK_FORMS: dict[str, type[Schema]] = {}
