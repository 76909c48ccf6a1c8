"""Official documents printed from a dossier's data, and uploaded scans.

A PDF takes long to render, so it is rendered from a read session before the write
transaction, which only stores it: the write lock is never held while rendering."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime

from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.documents import DOCUMENTS, SCAN_ONLY, document_label, missing_fields, render
from forms.revisions import ScanRevisionSchema
from forms.uploads import check_scan

from ..access import active_user, dossier_to_act_on
from ..clock import Clock
from ..errors import Conflict, Forbidden, NotFound, ValidationFailed
from ..model.bundle import ModelBundle
from ..model.versions import ModelVersions
from ..persistence import audit
from ..persistence.tables import Attachment, Dossier, IssuedDocument
from ..persistence.unit_of_work import UnitOfWorkFactory, latest_instance
from ..runtime.instance import ProcessRuntime
from ..settings import SettingsStore
from .document_data import document_data
from .input import validate


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
            dossier = dossier_to_act_on(session, active_user(session, actor_id), dossier_id)
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
            dossier = dossier_to_act_on(session, active_user(session, actor_id), dossier_id)
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
            earlier = supersede_earlier_prints(session, issued)
            audit.record(
                session,
                dossier_id=dossier.id,
                actor_id=actor_id,
                action="document_issued",
                summary=f"In {document_label(code)}" + (" (thay bản in trước)" if earlier else ""),
                data={
                    "code": code,
                    "sha256": issued.sha256,
                    "token": token,
                    **({"supersedes": earlier} if earlier else {}),
                },
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
        content_type = _scan_type(content)
        if document_code and document_code not in DOCUMENTS and document_code not in SCAN_ONLY:
            raise ValidationFailed({"document_code": ["Loại văn bản, tài liệu không hợp lệ."]})
        with self._unit_of_work() as uow:
            session = uow.session
            dossier = dossier_to_act_on(session, active_user(session, actor_id), dossier_id)
            attachment = _store_scan(
                session, actor_id, dossier, document_code, filename, content, content_type, self._clock.now()
            )
            label = document_label(document_code) if document_code else attachment.filename
            audit.record(
                session,
                dossier_id=dossier.id,
                actor_id=actor_id,
                action="attachment_added",
                summary=f"Tải lên: {label}",
                data={"filename": attachment.filename, "sha256": attachment.sha256, "code": document_code},
                at=attachment.uploaded_at,
            )
            uow.commit()
            return attachment.id

    def replace_scan(
        self, actor_id: int, dossier_id: int, attachment_id: int, reason: str | None, filename: str, content: bytes
    ) -> int:
        """A new scan in place of one: the old one is kept, marked superseded by it."""
        why = validate(ScanRevisionSchema(), {"scan_reason": reason})["scan_reason"]
        content_type = _scan_type(content)
        with self._unit_of_work() as uow:
            session = uow.session
            dossier, old = _own_scan(session, actor_id, dossier_id, attachment_id)
            new = _store_scan(
                session, actor_id, dossier, old.document_code, filename, content, content_type, self._clock.now()
            )
            old.superseded_at, old.superseded_by_id, old.superseded_reason = new.uploaded_at, new.id, why
            audit.record(
                session,
                dossier_id=dossier.id,
                actor_id=actor_id,
                action="attachment_replaced",
                summary=f"Thay bản quét: {_scan_label(old)}",
                data={"reason": why, "old": old.sha256, "new": new.sha256, "filename": new.filename},
                at=new.uploaded_at,
            )
            uow.commit()
            return new.id

    def withdraw_scan(self, actor_id: int, dossier_id: int, attachment_id: int, reason: str | None) -> None:
        """Take a scan out of the dossier's documents; it is kept, marked withdrawn."""
        why = validate(ScanRevisionSchema(), {"scan_reason": reason})["scan_reason"]
        with self._unit_of_work() as uow:
            session = uow.session
            dossier, old = _own_scan(session, actor_id, dossier_id, attachment_id)
            moment = self._clock.now()
            old.superseded_at, old.superseded_reason = moment, why
            audit.record(
                session,
                dossier_id=dossier.id,
                actor_id=actor_id,
                action="attachment_withdrawn",
                summary=f"Rút bản quét: {_scan_label(old)}",
                data={"reason": why, "sha256": old.sha256, "filename": old.filename},
                at=moment,
            )
            uow.commit()


def _scan_type(content: bytes) -> str:
    try:
        return check_scan(content)
    except ValidationError as exc:
        raise ValidationFailed(exc.messages_dict) from exc


def _store_scan(
    session: Session,
    actor_id: int,
    dossier: Dossier,
    document_code: str | None,
    filename: str,
    content: bytes,
    content_type: str,
    moment: datetime,
) -> Attachment:
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
    return attachment


def _own_scan(session: Session, actor_id: int, dossier_id: int, attachment_id: int) -> tuple[Dossier, Attachment]:
    """A current scan of the dossier, uploaded by an officer of the actor's agency."""
    user = active_user(session, actor_id)
    dossier = dossier_to_act_on(session, user, dossier_id)
    attachment = session.get(Attachment, attachment_id)
    if attachment is None or attachment.dossier_id != dossier.id:
        raise NotFound("Không tìm thấy tài liệu.")
    if attachment.superseded_at is not None:
        raise Conflict("Bản quét này đã được thay hoặc đã rút trước đó.")
    if user.agency_id is None or attachment.uploaded_by.agency_id != user.agency_id:
        raise Forbidden("Chỉ cơ quan đã tải lên bản quét này được thay hoặc rút bản quét.")
    return dossier, attachment


def _scan_label(attachment: Attachment) -> str:
    return document_label(attachment.document_code) if attachment.document_code else attachment.filename


def supersede_earlier_prints(session: Session, issued: IssuedDocument) -> list[int]:
    """A reprint replaces every valid earlier print of the same document in the dossier."""
    earlier = session.scalars(
        select(IssuedDocument).where(
            IssuedDocument.dossier_id == issued.dossier_id,
            IssuedDocument.code == issued.code,
            IssuedDocument.superseded_at.is_(None),
            IssuedDocument.id != issued.id,
        )
    ).all()
    for row in earlier:
        row.superseded_at, row.superseded_by_id, row.superseded_reason = issued.issued_at, issued.id, "Đã in lại"
    return [row.id for row in earlier]


def current_print_data(session: Session, bundle: ModelBundle, dossier: Dossier, process: dict) -> dict[str, dict]:
    """What each document the dossier has a valid print of is filled from now."""
    codes = session.scalars(
        select(IssuedDocument.code)
        .where(IssuedDocument.dossier_id == dossier.id, IssuedDocument.superseded_at.is_(None))
        .distinct()
    ).all()
    return {code: document_data(session, bundle, dossier, code, {}, process) for code in codes}


def supersede_changed_prints(
    session: Session,
    bundle: ModelBundle,
    dossier: Dossier,
    before: dict[str, dict],
    process: dict,
    moment: datetime,
    reason: str,
) -> list[str]:
    """After a correction: the valid prints whose data changed are superseded (to be
    printed again). Returns their document codes."""
    changed = sorted(
        code for code, data in before.items() if document_data(session, bundle, dossier, code, {}, process) != data
    )
    for row in session.scalars(
        select(IssuedDocument).where(
            IssuedDocument.dossier_id == dossier.id,
            IssuedDocument.code.in_(changed),
            IssuedDocument.superseded_at.is_(None),
        )
    ):
        row.superseded_at, row.superseded_reason = moment, reason
    return changed
