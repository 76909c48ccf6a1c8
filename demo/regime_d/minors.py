"""Valid form data and acting officer of every Regime D step: minors.

``minor_compulsory_rehab_2026_07`` (Điều 36 Luật 120/2025/QH15; Điều 103–105 NĐ 163/2026/NĐ-CP)
for a person of Xã An Bình (DEMO-X01, served by Tòa án nhân dân khu vực 1): discovered on Wednesday
01/07/2026, dossier on 02/07, notices received on 03/07 and 06/07 (reading period to Thursday 09/07),
transfer on 10/07, thụ lý on 13/07, decision on 27/07 (complaint window to 03/08), legal effect and
receipt on 04/08/2026. Steps that only some paths reach (supplement, clarification, complaint,
review) have data that fits the same calendar."""

from __future__ import annotations

MINOR_D = "minor_compulsory_rehab_2026_07"

FORM_DATA: dict[str, dict[str, dict]] = {
    MINOR_D: {
        "minor_record_violation": {
            "record_number": "12/BB-VPHC",
            "recorded_on": "2026-07-01",
            "place": "Trụ sở Công an xã An Bình",
            "legal_ground": "voluntary_not_done",
            "violation_description": "Không đăng ký cai nghiện ma túy tự nguyện sau khi được xác định là nghiện.",  # noqa: E501
            "last_act_on": "2026-06-28",
            "evaded": False,
        },
        "minor_prepare_dossier": {
            "proposal_number": "15/ĐN-CAX",
            "proposal_on": "2026-07-02",
            "biography_done": True,
            "addiction_evidence": "determination_result",
            "evidence_number": "45/PKQ-YT",
            "evidence_on": "2026-06-26",
            "evidence_issuer": "Trung tâm Y tế Huyện Minh Họa",
            "statement_form": "minor_written",
            "parent_name": "Lò Thị Hoa",
            "parent_relation": "mother",
            "parent_opinion_form": "written",
            "parent_opinion": "Gia đình đồng ý đề nghị đưa cháu đi cai nghiện bắt buộc.",
        },
        "minor_interim_management": {
            "interim_decision_number": "16/QĐ-CAX",
            "interim_decided_at": "2026-07-02T10:00:00+07:00",
            "interim_facility_kind": "reformatory",
            "interim_facility": "Trường Giáo dưỡng số 1",
        },
        "minor_interim_handover": {
            "handover_record_number": "17/BB-GN",
            "handed_over_at": "2026-07-02T15:30:00+07:00",
            "receiving_officer": "Trần Văn Nam",
            "handover_notes": "Sức khỏe bình thường; tư trang gồm 01 ba lô quần áo.",
        },
        "minor_notify": {
            "notice_number": "18/TB-CAX",
            "notice_sent_on": "2026-07-03",
            "minor_receipt": "received",
            "minor_received_on": "2026-07-03",
            "parent_receipt": "received",
            "parent_received_on": "2026-07-06",
        },
        "minor_transfer_to_court": {
            "transfer_number": "19/CV-CAX",
            "transferred_on": "2026-07-10",
            "court_name": "Tòa án nhân dân khu vực 1 - Tỉnh Minh Họa",
            "page_count": 24,
        },
        "minor_court_intake": {
            "intake_outcome": "accept",
            "case_number": "05/2026/TLST-CNBB",
            "accepted_on": "2026-07-13",
            "judge_name": "Nguyễn Thị Lan",
        },
        "minor_supplement_dossier": {
            "supplemented_items": "Bản sao phiếu kết quả xác định tình trạng nghiện ma túy có đóng dấu.",
            "resent_on": "2026-07-14",
        },
        "minor_court_review": {"complex_case": False, "clarification_needed": False},
        "minor_answer_court_request": {
            "request_received_on": "2026-07-15",
            "answer_number": "21/CV-CAX",
            "answered_on": "2026-07-16",
            "answer": "Người bị đề nghị đã tự ý chấm dứt cai nghiện tự nguyện từ ngày 20/06/2026.",
        },
        "minor_hold_session": {
            "session_held_on": "2026-07-27",
            "decision": "apply",
            "decision_number": "07/2026/QĐ-TA",
            "decision_on": "2026-07-27",
            "reasons": "Người bị đề nghị thuộc điểm a khoản 1 Điều 36 Luật Phòng, chống ma túy số 120/2025/QH15.",
        },
        "minor_send_decision": {
            "decision_sent_on": "2026-07-28",
            "recipients": "Người bị đề nghị; bà Lò Thị Hoa (mẹ); Công an xã An Bình; Viện kiểm sát nhân dân khu vực 1.",
        },
        "minor_track_complaints": {
            "challenge_kind": "complaint",
            "challenger": "Lò Thị Hoa (mẹ của người bị đề nghị)",
            "challenge_received_on": "2026-07-30",
            "content": "Đề nghị xem xét lại vì cháu đã đăng ký cai nghiện tự nguyện.",
        },
        "minor_confirm_legal_effect": {"legal_effect_outcome": "effective", "effective_on": "2026-08-04"},
        "minor_forward_complaint": {"forwarded_on": "2026-07-31", "forward_number": "08/CV-TA"},
        "minor_record_review_result": {
            "review_decision_number": "02/2026/QĐ-PT",
            "reviewed_on": "2026-08-10",
            "decision": "apply",
        },
        "minor_record_decision_receipt": {"decision_received_at": "2026-08-04T14:30:00+07:00"},
    }
}
"""process id -> BPMN task id -> form data"""

_COURT_STEPS = (
    "minor_court_intake",
    "minor_court_review",
    "minor_hold_session",
    "minor_send_decision",
    "minor_track_complaints",
    "minor_confirm_legal_effect",
    "minor_forward_complaint",
    "minor_record_review_result",
)
ACTOR: dict[str, dict[str, str]] = {
    MINOR_D: {step: ("regional_court" if step in _COURT_STEPS else "commune_police_1") for step in FORM_DATA[MINOR_D]}
}
"""process id -> BPMN task id -> key of demo.directory.USERNAMES"""
