"""Vietnamese dates: the time zone, dd/mm/yyyy and ages, written once for forms,
documents, pages and e-mails."""

from __future__ import annotations

import datetime as dt

# Vietnam has had no daylight saving time since 1975, so a fixed offset is exact.
VN_TZ = dt.timezone(dt.timedelta(hours=7), "ICT")


def vn_today() -> dt.date:
    """Today's date in Vietnam, whatever the server's own time zone is."""
    return dt.datetime.now(VN_TZ).date()


def vn_now() -> dt.datetime:
    """The current moment in Vietnam time, to the second."""
    return dt.datetime.now(VN_TZ).replace(microsecond=0)


def age_on(birth_date: dt.date, on: dt.date) -> int:
    """Age in completed years on a given day ("đủ ... tuổi")."""
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def vn_date(value: dt.date | dt.datetime | None) -> str:
    """dd/mm/yyyy, the way dates are written in Vietnamese documents; a moment is first
    converted to Vietnam time, and no date at all is shown as a dash."""
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        value = value.astimezone(VN_TZ)
    return value.strftime("%d/%m/%Y")


def vn_datetime(value: dt.datetime | None) -> str:
    """dd/mm/yyyy HH:MM in Vietnam time."""
    if value is None:
        return "—"
    return value.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M")
