"""Delivering e-mail: the Mailer protocol the outbox depends on, and SMTP delivery with its
configuration (a malformed setting stops start-up with its name). The only module that
speaks SMTP."""

from __future__ import annotations

import hashlib
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from typing import Protocol
from urllib.parse import urlsplit

SECURITY = ("none", "starttls", "tls")
DEFAULT_PORTS = {"none": 25, "starttls": 587, "tls": 465}
TIMEOUT_SECONDS = 30


class MailError(Exception):
    """The server refused the message or could not be reached; the outbox tries again."""


class Mailer(Protocol):
    def compose(
        self, *, dedupe_key: str, to_address: str, to_name: str, subject: str, text: str, html: str
    ) -> EmailMessage: ...

    def send(self, email: EmailMessage) -> None:
        """Raises MailError when the message did not go out."""
        ...


class ConfigError(ValueError):
    """A mail setting that cannot work; `setting` names it."""

    def __init__(self, setting: str, message: str):
        super().__init__(f"{setting}: {message}")
        self.setting = setting


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str
    username: str | None
    password: str | None
    sender: str
    base_url: str

    @classmethod
    def from_mapping(cls, env: Mapping[str, str]) -> SmtpSettings:
        """Read SMTP_HOST, SMTP_PORT, SMTP_SECURITY, SMTP_USERNAME, SMTP_PASSWORD, MAIL_FROM
        and APP_BASE_URL, refusing anything that cannot work."""
        host = (env.get("SMTP_HOST") or "").strip()
        if not host:
            raise ConfigError("SMTP_HOST", "chưa khai báo máy chủ gửi thư.")
        security = (env.get("SMTP_SECURITY") or "starttls").strip().lower()
        if security not in SECURITY:
            raise ConfigError(
                "SMTP_SECURITY", f"phải là một trong {', '.join(SECURITY)} (giá trị hiện tại: {security!r})."
            )
        raw_port = (env.get("SMTP_PORT") or str(DEFAULT_PORTS[security])).strip()
        if not raw_port.isdigit() or not 1 <= int(raw_port) <= 65535:
            raise ConfigError("SMTP_PORT", f"phải là số nguyên từ 1 đến 65535 (giá trị hiện tại: {raw_port!r}).")
        username, password = env.get("SMTP_USERNAME") or None, env.get("SMTP_PASSWORD") or None
        if bool(username) != bool(password):
            raise ConfigError(
                "SMTP_PASSWORD" if username else "SMTP_USERNAME",
                "SMTP_USERNAME và SMTP_PASSWORD phải được khai báo cùng nhau.",
            )
        sender = (env.get("MAIL_FROM") or "").strip()
        if "@" not in parseaddr(sender)[1]:
            raise ConfigError("MAIL_FROM", f"không phải địa chỉ thư hợp lệ (giá trị hiện tại: {sender!r}).")
        base_url = (env.get("APP_BASE_URL") or "").strip().rstrip("/")
        if urlsplit(base_url).scheme not in ("http", "https") or not urlsplit(base_url).netloc:
            raise ConfigError("APP_BASE_URL", f"phải là địa chỉ http(s) của ứng dụng (giá trị hiện tại: {base_url!r}).")
        return cls(host, int(raw_port), security, username, password, sender, base_url)


def message_id(dedupe_key: str) -> str:
    """The same message always has the same Message-ID: a copy sent twice shows as one."""
    return f"<{hashlib.sha256(dedupe_key.encode()).hexdigest()[:32]}@ho-so-cai-nghien>"


class SmtpMailer:
    def __init__(self, settings: SmtpSettings):
        self.settings = settings

    def compose(
        self, *, dedupe_key: str, to_address: str, to_name: str, subject: str, text: str, html: str
    ) -> EmailMessage:
        email = EmailMessage()
        email["From"] = self.settings.sender
        email["To"] = Address(to_name, addr_spec=to_address)
        email["Subject"] = subject
        email["Date"] = formatdate(localtime=True)
        email["Message-ID"] = message_id(dedupe_key)
        email.set_content(text)
        email.add_alternative(html, subtype="html")
        return email

    def send(self, email: EmailMessage) -> None:
        """Raises MailError when the server refuses or is down."""
        try:
            self._send(email)
        except (smtplib.SMTPException, OSError) as exc:
            raise MailError(f"{type(exc).__name__}: {exc}") from exc

    def _send(self, email: EmailMessage) -> None:
        settings = self.settings
        client: smtplib.SMTP
        if settings.security == "tls":
            client = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=TIMEOUT_SECONDS, context=ssl.create_default_context()
            )
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_SECONDS)
        with client:
            if settings.security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if settings.username and settings.password is not None:
                client.login(settings.username, settings.password)
            client.send_message(email)
