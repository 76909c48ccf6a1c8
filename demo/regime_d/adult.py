"""Valid form data and acting officer of every Regime D step: adult.

The adult compulsory-rehab dossier (``compulsory_rehab_2026_07``) of Phường Hòa Bình in
the two-tier province: discovered on Friday 04/12/2026, notice received on Monday
07/12/2026 (reading period to Thursday 10/12/2026), sent to the regional court on Friday
11/12/2026, accepted on Monday 14/12/2026, decided on Monday 21/12/2026 at 10:30, the
decision received by the commune police on Tuesday 22/12/2026 at 15:00. Tests override
the dates that drive their hand-computed deadlines."""

from __future__ import annotations

PROCESS = "compulsory_rehab_2026_07"
COURT = "Tòa án nhân dân khu vực 2 - Tỉnh Minh Họa Mới"
FACILITY = "Cơ sở cai nghiện ma túy số 1"

FORM_DATA: dict[str, dict[str, dict]] = {
    PROCESS: {
        "record_violation": {
            "ground": "voluntary_not_done",
            "record_number": "21/BB-VPHC",
            "recorded_on": "2026-12-04",
            "place": "Trụ sở Công an phường Hòa Bình",
            "violation_description": "Không đăng ký cai nghiện ma túy tự nguyện trong thời hạn sau khi có kết quả "
            "xác định tình trạng nghiện ma túy.",
            "last_act_on": "2026-12-03",
        },
        "prepare_dossier": {
            "biography_done": True,
            "addiction_evidence": "determination_result",
            "determination_result_number": "45/PKQ-TTYT",
            "determination_result_on": "2026-12-02",
            "determination_facility": "Trung tâm Y tế khu vực Đông Sơn - Tỉnh Minh Họa Mới",
            "proposal_number": "36/ĐN-CAP",
            "proposal_on": "2026-12-04",
            "stable_residence": True,
            "page_count": 18,
            "exclusion": "none",
        },
        "decide_interim_management": {
            "interim_decision_number": "32/QĐ-CAP",
            "interim_decided_at": "2026-12-04T14:00:00+07:00",
            "interim_facility_kind": "rehab_facility",
            "interim_facility": FACILITY,
            "nearest_facility": True,
            "handover_record_number": "31/BB-GN",
            "handed_over_at": "2026-12-04T16:30:00+07:00",
        },
        "notify_person": {
            "notice_number": "37/TB-CAP",
            "notice_sent_on": "2026-12-07",
            "notice_received_on": "2026-12-07",
            "recipient": "person",
            "recipient_name": "Lê Văn Tâm",
            "dossier_copy_enclosed": True,
            "reading_time": "Từ 08 giờ ngày 08/12/2026 đến 17 giờ ngày 10/12/2026 tại trụ sở Công an phường Hòa Bình",
        },
        "transfer_to_court": {
            "transfer_number": "40/CV-CAP",
            "sent_on": "2026-12-11",
            "receiving_court": COURT,
            "two_sets": True,
            "person_comments": "Không có ý kiến.",
        },
        "court_intake": {
            "received_on": "2026-12-11",
            "intake_outcome": "accept",
            "case_number": "12/2026/TLST-HC",
            "accepted_on": "2026-12-14",
            "judge_name": "Phạm Thị Lan",
        },
        "supplement_dossier": {
            "supplemented_items": "Bổ sung bản sao phiếu kết quả xác định tình trạng nghiện có dấu của cơ sở y tế.",
            "resent_on": "2026-12-14",
        },
        "notify_acceptance": {
            "acceptance_notice_number": "13/TB-TA",
            "notified_on": "2026-12-15",
            "recipients": "Người bị đề nghị; Công an phường Hòa Bình; Viện kiểm sát nhân dân khu vực 2.",
        },
        "order_session": {
            "complex_case": False,
            "clarification_needed": False,
            "session_order_number": "14/QĐ-MPH",
            "session_ordered_on": "2026-12-16",
        },
        "answer_court_request": {
            "request_received_on": "2026-12-15",
            "answer_number": "42/CV-CAP",
            "answered_on": "2026-12-16",
            "answer": "Người bị đề nghị chưa từng cai nghiện ma túy; gửi kèm bản sao sổ theo dõi.",
        },
        "hold_session": {
            "session_held_on": "2026-12-21",
            "decision": "apply",
            "decision_number": "15/2026/QĐ-TA",
            "decision_on": "2026-12-21",
            "decision_issued_at": "2026-12-21T10:30:00+07:00",
            "court_name": COURT,
            "reasons": "Người nghiện ma túy từ đủ 18 tuổi không đăng ký cai nghiện ma túy tự nguyện (điểm a khoản 1 "
            "Điều 35 Luật Phòng, chống ma túy số 120/2025/QH15).",
        },
        "send_decision": {
            "decision_sent_on": "2026-12-22",
            "recipients": "Người bị đề nghị; Công an phường Hòa Bình; Viện kiểm sát nhân dân khu vực 2.",
        },
        "track_complaints": {
            "challenge_kind": "complaint",
            "challenger": "Lê Văn Tâm",
            "challenge_received_on": "2026-12-23",
            "content": "Đề nghị xem xét lại vì đang chăm sóc mẹ già.",
        },
        "forward_complaint": {
            "forward_number": "16/CV-TA",
            "forwarded_on": "2026-12-24",
            "reviewing_court": "Tòa án nhân dân Tỉnh Minh Họa Mới",
        },
        "record_review_result": {
            "review_decision_number": "03/2026/QĐ-PT",
            "reviewed_on": "2026-12-28",
            "decision": "apply",
        },
        "confirm_legal_effect": {"legal_effect_outcome": "effective", "effective_on": "2026-12-29"},
        "record_decision_receipt": {
            "decision_received_at": "2026-12-22T15:00:00+07:00",
            "received_by": "Trung úy Đỗ Minh Khoa",
        },
    }
}
"""process id -> BPMN task id -> form data"""

_COURT_STEPS = {
    "court_intake",
    "notify_acceptance",
    "order_session",
    "hold_session",
    "send_decision",
    "track_complaints",
    "forward_complaint",
    "record_review_result",
    "confirm_legal_effect",
}
ACTOR: dict[str, dict[str, str]] = {
    PROCESS: {step: "regional_court_new" if step in _COURT_STEPS else "commune_police_3" for step in FORM_DATA[PROCESS]}
}
"""process id -> BPMN task id -> key of demo.directory.USERNAMES"""
