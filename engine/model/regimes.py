"""Legal regimes: the periods in which a version of each procedure is in force.

A dossier is bound to the regime of its key date when it starts and keeps that regime's
model to the end (a dossier opened under one regime finishes under it). The table is data
(workflows/regimes.toml), checked when the models load: periods must follow each other day
by day, with no gap and no overlap, and name only processes that exist."""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import pairwise

from ..errors import ModelError, ValidationFailed

REGIMES_FILE = "regimes.toml"
PROCEDURE_KEYS = frozenset({"label", "summary", "opened_by", "open_form", "age_rule"})
STATUSES = ("V", "V1", "S", "UNVERIFIED")
"""V1: verified against the single copy found of the text (shown "V¹ – một bản sao")."""


@dataclass(frozen=True)
class Regime:
    code: str
    label: str
    start: date
    end: date | None
    legal_basis: str
    status: str
    note: str = ""
    processes: Mapping[str, str] = field(default_factory=dict)
    unavailable: Mapping[str, str] = field(default_factory=dict)
    procedures: Mapping[str, Mapping] = field(default_factory=dict)
    """procedure -> the keys of its procedures.toml entry this period changes"""
    transitions: Mapping[str, str] = field(default_factory=dict)
    """procedure -> why a phase of it that follows a phase of an earlier period runs this one"""

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    @property
    def period(self) -> str:
        end = self.end.strftime("%d/%m/%Y") if self.end else "nay"
        return f"{self.start.strftime('%d/%m/%Y')} – {end}"


@dataclass(frozen=True)
class RegimeTable:
    regimes: tuple[Regime, ...]

    def at(self, day: date) -> Regime:
        for regime in self.regimes:
            if regime.covers(day):
                return regime
        first = self.regimes[0].start.strftime("%d/%m/%Y")
        raise ValidationFailed(
            {
                "discovered_on": [
                    f"Ngày {day.strftime('%d/%m/%Y')} không thuộc giai đoạn pháp lý nào được hỗ trợ "
                    f"(từ {first}, Luật Phòng, chống ma túy 2021 có hiệu lực)."
                ]
            }
        )

    def named(self, code: str) -> Regime | None:
        return next((regime for regime in self.regimes if regime.code == code), None)

    def procedure_on(self, procedure, day: date):
        """`procedure` (a bundle Procedure) as the regime in force on `day` has it: who
        opens it, its summary and its age rule may differ by period."""
        try:
            regime = self.at(day)
        except ValidationFailed:
            return procedure
        changes = regime.procedures.get(procedure.process_id)
        if not changes:
            return procedure
        if "opened_by" in changes:
            changes = {**changes, "opened_by": tuple(changes["opened_by"])}
        return replace(procedure, **changes)

    def process_for(self, procedure: str, day: date) -> tuple[Regime, str]:
        """The regime in force on `day` and the process a new dossier of `procedure` runs;
        refused with the reason when the procedure has no model in that regime."""
        regime = self.at(day)
        reason = regime.unavailable.get(procedure)
        if reason:
            raise ValidationFailed({"discovered_on": [f"Giai đoạn {regime.code} ({regime.period}): {reason}"]})
        return regime, regime.processes.get(procedure, procedure)


def parse_regimes(text: str | None, procedures: Collection[str], process_ids: Collection[str]) -> RegimeTable:
    """Read and check the table; any defect raises ModelError with the reason."""
    if text is None:
        raise ModelError(f"Thiếu tệp {REGIMES_FILE} trong thư mục mô hình.")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ModelError(f"{REGIMES_FILE}: {exc}") from exc
    regimes = [_regime(code, entry, procedures, process_ids) for code, entry in raw.items()]
    if not regimes:
        raise ModelError(f"{REGIMES_FILE}: chưa khai báo giai đoạn pháp lý nào.")
    regimes.sort(key=lambda regime: regime.start)
    for earlier, later in pairwise(regimes):
        if earlier.end is None:
            raise ModelError(
                f"{REGIMES_FILE}: giai đoạn {earlier.code} không có ngày kết thúc nhưng còn giai đoạn "
                f"{later.code} sau nó; chỉ giai đoạn cuối được để trống ngày kết thúc."
            )
        if later.start <= earlier.end:
            raise ModelError(
                f"{REGIMES_FILE}: giai đoạn {earlier.code} ({earlier.period}) và {later.code} "
                f"({later.period}) chồng lên nhau."
            )
        if later.start > earlier.end + timedelta(days=1):
            gap_start, gap_end = earlier.end + timedelta(days=1), later.start - timedelta(days=1)
            raise ModelError(
                f"{REGIMES_FILE}: thiếu giai đoạn cho các ngày từ {gap_start.strftime('%d/%m/%Y')} "
                f"đến {gap_end.strftime('%d/%m/%Y')} (giữa {earlier.code} và {later.code})."
            )
    return RegimeTable(tuple(regimes))


def _regime(code: str, entry: Mapping, procedures: Collection[str], process_ids: Collection[str]) -> Regime:
    where = f"{REGIMES_FILE} [{code}]"
    start, end = entry.get("start"), entry.get("end")
    if not isinstance(start, date) or (end is not None and not isinstance(end, date)):
        raise ModelError(f"{where}: start và end phải là ngày (YYYY-MM-DD).")
    if end is not None and end < start:
        raise ModelError(f"{where}: ngày kết thúc trước ngày bắt đầu.")
    if not entry.get("label") or not entry.get("legal_basis"):
        raise ModelError(f"{where}: thiếu label hoặc legal_basis.")
    if entry.get("status") not in STATUSES:
        raise ModelError(f"{where}: status phải là một trong {', '.join(STATUSES)}.")
    processes = dict(entry.get("processes", {}))
    unavailable = dict(entry.get("unavailable", {}))
    for procedure in (*processes, *unavailable):
        if procedure not in procedures:
            raise ModelError(f"{where}: không có thủ tục '{procedure}' trong procedures.toml.")
    for procedure, process_id in processes.items():
        if process_id not in process_ids:
            raise ModelError(f"{where}: thủ tục '{procedure}' dùng quy trình '{process_id}' không có trong workflows/.")
    overrides = {name: dict(keys) for name, keys in entry.get("procedures", {}).items()}
    for procedure, keys in overrides.items():
        if procedure not in procedures:
            raise ModelError(f"{where}: không có thủ tục '{procedure}' trong procedures.toml.")
        unknown = set(keys) - PROCEDURE_KEYS
        if unknown:
            raise ModelError(f"{where}.procedures.{procedure}: khóa không được hỗ trợ: {', '.join(sorted(unknown))}.")
    for procedure in entry.get("transitions", {}):
        if procedure not in procedures:
            raise ModelError(f"{where}.transitions: không có thủ tục '{procedure}' trong procedures.toml.")
    both = set(processes) & set(unavailable)
    if both:
        raise ModelError(f"{where}: thủ tục vừa có quy trình vừa bị đánh dấu không áp dụng: {', '.join(sorted(both))}.")
    return Regime(
        code=code,
        label=entry["label"],
        start=start,
        end=end,
        legal_basis=entry["legal_basis"],
        status=entry["status"],
        note=entry.get("note", ""),
        processes=processes,
        unavailable=unavailable,
        procedures=overrides,
        transitions=dict(entry.get("transitions", {})),
    )
