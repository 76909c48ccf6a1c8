"""Valid form data and actors for the procedures around the compulsory dossier
(determination, drug-user management, voluntary rehab, minors, facility term, post-rehab).
Each test overrides the dates that drive its hand-computed deadlines."""
from __future__ import annotations

import copy

from process_steps import FORM_DATA as ADULT_FORM_DATA

FACILITY = "Cơ sở cai nghiện ma túy tỉnh Minh Họa"

FORM_DATA = {
    # --- addiction_determination
    "request_determination": {
        "request_number": "20/CV-CAX", "requested_on": "2026-02-10", "determination_case": "b",
        "held_in_custody": False, "health_facility_name": "Trung tâm Y tế huyện Minh Họa",
    },
    "dispatch_medical_staff": {"staff_names": "BS. Nguyễn Thị Lan", "received_on": "2026-02-11"},
    "receive_person": {"received_on": "2026-02-10"},
    "determine_addiction": {
        "conclusion": "addicted", "criteria_met": 4, "withdrawal_sign": True, "opioid": False,
        "result_number": "45/PKQ", "result_on": "2026-02-12",
    },
    "track_registration": {"registration": "none", "checked_on": "2026-02-27"},
    # --- drug_user_management
    "verify_residence": {"verified_on": "2026-02-11", "stable_residence": True, "residence_note": "Sống cùng gia đình."},
    "notify_chairman": {"notice_number": "21/TB-CAX", "notice_on": "2026-02-12", "test_result_number": "03/XN"},
    "decide_management": {
        "decision_number": "05/QĐ-UBND", "decision_on": "2026-02-13", "team_leader": "Thiếu úy Lê Văn An",
        "team_members": "Trưởng thôn Đông; đại diện gia đình.",
    },
    "check_residence": {"last_check_on": "2026-03-10", "check_outcome": "normal"},
    "transfer_management": {"transfer_number": "06/CV-UBND", "transferred_on": "2026-04-15",
                            "receiving_commune": "UBND xã Tân Phú"},
    "stop_management": {"decision_number": "07/QĐ-UBND", "decision_on": "2026-04-20", "reason": "Chấp hành án phạt tù."},
    "terminate_management": {"decision_number": "08/QĐ-UBND", "decision_on": "2027-02-15",
                             "reason": "Hết thời hạn quản lý, không tái sử dụng."},
    # --- voluntary_rehab
    "decide_voluntary": {
        "rehab_form": "home_community", "provider_name": "Tổ cai nghiện tại gia đình, cộng đồng huyện Minh Họa",
        "decision_number": "09/QĐ-UBND", "decision_on": "2026-02-11", "planned_start_on": "2026-02-12",
        "duration_months": 6,
    },
    "notify_start": {"started_on": "2026-02-12", "notice_number": "01/TB-CN", "notice_on": "2026-02-13"},
    "report_outcome": {"voluntary_outcome": "completed", "event_on": "2026-08-12", "notice_on": "2026-08-13"},
    "issue_voluntary_certificate": {"certificate_number": "02/GCN", "certificate_on": "2026-08-14"},
    # --- facility_term
    "notify_term_end": {"notice_on": "2027-02-26", "recipients": "TAND huyện; UBND xã An Bình; gia đình."},
    "issue_completion_certificate": {"certificate_number": "46/GCN", "certificate_on": "2027-03-16",
                                     "released_on": "2027-03-16"},
    # --- post_rehab_management
    "record_return_report": {"reported_on": "2027-03-18"},
    "propose_post_rehab": {"proposal_number": "50/ĐN-CAX", "proposal_on": "2027-03-19"},
    "decide_post_rehab": {"decision_number": "51/QĐ-UBND", "decision_on": "2027-03-22", "term_months": 24},
    "supervise": {"last_check_on": "2027-05-10", "supervision_outcome": "normal", "test_result": "negative"},
    "notify_new_commune": {"notice_number": "53/TB-CAX", "notice_on": "2027-06-02", "new_commune": "Xã Tân Phú"},
    "issue_post_rehab_certificate": {"certificate_number": "54/GCN", "certificate_on": "2029-03-22"},
    # --- minor_compulsory_rehab (same data as the adult steps where the form is shared)
    "minor_record_violation": ADULT_FORM_DATA["record_violation"],
    "minor_prepare_dossier": {**ADULT_FORM_DATA["prepare_dossier"],
                              "parent_opinion": "Gia đình đồng ý đề nghị đưa vào cơ sở."},
    "minor_interim_management": ADULT_FORM_DATA["decide_interim_management"],
    "minor_notify_person": ADULT_FORM_DATA["notify_person"],
    "minor_send_to_labour_office": ADULT_FORM_DATA["send_to_labour_office"],
    "minor_appraise_dossier": {**ADULT_FORM_DATA["appraise_dossier"],
                               "child_rights_opinion": "Bảo đảm quyền được học tập trong cơ sở."},
    "minor_court_intake": ADULT_FORM_DATA["court_intake"],
    "minor_hold_session": {**ADULT_FORM_DATA["hold_session"], "term_months": 9},
    "minor_send_decision": ADULT_FORM_DATA["send_decision"],
    "minor_confirm_legal_effect": ADULT_FORM_DATA["confirm_legal_effect"],
    "minor_escort_to_facility": ADULT_FORM_DATA["escort_to_facility"],
    "minor_receive_at_facility": ADULT_FORM_DATA["receive_at_facility"],
}

ACTOR = {
    **{step: "commune_police_1" for step in (
        "request_determination", "track_registration", "verify_residence", "notify_chairman", "check_residence",
        "record_return_report", "propose_post_rehab", "supervise", "notify_new_commune")},
    **{step: "commune_committee_1" for step in (
        "decide_management", "transfer_management", "stop_management", "terminate_management", "decide_voluntary",
        "issue_voluntary_certificate", "decide_post_rehab", "issue_post_rehab_certificate", "minor_record_violation",
        "minor_prepare_dossier", "minor_interim_management", "minor_notify_person", "minor_send_to_labour_office")},
    **{step: "health_facility" for step in ("dispatch_medical_staff", "receive_person", "determine_addiction")},
    **{step: "rehab_provider" for step in ("notify_start", "report_outcome")},
    **{step: "rehab_facility" for step in (
        "notify_term_end", "issue_completion_certificate", "minor_receive_at_facility")},
    "minor_appraise_dossier": "labour_office",
    **{step: "district_court" for step in (
        "minor_court_intake", "minor_hold_session", "minor_send_decision", "minor_confirm_legal_effect")},
    "minor_escort_to_facility": "district_police",
}


def data(step: str, **overrides) -> dict:
    payload = copy.deepcopy(FORM_DATA[step])
    payload.update(overrides)
    return {key: value for key, value in payload.items() if value is not None}
