"""Exports of a list's selection (the 'sổ theo dõi'): the rows are read and the export is
written to the audit trail (who, which list, which filters, how many rows, which format)
in one transaction, so no file leaves the system unrecorded."""

from __future__ import annotations

from collections.abc import Callable

from ..access import active_user
from ..calendar import WorkingCalendar
from ..clock import Clock
from ..errors import ValidationFailed
from ..persistence import audit
from ..persistence.unit_of_work import UnitOfWorkFactory
from ..queries.inbox import InboxFilters
from ..queries.search import DossierFilters, RegisterRow, dossier_register, inbox_register

MAX_EXPORT_ROWS = 10_000
"""A register larger than this is a selection to narrow, not a file to mail around."""
TOO_MANY = (
    f"Lựa chọn có hơn {MAX_EXPORT_ROWS:,} dòng".replace(",", ".")
    + ", vượt quá giới hạn một lần tải về; xin thu hẹp bộ lọc (năm, xã/phường, thủ tục…)."
)
LISTS = {"dossiers": "danh sách hồ sơ", "inbox": "danh sách việc cần xử lý"}


class ExportService:
    def __init__(self, unit_of_work: UnitOfWorkFactory, calendar: Callable[[], WorkingCalendar], clock: Clock):
        self._unit_of_work = unit_of_work
        self._calendar = calendar
        self._clock = clock

    def dossiers(self, actor_id: int, filters: DossierFilters, file_format: str) -> list[RegisterRow]:
        """The dossier list's selection, every row the officer may see, audited."""
        now = self._clock.now()
        with self._unit_of_work() as uow:
            user = active_user(uow.session, actor_id)
            rows = dossier_register(uow.session, user, filters, now, MAX_EXPORT_ROWS + 1)
            return self._audited(uow, actor_id, "dossiers", filters.chosen(), rows, file_format)

    def inbox(self, actor_id: int, filters: InboxFilters, file_format: str) -> list[RegisterRow]:
        """The inbox's selection (the agency's open tasks), audited."""
        now = self._clock.now()
        with self._unit_of_work() as uow:
            user = active_user(uow.session, actor_id)
            rows = inbox_register(uow.session, user, filters, now, self._calendar(), MAX_EXPORT_ROWS + 1)
            return self._audited(uow, actor_id, "inbox", filters.chosen(), rows, file_format)

    def _audited(self, uow, actor_id: int, listed: str, chosen: dict, rows: list, file_format: str) -> list:
        if len(rows) > MAX_EXPORT_ROWS:
            raise ValidationFailed({"format": [TOO_MANY]})
        audit.record(
            uow.session,
            dossier_id=None,
            actor_id=actor_id,
            action="export",
            summary=f"Tải về {LISTS[listed]} ({len(rows)} dòng, {file_format})",
            data={"list": listed, "filters": chosen, "rows": len(rows), "format": file_format},
            at=self._clock.now(),
        )
        uow.commit()
        return rows
