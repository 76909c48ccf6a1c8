"""The read side: projection and audit tables only (no workflow is ever deserialized
here), one module per capability, plain frozen dataclasses out."""

from ..calendar import Countdown
from .accounts import Account, Credentials
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
from .inbox import INBOX_STATUSES, InboxPage, InboxRow
from .paging import Page
from .read_side import ReadSide
from .record import RecordedStep
from .revisions import CorrectionPage, DossierRevisions, Superseded
from .versions import RunningVersion, StaleDossier
from .waits import DossierWaits, TermDates, TermNotice, Wait, WaitingRow

__all__ = [
    "INBOX_STATUSES",
    "OUTBOX_STATUSES",
    "Account",
    "Countdown",
    "CorrectionPage",
    "Credentials",
    "DocumentLine",
    "DocumentsView",
    "DossierDetail",
    "DossierListRow",
    "DossierRevisions",
    "DossierView",
    "DossierWaits",
    "InboxPage",
    "InboxRow",
    "Officer",
    "OutboxMessageView",
    "OutboxRow",
    "Page",
    "ParameterChangeView",
    "PersonHistory",
    "PersonView",
    "ReadSide",
    "RecordedStep",
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
