"""Valid form data and acting officer of every Regime D step: execution of the regional
court's decision (process ``compulsory_execution``), and the receipt of the decision that
the Regime C model records when the decision is dated 01/07/2026 or later.

The demo dossier is in Phường Hòa Bình (commune 3, Tỉnh Minh Họa Mới). Its decision was
received on Saturday 26/12/2026 at 16:00 (the start payload); every moment below follows
in order, so the main path (designation by the director, escort, admission) runs with
this data as it is. The tests override the moments of the other paths."""

from __future__ import annotations

EXECUTION = "compulsory_execution"

START_PAYLOAD = {
    "discovered_on": "2026-12-25",
    "is_minor": False,
    "decision_number": "15/2026/QĐ-TA",
    "decision_on": "2026-12-25",
    "court_name": "Tòa án nhân dân khu vực 2 - Tỉnh Minh Họa Mới",
    "decision_received_at": "2026-12-26T16:00:00+07:00",
    "interim_decided_at": None,
    "interim_facility": None,
}
"""The payload of the message start_compulsory_execution for the demo dossier."""

_DELIVERED = {"escort_outcome": "delivered", "handed_over_at": "2026-12-29T09:00"}

FORM_DATA: dict[str, dict[str, dict]] = {
    "compulsory_rehab_2025_07": {
        "record_decision_receipt": {
            "decision_received_at": "2026-07-01T15:30",
            "court_name": "Tòa án nhân dân khu vực 2 - Tỉnh Minh Họa Mới",
        },
    },
    EXECUTION: {
        "forward_to_director": {
            "letter_number": "25/CV-CAP",
            "sent_at": "2026-12-27T10:00",
            "court_decision_attached": True,
        },
        "designate_facility": {
            "request_received_at": "2026-12-27T11:00",
            "director_outcome": "designate",
            "facility_name": "Cơ sở cai nghiện ma túy số 1",
            "designation_number": "112/QĐ-CAT",
            "designated_at": "2026-12-27T15:00",
        },
        "designate_for_minor": {
            "request_received_at": "2026-12-27T11:00",
            "director_outcome": "refer_c10",
            "referral_number": "113/CV-CAT",
            "referred_at": "2026-12-27T14:00",
        },
        "c04_designate": {
            "referral_received_at": "2026-12-27T15:00",
            "facility_name": "Cơ sở cai nghiện ma túy tỉnh Minh Họa",
            "designation_number": "45/QĐ-C04",
            "designated_at": "2026-12-28T09:00",
        },
        "c10_designate": {
            "referral_received_at": "2026-12-27T15:00",
            "facility_name": "Trường Giáo dưỡng số 1",
            "designation_number": "21/QĐ-C10",
            "designated_at": "2026-12-28T09:00",
        },
        "dispatch_designation": {
            "dispatched_at": "2026-12-28T08:00",
            "recipients": "Trưởng Công an phường Hòa Bình; Cơ sở cai nghiện ma túy số 1.",
        },
        "c04_dispatch": {
            "dispatched_at": "2026-12-28T14:00",
            "recipients": "Giám đốc Công an Tỉnh Minh Họa Mới; Cơ sở cai nghiện ma túy tỉnh Minh Họa.",
        },
        "c10_dispatch": {
            "dispatched_at": "2026-12-28T14:00",
            "recipients": "Giám đốc Công an Tỉnh Minh Họa Mới; Trường Giáo dưỡng số 1.",
        },
        "receive_designation": {"designation_received_at": "2026-12-28T15:00", "already_at_facility": False},
        "escort_to_facility": dict(_DELIVERED),
        "escort_after_force_majeure": {"escort_outcome": "delivered", "handed_over_at": "2026-12-30T10:00"},
        "issue_search_decision": {"search_decision_number": "07/QĐ-TT", "search_decided_at": "2026-12-29T10:00"},
        "record_return": {
            "returned_at": "2026-12-31T07:30",
            "return_kind": "arrested",
            "notes": "Bị bắt giữ tại bến xe theo quyết định truy tìm.",
        },
        "escort_after_return": {"escort_outcome": "delivered", "handed_over_at": "2026-12-31T15:00"},
        "decide_postponement": {
            "postponement_outcome": "postponed",
            "ruling_number": "03/2026/QĐ-TA",
            "ruling_at": "2026-12-30T14:00",
            "postponed_until": "2027-01-15",
            "reasons": "Người phải chấp hành đang ốm nặng, có xác nhận của Bệnh viện đa khoa tỉnh "
            "(khoản 1 Điều 39 Luật).",
        },
        "escort_after_postponement": {"escort_outcome": "delivered", "handed_over_at": "2027-01-16T10:00"},
        "notify_at_facility": {
            "notified_at": "2026-12-28T16:00",
            "admitted_on": "2026-12-28",
            "documents_received": True,
        },
        "notify_at_reformatory": {
            "notified_at": "2026-12-28T16:00",
            "admitted_on": "2026-12-28",
            "documents_received": True,
        },
        "admit_at_facility": {
            "handover_record_number": "42/BB-GN",
            "admitted_on": "2026-12-29",
            "documents_received": True,
            "health_check": "Sức khỏe bình thường; đồ dùng cá nhân đã kiểm kê.",
        },
        "admit_at_reformatory": {
            "handover_record_number": "42/BB-GN",
            "admitted_on": "2026-12-29",
            "documents_received": True,
            "health_check": "Sức khỏe bình thường.",
        },
    },
}
"""process id -> BPMN task id -> form data"""

ACTOR: dict[str, dict[str, str]] = {
    "compulsory_rehab_2025_07": {"record_decision_receipt": "commune_police_3"},
    EXECUTION: {
        **dict.fromkeys(
            (
                "forward_to_director",
                "receive_designation",
                "escort_to_facility",
                "escort_after_force_majeure",
                "record_return",
                "escort_after_return",
                "escort_after_postponement",
            ),
            "commune_police_3",
        ),
        **dict.fromkeys(
            ("designate_facility", "designate_for_minor", "dispatch_designation", "issue_search_decision"),
            "police_director_new",
        ),
        "c04_designate": "c04_department",
        "c04_dispatch": "c04_department",
        "c10_designate": "c10_department",
        "c10_dispatch": "c10_department",
        "decide_postponement": "regional_court_new",
        "notify_at_facility": "rehab_facility_new",
        "admit_at_facility": "rehab_facility_new",
        "notify_at_reformatory": "reformatory",
        "admit_at_reformatory": "reformatory",
    },
}
"""process id -> BPMN task id -> key of demo.directory.USERNAMES"""
