"""Valid form data and acting officer of every Regime D step: users.

One story per process, in Xã An Bình (commune_police_1; the district's health facility):
a positive test on Friday 04/12/2026 at 22:00, the residence verified on Saturday morning,
the notice sent and received the same afternoon, the chief's decision on Sunday 06/12/2026
at 09:00 (hour limits run across the weekend); the determination requested on Friday
04/12/2026, concluded on Monday 07/12/2026 and the registration received that afternoon.
A later step's moments may need to be moved by the caller (e.g. a move, a suspension)."""

from __future__ import annotations

USER_MANAGEMENT = "drug_user_management_2026_07"
DETERMINATION = "addiction_determination_2026_07"

_DISPATCH = {
    "end_decision_sent_at": "2027-01-06T15:00:00+07:00",
    "end_decision_recipients": "Người bị quản lý; Tổ quản lý; Ủy ban nhân dân xã An Bình",
}

FORM_DATA: dict[str, dict[str, dict]] = {
    USER_MANAGEMENT: {
        "record_test_result": {
            "test_result_number": "01/PKQXN-CAX",
            "result_at": "2026-12-04T22:00:00+07:00",
            "tested_by": "Tổ công tác Công an xã An Bình",
            "substances": "Methamphetamine (ma túy đá)",
            "in_public_facility": False,
            "result_sent_at": "2026-12-04T22:30:00+07:00",
        },
        "verify_residence": {
            "verified_at": "2026-12-05T10:00:00+07:00",
            "stable_residence": True,
            "residence_note": "Cư trú liên tục tại Thôn Đông, xã An Bình từ năm 2015 (trên 30 ngày), được Trưởng "
            "Công an xã xác nhận (khoản 2 Điều 58 Nghị định 163/2026/NĐ-CP).",
        },
        "send_user_notice": {
            "notice_number": "05/TB-CAX",
            "notice_sent_at": "2026-12-05T15:00:00+07:00",
            "test_result_attached": True,
            "statement_attached": True,
            "recipients": "Trưởng Công an xã An Bình (nơi cư trú)",
        },
        "receive_user_notice": {
            "notice_received_at": "2026-12-05T16:00:00+07:00",
            "documents_received": "Thông báo số 05/TB-CAX (Mẫu số 02), Phiếu kết quả xét nghiệm (Mẫu số 01), "
            "Bản tường trình (Mẫu số 03), biên bản.",
        },
        "decide_management": {
            "decision_number": "12/QĐ-CAX",
            "decided_at": "2026-12-06T09:00:00+07:00",
            "team_leader": "Thượng úy Lê Văn Hùng, cán bộ Công an xã An Bình",
            "team_deputy": "Ông Phạm Văn Lâm, Trưởng thôn Đông",
            "team_members": "Bà Nguyễn Thị Hoa, Hội Liên hiệp Phụ nữ xã; anh Trần Văn Minh, Đoàn Thanh niên xã",
            "biography_done": True,
            "recipients": "Người bị quản lý; Tổ quản lý; Ủy ban nhân dân xã An Bình",
        },
        "check_residence": {"last_check_on": "2027-01-05", "check_outcome": "normal"},
        "transfer_management": {
            "transfer_number": "03/TB-CAX",
            "transferred_at": "2027-01-06T10:00:00+07:00",
            "receiving_commune": "Công an xã Tân Phú",
        },
        "suspend_management": {
            "end_decision_number": "02/QĐ-TĐCQL",
            "end_decided_at": "2027-01-06T10:00:00+07:00",
            "suspension_reason": "custody",
            "reason_note": "Quyết định tạm giữ người theo thủ tục hành chính số 15/QĐ-TGNTTHC",
        },
        "dispatch_suspension": dict(_DISPATCH),
        "record_suspension_end": {
            "suspension_ended_at": "2027-01-08T10:00:00+07:00",
            "suspension_outcome": "resume",
        },
        "stop_management": {
            "end_decision_number": "03/QĐ-DQL",
            "end_decided_at": "2027-01-06T10:00:00+07:00",
            "stop_reason": "prison",
            "reason_note": "Bản án hình sự sơ thẩm số 20/2027/HS-ST đã có hiệu lực pháp luật",
        },
        "dispatch_stop": dict(_DISPATCH),
        "terminate_management": {
            "end_decision_number": "04/QĐ-CDQL",
            "end_decided_at": "2027-12-07T09:00:00+07:00",
            "reason_note": "Chấp hành nghiêm các quy định trong thời gian quản lý.",
        },
        "dispatch_termination": {**_DISPATCH, "end_decision_sent_at": "2027-12-07T15:00:00+07:00"},
    },
    DETERMINATION: {
        "request_determination": {
            "request_number": "07/CV-CAX",
            "requested_at": "2026-12-04T09:00:00+07:00",
            "art31_case": "c",
            "health_facility_name": "Trung tâm Y tế Huyện Minh Họa",
            "held_in_custody": False,
        },
        "dispatch_medical_staff": {
            "request_received_at": "2026-12-04T10:00:00+07:00",
            "staff_names": "Bác sĩ Nguyễn Văn An",
            "received_at": "2026-12-04T15:00:00+07:00",
        },
        "receive_person": {"received_at": "2026-12-04T10:30:00+07:00"},
        "determine_addiction": {
            "conclusion": "addicted",
            "criteria_met": 4,
            "withdrawal_sign": True,
            "opioid": False,
            "result_number": "15/PKQ-TTYT",
            "concluded_at": "2026-12-07T09:00:00+07:00",
            "result_notified_at": "2026-12-07T10:00:00+07:00",
        },
        "track_registration": {
            "registration_outcome": "voluntary",
            "rehab_form": "home_community",
            "registered_at": "2026-12-07T16:00:00+07:00",
        },
    },
}
"""process id -> BPMN task id -> form data"""

ACTOR: dict[str, dict[str, str]] = {
    USER_MANAGEMENT: dict.fromkeys(FORM_DATA[USER_MANAGEMENT], "commune_police_1"),
    DETERMINATION: {
        **dict.fromkeys(FORM_DATA[DETERMINATION], "commune_police_1"),
        **dict.fromkeys(("dispatch_medical_staff", "receive_person", "determine_addiction"), "health_facility"),
    },
}
"""process id -> BPMN task id -> key of demo.directory.USERNAMES"""
