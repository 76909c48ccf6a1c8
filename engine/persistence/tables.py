"""Tables. Searchable facts live in columns (dossier, task projection, timer index);
the workflow state is one opaque serialized blob that only the engine reads."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

FAR_FUTURE = date(9999, 12, 31)
"""Sort key of a task whose legal time limit is unverified: last in the inbox."""


class UTCDateTime(TypeDecorator):
    """Stored as naive UTC on every database, returned timezone-aware, so comparisons
    behave the same on SQLite and PostgreSQL."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    pass


class AdministrativeUnit(Base):
    __tablename__ = "administrative_unit"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(16))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("administrative_unit.code"))
    remote: Mapped[bool] = mapped_column(Boolean, default=False)
    """Mountain, island or remote area: longer verification limits (NĐ 105/2021 Điều 41.1)."""


class Agency(Base):
    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    name: Mapped[str] = mapped_column(String(300))
    admin_unit_code: Mapped[str] = mapped_column(ForeignKey("administrative_unit.code"), index=True)
    email: Mapped[str | None] = mapped_column(String(200))
    parent_body: Mapped[str | None] = mapped_column(String(300))
    """The body it belongs to, e.g. a rehab facility under the provincial police (from 1/3/2025)."""

    admin_unit: Mapped[AdministrativeUnit] = relationship()


class AgencyServiceArea(Base):
    """Communes an agency serves beyond its own unit's: a regional court (Tòa án nhân dân
    khu vực) serves several communes of a province. Consulted before the unit hierarchy."""

    __tablename__ = "agency_service_area"

    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), primary_key=True)
    admin_unit_code: Mapped[str] = mapped_column(ForeignKey("administrative_unit.code"), primary_key=True, index=True)


class User(Base):
    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(200))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), index=True)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    """The system administrator: every account, agency, setting and dossier."""
    admin_province_code: Mapped[str | None] = mapped_column(ForeignKey("administrative_unit.code"))
    """A province administrator (of no agency): manages the accounts and agencies of this
    province only, and reads no dossier."""
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_head: Mapped[bool] = mapped_column(Boolean, default=False)
    """The agency's head: receives escalations of its overdue tasks."""
    digest_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    """Daily reminder digest; overdue notices and escalations are sent regardless."""
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    """Set with a temporary password (new account, reset): every page waits for the officer's own."""
    auth_epoch: Mapped[int] = mapped_column(Integer, default=0)
    """Raised by every password change or reset: a session signed in under an older value ends."""

    agency: Mapped[Agency | None] = relationship()


class Person(Base):
    """The person the dossier is about (đối tượng): sensitive personal data."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200), index=True)
    """NFC-normalised (forms.names.normalized)."""
    name_key: Mapped[str] = mapped_column(String(200), index=True, default="")
    """The folded name (forms.names.folded): what searches and the look-up of a person match."""
    birth_date: Mapped[date] = mapped_column(Date)
    id_number: Mapped[str | None] = mapped_column(String(20), index=True)
    residence: Mapped[str] = mapped_column(String(500))
    commune_code: Mapped[str] = mapped_column(ForeignKey("administrative_unit.code"))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    """Set when an administrator merged this record into another one of the same person: it
    keeps no dossier, is never matched again, and its page leads to the kept record."""

    words: Mapped[list[PersonNameWord]] = relationship(cascade="all, delete-orphan")

    __table_args__ = (
        Index(
            "uq_person_live_id_number",
            "id_number",
            unique=True,
            sqlite_where=text("id_number IS NOT NULL AND merged_into_id IS NULL"),
            postgresql_where=text("id_number IS NOT NULL AND merged_into_id IS NULL"),
        ),
    )
    """One CCCD, one live record: two openings at once cannot both create the person, and a
    merged-away record keeps its CCCD without holding it."""


class PersonNameWord(Base):
    """One word of a person's folded name: a search matches any word by its start from this
    index ("hung" finds "Nguyễn Văn Hùng") instead of scanning the names."""

    __tablename__ = "person_name_word"

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), primary_key=True)
    word: Mapped[str] = mapped_column(String(200), primary_key=True)

    __table_args__ = (Index("ix_person_name_word_word", "word", "person_id"),)


class Dossier(Base):
    __tablename__ = "dossier"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    kind: Mapped[str] = mapped_column(String(64))
    """The procedure (procedures.toml)."""
    process_id: Mapped[str] = mapped_column(String(128))
    """The model version of the procedure it runs, chosen by the regime of its key date."""
    regime: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(32), default="open")
    outcome: Mapped[str | None] = mapped_column(String(64))
    current_step: Mapped[str | None] = mapped_column(String(300))
    commune_code: Mapped[str] = mapped_column(ForeignKey("administrative_unit.code"), index=True)
    discovered_on: Mapped[date] = mapped_column(Date)
    stable_residence: Mapped[bool] = mapped_column(Boolean, default=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    person: Mapped[Person] = relationship()
    parent: Mapped[Dossier | None] = relationship(remote_side=[id])
    parties: Mapped[list[DossierParty]] = relationship(back_populates="dossier", cascade="all, delete-orphan")

    __table_args__ = (Index("ix_dossier_recent", "updated_at", "id"),)
    """The dossier list's order: a page of a broad selection is read along it, not sorted."""


class DossierParty(Base):
    """Which agency plays which role (BPMN lane) for a dossier."""

    __tablename__ = "dossier_party"

    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(32), primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))

    dossier: Mapped[Dossier] = relationship(back_populates="parties")
    agency: Mapped[Agency] = relationship()

    __table_args__ = (Index("ix_dossier_party_agency_dossier", "agency_id", "dossier_id"),)
    """An agency's dossiers, and `can_see`'s check of one dossier answered from the index alone."""


class ProcessSpecVersion(Base):
    """The model sources an instance was started on, kept while any instance uses them."""

    __tablename__ = "process_spec_version"

    version: Mapped[str] = mapped_column(String(64), primary_key=True)
    sources: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ProcessInstance(Base):
    __tablename__ = "process_instance"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    process_id: Mapped[str] = mapped_column(String(128))
    spec_version: Mapped[str] = mapped_column(ForeignKey("process_spec_version.version"))
    serializer_version: Mapped[str] = mapped_column(String(16))
    state: Mapped[bytes] = mapped_column(LargeBinary)
    lock_version: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[str] = mapped_column(String(16), default="running")
    next_timer_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    waits: Mapped[list | None] = mapped_column(JSON)
    """The timers waited on, [{"event": bpmn id, "at": ISO instant}] (runtime.instance.timer_waits)."""
    variables: Mapped[dict | None] = mapped_column(JSON)
    """The process data documents print (runtime.instance.process_variables), kept on save."""

    __mapper_args__ = {"version_id_col": lock_version}
    __table_args__ = (Index("ix_instance_next_timer", "next_timer_at"),)


class Task(Base):
    """The inbox projection: one row per human task, synced on every save."""

    __tablename__ = "task"

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[int] = mapped_column(ForeignKey("process_instance.id"))
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"))
    task_guid: Mapped[str] = mapped_column(String(36))
    bpmn_id: Mapped[str] = mapped_column(String(128))
    name: Mapped[str] = mapped_column(String(300))
    lane: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    form: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16), default="open")
    legal_basis: Mapped[str] = mapped_column(String(500))
    deadline_parameter: Mapped[str] = mapped_column(String(64))
    deadline_value: Mapped[int | None] = mapped_column(Integer)
    deadline_unit: Mapped[str] = mapped_column(String(16))
    deadline_status: Mapped[str] = mapped_column(String(16))
    deadline_from_on: Mapped[date] = mapped_column(Date)
    deadline_on: Mapped[date | None] = mapped_column(Date)
    deadline_sort: Mapped[date] = mapped_column(Date)
    deadline_from_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """The instant the clock started: hour limits count from it."""
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """The instant the limit runs out: start + N hours, or midnight after a day limit's last day."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """The dispatch a receipt may not precede and defaults to: the latest sending date the
    previous agencies recorded (the received field's not_before), else where the clock started."""
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """When the receiving agency says the dossier or decision arrived: the clock runs from it."""
    act_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """The act's own date or moment (the task's act_date field): met or late is judged by it."""

    dossier: Mapped[Dossier] = relationship()
    claimed_by: Mapped[User | None] = relationship(foreign_keys=[claimed_by_id])
    completed_by: Mapped[User | None] = relationship(foreign_keys=[completed_by_id])

    __table_args__ = (
        UniqueConstraint("instance_id", "task_guid"),
        Index("ix_task_dossier_agency", "dossier_id", "agency_id"),  # a dossier's tasks; `can_see` from the index alone
        Index("ix_task_inbox", "agency_id", "state", "deadline_sort", "id"),
        Index("ix_task_inbox_kinds", "agency_id", "state", "bpmn_id"),
        Index("ix_task_due", "state", "deadline_sort"),
        Index("ix_task_instance_open", "instance_id", "state"),
    )


class AuditEvent(Base):
    """Append-only; each row's hash covers the previous row of the same dossier."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossier.id"), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    action: Mapped[str] = mapped_column(String(64))
    summary: Mapped[str] = mapped_column(String(500))
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    actor: Mapped[User | None] = relationship()


class Notification(Base):
    """One reminder owed to one person: unique per task, kind, recipient and day, so a
    rerun, a restart or a second scheduler can never owe it twice."""

    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id"))
    kind: Mapped[str] = mapped_column(String(16))
    recipient_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    day: Mapped[date] = mapped_column(Date)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_message.id"))
    unreachable: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    __table_args__ = (UniqueConstraint("task_id", "kind", "recipient_id", "day"),)


class OutboxMessage(Base):
    """An e-mail to send. Claimed (sending) before the SMTP call and marked sent after;
    one left in sending by a crash is never resent automatically."""

    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    recipient_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    to_address: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    recipient: Mapped[User] = relationship()

    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)


class ReminderRun(Base):
    """The daily reminder scan, claimed by one scheduler at a time (a lease that a crashed
    process loses), so the digest of a day is built once."""

    __tablename__ = "reminder_run"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default="running")
    claimed_until: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Attachment(Base):
    """A scan an officer uploaded to a dossier, kept with its fingerprint and uploader."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    document_code: Mapped[str | None] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """Replaced or withdrawn: kept, but no longer counted as the dossier's copy."""
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("attachment.id"))
    superseded_reason: Mapped[str | None] = mapped_column(String(500))

    uploaded_by: Mapped[User] = relationship(foreign_keys=[uploaded_by_id])


class IssuedDocument(Base):
    """One generation of an official document: the exact PDF, its SHA-256, and the token
    its QR code points to."""

    __tablename__ = "issued_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32), unique=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossier.id"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """Reprinted (superseded_by_id) or printed from data corrected since: no longer valid."""
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("issued_document.id"))
    superseded_reason: Mapped[str | None] = mapped_column(String(500))

    issued_by: Mapped[User] = relationship(foreign_keys=[issued_by_id])


class ParameterChange(Base):
    """An administrator's amendment of a legal time limit, with the text that justifies it.
    The latest change of a parameter overrides the file; tasks created before it keep the
    deadline they were given."""

    __tablename__ = "parameter_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), index=True)
    value: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    citation: Mapped[str] = mapped_column(String(500))
    note: Mapped[str] = mapped_column(String(1000), default="")
    changed_by_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ConfigRevision(Base):
    """Bumped by every parameter or calendar change, so each process reloads them before
    its next action."""

    __tablename__ = "config_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)


class CalendarOverride(Base):
    """An official day off or make-up working day the holidays package does not know."""

    __tablename__ = "calendar_override"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    is_working_day: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(String(300))
    legal_basis: Mapped[str] = mapped_column(String(300))
