"""The engine's notion of now. Vietnam has one time zone and no daylight saving.

Services take a Clock so a deployment or a test can swap it; SystemClock reads the
system time on each call (so time_machine in the tests moves it too)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Protocol

from forms.vn import VN_TZ

__all__ = ["VN_TZ", "Clock", "SystemClock", "now"]


class Clock(Protocol):
    def now(self) -> datetime:
        """An aware UTC datetime."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        """Today in Vietnam."""
        return self.now().astimezone(VN_TZ).date()


def now() -> datetime:
    return datetime.now(UTC)
