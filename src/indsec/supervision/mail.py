"""E-mail through the configured SMTP server (``INDSEC_SMTP_*``), when there is one.

The password comes from the environment only (a setting, never a file); with STARTTLS on,
the login happens on the upgraded connection only. Every failure becomes a
:class:`~indsec.errors.DeliveryError` naming the server, so one unreachable server is
reported, not a traceback, and the in-app reminders are kept whatever happens here.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from indsec.errors import DeliveryError
from indsec.settings import Settings


def mail_configured(settings: Settings) -> bool:
    return bool(settings.smtp_host and settings.smtp_from)


def compose(settings: Settings, *, to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.smtp_from or ""
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body, charset="utf-8")
    return message


def send_all(settings: Settings, messages: list[EmailMessage]) -> None:
    """Hand ``messages`` to the SMTP server over one connection."""
    host, port = settings.smtp_host or "", settings.smtp_port
    try:
        with smtplib.SMTP(host, port, timeout=settings.smtp_timeout_s) as smtp:
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_user and settings.smtp_password is not None:
                smtp.login(settings.smtp_user, settings.smtp_password.get_secret_value())
            for message in messages:
                smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"SMTP server {host}:{port}: {exc}") from exc
