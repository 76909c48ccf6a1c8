"""The data an official document is filled from, taken from what officers entered (the
audit trail of the dossier) and from the agencies of the dossier."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from forms import OPEN_FORMS, TASK_FORMS, form_fields

from ..clock import VN_TZ
from ..model.bundle import ModelBundle
from ..model.roles import Role
from ..persistence.tables import AdministrativeUnit, Agency, AuditEvent, Dossier, DossierParty, Task

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
}
"""The form field holding each document's date; others are dated the day their step was done."""


def dossier_record(session: Session, dossier_id: int) -> tuple[dict, dict[int, tuple[dict, datetime]]]:
    """Everything entered in the dossier, later entries winning, and for each step the
    data and date of its latest completion."""
    merged: dict = {}
    by_step: dict[int, tuple[dict, datetime]] = {}
    for data, task_id, at in session.execute(
        select(AuditEvent.data, AuditEvent.task_id, AuditEvent.created_at)
        .where(AuditEvent.dossier_id == dossier_id, AuditEvent.action.in_(("dossier_opened", "task_completed")))
        .order_by(AuditEvent.id)
    ):
        merged.update(data)
        if task_id is not None:
            by_step[task_id] = (data, at)
    return merged, by_step


def document_data(session: Session, bundle: ModelBundle, dossier: Dossier, code: str, extra: dict) -> dict:
    """The data a document is filled from: the person, the dossier, the agency of the step
    that produces it, and the values officers entered."""
    merged, by_step = dossier_record(session, dossier.id)
    producing = [d.bpmn_id for d in bundle.tasks.values() if d.process_id == dossier.process_id and code in d.documents]
    step = session.execute(
        select(Task, Agency)
        .join(Agency, Agency.id == Task.agency_id)
        .where(Task.dossier_id == dossier.id, Task.bpmn_id.in_(producing))
        .order_by(Task.state != "completed", Task.id.desc())
    ).first()
    data = {**merged}
    issued_on = None
    if step is not None:
        task, agency = step
        step_data, at = by_step.get(task.id, ({}, None))
        data.update(step_data)
        issued_on = step_data.get(DATE_KEYS.get(code, "")) or (at.astimezone(VN_TZ).date().isoformat() if at else None)
        data.update(_agency_fields(session, agency, bundle.roles.get(task.role)))
    person = dossier.person
    commune = session.get_one(AdministrativeUnit, dossier.commune_code)
    parties = dict(
        session.execute(
            select(DossierParty.role, Agency.name).join(Agency).where(DossierParty.dossier_id == dossier.id)
        ).all()
    )
    data.update(
        dossier_number=dossier.number,
        person_name=person.full_name,
        person_birth_date=person.birth_date.isoformat(),
        id_number=person.id_number or "",
        residence=person.residence,
        place_name=commune.name.removeprefix("Xã ").removeprefix("Phường "),
        issued_on=issued_on,
        number=data.get(NUMBER_KEYS.get(code, ""), ""),
        escort_agency=parties.get("district_police") or parties.get("commune_police", ""),
        ground_label=_choice_label("ground", merged.get("ground")),
    )
    data.update(extra)
    return data


def _agency_fields(session: Session, agency: Agency, role: Role | None) -> dict:
    """The agency's name, the body above it for the header, and its signer's title."""
    unit = session.get(AdministrativeUnit, agency.admin_unit_code)
    parent = agency.parent_body or ""
    if not parent and role is not None and role.parent_prefix:
        upper = unit
        while upper is not None and upper.level != role.parent_level:
            upper = session.get(AdministrativeUnit, upper.parent_code) if upper.parent_code else None
        parent = f"{role.parent_prefix} {upper.name}" if upper is not None else ""
    return {"agency_name": agency.name, "agency_parent": parent, "signer_title": role.signer_title if role else ""}


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
