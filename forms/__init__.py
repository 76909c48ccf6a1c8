"""Task forms of the compulsory-rehab process (marshmallow schemas, Vietnamese only).

``TASK_FORMS`` maps the ``form`` property of each BPMN user task to its schema; the engine
loads a submission with ``TASK_FORMS[name]().load(data)``. ``form_fields`` describes a form
as plain dicts so the web layer can render it without knowing marshmallow.
"""
from __future__ import annotations

from marshmallow import Schema

from .base import TaskForm
from .court import (
    ComplaintForwardSchema,
    ComplaintRecordSchema,
    CourtAcceptanceNoticeSchema,
    CourtDecisionSchema,
    CourtIntakeSchema,
    CourtSessionOrderSchema,
    DecisionDispatchSchema,
    LegalEffectSchema,
    ReviewResultSchema,
)
from .dossier import (
    DossierDispatchSchema,
    DossierNoticeSchema,
    DossierPreparationSchema,
    DossierSupplementSchema,
    OpenDossierSchema,
    ViolationRecordSchema,
)
from .execution import EscortExtendedSchema, EscortSchema, FacilityAdmissionSchema
from .labour_office import CourtClarificationAnswerSchema, CourtReturnHandlingSchema, DossierAppraisalSchema

TASK_FORMS: dict[str, type[Schema]] = {
    "violation_record": ViolationRecordSchema,
    "dossier_preparation": DossierPreparationSchema,
    "dossier_notice": DossierNoticeSchema,
    "dossier_dispatch": DossierDispatchSchema,
    "dossier_appraisal": DossierAppraisalSchema,
    "dossier_supplement": DossierSupplementSchema,
    "court_intake": CourtIntakeSchema,
    "court_return_handling": CourtReturnHandlingSchema,
    "court_acceptance_notice": CourtAcceptanceNoticeSchema,
    "court_session_order": CourtSessionOrderSchema,
    "court_clarification_answer": CourtClarificationAnswerSchema,
    "court_decision": CourtDecisionSchema,
    "decision_dispatch": DecisionDispatchSchema,
    "complaint_record": ComplaintRecordSchema,
    "complaint_forward": ComplaintForwardSchema,
    "review_result": ReviewResultSchema,
    "legal_effect": LegalEffectSchema,
    "escort": EscortSchema,
    "escort_extended": EscortExtendedSchema,
    "facility_admission": FacilityAdmissionSchema,
}

OPEN_DOSSIER = "open_dossier"
"""Name under which ``form_fields`` describes ``OpenDossierSchema`` (not a task form)."""


def form_fields(name: str) -> list[dict]:
    """Describe form ``name`` (a ``TASK_FORMS`` key or ``OPEN_DOSSIER``) field by field, in order.

    Each dict: name, label, type (text/textarea/date/int/bool/choice), required (the
    contract's "R"), required_if (``{"field", "value"}`` or None: required only when that
    other field has that value), choices (list of (code, label) or None), help (str or None).
    A required bool must be rendered as an explicit Có/Không choice, because an unticked
    checkbox sends nothing; bools that must be ticked are the exception.
    """
    schema = OpenDossierSchema if name == OPEN_DOSSIER else TASK_FORMS[name]
    described = []
    for field_name, field in schema().fields.items():
        meta = field.metadata
        condition = meta.get("required_if")
        described.append({
            "name": field_name,
            "label": meta["label"],
            "type": field.form_type,
            "required": field.required,
            "required_if": {"field": condition[0], "value": condition[1]} if condition else None,
            "choices": list(meta["choices"]) if "choices" in meta else None,
            "help": meta.get("help"),
        })
    return described


__all__ = ["OPEN_DOSSIER", "OpenDossierSchema", "TASK_FORMS", "TaskForm", "form_fields"]
