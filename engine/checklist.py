"""The required-documents check: which documents a dossier has, issued by the system or
uploaded as scans."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from .persistence.tables import Attachment, IssuedDocument


def present(session: Session, dossier_id: int, codes: Collection[str]) -> set[str]:
    """Which of these documents the dossier has: issued by the system or uploaded, and not
    superseded (a withdrawn or replaced scan, a print from data corrected since)."""
    issued = session.scalars(
        select(IssuedDocument.code).where(
            IssuedDocument.dossier_id == dossier_id,
            IssuedDocument.code.in_(list(codes)),
            IssuedDocument.superseded_at.is_(None),
        )
    )
    attached = session.scalars(
        select(Attachment.document_code).where(
            Attachment.dossier_id == dossier_id,
            Attachment.document_code.in_(list(codes)),
            Attachment.superseded_at.is_(None),
        )
    )
    return {*issued, *attached}
