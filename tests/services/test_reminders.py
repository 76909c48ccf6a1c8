"""Deadline reminders by e-mail through a real SMTP server (aiosmtpd on 127.0.0.1), with
the clock moved across deadlines. The task used: 'record_violation' of a person discovered
on Fri 06/02/2026, due 05 working days later on Fri 13/02/2026; Tết is 16–20/02/2026."""

import email
import socket
import threading
from datetime import date, timedelta
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from jinja2 import StrictUndefined, Template
from sqlalchemy import func, select, update

from demo.steps import at, regime_a_backend
from engine.model import reminder_policy
from engine.notifications import render
from engine.notifications.mailer import ConfigError, SmtpMailer, SmtpSettings
from engine.persistence.tables import Dossier, Notification, OutboxMessage, Task, User
from engine.services.hour_reminders import owed_kinds
from engine.services.outbox import RETRY_DELAYS

BASE_URL = "http://127.0.0.1:5000"
D = date


class Sink:
    """Keeps every message the SMTP server accepts."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 OK"

    def to(self, address):
        return [message for rcpts, message in self.messages if address in rcpts]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpServer:
    """A real SMTP server on loopback that can go down and come back on the same port."""

    def __init__(self, sink: Sink):
        self.sink, self.port, self.controller = sink, free_port(), None

    def start(self):
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp():
    server = SmtpServer(Sink())
    server.start()
    yield server, server.sink
    server.stop()


@pytest.fixture
def mailer(smtp):
    controller, _ = smtp
    return SmtpMailer(
        SmtpSettings.from_mapping(
            {
                "SMTP_HOST": "127.0.0.1",
                "SMTP_PORT": str(controller.port),
                "SMTP_SECURITY": "none",
                "MAIL_FROM": "Hồ sơ cai nghiện <nhac-han@example.invalid>",
                "APP_BASE_URL": BASE_URL,
            }
        )
    )


@pytest.fixture
def police(world):
    """The commune police of Xã An Bình: its officer and its head (Trưởng Công an xã)."""
    with world.backend.write_session() as session:
        agency_id = world.directory.agencies["commune_police_1"]
        head = User(
            username="truong.ca.anbinh",
            password_hash="x",
            full_name="Trưởng Công an Xã An Bình",
            email="truong.ca.anbinh@example.invalid",
            agency_id=agency_id,
            is_head=True,
        )
        session.add(head)
        session.commit()
        officer = session.get(User, world.user("commune_police_1"))
        return officer.email, head.email


def day(world, text, mailer):
    """Move to 07:00 of that day, run the day's scan and send what it owes."""
    world.travel(f"{text} 07:00")
    world.backend.reminders.run(BASE_URL)
    return world.backend.outbox.send(mailer)


def subjects(sink, address):
    return [message["Subject"] for message in sink.to(address)]


def test_reminders_on_the_right_working_days_and_never_on_tet(world, smtp, mailer, police):
    _, sink = smtp
    officer, head = police
    dossier_id = world.open(discovered_on="2026-02-06")
    assert world.task(dossier_id, "record_violation").deadline_on == D(2026, 2, 13)

    day(world, "2026-02-11", mailer)  # two working days before: nothing yet
    assert sink.messages == []
    day(world, "2026-02-12", mailer)  # one working day before
    assert subjects(sink, officer) == ["[Hồ sơ cai nghiện] Việc cần xử lý ngày 12/02/2026: 1 việc"]
    body = sink.to(officer)[0].get_body(("plain",)).get_content()
    assert "SẮP ĐẾN HẠN" in body and "Lập biên bản vi phạm (Mẫu số 27)" in body and "Nguyễn Văn Bình" in body
    assert "13/02/2026 (còn 1 ngày làm việc)" in body and f"{BASE_URL}/tasks/" in body
    html = sink.to(officer)[0].get_body(("html",)).get_content()
    assert "Lập biên bản vi phạm (Mẫu số 27)" in html
    day(world, "2026-02-13", mailer)  # the deadline
    assert "ĐẾN HẠN HÔM NAY" in sink.to(officer)[1].get_body(("plain",)).get_content()
    before_tet = len(sink.messages)
    for off in ("2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-21"):
        assert day(world, off, mailer) == {"sent": 0, "retry": 0, "failed": 0}
    assert len(sink.messages) == before_tet

    day(world, "2026-02-23", mailer)  # 1 working day late: overdue, no escalation yet
    assert "QUÁ HẠN" in sink.to(officer)[2].get_body(("plain",)).get_content()
    assert all("Quá hạn:" not in subject for subject in subjects(sink, head))
    day(world, "2026-02-24", mailer)  # 2 working days late: the head is told, once
    escalations = [s for s in subjects(sink, head) if s.startswith("[Hồ sơ cai nghiện] Quá hạn:")]
    assert escalations == ["[Hồ sơ cai nghiện] Quá hạn: Lập biên bản vi phạm (Mẫu số 27) – hồ sơ 000001/2026/HS-CNBB"]
    day(world, "2026-02-25", mailer)
    assert len([s for s in subjects(sink, head) if s.startswith("[Hồ sơ cai nghiện] Quá hạn:")]) == 1
    assert len(sink.to(officer)) == 5  # 12, 13, 23, 24, 25/02


def test_a_claimed_task_reminds_only_the_claimer(world, smtp, mailer, police):
    _, sink = smtp
    officer, head = police
    dossier_id = world.open(discovered_on="2026-02-06")
    world.backend.tasks.claim(world.user("commune_police_1"), world.task(dossier_id, "record_violation").id)
    day(world, "2026-02-12", mailer)
    assert [rcpts for rcpts, _ in sink.messages] == [[officer]]


def test_unclaimed_task_reminds_every_officer_of_the_agency(world, smtp, mailer, police):
    _, sink = smtp
    officer, head = police
    world.open(discovered_on="2026-02-06")
    day(world, "2026-02-12", mailer)
    assert sorted(address for rcpts, _ in sink.messages for address in rcpts) == sorted([officer, head])


def test_no_duplicate_after_a_restart_or_a_rerun(world, smtp, mailer, police):
    _, sink = smtp
    world.open(discovered_on="2026-02-06")
    day(world, "2026-02-12", mailer)
    first = len(sink.messages)
    assert world.backend.reminders.run(BASE_URL) is None  # the day's scan is done
    restarted = regime_a_backend(str(world.backend.database.url))
    assert restarted.reminders.run(BASE_URL) is None
    restarted.outbox.send(mailer)
    world.backend.outbox.send(mailer)
    assert len(sink.messages) == first == 2
    restarted.database.dispose()


def test_two_schedulers_at_once_send_each_message_once(world, smtp, mailer, police):
    _, sink = smtp
    for offset in range(5):
        world.open(discovered_on="2026-02-06", person_name=f"Người thứ {offset}")
    world.travel("2026-02-12 07:00")
    engines = [world.backend, regime_a_backend(str(world.backend.database.url))]
    barrier = threading.Barrier(2)

    def scheduler(backend):
        barrier.wait()
        backend.reminders.run(BASE_URL)
        backend.outbox.send(mailer)
        backend.outbox.send(mailer)

    threads = [threading.Thread(target=scheduler, args=(backend,)) for backend in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(sink.messages) == 2  # one digest for the officer, one for the head
    assert all("5 việc" in message["Subject"] for _, message in sink.messages)
    with world.backend.read_session() as session:
        assert session.scalar(select(func.count()).select_from(Notification)) == 10
    engines[1].database.dispose()


def test_a_crash_between_send_and_commit_never_resends(world, smtp, mailer, police, monkeypatch):
    _, sink = smtp
    world.open(discovered_on="2026-02-06")
    world.travel("2026-02-12 07:00")
    world.backend.reminders.run(BASE_URL)

    def crash(message_id):
        raise SystemExit("killed after the SMTP call, before recording it")

    monkeypatch.setattr(world.backend.outbox, "mark_sent", crash)
    with pytest.raises(SystemExit):
        world.backend.outbox.send(mailer)
    monkeypatch.undo()
    assert len(sink.messages) == 1
    world.travel("2026-02-12 07:30")  # the restarted scheduler, after the sending lease
    world.backend.outbox.send(mailer)
    with world.backend.read_session() as session:
        statuses = sorted(session.scalars(select(OutboxMessage.status)))
        uncertain = session.scalar(select(OutboxMessage.last_error).where(OutboxMessage.status == "uncertain"))
    assert statuses == ["sent", "uncertain"]
    assert "không tự gửi lại" in uncertain
    assert len(sink.messages) == 2  # the other digest went out; the uncertain one did not go twice


def test_smtp_down_then_up_is_retried_with_backoff(world, smtp, mailer, police):
    controller, sink = smtp
    world.open(discovered_on="2026-02-06")
    world.travel("2026-02-12 07:00")
    world.backend.reminders.run(BASE_URL)
    controller.stop()
    assert world.backend.outbox.send(mailer) == {"sent": 0, "retry": 2, "failed": 0}
    with world.backend.read_session() as session:
        message = session.scalars(select(OutboxMessage)).first()
        assert (message.status, message.attempts) == ("pending", 1)
        assert message.next_attempt_at.isoformat() == "2026-02-12T00:01:00+00:00"  # 07:01 in Vietnam
    assert world.backend.outbox.send(mailer) == {"sent": 0, "retry": 0, "failed": 0}  # not due yet
    controller.start()
    world.travel("2026-02-12 07:02")
    assert world.backend.outbox.send(mailer)["sent"] == 2
    assert len(sink.messages) == 2


def test_smtp_down_for_good_fails_after_the_last_try(world, smtp, mailer, police):
    controller, _ = smtp
    world.open(discovered_on="2026-02-06")
    world.travel("2026-02-12 07:00")
    world.backend.reminders.run(BASE_URL)
    controller.stop()
    for delay in (*RETRY_DELAYS, timedelta()):
        world.backend.outbox.send(mailer)
        world.traveller.shift(delay)
    with world.backend.read_session() as session:
        assert set(session.scalars(select(OutboxMessage.status))) == {"failed"}
        assert set(session.scalars(select(OutboxMessage.attempts))) == {5}
    controller.start()


def test_digest_switched_off_still_gets_overdue_notices(world, smtp, mailer, police):
    _, sink = smtp
    officer, _ = police
    with world.backend.write_session() as session:
        session.execute(update(User).where(User.email == officer).values(digest_enabled=False))
        session.commit()
    world.open(discovered_on="2026-02-06")
    day(world, "2026-02-12", mailer)
    day(world, "2026-02-13", mailer)
    assert sink.to(officer) == []
    day(world, "2026-02-23", mailer)
    assert [m["Subject"] for m in sink.to(officer)] == [
        "[Hồ sơ cai nghiện] Việc cần xử lý ngày 23/02/2026: 1 việc, 1 quá hạn"
    ]


def test_an_officer_without_address_is_listed_not_blocking(world, smtp, mailer, police):
    _, sink = smtp
    officer, head = police
    with world.backend.write_session() as session:
        session.execute(update(User).where(User.email == officer).values(email=None))
        session.commit()
    world.open(discovered_on="2026-02-06")
    day(world, "2026-02-12", mailer)
    assert [rcpts for rcpts, _ in sink.messages] == [[head]]
    with world.backend.read_session() as session:
        unreachable = session.scalars(
            select(User.username)
            .join(Notification, Notification.recipient_id == User.id)
            .where(Notification.unreachable)
        ).all()
    assert unreachable == ["ca.anbinh"]


def test_a_template_error_fails_that_message_only(world, smtp, mailer, police, monkeypatch):
    _, sink = smtp
    officer, head = police
    world.open(discovered_on="2026-02-02")  # due 09/02: 2 working days late on 11/02
    real = render.TEMPLATES.get_template

    def broken_escalation(name):
        return (
            Template("{{ nothing_here }}", undefined=StrictUndefined) if name.startswith("escalation") else real(name)
        )

    monkeypatch.setattr(render.TEMPLATES, "get_template", broken_escalation)
    day(world, "2026-02-11", mailer)
    with world.backend.read_session() as session:
        failed = session.scalars(select(OutboxMessage).where(OutboxMessage.status == "failed")).all()
    assert [m.kind for m in failed] == ["escalation"] and "Lỗi mẫu thư" in failed[0].last_error
    assert sorted(address for rcpts, _ in sink.messages for address in rcpts) == sorted([officer, head])


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("SMTP_PORT", "abc"),
        ("SMTP_PORT", "70000"),
        ("SMTP_SECURITY", "ssl3"),
        ("MAIL_FROM", "not-an-address"),
        ("APP_BASE_URL", "127.0.0.1:5000"),
        ("SMTP_HOST", ""),
        ("SMTP_USERNAME", "only-user"),
    ],
)
def test_a_malformed_smtp_setting_is_named(setting, value):
    settings = {
        "SMTP_HOST": "mail.example.invalid",
        "SMTP_SECURITY": "starttls",
        "MAIL_FROM": "a@example.invalid",
        "APP_BASE_URL": BASE_URL,
        setting: value,
    }
    with pytest.raises(ConfigError) as error:
        SmtpSettings.from_mapping(settings)
    assert error.value.setting in (setting, "SMTP_PASSWORD")
    assert str(error.value).startswith(error.value.setting)


def test_reminder_policy_names_must_be_legal_parameters(tmp_path):
    path = tmp_path / "reminders.toml"
    path.write_text("[default]\nbefore = [1, 0]\n[parameters.no_such_limit]\nbefore = [2]\n", encoding="utf-8")
    with pytest.raises(Exception) as error:
        reminder_policy.load_policies(path, {"reading_period"})
    assert "no_such_limit" in str(error.value)


def owed(policy, deadline, today, calendar):
    return [
        kind
        for kind, first, before in reminder_policy.windows(policy, today, calendar)
        if (first is None or deadline >= first) and deadline < before
    ]


def test_policy_windows_per_parameter(world):
    default, overrides = world.backend.reminders.policies
    calendar = world.backend.settings.current.calendar
    # court_decision reminds 3 working days ahead: Tue 10/03 for a deadline on Fri 13/03.
    assert owed(overrides["court_decision"], D(2026, 3, 13), D(2026, 3, 10), calendar) == ["due_soon"]
    assert owed(default, D(2026, 3, 13), D(2026, 3, 10), calendar) == []
    # A deadline on Saturday 14/03 counts with Friday: due today on Fri 13/03.
    assert owed(default, D(2026, 3, 14), D(2026, 3, 13), calendar) == ["due_today"]
    # Fri 13/02 is 1 working day late on Mon 23/02 (Tết between): overdue only; 2 on 24/02: escalation too.
    assert owed(default, D(2026, 2, 13), D(2026, 2, 23), calendar) == ["overdue"]
    assert owed(default, D(2026, 2, 13), D(2026, 2, 24), calendar) == ["overdue", "escalation"]
    assert reminder_policy.windows(default, D(2026, 2, 17), calendar) == []  # Tết


def test_hour_limit_reminders_run_on_days_off_exactly_once_and_stay_out_of_the_digest(world, smtp, mailer, police):
    """A 24-hour limit that started Sat 07/02/2026 10:00 (a day off) runs out Sun 08/02/2026
    10:00: the reminder with a quarter left is owed from Sun 04:00, the expiry notice at
    10:00, the escalation to the head a further quarter (6 h) later, at 16:00."""
    _, sink = smtp
    officer, head = police
    dossier_id = world.open(discovered_on="2026-02-06")
    task = world.task(dossier_id, "record_violation")
    started = at("2026-02-07 10:00")
    with world.backend.write_session() as session:
        session.execute(
            update(Task)
            .where(Task.id == task.id)
            .values(deadline_unit="hours", deadline_from_at=started, deadline_at=started + timedelta(hours=24))
        )
        session.commit()

    def scan(when):
        world.travel(when)
        world.backend.hour_reminders.run(BASE_URL)
        world.backend.outbox.send(mailer)

    scan("2026-02-08 03:59")
    assert sink.messages == []
    scan("2026-02-08 04:00")
    # Compared without spaces: Python's header folding drops a space at an encoded-word
    # boundary of a long Vietnamese Subject (a known leftover, see the README).
    (subject,) = subjects(sink, officer)
    expected = (
        "[Hồ sơ cai nghiện] Sắp hết thời hạn (tính theo giờ): Lập biên bản vi phạm (Mẫu số 27) – hồ sơ "
        + task_number(world, dossier_id)
    )
    assert subject.replace(" ", "") == expected.replace(" ", "")
    body = sink.to(officer)[0].get_body(("plain",)).get_content()
    assert "còn 6 giờ (hạn 10:00 ngày 08/02/2026)" in body
    scan("2026-02-08 04:05")  # owed once: the rerun sends nothing new
    assert len(sink.to(officer)) == 1 and len(sink.to(head)) == 1  # the head is an officer of the agency too
    scan("2026-02-08 10:00")
    assert len(sink.to(officer)) == 2 and "Hết thời hạn" in sink.to(officer)[1]["Subject"]
    assert "quá hạn 0 phút" in sink.to(officer)[1].get_body(("plain",)).get_content()
    assert len(sink.to(head)) == 2
    scan("2026-02-08 15:59")
    assert len(sink.to(head)) == 2
    scan("2026-02-08 16:00")
    assert len(sink.to(head)) == 3 and "báo cáo lãnh đạo" in sink.to(head)[2]["Subject"]
    assert "quá hạn 6 giờ" in sink.to(head)[2].get_body(("plain",)).get_content()
    assert len(sink.to(officer)) == 2
    scan("2026-02-08 16:05")
    assert len(sink.messages) == 5

    day(world, "2026-02-09", mailer)  # Monday's digest: the hour task is not in it
    assert len(sink.messages) == 5


def task_number(world, dossier_id):
    with world.backend.read_session() as session:
        return session.get(Dossier, dossier_id).number


def test_owed_hour_kinds_by_share_of_the_limit():
    policy = reminder_policy.HourPolicy()
    start = at("2026-12-04 20:00")
    due = start + timedelta(hours=12)
    assert owed_kinds(policy, start, due, start + timedelta(hours=8, minutes=59)) == []
    assert owed_kinds(policy, start, due, start + timedelta(hours=9)) == ["hour_soon"]
    assert owed_kinds(policy, start, due, due) == ["hour_due"]
    assert owed_kinds(policy, start, due, due + timedelta(hours=3)) == ["hour_due", "hour_escalate"]
