"""Sending the outbox exactly once: each message is claimed in its own committed
transaction before the SMTP call, so two schedulers never send it twice; one a crash
left in "sending" becomes "uncertain" and is not resent automatically."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..access import require_admin
from ..clock import Clock
from ..errors import Conflict, EngineError, NotFound
from ..notifications.mailer import Mailer, MailError
from ..persistence import audit
from ..persistence.tables import OutboxMessage
from ..persistence.unit_of_work import UnitOfWorkFactory
from ..persistence.upsert import updated_rows

RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1))
"""Waits after each failed SMTP attempt; a message fails for good after one more."""
SENDING_LEASE = timedelta(minutes=10)
UNCERTAIN = (
    "Tiến trình gửi dừng giữa chừng: không xác định được thư đã được gửi hay chưa. "
    "Hệ thống không tự gửi lại để tránh thư trùng; quản trị viên kiểm tra rồi gửi lại nếu cần."
)


class OutboxService:
    def __init__(
        self,
        read_sessions: Callable[[], Session],
        unit_of_work: UnitOfWorkFactory,
        clock: Clock,
        mailer: Mailer | None = None,
    ):
        self._read_sessions = read_sessions
        self._unit_of_work = unit_of_work
        self._clock = clock
        self._mailer = mailer

    def send(self, mailer: Mailer | None = None, limit: int = 100) -> dict[str, int]:
        """Send due messages with `mailer` (else the one the backend was built with)."""
        mailer = mailer or self._mailer
        if mailer is None:
            raise EngineError("Chưa cấu hình máy chủ gửi thư.")
        moment = self._clock.now()
        with self._unit_of_work() as uow:
            uow.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.status == "sending", OutboxMessage.claimed_at < moment - SENDING_LEASE)
                .values(status="uncertain", last_error=UNCERTAIN)
            )
            uow.commit()
        with self._read_sessions() as session:
            due = session.scalars(
                select(OutboxMessage.id)
                .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= moment)
                .order_by(OutboxMessage.id)
                .limit(limit)
            ).all()
        outcome = {"sent": 0, "retry": 0, "failed": 0}
        for message_id in due:
            with self._unit_of_work() as uow:
                claimed = updated_rows(
                    uow.session,
                    update(OutboxMessage)
                    .where(OutboxMessage.id == message_id, OutboxMessage.status == "pending")
                    .values(status="sending", claimed_at=self._clock.now()),
                )
                message = uow.session.get_one(OutboxMessage, message_id)
                email = mailer.compose(
                    dedupe_key=message.dedupe_key,
                    to_address=message.to_address,
                    to_name=message.recipient.full_name,
                    subject=message.subject,
                    text=message.body_text,
                    html=message.body_html,
                )
                uow.commit()
            if not claimed:
                continue
            try:
                mailer.send(email)
            except MailError as exc:
                outcome[self.mark_failed(message_id, exc)] += 1
                continue
            self.mark_sent(message_id)
            outcome["sent"] += 1
        return outcome

    def mark_sent(self, message_id: int) -> None:
        with self._unit_of_work() as uow:
            uow.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message_id)
                .values(status="sent", sent_at=self._clock.now(), last_error=None)
            )
            uow.commit()

    def mark_failed(self, message_id: int, exc: MailError) -> str:
        """Back to pending with a growing delay, or failed after the last attempt."""
        with self._unit_of_work() as uow:
            message = uow.session.get_one(OutboxMessage, message_id)
            message.attempts += 1
            message.last_error = str(exc)[:1000]
            if message.attempts >= len(RETRY_DELAYS) + 1:
                message.status = "failed"
            else:
                message.status = "pending"
                message.next_attempt_at = self._clock.now() + RETRY_DELAYS[message.attempts - 1]
            status = message.status
            uow.commit()
        return "failed" if status == "failed" else "retry"

    def resend(self, actor_id: int, message_id: int) -> None:
        """An administrator sends a failed or uncertain message again, knowingly."""
        with self._unit_of_work() as uow:
            require_admin(uow.session, actor_id, "Chỉ quản trị viên được gửi lại thư.")
            message = uow.session.get(OutboxMessage, message_id)
            if message is None:
                raise NotFound("Không tìm thấy thư.")
            if message.status not in ("failed", "uncertain"):
                raise Conflict("Chỉ gửi lại được thư gửi lỗi hoặc không xác định.")
            message.status, message.attempts, message.next_attempt_at = "pending", 0, self._clock.now()
            audit.record(
                uow.session,
                dossier_id=None,
                actor_id=actor_id,
                action="mail_resent",
                summary=f"Gửi lại thư #{message.id} đến {message.to_address}",
                at=self._clock.now(),
            )
            uow.commit()
