"""Append-only audit trail, hash-chained per dossier so an edited or deleted row shows."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from .tables import AuditEvent

GENESIS = "0" * 64


def _digest(prev_hash: str, event: AuditEvent) -> str:
    body = json.dumps(
        {
            "dossier": event.dossier_id,
            "task": event.task_id,
            "actor": event.actor_id,
            "action": event.action,
            "summary": event.summary,
            "data": event.data,
            "at": event.created_at.isoformat(),
        },
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()


def record(
    session: Session,
    *,
    dossier_id: int | None,
    actor_id: int | None,
    action: str,
    summary: str,
    at: datetime,
    data: dict | None = None,
    task_id: int | None = None,
) -> AuditEvent:
    prev_hash = session.scalar(
        select(AuditEvent.hash).where(AuditEvent.dossier_id == dossier_id).order_by(AuditEvent.id.desc()).limit(1)
    )
    event = AuditEvent(
        dossier_id=dossier_id,
        task_id=task_id,
        actor_id=actor_id,
        action=action,
        summary=summary,
        data=data or {},
        created_at=at.astimezone(UTC).replace(microsecond=0),
        prev_hash=prev_hash or GENESIS,
    )
    event.hash = _digest(event.prev_hash, event)
    session.add(event)
    return event


def record_administration(
    session: Session, *, actor_id: int | None, action: str, summary: str, at: datetime, data: dict
) -> AuditEvent:
    """An administrator's act outside any dossier (accounts, agencies); `actor_id` None is
    the server's command line, which the event says ("via")."""
    via = {"via": "cli" if actor_id is None else "web"}
    return record(session, dossier_id=None, actor_id=actor_id, action=action, summary=summary, at=at, data=data | via)


def chain_is_intact(session: Session, dossier_id: int) -> bool:
    prev_hash = GENESIS
    for event in session.scalars(select(AuditEvent).where(AuditEvent.dossier_id == dossier_id).order_by(AuditEvent.id)):
        if event.prev_hash != prev_hash or event.hash != _digest(prev_hash, event):
            return False
        prev_hash = event.hash
    return True


def record_timers(session: Session, dossier_id: int, fired: list[str], at: datetime) -> None:
    """One entry naming the timers that fired in one step, if any did."""
    if fired:
        record(session, dossier_id=dossier_id, actor_id=None, action="timer_fired", summary="; ".join(fired), at=at)
