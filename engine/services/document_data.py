"""The data an official document is filled from, taken from what officers entered (the
audit trail of the dossier) and from the agencies of the dossier."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms import OPEN_FORMS, TASK_FORMS, form_fields

from ..clock import VN_TZ
from ..model.bundle import ModelBundle
from ..model.roles import Role
from ..persistence.tables import AdministrativeUnit, Agency, AuditEvent, Dossier, DossierParty, Task, User
from ..revisions import ENTRY_ACTIONS, entered

NUMBER_KEYS = {
    "mau_27": "record_number",
    "mau_29": "proposal_number",
    "mau_32": "notice_number",
    "mau_33": "return_number",
    "mau_34": "letter_number",
    "mau_40": "handover_record_number",
    "mau_46": "certificate_number",
    "mau_51": "decision_number",
    "mau_53": "notice_number",
    "mau_54": "certificate_number",
    "mau_07_nd105": "decision_number",
    "nd163_p3_04": "decision_number",
    "nd163_22": "decision_number",
    "nd163_p1_02": "decision_number",
    "nd163_32": "interim_decision_number",
    "nd163_34": "record_number",
    "nd163_36": "proposal_number",
    "nd163_37": "notice_number",
    "nd163_106": "letter_number",
    "nd163_42": "handover_record_number",
    "nd163_50": "certificate_number",
    "nd163_51": "notice_number",
    "nd163_52": "proposal_number",
    "nd163_53": "decision_number",
    "nd163_54": "notice_number",
    "nd163_56": "certificate_number",
}
"""The form field holding each document's number (số văn bản)."""
DATE_KEYS = {
    "mau_27": "recorded_on",
    "mau_29": "proposal_on",
    "mau_30": "proposal_on",
    "mau_31": "proposal_on",
    "mau_32": "notice_sent_on",
    "mau_40": "admitted_on",
    "mau_46": "certificate_on",
    "mau_51": "decision_on",
    "mau_53": "notice_on",
    "mau_54": "certificate_on",
    "mau_07_nd105": "decision_on",
    "nd163_p3_04": "decided_at",
    "nd163_22": "decided_at",
    "nd163_p1_02": "decided_at",
    "nd163_32": "interim_decided_at",
    "nd163_34": "recorded_on",
    "nd163_36": "proposal_on",
    "nd163_37": "notice_sent_on",
    "nd163_106": "sent_at",
    "nd163_42": "admitted_on",
    "nd163_50": "certificate_issued_at",
    "nd163_51": "notice_on",
    "nd163_52": "proposal_on",
    "nd163_53": "decided_at",
    "nd163_54": "notice_sent_at",
    "nd163_56": "issued_on",
}
"""The form field holding each document's date or moment (its Vietnam day dates it); others
are dated the day their step was done."""
ADDRESSEES = {
    "nd163_36": ("regional_court",),
    "nd163_106": ("provincial_police_director",),
    "mau_29": ("labour_office", "district_court", "regional_court"),
    "mau_33": ("commune_police",),
    "mau_34": ("district_court", "regional_court"),
}
"""The agency of the dossier a document is sent to ("Kính gửi: …"), the first of these roles the
dossier has: Mẫu 29 goes with the dossier to Phòng LĐTBXH (khoản 4 Điều 42 NĐ 116/2021) or, from
1/3/2025, to the court; Mẫu 33 back to the commune police that prepared it (điểm b khoản 1 Điều
43); Mẫu 34 to the court (khoản 2 Điều 43)."""
LABELLED = ("gender",)
"""Choices the documents print as their Vietnamese label ("Nữ"), not as the stored code."""
UNIT_KINDS = ("Thị trấn", "Thị xã", "Thành phố", "Đặc khu", "Phường", "Quận", "Huyện", "Tỉnh", "Xã")
"""The words an administrative unit's name starts with; the place line prints the name without it
("An Bình, ngày …", "Minh Họa, ngày …")."""
COMMUNE_KINDS = ("Phường", "Thị trấn", "Đặc khu", "Xã")
"""Commune-level units by the word their name starts with: a ward's police chief signs as
"Trưởng Công an phường"."""
SOURCES = {
    "nd163_32": {"decision_on": "interim_decided_at", "decided_at": "interim_decided_at"},
    "nd163_106": {
        "court_decision_number": "decision_number",
        "court_decision_on": "decision_on",
        "court_decision_received_at": "decision_received_at",
    },
    "nd163_52": {"term_ends_on": "returned_on"},
    "nd163_53": {"term_ends_on": "returned_on"},
    "nd163_56": {"term_ends_on": "returned_on"},
    "mau_46": {"facility_name": "agency_name"},
}
"""Document keys filled from a form field of another name (a day from a moment: its Vietnam day),
where the dossier holds the same key for another act (the court's decision_on) or an earlier
model named it otherwise (the release day of a term that began before 01/07/2026); Mẫu 46 names
the facility that issues it, where the person served the term (the court named it in the
dossier of the previous phase)."""


@dataclass(frozen=True)
class Draft:
    """What an officer is typing on an open step (validated values), printed before it is
    recorded: the step's data and its signer come from here instead of the audit trail."""

    task_id: int
    values: Mapping
    officer_id: int


def dossier_record(session: Session, dossier_id: int) -> tuple[dict, dict[int, tuple[dict, datetime]]]:
    """Everything entered in the dossier, later entries winning, and for each step the
    data and date of its latest completion."""
    merged: dict = {}
    by_step: dict[int, tuple[dict, datetime]] = {}
    for action, data, task_id, at in session.execute(
        select(AuditEvent.action, AuditEvent.data, AuditEvent.task_id, AuditEvent.created_at)
        .where(AuditEvent.dossier_id == dossier_id, AuditEvent.action.in_(("dossier_opened", *ENTRY_ACTIONS)))
        .order_by(AuditEvent.id)
    ):
        data = entered(action, data)
        merged.update(data)
        if task_id is not None:
            by_step[task_id] = (data, by_step[task_id][1] if task_id in by_step else at)  # a correction keeps the date
    return merged, by_step


def document_data(
    session: Session,
    bundle: ModelBundle,
    dossier: Dossier,
    code: str,
    extra: dict,
    process: dict | None = None,
    draft: Draft | None = None,
) -> dict:
    """The data a document is filled from: the person, the dossier, the agency of the step
    that produces it (the draft's open step), what the model computed (`process`) and the
    values officers entered; the signer is the officer who did the step (or prints the draft)
    unless its form names another (``signer_name``)."""
    merged, by_step = dossier_record(session, dossier.id)
    producing = [d.bpmn_id for d in bundle.tasks.values() if d.process_id == dossier.process_id and code in d.documents]
    chosen = Task.id == draft.task_id if draft else Task.bpmn_id.in_(producing)
    step = session.execute(
        select(Task, Agency)
        .join(Agency, Agency.id == Task.agency_id)
        .where(Task.dossier_id == dossier.id, chosen)
        .order_by(Task.state != "completed", Task.id.desc())
    ).first()
    data = {**(process or {}), **merged}
    issued_on = None
    place = None
    if step is not None:
        task, agency = step
        step_data, at = (dict(draft.values), None) if draft else by_step.get(task.id, ({}, None))
        data.update(step_data)
        officer_id = draft.officer_id if draft else task.completed_by_id
        officer = session.get(User, officer_id) if officer_id is not None else None
        data["signer_name"] = step_data.get("signer_name") or (officer.full_name if officer else "")
        dated = step_data.get(DATE_KEYS.get(code, ""))
        if dated and "T" in dated:
            dated = datetime.fromisoformat(dated).astimezone(VN_TZ).date().isoformat()
        issued_on = dated or (at.astimezone(VN_TZ).date().isoformat() if at else None)
        data.update(_agency_fields(session, agency, bundle.roles.get(task.role)))
        unit = session.get(AdministrativeUnit, agency.admin_unit_code)
        place = _place(unit.name) if unit is not None and unit.level != "national" else None
    person = dossier.person
    commune = session.get_one(AdministrativeUnit, dossier.commune_code)
    parties = dict(
        session.execute(
            select(DossierParty.role, Agency.name).join(Agency).where(DossierParty.dossier_id == dossier.id)
        ).all()
    )
    addressee = next((parties[role] for role in ADDRESSEES.get(code, ()) if role in parties), None)
    if addressee and not data.get("addressee"):
        data["addressee"] = addressee
    data.update(
        dossier_number=dossier.number,
        person_name=person.full_name,
        person_birth_date=person.birth_date.isoformat(),
        id_number=person.id_number or "",
        residence=person.residence,
        place_name=place or _place(commune.name),
        issued_on=issued_on,
        number=data.get(NUMBER_KEYS.get(code, ""), ""),
        escort_agency=parties.get("district_police") or parties.get("commune_police", ""),
        ground_label=_choice_label("ground", merged.get("ground")),
    )
    for key in LABELLED:
        if data.get(key):
            data[key] = _choice_label(key, data[key])
    for key, source in SOURCES.get(code, {}).items():
        value = data.get(source)
        if isinstance(value, str) and key.endswith("_on") and "T" in value:
            value = datetime.fromisoformat(value).astimezone(VN_TZ).date().isoformat()
        if value:
            data[key] = value
    data.update(extra)
    return data


def _place(unit_name: str) -> str:
    """ "Xã An Bình" → "An Bình": the place name of the dated line."""
    kind = next((k for k in UNIT_KINDS if unit_name.startswith(f"{k} ")), None)
    return unit_name.removeprefix(f"{kind} ") if kind else unit_name


def _agency_fields(session: Session, agency: Agency, role: Role | None) -> dict:
    """The agency's name, the body above it for the header, and its signer's title. The body
    above is found from the agency's own unit up: a district office's is the district's
    committee, a provincial facility's the province's department."""
    unit = session.get(AdministrativeUnit, agency.admin_unit_code)
    parent = agency.parent_body or ""
    if not parent and role is not None and role.parent_prefix and unit is not None:
        upper: AdministrativeUnit | None = unit
        while upper is not None and upper.level != role.parent_level:
            upper = session.get(AdministrativeUnit, upper.parent_code) if upper.parent_code else None
        nearest = session.get(AdministrativeUnit, unit.parent_code) if unit.parent_code else None
        above = upper or nearest  # a commune directly under its province (two-tier): the province
        parent = f"{role.parent_prefix} {above.name}" if above is not None else ""
    title = role.signer_title if role else ""
    if unit is not None and unit.level == "commune" and title.endswith(" xã"):
        kind = next((k for k in COMMUNE_KINDS if unit.name.startswith(f"{k} ")), "Xã")
        title = f"{title[: -len(' xã')]} {kind.lower()}"
    return {"agency_name": agency.name, "agency_parent": parent, "signer_title": title}


def _choice_label(field: str, value) -> str:
    """The Vietnamese label of a choice some open form offers (e.g. the Art. 32 ground)."""
    if not value:
        return ""
    for name in (*OPEN_FORMS, *TASK_FORMS):
        for described in form_fields(name):
            if described["name"] == field and described["choices"]:
                labels = dict(described["choices"])
                if value in labels:
                    return labels[value]
    return str(value)
