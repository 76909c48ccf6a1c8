"""Forms of the rest of the legal chain against the contract (/tmp/spec/issue4_contract.md,
"Forms"): the open forms, and the task forms of addiction determination, drug-user management,
voluntary rehab, minors, the facility term and post-rehab management. Every form loads a valid
submission, reports every missing field at once, enforces its cross-field rules, and never lets
an English message through."""

import datetime as dt

import pytest
from marshmallow import ValidationError
from test_forms import BAD_VALUES, ENGLISH, MINOR_REFUSAL, REQUIRED, UNKNOWN, messages_in
from test_forms import CONTRACT as FIRST_CONTRACT
from test_forms import VALID as FIRST_VALID

from forms import OPEN_DOSSIER, OPEN_FORMS, TASK_FORMS, OpenDossierSchema, form_fields
from forms.regime_d import TASK_FORMS as REGIME_D_FORMS
from support.form_checks import check_choice, check_fields, check_loaded

TODAY = dt.date(2027, 12, 1)
"""A day after every act of the chain's sample data: act dates may not be in the future."""

CHOICE_INVALID = "Lựa chọn không hợp lệ."
CONCLUSION_REQUIRED = "Phải ghi kết luận tình trạng nghiện (Điều 4 Thông tư 18/2021/TT-BYT)."
MINOR_AGE_RULE = "Người từ đủ 12 đến dưới 18 tuổi (Điều 33 Luật Phòng, chống ma túy 2021)."
OPEN_CASE, OPEN_MINOR = "open_case", "open_minor_dossier"
PERSON = [
    ("person_name", True),
    ("person_birth_date", True),
    ("id_number", False),
    ("residence", True),
    ("commune_code", True),
]
ADULT_PREPARATION = FIRST_CONTRACT["dossier_preparation"]

# Field names in contract order; True = "R" in the contract.
CONTRACT = {
    OPEN_CASE: PERSON + [("discovered_on", True), ("stable_residence", True)],
    OPEN_MINOR: PERSON + [("discovered_on", True), ("stable_residence", True), ("ground", True)],
    "determination_request": [
        ("request_number", True),
        ("requested_on", True),
        ("determination_case", True),
        ("held_in_custody", True),
        ("health_facility_name", True),
    ],
    "medical_dispatch": [("staff_names", True), ("received_on", True)],
    "determination_intake": [("received_on", True)],
    "determination_result": [
        ("conclusion", True),
        ("criteria_met", True),
        ("withdrawal_sign", True),
        ("opioid", True),
        ("result_number", False),
        ("result_on", False),
        ("observation_note", False),
    ],
    "registration_outcome": [("registration", True), ("registered_on", False), ("checked_on", True)],
    "residence_verification": [("verified_on", True), ("stable_residence", True), ("residence_note", True)],
    "user_notice": [("notice_number", True), ("notice_on", True), ("test_result_number", True)],
    "management_decision": [
        ("decision_number", True),
        ("decision_on", True),
        ("team_leader", True),
        ("team_members", True),
    ],
    "residence_check": [
        ("last_check_on", True),
        ("check_outcome", True),
        ("moved_on", False),
        ("new_residence", False),
        ("note", False),
    ],
    "management_transfer": [("transfer_number", True), ("transferred_on", True), ("receiving_commune", True)],
    "management_end": [("decision_number", True), ("decision_on", True), ("reason", True)],
    "voluntary_decision": [
        ("rehab_form", True),
        ("provider_name", True),
        ("decision_number", True),
        ("decision_on", True),
        ("planned_start_on", True),
        ("duration_months", True),
    ],
    "provider_start_notice": [("started_on", True), ("notice_number", True), ("notice_on", True)],
    "provider_outcome_notice": [("voluntary_outcome", True), ("event_on", True), ("notice_on", True)],
    "voluntary_certificate": [("certificate_number", True), ("certificate_on", True)],
    "minor_dossier_preparation": ADULT_PREPARATION + [("parent_opinion", True)],
    "minor_appraisal": FIRST_CONTRACT["dossier_appraisal"] + [("child_rights_opinion", False)],
    "interim_management": [
        ("management_form", True),
        ("family_consent", True),
        ("decision_number", True),
        ("decision_on", True),
        ("interim_facility_since", False),
    ],
    "term_end_notice": [("notice_on", True), ("recipients", True)],
    "completion_certificate": [("certificate_number", True), ("certificate_on", True), ("released_on", True)],
    "return_report": [("reported_on", True)],
    "post_rehab_proposal": [("proposal_number", True), ("proposal_on", True)],
    "post_rehab_decision": [("decision_number", True), ("decision_on", True), ("term_months", True)],
    "supervision_check": [
        ("last_check_on", True),
        ("supervision_outcome", True),
        ("test_result", True),
        ("moved_on", False),
        ("new_residence", False),
        ("note", False),
    ],
    "move_notice": [("notice_number", True), ("notice_on", True), ("new_commune", True)],
    "post_rehab_certificate": [("certificate_number", True), ("certificate_on", True)],
}
TASK_CONTRACT = {name: fields for name, fields in CONTRACT.items() if name not in (OPEN_CASE, OPEN_MINOR)}

CHOICE_CODES = {
    (OPEN_MINOR, "ground"): ["no_registration", "quit_voluntary", "use_during_voluntary", "methadone_violation"],
    ("determination_request", "determination_case"): ["a", "b", "c", "d"],
    ("determination_result", "conclusion"): ["addicted", "not_addicted", "monitoring"],
    ("registration_outcome", "registration"): ["voluntary", "methadone", "none"],
    ("residence_check", "check_outcome"): ["normal", "used_again", "moved", "stop_case"],
    ("voluntary_decision", "rehab_form"): ["home_community", "facility"],
    ("provider_outcome_notice", "voluntary_outcome"): ["completed", "dropped_out", "used_drugs"],
    ("minor_appraisal", "appraisal_result"): ["valid", "invalid"],
    ("interim_management", "management_form"): ["home", "facility"],
    ("supervision_check", "supervision_outcome"): ["normal", "relapse", "moved", "removed"],
    ("supervision_check", "test_result"): ["negative", "positive", "not_tested"],
}

PERSON_DATA = {
    "person_name": "Lê Văn Cường",
    "person_birth_date": "15/08/1990",
    "id_number": "001090012345",
    "residence": "Thôn 2, xã An Phú",
    "commune_code": "00001",
}
MINOR_DATA = {**PERSON_DATA, "person_birth_date": "2008-03-10"}
FACILITY = "Cơ sở cai nghiện ma túy số 1"
# (form, a valid submission as a browser sends it, the fields only that branch requires)
BRANCHES = [
    (OPEN_CASE, {**PERSON_DATA, "discovered_on": "02/01/2024", "stable_residence": "on"}, []),
    (
        OPEN_MINOR,
        {**MINOR_DATA, "discovered_on": "2024-01-02", "stable_residence": "true", "ground": "no_registration"},
        [],
    ),
    (
        "determination_request",
        {
            "request_number": "05/CV-CAX",
            "requested_on": "03/01/2024",
            "determination_case": "b",
            "held_in_custody": "false",
            "health_facility_name": "Trung tâm Y tế huyện An Phú",
        },
        [],
    ),
    ("medical_dispatch", {"staff_names": "BS. Phạm Thị Dung, ĐD. Hoàng Văn Em", "received_on": "04/01/2024"}, []),
    ("determination_intake", {"received_on": "2024-01-04"}, []),
    (
        "determination_result",
        {
            "conclusion": "addicted",
            "criteria_met": "4",
            "withdrawal_sign": "on",
            "opioid": "off",
            "result_number": "08/KQ",
            "result_on": "06/01/2024",
        },
        ["result_number", "result_on"],
    ),
    (
        "determination_result",
        {
            "conclusion": "not_addicted",
            "criteria_met": 1,
            "withdrawal_sign": False,
            "opioid": False,
            "result_number": "09/KQ",
            "result_on": "06/01/2024",
        },
        ["result_number", "result_on"],
    ),
    (
        "determination_result",
        {
            "conclusion": "monitoring",
            "criteria_met": "2",
            "withdrawal_sign": "0",
            "opioid": "0",
            "observation_note": "Dấu hiệu chưa rõ ràng, theo dõi thêm.",
        },
        ["observation_note"],
    ),
    (
        "registration_outcome",
        {"registration": "voluntary", "registered_on": "10/01/2024", "checked_on": "15/01/2024"},
        ["registered_on"],
    ),
    (
        "registration_outcome",
        {"registration": "methadone", "registered_on": "10/01/2024", "checked_on": "15/01/2024"},
        ["registered_on"],
    ),
    ("registration_outcome", {"registration": "none", "checked_on": "15/01/2024"}, []),
    (
        "residence_verification",
        {
            "verified_on": "04/01/2024",
            "stable_residence": "true",
            "residence_note": "Thường trú tại thôn 2, sống cùng gia đình.",
        },
        [],
    ),
    ("user_notice", {"notice_number": "03/TB", "notice_on": "05/01/2024", "test_result_number": "11/XN"}, []),
    (
        "management_decision",
        {
            "decision_number": "12/QĐ-UBND",
            "decision_on": "08/01/2024",
            "team_leader": "Đại úy Trần Văn Phúc",
            "team_members": "Trưởng thôn 2; bà Lê Thị Giang (mẹ)",
        },
        [],
    ),
    ("residence_check", {"last_check_on": "08/02/2024", "check_outcome": "normal", "note": ""}, []),
    (
        "residence_check",
        {
            "last_check_on": "08/03/2024",
            "check_outcome": "moved",
            "moved_on": "01/03/2024",
            "new_residence": "Tổ 5, phường Bình Minh",
        },
        ["moved_on", "new_residence"],
    ),
    (
        "management_transfer",
        {"transfer_number": "02/CV-UBND", "transferred_on": "06/03/2024", "receiving_commune": "UBND phường Bình Minh"},
        [],
    ),
    (
        "management_end",
        {"decision_number": "20/QĐ-UBND", "decision_on": "08/01/2025", "reason": "Hết thời hạn quản lý 01 năm."},
        [],
    ),
    (
        "voluntary_decision",
        {
            "rehab_form": "home_community",
            "provider_name": "Tổ chức cai nghiện Hy Vọng",
            "decision_number": "15/QĐ-UBND",
            "decision_on": "12/01/2024",
            "planned_start_on": "15/01/2024",
            "duration_months": "6",
        },
        [],
    ),
    ("provider_start_notice", {"started_on": "15/01/2024", "notice_number": "01/TB-HV", "notice_on": "17/01/2024"}, []),
    (
        "provider_outcome_notice",
        {"voluntary_outcome": "completed", "event_on": "15/07/2024", "notice_on": "16/07/2024"},
        [],
    ),
    ("voluntary_certificate", {"certificate_number": "01/GCN", "certificate_on": "20/07/2024"}, []),
    (
        "minor_dossier_preparation",
        {
            "proposal_number": "07/ĐN",
            "proposal_on": "2024-01-05",
            "biography_done": "on",
            "statement_done": "on",
            "determination_result_number": "08/KQ",
            "determination_result_on": "04/01/2024",
            "determination_facility": "Trung tâm Y tế huyện",
            "stable_residence": "1",
            "parent_opinion": "Gia đình đồng ý đưa cháu vào cơ sở.",
        },
        [],
    ),
    (
        "minor_appraisal",
        {
            "appraisal_result": "valid",
            "letter_number": "06/LĐTBXH",
            "proposed_facility": "Cơ sở cai nghiện ma túy dành cho người chưa thành niên",
            "child_rights_opinion": "Bảo đảm quyền học tập, vui chơi của trẻ em.",
        },
        ["letter_number", "proposed_facility", "child_rights_opinion"],
    ),
    (
        "minor_appraisal",
        {"appraisal_result": "invalid", "missing_items": "Ý kiến của cha mẹ", "return_number": "05/TL"},
        ["missing_items", "return_number"],
    ),
    (
        "interim_management",
        {"management_form": "home", "family_consent": "true", "decision_number": "02/QĐ", "decision_on": "05/01/2024"},
        [],
    ),
    (
        "interim_management",
        {
            "management_form": "facility",
            "family_consent": "false",
            "decision_number": "02/QĐ",
            "decision_on": "05/01/2024",
            "interim_facility_since": "06/01/2024",
        },
        ["interim_facility_since"],
    ),
    (
        "term_end_notice",
        {"notice_on": "15/06/2025", "recipients": "Tòa án nhân dân huyện; UBND xã An Phú; gia đình"},
        [],
    ),
    (
        "completion_certificate",
        {"certificate_number": "31/GCN", "certificate_on": "30/06/2025", "released_on": "30/06/2025"},
        [],
    ),
    ("return_report", {"reported_on": "03/07/2025"}, []),
    ("post_rehab_proposal", {"proposal_number": "09/ĐN-CAX", "proposal_on": "04/07/2025"}, []),
    ("post_rehab_decision", {"decision_number": "30/QĐ-UBND", "decision_on": "07/07/2025", "term_months": "24"}, []),
    (
        "supervision_check",
        {"last_check_on": "07/08/2025", "supervision_outcome": "normal", "test_result": "negative"},
        [],
    ),
    (
        "supervision_check",
        {
            "last_check_on": "07/09/2025",
            "supervision_outcome": "moved",
            "test_result": "not_tested",
            "moved_on": "01/09/2025",
            "new_residence": "Tổ 5, phường Bình Minh",
            "note": "Chuyển đến ở cùng con.",
        },
        ["moved_on", "new_residence"],
    ),
    (
        "move_notice",
        {"notice_number": "04/TB-CAX", "notice_on": "05/09/2025", "new_commune": "UBND phường Bình Minh"},
        [],
    ),
    ("post_rehab_certificate", {"certificate_number": "02/GCN", "certificate_on": "08/07/2027"}, []),
]
VALID = {}
for _form, _payload, _ in BRANCHES:
    VALID.setdefault(_form, _payload)


def payload_of(name, code):
    """The valid submission of ``name`` that has the choice ``code``."""
    return next(payload for form, payload, _ in BRANCHES if form == name and code in payload.values())


# Required fields whose "missing" message cites the law instead of the generic one.
CITED_REQUIRED = {
    ("determination_result", "conclusion"): "Điều 4 Thông tư 18/2021/TT-BYT",
    ("minor_dossier_preparation", "biography_done"): "điểm c khoản 1 Điều 34",
    ("minor_dossier_preparation", "statement_done"): "điểm c khoản 1 Điều 34",
    ("minor_dossier_preparation", "parent_opinion"): "điểm c khoản 1 Điều 34",
}


def schema(name):
    cls = OPEN_FORMS[name] if name in OPEN_FORMS else TASK_FORMS[name]
    return cls(today=lambda: TODAY)


def errors_of(name, payload):
    with pytest.raises(ValidationError) as caught:
        schema(name).load(payload)
    return caught.value.messages


def defaults_of(name):
    return {field: False for field, field_obj in schema(name).fields.items() if field_obj.load_default is False}


# ----- registries and descriptions -------------------------------------------------------


def test_registries_hold_exactly_the_contract_forms():
    first = set(FIRST_CONTRACT) - {OPEN_DOSSIER}
    earlier = {name for name in TASK_FORMS if not name.startswith("d_")}  # Regime D: tests/services/test_d_*
    assert earlier == first | set(TASK_CONTRACT)
    assert set(TASK_FORMS) - earlier == set(REGIME_D_FORMS)
    assert list(OPEN_FORMS) == [OPEN_DOSSIER, OPEN_CASE, OPEN_MINOR, "d_open_compulsory"]  # Regime D: test_web_regime_d
    assert OPEN_FORMS[OPEN_DOSSIER] is OpenDossierSchema
    assert {form for form, _, _ in BRANCHES} == set(CONTRACT)


def test_existing_exports_keep_working():
    import forms

    for name in ("TASK_FORMS", "OPEN_FORMS", "OpenDossierSchema", "form_fields", "OPEN_DOSSIER", "TaskForm"):
        assert name in forms.__all__
    assert OPEN_DOSSIER == "open_dossier"
    assert form_fields(OPEN_DOSSIER) == form_fields("open_dossier")


@pytest.mark.parametrize("name", list(CONTRACT))
def test_fields_order_and_requirement_match_contract(name):
    check_fields(form_fields(name), CONTRACT[name])


@pytest.mark.parametrize(("name", "field", "codes"), [(n, f, c) for (n, f), c in CHOICE_CODES.items()])
def test_choices_are_contract_codes_with_vietnamese_labels(name, field, codes):
    described = {f["name"]: f for f in form_fields(name)}[field]
    check_choice(described, codes, errors_of(name, {**VALID[name], field: "something_else"})[field])


@pytest.mark.parametrize(
    ("name", "field", "citation"),
    [
        (OPEN_MINOR, "ground", "khoản 1 Điều 33"),
        ("determination_request", "determination_case", "khoản 1 Điều 27"),
    ],
)
def test_case_labels_cite_the_law(name, field, citation):
    choices = {f["name"]: f for f in form_fields(name)}[field]["choices"]
    assert all(citation in label for _, label in choices)


def test_form_fields_describe_conditions():
    result = {f["name"]: f for f in form_fields("determination_result")}
    for name in ("result_number", "result_on"):
        assert result[name]["required_unless"] == {"field": "conclusion", "value": "monitoring"}
        assert result[name]["required_if"] is None
    assert result["observation_note"]["required_if"] == {"field": "conclusion", "value": "monitoring"}
    assert result["observation_note"]["required_unless"] is None
    assert result["criteria_met"]["type"] == "int"
    assert result["withdrawal_sign"]["type"] == "bool"
    registration = {f["name"]: f for f in form_fields("registration_outcome")}
    assert registration["registered_on"]["required_unless"] == {"field": "registration", "value": "none"}
    check = {f["name"]: f for f in form_fields("residence_check")}
    assert check["moved_on"]["required_if"] == {"field": "check_outcome", "value": "moved"}
    assert check["note"]["type"] == "textarea"
    minor = {f["name"]: f for f in form_fields(OPEN_MINOR)}
    assert "remote_area" not in minor
    assert minor["discovered_on"]["label"] == "Ngày phát hiện / ngày đăng ký"
    # Every description has the same keys, whichever registry the form is in.
    keys = {"name", "label", "type", "required", "required_if", "required_unless", "choices", "help", "private"}
    assert all(set(f) == keys for name in [*OPEN_FORMS, *TASK_FORMS] for f in form_fields(name))
    with pytest.raises(KeyError):
        form_fields("no_such_form")


# ----- loading --------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "payload", "conditional"), BRANCHES)
def test_valid_submission_loads(name, payload, conditional):
    check_loaded(schema(name).load(payload), payload, defaults_of(name), form_fields(name))


@pytest.mark.parametrize("name", list(CONTRACT))
def test_all_missing_required_fields_reported_at_once_in_vietnamese(name):
    errors = errors_of(name, {})
    required = {field for field, is_required in CONTRACT[name] if is_required}
    assert set(errors) == required
    for field, messages in errors.items():
        citation = CITED_REQUIRED.get((name, field))
        if citation:
            assert len(messages) == 1 and citation in messages[0], field
        else:
            assert messages == [REQUIRED], field


@pytest.mark.parametrize("name", list(CONTRACT))
def test_blank_and_none_count_as_missing(name):
    required = [field for field, is_required in CONTRACT[name] if is_required]
    blank = dict.fromkeys(required, "   ")
    blank[required[0]] = None
    assert set(errors_of(name, blank)) == set(required)


@pytest.mark.parametrize(("name", "payload", "conditional"), [branch for branch in BRANCHES if branch[2]])
def test_required_when_condition_holds(name, payload, conditional):
    for absent in ({}, dict.fromkeys(conditional, ""), dict.fromkeys(conditional)):
        trimmed = {key: value for key, value in payload.items() if key not in conditional} | absent
        errors = errors_of(name, trimmed)
        assert set(errors) == set(conditional)
        for field in conditional:
            if (name, field) != ("minor_appraisal", "child_rights_opinion"):
                assert errors[field] == [REQUIRED], field


@pytest.mark.parametrize("name", list(CONTRACT))
def test_unknown_field_rejected(name):
    assert errors_of(name, {**VALID[name], "dossier_number": "HS-1"}) == {"dossier_number": [UNKNOWN]}


# ----- cross-field rules -----------------------------------------------------------------


def test_determination_result_without_conclusion_cites_circular_18():
    payload = {key: value for key, value in VALID["determination_result"].items() if key != "conclusion"}
    for submission in (payload, {**payload, "conclusion": ""}, {**payload, "conclusion": None}):
        assert errors_of("determination_result", submission) == {"conclusion": [CONCLUSION_REQUIRED]}


def test_result_slip_required_for_a_final_conclusion_only():
    monitoring = payload_of("determination_result", "monitoring")
    loaded = schema("determination_result").load(monitoring)
    assert "result_number" not in loaded and "result_on" not in loaded
    for conclusion in ("addicted", "not_addicted"):
        errors = errors_of("determination_result", {**monitoring, "conclusion": conclusion})
        assert errors == {"result_number": [REQUIRED], "result_on": [REQUIRED]}
    # An invalid conclusion is reported as such, not as missing result fields.
    assert errors_of("determination_result", {**monitoring, "conclusion": "maybe"}) == {"conclusion": [CHOICE_INVALID]}


def test_observation_note_required_only_while_monitoring():
    addicted = VALID["determination_result"]
    assert "observation_note" not in schema("determination_result").load(addicted)
    errors = errors_of("determination_result", {**addicted, "conclusion": "monitoring"})
    assert errors == {"observation_note": [REQUIRED]}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("7", "Giá trị phải từ 0 đến 6."),
        ("-1", "Giá trị phải từ 0 đến 6."),
        ("2.5", "Giá trị phải là số nguyên."),
    ],
)
def test_criteria_met_is_a_count_of_the_six_criteria(raw, message):
    assert errors_of("determination_result", {**VALID["determination_result"], "criteria_met": raw}) == {
        "criteria_met": [message]
    }
    for edge in ("0", "6"):
        assert schema("determination_result").load({**VALID["determination_result"], "criteria_met": edge})


def test_registration_date_required_unless_nothing_registered():
    payload = payload_of("registration_outcome", "none")
    assert "registered_on" not in schema("registration_outcome").load(payload)
    for registration in ("voluntary", "methadone"):
        assert errors_of("registration_outcome", {**payload, "registration": registration}) == {
            "registered_on": [REQUIRED]
        }


@pytest.mark.parametrize(
    ("name", "later", "earlier"),
    [
        ("voluntary_decision", "planned_start_on", "decision_on"),
        ("provider_start_notice", "notice_on", "started_on"),
        ("provider_outcome_notice", "notice_on", "event_on"),
        ("completion_certificate", "released_on", "certificate_on"),
    ],
)
def test_date_order(name, later, earlier):
    payload = {**VALID[name], earlier: "10/03/2024"}
    assert schema(name).load({**payload, later: "2024-03-10"})[later] == dt.date(2024, 3, 10)
    errors = errors_of(name, {**payload, later: "09/03/2024"})
    assert list(errors) == [later]
    assert "10/03/2024" in errors[later][0] and "Không được trước" in errors[later][0]


@pytest.mark.parametrize(("raw", "accepted"), [("5", False), ("6", True), ("12", True), ("13", False)])
def test_voluntary_duration_is_6_to_12_months_with_citation(raw, accepted):
    payload = {**VALID["voluntary_decision"], "duration_months": raw}
    if accepted:
        assert schema("voluntary_decision").load(payload)["duration_months"] == int(raw)
    else:
        messages = errors_of("voluntary_decision", payload)["duration_months"]
        assert len(messages) == 1
        assert "06 tháng đến 12 tháng" in messages[0] and "khoản 2 Điều 30" in messages[0]


def test_post_rehab_term_is_only_sanity_checked():
    for bad in ("0", "61"):
        assert errors_of("post_rehab_decision", {**VALID["post_rehab_decision"], "term_months": bad}) == {
            "term_months": ["Giá trị phải từ 1 đến 60."]
        }
    for good in ("12", "24", "1", "60"):
        assert schema("post_rehab_decision").load({**VALID["post_rehab_decision"], "term_months": good})


def test_child_rights_opinion_required_with_citation_when_the_dossier_goes_to_court():
    payload = {key: value for key, value in VALID["minor_appraisal"].items() if key != "child_rights_opinion"}
    message = errors_of("minor_appraisal", payload)["child_rights_opinion"]
    assert len(message) == 1 and "khoản 4 Điều 34" in message[0]
    loaded = schema("minor_appraisal").load(payload_of("minor_appraisal", "invalid"))
    assert "child_rights_opinion" not in loaded


def test_minor_appraisal_letter_is_form_39():
    labels = {f["name"]: f["label"] for f in form_fields("minor_appraisal")}
    assert "Mẫu số 39" in labels["letter_number"]


@pytest.mark.parametrize(
    ("field", "citation"),
    [
        ("biography_done", "điểm c khoản 1 Điều 34"),
        ("statement_done", "điểm c khoản 1 Điều 34"),
    ],
)
@pytest.mark.parametrize("falsy", [False, "0", "false", "off", None])
def test_minor_dossier_items_must_be_ticked(field, citation, falsy):
    errors = errors_of("minor_dossier_preparation", {**VALID["minor_dossier_preparation"], field: falsy})
    assert list(errors) == [field]
    assert len(errors[field]) == 1 and citation in errors[field][0]


def test_minor_statement_is_form_38_and_parent_opinion_is_a_textarea():
    fields = {f["name"]: f for f in form_fields("minor_dossier_preparation")}
    assert "Mẫu số 38" in fields["statement_done"]["label"]
    assert fields["parent_opinion"]["type"] == "textarea"
    assert fields["parent_opinion"]["label"] == "Ý kiến của cha mẹ, người giám hộ hoặc người đại diện hợp pháp"


def test_minor_without_stable_residence_needs_police_determination():
    payload = {**VALID["minor_dossier_preparation"], "stable_residence": "0"}
    message = errors_of("minor_dossier_preparation", payload)["residence_confirmation_number"]
    assert len(message) == 1 and "nơi cư trú ổn định" in message[0]
    assert schema("minor_dossier_preparation").load({**payload, "residence_confirmation_number": "03/XN-CA"})


def test_interim_facility_date_required_only_for_facility_management():
    home = VALID["interim_management"]
    assert "interim_facility_since" not in schema("interim_management").load(home)
    assert errors_of("interim_management", {**home, "management_form": "facility"}) == {
        "interim_facility_since": [REQUIRED]
    }


# ----- optional bools default to False ---------------------------------------------------


@pytest.mark.parametrize(
    ("name", "payload", "fields"),
    [
        ("dossier_preparation", FIRST_VALID["dossier_preparation"], ["pregnant", "caring_child_under_36_months"]),
        ("minor_dossier_preparation", VALID["minor_dossier_preparation"], ["pregnant", "caring_child_under_36_months"]),
    ],
)
def test_optional_bools_default_to_false(name, payload, fields):
    trimmed = {key: value for key, value in payload.items() if key not in fields}
    assert all(schema(name).load(trimmed)[field] is False for field in fields)
    assert all(schema(name).load({**trimmed, **dict.fromkeys(fields, "")})[field] is False for field in fields)
    loaded = schema(name).load({**trimmed, **dict.fromkeys(fields, "on")})
    assert all(loaded[field] is True for field in fields)
    for field in fields:
        described = {f["name"]: f for f in form_fields(name)}[field]
        assert described["type"] == "bool" and described["required"] is False
        assert errors_of(name, {**trimmed, field: "có"}) == {field: ["Giá trị phải là Có hoặc Không."]}


# ----- who may be opened under which form ------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "age", "accepted"),
    [
        ("2012-01-03", 11, False),  # one day short of 12
        ("2012-01-02", 12, True),  # 12th birthday on the day of discovery
        ("2006-01-03", 17, True),  # one day short of 18
        ("2006-01-02", 18, False),  # 18th birthday on the day of discovery
        ("2015-06-01", 8, False),
        ("1990-08-15", 33, False),
    ],
)
def test_minor_dossier_age_rule_both_sides(birth, age, accepted):
    payload = {**VALID[OPEN_MINOR], "person_birth_date": birth, "discovered_on": "02/01/2024"}
    if accepted:
        assert schema(OPEN_MINOR).load(payload)["person_birth_date"] == dt.date.fromisoformat(birth)
    else:
        errors = errors_of(OPEN_MINOR, payload)
        assert errors == {"person_birth_date": [MINOR_AGE_RULE]}
        assert "Điều 33 Luật Phòng, chống ma túy 2021" in errors["person_birth_date"][0]


@pytest.mark.parametrize("birth", ["2012-01-02", "2006-01-03"])
def test_adult_dossier_still_refuses_the_minors_the_minor_form_accepts(birth):
    payload = {**FIRST_VALID[OPEN_DOSSIER], "person_birth_date": birth, "discovered_on": "02/01/2024"}
    with pytest.raises(ValidationError) as caught:
        OPEN_FORMS[OPEN_DOSSIER](today=lambda: TODAY).load(payload)
    assert caught.value.messages == {"person_birth_date": [MINOR_REFUSAL]}


@pytest.mark.parametrize("birth", ["2015-06-01", "2008-03-10", "1960-01-01"])
def test_open_case_has_no_age_rule(birth):
    payload = {**VALID[OPEN_CASE], "person_birth_date": birth}
    assert schema(OPEN_CASE).load(payload)["person_birth_date"] == dt.date.fromisoformat(birth)


@pytest.mark.parametrize("name", [OPEN_CASE, OPEN_MINOR])
@pytest.mark.parametrize("field", ["discovered_on", "person_birth_date"])
def test_open_form_dates_not_in_future(name, field):
    errors = errors_of(name, {**VALID[name], field: "02/12/2027"})
    assert errors[field][0].startswith("Không được sau ngày hôm nay (01/12/2027):")


def test_open_case_id_number_format():
    assert errors_of(OPEN_CASE, {**VALID[OPEN_CASE], "id_number": "12345"}) == {
        "id_number": ["Số định danh phải gồm từ 9 đến 12 chữ số."]
    }


# ----- never English ---------------------------------------------------------------------


@pytest.mark.parametrize("name", list(CONTRACT))
def test_no_english_message_from_a_battery_of_bad_inputs(name):
    collected = []
    submissions = [{}, {"zzz": 1}, {**VALID[name], "zzz": None}, [], "text"]
    for field, _ in CONTRACT[name]:
        submissions += [{**VALID[name], field: bad} for bad in BAD_VALUES]
    for _form, payload, conditional in BRANCHES:
        if _form == name and conditional:
            submissions.append({key: value for key, value in payload.items() if key not in conditional})
    for submission in submissions:
        try:
            schema(name).load(submission)
        except ValidationError as error:
            collected += list(messages_in(error.messages))
    assert len(collected) > len(CONTRACT[name]) * 3
    english = sorted({message for message in collected if ENGLISH.search(message)})
    assert english == []
