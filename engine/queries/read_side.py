"""The read side's one entry: each call opens one read session, returns plain frozen
dataclasses (never ORM rows) and closes it, so no template can lazy-load anything."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date

from sqlalchemy.orm import Session

from forms.documents import DOCUMENTS

from ..access import ADMINISTRATORS_ONLY, AdminScope, admin_scope, dossier_for
from ..calendar import task_countdown
from ..checklist import present
from ..clock import VN_TZ, Clock
from ..errors import NotFound
from ..model.reminder_policy import ReminderPolicy
from ..model.roles import RoleTable
from ..model.versions import ModelVersions
from ..persistence.tables import User
from ..settings import Settings
from . import accounts, admin, agencies, documents, dossiers, inbox, persons, record, revisions, search, versions, waits
from .accounts import Account, AgencyChoice, Credentials, OfficerRow
from .admin import OutboxMessageView, OutboxRow, ParameterChangeView, Unreachable
from .agencies import AgencyRow, UnitChoice
from .documents import StoredFile, Verification
from .dossiers import DossierDetail, DossierListRow, PersonHistory, TaskPage, TaskView
from .inbox import InboxFilters, InboxPage
from .paging import Page
from .persons import PersonRecord
from .record import RecordedStep
from .revisions import CorrectionPage, DossierRevisions
from .search import DossierFilters
from .versions import RunningVersion, StaleDossier
from .waits import DossierWaits, WaitingRow


class ReadSide:
    """`read_sessions()` opens a Session; `settings()` gives the current `.parameters`
    and `.calendar`; `models` has `.current` (the current ModelBundle) and
    `.bundle(session, version)`; `roles` labels the agency kinds; `clock.now()` is the
    moment; `reminder_policies` (default, per parameter) decides what the inbox marks as
    due soon."""

    def __init__(
        self,
        read_sessions: Callable[[], Session],
        settings: Callable[[], Settings],
        models: ModelVersions,
        roles: RoleTable,
        clock: Clock,
        reminder_policies: tuple[ReminderPolicy, Mapping[str, ReminderPolicy]],
    ):
        self._sessions = read_sessions
        self._settings = settings
        self._models = models
        self._roles = roles
        self._clock = clock
        self._policies = reminder_policies

    def today(self) -> date:
        """Today in Vietnam, by the clock."""
        return self._clock.now().astimezone(VN_TZ).date()

    # ----- inbox and dossiers ----------------------------------------------------

    def inbox(
        self, user_id: int, filters: InboxFilters | None = None, *, page: int = 1, per_page: int = 25
    ) -> InboxPage:
        now, calendar = self._clock.now(), self._settings().calendar
        due_soon = inbox.DueSoon(now.astimezone(VN_TZ).date(), calendar, self._policies)
        with self._sessions() as session:
            return inbox.inbox(
                session,
                _user(session, user_id),
                now,
                calendar,
                due_soon,
                filters or InboxFilters(),
                page=page,
                per_page=per_page,
            )

    def open_tasks(self, agency_id: int, limit: int = 50) -> list[tuple]:
        with self._sessions() as session:
            return inbox.first_open_tasks(session, agency_id, limit)

    def dossiers(
        self, user_id: int, filters: DossierFilters | None = None, page: int = 1, per_page: int = 25
    ) -> Page[DossierListRow]:
        """The visible dossiers the filters select (all of them without filters)."""
        filters, now = filters or DossierFilters(), self._clock.now()
        with self._sessions() as session:
            return dossiers.dossier_list(
                session,
                _user(session, user_id),
                search.dossier_conditions(filters, now),
                page,
                per_page,
                walked=search.dossier_conditions(filters, now, correlated=True),
            )

    def filter_choices(self) -> tuple[list[tuple[str, str]], list[tuple[int, str]]]:
        """(communes, agencies) for the filter forms of the lists."""
        with self._sessions() as session:
            return search.filter_choices(session)

    def steps(self) -> list[tuple[str, str]]:
        """(task id, name) of the current model's steps, by name: the "current step" filter."""
        names = {definition.bpmn_id: definition.name for definition in self._models.current.tasks.values()}
        return sorted(names.items(), key=lambda item: (item[1], item[0]))

    def dossier(self, user_id: int, dossier_id: int) -> DossierDetail:
        with self._sessions() as session:
            return dossiers.dossier_detail(
                session, _user(session, user_id), dossier_id, self._clock.now(), self._models, self._roles
            )

    def diagram(self, user_id: int, dossier_id: int) -> str:
        """The BPMN source of the model version the dossier's process runs on."""
        with self._sessions() as session:
            dossier_for(session, _user(session, user_id), dossier_id)
            instance, bundle = dossiers.running_model(session, self._models, dossier_id)
            return bundle.sources[bundle.process_files[instance.process_id]]

    def person(self, user_id: int, person_id: int) -> PersonHistory:
        with self._sessions() as session:
            return dossiers.person_history(session, _user(session, user_id), person_id)

    def procedures(self) -> dict:
        """The current model's procedures, in the table's order, as the regime in force
        today has them (who opens each may change with the law)."""
        bundle = self._models.current
        today = self._clock.now().astimezone(VN_TZ).date()
        return {name: bundle.regimes.procedure_on(p, today) for name, p in bundle.procedures.items()}

    def openable_procedures(self, agency_kind: str | None) -> list:
        """The procedures an agency of this kind may open by hand today, in the table's
        order: the regime in force says who opens each and which have a model."""
        regime = self._models.current.regimes.at(self._clock.now().astimezone(VN_TZ).date())
        return [
            p
            for name, p in self.procedures().items()
            if agency_kind and agency_kind in p.opened_by and name not in regime.unavailable
        ]

    def commune_name(self, code: str) -> str | None:
        with self._sessions() as session:
            return dossiers.commune_name(session, code)

    # ----- person records (merging) -------------------------------------------------

    def person_record(self, admin_id: int, person_id: int) -> PersonRecord:
        with self._sessions() as session:
            return persons.person_record(session, admin_id, person_id)

    def merge_candidates(self, admin_id: int) -> list[tuple[PersonRecord, PersonRecord]]:
        with self._sessions() as session:
            return persons.merge_candidates(session, admin_id)

    def person_merged_into(self, person_id: int) -> int | None:
        """Where a merged record went (its page redirects there), or None."""
        with self._sessions() as session:
            return persons.merged_into(session, person_id)

    # ----- tasks --------------------------------------------------------------------

    def task(self, user_id: int, task_id: int) -> TaskView:
        """A task of the user's own agency; NotFound or Forbidden otherwise."""
        with self._sessions() as session:
            return dossiers.task_visible(session, _user(session, user_id), task_id)

    def task_dossier_id(self, task_id: int) -> int | None:
        with self._sessions() as session:
            return dossiers.task_dossier_id(session, task_id)

    def task_page(self, user_id: int, task_id: int) -> TaskPage:
        """Any task of a dossier the user may see: their agency's to act on, another's to read."""
        settings = self._settings()
        today = self.today()
        with self._sessions() as session:
            user = _user(session, user_id)
            task, agency_name, read_only = dossiers.task_readable(session, user, task_id)
            process_id = dossiers.task_process_id(session, task)
            _, bundle = dossiers.running_model(session, self._models, task.dossier_id)
            definition = bundle.tasks.get((process_id, task.bpmn_id)) if process_id else None
            required = definition.required_documents if definition else ()
            have = present(session, task.dossier_id, required)
            dossier, person = dossiers.dossier_and_person(session, task.dossier_id)
            due_soon = inbox.DueSoon(today, settings.calendar, self._policies)
            soon = (
                task.state == "open"
                and task.deadline_on is not None
                and due_soon(task.deadline_parameter, task.deadline_on)
            )
            return dossiers.TaskPage(
                task=task,
                dossier=dossier,
                person=person,
                definition=definition,
                parameter=settings.parameters.get(task.deadline_parameter),
                countdown=task_countdown(
                    task.deadline_unit,
                    task.deadline_on,
                    task.deadline_at,
                    task.deadline_from_at,
                    self._clock.now(),
                    settings.calendar,
                    due_soon=soon,
                ),
                checklist=[(code, code in have, code in DOCUMENTS) for code in required],
                submitted=_as_read(dossiers.completion_data(session, task.id), task, for_other_agency=read_only)
                if task.state == "completed"
                else None,
                read_only=read_only,
                agency_name=agency_name,
                colleagues=dossiers.colleagues(session, user, task),
                answers=tuple(
                    record.answered_steps(
                        session, user.agency_id, task.dossier_id, definition.answers if definition else ()
                    )
                ),
            )

    def next_task(self, user_id: int, dossier_id: int) -> int | None:
        """The dossier's next open task the user may take up, if any."""
        with self._sessions() as session:
            return dossiers.next_task_id(session, _user(session, user_id), dossier_id)

    # ----- the shared record and waits ---------------------------------------------------

    def dossier_record(self, user_id: int, dossier_id: int) -> list[RecordedStep]:
        """What each completed step of a dossier the user may see recorded."""
        with self._sessions() as session:
            user = _user(session, user_id)
            dossier_for(session, user, dossier_id)
            return record.dossier_record(session, user.agency_id, dossier_id)

    def dossier_waits(self, user_id: int, dossier_id: int) -> DossierWaits:
        """The legal periods the dossier waits on and, for a facility term, its dates."""
        with self._sessions() as session:
            dossier = dossier_for(session, _user(session, user_id), dossier_id)
            _, bundle = dossiers.running_model(session, self._models, dossier_id)
            return DossierWaits(
                tuple(waits.running_waits(session, dossier, bundle, self._roles)),
                waits.term_dates(session, dossier, bundle, self._settings()),
            )

    def waiting(self, user_id: int, page: int = 1, per_page: int = 25) -> Page[WaitingRow]:
        """The agency's open dossiers that wait on another agency or on a legal period."""
        with self._sessions() as session:
            return waits.waiting_dossiers(session, _user(session, user_id), self._models, self._roles, page, per_page)

    # ----- documents -----------------------------------------------------------------

    def attachment(self, user_id: int, dossier_id: int, attachment_id: int) -> StoredFile:
        with self._sessions() as session:
            return documents.attachment_for(session, _user(session, user_id), dossier_id, attachment_id)

    def issued(self, user_id: int, dossier_id: int, issued_id: int) -> StoredFile:
        with self._sessions() as session:
            return documents.issued_for(session, _user(session, user_id), dossier_id, issued_id)

    def verification(self, token: str) -> Verification | None:
        with self._sessions() as session:
            return documents.verification(session, token)

    # ----- corrections, withdrawal, superseded documents ------------------------------

    def revisions(self, user_id: int, dossier_id: int) -> DossierRevisions:
        with self._sessions() as session:
            return revisions.dossier_revisions(session, _user(session, user_id), dossier_id)

    def correction_page(self, user_id: int, task_id: int) -> CorrectionPage:
        with self._sessions() as session:
            return revisions.correction_page(session, _user(session, user_id), task_id)

    # ----- administration ---------------------------------------------------------------

    def outbox(self, status: str | None, page: int = 1, per_page: int = 50) -> Page[OutboxRow]:
        with self._sessions() as session:
            return admin.outbox(session, status, page, per_page)

    def message(self, message_id: int) -> OutboxMessageView | None:
        with self._sessions() as session:
            return admin.message(session, message_id)

    def unreachable(self) -> Unreachable:
        with self._sessions() as session:
            return admin.unreachable(session)

    def parameter_history(self, name: str) -> list[ParameterChangeView]:
        with self._sessions() as session:
            return admin.parameter_history(session, name)

    def current_version(self) -> str:
        return self._models.current.version

    def stale_dossiers(self, page: int = 1, per_page: int = 50) -> Page[StaleDossier]:
        """Running dossiers not on the current model version, oldest first."""
        with self._sessions() as session:
            return versions.stale_dossiers(session, self.current_version(), page, per_page)

    def stale_dossier_ids(self) -> list[int]:
        with self._sessions() as session:
            return versions.stale_dossier_ids(session, self.current_version())

    def running_versions(self) -> list[RunningVersion]:
        with self._sessions() as session:
            return versions.running_versions(session)

    def resolve_numbers(self, numbers: Iterable[str]) -> tuple[list[int], list[str]]:
        with self._sessions() as session:
            return versions.resolve_numbers(session, numbers)

    def first_admin(self) -> int | None:
        with self._sessions() as session:
            return versions.first_admin(session)

    # ----- accounts -----------------------------------------------------------------------

    def account(self, user_id: int) -> Account | None:
        with self._sessions() as session:
            return accounts.account(session, user_id)

    def credentials(self, username: str) -> Credentials | None:
        with self._sessions() as session:
            return accounts.credentials(session, username)

    def officers(
        self, admin_id: int, agency_id: int | None = None, active: bool | None = None, page: int = 1, per_page: int = 50
    ) -> Page[OfficerRow]:
        with self._sessions() as session:
            scope = admin_scope(session, admin_id, ADMINISTRATORS_ONLY)
            return accounts.officers(session, scope, agency_id, active, page, per_page)

    def officer(self, admin_id: int, user_id: int) -> OfficerRow | None:
        with self._sessions() as session:
            return accounts.officer(session, admin_scope(session, admin_id, ADMINISTRATORS_ONLY), user_id)

    def agencies(self, admin_id: int) -> list[AgencyChoice]:
        """The agencies an administrator may put an officer in."""
        with self._sessions() as session:
            return accounts.agencies(session, admin_scope(session, admin_id, ADMINISTRATORS_ONLY))

    def admin_scope(self, admin_id: int) -> AdminScope:
        with self._sessions() as session:
            return admin_scope(session, admin_id, ADMINISTRATORS_ONLY)

    # ----- agencies -----------------------------------------------------------------------

    def agency_rows(self, admin_id: int, kind: str | None = None, page: int = 1, per_page: int = 50) -> Page[AgencyRow]:
        with self._sessions() as session:
            scope = admin_scope(session, admin_id, ADMINISTRATORS_ONLY)
            return agencies.agencies(session, scope, self._roles, kind, page, per_page)

    def agency(self, admin_id: int, agency_id: int) -> AgencyRow | None:
        """The agency if the administrator keeps it (None otherwise)."""
        with self._sessions() as session:
            scope = admin_scope(session, admin_id, ADMINISTRATORS_ONLY)
            return agencies.agency(session, scope, self._roles, agency_id)

    def agency_units(self, admin_id: int) -> list[UnitChoice]:
        with self._sessions() as session:
            return agencies.units(session, admin_scope(session, admin_id, ADMINISTRATORS_ONLY))

    def agency_kinds(self) -> list[tuple[str, str, str]]:
        """(kind, label, level) of every agency kind, in the roles file's order."""
        return [(kind, self._roles.label(kind), self._roles.level(kind)) for kind in self._roles]


def _as_read(data: dict | None, task: TaskView, *, for_other_agency: bool) -> dict | None:
    """A completion's data; another agency reads it without the recording agency's private fields."""
    if data is None or not for_other_agency:
        return data
    return record.without_private(task.form, data)


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("Không tìm thấy người dùng.")
    return user
