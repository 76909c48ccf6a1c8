"""Web side of reminders: the administrator's outbox, an officer's digest preference, and
the scheduler refusing a malformed mail setting at start-up."""

import logging

import pytest
from sqlalchemy import select, update

from engine.persistence.tables import OutboxMessage, User
from engine.scheduler import run as run_scheduler
from support.web_support import audit_count, page, text_of

BASE_URL = "http://127.0.0.1:5000"


def queue_reminders(web) -> None:
    """A task due on 13/02/2026 and the reminder scan of Thu 12/02 (nothing sent yet)."""
    web.open(discovered_on="2026-02-06")
    web.travel("2026-02-12 07:00")
    assert web.backend.reminders.run(BASE_URL) == 1


def test_admin_reads_the_outbox_and_every_message(web):
    queue_reminders(web)
    client = web.client("admin")
    listing = page(client.get("/admin/outbox"))
    rows = listing.xpath('//table[@id="outbox"]/tbody/tr')
    assert len(rows) == 1 and "Chờ gửi" in rows[0].text_content()
    link = rows[0].xpath(".//a/@href")[0]
    shown = client.get(link)
    assert shown.status_code == 200
    body = page(shown).xpath('//pre[@id="mail-text"]')[0].text_content()
    assert "Lập biên bản vi phạm (Mẫu số 27)" in body and "SẮP ĐẾN HẠN" in body
    assert page(client.get("/admin/outbox?status=sent")).xpath('//table[@id="outbox"]') == []


def test_admin_resends_a_failed_message(web):
    queue_reminders(web)
    with web.backend.write_session() as session:
        session.execute(update(OutboxMessage).values(status="failed", attempts=5, last_error="SMTPServerDisconnected"))
        session.commit()
        message_id = session.scalar(select(OutboxMessage.id))
    client = web.client("admin")
    assert "Gửi lại" in text_of(client.get(f"/admin/outbox/{message_id}"))
    done = client.post(f"/admin/outbox/{message_id}/resend", follow_redirects=True)
    assert "đưa lại vào hàng chờ gửi" in text_of(done)
    with web.backend.read_session() as session:
        assert session.get(OutboxMessage, message_id).status == "pending"
    assert audit_count(web, action="mail_resent") == 1


@pytest.mark.parametrize("key", ["commune_police_1", "labour_office", "district_court"])
def test_officers_cannot_open_the_admin_pages(web, key):
    client = web.client(key)
    for url in ("/admin/outbox", "/admin/outbox/1"):
        response = client.get(url)
        assert response.status_code == 403 and "quản trị viên" in text_of(response)
    assert audit_count(web, action="access_denied", actor_id=web.user(key)) == 2


def test_an_officer_without_address_is_listed_as_unreachable(web):
    with web.backend.write_session() as session:
        session.execute(update(User).where(User.username == "ca.anbinh").values(email=None))
        session.commit()
    web.open(discovered_on="2026-02-06")
    web.travel("2026-02-12 07:00")
    assert web.backend.reminders.run(BASE_URL) == 0
    listing = page(web.client("admin").get("/admin/outbox"))
    assert "ca.anbinh" in listing.xpath('//table[@id="unreachable"]')[0].text_content()
    assert "Công an Xã An Bình" in listing.xpath('//ul[@id="headless"]')[0].text_content()


def test_an_officer_switches_the_daily_digest_off(web):
    client = web.client("commune_police_1")
    form = page(client.get("/account")).xpath('//form[@id="account-form"]')[0]
    assert form.xpath('.//input[@name="digest_enabled"][@checked]/@value') == ["true"]
    saved = client.post("/account", data={"digest_enabled": "false"}, follow_redirects=True)
    assert "thông báo quá hạn vẫn được gửi" in text_of(saved)
    with web.backend.read_session() as session:
        assert session.scalar(select(User.digest_enabled).where(User.id == web.user("commune_police_1"))) is False


def test_scheduler_refuses_a_malformed_setting_at_start(web, caplog):
    caplog.set_level(logging.ERROR)
    with pytest.raises(SystemExit) as stopped:
        run_scheduler(
            web.backend,
            env={
                "SMTP_HOST": "127.0.0.1",
                "SMTP_PORT": "port25",
                "SMTP_SECURITY": "none",
                "MAIL_FROM": "a@example.invalid",
                "APP_BASE_URL": BASE_URL,
            },
        )
    assert stopped.value.code == 2
    assert "SMTP_PORT" in caplog.text
