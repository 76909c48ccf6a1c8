"""The functions BPMN expressions may call. They are bound to one settings snapshot,
the one the calling action uses for its task deadlines too."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment

from ..clock import VN_TZ
from ..errors import EngineError
from ..settings import Settings


def timer_at(iso: str) -> str:
    """The moment a period ends: an instant (ISO with a time) is itself; a period ending
    on a day is over at midnight after it, Vietnam time."""
    if "T" in iso:
        return instant(iso).isoformat()
    day_after = date.fromisoformat(iso) + timedelta(days=1)
    return datetime.combine(day_after, time(0), tzinfo=VN_TZ).isoformat()


def instant(iso: str) -> datetime:
    """An ISO instant of task data; one without an offset is Vietnam time, a bare date
    is its first moment."""
    moment = datetime.fromisoformat(iso)
    if "T" not in iso:
        moment = datetime.combine(moment.date(), time(0))
    return moment if moment.tzinfo else moment.replace(tzinfo=VN_TZ)


def script_engine(settings: Settings) -> PythonScriptEngine:
    calendar = settings.calendar

    def deadline_date(parameter: str, start_iso: str) -> str:
        deadline = settings.parameters[parameter].deadline(date.fromisoformat(start_iso), calendar)
        if deadline is None:
            raise EngineError(f"Tham số '{parameter}' chưa có giá trị nên không tính được thời điểm hết hạn.")
        return deadline.isoformat()

    def deadline_at(parameter: str, start_iso: str) -> str:
        moment = settings.parameters[parameter].deadline_at(instant(start_iso), calendar)
        if moment is None:
            raise EngineError(f"Tham số '{parameter}' chưa có giá trị nên không tính được thời điểm hết hạn.")
        return moment.astimezone(VN_TZ).isoformat()

    def window_opens(parameter: str, reference_iso: str) -> str:
        return settings.parameters[parameter].window_opens(instant(reference_iso), calendar).isoformat()

    def months_after(start_iso: str, months: int) -> str:
        return calendar.add_months(date.fromisoformat(start_iso), int(months)).isoformat()

    def term_end(admitted_iso: str, months: int, credit_from_iso: str | None) -> str:
        """End of a term served at a facility; days already spent at a management facility
        while the dossier was prepared are deducted (NĐ 116/2021 Điều 44.3)."""
        admitted = date.fromisoformat(admitted_iso)
        end = calendar.add_months(admitted, int(months))
        if credit_from_iso:
            end -= admitted - date.fromisoformat(credit_from_iso)
        return end.isoformat()

    return PythonScriptEngine(
        environment=TaskDataEnvironment(
            {
                "deadline_date": deadline_date,
                "deadline_at": deadline_at,
                "window_opens": window_opens,
                "timer_at": timer_at,
                "months_after": months_after,
                "term_end": term_end,
            }
        )
    )
