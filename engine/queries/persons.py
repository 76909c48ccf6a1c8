"""Person records as the administrator merges them: one record with its dossiers, the
records that look like one person twice, and where a merged record went."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from ..access import require_admin
from ..errors import NotFound
from ..persistence.tables import AdministrativeUnit, Dossier, Person

ADMINS_ONLY = "Chỉ quản trị viên được gộp bản ghi đối tượng."


@dataclass(frozen=True)
class PersonDossier:
    id: int
    number: str
    kind: str
    status: str


@dataclass(frozen=True)
class PersonRecord:
    id: int
    full_name: str
    birth_date: date
    id_number: str | None
    residence: str
    commune_name: str
    merged_into_id: int | None
    dossiers: tuple[PersonDossier, ...]


def person_record(session: Session, admin_id: int, person_id: int) -> PersonRecord:
    require_admin(session, admin_id, ADMINS_ONLY)
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(f"Không tìm thấy bản ghi đối tượng #{person_id}.")
    return _record(session, person)


def merge_candidates(session: Session, admin_id: int, limit: int = 50) -> list[tuple[PersonRecord, PersonRecord]]:
    """Pairs of unmerged records with the same CCCD, or the same folded name and birth date."""
    require_admin(session, admin_id, ADMINS_ONLY)
    first, second = aliased(Person), aliased(Person)
    pairs = session.execute(
        select(first, second)
        .join(
            second,
            (first.id < second.id)
            & or_(
                first.id_number == second.id_number,
                (first.name_key == second.name_key) & (first.birth_date == second.birth_date),
            ),
        )
        .where(first.merged_into_id.is_(None), second.merged_into_id.is_(None))
        .order_by(first.id, second.id)
        .limit(limit)
    ).all()
    return [(_record(session, a), _record(session, b)) for a, b in pairs]


def merged_into(session: Session, person_id: int) -> int | None:
    """The record a merged record now lives in, or None."""
    return session.scalar(select(Person.merged_into_id).where(Person.id == person_id))


def _record(session: Session, person: Person) -> PersonRecord:
    dossiers = session.execute(
        select(Dossier.id, Dossier.number, Dossier.kind, Dossier.status)
        .where(Dossier.person_id == person.id)
        .order_by(Dossier.discovered_on, Dossier.id)
    ).all()
    return PersonRecord(
        id=person.id,
        full_name=person.full_name,
        birth_date=person.birth_date,
        id_number=person.id_number,
        residence=person.residence,
        commune_name=session.get_one(AdministrativeUnit, person.commune_code).name,
        merged_into_id=person.merged_into_id,
        dossiers=tuple(PersonDossier(*row) for row in dossiers),
    )
