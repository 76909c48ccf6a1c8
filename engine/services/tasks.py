"""Completing, claiming and releasing user tasks: each one transaction that locks the
process instance, runs it to the next wait state and brings everything in step."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from forms import TASK_FORMS
from forms.computed import date_label
from forms.documents import document_label
from forms.vn import vn_date, vn_datetime

from ..access import task_for_actor
from ..checklist import present
from ..clock import VN_TZ, Clock
from ..errors import Conflict, Forbidden, ValidationFailed
from ..model.bundle import TaskDefinition
from ..model.versions import ModelVersions
from ..notifications.render import render_assignment
from ..persistence import audit
from ..persistence.tables import Dossier, OutboxMessage, Task, User
from ..persistence.unit_of_work import UnitOfWorkFactory
from ..persistence.upsert import insert_ignoring_duplicates
from ..runtime.decisions import check_decision
from ..runtime.expressions import instant
from ..runtime.instance import ProcessRuntime, ready_tasks
from ..settings import SettingsStore
from .dossiers import DossierService
from .input import jsonable, validate
from .receipts import take_receipt

CONFLICT = "Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại trang và kiểm tra."


class TaskService:
    def __init__(
        self,
        unit_of_work: UnitOfWorkFactory,
        settings: SettingsStore,
        versions: ModelVersions,
        runtime: ProcessRuntime,
        clock: Clock,
        dossiers: DossierService,
    ):
        self._unit_of_work = unit_of_work
        self._settings = settings
        self._versions = versions
        self._runtime = runtime
        self._clock = clock
        self._dossiers = dossiers

    def complete(self, actor_id: int, task_id: int, payload: Mapping) -> int:
        """Validate the form, complete the task and run to the next wait state.
        Returns the dossier id."""
        try:
            return self._complete(actor_id, task_id, payload)
        except (StaleDataError, IntegrityError) as exc:
            raise Conflict(CONFLICT) from exc

    def _complete(self, actor_id: int, task_id: int, payload: Mapping) -> int:
        with self._unit_of_work() as uow:
            session = uow.session
            settings = self._settings.refresh(session)
            row = task_for_actor(session, actor_id, task_id)
            if row.state != "open":
                raise Conflict(already_done(row))
            if row.claimed_by is not None and row.claimed_by_id != actor_id:
                raise Conflict(f"Nhiệm vụ đang do {row.claimed_by.full_name} nhận xử lý.")
            data = jsonable(validate(TASK_FORMS[row.form](), payload))
            instance = uow.lock_instance(row.instance_id)
            bundle = self._versions.bundle(session, instance.spec_version)
            definition = bundle.task(instance.process_id, row.bpmn_id)
            required = definition.required_documents
            missing = [code for code in required if code not in present(session, row.dossier_id, required)]
            if missing:
                raise ValidationFailed(
                    {
                        "_schema": [
                            "Hồ sơ chưa có văn bản, tài liệu bắt buộc của bước này: "
                            + "; ".join(document_label(code) for code in missing)
                            + ". Hãy in văn bản từ trang hồ sơ hoặc tải lên bản quét."
                        ]
                    }
                )
            workflow = self._runtime.load(instance, bundle, settings)
            spiff_task = ready_tasks(workflow).get(row.task_guid)
            if spiff_task is None:
                raise Conflict(already_done(row))
            check_decision(bundle, definition, spiff_task, data)
            check_time_order(definition.not_before, spiff_task.data, data, settings.parameters)
            moment = self._clock.now()
            take_receipt(row, definition, data, settings, moment)
            row.act_at = act_moment(definition, data)
            self._runtime.complete(spiff_task, data)
            advance = self._runtime.advance(workflow)
            dossier = session.get_one(Dossier, row.dossier_id)
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
            audit.record_timers(session, dossier.id, advance.fired_timers, moment)
            self._dossiers.settle(
                session,
                instance,
                dossier,
                workflow,
                advance,
                bundle,
                settings,
                actor_id=actor_id,
                moment=moment,
                completed_guid=row.task_guid,
            )
            uow.commit()
            return row.dossier_id

    def claim(self, actor_id: int, task_id: int) -> None:
        with self._unit_of_work() as uow:
            row = task_for_actor(uow.session, actor_id, task_id)
            if row.state != "open":
                raise Conflict(already_done(row))
            if row.claimed_by_id == actor_id:
                return
            if row.claimed_by is not None:
                raise Conflict(f"Nhiệm vụ đã được {row.claimed_by.full_name} nhận xử lý.")
            moment = self._clock.now()
            row.claimed_by_id, row.claimed_at = actor_id, moment
            audit.record(
                uow.session,
                dossier_id=row.dossier_id,
                task_id=row.id,
                actor_id=actor_id,
                action="task_claimed",
                summary=f"Nhận xử lý: {row.name}",
                at=moment,
            )
            uow.commit()

    def release(self, actor_id: int, task_id: int) -> None:
        with self._unit_of_work() as uow:
            row = task_for_actor(uow.session, actor_id, task_id)
            if row.state != "open":
                raise Conflict(already_done(row))
            if row.claimed_by_id != actor_id:
                raise Conflict("Chỉ người đã nhận nhiệm vụ mới bỏ nhận được.")
            moment = self._clock.now()
            row.claimed_by_id, row.claimed_at = None, None
            audit.record(
                uow.session,
                dossier_id=row.dossier_id,
                task_id=row.id,
                actor_id=actor_id,
                action="task_released",
                summary=f"Bỏ nhận nhiệm vụ: {row.name}",
                at=moment,
            )
            uow.commit()

    def reassign(self, actor_id: int, task_id: int, officer_id: int, base_url: str) -> None:
        """The head of the task's agency gives it to an officer of the agency (themself: a
        takeover), claimed or not; the officer, and the one it is taken from, get an e-mail."""
        with self._unit_of_work() as uow:
            session = uow.session
            row = task_for_actor(session, actor_id, task_id)
            head = session.get_one(User, actor_id)
            if not head.is_head:
                raise Forbidden("Chỉ lãnh đạo cơ quan mới nhận lại hoặc giao lại nhiệm vụ cho cán bộ khác.")
            if row.state != "open":
                raise Conflict(already_done(row))
            officer = session.get(User, officer_id)
            if officer is None or not officer.is_active or officer.agency_id != row.agency_id:
                raise ValidationFailed({"officer_id": ["Hãy chọn một cán bộ đang làm việc của cơ quan."]})
            previous = row.claimed_by
            if previous is not None and previous.id == officer.id:
                return
            moment = self._clock.now()
            row.claimed_by_id, row.claimed_at = officer.id, moment
            taken = f" (trước đó do {previous.full_name} nhận)" if previous is not None else ""
            summary = (
                f"Lãnh đạo nhận lại nhiệm vụ: {row.name}{taken}"
                if officer.id == actor_id
                else f"Giao nhiệm vụ cho {officer.full_name}: {row.name}{taken}"
            )
            audit.record(
                session,
                dossier_id=row.dossier_id,
                task_id=row.id,
                actor_id=actor_id,
                action="task_reassigned",
                summary=summary,
                data={"to": officer.username, "from": previous.username if previous is not None else None},
                at=moment,
            )
            dossier = session.get_one(Dossier, row.dossier_id)
            context = {
                "head": head.full_name,
                "officer": officer.full_name,
                "dossier_number": dossier.number,
                "person_name": dossier.person.full_name,
                "task_name": row.name,
                "task_id": row.id,
            }
            told = [(officer, True)] + ([(previous, False)] if previous is not None else [])
            messages = [
                render_assignment(
                    f"assignment:{row.id}:{user.id}:{moment.isoformat()}",
                    user,
                    {**context, "to_recipient": to_recipient},
                    base_url,
                    moment,
                )
                for user, to_recipient in told
                if user.id != actor_id and user.email
            ]
            if messages:
                insert_ignoring_duplicates(session, OutboxMessage, messages)
            uow.commit()


def already_done(row: Task) -> str:
    if row.state == "completed" and row.completed_by is not None and row.completed_at is not None:
        when = row.completed_at.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y")
        return f"Nhiệm vụ này đã được {row.completed_by.full_name} hoàn thành lúc {when}."
    return "Nhiệm vụ này đã được xử lý xong hoặc không còn hiệu lực."


def act_moment(definition: TaskDefinition, data: Mapping) -> datetime | None:
    """The act's own date (a day: its first moment) from the first act_date field filled:
    met or late is judged by it, not by when it was recorded."""
    return next((instant(data[name]) for name in definition.act_date if data.get(name)), None)


def check_time_order(rules, recorded: Mapping, submitted: Mapping, parameters: Mapping) -> None:
    """A day or moment entered on this step may not precede the event the dossier already
    records before it (the decision before its receipt, the receipt before the escort); a
    date a legal period sets is refused with that period and its article."""
    errors: dict[str, list[str]] = {}
    for field, variable, reason in rules:
        if not submitted.get(field) or not recorded.get(variable):
            continue
        value, earlier = instant(submitted[field]), instant(recorded[variable])
        timed = "T" in submitted[field] and "T" in recorded[variable]
        if (value < earlier) if timed else (value.astimezone(VN_TZ).date() < earlier.astimezone(VN_TZ).date()):
            shown = vn_datetime(earlier) if "T" in recorded[variable] else vn_date(earlier)
            message = f"Không được trước «{date_label(variable)}» đã ghi trong hồ sơ ({shown})"
            if reason:
                message += f"; căn cứ: {parameters[reason].label} ({parameters[reason].legal_basis})"
            errors.setdefault(field, []).append(message + ".")
    if errors:
        raise ValidationFailed(errors)
