"""The engine's public API, and the only engine module the web imports: build a Backend
(its services change state, its `queries` read it) and the read models it returns."""
from .bootstrap import WORKFLOWS_DIR, Backend, LoadedModels, build_backend, load_models
from .config import INSTANCE_DIR, alembic_config, database_url
from .errors import Conflict, EngineError, Forbidden, ModelError, NotFound, ValidationFailed
from .model.parameters import STATUSES as PARAMETER_STATUSES
from .model.parameters import UNITS as PARAMETER_UNITS
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
from .scheduler import run as run_scheduler
from .services.versions import MigrationReport
from .services.versions import short as short_version

__all__ = [
    "INBOX_STATUSES", "INSTANCE_DIR", "OUTBOX_STATUSES", "PARAMETER_STATUSES", "PARAMETER_UNITS", "WORKFLOWS_DIR",
    "Account", "Backend", "Conflict", "Countdown", "Credentials", "DocumentLine", "DocumentsView", "DossierDetail",
    "DossierListRow", "DossierView", "EngineError", "Forbidden", "InboxPage", "InboxRow", "LoadedModels",
    "MigrationReport", "ModelError", "NotFound", "Officer", "OutboxMessageView", "OutboxRow", "Page",
    "ParameterChangeView", "PersonHistory", "PersonView", "ReadSide", "RunningVersion", "StaleDossier", "StoredFile",
    "TaskLine", "TaskPage", "TaskView", "TimelineEntry", "Unreachable", "ValidationFailed", "Verification",
    "alembic_config", "build_backend", "database_url", "load_models", "run_scheduler", "short_version",
]
