"""Reminder policy per legal parameter (workflows/reminders.toml) and the date windows
each policy owes a reminder for on a given day. Pure: no database."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ..calendar import WorkingCalendar
from ..errors import ModelError


@dataclass(frozen=True)
class ReminderPolicy:
    before: tuple[int, ...] = (1, 0)
    overdue: bool = True
    escalate_after: int = 2


@dataclass(frozen=True)
class HourPolicy:
    """Reminders of hour limits, as shares of the limit's length (workflows/reminders.toml [hours])."""

    soon_left: float = 0.25
    at_expiry: bool = True
    escalate_after: float = 0.25


def load_hour_policy(path: Path) -> HourPolicy:
    """The [hours] table; a share outside (0, 1] stops start-up."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8")).get("hours", {})
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ModelError(f"{path}: không đọc được chính sách nhắc hạn ({exc}).") from exc
    policy = HourPolicy(**{key: raw[key] for key in ("soon_left", "at_expiry", "escalate_after") if key in raw})
    shares = (policy.soon_left, policy.escalate_after)
    if not all(isinstance(v, int | float) and 0 < v <= 1 for v in shares) or not isinstance(policy.at_expiry, bool):
        raise ModelError(f"{path} [hours]: soon_left, escalate_after là tỉ lệ trong (0, 1]; at_expiry là true/false.")
    return policy


def load_policies(path: Path, parameter_names) -> tuple[ReminderPolicy, dict[str, ReminderPolicy]]:
    """The default policy and the per-parameter ones; a name that is not a legal
    parameter, or a malformed value, stops start-up."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ModelError(f"{path}: không đọc được chính sách nhắc hạn ({exc}).") from exc

    def policy(entry: Mapping, base: ReminderPolicy, where: str) -> ReminderPolicy:
        before = tuple(entry.get("before", base.before))
        escalate_after = entry.get("escalate_after", base.escalate_after)
        overdue = entry.get("overdue", base.overdue)
        if (
            not all(isinstance(n, int) and n >= 0 for n in before)
            or not isinstance(overdue, bool)
            or not isinstance(escalate_after, int)
            or escalate_after < 0
        ):
            raise ModelError(
                f"{path} [{where}]: before là danh sách số ngày không âm, overdue là true/false, "
                "escalate_after là số nguyên không âm."
            )
        return ReminderPolicy(before=before, overdue=overdue, escalate_after=escalate_after)

    default = policy(raw.get("default", {}), ReminderPolicy(), "default")
    overrides = {}
    for name, entry in raw.get("parameters", {}).items():
        if name not in parameter_names:
            raise ModelError(f"{path}: [parameters.{name}] không phải tham số thời hạn trong legal_parameters.toml.")
        overrides[name] = policy(entry, default, f"parameters.{name}")
    return default, overrides


def windows(policy: ReminderPolicy, today: date, calendar: WorkingCalendar) -> list[tuple[str, date | None, date]]:
    """(kind, first deadline, deadline before which) of the reminders owed today: a
    deadline in [first, before) owes that kind. Deadlines on days off count with the
    working day before them. An escalation is owed by every deadline at least
    `escalate_after` working days past; it is keyed by its deadline, so owed once."""
    if not calendar.is_working_day(today):
        return []
    ahead = [today]  # ahead[k]: the k-th working day after today (ahead[0]: today)
    while len(ahead) < max(policy.before, default=0) + 2:
        ahead.append(calendar.add_working_days(ahead[-1], 1))
    owed: list[tuple[str, date | None, date]] = [
        ("due_today" if n == 0 else "due_soon", ahead[n] if n else today, ahead[n + 1]) for n in policy.before
    ]
    if policy.overdue:
        owed.append(("overdue", None, today))
    if policy.escalate_after:
        back = today  # the escalate_after-th most recent working day, today counting as the first
        for _ in range(policy.escalate_after - 1):
            back = calendar.previous_working_day(back - timedelta(days=1))
        owed.append(("escalation", None, back))
    return owed
