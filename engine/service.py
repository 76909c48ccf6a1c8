"""The service API: the only way anything changes state.

Each action is one unit of work: lock the instance, run SpiffWorkflow to the next wait
state, then update the instance, the task projection, the timer index and the audit
trail in the same transaction. Reads (inboxes, lists) never deserialize a workflow."""
from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from pathlib import Path
from uuid import uuid4

from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment
from SpiffWorkflow.bpmn.specs.defaults import EndEvent
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.util.task import TaskState

from forms import TASK_FORMS, OpenDossierSchema
from forms.base import age_on

from . import audit, queries
from .agencies import ROLE_LEVELS, ROLES
from .calendar import WorkingCalendar
from .clock import VN_TZ, now
from .db import make_engine, session_factories
from .errors import Conflict, EngineError, Forbidden, ModelError, NotFound, ValidationFailed
from .orm import (
    FAR_FUTURE,
    AdministrativeUnit,
    Agency,
    Base,
    CalendarOverride,
    Dossier,
    DossierParty,
    Person,
    ProcessInstance,
    ProcessSpecVersion,
    Task,
    User,
)
from .parameters import LegalParameter, load_parameters
from .serialization import SERIALIZER_VERSION, make_serializer
from .specs import ModelBundle, TaskDefinition, load_bundle, read_sources

log = logging.getLogger(__name__)

WORKFLOWS_DIR = Path(__file__).resolve().parent.parent / "workflows"
TIMER_EVENTS = {"TimeDateEventDefinition", "DurationTimerEventDefinition", "CycleTimerEventDefinition"}
COMPULSORY_REHAB = "compulsory_rehab"
REGIME = "A"


class UnitOfWork:
    """One transaction; rolled back unless committed."""

    def __init__(self, factory):
        self._factory = factory

    def __enter__(self) -> "UnitOfWork":
        self.session: Session = self._factory()
        return self

    def __exit__(self, *exc_info):
        self.session.rollback()
        self.session.close()

    def commit(self):
        self.session.commit()


class DossierEngine:
    def __init__(self, db_url: str, workflows_dir: Path = WORKFLOWS_DIR):
        self.db = make_engine(db_url)
        self._read, self._write = session_factories(self.db)
        self.parameters: dict[str, LegalParameter] = load_parameters(workflows_dir / "legal_parameters.toml")
        self.bundle: ModelBundle = load_bundle(read_sources(workflows_dir), self.parameters, TASK_FORMS.keys())
        self._bundles = {self.bundle.version: self.bundle}
        self._serializers = {self.bundle.version: make_serializer(self.bundle)}
        self.calendar = WorkingCalendar()
        self.script_engine = PythonScriptEngine(
            environment=TaskDataEnvironment({"deadline_date": self._deadline_date, "timer_at": timer_at})
        )

    # ----- set-up ---------------------------------------------------------------

    def create_schema(self) -> None:
        Base.metadata.create_all(self.db)

    def load_calendar_overrides(self) -> None:
        with self._read() as session:
            overrides = {row.day: row.is_working_day for row in session.scalars(select(CalendarOverride))}
        self.calendar = WorkingCalendar(overrides)

    def reader(self) -> Session:
        """A session for pages that show projection tables."""
        return self._read()

    def writer(self) -> Session:
        """A session holding the write lock, for set-up data (agencies, users, calendar)."""
        return self._write()

    # ----- helpers exposed to BPMN expressions ------------------------------------

    def _deadline_date(self, parameter: str, start_iso: str) -> str:
        deadline = self.parameters[parameter].deadline(date.fromisoformat(start_iso), self.calendar)
        if deadline is None:
            raise EngineError(f"Tham số '{parameter}' chưa có giá trị nên không tính được thời điểm hết hạn.")
        return deadline.isoformat()

    # ----- actions ----------------------------------------------------------------

    def open_dossier(self, actor_id: int, payload: Mapping) -> int:
        """Commune police open a compulsory-rehab dossier for a person in their commune."""
        data = _validate(OpenDossierSchema(), payload)
        with UnitOfWork(self._write) as uow:
            session = uow.session
            actor = _user(session, actor_id)
            agency = actor.agency
            if agency is None or agency.kind != "commune_police":
                raise Forbidden("Chỉ Công an cấp xã được lập hồ sơ đề nghị đưa vào cơ sở cai nghiện bắt buộc.")
            if data["commune_code"] != agency.admin_unit_code:
                raise Forbidden("Xã, phường này không thuộc địa bàn của đơn vị anh/chị.")
            parties = self._resolve_parties(session, agency)
            moment = now()
            person = Person(
                full_name=data["person_name"],
                birth_date=data["person_birth_date"],
                id_number=data.get("id_number"),
                residence=data["residence"],
                commune_code=agency.admin_unit_code,
            )
            dossier = Dossier(
                number=f"pending-{uuid4().hex}",
                person=person,
                kind=COMPULSORY_REHAB,
                regime=REGIME,
                commune_code=agency.admin_unit_code,
                discovered_on=data["discovered_on"],
                created_at=moment,
                updated_at=moment,
                parties=[DossierParty(role=role, agency_id=agency_id) for role, agency_id in parties.items()],
            )
            session.add(dossier)
            session.flush()
            dossier.number = f"{dossier.id:06d}/{data['discovered_on'].year}/HS-CNBB"
            self._register_bundle(session, self.bundle)

            spec, subprocess_specs = self.bundle.spec(COMPULSORY_REHAB)
            workflow = BpmnWorkflow(spec, subprocess_specs, script_engine=self.script_engine)
            workflow.get_next_task(state=TaskState.READY).data.update(
                dossier_number=dossier.number,
                person_name=person.full_name,
                person_birth_date=person.birth_date.isoformat(),
                person_age=age_on(person.birth_date, dossier.discovered_on),
                discovered_on=dossier.discovered_on.isoformat(),
                ground=data["ground"],
                stable_residence=data["stable_residence"],
            )
            self._run(workflow)
            instance = ProcessInstance(
                dossier_id=dossier.id,
                process_id=COMPULSORY_REHAB,
                spec_version=self.bundle.version,
                serializer_version=SERIALIZER_VERSION,
                state=b"",
                created_at=moment,
                updated_at=moment,
            )
            session.add(instance)
            session.flush()
            self._save(session, instance, workflow, dossier, actor_id=actor_id, moment=moment)
            audit.record(
                session,
                dossier_id=dossier.id,
                actor_id=actor_id,
                action="dossier_opened",
                summary=f"Lập hồ sơ {dossier.number} cho {person.full_name}",
                data=_jsonable(data),
                at=moment,
            )
            uow.commit()
            return dossier.id

    def complete_task(self, actor_id: int, task_id: int, payload: Mapping) -> int:
        """Validate the form, complete the task and run to the next wait state.
        Returns the dossier id."""
        try:
            return self._complete_task(actor_id, task_id, payload)
        except (StaleDataError, IntegrityError) as exc:
            raise Conflict("Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang và kiểm tra.") from exc

    def _complete_task(self, actor_id: int, task_id: int, payload: Mapping) -> int:
        with UnitOfWork(self._write) as uow:
            session = uow.session
            row = self._task_for_actor(session, actor_id, task_id)
            if row.state != "open":
                raise Conflict(_already_done(row))
            if row.claimed_by_id not in (None, actor_id):
                raise Conflict(f"Nhiệm vụ đang do {row.claimed_by.full_name} nhận xử lý.")
            data = _jsonable(_validate(TASK_FORMS[row.form](), payload))
            instance = session.scalars(
                select(ProcessInstance).where(ProcessInstance.id == row.instance_id).with_for_update()
            ).one()
            bundle = self._bundle(session, instance.spec_version)
            workflow = self._load(instance, bundle)
            spiff_task = next(
                (t for t in workflow.get_tasks(state=TaskState.READY, manual=True) if str(t.id) == row.task_guid),
                None,
            )
            if spiff_task is None:
                raise Conflict(_already_done(row))
            definition = bundle.task(instance.process_id, row.bpmn_id)
            self._check_decision(bundle, definition, spiff_task, data)
            spiff_task.set_data(**data)
            spiff_task.run()
            self._run(workflow)
            moment = now()
            dossier = session.get(Dossier, row.dossier_id)
            self._save(
                session, instance, workflow, dossier, actor_id=actor_id, moment=moment, completed_guid=row.task_guid
            )
            audit.record(
                session,
                dossier_id=row.dossier_id,
                task_id=row.id,
                actor_id=actor_id,
                action="task_completed",
                summary=f"Hoàn thành: {row.name}",
                data=data,
                at=moment,
            )
            uow.commit()
            return row.dossier_id

    def claim_task(self, actor_id: int, task_id: int) -> None:
        with UnitOfWork(self._write) as uow:
            row = self._task_for_actor(uow.session, actor_id, task_id)
            if row.state != "open":
                raise Conflict(_already_done(row))
            if row.claimed_by_id == actor_id:
                return
            if row.claimed_by_id is not None:
                raise Conflict(f"Nhiệm vụ đã được {row.claimed_by.full_name} nhận xử lý.")
            moment = now()
            row.claimed_by_id, row.claimed_at = actor_id, moment
            audit.record(
                uow.session, dossier_id=row.dossier_id, task_id=row.id, actor_id=actor_id,
                action="task_claimed", summary=f"Nhận xử lý: {row.name}", at=moment,
            )
            uow.commit()

    def release_task(self, actor_id: int, task_id: int) -> None:
        with UnitOfWork(self._write) as uow:
            row = self._task_for_actor(uow.session, actor_id, task_id)
            if row.state != "open":
                raise Conflict(_already_done(row))
            if row.claimed_by_id != actor_id:
                raise Conflict("Chỉ người đã nhận nhiệm vụ mới trả lại được nhiệm vụ.")
            moment = now()
            row.claimed_by_id, row.claimed_at = None, None
            audit.record(
                uow.session, dossier_id=row.dossier_id, task_id=row.id, actor_id=actor_id,
                action="task_released", summary=f"Trả lại nhiệm vụ: {row.name}", at=moment,
            )
            uow.commit()

    def fire_due_timers(self, limit: int = 100) -> int:
        """Wake the instances whose next timer is due (from the timer index); each in its
        own transaction so one broken instance cannot hold up the others."""
        with self._read() as session:
            due = session.scalars(
                select(ProcessInstance.id)
                .where(ProcessInstance.next_timer_at <= now(), ProcessInstance.status == "running")
                .order_by(ProcessInstance.next_timer_at)
                .limit(limit)
            ).all()
        fired = 0
        for instance_id in due:
            try:
                fired += self._fire_instance_timers(instance_id)
            except (EngineError, SpiffWorkflowException, StaleDataError) as exc:
                log.error("timer of instance %s failed: %s", instance_id, exc)
        return fired

    def _fire_instance_timers(self, instance_id: int) -> int:
        with UnitOfWork(self._write) as uow:
            session = uow.session
            instance = session.scalars(
                select(ProcessInstance).where(ProcessInstance.id == instance_id).with_for_update()
            ).one()
            moment = now()
            if instance.next_timer_at is None or instance.next_timer_at > moment:
                return 0
            bundle = self._bundle(session, instance.spec_version)
            workflow = self._load(instance, bundle)
            before = {t.id for t in workflow.get_tasks(state=TaskState.COMPLETED)}
            workflow.refresh_timers()
            self._run(workflow)
            fired = [
                t.task_spec.bpmn_name or t.task_spec.name
                for t in workflow.get_tasks(state=TaskState.COMPLETED)
                if t.id not in before and getattr(t.task_spec, "event_definition", None) is not None
                and type(t.task_spec.event_definition).__name__ in TIMER_EVENTS
            ]
            dossier = session.get(Dossier, instance.dossier_id)
            self._save(session, instance, workflow, dossier, actor_id=None, moment=moment)
            if fired:
                audit.record(
                    session, dossier_id=dossier.id, actor_id=None, action="timer_fired",
                    summary="Hết thời hạn: " + "; ".join(fired), at=moment,
                )
            uow.commit()
            return len(fired)

    # ----- reads ------------------------------------------------------------------

    def open_tasks(self, agency_id: int, limit: int = 50) -> list[tuple]:
        """An agency's open tasks, earliest legal deadline first (projection only)."""
        with self._read() as session:
            return queries.first_open_tasks(session, agency_id, limit)

    def diagram_xml(self, session: Session, dossier: Dossier) -> str:
        """The BPMN source of the model version the dossier's process runs on."""
        instance = session.scalars(
            select(ProcessInstance).where(ProcessInstance.dossier_id == dossier.id).order_by(ProcessInstance.id.desc())
        ).first()
        if instance is None:
            raise NotFound("Hồ sơ chưa có quy trình.")
        bundle = self._bundle(session, instance.spec_version)
        return bundle.sources[bundle.process_files[instance.process_id]]

    def record_access_denied(self, actor_id: int, dossier_id: int | None, what: str) -> None:
        """Log a refused attempt in the audit trail, in its own transaction."""
        with UnitOfWork(self._write) as uow:
            audit.record(
                uow.session, dossier_id=dossier_id, actor_id=actor_id, action="access_denied",
                summary=f"Bị từ chối truy cập: {what}", at=now(),
            )
            uow.commit()

    # ----- internals --------------------------------------------------------------

    def _task_for_actor(self, session: Session, actor_id: int, task_id: int) -> Task:
        row = session.get(Task, task_id)
        if row is None:
            raise NotFound("Không tìm thấy nhiệm vụ.")
        actor = _user(session, actor_id)
        if actor.agency_id != row.agency_id:
            raise Forbidden("Nhiệm vụ này thuộc cơ quan khác; anh/chị không có quyền xử lý.")
        return row

    def _resolve_parties(self, session: Session, commune_agency: Agency) -> dict[str, int]:
        """Each lane's agency for a dossier prepared in this commune."""
        units = {"commune": session.get(AdministrativeUnit, commune_agency.admin_unit_code)}
        units["district"] = session.get(AdministrativeUnit, units["commune"].parent_code)
        units["province"] = session.get(AdministrativeUnit, units["district"].parent_code) if units["district"] else None
        parties = {"commune_police": commune_agency.id}
        for role, level in ROLE_LEVELS.items():
            if role in parties or units.get(level) is None:
                continue
            agency_id = session.scalar(
                select(Agency.id).where(Agency.kind == role, Agency.admin_unit_code == units[level].code).order_by(Agency.code)
            )
            if agency_id is not None:
                parties[role] = agency_id
        missing = {d.role for d in self.bundle.tasks.values() if d.process_id == COMPULSORY_REHAB} - parties.keys()
        if missing:
            names = ", ".join(ROLES[role] for role in sorted(missing))
            raise EngineError(f"Địa bàn chưa được cấu hình đủ cơ quan: thiếu {names}.")
        return parties

    def _register_bundle(self, session: Session, bundle: ModelBundle) -> None:
        if session.get(ProcessSpecVersion, bundle.version) is None:
            session.add(ProcessSpecVersion(version=bundle.version, sources=bundle.sources, created_at=now()))
            session.flush()

    def _bundle(self, session: Session, version: str) -> ModelBundle:
        """The model version an instance started on, parsed from the stored sources if
        the files on disk have changed since."""
        if version not in self._bundles:
            stored = session.get(ProcessSpecVersion, version)
            if stored is None:
                raise ModelError(f"Không tìm thấy phiên bản mô hình {version[:12]}.")
            bundle = load_bundle(stored.sources, self.parameters, TASK_FORMS.keys())
            self._bundles[version] = bundle
            self._serializers[version] = make_serializer(bundle)
        return self._bundles[version]

    def _load(self, instance: ProcessInstance, bundle: ModelBundle) -> BpmnWorkflow:
        workflow = self._serializers[bundle.version].deserialize_json(instance.state, use_gzip=True)
        workflow.script_engine = self.script_engine
        return workflow

    def _run(self, workflow: BpmnWorkflow) -> None:
        try:
            workflow.do_engine_steps()
        except SpiffWorkflowException as exc:
            raise ModelError(f"Lỗi khi chạy mô hình: {exc}") from exc

    def _check_decision(self, bundle: ModelBundle, definition: TaskDefinition, spiff_task, data: dict) -> None:
        """A DMN table named by the task refuses data the law does not allow."""
        if not definition.validation_decision:
            return
        original = spiff_task.data
        spiff_task.data = {**original, **data}
        try:
            result = bundle.decisions[definition.validation_decision].result(spiff_task)
        except SpiffWorkflowException as exc:
            log.warning("decision %s failed: %s", definition.validation_decision, exc)
            result = {}
        finally:
            spiff_task.data = original
        if not result:
            raise ValidationFailed({"_schema": ["Không có quy tắc nào trong bảng quyết định áp dụng cho dữ liệu này."]})
        refusals = [
            result.get(key[: -len("_valid")] + "_message", "Dữ liệu không phù hợp quy định.")
            for key, value in result.items()
            if key.endswith("_valid") and value is False
        ]
        if refusals:
            raise ValidationFailed({"_schema": refusals})

    def _save(
        self,
        session: Session,
        instance: ProcessInstance,
        workflow: BpmnWorkflow,
        dossier: Dossier,
        *,
        actor_id: int | None,
        moment: datetime,
        completed_guid: str | None = None,
    ) -> None:
        """Serialize and bring the projection, the timer index and the dossier in step."""
        bundle = self._bundles[instance.spec_version]
        parties = {party.role: party.agency_id for party in dossier.parties}
        ready = {str(t.id): t for t in workflow.get_tasks(state=TaskState.READY, manual=True)}
        open_rows = session.scalars(
            select(Task).where(Task.instance_id == instance.id, Task.state == "open")
        ).all()
        still_open = set()
        for row in open_rows:
            if row.task_guid in ready:
                still_open.add(row.task_guid)
            elif row.task_guid == completed_guid:
                row.state, row.completed_at, row.completed_by_id = "completed", moment, actor_id
            else:
                row.state, row.completed_at = "cancelled", moment
        day = moment.astimezone(VN_TZ).date()
        for guid, spiff_task in ready.items():
            if guid in still_open:
                continue
            definition = bundle.task(instance.process_id, spiff_task.task_spec.bpmn_id)
            session.add(self._new_task_row(instance, dossier, parties, definition, guid, spiff_task.data, day, moment))

        instance.state = self._serializers[bundle.version].serialize_json(workflow, use_gzip=True)
        instance.updated_at = moment
        timers = [
            datetime.fromisoformat(event.value)
            for event in workflow.waiting_events()
            if event.event_type in TIMER_EVENTS and event.value
        ]
        instance.next_timer_at = min(timers) if timers else None
        dossier.updated_at = moment
        if workflow.is_completed():
            instance.status = "completed"
            end = next(
                (t for t in workflow.get_tasks(state=TaskState.COMPLETED) if isinstance(t.task_spec, EndEvent)
                 and t.task_spec.bpmn_id),
                None,
            )
            dossier.status, dossier.closed_at = "closed", moment
            dossier.outcome = end.task_spec.bpmn_id if end else None
            dossier.current_step = end.task_spec.bpmn_name if end else "Đã kết thúc"
        else:
            names = [t.task_spec.bpmn_name for t in ready.values()]
            waiting = [e.name for e in workflow.waiting_events()] if not names else []
            dossier.current_step = "; ".join(names or waiting) or None

    def _new_task_row(self, instance, dossier, parties, definition: TaskDefinition, guid, data, day, moment) -> Task:
        if definition.role not in parties:
            raise EngineError(f"Hồ sơ chưa có cơ quan cho vai trò {ROLES[definition.role]}.")
        parameter = self.parameters[definition.parameter_for(data)]
        start = day
        if definition.deadline_from:
            if not data.get(definition.deadline_from):
                raise ModelError(
                    f"Nhiệm vụ '{definition.bpmn_id}' cần ngày '{definition.deadline_from}' để tính thời hạn "
                    "nhưng dữ liệu hồ sơ chưa có."
                )
            start = date.fromisoformat(data[definition.deadline_from])
        deadline = parameter.deadline(start, self.calendar)
        return Task(
            instance_id=instance.id,
            dossier_id=dossier.id,
            task_guid=guid,
            bpmn_id=definition.bpmn_id,
            name=definition.name,
            lane=definition.lane,
            role=definition.role,
            agency_id=parties[definition.role],
            form=definition.form,
            state="open",
            legal_basis=definition.legal_basis,
            deadline_parameter=parameter.name,
            deadline_value=parameter.value,
            deadline_unit=parameter.unit,
            deadline_status=parameter.status,
            deadline_from_on=start,
            deadline_on=deadline,
            deadline_sort=deadline or FAR_FUTURE,
            created_at=moment,
        )


def timer_at(iso_date: str) -> str:
    """The moment a period ending on `iso_date` is over: midnight after it, Vietnam time."""
    day_after = date.fromisoformat(iso_date) + timedelta(days=1)
    return datetime.combine(day_after, time(0), tzinfo=VN_TZ).isoformat()


def _validate(schema, payload: Mapping) -> dict:
    try:
        return schema.load(dict(payload))
    except ValidationError as exc:
        raise ValidationFailed(_flatten(exc.messages)) from exc


def _flatten(messages) -> dict[str, list[str]]:
    if isinstance(messages, dict):
        return {key: value if isinstance(value, list) else [str(value)] for key, value in messages.items()}
    return {"_schema": list(messages)}


def _jsonable(data: Mapping) -> dict:
    """Task data is JSON: dates become ISO strings."""
    return {key: value.isoformat() if isinstance(value, date) else value for key, value in data.items()}


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        raise Forbidden("Tài khoản không tồn tại hoặc đã bị khóa.")
    return user


def _already_done(row: Task) -> str:
    if row.state == "completed" and row.completed_by is not None:
        when = row.completed_at.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y")
        return f"Nhiệm vụ này đã được {row.completed_by.full_name} hoàn thành lúc {when}."
    return "Nhiệm vụ này đã được xử lý xong hoặc không còn hiệu lực."
