"""Correcting a completed step's data and withdrawing a dossier opened by mistake: each
one transaction, audited with the reason (engine.revisions says when and by whom)."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from forms import TASK_FORMS
from forms.revisions import CorrectionReasonSchema, WithdrawalSchema

from ..access import active_user, dossier_to_act_on, task_for_actor
from ..clock import Clock
from ..errors import Conflict, ValidationFailed
from ..model.versions import ModelVersions
from ..persistence import audit
from ..persistence.tables import Dossier
from ..persistence.unit_of_work import UnitOfWorkFactory
from ..revisions import check_corrector, check_withdrawer, correction_blocker, recorded_data, withdrawal_blocker
from ..runtime.correction import cancel, carry_open_rows, reopen
from ..runtime.decisions import check_decision
from ..runtime.instance import ProcessRuntime
from ..runtime.projection import sync_task_rows
from ..settings import SettingsStore
from .documents import current_print_data, supersede_changed_prints
from .dossiers import DossierService
from .input import jsonable, validate
from .receipts import take_receipt
from .tasks import CONFLICT, act_moment, check_time_order

WITHDRAWN = "withdrawn"


class CorrectionService:
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

    def correct(self, actor_id: int, task_id: int, payload: Mapping, reason: str | None) -> int:
        """Replace what a completed step recorded, validated as its form and its time order
        were, and run the process on from it. Returns the dossier id."""
        try:
            return self._correct(actor_id, task_id, payload, reason)
        except (StaleDataError, IntegrityError) as exc:
            raise Conflict(CONFLICT) from exc

    def _correct(self, actor_id: int, task_id: int, payload: Mapping, reason: str | None) -> int:
        with self._unit_of_work() as uow:
            session = uow.session
            settings = self._settings.refresh(session)
            row = task_for_actor(session, actor_id, task_id)
            check_corrector(active_user(session, actor_id), row)
            blocker = correction_blocker(session, row)
            if blocker:
                raise Conflict(blocker)
            data, why = corrected_input(row.form, payload, reason)
            old = recorded_data(session, row.id) or {}
            changes = {
                key: {"old": old.get(key), "new": data.get(key)}
                for key in sorted(old.keys() | data.keys())
                if old.get(key) != data.get(key)
            }
            if not changes:
                raise ValidationFailed({"_schema": ["Dữ liệu không thay đổi so với dữ liệu đã ghi của bước này."]})
            instance = uow.lock_instance(row.instance_id)
            bundle = self._versions.bundle(session, instance.spec_version)
            definition = bundle.task(instance.process_id, row.bpmn_id)
            dossier = session.get_one(Dossier, row.dossier_id)
            prints_before = current_print_data(
                session, bundle, dossier, self._runtime.variables(instance, bundle, settings)
            )
            workflow = self._runtime.load(instance, bundle, settings)
            spiff_task = reopen(workflow, row.task_guid)
            check_decision(bundle, definition, spiff_task, data)
            check_time_order(definition.not_before, spiff_task.data, data, settings.parameters)
            take_receipt(row, definition, data, settings, self._clock.now())
            row.act_at = act_moment(definition, data)
            self._runtime.complete(spiff_task, data)
            advance = self._runtime.advance(workflow)
            deadlines = carry_open_rows(session, instance, dossier, workflow, bundle, settings)
            moment = self._clock.now()
            audit.record(
                session,
                dossier_id=dossier.id,
                task_id=row.id,
                actor_id=actor_id,
                action="step_corrected",
                summary=f"Sửa dữ liệu bước «{row.name}»"[:500],
                data={"reason": why, "changes": changes, "recorded": data, "deadlines": deadlines},
                at=moment,
            )
            audit.record_timers(session, dossier.id, advance.fired_timers, moment)
            self._dossiers.settle(
                session, instance, dossier, workflow, advance, bundle, settings, actor_id=actor_id, moment=moment
            )
            reissue = supersede_changed_prints(
                session,
                bundle,
                dossier,
                prints_before,
                self._runtime.variables(instance, bundle, settings),
                moment,
                f"In từ dữ liệu trước khi sửa bước «{row.name}»",
            )
            if reissue:
                audit.record(
                    session,
                    dossier_id=dossier.id,
                    actor_id=actor_id,
                    action="documents_superseded",
                    summary="Văn bản in từ dữ liệu cũ hết hiệu lực, cần in lại",
                    data={"codes": reissue, "task": row.name},
                    at=moment,
                )
            uow.commit()
            return dossier.id

    def withdraw(self, actor_id: int, dossier_id: int, reason: str | None) -> None:
        """Cancel the process of a dossier opened by mistake and close it as withdrawn."""
        why = validate(WithdrawalSchema(), {"withdrawal_reason": reason})["withdrawal_reason"]
        try:
            self._withdraw(actor_id, dossier_id, why)
        except (StaleDataError, IntegrityError) as exc:
            raise Conflict(CONFLICT) from exc

    def _withdraw(self, actor_id: int, dossier_id: int, why: str) -> None:
        with self._unit_of_work() as uow:
            session = uow.session
            settings = self._settings.refresh(session)
            user = active_user(session, actor_id)
            dossier = dossier_to_act_on(session, user, dossier_id)
            check_withdrawer(session, user, dossier)
            blocker = withdrawal_blocker(session, dossier)
            if blocker:
                raise Conflict(blocker)
            instance = uow.latest_instance(dossier.id, running=True, lock=True)
            if instance is None:
                raise Conflict("Không rút được: quy trình của hồ sơ đã kết thúc.")
            bundle = self._versions.bundle(session, instance.spec_version)
            workflow = self._runtime.load(instance, bundle, settings)
            cancel(workflow)
            moment = self._clock.now()
            sync_task_rows(session, instance, dossier, workflow, bundle, settings, actor_id=actor_id, moment=moment)
            self._runtime.store(instance, dossier, workflow, moment)
            instance.status = "cancelled"
            dossier.outcome, dossier.current_step = WITHDRAWN, "Đã rút hồ sơ"
            audit.record(
                session,
                dossier_id=dossier.id,
                actor_id=actor_id,
                action="dossier_withdrawn",
                summary="Rút hồ sơ",
                data={"reason": why},
                at=moment,
            )
            uow.commit()


def corrected_input(form: str, payload: Mapping, reason: str | None) -> tuple[dict, str]:
    """The step's form and the reason, every error of both at once."""
    errors: dict[str, list[str]] = {}
    data: dict = {}
    why = ""
    try:
        data = jsonable(validate(TASK_FORMS[form](), payload))
    except ValidationFailed as exc:
        errors.update(exc.errors)
    try:
        why = validate(CorrectionReasonSchema(), {"correction_reason": reason})["correction_reason"]
    except ValidationFailed as exc:
        errors.update(exc.errors)
    if errors:
        raise ValidationFailed(errors)
    return data, why
