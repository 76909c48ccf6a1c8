"""Agency kinds (the BPMN lanes' roles) as data: workflows/roles.toml.

Jurisdiction is data: a commune belongs to a district and a district to a province, or,
after 1/7/2025, the commune belongs to the province directly. Each agency sits at one
administrative unit and may serve a list of communes (agency_service_area); a role's
level says at which unit above the commune a dossier looks for its agency."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import ModelError

ROLES_FILE = "roles.toml"
LEVELS = ("commune", "district", "province", "national")
"""A national agency (a department of the Ministry of Public Security) serves every commune."""
REQUIRED = ("label", "level", "signer_title")


@dataclass(frozen=True)
class Role:
    kind: str
    label: str
    level: str
    signer_title: str
    parent_level: str | None = None
    parent_prefix: str | None = None
    """The document header names the body above the agency: "{prefix} {unit at parent_level}"."""


class RoleTable:
    """The agency kinds in the order of the file (pages list parties in that order)."""

    def __init__(self, roles: Mapping[str, Role]):
        self._roles = dict(roles)

    def __contains__(self, kind: object) -> bool:
        return kind in self._roles

    def __iter__(self) -> Iterator[str]:
        return iter(self._roles)

    def __getitem__(self, kind: str) -> Role:
        return self._roles[kind]

    def get(self, kind: str) -> Role | None:
        return self._roles.get(kind)

    def label(self, kind: str) -> str:
        return self._roles[kind].label

    def level(self, kind: str) -> str:
        return self._roles[kind].level

    def position(self, kind: str) -> int:
        return list(self._roles).index(kind)


def load_roles(path: Path) -> RoleTable:
    """Read and check the table; a missing field or a bad level stops start-up."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ModelError(f"{path.name}: không đọc được bảng vai trò ({exc}).") from exc
    return parse_roles(raw, path.name)


def parse_roles(raw: Mapping, name: str = ROLES_FILE) -> RoleTable:
    roles = {}
    for kind, entry in raw.items():
        where = f"{name} [{kind}]"
        if not isinstance(entry, Mapping):
            raise ModelError(f"{where}: phải là một bảng (label, level, signer_title).")
        missing = [key for key in REQUIRED if not isinstance(entry.get(key), str) or not entry[key].strip()]
        if missing:
            raise ModelError(f"{where}: thiếu {', '.join(missing)}.")
        if entry["level"] not in LEVELS:
            raise ModelError(f"{where}: level phải là một trong {', '.join(LEVELS)} (giá trị: {entry['level']!r}).")
        parent = entry.get("parent_prefix")
        if parent is not None and (
            not isinstance(parent, Mapping)
            or parent.get("level") not in LEVELS
            or not isinstance(parent.get("prefix"), str)
            or not parent["prefix"].strip()
        ):
            raise ModelError(f'{where}: parent_prefix phải có dạng {{ level = "district", prefix = "Công an" }}.')
        roles[kind] = Role(
            kind,
            entry["label"],
            entry["level"],
            entry["signer_title"],
            parent["level"] if parent else None,
            parent["prefix"] if parent else None,
        )
    if not roles:
        raise ModelError(f"{name}: không có vai trò nào.")
    return RoleTable(roles)
