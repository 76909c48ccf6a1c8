"""The composition root: the only place that wires the engine together, from explicit
inputs (database URL, workflows folder, clock, mailer).

Parsing the models is the expensive part (every BPMN and DMN file), so `load_models`
does it once and its result may be shared by any number of backends (the web app and
the scheduler of one process, or every test of a session)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from forms import OPEN_FORMS, TASK_FORMS

from .clock import Clock, SystemClock
from .model.bundle import ModelBundle, read_sources
from .model.parameters import LegalParameter, load_parameter_files
from .model.regimes import REGIMES_FILE
from .model.reminder_policy import HourPolicy, ReminderPolicy, load_hour_policy, load_policies
from .model.roles import ROLES_FILE, RoleTable, load_roles
from .model.versions import ModelVersions
from .notifications.mailer import Mailer
from .persistence.database import make_engine, session_factories
from .persistence.tables import Base, ConfigRevision
from .persistence.unit_of_work import UnitOfWorkFactory
from .queries import ReadSide
from .runtime.instance import ProcessRuntime
from .runtime.loading import load_bundle
from .runtime.serialization import make_serializer
from .services.account_admin import AccountAdminService
from .services.accounts import AccountService
from .services.agency_admin import AgencyAdminService
from .services.corrections import CorrectionService
from .services.documents import DocumentService
from .services.dossiers import DossierService
from .services.exports import ExportService
from .services.hour_reminders import HourReminderService
from .services.notes import NoteService
from .services.outbox import OutboxService
from .services.persons import PersonService
from .services.printing import PrintingService
from .services.receipts import ReceiptService
from .services.reminders import ReminderService
from .services.settings import SettingsService
from .services.tasks import TaskService
from .services.timers import TimerService
from .services.versions import VersionService
from .settings import SettingsStore

WORKFLOWS_DIR = Path(__file__).resolve().parent.parent / "workflows"


@dataclass(frozen=True)
class LoadedModels:
    """The law as read from one workflows folder, checked, and parsed."""

    workflows_dir: Path
    parameters: Mapping[str, LegalParameter]
    """As in legal_parameters.toml; amendments are in the database (engine.settings)."""
    roles: RoleTable
    bundle: ModelBundle
    reminder_policies: tuple[ReminderPolicy, Mapping[str, ReminderPolicy]]
    hour_policy: HourPolicy

    def compile(self, sources: Mapping[str, str]) -> ModelBundle:
        """Parse another version's sources (one stored in the database) the same way."""
        return load_bundle(sources, self.parameters, self.roles, TASK_FORMS.keys(), OPEN_FORMS.keys())


def load_models(workflows_dir: Path = WORKFLOWS_DIR, regimes_text: str | None = None) -> LoadedModels:
    """`regimes_text` replaces workflows/regimes.toml (a deployment's own table, or a
    test that runs one regime's model on other dates). Any defect raises ModelError."""
    parameters = load_parameter_files(workflows_dir)
    roles = load_roles(workflows_dir / ROLES_FILE)
    sources = read_sources(workflows_dir)
    if regimes_text is not None:
        sources[REGIMES_FILE] = regimes_text
    bundle = load_bundle(sources, parameters, roles, TASK_FORMS.keys(), OPEN_FORMS.keys())
    policies = load_policies(workflows_dir / "reminders.toml", parameters)
    hour_policy = load_hour_policy(workflows_dir / "reminders.toml")
    return LoadedModels(workflows_dir, parameters, roles, bundle, policies, hour_policy)


class Backend:
    """One service object per capability; each public call is one transaction."""

    def __init__(self, database_url: str, models: LoadedModels, clock: Clock, mailer: Mailer | None):
        self.database = make_engine(database_url)
        self._read_sessions, self._write_sessions = session_factories(self.database)
        read, unit_of_work = self._read_sessions, UnitOfWorkFactory(self._write_sessions)
        store = SettingsStore(models.parameters, read)
        self.roles = models.roles
        self.models = ModelVersions(models.bundle, models.compile, make_serializer)
        runtime = ProcessRuntime(self.models)
        self.settings = SettingsService(unit_of_work, store, clock)
        self.dossiers = DossierService(unit_of_work, store, self.models, runtime, clock)
        self.tasks = TaskService(unit_of_work, store, self.models, runtime, clock, self.dossiers)
        self.receipts = ReceiptService(unit_of_work, store, self.models, clock)
        self.timers = TimerService(read, unit_of_work, store, self.models, runtime, clock, self.dossiers)
        self.documents = DocumentService(read, unit_of_work, store, self.models, runtime, clock)
        self.printing = PrintingService(read, unit_of_work, store, self.models, runtime, clock)
        self.corrections = CorrectionService(unit_of_work, store, self.models, runtime, clock, self.dossiers)
        self.notes = NoteService(unit_of_work, clock)
        self.exports = ExportService(unit_of_work, lambda: store.current.calendar, clock)
        self.reminders = ReminderService(unit_of_work, store, clock, models.reminder_policies)
        self.hour_reminders = HourReminderService(unit_of_work, clock, models.hour_policy)
        self.outbox = OutboxService(read, unit_of_work, clock, mailer)
        self.accounts = AccountService(unit_of_work, clock)
        self.persons = PersonService(unit_of_work, clock)
        self.account_admin = AccountAdminService(unit_of_work, clock)
        self.agency_admin = AgencyAdminService(unit_of_work, clock, models.roles)
        self.versions = VersionService(read, unit_of_work, store, self.models, runtime, clock, self.dossiers)
        self.queries = ReadSide(read, lambda: store.current, self.models, models.roles, clock, models.reminder_policies)

    def create_schema(self) -> None:
        Base.metadata.create_all(self.database)

    def load_settings(self) -> None:
        """Read the amended limits and calendar, once the database has its schema (a
        process may start before `flask init-db` created it)."""
        if inspect(self.database).has_table(ConfigRevision.__tablename__):
            self.settings.refresh()

    def read_session(self) -> Session:
        """A session for reading the projection tables."""
        return self._read_sessions()

    def write_session(self) -> Session:
        """A session holding the write lock, for set-up data (agencies, users, calendar)."""
        return self._write_sessions()


def build_backend(
    database_url: str,
    *,
    workflows_dir: Path = WORKFLOWS_DIR,
    clock: Clock | None = None,
    mailer: Mailer | None = None,
    models: LoadedModels | None = None,
    regimes_text: str | None = None,
) -> Backend:
    """`models` (from load_models) skips parsing; otherwise the folder is parsed here."""
    if models is None:
        models = load_models(workflows_dir, regimes_text)
    return Backend(database_url, models, clock or SystemClock(), mailer)
