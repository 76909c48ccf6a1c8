"""Valid form data and the acting officer for every step of every procedure (the
compulsory-rehab model, then the procedures around it: determination, drug-user
management, voluntary rehab, minors, facility term, post-rehab), and the steps that take a
dossier from opening to a given stage. The dates are in 2026; each test overrides the ones
that drive its hand-computed deadlines. Tests and benchmarks share them."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import datetime
from functools import cache

from marshmallow import ValidationError

from engine import Backend, LoadedModels, build_backend, load_models
from engine.clock import VN_TZ
from forms import TASK_FORMS
from forms.base import VnDate, VnDateTime

__all__ = ["ACTOR", "FORM_DATA", "PREPARATION", "REGIME_A_ONLY", "at", "data", "regime_a_backend", "regime_a_models"]

COMPULSORY_FORM_DATA = {
    "record_violation": {
        "record_number": "01/BB-VPHC",
        "recorded_on": "2026-02-10",
        "place": "Trụ sở Công an xã An Bình",
        "violation_description": "Tự ý chấm dứt cai nghiện tự nguyện tại gia đình.",
    },
    "prepare_dossier": {
        "proposal_number": "15/ĐN-CAX",
        "proposal_on": "2026-02-10",
        "biography_done": True,
        "statement_done": True,
        "determination_result_number": "123/PKQ",
        "determination_result_on": "2026-02-05",
        "determination_facility": "Trung tâm Y tế huyện Minh Họa",
        "stable_residence": True,
    },
    "decide_interim_management": {
        "management_form": "home",
        "family_consent": True,
        "decision_number": "02/QĐ-QL",
        "decision_on": "2026-02-10",
    },
    "notify_person": {
        "notice_number": "16/TB-CAX",
        "notice_sent_on": "2026-02-11",
        "notice_received_on": "2026-02-12",
        "recipient": "person",
        "recipient_name": "Nguyễn Văn Bình",
    },
    "send_to_labour_office": {
        "dispatch_number": "17/CV-CAX",
        "sent_on": "2026-02-25",
        "page_count": 24,
        "person_comments": "Không có ý kiến.",
    },
    "appraise_dossier": {
        "appraisal_result": "valid",
        "letter_number": "05/LĐTBXH",
        "proposed_facility": "Cơ sở cai nghiện ma túy tỉnh Minh Họa",
    },
    "reappraise_dossier": {
        "appraisal_result": "valid",
        "letter_number": "06/LĐTBXH",
        "proposed_facility": "Cơ sở cai nghiện ma túy tỉnh Minh Họa",
    },
    "supplement_dossier": {
        "supplemented_items": "Bổ sung bản tường trình có chữ ký.",
        "resent_on": "2026-02-26",
    },
    "court_intake": {
        "intake_outcome": "accept",
        "case_number": "08/2026/TLST-HC",
        "accepted_on": "2026-02-26",
        "judge_name": "Trần Thị Hạnh",
    },
    "handle_court_return": {"return_route": "police", "note": "Chuyển Công an xã bổ sung."},
    "notify_acceptance": {
        "acceptance_notice_number": "09/TB-TA",
        "notified_on": "2026-02-27",
        "recipients": "Người bị đề nghị; Viện kiểm sát nhân dân huyện; Phòng LĐTBXH.",
    },
    "order_session": {
        "complex_case": False,
        "clarification_needed": False,
        "session_order_number": "10/QĐ-MPH",
        "session_ordered_on": "2026-03-02",
    },
    "answer_court_request": {
        "answer_number": "07/LĐTBXH",
        "answered_on": "2026-03-03",
        "answer": "Cơ sở cai nghiện ma túy tỉnh Minh Họa còn chỗ tiếp nhận.",
    },
    "hold_session": {
        "session_held_on": "2026-03-05",
        "decision": "apply",
        "decision_number": "11/2026/QĐ-TA",
        "decision_on": "2026-03-05",
        "term_months": 18,
        "facility_name": "Cơ sở cai nghiện ma túy tỉnh Minh Họa",
        "reasons": "Tự ý chấm dứt cai nghiện tự nguyện (khoản 1 Điều 32 Luật Phòng, chống ma túy).",
    },
    "send_decision": {
        "decision_sent_on": "2026-03-06",
        "recipients": "Người bị đề nghị; Công an huyện; Phòng LĐTBXH; UBND xã An Bình.",
    },
    "track_complaints": {
        "challenge_kind": "complaint",
        "challenger": "Nguyễn Văn Bình",
        "challenge_received_on": "2026-03-09",
        "content": "Đề nghị xem xét lại thời hạn.",
    },
    "forward_complaint": {"forwarded_on": "2026-03-10", "forward_number": "12/CV-TA"},
    "record_review_result": {
        "review_decision_number": "02/2026/QĐ-PT",
        "reviewed_on": "2026-03-18",
        "decision": "apply",
        "term_months": 18,
    },
    "confirm_legal_effect": {"legal_effect_outcome": "effective", "effective_on": "2026-03-13"},
    "escort_to_facility": {
        "escort_started_on": "2026-03-13",
        "escort_outcome": "delivered",
        "handed_over_on": "2026-03-16",
        "facility_name": "Cơ sở cai nghiện ma túy tỉnh Minh Họa",
    },
    "escort_after_extension": {
        "handed_over_on": "2026-05-04",
        "facility_name": "Cơ sở cai nghiện ma túy tỉnh Minh Họa",
    },
    "receive_at_facility": {
        "handover_record_number": "40/BB-BG",
        "admitted_on": "2026-03-16",
        "received_documents": True,
    },
}

AROUND_FORM_DATA = {
    # --- addiction_determination
    "request_determination": {
        "request_number": "20/CV-CAX",
        "requested_on": "2026-02-10",
        "determination_case": "b",
        "held_in_custody": False,
        "health_facility_name": "Trung tâm Y tế huyện Minh Họa",
    },
    "dispatch_medical_staff": {"staff_names": "BS. Nguyễn Thị Lan", "received_on": "2026-02-11"},
    "receive_person": {"received_on": "2026-02-10"},
    "determine_addiction": {
        "conclusion": "addicted",
        "criteria_met": 4,
        "withdrawal_sign": True,
        "opioid": False,
        "result_number": "45/PKQ",
        "result_on": "2026-02-12",
    },
    "track_registration": {"registration": "none", "checked_on": "2026-02-27"},
    # --- drug_user_management
    "verify_residence": {
        "verified_on": "2026-02-11",
        "stable_residence": True,
        "residence_note": "Sống cùng gia đình.",
    },
    "notify_chairman": {"notice_number": "21/TB-CAX", "notice_on": "2026-02-12", "test_result_number": "03/XN"},
    "decide_management": {
        "decision_number": "05/QĐ-UBND",
        "decision_on": "2026-02-13",
        "team_leader": "Thiếu úy Lê Văn An",
        "team_members": "Trưởng thôn Đông; đại diện gia đình.",
    },
    "check_residence": {"last_check_on": "2026-03-10", "check_outcome": "normal"},
    "transfer_management": {
        "transfer_number": "06/CV-UBND",
        "transferred_on": "2026-04-15",
        "receiving_commune": "UBND xã Tân Phú",
    },
    "stop_management": {
        "decision_number": "07/QĐ-UBND",
        "decision_on": "2026-04-20",
        "reason": "Chấp hành án phạt tù.",
    },
    "terminate_management": {
        "decision_number": "08/QĐ-UBND",
        "decision_on": "2027-02-15",
        "reason": "Hết thời hạn quản lý, không tái sử dụng.",
    },
    # --- voluntary_rehab
    "decide_voluntary": {
        "rehab_form": "home_community",
        "provider_name": "Tổ cai nghiện tại gia đình, cộng đồng huyện Minh Họa",
        "decision_number": "09/QĐ-UBND",
        "decision_on": "2026-02-11",
        "planned_start_on": "2026-02-12",
        "duration_months": 6,
    },
    "notify_start": {"started_on": "2026-02-12", "notice_number": "01/TB-CN", "notice_on": "2026-02-13"},
    "report_outcome": {"voluntary_outcome": "completed", "event_on": "2026-08-12", "notice_on": "2026-08-13"},
    "issue_voluntary_certificate": {"certificate_number": "02/GCN", "certificate_on": "2026-08-14"},
    # --- facility_term
    "notify_term_end": {"notice_on": "2027-02-26", "recipients": "TAND huyện; UBND xã An Bình; gia đình."},
    "issue_completion_certificate": {
        "certificate_number": "46/GCN",
        "certificate_on": "2027-03-16",
        "released_on": "2027-03-16",
    },
    # --- post_rehab_management
    "record_return_report": {"reported_on": "2027-03-18"},
    "propose_post_rehab": {"proposal_number": "50/ĐN-CAX", "proposal_on": "2027-03-19"},
    "decide_post_rehab": {"decision_number": "51/QĐ-UBND", "decision_on": "2027-03-22", "term_months": 24},
    "supervise": {"last_check_on": "2027-05-10", "supervision_outcome": "normal", "test_result": "negative"},
    "notify_new_commune": {"notice_number": "53/TB-CAX", "notice_on": "2027-06-02", "new_commune": "Xã Tân Phú"},
    "issue_post_rehab_certificate": {"certificate_number": "54/GCN", "certificate_on": "2029-03-22"},
    # --- minor_compulsory_rehab (same data as the adult steps where the form is shared)
    "minor_record_violation": COMPULSORY_FORM_DATA["record_violation"],
    "minor_prepare_dossier": {
        **COMPULSORY_FORM_DATA["prepare_dossier"],
        "parent_opinion": "Gia đình đồng ý đề nghị đưa vào cơ sở.",
    },
    "minor_interim_management": COMPULSORY_FORM_DATA["decide_interim_management"],
    "minor_notify_person": COMPULSORY_FORM_DATA["notify_person"],
    "minor_send_to_labour_office": COMPULSORY_FORM_DATA["send_to_labour_office"],
    "minor_appraise_dossier": {
        **COMPULSORY_FORM_DATA["appraise_dossier"],
        "child_rights_opinion": "Bảo đảm quyền được học tập trong cơ sở.",
    },
    "minor_court_intake": COMPULSORY_FORM_DATA["court_intake"],
    "minor_hold_session": {**COMPULSORY_FORM_DATA["hold_session"], "term_months": 9},
    "minor_send_decision": COMPULSORY_FORM_DATA["send_decision"],
    "minor_confirm_legal_effect": COMPULSORY_FORM_DATA["confirm_legal_effect"],
    "minor_escort_to_facility": COMPULSORY_FORM_DATA["escort_to_facility"],
    "minor_receive_at_facility": COMPULSORY_FORM_DATA["receive_at_facility"],
}

FORM_DATA = {**COMPULSORY_FORM_DATA, **AROUND_FORM_DATA}

ACTOR = {
    "record_violation": "commune_police_1",
    "prepare_dossier": "commune_police_1",
    "decide_interim_management": "commune_police_1",
    "notify_person": "commune_police_1",
    "send_to_labour_office": "commune_police_1",
    "supplement_dossier": "commune_police_1",
    "appraise_dossier": "labour_office",
    "reappraise_dossier": "labour_office",
    "handle_court_return": "labour_office",
    "answer_court_request": "labour_office",
    "court_intake": "district_court",
    "notify_acceptance": "district_court",
    "order_session": "district_court",
    "hold_session": "district_court",
    "send_decision": "district_court",
    "track_complaints": "district_court",
    "forward_complaint": "district_court",
    "record_review_result": "district_court",
    "confirm_legal_effect": "district_court",
    "escort_to_facility": "district_police",
    "escort_after_extension": "district_police",
    "receive_at_facility": "rehab_facility",
    **dict.fromkeys(
        (
            "request_determination",
            "track_registration",
            "verify_residence",
            "notify_chairman",
            "check_residence",
            "record_return_report",
            "propose_post_rehab",
            "supervise",
            "notify_new_commune",
        ),
        "commune_police_1",
    ),
    **dict.fromkeys(
        (
            "decide_management",
            "transfer_management",
            "stop_management",
            "terminate_management",
            "decide_voluntary",
            "issue_voluntary_certificate",
            "decide_post_rehab",
            "issue_post_rehab_certificate",
            "minor_record_violation",
            "minor_prepare_dossier",
            "minor_interim_management",
            "minor_notify_person",
            "minor_send_to_labour_office",
        ),
        "commune_committee_1",
    ),
    **dict.fromkeys(("dispatch_medical_staff", "receive_person", "determine_addiction"), "health_facility"),
    **dict.fromkeys(("notify_start", "report_outcome"), "rehab_provider"),
    **dict.fromkeys(("notify_term_end", "issue_completion_certificate", "minor_receive_at_facility"), "rehab_facility"),
    "minor_appraise_dossier": "labour_office",
    **dict.fromkeys(
        ("minor_court_intake", "minor_hold_session", "minor_send_decision", "minor_confirm_legal_effect"),
        "district_court",
    ),
    "minor_escort_to_facility": "district_police",
}

PREPARATION = ("record_violation", "prepare_dossier", "decide_interim_management", "notify_person")
"""Up to the reading period; then a timer must fire before the dossier goes on."""


def at(text: str) -> datetime:
    """'2026-02-10 09:00' in Vietnam time."""
    return datetime.fromisoformat(text).replace(tzinfo=VN_TZ)


def latest_act(form: str, payload: Mapping) -> datetime | None:
    """The latest day (at 09:00) or moment a payload of task form `form` records as done, its
    planned dates aside: a walk moves its clock there first, as an officer records an act
    once it is done and the forms refuse acts in the future. Values the form refuses are
    skipped: the service reports them."""
    acts = []
    for name, field in TASK_FORMS[form]().fields.items():
        value = payload.get(name)
        if not value or field.metadata.get("planned") or not isinstance(field, VnDate | VnDateTime):
            continue
        try:
            moment = field.deserialize(value)
        except ValidationError:
            continue
        acts.append(moment if isinstance(moment, datetime) else at(f"{moment.isoformat()} 09:00"))
    return max(acts, default=None)


def data(step: str, **overrides) -> dict:
    payload = copy.deepcopy(FORM_DATA[step])
    payload.update(overrides)
    return {key: value for key, value in payload.items() if value is not None}


REGIME_A_ONLY = """
[A]
label = "Giai đoạn A cho mọi ngày: kiểm thử mô hình giai đoạn A trên lịch năm 2026"
start = 2022-01-01
legal_basis = "Luật Phòng, chống ma túy số 73/2021/QH14; Nghị định 116/2021/NĐ-CP"
status = "V"
"""
"""The Regime A model's tests run on 2026 dates (the 2026 calendar, Tết included, is what
they check), so they replace the regime table with one where A never ends. The real
table (workflows/regimes.toml) is tested in test_regimes.py."""


@cache
def regime_a_models() -> LoadedModels:
    """workflows/ with REGIME_A_ONLY, parsed once per process."""
    return load_models(regimes_text=REGIME_A_ONLY)


def regime_a_backend(url: str, workflows_dir=None, **kwargs) -> Backend:
    """A backend on `url` running the Regime A models (of `workflows_dir` if given)."""
    if workflows_dir is None:
        return build_backend(url, models=regime_a_models(), **kwargs)
    return build_backend(url, workflows_dir=workflows_dir, regimes_text=REGIME_A_ONLY, **kwargs)
