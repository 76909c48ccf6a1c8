"""The read side: projection and audit tables only (no workflow is ever deserialized
here), one module per capability, plain frozen dataclasses out."""

from ..calendar import Countdown
from .accounts import Account, AgencyChoice, Credentials, OfficerRow
from .admin import OUTBOX_STATUSES, Officer, OutboxMessageView, OutboxRow, ParameterChangeView, Unreachable
from .documents import DocumentLine, DocumentsView, StoredFile, Verification
from .dossiers import (
    DossierDetail,
    DossierListRow,
    DossierView,
    PersonHistory,
    PersonView,
    TaskLine,
    TaskPage,
    TaskView,
    TimelineEntry,
)
from .inbox import InboxFilters, InboxPage, InboxRow
from .paging import Page
from .persons import PersonRecord
from .read_side import ReadSide
from .record import RecordedStep
from .revisions import CorrectionPage, DossierRevisions, Superseded
from .search import DossierFilters, RegisterRow
from .versions import RunningVersion, StaleDossier
from .waits import DossierWaits, TermDates, TermNotice, Wait, WaitingRow

__all__ = [
    "OUTBOX_STATUSES",
    "Account",
    "AgencyChoice",
    "Countdown",
    "CorrectionPage",
    "Credentials",
    "DocumentLine",
    "DocumentsView",
    "DossierDetail",
    "DossierFilters",
    "DossierListRow",
    "DossierRevisions",
    "DossierView",
    "DossierWaits",
    "InboxFilters",
    "InboxPage",
    "InboxRow",
    "Officer",
    "OfficerRow",
    "OutboxMessageView",
    "OutboxRow",
    "Page",
    "ParameterChangeView",
    "PersonHistory",
    "PersonRecord",
    "PersonView",
    "ReadSide",
    "RecordedStep",
    "RegisterRow",
    "RunningVersion",
    "StaleDossier",
    "StoredFile",
    "Superseded",
    "TaskLine",
    "TaskPage",
    "TaskView",
    "TermDates",
    "TermNotice",
    "TimelineEntry",
    "Unreachable",
    "Verification",
    "Wait",
    "WaitingRow",
]
