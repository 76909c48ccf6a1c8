"""Form input: validated by the form's schema, stored as JSON."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from marshmallow import ValidationError

from ..errors import ValidationFailed


def validate(schema, payload: Mapping) -> dict:
    try:
        return schema.load(dict(payload))
    except ValidationError as exc:
        raise ValidationFailed(flatten(exc.messages)) from exc


def flatten(messages) -> dict[str, list[str]]:
    if isinstance(messages, dict):
        return {key: value if isinstance(value, list) else [str(value)] for key, value in messages.items()}
    return {"_schema": list(messages)}


def jsonable(data: Mapping) -> dict:
    """Task data is JSON: dates become ISO strings."""
    return {key: value.isoformat() if isinstance(value, date) else value for key, value in data.items()}
