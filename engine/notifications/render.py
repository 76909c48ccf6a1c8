"""What reminder e-mails say: subjects, bodies (templates/), and the note on each task."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError, select_autoescape

from ..calendar import WorkingCalendar, countdown
from ..persistence.tables import User

KINDS = {
    "due_soon": "Sắp đến hạn",
    "due_today": "Đến hạn hôm nay",
    "overdue": "Quá hạn",
    "escalation": "Quá hạn, báo cáo lãnh đạo",
    "hour_soon": "Sắp hết thời hạn (tính theo giờ)",
    "hour_due": "Hết thời hạn (tính theo giờ)",
    "hour_escalate": "Quá thời hạn tính theo giờ, báo cáo lãnh đạo",
}
TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)


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


def deadline_note(deadline: date, today: date, calendar: WorkingCalendar) -> str:
    return countdown(deadline, today, calendar).text


def render_message(kind: str, key: str, user: User, sections: list, day: date, base_url: str, moment: datetime) -> dict:
    """The outbox row of one e-mail; a template error makes it a failed message, not a crash."""
    items = [item for _, section, _ in sections for item in section]
    context = {
        "user": user,
        "sections": [(KINDS[k], section, total) for k, section, total in sections],
        "day": day.strftime("%d/%m/%Y"),
        "base_url": base_url,
        "inbox_url": f"{base_url}/inbox",
        "account_url": f"{base_url}/account",
        "kind": kind,
    }
    message = {
        "dedupe_key": key,
        "kind": kind,
        "recipient_id": user.id,
        "to_address": user.email,
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": moment,
        "created_at": moment,
    }
    try:
        if kind == "escalation":
            subject = f"[Hồ sơ cai nghiện] Quá hạn: {items[0].task_name} – hồ sơ {items[0].dossier_number}"
        else:
            count = sum(total for _, _, total in sections)
            overdue = sum(total for k, _, total in sections if k == "overdue")
            subject = f"[Hồ sơ cai nghiện] Việc cần xử lý ngày {context['day']}: {count} việc" + (
                f", {overdue} quá hạn" if overdue else ""
            )
        message.update(
            subject=subject,
            body_text=TEMPLATES.get_template(f"{kind}.txt").render(context),
            body_html=TEMPLATES.get_template(f"{kind}.html").render(context),
        )
    except TemplateError as exc:
        message.update(
            subject=f"[Hồ sơ cai nghiện] Nhắc hạn ngày {day.strftime('%d/%m/%Y')}",
            body_text="",
            body_html="",
            status="failed",
            last_error=f"Lỗi mẫu thư: {exc}",
        )
    return message


def render_hour_message(kind: str, key: str, user: User, item: Item, base_url: str, moment: datetime) -> dict:
    """One e-mail for one hour-limit reminder (the limit is too short to wait for a digest)."""
    message = {
        "dedupe_key": key,
        "kind": kind,
        "recipient_id": user.id,
        "to_address": user.email,
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": moment,
        "created_at": moment,
    }
    context = {"user": user, "item": item, "title": KINDS[kind], "kind": kind, "inbox_url": f"{base_url}/inbox"}
    try:
        message.update(
            subject=f"[Hồ sơ cai nghiện] {KINDS[kind]}: {item.task_name} – hồ sơ {item.dossier_number}",
            body_text=TEMPLATES.get_template("hour.txt").render(context),
            body_html=TEMPLATES.get_template("hour.html").render(context),
        )
    except TemplateError as exc:
        message.update(
            subject=f"[Hồ sơ cai nghiện] {KINDS[kind]}",
            body_text="",
            body_html="",
            status="failed",
            last_error=f"Lỗi mẫu thư: {exc}",
        )
    return message


def render_assignment(key: str, user: User, context: dict, base_url: str, moment: datetime) -> dict:
    """The e-mail telling an officer that the head gave them a task, or gave theirs to a
    colleague (`context`: head, officer, to_recipient, dossier_number, person_name,
    task_name, task_id)."""
    values = {
        **context,
        "user": user,
        "url": f"{base_url}/tasks/{context['task_id']}",
        "inbox_url": f"{base_url}/inbox",
    }
    message = {
        "dedupe_key": key,
        "kind": "assignment",
        "recipient_id": user.id,
        "to_address": user.email,
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": moment,
        "created_at": moment,
        "subject": f"[Hồ sơ cai nghiện] Giao nhiệm vụ: {context['task_name']} – hồ sơ {context['dossier_number']}",
    }
    try:
        message.update(
            body_text=TEMPLATES.get_template("assignment.txt").render(values),
            body_html=TEMPLATES.get_template("assignment.html").render(values),
        )
    except TemplateError as exc:
        message.update(body_text="", body_html="", status="failed", last_error=f"Lỗi mẫu thư: {exc}")
    return message
