"""The runtime: models, persistence, deadlines and the service API; the read side's
entry and its read models are what the web imports."""
from .config import INSTANCE_DIR, alembic_config, database_url
from .errors import Conflict, EngineError, Forbidden, ModelError, NotFound, ValidationFailed
from .migration import short as short_version
from .parameters import STATUSES as PARAMETER_STATUSES
from .parameters import UNITS as PARAMETER_UNITS
from .queries import (
    INBOX_STATUSES,
    OUTBOX_STATUSES,
    Account,
    Countdown,
    Credentials,
    DocumentLine,
    DocumentsView,
    DossierDetail,
    DossierListRow,
    DossierView,
    InboxPage,
    InboxRow,
    Officer,
    OutboxMessageView,
    OutboxRow,
    Page,
    ParameterChangeView,
    PersonHistory,
    PersonView,
    ReadSide,
    RunningVersion,
    StaleDossier,
    StoredFile,
    TaskLine,
    TaskPage,
    TaskView,
    TimelineEntry,
    Unreachable,
    Verification,
)
from .service import DossierEngine

__all__ = [
    "INBOX_STATUSES", "INSTANCE_DIR", "OUTBOX_STATUSES", "PARAMETER_STATUSES", "PARAMETER_UNITS", "Account",
    "Conflict", "Countdown", "Credentials", "DocumentLine", "DocumentsView", "DossierDetail", "DossierEngine",
    "DossierListRow", "DossierView", "EngineError", "Forbidden", "InboxPage", "InboxRow", "ModelError", "NotFound",
    "Officer", "OutboxMessageView", "OutboxRow", "Page", "ParameterChangeView", "PersonHistory", "PersonView",
    "ReadSide", "RunningVersion", "StaleDossier", "StoredFile", "TaskLine", "TaskPage", "TaskView", "TimelineEntry",
    "Unreachable", "ValidationFailed", "Verification", "alembic_config", "database_url", "short_version",
]
