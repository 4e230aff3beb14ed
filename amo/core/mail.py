"""Mail sent only after the data it refers to is committed.

`send_mail_after_commit` is the one way amo sends mail. Called inside a
transaction (an action in the write thread), it queues the `mail.send` job
once the transaction commits, so a rolled-back change never mails anyone
and the link in the mail always finds its rows. Outside a transaction it
queues at once. With no broker configured the job runs in the process.

NOTE: with no broker, a mail queued from an action is sent inside the
write thread once its transaction commits, so a slow SMTP server delays
the writes queued behind it (up to AMO_EMAIL_TIMEOUT). Production sets a
broker, which only publishes the job there.
"""

from collections.abc import Iterable

from django.db import transaction


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

        send.delay(subject=str(subject), body=str(body), recipients=to, html=html)

    # The data is committed whatever happens to the mail, so with robust=True
    # Django logs an unreachable broker instead of raising it.
    transaction.on_commit(queue, using=using, robust=True)
