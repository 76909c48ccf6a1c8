"""Task forms of the procedures of the chain (marshmallow schemas, Vietnamese only).

``TASK_FORMS`` maps the ``form`` property of each BPMN user task to its schema; the engine
loads a submission with ``TASK_FORMS[name]().load(data)``. ``OPEN_FORMS`` maps the
``open_form`` of each procedure (procedures.toml) to the schema of opening a dossier by hand.
``form_fields`` describes a form of either registry as plain dicts so the web layer can render
it without knowing marshmallow.
"""

from __future__ import annotations

from marshmallow import Schema

from .base import FormField, TaskForm
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
from .determination import (
    DeterminationIntakeSchema,
    DeterminationRequestSchema,
    DeterminationResultSchema,
    MedicalDispatchSchema,
    RegistrationOutcomeSchema,
)
from .dossier import (
    DossierDispatchSchema,
    DossierNoticeSchema,
    DossierPreparationSchema,
    DossierSupplementSchema,
    InterimManagementSchema,
    OpenCaseSchema,
    OpenDossierSchema,
    ViolationRecordSchema,
)
from .execution import (
    CompletionCertificateSchema,
    EscortExtendedSchema,
    EscortSchema,
    FacilityAdmissionSchema,
    TermEndNoticeSchema,
)
from .labour_office import CourtClarificationAnswerSchema, CourtReturnHandlingSchema, DossierAppraisalSchema
from .minors import MinorAppraisalSchema, MinorDossierPreparationSchema, OpenMinorDossierSchema
from .post_rehab import (
    MoveNoticeSchema,
    PostRehabCertificateSchema,
    PostRehabDecisionSchema,
    PostRehabProposalSchema,
    ReturnReportSchema,
    SupervisionCheckSchema,
)
from .regime_d import TASK_FORMS as REGIME_D_FORMS
from .regime_d.adult import OpenCompulsorySchema
from .user_management import (
    ManagementDecisionSchema,
    ManagementEndSchema,
    ManagementTransferSchema,
    ResidenceCheckSchema,
    ResidenceVerificationSchema,
    UserNoticeSchema,
)
from .voluntary import (
    ProviderOutcomeNoticeSchema,
    ProviderStartNoticeSchema,
    VoluntaryCertificateSchema,
    VoluntaryDecisionSchema,
)

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
    # addiction_determination
    "determination_request": DeterminationRequestSchema,
    "medical_dispatch": MedicalDispatchSchema,
    "determination_intake": DeterminationIntakeSchema,
    "determination_result": DeterminationResultSchema,
    "registration_outcome": RegistrationOutcomeSchema,
    # drug_user_management
    "residence_verification": ResidenceVerificationSchema,
    "user_notice": UserNoticeSchema,
    "management_decision": ManagementDecisionSchema,
    "residence_check": ResidenceCheckSchema,
    "management_transfer": ManagementTransferSchema,
    "management_end": ManagementEndSchema,
    # voluntary_rehab
    "voluntary_decision": VoluntaryDecisionSchema,
    "provider_start_notice": ProviderStartNoticeSchema,
    "provider_outcome_notice": ProviderOutcomeNoticeSchema,
    "voluntary_certificate": VoluntaryCertificateSchema,
    # minor_compulsory_rehab (the other steps reuse the forms above)
    "minor_dossier_preparation": MinorDossierPreparationSchema,
    "minor_appraisal": MinorAppraisalSchema,
    "interim_management": InterimManagementSchema,
    # facility_term
    "term_end_notice": TermEndNoticeSchema,
    "completion_certificate": CompletionCertificateSchema,
    # post_rehab_management
    "return_report": ReturnReportSchema,
    "post_rehab_proposal": PostRehabProposalSchema,
    "post_rehab_decision": PostRehabDecisionSchema,
    "supervision_check": SupervisionCheckSchema,
    "move_notice": MoveNoticeSchema,
    "post_rehab_certificate": PostRehabCertificateSchema,
    **REGIME_D_FORMS,
}

OPEN_DOSSIER = "open_dossier"
"""Name under which ``form_fields`` describes ``OpenDossierSchema`` (not a task form)."""


OPEN_FORMS: dict[str, type[Schema]] = {
    OPEN_DOSSIER: OpenDossierSchema,
    "open_case": OpenCaseSchema,
    "open_minor_dossier": OpenMinorDossierSchema,
    "d_open_compulsory": OpenCompulsorySchema,
}
"""Forms that open a dossier, by the name procedures.toml gives them."""


def field_label(name: str) -> str:
    """What the forms call a data key (the first task or open form that has it), or the key itself."""
    for schema in (*TASK_FORMS.values(), *OPEN_FORMS.values()):
        field = schema._declared_fields.get(name)
        if field is not None and "label" in field.metadata:
            return field.metadata["label"]
    return name


def form_fields(name: str) -> list[dict]:
    """Describe form ``name`` (a ``TASK_FORMS`` or ``OPEN_FORMS`` key) field by field, in order.

    Each dict: name, label, type (text/textarea/date/int/bool/choice), required (the
    contract's "R"), required_if (``{"field", "value"}`` or None: required only when that
    other field has that value), required_unless (``{"field", "value"}`` or None: required
    when that other field has any other value), choices (list of (code, label) or None),
    help (str or None), private (an internal field of the recording agency, which the other
    agencies do not read). A required bool must be rendered as an explicit Có/Không choice,
    because an unticked checkbox sends nothing; bools that must be ticked are the exception.
    An optional bool is False when not sent.
    """
    schema = OPEN_FORMS[name] if name in OPEN_FORMS else TASK_FORMS[name]
    described = []
    for field_name, field in schema().fields.items():
        if not isinstance(field, FormField):
            raise TypeError(f"{name}.{field_name}: a form field must be one of forms.base's fields.")
        meta = field.metadata
        condition = meta.get("required_if")
        exemption = meta.get("required_unless")
        described.append(
            {
                "name": field_name,
                "label": meta["label"],
                "type": field.form_type,
                "required": field.required,
                "required_if": {"field": condition[0], "value": condition[1]} if condition else None,
                "required_unless": {"field": exemption[0], "value": exemption[1]} if exemption else None,
                "choices": list(meta["choices"]) if "choices" in meta else None,
                "help": " ".join(
                    part
                    for part in (
                        meta.get("help"),
                        meta.get("planned") and f"Ngày này có thể sau hôm nay: {meta['planned']}.",
                    )
                    if part
                )
                or None,
                "private": bool(meta.get("private")),
            }
        )
    return described


__all__ = ["OPEN_DOSSIER", "OPEN_FORMS", "OpenDossierSchema", "TASK_FORMS", "TaskForm", "field_label", "form_fields"]
