"""The job that sends mail over Django's configured backend."""

import smtplib
import socket

import structlog
from celery import Task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from workers.celery import app

log = structlog.get_logger(__name__)

# Errors after which sending is tried again: the mail server rejected the
# message for now, dropped the connection, or could not be reached.
MAIL_ERRORS = (smtplib.SMTPException, socket.error, TimeoutError)


@app.task(
    name="mail.send",
    bind=True,
    acks_late=True,
    autoretry_for=MAIL_ERRORS,
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)
def send(
    self: Task,
    *,
    subject: str,
    body: str,
    recipients: list[str],
    html: str | None = None,
    from_email: str | None = None,
) -> int:
    """Send one message; return how many were sent (0 or 1).

    A retry sends the whole message again: SMTP offers no way to know
    whether a dropped connection delivered it.
    """
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=recipients,
    )
    if html:
        message.attach_alternative(html, "text/html")
    try:
        return message.send()
    except MAIL_ERRORS as error:
        log.warning(
            "mail not sent, retrying",
            error=str(error),
            recipients=len(recipients),
            retries=self.request.retries,
        )
        raise
