"""Merging two records of one person (an administrator's act): every dossier moves to the
kept record, so the person's history and the 24/36-month count are whole again."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from forms.dossier import PersonMergeSchema

from ..access import require_admin
from ..clock import Clock
from ..errors import Conflict, NotFound
from ..persistence import audit
from ..persistence.tables import Dossier, Person
from ..persistence.unit_of_work import UnitOfWorkFactory
from .input import validate

MERGE_CONFLICT = (
    "Một trong hai bản ghi vừa được gộp hoặc sửa bởi người khác, chưa gộp được. Vui lòng tải lại trang và kiểm tra."
)


class PersonService:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock):
        self._unit_of_work = unit_of_work
        self._clock = clock

    def merge(self, actor_id: int, payload: Mapping) -> int:
        """Move every dossier of `other_id` to `keep_id` and mark the other record merged
        (kept, never matched again, its page leads to the kept one); the kept record's data
        stand, a CCCD only the other had is carried over. Returns the kept id."""
        data = validate(PersonMergeSchema(), payload)
        try:
            return self._merge(actor_id, data)
        except IntegrityError as exc:
            raise Conflict(MERGE_CONFLICT) from exc

    def _merge(self, actor_id: int, data: Mapping) -> int:
        with self._unit_of_work() as uow:
            session = uow.session
            require_admin(session, actor_id, "Chỉ quản trị viên được gộp bản ghi đối tượng.")
            keep, other = session.get(Person, data["keep_id"]), session.get(Person, data["other_id"])
            if keep is None or other is None:
                raise NotFound("Không tìm thấy bản ghi đối tượng.")
            if keep.merged_into_id or other.merged_into_id:
                raise Conflict("Bản ghi này đã được gộp vào một bản ghi khác.")
            moment = self._clock.now()
            moved = session.execute(
                select(Dossier.id, Dossier.number).where(Dossier.person_id == other.id).order_by(Dossier.id)
            ).all()
            session.execute(update(Dossier).where(Dossier.person_id == other.id).values(person_id=keep.id))
            session.execute(update(Person).where(Person.merged_into_id == other.id).values(merged_into_id=keep.id))
            carried = keep.id_number is None and other.id_number is not None
            other.merged_into_id = keep.id
            session.flush()  # the other record lets go of its CCCD before the kept one holds it
            if carried:
                keep.id_number = other.id_number
            summary = f"Gộp bản ghi đối tượng #{other.id} ({other.full_name}) vào #{keep.id} ({keep.full_name})"
            record = {
                "keep_id": keep.id,
                "other_id": other.id,
                "reason": data["reason"],
                "other": {
                    "full_name": other.full_name,
                    "birth_date": other.birth_date.isoformat(),
                    "id_number": other.id_number,
                    "residence": other.residence,
                },
                "dossiers": [number for _, number in moved],
                "id_number_carried": carried,
            }
            audit.record(
                session,
                dossier_id=None,
                actor_id=actor_id,
                action="persons_merged",
                summary=summary,
                data=record,
                at=moment,
            )
            for dossier_id, _ in moved:
                audit.record(
                    session,
                    dossier_id=dossier_id,
                    actor_id=actor_id,
                    action="persons_merged",
                    summary=summary,
                    data={"keep_id": keep.id, "other_id": other.id, "reason": data["reason"]},
                    at=moment,
                )
            uow.commit()
            return keep.id
