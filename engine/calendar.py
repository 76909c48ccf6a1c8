"""Vietnamese working-day calendar for legal time limits.

Official days off, substituted days off and make-up working Saturdays come from the
`holidays` package; the database may add overrides (a day off or a make-up working
day announced after the package was released), which win over the package.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import holidays

from forms.vn import VN_TZ

MAX_SCAN_DAYS = 3660
"""A scan for the next working day gives up after ten years: only a broken override
table (every day off) could get there."""


class CalendarError(ValueError):
    """Raised for arguments no legal time limit can have."""


class WorkingCalendar:
    """Working days: Monday–Friday that are not days off, plus make-up working days."""

    def __init__(self, overrides: Mapping[date, bool] | None = None):
        self._official = holidays.country_holidays("VN", language="vi")
        self._overrides = dict(overrides or {})

    def is_working_day(self, day: date) -> bool:
        if day in self._overrides:
            return self._overrides[day]
        return self._official.is_working_day(day)

    def exceptions(self, year: int) -> list[tuple[date, bool, str, str]]:
        """The days of a year that differ from Monday–Friday: (day, is working day, name,
        "official" or "override"), in date order."""
        self._official.get(date(year, 1, 1))  # makes the package compute the year
        days = {}
        for day, name in self._official.items():
            if day.year == year and day.weekday() < 5:
                days[day] = (day, False, name, "official")
        for day in self._official.weekend_workdays:
            if day.year == year:
                days[day] = (day, True, "Ngày làm việc bù", "official")
        for day, working in self._overrides.items():
            if day.year == year:
                days[day] = (
                    day,
                    working,
                    "Ngày làm việc (điều chỉnh)" if working else "Ngày nghỉ (điều chỉnh)",
                    "override",
                )
        return [days[day] for day in sorted(days)]

    def next_working_day(self, day: date) -> date:
        """`day` itself when it is a working day, else the first working day after it."""
        for _ in range(MAX_SCAN_DAYS):
            if self.is_working_day(day):
                return day
            day += timedelta(days=1)
        raise CalendarError("Không tìm thấy ngày làm việc nào trong 10 năm: kiểm tra bảng ngày nghỉ.")

    def previous_working_day(self, day: date) -> date:
        """`day` itself when it is a working day, else the last working day before it."""
        for _ in range(MAX_SCAN_DAYS):
            if self.is_working_day(day):
                return day
            day -= timedelta(days=1)
        raise CalendarError("Không tìm thấy ngày làm việc nào trong 10 năm: kiểm tra bảng ngày nghỉ.")

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start` (`start` itself is not counted)."""
        if n < 0:
            raise CalendarError("Số ngày làm việc phải không âm.")
        day = start
        for _ in range(n):
            day = self.next_working_day(day + timedelta(days=1))
        return day

    def subtract_working_days(self, end: date, n: int) -> date:
        """The n-th working day before `end` (`end` itself is not counted)."""
        if n < 0:
            raise CalendarError("Số ngày làm việc phải không âm.")
        day = end
        for _ in range(n):
            day = self.previous_working_day(day - timedelta(days=1))
        return day

    def add_days(self, start: date, n: int) -> date:
        """Calendar days counted from the day after `start`; a last day that is not a
        working day moves to the next working day (Bộ luật Dân sự 2015, Điều 148)."""
        if n < 0:
            raise CalendarError("Số ngày phải không âm.")
        return self.next_working_day(start + timedelta(days=n))

    @staticmethod
    def add_months(start: date, n: int) -> date:
        """The same day n months later, or that month's last day when it has none."""
        if n < 0:
            raise CalendarError("Số tháng phải không âm.")
        month_index = start.month - 1 + n
        year, month = start.year + month_index // 12, month_index % 12 + 1
        last_day = _stdlib_calendar.monthrange(year, month)[1]
        return date(year, month, min(start.day, last_day))


def working_days_between(start: date, end: date, calendar: WorkingCalendar) -> int:
    """Working days in (start, end]: the one day count of the inbox, the pages and the e-mails."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += calendar.is_working_day(day)
    return count


HOUR_UNITS = frozenset({"hours", "hours_before"})
"""Limits counted in clock hours: they end on an instant, not a day."""


@dataclass(frozen=True)
class Countdown:
    """How a deadline stands now, for display: kind is overdue, today, open or unknown;
    `due_soon` marks an open deadline inside the reminder policy's due-soon window (for
    an hour limit: the last quarter of it). An hour limit (`due_at` set) counts
    `minutes` to or past its instant; a day limit counts working `days`."""

    kind: str
    days: int = 0
    due_soon: bool = False
    due_at: datetime | None = None
    minutes: int = 0

    @property
    def text(self) -> str:
        if self.kind == "unknown":
            return "chưa xác định thời hạn (chưa xác minh)"
        if self.due_at is not None:
            amount = clock_amount(self.minutes)
            due = self.due_at.astimezone(VN_TZ).strftime("hạn %H:%M ngày %d/%m/%Y")
            return f"quá hạn {amount} ({due})" if self.kind == "overdue" else f"còn {amount} ({due})"
        if self.kind == "overdue":
            return f"quá hạn {self.days} ngày làm việc"
        if self.kind == "today":
            return "đến hạn hôm nay"
        return f"còn {self.days} ngày làm việc"


def clock_amount(minutes: int) -> str:
    """ "45 phút", "5 giờ", and from 48 hours "9 ngày 7 giờ" (calendar days: hour limits run
    across days off)."""
    if minutes < 60:
        return f"{minutes} phút"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} giờ"
    days, rest = divmod(hours, 24)
    return f"{days} ngày {rest} giờ" if rest else f"{days} ngày"


def countdown(deadline: date | None, today: date, calendar: WorkingCalendar, *, due_soon: bool = False) -> Countdown:
    """Working days past or left; overdue and left alike are counted in working days."""
    if deadline is None:
        return Countdown("unknown")
    if deadline < today:
        return Countdown("overdue", working_days_between(deadline, today, calendar))
    if deadline == today:
        return Countdown("today")
    return Countdown("open", working_days_between(today, deadline, calendar), due_soon)


def hour_countdown(due_at: datetime | None, now: datetime, started_at: datetime | None = None) -> Countdown:
    """Clock time past or left of an hour limit; due soon in its last quarter."""
    if due_at is None:
        return Countdown("unknown")
    left = due_at - now
    if left.total_seconds() <= 0:
        return Countdown("overdue", due_at=due_at, minutes=int(-left.total_seconds() // 60))
    soon = started_at is not None and left <= (due_at - started_at) / 4
    return Countdown("open", due_soon=soon, due_at=due_at, minutes=int(left.total_seconds() // 60))


def task_countdown(
    unit: str,
    deadline_on: date | None,
    deadline_at: datetime | None,
    started_at: datetime | None,
    now: datetime,
    calendar: WorkingCalendar,
    *,
    due_soon: bool = False,
) -> Countdown:
    """The one countdown of a task for inbox, pages and e-mails: hours for hour limits,
    working days otherwise."""
    if unit in HOUR_UNITS and deadline_at is not None:
        return hour_countdown(deadline_at, now, started_at)
    return countdown(deadline_on, now.astimezone(VN_TZ).date(), calendar, due_soon=due_soon)


default_calendar = WorkingCalendar()
"""The package calendar alone; the engine builds its own with the database overrides."""


def add_working_days(start: date, n: int) -> date:
    return default_calendar.add_working_days(start, n)


def add_days(start: date, n: int) -> date:
    return default_calendar.add_days(start, n)


def add_months(start: date, n: int) -> date:
    return WorkingCalendar.add_months(start, n)
