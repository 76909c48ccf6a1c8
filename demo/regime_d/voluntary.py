"""Valid form data and acting officer of every Regime D step: voluntary rehab
(voluntary_rehab_2026_07).

One story, in Phường Hòa Bình, Tỉnh Minh Họa Mới: the commune police receive a registration on
Saturday 05/12/2026 at 16:00 (the decision is due 24 hours later, Sunday 06/12/2026 16:00) and
decide on Sunday 06/12/2026 at 10:00; the person starts within 02 working days (Mon 07/12, Tue
08/12/2026): the reception record of Monday 07/12/2026 starts a first rehab of 24 months, ending on
Thursday 07/12/2028; the end notice is received on 01/11/2028 and the certificate issued on the last
day. The private-facility and public-facility branches use the same decision. Tests override the
dates that drive their hand-computed deadlines."""

from __future__ import annotations

VOLUNTARY = "voluntary_rehab_2026_07"

FORM_DATA: dict[str, dict[str, dict]] = {
    VOLUNTARY: {
        "receive_registration": {
            "registration_received_at": "2026-12-05T16:00:00+07:00",
            "rehab_form": "home_community",
            "channel": "in_person",
            "applicant": "person",
            "register_book_number": "15/2026",
            "dossier_complete": True,
        },
        "decide_voluntary": {
            "decision_number": "22/QĐ-CAP",
            "decided_at": "2026-12-06T10:00:00+07:00",
            "rehab_provider": "Tổ cai nghiện ma túy tại gia đình, cộng đồng khu vực Đông Sơn",
            "recipients": "Người cai nghiện; Phòng PC04 Công an Tỉnh Minh Họa Mới.",
            "decision_handed_over": True,
        },
        "record_reception": {
            "start_outcome": "started",
            "reception_record_number": "24/BB-CAP",
            "reception_record_on": "2026-12-07",
            "commitment_signed": True,
            "episode_count_confirmed": "first",
            "history_checked": True,
        },
        "record_end_notice": {
            "term_event": "end_notice",
            "notice_number": "51/TB-HT",
            "notice_on": "2028-11-01",
            "notified_by": "Bà Trần Thị Lan, người được giao tư vấn, hỗ trợ",
        },
        "issue_certificate": {
            "term_event": "certificate",
            "certificate_number": "28/GXN-CAP",
            "certificate_issued_at": "2028-12-07T08:00:00+07:00",
            "completed_on": "2028-12-07",
            "post_rehab_decision_handed_over": True,
        },
        "transfer_on_move": {
            "transfer_number": "26/TB-CAP",
            "transfer_sent_at": "2027-03-10T15:00:00+07:00",
            "dossier_items": "Quyết định Mẫu số 22, biên bản tiếp nhận Mẫu số 24, bản cam kết Mẫu số 25.",
        },
        "private_start": {
            "start_outcome": "started",
            "admitted_on": "2026-12-07",
            "facility_name": "Cơ sở cai nghiện ma túy tư nhân Bình An",
        },
        "private_follow": {
            "term_event": "end_notice",
            "notice_number": "51/TB-BA",
            "notice_on": "2028-11-01",
            "term_ends_on": "2028-12-07",
        },
        "private_certificate": {
            "term_event": "certificate",
            "certificate_number": "30/GXN-BA",
            "certificate_issued_at": "2028-12-07T08:00:00+07:00",
            "copy_received_at": "2028-12-07T14:00:00+07:00",
            "certificate_handed_on": "2028-12-07",
        },
        "private_report": {"reported_on": "2028-12-08"},
        "request_public_placement": {"request_number": "95/CV-CAP", "request_sent_at": "2026-12-06T14:00:00+07:00"},
        "designate_public_facility": {
            "request_received_at": "2026-12-06T15:00:00+07:00",
            "designation_outcome": "designated",
            "designation_number": "95/QĐ-CAT",
            "designated_at": "2026-12-07T09:00:00+07:00",
            "facility_name": "Cơ sở cai nghiện ma túy số 1",
        },
        "designate_by_c04": {
            "referral_received_at": "2026-12-07T10:00:00+07:00",
            "designation_number": "95/QĐ-C04",
            "designated_at": "2026-12-07T16:00:00+07:00",
            "facility_name": "Cơ sở cai nghiện ma túy số 2 (tỉnh khác)",
        },
        "designate_by_c10": {
            "referral_received_at": "2026-12-07T10:00:00+07:00",
            "designation_number": "95/QĐ-C10",
            "designated_at": "2026-12-07T16:00:00+07:00",
            "facility_name": "Trường Giáo dưỡng số 1",
        },
        "escort_to_facility": {
            "designation_received_at": "2026-12-07T09:30:00+07:00",
            "handed_over_at": "2026-12-07T16:00:00+07:00",
            "handover_record_number": "31/BB-CAP",
        },
    },
}
"""process id -> BPMN task id -> form data"""

ACTOR: dict[str, dict[str, str]] = {
    VOLUNTARY: {
        **dict.fromkeys(FORM_DATA[VOLUNTARY], "commune_police_3"),
        "designate_public_facility": "police_director_new",
        "designate_by_c04": "c04_department",
        "designate_by_c10": "c10_department",
    },
}
"""process id -> BPMN task id -> key of demo.directory.USERNAMES"""
