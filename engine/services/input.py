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
    """Each field's messages as a list; those of a list's items (keyed by index) join their field's."""
    if isinstance(messages, dict):
        return {key: _messages(value) for key, value in messages.items()}
    return {"_schema": list(messages)}


def _messages(value) -> list[str]:
    if isinstance(value, dict):
        return list(dict.fromkeys(message for nested in value.values() for message in _messages(nested)))
    return [str(message) for message in value] if isinstance(value, list) else [str(value)]


def jsonable(data: Mapping) -> dict:
    """Task data is JSON: dates become ISO strings."""
    return {key: value.isoformat() if isinstance(value, date) else value for key, value in data.items()}
