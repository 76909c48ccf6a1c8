"""Opening dossiers, and starting the next procedure's dossier when a process ends with
a message: both in the caller's unit of work."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from uuid import uuid4

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from forms import OPEN_FORMS
from forms.names import folded, name_words, normalized
from forms.vn import age_on, vn_date

from ..access import active_user
from ..clock import Clock
from ..errors import Conflict, EngineError, Forbidden, ModelError, NotFound, ValidationFailed
from ..model.bundle import ModelBundle, Procedure
from ..model.versions import ModelVersions
from ..persistence import audit
from ..persistence.tables import (
    AdministrativeUnit,
    Agency,
    AgencyServiceArea,
    Dossier,
    DossierParty,
    Person,
    PersonNameWord,
    ProcessInstance,
)
from ..persistence.unit_of_work import UnitOfWorkFactory
from ..runtime.instance import Advance, ProcessRuntime, ThrownMessage
from ..runtime.projection import sync_task_rows
from ..settings import Settings, SettingsStore
from .input import jsonable, validate
from .person_lookup import PersonChoice, resolve_person

COMPULSORY_REHAB = "compulsory_rehab"
PERSON_FIELDS = ("person_name", "person_birth_date", "id_number", "residence", "commune_code")
OPEN_CONFLICT = "Dữ liệu vừa được người khác cập nhật, hồ sơ chưa được lập. Vui lòng gửi lại biểu mẫu."


class DossierService:
    def __init__(
        self,
        unit_of_work: UnitOfWorkFactory,
        settings: SettingsStore,
        versions: ModelVersions,
        runtime: ProcessRuntime,
        clock: Clock,
    ):
        self._unit_of_work = unit_of_work
        self._settings = settings
        self._versions = versions
        self._runtime = runtime
        self._clock = clock

    @staticmethod
    def _key_date(form: str, payload: Mapping):
        """The discovery date alone: it picks the regime, hence the form the rest is read with.
        When it is missing or invalid, every field of the form is reported at once."""
        try:
            only = OPEN_FORMS[form](only=("discovered_on",))
            return validate(only, {"discovered_on": payload.get("discovered_on")})["discovered_on"]
        except ValidationFailed:
            validate(OPEN_FORMS[form](), payload)
            raise

    def open(
        self,
        actor_id: int,
        payload: Mapping,
        procedure: str = COMPULSORY_REHAB,
        person: PersonChoice | None = None,
    ) -> int:
        """An officer opens a dossier of a procedure for a person of their own commune. The
        person is looked up first (person_lookup): while a recorded person matches and
        `person` does not say which one this is or why it is someone else, nothing is created
        and PersonCheckNeeded lists the matches. Two openings at once for one CCCD: the
        database refuses the second (uq_person_live_id_number), whose officer gets the same."""
        bundle = self._versions.current
        definition = bundle.procedures.get(procedure)
        if definition is None or not definition.opened_by or definition.open_form is None:
            raise NotFound("Không có thủ tục này hoặc thủ tục này không được lập trực tiếp.")
        discovered = self._key_date(definition.open_form, payload)
        definition = bundle.regimes.procedure_on(definition, discovered)
        if definition.open_form is None:
            raise NotFound("Thủ tục này không được lập trực tiếp trong giai đoạn của ngày phát hiện.")
        data = validate(OPEN_FORMS[definition.open_form](), payload)
        try:
            return self._open(actor_id, bundle, definition, data, person)
        except IntegrityError as exc:
            self._refuse_recorded_meanwhile(actor_id, bundle, data, person)
            raise Conflict(OPEN_CONFLICT) from exc

    def _refuse_recorded_meanwhile(
        self, actor_id: int, bundle: ModelBundle, data: Mapping, person: PersonChoice | None
    ) -> None:
        """After the database refused the opening (another officer recorded the same CCCD
        between the look-up and the insert): the look-up again, now seeing that record, so
        the officer gets the refusal the look-up gives."""
        with self._unit_of_work() as uow:
            resolve_person(uow.session, bundle, active_user(uow.session, actor_id), data, person)

    def _open(
        self,
        actor_id: int,
        bundle: ModelBundle,
        definition: Procedure,
        data: Mapping,
        person: PersonChoice | None,
    ) -> int:
        with self._unit_of_work() as uow:
            session = uow.session
            settings = self._settings.refresh(session)
            actor = active_user(session, actor_id)
            agency = actor.agency
            if agency is None or agency.kind not in definition.opened_by:
                allowed = ", ".join(bundle.roles.label(role) for role in definition.opened_by)
                raise Forbidden(f"Hồ sơ thủ tục \u201c{definition.label}\u201d do {allowed} lập.")
            if data["commune_code"] != agency.admin_unit_code:
                raise Forbidden("Xã, phường này không thuộc địa bàn của đơn vị anh/chị.")
            refusal = definition.age_refusal(age_on(data["person_birth_date"], data["discovered_on"]))
            if refusal:
                raise ValidationFailed({"person_birth_date": [refusal]})
            moment = self._clock.now()
            recorded, decided = resolve_person(session, bundle, actor, data, person)
            subject = recorded or Person(
                full_name=normalized(data["person_name"]),
                name_key=folded(data["person_name"]),
                words=[PersonNameWord(word=word) for word in name_words(data["person_name"])],
                birth_date=data["person_birth_date"],
                id_number=data.get("id_number"),
                residence=data["residence"],
                commune_code=agency.admin_unit_code,
            )
            start_data = {key: value for key, value in jsonable(data).items() if key not in PERSON_FIELDS}
            dossier = self._start(session, definition, subject, agency.admin_unit_code, start_data, moment, settings)
            audit.record(
                session,
                dossier_id=dossier.id,
                actor_id=actor_id,
                action="dossier_opened",
                summary=f"Lập hồ sơ {dossier.number} cho {subject.full_name}",
                data={**jsonable(data), **decided},
                at=moment,
            )
            uow.commit()
            return dossier.id

    def settle(
        self,
        session: Session,
        instance: ProcessInstance,
        dossier: Dossier,
        workflow,
        advance: Advance,
        bundle: ModelBundle,
        settings: Settings,
        *,
        actor_id: int | None,
        moment: datetime,
        completed_guid: str | None = None,
    ) -> None:
        """After a run: start the next phases the process threw, bring the task rows in
        step, and store the instance."""
        self.start_next_phases(session, dossier, advance.thrown_messages, moment, settings)
        sync_task_rows(
            session,
            instance,
            dossier,
            workflow,
            bundle,
            settings,
            actor_id=actor_id,
            moment=moment,
            completed_guid=completed_guid,
        )
        self._runtime.store(instance, dossier, workflow, moment)

    def start_next_phases(
        self,
        session: Session,
        dossier: Dossier,
        messages: Sequence[ThrownMessage],
        moment: datetime,
        settings: Settings,
    ) -> None:
        """A message end event starts the next procedure for the same person, as a new
        dossier linked to this one, in the same transaction."""
        bundle = self._versions.current
        for message in messages:
            procedure = bundle.procedures[bundle.routes[message.name]]
            payload = jsonable(message.payload)
            child = self._start(
                session, procedure, dossier.person, dossier.commune_code, payload, moment, settings, parent=dossier
            )
            audit.record(
                session,
                dossier_id=child.id,
                actor_id=None,
                action="dossier_opened",
                summary=f"Tự động lập hồ sơ {child.number} tiếp theo hồ sơ {dossier.number}",
                data={"parent": dossier.number, **payload},
                at=moment,
            )
            audit.record(
                session,
                dossier_id=dossier.id,
                actor_id=None,
                action="phase_started",
                summary=f"Chuyển sang thủ tục {procedure.label}: hồ sơ {child.number}",
                data={"child": child.number},
                at=moment,
            )

    def _start(
        self,
        session: Session,
        procedure: Procedure,
        person: Person,
        commune_code: str,
        start_data: dict,
        moment: datetime,
        settings: Settings,
        parent: Dossier | None = None,
    ) -> Dossier:
        """Create the dossier and its process instance and run to the first wait state."""
        bundle = self._versions.current
        if not start_data.get("discovered_on"):
            raise ModelError(f"Thiếu ngày phát hiện (discovered_on) khi bắt đầu thủ tục {procedure.label}.")
        discovered_on = date.fromisoformat(start_data["discovered_on"])
        person_age = age_on(person.birth_date, discovered_on)
        refusal = procedure.age_refusal(person_age)
        if refusal:
            raise EngineError(f"Không thể chuyển sang thủ tục \u201c{procedure.label}\u201d: {refusal}")
        try:
            regime, process_id = bundle.regimes.process_for(procedure.process_id, discovered_on)
        except ValidationFailed as exc:
            if parent is None:
                raise  # an officer's open form: the reason goes under its "Ngày phát hiện"
            raise EngineError(
                f"Không thể bắt đầu thủ tục \u201c{procedure.label}\u201d: {' '.join(exc.errors['discovered_on'])}"
            ) from None
        stable_residence = start_data.get("stable_residence", parent.stable_residence if parent else True)
        unit = session.get_one(AdministrativeUnit, commune_code)
        dossier = Dossier(
            number=f"pending-{uuid4().hex}",
            person=person,
            kind=procedure.process_id,
            process_id=process_id,
            regime=regime.code,
            commune_code=commune_code,
            discovered_on=discovered_on,
            stable_residence=stable_residence,
            parent=parent,
            created_at=moment,
            updated_at=moment,
            parties=[
                DossierParty(role=role, agency_id=agency_id)
                for role, agency_id in resolve_parties(session, bundle, process_id, unit).items()
            ],
        )
        session.add(dossier)
        session.flush()
        dossier.number = f"{dossier.id:06d}/{discovered_on.year}/{procedure.number_code}"
        self._versions.register(session, bundle, self._clock.now())
        workflow = self._runtime.start(
            bundle,
            process_id,
            {
                "dossier_number": dossier.number,
                "person_name": person.full_name,
                "person_birth_date": person.birth_date.isoformat(),
                "person_age": person_age,
                "stable_residence": stable_residence,
                "remote_area": unit.remote,
                **rehab_history(session, bundle, person, dossier.id),
                **start_data,
            },
            settings,
        )
        advance = self._runtime.advance(workflow)
        instance = self._runtime.new_instance(dossier, process_id, bundle, moment)
        session.add(instance)
        session.flush()
        self.settle(session, instance, dossier, workflow, advance, bundle, settings, actor_id=None, moment=moment)
        audit.record_timers(session, dossier.id, advance.fired_timers, moment)
        return dossier


def resolve_parties(
    session: Session, bundle: ModelBundle, process_id: str, commune: AdministrativeUnit
) -> dict[str, int]:
    """Each lane's agency for a dossier of this commune, plus the commune's own police
    and people's committee, who follow every dossier of their residents. An agency
    whose service area lists the commune comes first; otherwise the agency at the
    role's level above the commune (a two-tier province has no district)."""
    units = {"commune": commune}
    parent = session.get(AdministrativeUnit, commune.parent_code) if commune.parent_code else None
    while parent is not None:
        units.setdefault(parent.level, parent)
        parent = session.get(AdministrativeUnit, parent.parent_code) if parent.parent_code else None
    needed = {d.role for d in bundle.tasks.values() if d.process_id == process_id}
    parties = {}
    for role in needed | {"commune_police", "commune_committee"}:
        agency_id = session.scalar(
            select(Agency.id)
            .join(AgencyServiceArea, AgencyServiceArea.agency_id == Agency.id)
            .where(Agency.kind == role, AgencyServiceArea.admin_unit_code == commune.code)
            .order_by(Agency.code)
        )
        level = bundle.roles.level(role)
        if agency_id is None and level == "national":
            agency_id = session.scalar(select(Agency.id).where(Agency.kind == role).order_by(Agency.code))
        unit = units.get(level)
        if agency_id is None and unit is not None:
            agency_id = session.scalar(
                select(Agency.id).where(Agency.kind == role, Agency.admin_unit_code == unit.code).order_by(Agency.code)
            )
        if agency_id:
            parties[role] = agency_id
    missing = needed - parties.keys()
    if missing:
        names = ", ".join(bundle.roles.label(role) for role in sorted(missing))
        raise EngineError(f"Địa bàn chưa được cấu hình đủ cơ quan: thiếu {names}.")
    return parties


REHAB_EPISODES = ("facility_term", "voluntary_rehab")
"""Procedures that count as a rehab episode for the 24/36-month term (khoản 1 Điều 29 Luật
120/2025/QH15); the officer confirms the count against this list."""


def rehab_history(session: Session, bundle: ModelBundle, person: Person, current_id: int) -> dict:
    """The person's earlier rehab episodes in the system: a count and one line each."""
    if person.id is None:
        return {"prior_rehab_episodes": 0, "prior_rehab_history": []}
    rows = session.execute(
        select(Dossier.number, Dossier.kind, Dossier.discovered_on, Dossier.status)
        .where(Dossier.person_id == person.id, Dossier.kind.in_(REHAB_EPISODES), Dossier.id != current_id)
        .order_by(Dossier.discovered_on, Dossier.id)
    ).all()
    lines = [
        f"Hồ sơ {number}: {bundle.procedures[kind].label}, từ ngày {vn_date(on)}"
        + (" (đã kết thúc)" if status == "closed" else " (đang thực hiện)")
        for number, kind, on, status in rows
    ]
    return {"prior_rehab_episodes": len(rows), "prior_rehab_history": lines}
