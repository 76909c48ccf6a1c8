"""Valid form data and acting officer of every Regime D step: the term at the public rehab
facility (facility_term_2026_07) and post-rehab management (post_rehab_management_2026_07).

One story, in Tỉnh Minh Họa Mới: a person of Phường Hòa Bình admitted on Monday 03/08/2026
for a first rehab (24 months, khoản 1 Điều 29 Luật 120/2025/QH15, no interim management) ends
the term on Thursday 03/08/2028; the facility notifies on 26/06/2028 (at the latest 30 days
before: 04/07/2028), the commune police propose, the chairman decides, the certificate is
issued on the last day (the 24 hours before 24:00 of 03/08/2028), and post-rehab management
runs 2 years to 03/08/2030. Tests override the dates that drive their hand-computed deadlines."""

from __future__ import annotations

FACILITY_TERM = "facility_term_2026_07"
POST_REHAB = "post_rehab_management_2026_07"

FORM_DATA: dict[str, dict[str, dict]] = {
    FACILITY_TERM: {
        "confirm_term": {"episode_count_confirmed": "first", "history_checked": True},
        "notify_term_end": {
            "term_event": "end_notice",
            "notice_number": "51/TB-CSCN",
            "notice_on": "2028-06-26",
            "recipients": "Tòa án nhân dân khu vực 2 - Tỉnh Minh Họa Mới; Công an Phường Hòa Bình; đại diện gia đình.",
            "social_protection": False,
        },
        "handle_absconding": {
            "search_decision_number": "43/QĐ-TT",
            "search_decided_at": "2027-03-10T07:30:00+07:00",
            "commune_police_notified_at": "2027-03-10T08:00:00+07:00",
        },
        "record_return": {"returned_at": "2027-03-14T16:00:00+07:00", "return_circumstances": "found"},
        "prepare_social_protection": {
            "social_protection_ground": "adult_no_residence",
            "receiving_centre": "Trung tâm Bảo trợ xã hội Tỉnh Minh Họa Mới",
            "letter_number": "15/CV-CSCN",
            "social_dossier_sent_on": "2028-07-10",
            "evidence": "Văn bản xác định không có nơi cư trú ổn định; kết luận giám định khả năng lao động.",
        },
        "issue_completion_certificate": {
            "term_event": "certificate",
            "certificate_number": "50/GXN-CSCN",
            "certificate_issued_at": "2028-08-03T08:00:00+07:00",
            "completed_on": "2028-08-03",
            "recipients": "Tòa án nhân dân khu vực 2 - Tỉnh Minh Họa Mới; Ủy ban nhân dân và Công an Phường Hòa Bình; "
            "người cai nghiện.",
            "post_rehab_decision_handed_over": True,
        },
        "transfer_to_adult_facility": {
            "transfer_decision_number": "12/QĐ-CAT",
            "transfer_decided_by": "Giám đốc Công an Tỉnh Minh Họa Mới",
            "facility_name": "Cơ sở cai nghiện ma túy số 1 (khu người từ đủ 18 tuổi)",
            "transferred_on": "2027-04-12",
        },
    },
    POST_REHAB: {
        "propose_post_rehab": {
            "notice_received_on": "2028-06-27",
            "proposal_number": "52/ĐN-CAP",
            "proposal_on": "2028-06-28",
        },
        "decide_post_rehab": {
            "decision_number": "53/QĐ-UBND",
            "decided_at": "2028-07-03T09:00:00+07:00",
            "support_assignment": "Tổ quản lý, hỗ trợ xã hội sau cai nghiện Phường Hòa Bình (Mẫu số 55); người hỗ trợ: "
            "bà Trần Thị Lan, cán bộ Hội Liên hiệp Phụ nữ phường.",
            "recipients": "Người sau cai nghiện; Trưởng Cơ sở cai nghiện ma túy số 1; người được giao hỗ trợ; "
            "Trưởng Công an Phường Hòa Bình.",
        },
        "record_completion": {
            "completed_on": "2028-08-03",
            "completion_certificate_number": "50/GXN-CSCN",
            "completion_certificate_issuer": "Cơ sở cai nghiện ma túy số 1",
        },
        "supervise": {"checked_on": "2028-09-05", "supervision_outcome": "normal", "test_result": "negative"},
        "notify_new_commune": {"notice_number": "54/TB-CAP", "notice_sent_at": "2028-12-06T10:00:00+07:00"},
        "issue_post_rehab_certificate": {
            "certificate_number": "56/GXN-UBND",
            "issued_on": "2030-08-01",
            "police_advised": True,
            "removed_from_list": True,
        },
    },
}
"""process id -> BPMN task id -> form data"""

ACTOR: dict[str, dict[str, str]] = {
    FACILITY_TERM: dict.fromkeys(FORM_DATA[FACILITY_TERM], "rehab_facility_new"),
    POST_REHAB: {
        "propose_post_rehab": "commune_police_3",
        "decide_post_rehab": "commune_committee_3",
        "record_completion": "commune_police_3",
        "supervise": "commune_police_3",
        "notify_new_commune": "commune_police_3",
        "issue_post_rehab_certificate": "commune_committee_3",
    },
}
"""process id -> BPMN task id -> key of demo.directory.USERNAMES"""
