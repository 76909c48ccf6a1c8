"""Valid form data and acting officer of every step of electronic supervision
(electronic_supervision, Regime D only: Điều 12 Luật 120/2025/QH15; Chương III Nghị định 163/2026/NĐ-CP).

One story, in Phường Hòa Bình (Tỉnh Minh Họa Mới): a methadone patient's acceptance notice is
received on Friday 04/12/2026 at 20:00; the chief decides on Saturday 05/12/2026 at 07:30 (12
hours: by 08:00), the device is fitted the same day; the 02-year term runs to 05/12/2028. Tests
override the moments that drive their hand-computed deadlines."""

from __future__ import annotations

SUPERVISION = "electronic_supervision"

FORM_DATA: dict[str, dict[str, dict]] = {
    SUPERVISION: {
        "record_basis": {
            "basis": "methadone",
            "source_decision_number": "112/TB-CSĐT",
            "source_decision_on": "2026-12-04",
            "source_received_at": "2026-12-04T20:00:00+07:00",
        },
        "decide_supervision": {
            "decision_number": "01/QĐ-GSĐT",
            "decided_at": "2026-12-05T07:30:00+07:00",
            "supervision_ground": "methadone",
            "source_decision_number": "112/TB-CSĐT",
            "source_decision_on": "2026-12-04",
            "at_facility": False,
            "recipients": "Người bị giám sát; gia đình; cán bộ Công an phường được giao thực hiện giám sát.",
        },
        "fit_device": {
            "fitted_at": "2026-12-05T10:00:00+07:00",
            "fitting_record_number": "01/BB-GSĐT",
            "device_id": "GSDT-000123",
            "fitting_place": "residence",
            "fitted_by": "Thượng úy Trần Văn Long, Công an Phường Hòa Bình",
            "commitment_signed": True,
        },
        "supervise": {
            "event": "removal",
            "event_at": "2027-01-10T09:00:00+07:00",
            "removal_kind": "medical",
            "details": "Tháo tạm thời theo yêu cầu của bệnh viện để chụp cộng hưởng từ (Mẫu số 05, 07).",
        },
        "check_cure": {
            "cured_at": "2027-01-15T14:00:00+07:00",
            "reminder_done": True,
            "cure_note": "Người bị giám sát đã đến trụ sở Công an phường đeo lại thiết bị.",
        },
        "impose_sanction": {
            "noncompliance_record_number": "05/BB-KCH",
            "noncompliance_recorded_at": "2027-01-16T09:00:00+07:00",
            "sanction_referral": (
                "Chuyển Trưởng Công an phường xử phạt hành vi cản trở việc quản lý sau cai nghiện ma túy."
            ),
        },
        "end_at_term": {
            "end_decision_number": "09/QĐ-CDGSĐT",
            "end_decided_at": "2028-12-06T08:00:00+07:00",
            "end_record_number": "09/BB-CDGSĐT",
        },
        "hand_over_supervision": {
            "handed_over_at": "2027-03-02T09:00:00+07:00",
            "receiving_police": "Công an Phường Tân Phong",
            "handover_note": (
                "Bàn giao quyết định Mẫu số 02, biên bản Mẫu số 03, cam kết Mẫu số 04 và thiết bị GSDT-000123."
            ),
        },
    }
}

ACTOR: dict[str, dict[str, str]] = {SUPERVISION: dict.fromkeys(FORM_DATA[SUPERVISION], "commune_police_3")}
