"""The amended legal limits and calendar overrides as one immutable snapshot.

Waitress serves requests on several threads while an administrator may amend a limit:
every reader takes `store.current` once and uses that snapshot for the whole action, and
a refresh builds the next snapshot completely before swapping it in with one attribute
assignment, so no task ever gets a parameter of one revision with the calendar of
another."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from sqlalchemy import select
from sqlalchemy.orm import Session

from .calendar import WorkingCalendar
from .model.parameters import LegalParameter, amend
from .persistence.tables import CalendarOverride, ConfigRevision, ParameterChange


@dataclass(frozen=True)
class Settings:
    parameters: Mapping[str, LegalParameter]
    calendar: WorkingCalendar
    revision: int | None = None
    """The config_revision row it was read at; None: the files only, never read."""


def file_settings(parameters: Mapping[str, LegalParameter]) -> Settings:
    return Settings(MappingProxyType(dict(parameters)), WorkingCalendar(), None)


class SettingsStore:
    """The process's current snapshot, refreshed from the database when its revision moved."""

    def __init__(self, file_parameters: Mapping[str, LegalParameter], read_sessions: Callable[[], Session]):
        self._file_parameters = dict(file_parameters)
        self._read_sessions = read_sessions
        self.current: Settings = file_settings(self._file_parameters)

    def refresh(self, session: Session | None = None) -> Settings:
        """One primary-key read when nothing changed; otherwise read the revision's rows
        in the same session and swap the snapshot."""
        if session is None:
            with self._read_sessions() as reading:
                return self.refresh(reading)
        revision = session.scalar(select(ConfigRevision.revision).where(ConfigRevision.id == 1)) or 0
        current = self.current
        if revision == current.revision:
            return current
        changes = session.execute(
            select(
                ParameterChange.name,
                ParameterChange.value,
                ParameterChange.status,
                ParameterChange.citation,
                ParameterChange.note,
            ).order_by(ParameterChange.id)
        ).all()
        overrides = {row.day: row.is_working_day for row in session.scalars(select(CalendarOverride))}
        fresh = Settings(MappingProxyType(amend(self._file_parameters, changes)), WorkingCalendar(overrides), revision)
        self.current = fresh
        return fresh


def bump(session: Session) -> None:
    """Move the revision so every process reloads its snapshot."""
    row = session.get(ConfigRevision, 1)
    if row is None:
        session.add(ConfigRevision(id=1, revision=1))
    else:
        row.revision += 1
