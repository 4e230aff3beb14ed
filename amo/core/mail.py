"""Mail sent only after the data it refers to is committed.

`send_mail_after_commit` is the one way amo sends mail. Called inside a
transaction (an action in the write thread), it queues the `mail.send` job
once the transaction commits, so a rolled-back change never mails anyone
and the link in the mail always finds its rows. Outside a transaction it
queues at once. With no broker configured the job runs in the process, and
when the broker is down the message is sent from the process instead.

NOTE: with no broker, a mail queued from an action is sent inside the
write thread once its transaction commits, so a slow SMTP server delays
the writes queued behind it (up to AMO_EMAIL_TIMEOUT). Production sets a
broker, which only publishes the job there.
"""

from collections.abc import Iterable

import structlog
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError

log = structlog.get_logger(__name__)


def send_mail_after_commit(
    subject: str,
    body: str,
    recipients: Iterable[str] | str,
    *,
    html: str | None = None,
    using: str | None = None,
) -> None:
    """Queue one message to `recipients` for after the current commit."""
    if isinstance(recipients, str):
        recipients = [recipients]
    to = [address for address in recipients if address]
    if not to:
        return

    def queue() -> None:
        # Imported here: workers import Django models at load time.
        from workers.mail import send

        message = {
            "subject": str(subject),
            "body": str(body),
            "recipients": to,
            "html": html,
        }
        try:
            send.delay(**message)
        except (BrokerError, OSError) as error:
            # The broker is down: send from this process rather than lose
            # the message, at the cost of waiting for the SMTP server here.
            log.warning("mail job not queued, sending in process", error=repr(error))
            send.apply(kwargs=message)

    # The data is committed whatever happens to the mail, so with robust=True
    # Django logs a mail that could not be sent instead of raising it.
    transaction.on_commit(queue, using=using, robust=True)
