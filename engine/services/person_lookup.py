"""Looking the person up before a dossier is opened for them: one person, one history, so
the 24/36-month term counts every earlier rehab (khoản 1 Điều 29 Luật 120/2025/QH15).

A CCCD is matched exactly, in every record; a person the officer may not see is never
described, only the unit that holds them is named, so the officer can ask it. A name is
matched folded (no diacritics, any case) with the same birth date, among the persons of the
dossiers the officer may see."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from forms.dossier import PersonChoiceSchema
from forms.names import folded

from ..access import can_see
from ..errors import EngineError, ValidationFailed
from ..model.bundle import ModelBundle
from ..persistence.tables import AdministrativeUnit, Agency, Dossier, Person, User
from .input import validate

RUNNING_STATES = {
    "facility_term": "đang chấp hành tại cơ sở",
    "post_rehab_management": "đang quản lý sau cai",
    "compulsory_rehab": "đang lập hồ sơ đưa vào cơ sở cai nghiện bắt buộc",
    "minor_compulsory_rehab": "đang lập hồ sơ đưa vào cơ sở cai nghiện bắt buộc",
    "compulsory_execution": "đang thi hành quyết định đưa vào cơ sở cai nghiện bắt buộc",
    "voluntary_rehab": "đang cai nghiện tự nguyện",
    "drug_user_management": "đang quản lý người sử dụng trái phép chất ma túy",
    "addiction_determination": "đang xác định tình trạng nghiện",
    "electronic_supervision": "đang giám sát điện tử",
}
"""What an open dossier of each procedure says of the person, on the look-up page."""

PERSON_DATA = {"full_name": "person_name", "birth_date": "person_birth_date", "residence": "residence"}


@dataclass(frozen=True)
class PersonChoice:
    """What the officer decided about the persons the look-up found: this dossier is for the
    recorded person `person_id`, or for a different person, for `different_reason`."""

    person_id: int | None = None
    different_reason: str | None = None


@dataclass(frozen=True)
class RunningDossier:
    id: int
    number: str
    procedure: str
    state: str
    """"đang chấp hành tại cơ sở", "đang quản lý sau cai"…, with the current step."""


@dataclass(frozen=True)
class PersonMatch:
    person_id: int
    full_name: str
    birth_date: date
    id_number_tail: str | None
    """The last 4 digits only: the page is read over shoulders."""
    commune_name: str
    same_id_number: bool
    running: tuple[RunningDossier, ...]
    closed_count: int


class PersonCheckNeeded(EngineError):
    """Persons already recorded match the open form: nothing was created; the officer says
    which one this is or why it is someone else. `id_number_taken`: the typed CCCD belongs to
    a match, so only linking to it is possible. `errors` are those of the choice itself."""

    def __init__(self, matches: tuple[PersonMatch, ...], *, id_number_taken: bool, errors: dict | None = None):
        if id_number_taken:
            message = (
                "Số định danh này đã được ghi nhận cho đối tượng dưới đây; một người chỉ có một bản ghi. "
                "Lập hồ sơ cho người này, hoặc quay lại sửa số định danh nếu nhập nhầm."
            )
        else:
            message = (
                "Đã có đối tượng cùng họ tên và ngày sinh trên địa bàn. Kiểm tra có phải cùng một người không "
                "trước khi lập hồ sơ."
            )
        super().__init__(message)
        self.matches = matches
        self.id_number_taken = id_number_taken
        self.errors = errors or {}


def resolve_person(
    session: Session, bundle: ModelBundle, user: User, data: Mapping, choice: PersonChoice | None
) -> tuple[Person | None, dict]:
    """The recorded person this dossier is for (None: a new one) and what the opening's audit
    event says of the choice; PersonCheckNeeded while a match waits for the officer's word."""
    chosen, errors = _checked(choice)
    holders = _by_id_number(session, data.get("id_number"))
    if holders:
        visible = [person for person in holders if _visible(session, user, person.id)]
        if not visible:
            raise ValidationFailed({"id_number": [_held_elsewhere(session, holders[0])]})
        matches, taken = visible, True
    else:
        matches, taken = _by_name(session, user, data), False
    described = tuple(_described(session, bundle, user, person, taken) for person in matches)
    if chosen.person_id is not None:
        person = next((p for p in matches if p.id == chosen.person_id), None)
        if person is None and not taken and _visible(session, user, chosen.person_id):
            person = session.get(Person, chosen.person_id)
        if person is None:
            errors["person_id"] = ["Đối tượng đã chọn không có trong danh sách anh/chị được xem."]
            raise PersonCheckNeeded(described, id_number_taken=taken, errors=errors)
        return person, {"person": {"linked": person.id, **_differences(person, data)}}
    if taken and (chosen.different_reason or errors):
        errors = {"different_person_reason": ["Hai người khác nhau không thể có cùng một số định danh."]}
    if errors or (matches and not chosen.different_reason):
        raise PersonCheckNeeded(described, id_number_taken=taken, errors=errors)
    if not matches:
        return None, {}
    return None, {"person": {"different_from": [p.id for p in matches], "different_reason": chosen.different_reason}}


def _checked(choice: PersonChoice | None) -> tuple[PersonChoice, dict]:
    """The choice with its reason normalised, and its errors (both given, or a reason refused)."""
    if choice is None:
        return PersonChoice(), {}
    if choice.person_id is not None and choice.different_reason is not None:
        return PersonChoice(), {"person_id": ["Chọn một trong hai: lập hồ sơ cho người đã có, hoặc người khác."]}
    if choice.different_reason is None:
        return choice, {}
    try:
        checked = validate(PersonChoiceSchema(), {"different_person_reason": choice.different_reason})
    except ValidationFailed as error:
        return PersonChoice(), error.errors
    reason = checked.get("different_person_reason")
    if reason is None:
        return PersonChoice(), {"different_person_reason": ["Ghi rõ vì sao đây là người khác."]}
    return PersonChoice(different_reason=reason), {}


def _by_id_number(session: Session, id_number: str | None) -> list[Person]:
    if not id_number:
        return []
    return list(
        session.scalars(
            select(Person).where(Person.id_number == id_number, Person.merged_into_id.is_(None)).order_by(Person.id)
        )
    )


def _by_name(session: Session, user: User, data: Mapping) -> list[Person]:
    visible = exists().where(Dossier.person_id == Person.id, can_see(user))
    return list(
        session.scalars(
            select(Person)
            .where(
                Person.name_key == folded(data["person_name"]),
                Person.birth_date == data["person_birth_date"],
                Person.merged_into_id.is_(None),
                visible,
            )
            .order_by(Person.id)
        )
    )


def _visible(session: Session, user: User, person_id: int) -> bool:
    return bool(session.scalar(select(exists().where(Dossier.person_id == person_id, can_see(user)))))


def _held_elsewhere(session: Session, person: Person) -> str:
    """The refusal for a CCCD of a person of another unit: that unit only, nothing of the person."""
    holder = (
        session.scalar(
            select(Agency.name)
            .where(Agency.kind == "commune_police", Agency.admin_unit_code == person.commune_code)
            .order_by(Agency.code)
        )
        or session.get_one(AdministrativeUnit, person.commune_code).name
    )
    return (
        f"Số định danh này đã được ghi nhận cho một đối tượng do đơn vị khác quản lý ({holder}). "
        "Một người chỉ có một bản ghi: kiểm tra lại số định danh, hoặc liên hệ đơn vị đó để được chuyển hồ sơ."
    )


def _described(session: Session, bundle: ModelBundle, user: User, person: Person, taken: bool) -> PersonMatch:
    dossiers = session.scalars(
        select(Dossier).where(Dossier.person_id == person.id, can_see(user)).order_by(Dossier.discovered_on, Dossier.id)
    ).all()
    running = tuple(
        RunningDossier(
            id=dossier.id,
            number=dossier.number,
            procedure=bundle.procedures[dossier.kind].label if dossier.kind in bundle.procedures else dossier.kind,
            state=RUNNING_STATES.get(dossier.kind, "đang thực hiện")
            + (f" (bước hiện tại: {dossier.current_step})" if dossier.current_step else ""),
        )
        for dossier in dossiers
        if dossier.status == "open"
    )
    return PersonMatch(
        person_id=person.id,
        full_name=person.full_name,
        birth_date=person.birth_date,
        id_number_tail=person.id_number[-4:] if person.id_number else None,
        commune_name=session.get_one(AdministrativeUnit, person.commune_code).name,
        same_id_number=taken,
        running=running,
        closed_count=len(dossiers) - len(running),
    )


def _differences(person: Person, data: Mapping) -> dict:
    """What the officer typed that differs from the record, kept in the audit event: the
    record is not overwritten by an opening; a missing CCCD is filled in (it is nobody else's)."""
    typed = {
        key: data[field] for key, field in PERSON_DATA.items() if data.get(field) not in (None, getattr(person, key))
    }
    noted: dict = {"typed_differs": {key: str(value) for key, value in typed.items()}} if typed else {}
    id_number = data.get("id_number")
    if id_number and person.id_number is None:
        person.id_number = id_number
        noted["id_number_added"] = id_number
    elif id_number and id_number != person.id_number:
        noted.setdefault("typed_differs", {})["id_number"] = id_number
    return noted
