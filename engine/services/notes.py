"""Notes officers leave on a dossier: an audit event each (author, time, text), shown in
the dossier's timeline. A note changes no task, deadline or process data."""

from __future__ import annotations

from forms.revisions import NoteSchema

from ..access import active_user, dossier_to_act_on
from ..clock import Clock
from ..errors import Forbidden
from ..persistence import audit
from ..persistence.unit_of_work import UnitOfWorkFactory
from .input import validate

NOTE_SUMMARY_LENGTH = 120


class NoteService:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock):
        self._unit_of_work = unit_of_work
        self._clock = clock

    def add(self, actor_id: int, dossier_id: int, text: str | None) -> None:
        """An officer of an agency that may see the dossier writes a note on it."""
        note = validate(NoteSchema(), {"note": text})["note"]
        with self._unit_of_work() as uow:
            session = uow.session
            user = active_user(session, actor_id)
            if user.agency_id is None:
                raise Forbidden("Chỉ cán bộ của cơ quan tham gia hồ sơ được ghi chú vào hồ sơ.")
            dossier = dossier_to_act_on(session, user, dossier_id)
            first_line = note.splitlines()[0]
            shown = first_line if len(first_line) <= NOTE_SUMMARY_LENGTH else first_line[:NOTE_SUMMARY_LENGTH] + "…"
            audit.record(
                session,
                dossier_id=dossier.id,
                actor_id=actor_id,
                action="note_added",
                summary=f"Ghi chú: {shown}",
                data={"note": note, "agency": user.agency.name if user.agency else ""},
                at=self._clock.now(),
            )
            uow.commit()
