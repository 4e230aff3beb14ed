"""Mail queued after the commit and sent by the mail.send job."""

import smtplib
import time

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.db import transaction

from amo.core.mail import send_mail_after_commit
from workers import mail as mail_jobs
from workers.celery import app


@pytest.mark.django_db
def test_mail_waits_for_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_mail_after_commit("Hello", "Body", ["a@example.com"])
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Hello"
    assert message.to == ["a@example.com"]
    assert message.body == "Body"


@pytest.mark.django_db(transaction=True)
def test_rolled_back_mail_is_never_sent():
    def mail_then_fail() -> None:
        with transaction.atomic():
            send_mail_after_commit("Hello", "Body", "a@example.com")
            raise RuntimeError("roll back")

    with pytest.raises(RuntimeError):
        mail_then_fail()
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_mail_outside_a_transaction_goes_at_once():
    send_mail_after_commit("Hi", "Text", "a@example.com", html="<p>Text</p>")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].alternatives[0][1] == "text/html"


@pytest.mark.django_db(transaction=True)
def test_no_recipient_sends_nothing():
    send_mail_after_commit("Hi", "Text", ["", ""])
    assert mail.outbox == []


def test_the_job_retries_on_smtp_errors(monkeypatch):
    calls = []

    def refuse(self, fail_silently=False):
        calls.append(1)
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    assert mail_jobs.send.acks_late
    assert smtplib.SMTPException in mail_jobs.send.autoretry_for
    # An eager run raises the retry instead of waiting for it.
    with pytest.raises(Retry):
        mail_jobs.send.apply(
            kwargs={"subject": "s", "body": "b", "recipients": ["a@example.com"]},
            throw=True,
        )
    assert calls


@pytest.mark.django_db(transaction=True)
def test_mail_goes_through_the_broker(broker_queue):
    from celery.contrib.testing.worker import start_worker

    with start_worker(
        app,
        queues=[broker_queue],
        perform_ping_check=False,
        loglevel="warning",
        shutdown_timeout=60.0,
    ):
        send_mail_after_commit("Queued", "Body", ["q@example.com"])
        deadline = time.monotonic() + 60
        while not mail.outbox:
            assert time.monotonic() < deadline, "the mail job did not run"
            time.sleep(0.1)
    assert mail.outbox[0].subject == "Queued"


@pytest.mark.django_db(transaction=True)
def test_mail_is_sent_when_broker_is_down(monkeypatch):
    from tests.files.test_uploads import point_at_closed_port

    point_at_closed_port(monkeypatch)

    send_mail_after_commit("Confirm", "Open the link.", "new@example.com")

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.com"]
    assert mail.outbox[0].subject == "Confirm"
