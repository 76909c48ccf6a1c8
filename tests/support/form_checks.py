"""Checks every task form must pass, shared by the form test modules."""

import datetime as dt
import re

FIELD_TYPES = {"text", "textarea", "date", "int", "bool", "choice"}
VIETNAMESE = re.compile(r"[^\x00-\x7f]")


def check_fields(described: list[dict], expected: list[tuple[str, bool]]) -> None:
    """Field names, order and required flags as the contract says; Vietnamese labels."""
    assert [(f["name"], f["required"]) for f in described] == expected
    for field in described:
        assert field["type"] in FIELD_TYPES
        assert VIETNAMESE.search(field["label"]), f"{field['name']}: label without Vietnamese"


def check_choice(described: dict, codes: list[str], refusal: list[str]) -> None:
    """A choice offers exactly these codes with Vietnamese labels, and refuses any other."""
    assert described["type"] == "choice"
    assert [code for code, _ in described["choices"]] == codes
    assert all(VIETNAMESE.search(label) for _, label in described["choices"])
    assert refusal == ["Lựa chọn không hợp lệ."]


def check_loaded(loaded: dict, payload: dict, defaults, described: list[dict]) -> None:
    """A valid submission loads every sent field (and the defaults) with its Python type."""
    assert set(loaded) == {key for key, value in payload.items() if value != ""} | set(defaults)
    types = {f["name"]: f["type"] for f in described}
    for key, value in loaded.items():
        expected = {"date": dt.date, "bool": bool, "int": int}.get(types[key], str)
        assert type(value) is expected, key
