"""What can be printed now, and drafts printed from an open step before it is recorded.

A document is printable when its required data are present (``forms.documents.missing_fields``
over the same data ``DocumentService.issue`` prints from, the model's computed values
included), so "In văn bản" is offered only where it cannot end on an error page. A draft
("BẢN NHÁP") is printed from the values the officer is typing on the open step: it is not
kept, fingerprinted or counted as an issued document, and its audit entry names the
document only, never the typed data."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from marshmallow import ValidationError
from sqlalchemy.orm import Session

from forms import TASK_FORMS
from forms.documents import DOCUMENTS, document_label, missing_fields, render

from ..access import active_user, dossier_for, task_for_actor
from ..clock import VN_TZ, Clock
from ..errors import Conflict, NotFound, ValidationFailed
from ..model.bundle import ModelBundle
from ..model.versions import ModelVersions
from ..persistence import audit
from ..persistence.tables import Dossier
from ..persistence.unit_of_work import UnitOfWorkFactory, latest_instance
from ..queries.documents import DocumentReadiness
from ..runtime.instance import ProcessRuntime
from ..settings import SettingsStore
from .document_data import Draft, document_data
from .input import jsonable

CHECK_URL = "verify"
"""Stands for the verification address, which only an issued document gets."""


class PrintingService:
    def __init__(
        self,
        read_sessions: Callable[[], Session],
        unit_of_work: UnitOfWorkFactory,
        settings: SettingsStore,
        versions: ModelVersions,
        runtime: ProcessRuntime,
        clock: Clock,
    ):
        self._read_sessions = read_sessions
        self._unit_of_work = unit_of_work
        self._settings = settings
        self._versions = versions
        self._runtime = runtime
        self._clock = clock

    def readiness(self, actor_id: int, dossier_id: int) -> list[DocumentReadiness]:
        """Each document the dossier's procedure prints, in model order: what it still lacks
        (nothing: "In văn bản" can be offered now)."""
        with self._read_sessions() as session:
            dossier = dossier_for(session, active_user(session, actor_id), dossier_id)
            bundle = self._versions.bundle_for(session, dossier.id)
            codes = dict.fromkeys(
                code
                for d in bundle.tasks.values()
                if d.process_id == dossier.process_id
                for code in (*d.required_documents, *d.documents)
                if code in DOCUMENTS
            )
            process = self._process_data(session, bundle, dossier)
            return [
                DocumentReadiness(
                    code,
                    document_label(code),
                    tuple(missing_fields(code, self._data(session, bundle, dossier, code, process))),
                )
                for code in codes
            ]

    def draft(self, actor_id: int, task_id: int, code: str, values: Mapping) -> bytes:
        """The draft of a document of an open step, from the values typed on its form (those
        that pass the form's checks; the rest print as dotted lines) and the dossier's data."""
        with self._read_sessions() as session:
            task = task_for_actor(session, actor_id, task_id)
            if task.state != "open":
                raise Conflict("Nhiệm vụ này đã kết thúc; hãy in văn bản từ trang hồ sơ.")
            if task.claimed_by_id not in (None, actor_id):
                raise Conflict("Nhiệm vụ đang do cán bộ khác nhận xử lý.")
            dossier = dossier_for(session, active_user(session, actor_id), task.dossier_id)
            bundle = self._versions.bundle_for(session, dossier.id)
            definition = bundle.tasks.get((dossier.process_id, task.bpmn_id))
            if code not in DOCUMENTS or definition is None or code not in definition.documents:
                raise NotFound("Bước này không lập văn bản đó.")
            typed = Draft(task.id, _valid_part(task.form, values), actor_id)
            data = self._data(session, bundle, dossier, code, self._process_data(session, bundle, dossier), typed)
            data["issued_on"] = data.get("issued_on") or self._clock.now().astimezone(VN_TZ).date().isoformat()
        try:
            pdf = render(code, data, draft=True)
        except ValueError as exc:
            raise ValidationFailed({"_schema": [str(exc)]}) from exc
        with self._unit_of_work() as uow:
            audit.record(
                uow.session,
                dossier_id=task.dossier_id,
                actor_id=actor_id,
                action="document_draft_printed",
                summary=f"In bản nháp {document_label(code)}",
                data={"code": code},
                at=self._clock.now(),
            )
            uow.commit()
        return pdf

    def _data(
        self,
        session: Session,
        bundle: ModelBundle,
        dossier: Dossier,
        code: str,
        process: dict,
        draft: Draft | None = None,
    ) -> dict:
        parameters = self._settings.current.parameters
        extra: dict = {
            key: parameters[name].value
            for key, name in {"reading_days": "reading_period", **DOCUMENTS[code].parameters}.items()
        }
        extra["verify_url"] = CHECK_URL
        return document_data(session, bundle, dossier, code, extra, process, draft)

    def _process_data(self, session: Session, bundle: ModelBundle, dossier: Dossier) -> dict:
        """What the model computed (the term, its end, the post-rehab months): documents
        print it, so whether one can be printed depends on it too."""
        instance = latest_instance(session, dossier.id)
        if instance is None or not instance.state:
            return {}
        return self._runtime.variables(instance, bundle, self._settings.current)


def _valid_part(form: str, values: Mapping) -> dict:
    """The typed values the form accepts, as the step would record them."""
    try:
        loaded = TASK_FORMS[form]().load(dict(values), partial=True)
    except ValidationError as exc:
        loaded = exc.valid_data or {}
    return jsonable(loaded)
