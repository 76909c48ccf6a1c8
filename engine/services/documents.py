"""Official documents printed from a dossier's data, and uploaded scans.

A PDF takes long to render, so it is rendered from a read session before the write
transaction, which only stores it: the write lock is never held while rendering."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable

from marshmallow import ValidationError
from sqlalchemy.orm import Session

from forms.documents import DOCUMENTS, SCAN_ONLY, document_label, missing_fields, render
from forms.uploads import check_scan

from ..access import active_user, dossier_for
from ..clock import Clock
from ..errors import NotFound, ValidationFailed
from ..model.bundle import ModelBundle
from ..model.versions import ModelVersions
from ..persistence import audit
from ..persistence.tables import Attachment, Dossier, IssuedDocument
from ..persistence.unit_of_work import UnitOfWorkFactory, latest_instance
from ..runtime.instance import ProcessRuntime
from ..settings import SettingsStore
from .document_data import document_data


class DocumentService:
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
        self._runtime = runtime
        self._unit_of_work = unit_of_work
        self._settings = settings
        self._versions = versions
        self._clock = clock

    def issue(self, actor_id: int, dossier_id: int, code: str, base_url: str) -> tuple[int, bytes]:
        """Print an official document from the dossier's data. Each generation is kept
        (the exact PDF, its SHA-256, the token its QR code points to) and audited."""
        with self._read_sessions() as session:
            dossier = dossier_for(session, active_user(session, actor_id), dossier_id)
            if code not in DOCUMENTS:
                raise NotFound("Văn bản này không được in từ hệ thống; hãy tải lên bản quét.")
            token = secrets.token_hex(16)
            parameters = self._settings.current.parameters
            extra: dict = {
                key: parameters[name].value
                for key, name in {"reading_days": "reading_period", **DOCUMENTS[code].parameters}.items()
            }
            extra["verify_url"] = f"{base_url}/verify/{token}"
            bundle = self._versions.bundle_for(session, dossier.id)
            data = document_data(session, bundle, dossier, code, extra, self._process_data(session, bundle, dossier))
        missing = missing_fields(code, data)
        if missing:
            raise ValidationFailed(
                {
                    "_schema": [
                        f"Chưa đủ dữ liệu để in {document_label(code)}: {'; '.join(missing)}. "
                        "Hãy hoàn thành bước xử lý có các thông tin này trước."
                    ]
                }
            )
        try:
            pdf = render(code, data)
        except ValueError as exc:
            raise ValidationFailed({"_schema": [str(exc)]}) from exc
        with self._unit_of_work() as uow:
            session = uow.session
            dossier = dossier_for(session, active_user(session, actor_id), dossier_id)
            moment = self._clock.now()
            issued = IssuedDocument(
                token=token,
                dossier_id=dossier.id,
                code=code,
                sha256=hashlib.sha256(pdf).hexdigest(),
                content=pdf,
                issued_by_id=actor_id,
                issued_at=moment,
            )
            session.add(issued)
            session.flush()
            audit.record(
                session,
                dossier_id=dossier.id,
                actor_id=actor_id,
                action="document_issued",
                summary=f"In {document_label(code)}",
                data={"code": code, "sha256": issued.sha256, "token": token},
                at=moment,
            )
            uow.commit()
            return issued.id, pdf

    def _process_data(self, session: Session, bundle: ModelBundle, dossier: Dossier) -> dict:
        """What the model computed (the term, its end, the post-rehab months) beside what
        officers entered."""
        instance = latest_instance(session, dossier.id)
        if instance is None or not instance.state:
            return {}
        return self._runtime.variables(instance, bundle, self._settings.current)

    def attach(self, actor_id: int, dossier_id: int, document_code: str | None, filename: str, content: bytes) -> int:
        """Keep an uploaded scan in the dossier; the type is read from the content."""
        try:
            content_type = check_scan(content)
        except ValidationError as exc:
            raise ValidationFailed(exc.messages_dict) from exc
        if document_code and document_code not in DOCUMENTS and document_code not in SCAN_ONLY:
            raise ValidationFailed({"document_code": ["Loại văn bản, tài liệu không hợp lệ."]})
        with self._unit_of_work() as uow:
            session = uow.session
            dossier = dossier_for(session, active_user(session, actor_id), dossier_id)
            moment = self._clock.now()
            attachment = Attachment(
                dossier_id=dossier.id,
                document_code=document_code or None,
                filename=(filename.replace("\\", "/").rsplit("/", 1)[-1] or "tai-lieu")[:255],
                content_type=content_type,
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                content=content,
                uploaded_by_id=actor_id,
                uploaded_at=moment,
            )
            session.add(attachment)
            session.flush()
            label = document_label(document_code) if document_code else attachment.filename
            audit.record(
                session,
                dossier_id=dossier.id,
                actor_id=actor_id,
                action="attachment_added",
                summary=f"Tải lên: {label}",
                data={"filename": attachment.filename, "sha256": attachment.sha256, "code": document_code},
                at=moment,
            )
            uow.commit()
            return attachment.id
