"""A dossier's documents: what its procedure names, what was printed and uploaded (file
contents are not read for the list), the downloads, and the public verification."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms.documents import DOCUMENTS, document_label

from ..access import dossier_for
from ..errors import NotFound
from ..persistence.tables import Agency, Attachment, Dossier, IssuedDocument, User


@dataclass(frozen=True)
class DocumentLine:
    code: str
    label: str
    printable: bool
    issued: int
    attached: int


@dataclass(frozen=True)
class DocumentReadiness:
    """Whether a document can be printed now: what it still lacks, in Vietnamese."""

    code: str
    label: str
    missing: tuple[str, ...]

    @property
    def printable(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class DocumentsView:
    lines: list[DocumentLine]
    issued: list[tuple]
    """(id, code, sha256, issued_at, issuer name, superseded_at): counts and checklists take the valid ones."""
    attachments: list[tuple]
    """(id, document_code, filename, content_type, size, sha256, uploaded_at, uploader name, superseded_at)"""


@dataclass(frozen=True)
class StoredFile:
    """A file to download: a printed document (content_type application/pdf) or a scan."""

    id: int
    code: str | None
    content_type: str
    content: bytes


@dataclass(frozen=True)
class Verification:
    """What the public verification page may show of an issued document: no personal data."""

    code: str
    sha256: str
    issued_at: datetime
    dossier_number: str
    agency: str
    superseded_at: datetime | None = None
    """No longer valid since then: reprinted, or printed from data corrected since."""
    replaced_at: datetime | None = None
    """When the print that replaced it was made (None: not reprinted yet)."""


def dossier_documents(session: Session, dossier_id: int, process_id: str, definitions) -> DocumentsView:
    """The documents of a dossier's procedure (in model order), what was printed and what
    was uploaded; file contents are not read."""
    codes = list(
        dict.fromkeys(
            code for d in definitions if d.process_id == process_id for code in (*d.required_documents, *d.documents)
        )
    )
    issued = session.execute(
        select(
            IssuedDocument.id,
            IssuedDocument.code,
            IssuedDocument.sha256,
            IssuedDocument.issued_at,
            User.full_name,
            IssuedDocument.superseded_at,
        )
        .join(User, User.id == IssuedDocument.issued_by_id)
        .where(IssuedDocument.dossier_id == dossier_id)
        .order_by(IssuedDocument.id.desc())
    ).all()
    attachments = session.execute(
        select(
            Attachment.id,
            Attachment.document_code,
            Attachment.filename,
            Attachment.content_type,
            Attachment.size,
            Attachment.sha256,
            Attachment.uploaded_at,
            User.full_name,
            Attachment.superseded_at,
        )
        .join(User, User.id == Attachment.uploaded_by_id)
        .where(Attachment.dossier_id == dossier_id)
        .order_by(Attachment.id.desc())
    ).all()
    counts_issued = {code: sum(1 for row in issued if row[1] == code and row[-1] is None) for code in codes}
    counts_attached = {code: sum(1 for row in attachments if row[1] == code and row[-1] is None) for code in codes}
    lines = [
        DocumentLine(code, document_label(code), code in DOCUMENTS, counts_issued[code], counts_attached[code])
        for code in codes
    ]
    return DocumentsView(lines, [tuple(row) for row in issued], [tuple(row) for row in attachments])


def attachment_for(session: Session, user: User, dossier_id: int, attachment_id: int) -> StoredFile:
    dossier_for(session, user, dossier_id)
    attachment = session.get(Attachment, attachment_id)
    if attachment is None or attachment.dossier_id != dossier_id:
        raise NotFound("Không tìm thấy tài liệu.")
    return StoredFile(attachment.id, attachment.document_code, attachment.content_type, attachment.content)


def issued_for(session: Session, user: User, dossier_id: int, issued_id: int) -> StoredFile:
    dossier_for(session, user, dossier_id)
    issued = session.get(IssuedDocument, issued_id)
    if issued is None or issued.dossier_id != dossier_id:
        raise NotFound("Không tìm thấy văn bản.")
    return StoredFile(issued.id, issued.code, "application/pdf", issued.content)


def verification(session: Session, token: str) -> Verification | None:
    found = session.execute(
        select(IssuedDocument, Dossier.number)
        .join(Dossier, Dossier.id == IssuedDocument.dossier_id)
        .where(IssuedDocument.token == token)
    ).first()
    if found is None:
        return None
    issued, number = found
    issuer_agency = session.scalar(
        select(Agency.name).join(User, User.agency_id == Agency.id).where(User.id == issued.issued_by_id)
    )
    replacement = session.get(IssuedDocument, issued.superseded_by_id) if issued.superseded_by_id else None
    return Verification(
        issued.code,
        issued.sha256,
        issued.issued_at,
        number,
        issuer_agency or "Quản trị hệ thống",
        issued.superseded_at,
        replacement.issued_at if replacement else None,
    )
