"""The service API: the only way anything changes state.

Each action is one unit of work: lock the instance, run SpiffWorkflow to the next wait
state, then update the instance, the task projection, the timer index and the audit
trail in the same transaction. Reads (inboxes, lists) never deserialize a workflow."""
from __future__ import annotations

import hashlib
import logging
import secrets
import smtplib
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from uuid import uuid4

from marshmallow import ValidationError
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment
from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.end_event import EndEvent
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.util.task import TaskState

from forms import OPEN_FORMS, TASK_FORMS
from forms.documents import DOCUMENTS, SCAN_ONLY, document_label, missing_fields, render
from forms.uploads import check_scan
from forms.vn import age_on

from . import audit, documents, reminders
from .access import dossier_for
from .agencies import ROLE_LEVELS, ROLES
from .calendar import WorkingCalendar
from .clock import VN_TZ, now
from .db import make_engine, session_factories
from .errors import Conflict, EngineError, Forbidden, ModelError, NotFound, ValidationFailed
from .mailer import SmtpMailer
from .orm import (
    FAR_FUTURE,
    AdministrativeUnit,
    Agency,
    AgencyServiceArea,
    Attachment,
    Base,
    CalendarOverride,
    ConfigRevision,
    Dossier,
    DossierParty,
    IssuedDocument,
    OutboxMessage,
    ParameterChange,
    Person,
    ProcessInstance,
    ProcessSpecVersion,
    Task,
    User,
)
from .parameters import LegalParameter, amend, check_change, load_parameters
from .queries.inbox import first_open_tasks
from .serialization import SERIALIZER_VERSION, make_serializer
from .regimes import REGIMES_FILE
from .specs import ModelBundle, Procedure, TaskDefinition, load_bundle, read_sources

log = logging.getLogger(__name__)

WORKFLOWS_DIR = Path(__file__).resolve().parent.parent / "workflows"
TIMER_EVENTS = {"TimeDateEventDefinition", "DurationTimerEventDefinition", "CycleTimerEventDefinition"}
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1))
"""Waits after each failed SMTP attempt; a message fails for good after one more."""
SENDING_LEASE = timedelta(minutes=10)
UNCERTAIN = ("Tiến trình gửi dừng giữa chừng: không xác định được thư đã được gửi hay chưa. "
             "Hệ thống không tự gửi lại để tránh thư trùng; quản trị viên kiểm tra rồi gửi lại nếu cần.")
COMPULSORY_REHAB = "compulsory_rehab"
PERSON_FIELDS = ("person_name", "person_birth_date", "id_number", "residence", "commune_code")


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
    def __init__(self, db_url: str, workflows_dir: Path = WORKFLOWS_DIR, regimes_text: str | None = None):
        """`regimes_text` replaces workflows/regimes.toml (a deployment's own table, or a
        test that runs one regime's model on other dates)."""
        self.db = make_engine(db_url)
        self._read, self._write = session_factories(self.db)
        self._file_parameters = load_parameters(workflows_dir / "legal_parameters.toml")
        self.parameters: dict[str, LegalParameter] = dict(self._file_parameters)
        self._settings_revision: int | None = None
        sources = read_sources(workflows_dir)
        if regimes_text is not None:
            sources[REGIMES_FILE] = regimes_text
        self.bundle: ModelBundle = load_bundle(sources, self.parameters, TASK_FORMS.keys(), OPEN_FORMS.keys())
        self.reminder_policies = reminders.load_policies(workflows_dir / "reminders.toml", self.parameters)
        self._bundles = {self.bundle.version: self.bundle}
        self._serializers = {self.bundle.version: make_serializer(self.bundle)}
        self.calendar = WorkingCalendar()
        self.script_engine = PythonScriptEngine(
            environment=TaskDataEnvironment(
                {
                    "deadline_date": self._deadline_date,
                    "timer_at": timer_at,
                    "months_after": self._months_after,
                    "term_end": self._term_end,
                }
            )
        )

    # ----- set-up ---------------------------------------------------------------

    def create_schema(self) -> None:
        Base.metadata.create_all(self.db)

    def refresh_settings(self, session: Session | None = None) -> None:
        """Reload amended parameters and calendar overrides when another process (or this
        one) changed them: one primary-key read when nothing changed."""
        if session is None:
            with self._read() as reading:
                return self.refresh_settings(reading)
        revision = session.scalar(select(ConfigRevision.revision).where(ConfigRevision.id == 1)) or 0
        if revision == self._settings_revision:
            return None
        changes = session.execute(
            select(ParameterChange.name, ParameterChange.value, ParameterChange.status, ParameterChange.citation,
                   ParameterChange.note).order_by(ParameterChange.id)
        ).all()
        self.parameters = amend(self._file_parameters, changes)
        self.calendar = WorkingCalendar({row.day: row.is_working_day for row in session.scalars(select(CalendarOverride))})
        self._settings_revision = revision
        return None

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

    def _months_after(self, start_iso: str, months: int) -> str:
        return self.calendar.add_months(date.fromisoformat(start_iso), int(months)).isoformat()

    def _term_end(self, admitted_iso: str, months: int, credit_from_iso: str | None) -> str:
        """End of a term served at a facility; days already spent at a management facility
        while the dossier was prepared are deducted (NĐ 116/2021 Điều 44.3)."""
        admitted = date.fromisoformat(admitted_iso)
        end = self.calendar.add_months(admitted, int(months))
        if credit_from_iso:
            end -= admitted - date.fromisoformat(credit_from_iso)
        return end.isoformat()

    # ----- actions ----------------------------------------------------------------

    def open_dossier(self, actor_id: int, payload: Mapping, procedure: str = COMPULSORY_REHAB) -> int:
        """An officer opens a dossier of a procedure for a person of their own commune."""
        definition = self.bundle.procedures.get(procedure)
        if definition is None or not definition.opened_by:
            raise NotFound("Không có thủ tục này hoặc thủ tục này không được lập trực tiếp.")
        data = _validate(OPEN_FORMS[definition.open_form](), payload)
        with UnitOfWork(self._write) as uow:
            session = uow.session
            self.refresh_settings(session)
            actor = _user(session, actor_id)
            agency = actor.agency
            if agency is None or agency.kind not in definition.opened_by:
                allowed = ", ".join(ROLES[role] for role in definition.opened_by)
                raise Forbidden(f"Hồ sơ thủ tục \u201c{definition.label}\u201d do {allowed} lập.")
            if data["commune_code"] != agency.admin_unit_code:
                raise Forbidden("Xã, phường này không thuộc địa bàn của đơn vị anh/chị.")
            refusal = definition.age_refusal(age_on(data["person_birth_date"], data["discovered_on"]))
            if refusal:
                raise ValidationFailed({"person_birth_date": [refusal]})
            moment = now()
            person = Person(
                full_name=data["person_name"],
                birth_date=data["person_birth_date"],
                id_number=data.get("id_number"),
                residence=data["residence"],
                commune_code=agency.admin_unit_code,
            )
            start_data = {key: value for key, value in _jsonable(data).items() if key not in PERSON_FIELDS}
            dossier = self._start_dossier(session, definition, person, agency.admin_unit_code, start_data, moment)
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

    def _start_dossier(
        self,
        session: Session,
        procedure: Procedure,
        person: Person,
        commune_code: str,
        start_data: dict,
        moment: datetime,
        parent: Dossier | None = None,
    ) -> Dossier:
        """Create the dossier and its process instance and run to the first wait state."""
        if not start_data.get("discovered_on"):
            raise ModelError(f"Thiếu ngày phát hiện (discovered_on) khi bắt đầu thủ tục {procedure.label}.")
        discovered_on = date.fromisoformat(start_data["discovered_on"])
        person_age = age_on(person.birth_date, discovered_on)
        refusal = procedure.age_refusal(person_age)
        if refusal:
            raise EngineError(f"Không thể chuyển sang thủ tục \u201c{procedure.label}\u201d: {refusal}")
        try:
            regime, process_id = self.bundle.regimes.process_for(procedure.process_id, discovered_on)
        except ValidationFailed as exc:
            if parent is None:
                raise  # an officer's open form: the reason goes under its "Ngày phát hiện"
            raise EngineError(f"Không thể bắt đầu thủ tục \u201c{procedure.label}\u201d: "
                              f"{' '.join(exc.errors['discovered_on'])}") from None
        stable_residence = start_data.get("stable_residence", parent.stable_residence if parent else True)
        unit = session.get(AdministrativeUnit, commune_code)
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
                for role, agency_id in self._resolve_parties(session, process_id, unit).items()
            ],
        )
        session.add(dossier)
        session.flush()
        dossier.number = f"{dossier.id:06d}/{discovered_on.year}/{procedure.number_code}"
        self._register_bundle(session, self.bundle)
        spec, subprocess_specs = self.bundle.spec(process_id)
        workflow = BpmnWorkflow(spec, subprocess_specs, script_engine=self.script_engine)
        workflow.get_next_task(state=TaskState.READY).data.update(
            {
                "dossier_number": dossier.number,
                "person_name": person.full_name,
                "person_birth_date": person.birth_date.isoformat(),
                "person_age": person_age,
                "stable_residence": stable_residence,
                "remote_area": unit.remote,
                **start_data,
            }
        )
        fired = self._run(workflow)
        instance = ProcessInstance(
            dossier_id=dossier.id,
            process_id=process_id,
            spec_version=self.bundle.version,
            serializer_version=SERIALIZER_VERSION,
            state=b"",
            created_at=moment,
            updated_at=moment,
        )
        session.add(instance)
        session.flush()
        self._save(session, instance, workflow, dossier, actor_id=None, moment=moment)
        self._audit_timers(session, dossier, fired, moment)
        return dossier

    def _route_messages(self, session: Session, workflow: BpmnWorkflow, dossier: Dossier, moment: datetime) -> None:
        """A message end event starts the next procedure for the same person, as a new
        dossier linked to this one, in the same transaction."""
        bundle = self.bundle
        for event in workflow.get_events():
            definition = event.event_definition
            if not isinstance(definition, MessageEventDefinition):
                continue
            procedure = bundle.procedures[bundle.routes[definition.name]]
            payload = event.payload if isinstance(event.payload, dict) else {}
            child = self._start_dossier(
                session, procedure, dossier.person, dossier.commune_code, _jsonable(payload), moment, parent=dossier
            )
            audit.record(
                session, dossier_id=child.id, actor_id=None, action="dossier_opened",
                summary=f"Tự động lập hồ sơ {child.number} tiếp theo hồ sơ {dossier.number}",
                data={"parent": dossier.number, **_jsonable(payload)}, at=moment,
            )
            audit.record(
                session, dossier_id=dossier.id, actor_id=None, action="phase_started",
                summary=f"Chuyển sang thủ tục {procedure.label}: hồ sơ {child.number}",
                data={"child": child.number}, at=moment,
            )

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
            self.refresh_settings(session)
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
            definition = bundle.task(instance.process_id, row.bpmn_id)
            required = definition.required_documents
            missing = [code for code in required if code not in documents.present(session, row.dossier_id, required)]
            if missing:
                raise ValidationFailed({"_schema": [
                    "Hồ sơ chưa có văn bản, tài liệu bắt buộc của bước này: "
                    + "; ".join(document_label(code) for code in missing)
                    + ". Hãy in văn bản từ trang hồ sơ hoặc tải lên bản quét."]})
            workflow = self._load(instance, bundle)
            spiff_task = next(
                (t for t in workflow.get_tasks(state=TaskState.READY, manual=True) if str(t.id) == row.task_guid),
                None,
            )
            if spiff_task is None:
                raise Conflict(_already_done(row))
            self._check_decision(bundle, definition, spiff_task, data)
            spiff_task.set_data(**data)
            spiff_task.run()
            fired = self._run(workflow)
            moment = now()
            dossier = session.get(Dossier, row.dossier_id)
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
            self._audit_timers(session, dossier, fired, moment)
            self._save(
                session, instance, workflow, dossier, actor_id=actor_id, moment=moment, completed_guid=row.task_guid
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
            self.refresh_settings(session)
            instance = session.scalars(
                select(ProcessInstance).where(ProcessInstance.id == instance_id).with_for_update()
            ).one()
            moment = now()
            if instance.next_timer_at is None or instance.next_timer_at > moment:
                return 0
            bundle = self._bundle(session, instance.spec_version)
            workflow = self._load(instance, bundle)
            fired = self._run(workflow, refresh_timers=True)
            dossier = session.get(Dossier, instance.dossier_id)
            self._save(session, instance, workflow, dossier, actor_id=None, moment=moment)
            self._audit_timers(session, dossier, fired, moment)
            uow.commit()
            return len(fired)

    # ----- documents and attachments -------------------------------------------------

    def issue_document(self, actor_id: int, dossier_id: int, code: str, base_url: str) -> tuple[int, bytes]:
        """Print an official document from the dossier's data. Each generation is kept
        (the exact PDF, its SHA-256, the token its QR code points to) and audited."""
        with UnitOfWork(self._write) as uow:
            session = uow.session
            dossier = dossier_for(session, _user(session, actor_id), dossier_id)
            if code not in DOCUMENTS:
                raise NotFound("Văn bản này không được in từ hệ thống; hãy tải lên bản quét.")
            token = secrets.token_hex(16)
            extra = {"verify_url": f"{base_url}/verify/{token}",
                     "reading_days": self.parameters["reading_period"].value}
            data = documents.document_data(session, self.bundle_for(session, dossier), dossier, code, extra)
            missing = missing_fields(code, data)
            if missing:
                raise ValidationFailed({"_schema": [
                    f"Chưa đủ dữ liệu để in {document_label(code)}: {'; '.join(missing)}. "
                    "Hãy hoàn thành bước xử lý có các thông tin này trước."]})
            try:
                pdf = render(code, data)
            except ValueError as exc:
                raise ValidationFailed({"_schema": [str(exc)]}) from exc
            moment = now()
            issued = IssuedDocument(token=token, dossier_id=dossier.id, code=code, sha256=hashlib.sha256(pdf).hexdigest(),
                                    content=pdf, issued_by_id=actor_id, issued_at=moment)
            session.add(issued)
            session.flush()
            audit.record(session, dossier_id=dossier.id, actor_id=actor_id, action="document_issued",
                         summary=f"In {document_label(code)}",
                         data={"code": code, "sha256": issued.sha256, "token": token}, at=moment)
            uow.commit()
            return issued.id, pdf

    def attach(self, actor_id: int, dossier_id: int, document_code: str | None, filename: str, content: bytes) -> int:
        """Keep an uploaded scan in the dossier; the type is read from the content."""
        try:
            content_type = check_scan(content)
        except ValidationError as exc:
            raise ValidationFailed(exc.messages) from exc
        if document_code and document_code not in DOCUMENTS and document_code not in SCAN_ONLY:
            raise ValidationFailed({"document_code": ["Loại văn bản, tài liệu không hợp lệ."]})
        with UnitOfWork(self._write) as uow:
            session = uow.session
            dossier = dossier_for(session, _user(session, actor_id), dossier_id)
            moment = now()
            attachment = Attachment(
                dossier_id=dossier.id, document_code=document_code or None,
                filename=(filename.replace("\\", "/").rsplit("/", 1)[-1] or "tai-lieu")[:255],
                content_type=content_type, size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                content=content, uploaded_by_id=actor_id, uploaded_at=moment,
            )
            session.add(attachment)
            session.flush()
            label = document_label(document_code) if document_code else attachment.filename
            audit.record(session, dossier_id=dossier.id, actor_id=actor_id, action="attachment_added",
                         summary=f"Tải lên: {label}",
                         data={"filename": attachment.filename, "sha256": attachment.sha256, "code": document_code},
                         at=moment)
            uow.commit()
            return attachment.id

    def version_bundle(self, session: Session, version: str) -> ModelBundle:
        """The model bundle of a stored version, for the read side."""
        return self._bundle(session, version)

    def bundle_for(self, session: Session, dossier: Dossier) -> ModelBundle:
        """The model version a dossier runs on."""
        instance = session.scalars(
            select(ProcessInstance).where(ProcessInstance.dossier_id == dossier.id).order_by(ProcessInstance.id.desc())
        ).first()
        return self._bundle(session, instance.spec_version)

    # ----- moving running dossiers to the current model version ------------------------

    def migrate_dossiers(self, actor_id: int, dossier_ids, dry_run: bool = False):
        """An administrator moves the running process of each selected dossier to the
        current model version where SpiffWorkflow's diff shows it is safe; one transaction
        per dossier, so a refusal never blocks the others. Returns an
        `engine.migration.MigrationReport`; a dry run writes nothing."""
        from .migration import migrate_dossiers

        return migrate_dossiers(self, actor_id, dossier_ids, dry_run=dry_run)

    # ----- administration: legal parameters and the calendar --------------------------

    def change_parameter(self, actor_id: int, name: str, value: int | None, status: str, citation: str,
                         note: str = "") -> None:
        """Amend a legal time limit. It applies to tasks created from now on; a change
        without its legal basis is refused."""
        with UnitOfWork(self._write) as uow:
            session = uow.session
            actor = self._admin(session, actor_id)
            self.refresh_settings(session)
            parameter = self.parameters.get(name)
            if parameter is None:
                raise NotFound("Không có tham số thời hạn này.")
            errors = check_change(parameter, value, status, citation)
            if errors:
                raise ValidationFailed(errors)
            moment = now()
            session.add(ParameterChange(name=name, value=value, status=status, citation=citation.strip(),
                                        note=note.strip(), changed_by_id=actor.id, changed_at=moment))
            after = replace(parameter, value=value, status=status)
            audit.record(session, dossier_id=None, actor_id=actor.id, action="parameter_changed",
                         summary=f"Sửa thời hạn «{parameter.label}»: {parameter.describe()} → {after.describe()}",
                         data={"name": name, "before": [parameter.value, parameter.status],
                               "after": [value, status], "citation": citation.strip()}, at=moment)
            self._bump_settings(session)
            uow.commit()
        self.refresh_settings()

    def set_calendar_day(self, actor_id: int, day: date, is_working_day: bool | None, note: str,
                         legal_basis: str) -> None:
        """Declare an official day off or make-up working day (None removes a declaration);
        tasks created from now on count with it. Refused without its legal basis."""
        if len(legal_basis.strip()) < 10:
            raise ValidationFailed({"legal_basis": ["Phải ghi văn bản công bố ngày nghỉ hoặc ngày làm việc bù."]})
        with UnitOfWork(self._write) as uow:
            session = uow.session
            actor = self._admin(session, actor_id)
            existing = session.get(CalendarOverride, day)
            if is_working_day is None:
                if existing is None:
                    raise NotFound("Ngày này không có điều chỉnh để xóa.")
                session.delete(existing)
                summary = f"Xóa điều chỉnh lịch ngày {day.strftime('%d/%m/%Y')}"
            else:
                if existing is None:
                    existing = CalendarOverride(day=day)
                    session.add(existing)
                existing.is_working_day, existing.note, existing.legal_basis = is_working_day, note.strip(), legal_basis.strip()
                summary = (f"Ngày {day.strftime('%d/%m/%Y')} là "
                           f"{'ngày làm việc' if is_working_day else 'ngày nghỉ'}")
            moment = now()
            audit.record(session, dossier_id=None, actor_id=actor.id, action="calendar_changed", summary=summary,
                         data={"day": day.isoformat(), "working": is_working_day, "legal_basis": legal_basis.strip()},
                         at=moment)
            self._bump_settings(session)
            uow.commit()
        self.refresh_settings()

    @staticmethod
    def _admin(session: Session, actor_id: int) -> User:
        actor = _user(session, actor_id)
        if not actor.is_admin:
            raise Forbidden("Chỉ quản trị viên được sửa thời hạn và lịch làm việc.")
        return actor

    @staticmethod
    def _bump_settings(session: Session) -> None:
        row = session.get(ConfigRevision, 1)
        if row is None:
            session.add(ConfigRevision(id=1, revision=1))
        else:
            row.revision += 1

    # ----- reminders ----------------------------------------------------------------

    def run_reminders(self, base_url: str, day: date | None = None) -> int | None:
        """The day's reminder scan: owe each reminder once, then build the e-mails. None
        on a day off, or when the day's scan is done or held by another scheduler."""
        moment = now()
        day = day or moment.astimezone(VN_TZ).date()
        self.refresh_settings()
        if not self.calendar.is_working_day(day):
            return None
        with self._write() as session:
            if not reminders.claim_run(session, day, moment):
                return None
        with UnitOfWork(self._write) as uow:
            self.refresh_settings(uow.session)
            reminders.owe_reminders(uow.session, day, moment, self.calendar, *self.reminder_policies)
            built = reminders.build_messages(uow.session, day, moment, self.calendar, base_url)
            reminders.finish_run(uow.session, day, moment)
            uow.commit()
        return built

    def send_outbox(self, mailer: SmtpMailer, limit: int = 100) -> dict[str, int]:
        """Send due messages. Each is claimed in its own committed transaction before the
        SMTP call, so two schedulers never send it twice; one a crash left in "sending"
        becomes "uncertain" and is not resent automatically."""
        moment = now()
        with UnitOfWork(self._write) as uow:
            uow.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.status == "sending", OutboxMessage.claimed_at < moment - SENDING_LEASE)
                .values(status="uncertain", last_error=UNCERTAIN)
            )
            uow.commit()
        with self._read() as session:
            due = session.scalars(
                select(OutboxMessage.id)
                .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= moment)
                .order_by(OutboxMessage.id).limit(limit)
            ).all()
        outcome = {"sent": 0, "retry": 0, "failed": 0}
        for message_id in due:
            with UnitOfWork(self._write) as uow:
                claimed = uow.session.execute(
                    update(OutboxMessage).where(OutboxMessage.id == message_id, OutboxMessage.status == "pending")
                    .values(status="sending", claimed_at=now())
                ).rowcount
                message = uow.session.get(OutboxMessage, message_id)
                email = mailer.compose(
                    dedupe_key=message.dedupe_key, to_address=message.to_address, to_name=message.recipient.full_name,
                    subject=message.subject, text=message.body_text, html=message.body_html,
                )
                uow.commit()
            if not claimed:
                continue
            try:
                mailer.send(email)
            except (smtplib.SMTPException, OSError) as exc:
                outcome[self._outbox_failed(message_id, exc)] += 1
                continue
            self._outbox_sent(message_id)
            outcome["sent"] += 1
        return outcome

    def resend_message(self, actor_id: int, message_id: int) -> None:
        """An administrator sends a failed or uncertain message again, knowingly."""
        with UnitOfWork(self._write) as uow:
            actor = _user(uow.session, actor_id)
            if not actor.is_admin:
                raise Forbidden("Chỉ quản trị viên được gửi lại thư.")
            message = uow.session.get(OutboxMessage, message_id)
            if message is None:
                raise NotFound("Không tìm thấy thư.")
            if message.status not in ("failed", "uncertain"):
                raise Conflict("Chỉ gửi lại được thư gửi lỗi hoặc không xác định.")
            message.status, message.attempts, message.next_attempt_at = "pending", 0, now()
            audit.record(uow.session, dossier_id=None, actor_id=actor_id, action="mail_resent",
                         summary=f"Gửi lại thư #{message.id} đến {message.to_address}", at=now())
            uow.commit()

    def set_digest(self, user_id: int, enabled: bool) -> None:
        """An officer switches the daily digest on or off (overdue notices still come)."""
        with UnitOfWork(self._write) as uow:
            _user(uow.session, user_id).digest_enabled = enabled
            uow.commit()

    def _outbox_sent(self, message_id: int) -> None:
        with UnitOfWork(self._write) as uow:
            uow.session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id)
                                .values(status="sent", sent_at=now(), last_error=None))
            uow.commit()

    def _outbox_failed(self, message_id: int, exc: Exception) -> str:
        """Back to pending with a growing delay, or failed after the last attempt."""
        with UnitOfWork(self._write) as uow:
            message = uow.session.get(OutboxMessage, message_id)
            message.attempts += 1
            message.last_error = f"{type(exc).__name__}: {exc}"[:1000]
            if message.attempts >= len(RETRY_DELAYS) + 1:
                message.status = "failed"
            else:
                message.status = "pending"
                message.next_attempt_at = now() + RETRY_DELAYS[message.attempts - 1]
            status = message.status
            uow.commit()
        return "failed" if status == "failed" else "retry"

    # ----- reads ------------------------------------------------------------------

    def open_tasks(self, agency_id: int, limit: int = 50) -> list[tuple]:
        """An agency's open tasks, earliest legal deadline first (projection only)."""
        with self._read() as session:
            return first_open_tasks(session, agency_id, limit)

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

    def _resolve_parties(self, session: Session, process_id: str, commune: AdministrativeUnit) -> dict[str, int]:
        """Each lane's agency for a dossier of this commune, plus the commune's own police
        and people's committee, who follow every dossier of their residents. An agency
        whose service area lists the commune comes first; otherwise the agency at the
        role's level above the commune (a two-tier province has no district)."""
        units = {"commune": commune}
        parent = session.get(AdministrativeUnit, commune.parent_code) if commune.parent_code else None
        while parent is not None:
            units.setdefault(parent.level, parent)
            parent = session.get(AdministrativeUnit, parent.parent_code) if parent.parent_code else None
        needed = {d.role for d in self.bundle.tasks.values() if d.process_id == process_id}
        parties = {}
        for role in needed | {"commune_police", "commune_committee"}:
            agency_id = session.scalar(
                select(Agency.id).join(AgencyServiceArea, AgencyServiceArea.agency_id == Agency.id)
                .where(Agency.kind == role, AgencyServiceArea.admin_unit_code == commune.code).order_by(Agency.code)
            )
            unit = units.get(ROLE_LEVELS[role])
            if agency_id is None and unit is not None:
                agency_id = session.scalar(
                    select(Agency.id).where(Agency.kind == role, Agency.admin_unit_code == unit.code).order_by(Agency.code)
                )
            if agency_id:
                parties[role] = agency_id
        missing = needed - parties.keys()
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
            bundle = load_bundle(stored.sources, self.parameters, TASK_FORMS.keys(), OPEN_FORMS.keys())
            self._bundles[version] = bundle
            self._serializers[version] = make_serializer(bundle)
        return self._bundles[version]

    def _load(self, instance: ProcessInstance, bundle: ModelBundle) -> BpmnWorkflow:
        workflow = self._serializers[bundle.version].deserialize_json(instance.state, use_gzip=True)
        workflow.script_engine = self.script_engine
        return workflow

    def _run(self, workflow: BpmnWorkflow, refresh_timers: bool = False) -> list[str]:
        """Run to the next wait state; returns the names of timers that fired meanwhile
        (a period that already ended when its step began fires here at once)."""
        before = {t.id for t in workflow.get_tasks(state=TaskState.COMPLETED)}
        try:
            if refresh_timers:
                workflow.refresh_timers()
            workflow.do_engine_steps()
        except SpiffWorkflowException as exc:
            raise ModelError(f"Lỗi khi chạy mô hình: {exc}") from exc
        return [
            t.task_spec.bpmn_name or t.task_spec.name
            for t in workflow.get_tasks(state=TaskState.COMPLETED)
            if t.id not in before and type(getattr(t.task_spec, "event_definition", None)).__name__ in TIMER_EVENTS
        ]

    @staticmethod
    def _audit_timers(session: Session, dossier: Dossier, fired: list[str], moment: datetime) -> None:
        if fired:
            audit.record(
                session, dossier_id=dossier.id, actor_id=None, action="timer_fired",
                summary="; ".join(fired), at=moment,
            )

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
        """Route thrown messages, serialize, and bring the projection, the timer index and
        the dossier in step."""
        self._route_messages(session, workflow, dossier, moment)
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
