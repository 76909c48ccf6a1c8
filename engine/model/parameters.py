"""Legal time-limit parameters (workflows/legal_parameters*.toml) and deadline arithmetic.

Day limits end on a day (the last day to act); hour limits end on an instant: "24 giờ"
counts clock hours from the moment that starts the clock, across nights, weekends and
days off, in Vietnam time."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from ..calendar import HOUR_UNITS, WorkingCalendar
from ..clock import VN_TZ
from ..errors import ModelError

UNITS = {
    "working_days": "ngày làm việc",
    "days": "ngày",
    "months": "tháng",
    "years": "năm",
    "hours": "giờ",
    "days_before": "ngày trước",
    "hours_before": "giờ trước",
    "wdays_before": "ngày làm việc trước",
    "immediate": "ngay",
}

STATUSES = {
    "V": "Đã đối chiếu văn bản gốc",
    "V-partial": "Đã đối chiếu văn bản gốc (một phần)",
    "V1": "V¹ – một bản sao (đã đối chiếu bản sao duy nhất tìm được của văn bản)",
    "S": "Nguồn thứ cấp",
    "UNVERIFIED": "Chưa xác minh",
}
REQUIRED_KEYS = ("label", "unit", "clock_start", "legal_basis", "status")


@dataclass(frozen=True)
class LegalParameter:
    name: str
    label: str
    value: int | None
    unit: str
    clock_start: str
    legal_basis: str
    status: str
    note: str = ""
    amended_by: str = ""
    """The citation of the administrator's latest amendment, if any."""

    @property
    def verified(self) -> bool:
        return self.status in ("V", "V-partial", "V1")

    @property
    def in_hours(self) -> bool:
        return self.unit in HOUR_UNITS

    def describe(self) -> str:
        """ "05 ngày làm việc", or why there is no figure."""
        if self.unit == "immediate":
            return "ngay khi phát sinh"
        if self.value is None:
            return "chưa xác định (chưa xác minh được văn bản)"
        return f"{self.value:02d} {UNITS[self.unit]}"

    def deadline_at(self, start: datetime, calendar: WorkingCalendar) -> datetime | None:
        """The instant the limit runs out. Hours count from `start` itself; a window
        ("trong N giờ trước khi …") is due at the reference instant `start`. A day limit
        runs to the end of its last day (midnight after it, Vietnam time)."""
        if self.value is None and self.unit != "immediate":
            return None
        if self.unit == "hours":
            return start + timedelta(hours=self.value or 0)
        if self.unit in ("hours_before", "immediate"):
            return start
        day = self.deadline(start.astimezone(VN_TZ).date(), calendar)
        return None if day is None else datetime.combine(day + timedelta(days=1), time(0), tzinfo=VN_TZ)

    def window_opens(self, reference: datetime, calendar: WorkingCalendar) -> datetime:
        """When a window limit ("trong N giờ / N ngày làm việc trước khi …") opens."""
        if self.value is None:
            raise ModelError(f"Tham số '{self.name}' chưa có giá trị nên không tính được thời điểm bắt đầu.")
        if self.unit == "hours_before":
            return reference - timedelta(hours=self.value)
        if self.unit == "wdays_before":
            day = calendar.subtract_working_days(reference.astimezone(VN_TZ).date(), self.value)
            return datetime.combine(day, time(0), tzinfo=VN_TZ)
        raise ModelError(f"Tham số '{self.name}' không phải thời hạn tính ngược (hours_before, wdays_before).")

    def deadline(self, start: date, calendar: WorkingCalendar) -> date | None:
        """The last day to act, or None when the law gives no figure we could verify.
        `days_before` counts back from `start` ("at the latest n days before"), so a day
        off moves the deadline earlier, never later; a `wdays_before` window is due on
        its reference day (the last working day up to it). Hours round up to whole days
        here (a 24-hour limit is due the next day); `deadline_at` gives the instant."""
        if self.unit in ("immediate", "hours_before"):
            return start
        if self.value is None:
            return None
        if self.unit == "working_days":
            return calendar.add_working_days(start, self.value)
        if self.unit == "days":
            return calendar.add_days(start, self.value)
        if self.unit == "months":
            return calendar.add_months(start, self.value)
        if self.unit == "years":
            return calendar.add_months(start, 12 * self.value)
        if self.unit == "days_before":
            return calendar.previous_working_day(start - timedelta(days=self.value))
        if self.unit == "wdays_before":
            return calendar.previous_working_day(start)
        return start + timedelta(days=-(-self.value // 24))


def load_parameter_files(workflows_dir: Path) -> dict[str, LegalParameter]:
    """legal_parameters.toml and the files beside it (legal_parameters_<regime>.toml);
    a name defined twice stops start-up."""
    params: dict[str, LegalParameter] = {}
    for path in sorted(workflows_dir.glob("legal_parameters*.toml")):
        for name, parameter in load_parameters(path).items():
            if name in params:
                raise ModelError(f"{path}: tham số [{name}] đã được khai báo trong một tệp tham số khác.")
            params[name] = parameter
    if not params:
        raise ModelError(f"{workflows_dir}: không có tệp tham số thời hạn legal_parameters*.toml.")
    return params


def load_parameters(path: Path) -> dict[str, LegalParameter]:
    """Parse and check one parameters file; any defect stops start-up with its name."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ModelError(f"{path}: không đọc được tệp tham số thời hạn ({exc}).") from exc
    params = {}
    for name, entry in raw.items():
        missing = [key for key in REQUIRED_KEYS if not entry.get(key)]
        if missing:
            raise ModelError(f"{path}: tham số [{name}] thiếu {', '.join(missing)}.")
        if entry["unit"] not in UNITS:
            raise ModelError(f"{path}: tham số [{name}] có đơn vị không hợp lệ '{entry['unit']}'.")
        if entry["status"] not in STATUSES:
            raise ModelError(f"{path}: tham số [{name}] có trạng thái xác minh không hợp lệ '{entry['status']}'.")
        value = entry.get("value")
        if value is not None and (not isinstance(value, int) or value < 0):
            raise ModelError(f"{path}: tham số [{name}] phải có giá trị là số nguyên không âm.")
        if value is None and entry["unit"] != "immediate" and entry["status"] != "UNVERIFIED":
            raise ModelError(f"{path}: tham số [{name}] không có giá trị thì phải đánh dấu UNVERIFIED.")
        params[name] = LegalParameter(
            name=name,
            label=entry["label"],
            value=value,
            unit=entry["unit"],
            clock_start=entry["clock_start"],
            legal_basis=entry["legal_basis"],
            status=entry["status"],
            note=entry.get("note", ""),
        )
    return params


def amend(base: dict[str, LegalParameter], changes) -> dict[str, LegalParameter]:
    """The file's parameters with each one's latest recorded change applied
    (changes: (name, value, status, citation, note) oldest first)."""
    amended = dict(base)
    for name, value, status, citation, note in changes:
        if name in amended:
            amended[name] = replace(
                amended[name], value=value, status=status, note=note or amended[name].note, amended_by=citation
            )
    return amended


def check_change(parameter: LegalParameter, value: int | None, status: str, citation: str) -> dict[str, list[str]]:
    """Why an amendment cannot be accepted, by field; empty when it can."""
    errors = {}
    if len(citation.strip()) < 10:
        errors["citation"] = ["Phải ghi căn cứ pháp lý của thay đổi (văn bản, điều, khoản)."]
    if status not in STATUSES:
        errors["status"] = ["Trạng thái xác minh không hợp lệ."]
    if value is not None and value < 0:
        errors["value"] = ["Giá trị phải là số nguyên không âm."]
    if value is None and parameter.unit != "immediate" and status != "UNVERIFIED":
        errors["value"] = ["Thời hạn không có giá trị thì phải đánh dấu chưa xác minh (UNVERIFIED)."]
    return errors
