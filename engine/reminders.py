"""Deadline reminders: which reminder each open task owes today, to whom, and the e-mails
that carry them. Everything is keyed so that it can be owed and built only once."""
from __future__ import annotations

import tomllib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError, select_autoescape
from sqlalchemy import and_, func, literal, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .calendar import WorkingCalendar, countdown
from .errors import ModelError
from .orm import Agency, Dossier, Notification, OutboxMessage, Person, ReminderRun, Task, User, UTCDateTime

KINDS = {
    "due_soon": "Sắp đến hạn",
    "due_today": "Đến hạn hôm nay",
    "overdue": "Quá hạn",
    "escalation": "Quá hạn, báo cáo lãnh đạo",
}
DIGEST_KINDS = ("overdue", "due_today", "due_soon")
MANDATORY_KINDS = ("overdue", "escalation")
ITEMS_PER_SECTION = 50
"""A digest lists at most this many tasks per section, then links to the inbox."""
RUN_LEASE = timedelta(minutes=15)
TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates" / "mail"),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class ReminderPolicy:
    before: tuple[int, ...] = (1, 0)
    overdue: bool = True
    escalate_after: int = 2


def load_policies(path: Path, parameter_names) -> tuple[ReminderPolicy, dict[str, ReminderPolicy]]:
    """The default policy and the per-parameter ones; a name that is not a legal
    parameter, or a malformed value, stops start-up."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ModelError(f"{path}: không đọc được chính sách nhắc hạn ({exc}).") from exc

    def policy(entry: Mapping, base: ReminderPolicy, where: str) -> ReminderPolicy:
        before = tuple(entry.get("before", base.before))
        escalate_after = entry.get("escalate_after", base.escalate_after)
        overdue = entry.get("overdue", base.overdue)
        if not all(isinstance(n, int) and n >= 0 for n in before) or not isinstance(overdue, bool) \
                or not isinstance(escalate_after, int) or escalate_after < 0:
            raise ModelError(f"{path} [{where}]: before là danh sách số ngày không âm, overdue là true/false, "
                             "escalate_after là số nguyên không âm.")
        return ReminderPolicy(before=before, overdue=overdue, escalate_after=escalate_after)

    default = policy(raw.get("default", {}), ReminderPolicy(), "default")
    overrides = {}
    for name, entry in raw.get("parameters", {}).items():
        if name not in parameter_names:
            raise ModelError(f"{path}: [parameters.{name}] không phải tham số thời hạn trong legal_parameters.toml.")
        overrides[name] = policy(entry, default, f"parameters.{name}")
    return default, overrides


def windows(policy: ReminderPolicy, today: date, calendar: WorkingCalendar) -> list[tuple[str, date | None, date]]:
    """(kind, first deadline, deadline before which) of the reminders owed today: a
    deadline in [first, before) owes that kind. Deadlines on days off count with the
    working day before them. An escalation is owed by every deadline at least
    `escalate_after` working days past; it is keyed by its deadline, so owed once."""
    if not calendar.is_working_day(today):
        return []
    ahead = [today]  # ahead[k]: the k-th working day after today (ahead[0]: today)
    while len(ahead) < max(policy.before, default=0) + 2:
        ahead.append(calendar.add_working_days(ahead[-1], 1))
    owed = [("due_today" if n == 0 else "due_soon", ahead[n] if n else today, ahead[n + 1]) for n in policy.before]
    if policy.overdue:
        owed.append(("overdue", None, today))
    if policy.escalate_after:
        back = today  # the escalate_after-th most recent working day, today counting as the first
        for _ in range(policy.escalate_after - 1):
            back = calendar.previous_working_day(back - timedelta(days=1))
        owed.append(("escalation", None, back))
    return owed


def insert_ignoring_duplicates(session: Session, model, rows: list[dict]) -> None:
    """INSERT … ON CONFLICT DO NOTHING on SQLite and PostgreSQL alike."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert(model).on_conflict_do_nothing(), rows)


def claim_run(session: Session, day: date, moment: datetime) -> bool:
    """Take the day's scan unless it is done or another scheduler holds its lease."""
    insert_ignoring_duplicates(session, ReminderRun, [{"day": day, "status": "pending", "claimed_until": moment}])
    taken = session.execute(
        update(ReminderRun)
        .where(ReminderRun.day == day, ReminderRun.status != "done", ReminderRun.claimed_until <= moment)
        .values(status="running", claimed_until=moment + RUN_LEASE)
    ).rowcount
    session.commit()
    return taken == 1


def owe_reminders(session: Session, day: date, moment: datetime, calendar: WorkingCalendar,
                  default: ReminderPolicy, overrides: Mapping[str, ReminderPolicy]) -> None:
    """Write a notification row for every reminder owed today, set-based: one INSERT …
    SELECT per distinct date window, for the parameters whose policy has that window;
    duplicates of an earlier run are ignored. Reminders go to
    the claimer, else every active officer of the agency; escalations to its heads; the
    digest kinds only to officers who have not switched the digest off."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    default_windows = windows(default, day, calendar)
    override_windows = {name: windows(policy, day, calendar) for name, policy in overrides.items()}
    distinct = dict.fromkeys([*default_windows, *(w for ws in override_windows.values() for w in ws)])
    for window in distinct:
        kind, first, before = window
        if window in default_windows:  # every parameter but the overrides that lack this window
            applies = Task.deadline_parameter.not_in([n for n, ws in override_windows.items() if window not in ws])
        else:
            applies = Task.deadline_parameter.in_([n for n, ws in override_windows.items() if window in ws])
        deadline = [Task.deadline_sort < before] + ([Task.deadline_sort >= first] if first else [])
        if kind == "escalation":
            recipient = and_(User.agency_id == Task.agency_id, User.is_head)
        else:
            recipient = or_(User.id == Task.claimed_by_id,
                            and_(Task.claimed_by_id.is_(None), User.agency_id == Task.agency_id))
        wanted = [] if kind in MANDATORY_KINDS else [User.digest_enabled]
        owed = (
            select(Task.id, literal(kind), User.id, Task.deadline_on if kind == "escalation" else literal(day),
                   literal(False), literal(moment, UTCDateTime()))
            .join(User, recipient)
            .where(Task.state == "open", applies, User.is_active, *deadline, *wanted)
        )
        columns = ["task_id", "kind", "recipient_id", "day", "unreachable", "created_at"]
        session.execute(insert(Notification).from_select(columns, owed).on_conflict_do_nothing())


@dataclass(frozen=True)
class Item:
    """One task in a reminder, as the e-mail shows it."""

    task_id: int
    kind: str
    dossier_number: str
    person_name: str
    task_name: str
    agency_name: str
    deadline_on: date
    legal_basis: str
    url: str
    note: str


def build_messages(session: Session, day: date, moment: datetime, calendar: WorkingCalendar, base_url: str) -> int:
    """Turn the day's unattached notifications into e-mails: one digest per officer, one
    message per escalation. An officer without an address is marked unreachable; a
    template error fails that message only. Set-based: only the tasks an e-mail shows
    are read in full."""
    unattached = (Notification.message_id.is_(None), Notification.unreachable.is_(False),
                  or_(Notification.day == day, Notification.kind == "escalation"))
    by_message: dict[tuple[int, str, int | None], dict[str, int]] = defaultdict(dict)
    for recipient_id, kind, count in session.execute(
        select(Notification.recipient_id, Notification.kind, func.count())
        .where(*unattached, Notification.kind != "escalation").group_by(Notification.recipient_id, Notification.kind)
    ):
        by_message[(recipient_id, "digest", None)][kind] = count
    for recipient_id, task_id in session.execute(
        select(Notification.recipient_id, Notification.task_id).where(*unattached, Notification.kind == "escalation")
    ):
        by_message[(recipient_id, "escalation", task_id)]["escalation"] = 1
    users = {user.id: user for user in session.scalars(select(User).where(User.id.in_({key[0] for key in by_message})))}
    built = 0
    for (recipient_id, kind, task_id), kinds in by_message.items():
        user = users[recipient_id]
        owed = [*unattached, Notification.recipient_id == recipient_id]
        owed += [Notification.kind == "escalation", Notification.task_id == task_id] if kind == "escalation" \
            else [Notification.kind != "escalation"]
        if not user.email:
            session.execute(update(Notification).where(*owed).values(unreachable=True))
            continue
        sections = [(k, _section(session, owed, k, day, calendar, base_url), kinds[k])
                    for k in (*DIGEST_KINDS, "escalation") if k in kinds]
        key = f"escalation:{task_id}:{recipient_id}" if kind == "escalation" else f"digest:{recipient_id}:{day.isoformat()}"
        insert_ignoring_duplicates(session, OutboxMessage, [_render(kind, key, user, sections, day, base_url, moment)])
        message_id = session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == key))
        session.execute(update(Notification).where(*owed).values(message_id=message_id))
        built += 1
    return built


def _section(session: Session, owed: list, kind: str, day: date, calendar: WorkingCalendar,
             base_url: str) -> list[Item]:
    """The first tasks of one kind an e-mail lists, earliest deadline first."""
    rows = session.execute(
        select(Task.id, Dossier.number, Person.full_name, Task.name, Agency.name, Task.deadline_on, Task.legal_basis)
        .select_from(Notification)
        .join(Task, Task.id == Notification.task_id)
        .join(Dossier, Dossier.id == Task.dossier_id)
        .join(Person, Person.id == Dossier.person_id)
        .join(Agency, Agency.id == Task.agency_id)
        .where(*owed, Notification.kind == kind)
        .order_by(Task.deadline_sort, Task.id)
        .limit(ITEMS_PER_SECTION)
    ).all()
    return [Item(task_id, kind, number, person, name, agency, deadline, basis, f"{base_url}/tasks/{task_id}",
                 _note(deadline, day, calendar)) for task_id, number, person, name, agency, deadline, basis in rows]


def finish_run(session: Session, day: date, moment: datetime) -> None:
    session.execute(update(ReminderRun).where(ReminderRun.day == day).values(status="done", finished_at=moment))


def _note(deadline: date, today: date, calendar: WorkingCalendar) -> str:
    return countdown(deadline, today, calendar).text


def _render(kind: str, key: str, user: User, sections: list, day: date, base_url: str, moment: datetime) -> dict:
    items = [item for _, section, _ in sections for item in section]
    context = {"user": user, "sections": [(KINDS[k], section, total) for k, section, total in sections],
               "day": day.strftime("%d/%m/%Y"), "base_url": base_url, "inbox_url": f"{base_url}/inbox",
               "account_url": f"{base_url}/account", "kind": kind}
    message = {"dedupe_key": key, "kind": kind, "recipient_id": user.id, "to_address": user.email, "status": "pending",
               "attempts": 0, "next_attempt_at": moment, "created_at": moment}
    try:
        if kind == "escalation":
            subject = f"[Hồ sơ cai nghiện] Quá hạn: {items[0].task_name} – hồ sơ {items[0].dossier_number}"
        else:
            count = sum(total for _, _, total in sections)
            overdue = sum(total for k, _, total in sections if k == "overdue")
            subject = f"[Hồ sơ cai nghiện] Việc cần xử lý ngày {context['day']}: {count} việc" + (
                f", {overdue} quá hạn" if overdue else "")
        message.update(subject=subject, body_text=TEMPLATES.get_template(f"{kind}.txt").render(context),
                       body_html=TEMPLATES.get_template(f"{kind}.html").render(context))
    except TemplateError as exc:
        message.update(subject=f"[Hồ sơ cai nghiện] Nhắc hạn ngày {day.strftime('%d/%m/%Y')}", body_text="",
                       body_html="", status="failed", last_error=f"Lỗi mẫu thư: {exc}")
    return message
