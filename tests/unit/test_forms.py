"""Task forms against the contract (/tmp/spec/model_spec.md, "Forms"): every form loads a
valid submission, reports every missing field at once, enforces its cross-field rules, and
never lets an English message through."""

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from marshmallow import ValidationError, missing

from forms import OPEN_DOSSIER, OPEN_FORMS, TASK_FORMS, OpenDossierSchema, form_fields
from support.form_checks import check_choice, check_fields, check_loaded

TODAY = dt.date(2024, 6, 1)
REQUIRED = "Trường này là bắt buộc."
UNKNOWN = "Trường không được phép."
DATE_INVALID = "Ngày không hợp lệ, nhập theo dạng dd/mm/yyyy."
MINOR_REFUSAL = "Người chưa đủ 18 tuổi không thuộc thủ tục này (Điều 32, 33 Luật Phòng, chống ma túy 2021)."

# Field names in contract order; True = "R" in the contract.
CONTRACT = {
    OPEN_DOSSIER: [
        ("person_name", True),
        ("person_birth_date", True),
        ("id_number", False),
        ("residence", True),
        ("commune_code", True),
        ("discovered_on", True),
        ("ground", True),
        ("stable_residence", True),
    ],
    "violation_record": [
        ("record_number", True),
        ("recorded_on", True),
        ("place", True),
        ("violation_description", True),
    ],
    "dossier_preparation": [
        ("proposal_number", True),
        ("proposal_on", True),
        ("biography_done", True),
        ("statement_done", True),
        ("determination_result_number", True),
        ("determination_result_on", True),
        ("determination_facility", True),
        ("stable_residence", True),
        ("residence_confirmation_number", False),
        ("pregnant", False),
        ("caring_child_under_36_months", False),
        # What the background record (Mẫu số 30) prints beyond the identity data, all optional.
        ("gender", False),
        ("ethnicity", False),
        ("nationality", False),
        ("occupation", False),
        ("father_name", False),
        ("mother_name", False),
    ],
    "dossier_notice": [
        ("notice_number", True),
        ("notice_sent_on", True),
        ("notice_received_on", True),
        ("recipient", True),
        ("recipient_name", True),
    ],
    "dossier_dispatch": [
        ("dispatch_number", True),
        ("sent_on", True),
        ("page_count", True),
        ("person_comments", False),
    ],
    "dossier_appraisal": [
        ("dossier_received_on", False),
        ("appraisal_result", True),
        ("missing_items", False),
        ("return_number", False),
        ("letter_number", False),
        ("proposed_facility", False),
        ("appraised_on", False),  # the act's own date: met or late is judged by it
    ],
    "dossier_supplement": [("supplemented_items", True), ("resent_on", True)],
    "court_intake": [
        ("received_on", False),
        ("intake_outcome", True),
        ("case_number", False),
        ("accepted_on", False),
        ("judge_name", False),
        ("return_reason", False),
    ],
    "court_return_handling": [("return_route", True), ("note", True)],
    "court_acceptance_notice": [("acceptance_notice_number", True), ("notified_on", True), ("recipients", True)],
    "court_session_order": [
        ("complex_case", True),
        ("clarification_needed", True),
        ("clarification_request", False),
        ("session_order_number", False),
        ("session_ordered_on", False),
    ],
    "court_clarification_answer": [("answer_number", True), ("answered_on", True), ("answer", True)],
    "court_decision": [
        ("session_held_on", True),
        ("decision", True),
        ("decision_number", True),
        ("decision_on", True),
        ("term_months", False),
        ("facility_name", False),
        ("reasons", True),
    ],
    "decision_dispatch": [("decision_sent_on", True), ("recipients", True)],
    "complaint_record": [
        ("challenge_kind", True),
        ("challenger", True),
        ("challenge_received_on", True),
        ("content", True),
    ],
    "complaint_forward": [("forwarded_on", True), ("forward_number", True)],
    "review_result": [
        ("review_decision_number", True),
        ("reviewed_on", True),
        ("decision", True),
        ("term_months", False),
    ],
    "legal_effect": [
        ("legal_effect_outcome", True),
        ("effective_on", False),
        ("challenge_received_on", False),
        ("challenger", False),
        ("challenge_kind", False),
        ("content", False),
    ],
    "escort": [
        ("escort_started_on", True),
        ("escort_outcome", True),
        ("handed_over_on", False),
        ("facility_name", False),
        ("postponement_reason", False),
        ("court_notified_on", False),
    ],
    "escort_extended": [("handed_over_on", True), ("facility_name", True)],
    "facility_admission": [("handover_record_number", True), ("admitted_on", True), ("received_documents", True)],
}

CHOICE_CODES = {
    (OPEN_DOSSIER, "ground"): [
        "no_registration",
        "quit_voluntary",
        "use_during_voluntary",
        "methadone_violation",
        "relapse_post_rehab",
    ],
    ("dossier_notice", "recipient"): ["person", "legal_representative"],
    ("dossier_appraisal", "appraisal_result"): ["valid", "invalid"],
    ("court_intake", "intake_outcome"): ["accept", "return"],
    ("court_return_handling", "return_route"): ["police", "resubmit"],
    ("court_decision", "decision"): ["apply", "not_apply"],
    ("complaint_record", "challenge_kind"): ["complaint", "petition", "protest"],
    ("review_result", "decision"): ["apply", "not_apply"],
    ("legal_effect", "legal_effect_outcome"): ["effective", "challenged"],
    ("legal_effect", "challenge_kind"): ["petition", "protest"],
    ("escort", "escort_outcome"): ["delivered", "postponed"],
}

FACILITY = "Cơ sở cai nghiện ma túy số 1"
# (form, a valid submission as a browser sends it, the fields only that branch requires)
BRANCHES = [
    (
        OPEN_DOSSIER,
        {
            "person_name": "Nguyễn Văn An",
            "person_birth_date": "15/08/1990",
            "id_number": "001090012345",
            "residence": "Thôn 2, xã An Phú",
            "commune_code": "00001",
            "discovered_on": "2024-01-02",
            "ground": "quit_voluntary",
            "stable_residence": "on",
        },
        [],
    ),
    (
        "violation_record",
        {
            "record_number": "12/BB-VP",
            "recorded_on": "03/01/2024",
            "place": "Trụ sở Công an xã An Phú",
            "violation_description": "Tự ý chấm dứt cai nghiện ma túy tự nguyện.",
        },
        [],
    ),
    (
        "dossier_preparation",
        {
            "proposal_number": "15/ĐN",
            "proposal_on": "2024-01-05",
            "biography_done": "on",
            "statement_done": "true",
            "determination_result_number": "08/KQ",
            "determination_result_on": "04/01/2024",
            "determination_facility": "Trung tâm Y tế huyện",
            "stable_residence": "1",
        },
        [],
    ),
    (
        "dossier_preparation",
        {
            "proposal_number": "15/ĐN",
            "proposal_on": "2024-01-05",
            "biography_done": True,
            "statement_done": True,
            "determination_result_number": "08/KQ",
            "determination_result_on": "04/01/2024",
            "determination_facility": "Trung tâm Y tế huyện",
            "stable_residence": "0",
            "residence_confirmation_number": "03/XN-CA",
        },
        ["residence_confirmation_number"],
    ),
    (
        "dossier_notice",
        {
            "notice_number": "20/TB",
            "notice_sent_on": "08/01/2024",
            "notice_received_on": "2024-01-08",
            "recipient": "person",
            "recipient_name": "Nguyễn Văn An",
        },
        [],
    ),
    (
        "dossier_dispatch",
        {"dispatch_number": "22/CV", "sent_on": "12/01/2024", "page_count": "35", "person_comments": ""},
        [],
    ),
    (
        "dossier_appraisal",
        {"appraisal_result": "valid", "letter_number": "05/LĐTBXH", "proposed_facility": FACILITY},
        ["letter_number", "proposed_facility"],
    ),
    (
        "dossier_appraisal",
        {"appraisal_result": "invalid", "missing_items": "Bản tường trình (Mẫu số 31)", "return_number": "04/TL"},
        ["missing_items", "return_number"],
    ),
    ("dossier_supplement", {"supplemented_items": "Bản tường trình (Mẫu số 31)", "resent_on": "16/01/2024"}, []),
    (
        "court_intake",
        {
            "intake_outcome": "accept",
            "case_number": "01/2024/TLHS",
            "accepted_on": "18/01/2024",
            "judge_name": "Trần Thị Bình",
        },
        ["case_number", "accepted_on", "judge_name"],
    ),
    (
        "court_intake",
        {"intake_outcome": "return", "return_reason": "Thiếu phiếu kết quả xác định tình trạng nghiện."},
        ["return_reason"],
    ),
    ("court_return_handling", {"return_route": "police", "note": "Chuyển Công an xã bổ sung."}, []),
    (
        "court_acceptance_notice",
        {
            "acceptance_notice_number": "02/TB-TA",
            "notified_on": "19/01/2024",
            "recipients": "Người bị đề nghị; Viện kiểm sát nhân dân huyện",
        },
        [],
    ),
    (
        "court_session_order",
        {
            "complex_case": "false",
            "clarification_needed": "false",
            "session_order_number": "03/QĐ-TA",
            "session_ordered_on": "25/01/2024",
        },
        ["session_order_number", "session_ordered_on"],
    ),
    (
        "court_session_order",
        {
            "complex_case": "on",
            "clarification_needed": "on",
            "clarification_request": "Làm rõ nơi cư trú của người bị đề nghị.",
        },
        ["clarification_request"],
    ),
    (
        "court_clarification_answer",
        {
            "answer_number": "07/LĐTBXH",
            "answered_on": "27/01/2024",
            "answer": "Người bị đề nghị có nơi cư trú ổn định.",
        },
        [],
    ),
    (
        "court_decision",
        {
            "session_held_on": "01/02/2024",
            "decision": "apply",
            "decision_number": "05/QĐ-TA",
            "decision_on": "01/02/2024",
            "term_months": "18",
            "facility_name": FACILITY,
            "reasons": "Đủ căn cứ theo Điều 96 Luật Xử lý vi phạm hành chính.",
        },
        ["term_months", "facility_name"],
    ),
    (
        "court_decision",
        {
            "session_held_on": "01/02/2024",
            "decision": "not_apply",
            "decision_number": "05/QĐ-TA",
            "decision_on": "02/02/2024",
            "reasons": "Không đủ căn cứ.",
        },
        [],
    ),
    ("decision_dispatch", {"decision_sent_on": "02/02/2024", "recipients": "Người bị đề nghị; Công an huyện"}, []),
    (
        "complaint_record",
        {
            "challenge_kind": "complaint",
            "challenger": "Nguyễn Văn An",
            "challenge_received_on": "05/02/2024",
            "content": "Đề nghị xem xét lại.",
        },
        [],
    ),
    ("complaint_forward", {"forwarded_on": "06/02/2024", "forward_number": "09/CV-TA"}, []),
    (
        "review_result",
        {"review_decision_number": "01/QĐ-PT", "reviewed_on": "20/02/2024", "decision": "apply", "term_months": 12},
        ["term_months"],
    ),
    ("review_result", {"review_decision_number": "01/QĐ-PT", "reviewed_on": "20/02/2024", "decision": "not_apply"}, []),
    ("legal_effect", {"legal_effect_outcome": "effective", "effective_on": "09/02/2024"}, ["effective_on"]),
    (
        "legal_effect",
        {
            "legal_effect_outcome": "challenged",
            "challenge_received_on": "12/02/2024",
            "challenger": "Viện kiểm sát nhân dân huyện",
            "challenge_kind": "protest",
            "content": "Kháng nghị quyết định.",
        },
        ["challenge_received_on", "challenger", "challenge_kind", "content"],
    ),
    (
        "escort",
        {
            "escort_started_on": "12/02/2024",
            "escort_outcome": "delivered",
            "handed_over_on": "14/02/2024",
            "facility_name": FACILITY,
        },
        ["handed_over_on", "facility_name"],
    ),
    (
        "escort",
        {
            "escort_started_on": "12/02/2024",
            "escort_outcome": "postponed",
            "postponement_reason": "Cơ sở không còn chỗ tiếp nhận.",
            "court_notified_on": "13/02/2024",
        },
        ["postponement_reason", "court_notified_on"],
    ),
    ("escort_extended", {"handed_over_on": "10/04/2024", "facility_name": FACILITY}, []),
    (
        "facility_admission",
        {"handover_record_number": "11/BBBG", "admitted_on": "14/02/2024", "received_documents": "on"},
        [],
    ),
]
VALID = {}
for _form, _payload, _ in BRANCHES:
    VALID.setdefault(_form, _payload)

ENGLISH = re.compile(
    r"\b(missing|data|not|valid|invalid|unknown|field|must|length|shorter|longer|string|number|integer|"
    r"boolean|type|input|null|equal|greater|less|required|value|the)\b",
    re.IGNORECASE,
)


def schema(name):
    cls = OpenDossierSchema if name == OPEN_DOSSIER else TASK_FORMS[name]
    return cls(today=lambda: TODAY)


def defaults_of(name):
    """Optional fields that load a default (False for optional bools) when not sent."""
    return {field_name for field_name, field in schema(name).fields.items() if field.load_default is not missing}


def errors_of(name, payload):
    with pytest.raises(ValidationError) as caught:
        schema(name).load(payload)
    return caught.value.messages


def messages_in(errors):
    if isinstance(errors, str):
        yield errors
    elif isinstance(errors, dict):
        for value in errors.values():
            yield from messages_in(value)
    else:
        for value in errors:
            yield from messages_in(value)


def test_registry_has_the_contract_forms():
    # The later procedures' forms are in tests/test_forms_chain.py, which checks the whole registry.
    assert set(CONTRACT) - {OPEN_DOSSIER} <= set(TASK_FORMS)
    assert {form for form, _, _ in BRANCHES} == set(CONTRACT)


@pytest.mark.parametrize("name", list(CONTRACT))
def test_fields_order_and_requirement_match_contract(name):
    check_fields(form_fields(name), CONTRACT[name])


@pytest.mark.parametrize(("name", "field", "codes"), [(n, f, c) for (n, f), c in CHOICE_CODES.items()])
def test_choices_are_contract_codes_with_vietnamese_labels(name, field, codes):
    described = {f["name"]: f for f in form_fields(name)}[field]
    check_choice(described, codes, errors_of(name, {**VALID[name], field: "something_else"})[field])


def test_ground_labels_cite_article_32():
    grounds = {f["name"]: f for f in form_fields(OPEN_DOSSIER)}["ground"]["choices"]
    assert all("Điều 32" in label for _, label in grounds)


def test_form_fields_types_and_conditions():
    appraisal = {f["name"]: f for f in form_fields("dossier_appraisal")}
    assert appraisal["missing_items"]["required_if"] == {"field": "appraisal_result", "value": "invalid"}
    assert appraisal["letter_number"]["required_if"] == {"field": "appraisal_result", "value": "valid"}
    assert appraisal["appraisal_result"]["required_if"] is None
    session = {f["name"]: f for f in form_fields("court_session_order")}
    assert session["session_ordered_on"]["required_if"] == {"field": "clarification_needed", "value": False}
    assert session["session_ordered_on"]["type"] == "date"
    assert session["complex_case"]["type"] == "bool"
    decision = {f["name"]: f for f in form_fields("court_decision")}
    assert decision["term_months"]["type"] == "int"
    assert decision["reasons"]["type"] == "textarea"
    assert decision["decision_number"]["type"] == "text"
    with pytest.raises(KeyError):
        form_fields("no_such_form")


@pytest.mark.parametrize(("name", "payload", "conditional"), BRANCHES)
def test_valid_submission_loads(name, payload, conditional):
    check_loaded(schema(name).load(payload), payload, defaults_of(name), form_fields(name))


@pytest.mark.parametrize("name", list(CONTRACT))
def test_all_missing_required_fields_reported_at_once(name):
    errors = errors_of(name, {})
    required = {field for field, is_required in CONTRACT[name] if is_required}
    assert set(errors) == required
    legal = {"biography_done": "Mẫu số 30", "statement_done": "Mẫu số 31", "received_documents": "Điều 55"}
    for field, messages in errors.items():
        if field in legal:
            assert len(messages) == 1 and legal[field] in messages[0]
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
    for absent in ({}, dict.fromkeys(conditional, "")):
        trimmed = {key: value for key, value in payload.items() if key not in conditional} | absent
        errors = errors_of(name, trimmed)
        assert set(errors) == set(conditional)
        if name != "dossier_preparation":
            assert all(errors[field] == [REQUIRED] for field in conditional)


def test_no_stable_residence_requires_police_determination_with_citation():
    payload = {**VALID["dossier_preparation"], "stable_residence": "0"}
    message = errors_of("dossier_preparation", payload)["residence_confirmation_number"][0]
    assert "khoản 2 Điều 41" in message
    assert schema("dossier_preparation").load({**payload, "residence_confirmation_number": "03/XN-CA"})


def test_conditional_fields_are_not_required_on_the_other_branch_and_are_kept_if_sent():
    loaded = schema("dossier_appraisal").load({**VALID["dossier_appraisal"], "missing_items": "Ghi chú"})
    assert loaded["missing_items"] == "Ghi chú"


def test_all_errors_of_a_submission_come_together():
    errors = errors_of("court_intake", {"intake_outcome": "accept", "accepted_on": "hôm qua", "extra": "x"})
    assert errors == {
        "accepted_on": [DATE_INVALID],
        "extra": [UNKNOWN],
        "case_number": [REQUIRED],
        "judge_name": [REQUIRED],
    }


@pytest.mark.parametrize(
    ("name", "later", "earlier"),
    [
        ("dossier_notice", "notice_received_on", "notice_sent_on"),
        ("court_decision", "decision_on", "session_held_on"),
        ("escort", "handed_over_on", "escort_started_on"),
    ],
)
def test_date_order(name, later, earlier):
    payload = {**VALID[name], earlier: "10/03/2024"}
    assert schema(name).load({**payload, later: "2024-03-10"})[later] == dt.date(2024, 3, 10)
    errors = errors_of(name, {**payload, later: "09/03/2024"})
    assert list(errors) == [later]
    assert "10/03/2024" in errors[later][0] and "Không được trước" in errors[later][0]


@pytest.mark.parametrize(
    ("name", "field", "citation"),
    [
        ("dossier_preparation", "biography_done", "điểm a khoản 1 Điều 41"),
        ("dossier_preparation", "statement_done", "điểm d khoản 1 Điều 41"),
        ("facility_admission", "received_documents", "khoản 3 Điều 55"),
    ],
)
@pytest.mark.parametrize("falsy", [False, "0", "false", "off", None])
def test_mandatory_items_must_be_ticked(name, field, citation, falsy):
    errors = errors_of(name, {**VALID[name], field: falsy})
    assert list(errors) == [field]
    assert len(errors[field]) == 1 and citation in errors[field][0]


def test_unticked_mandatory_item_reports_its_legal_basis():
    payload = {key: value for key, value in VALID["facility_admission"].items() if key != "received_documents"}
    assert "khoản 3 Điều 55" in errors_of("facility_admission", payload)["received_documents"][0]


@pytest.mark.parametrize(
    ("birth", "accepted"),
    [
        ("02/01/2006", dt.date(2006, 1, 2)),  # 18th birthday on the day of discovery
        ("03/01/2006", None),  # one day short of 18
        ("2010-05-05", None),
        ("15/08/1990", dt.date(1990, 8, 15)),
    ],
)
def test_minor_is_refused_with_legal_citation(birth, accepted):
    payload = {**VALID[OPEN_DOSSIER], "person_birth_date": birth, "discovered_on": "02/01/2024"}
    if accepted:
        assert schema(OPEN_DOSSIER).load(payload)["person_birth_date"] == accepted
    else:
        assert errors_of(OPEN_DOSSIER, payload) == {"person_birth_date": [MINOR_REFUSAL]}


@pytest.mark.parametrize("field", ["discovered_on", "person_birth_date"])
def test_open_dossier_dates_not_in_future(field):
    assert schema(OPEN_DOSSIER).load({**VALID[OPEN_DOSSIER], "discovered_on": TODAY.isoformat()})
    errors = errors_of(OPEN_DOSSIER, {**VALID[OPEN_DOSSIER], field: "02/06/2024"})
    assert errors[field][0].startswith("Không được sau ngày hôm nay (01/06/2024):")


def test_today_defaults_to_the_real_day():
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    with pytest.raises(ValidationError) as caught:
        OpenDossierSchema().load({**VALID[OPEN_DOSSIER], "discovered_on": tomorrow.isoformat()})
    assert "discovered_on" in caught.value.messages


def test_open_dossier_optional_id_number_format():
    assert "id_number" not in schema(OPEN_DOSSIER).load({**VALID[OPEN_DOSSIER], "id_number": ""})
    assert schema(OPEN_DOSSIER).load({**VALID[OPEN_DOSSIER], "id_number": "123456789"})["id_number"] == "123456789"
    for bad in ("12345678", "1234567890123", "12345678a"):
        assert errors_of(OPEN_DOSSIER, {**VALID[OPEN_DOSSIER], "id_number": bad}) == {
            "id_number": ["Số định danh phải gồm từ 9 đến 12 chữ số."]
        }


def test_person_name_length():
    assert list(errors_of(OPEN_DOSSIER, {**VALID[OPEN_DOSSIER], "person_name": "A"})) == ["person_name"]
    assert list(errors_of(OPEN_DOSSIER, {**VALID[OPEN_DOSSIER], "person_name": "A" * 121})) == ["person_name"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-05", dt.date(2024, 3, 5)),
        ("05/03/2024", dt.date(2024, 3, 5)),
        ("5/3/2024", dt.date(2024, 3, 5)),
        (" 29/02/2024 ", dt.date(2024, 2, 29)),
        (dt.date(2024, 3, 5), dt.date(2024, 3, 5)),
    ],
)
def test_dates_accept_iso_and_vietnamese_format(text, expected):
    loaded = schema("violation_record").load({**VALID["violation_record"], "recorded_on": text})
    assert loaded["recorded_on"] == expected
    assert schema("violation_record").dump(loaded)["recorded_on"] == expected.isoformat()


@pytest.mark.parametrize(
    "garbage",
    [
        "hôm qua",
        "2024-13-01",
        "31/02/2024",
        "29/02/2023",
        "2024/03/05",
        "05-03-2024",
        "05/03/24",
        "2024-3-5",
        20240305,
        ["2024-03-05"],
        dt.datetime(2024, 3, 5, 10, 0),
    ],
)
def test_garbage_date_rejected_in_vietnamese(garbage):
    assert errors_of("violation_record", {**VALID["violation_record"], "recorded_on": garbage}) == {
        "recorded_on": [DATE_INVALID]
    }


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (True, True),
        (False, False),
        ("true", True),
        ("false", False),
        ("on", True),
        ("off", False),
        ("1", True),
        ("0", False),
        (1, True),
        (0, False),
        ("TRUE", True),
    ],
)
def test_bool_accepts_what_html_forms_send(raw, expected):
    payload = {**VALID["court_session_order"], "complex_case": raw}
    assert schema("court_session_order").load(payload)["complex_case"] is expected


@pytest.mark.parametrize("raw", ["maybe", "có", 2, [], 0.5])
def test_bool_rejects_anything_else(raw):
    errors = errors_of("court_session_order", {**VALID["court_session_order"], "complex_case": raw})
    assert errors == {"complex_case": ["Giá trị phải là Có hoặc Không."]}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("0", "Giá trị phải lớn hơn hoặc bằng 1."),
        ("12.5", "Giá trị phải là số nguyên."),
        (12.0, "Giá trị phải là số nguyên."),
        (True, "Giá trị phải là số nguyên."),
        ("ba mươi", "Giá trị phải là số nguyên."),
    ],
)
def test_page_count_is_a_positive_integer(raw, message):
    assert errors_of("dossier_dispatch", {**VALID["dossier_dispatch"], "page_count": raw}) == {"page_count": [message]}


@pytest.mark.parametrize("name", ["court_decision", "review_result"])
def test_term_months_range(name):
    for bad in ("0", "61"):
        assert errors_of(name, {**VALID[name], "term_months": bad}) == {"term_months": ["Giá trị phải từ 1 đến 60."]}
    assert schema(name).load({**VALID[name], "term_months": " 60 "})["term_months"] == 60


def test_strings_are_stripped():
    loaded = schema("violation_record").load({**VALID["violation_record"], "place": "  Trụ sở UBND xã \n"})
    assert loaded["place"] == "Trụ sở UBND xã"


def test_text_length_is_capped_in_vietnamese():
    errors = errors_of("violation_record", {**VALID["violation_record"], "place": "x" * 256})
    assert errors == {"place": ["Không được dài quá 255 ký tự."]}


@pytest.mark.parametrize("name", list(CONTRACT))
def test_unknown_field_rejected(name):
    assert errors_of(name, {**VALID[name], "dossier_number": "HS-1"}) == {"dossier_number": [UNKNOWN]}


@pytest.mark.parametrize("not_a_form", [[], "text", 42])
def test_non_mapping_submission_rejected_in_vietnamese(not_a_form):
    assert errors_of("escort", not_a_form) == {"_schema": ["Dữ liệu biểu mẫu không hợp lệ."]}


BAD_VALUES = [None, "", "   ", 123.5, -5, True, [], {}, "garbage", "99/99/9999", "x" * 6000, "2024-02-30"]


@pytest.mark.parametrize("name", list(CONTRACT))
def test_no_english_message_from_a_battery_of_bad_inputs(name):
    collected = []
    submissions = [{}, {"zzz": 1}, {**VALID[name], "zzz": None}]
    for field, _ in CONTRACT[name]:
        submissions += [{**VALID[name], field: bad} for bad in BAD_VALUES]
    for submission in submissions:
        try:
            schema(name).load(submission)
        except ValidationError as error:
            collected += list(messages_in(error.messages))
    assert len(collected) > len(CONTRACT[name]) * 5
    english = sorted({message for message in collected if ENGLISH.search(message)})
    assert english == []


@pytest.mark.parametrize("name", [*TASK_FORMS, *OPEN_FORMS])
def test_no_english_message_configured_anywhere(name):
    """Every registered form, the chain's included: no English message is even configured."""
    form = (OPEN_FORMS.get(name) or TASK_FORMS[name])(today=lambda: TODAY)
    configured = list(form.error_messages.values())
    for field in form.fields.values():
        configured += list(field.error_messages.values())
        configured += [validator.error for validator in field.validators if hasattr(validator, "error")]
    assert configured
    assert [message for message in configured if ENGLISH.search(message)] == []


def test_english_detector_catches_marshmallow_defaults():
    for message in (
        "Missing data for required field.",
        "Not a valid date.",
        "Unknown field.",
        "Must be one of: a, b.",
        "Field may not be null.",
        "Invalid value.",
    ):
        assert ENGLISH.search(message)


def test_forms_package_imports_no_engine_web_or_database():
    root = Path(__file__).resolve().parents[1]
    code = (
        "import sys, forms; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'engine', 'web', 'flask', 'sqlalchemy'}))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
