"""Fixtures of the upload tests: private folders, jobs and the broker."""

import contextlib
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from tests.conftest import skip_or_fail


@pytest.fixture(autouse=True)
def uploads_root(settings, tmp_path_factory) -> Path:
    """Give every test its own PRIVATE_ROOT and UPLOADS_ROOT."""
    root = tmp_path_factory.mktemp("private")
    settings.PRIVATE_ROOT = root
    settings.UPLOADS_ROOT = root / "uploads"
    return root / "uploads"


@pytest.fixture
def eager_jobs(monkeypatch) -> None:
    """Run jobs in the process that queues them, as with no broker."""
    from workers.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)


def broker_answers() -> str | None:
    """Return why the configured broker cannot be used, or None."""
    if not django_settings.BROKER_URL:
        return "AMO_BROKER_URL is not set, so jobs cannot go through a broker"
    from kombu import Connection

    try:
        with Connection(django_settings.BROKER_URL, connect_timeout=2) as connection:
            connection.ensure_connection(max_retries=1)
    except OSError as error:
        return f"the broker at {django_settings.BROKER_URL} does not answer: {error}"
    return None


@pytest.fixture
def validation_queue(settings, monkeypatch) -> Iterator[str]:
    """A validation queue of the real broker that only this test reads."""
    reason = broker_answers()
    if reason is not None:
        skip_or_fail(reason)
    from workers.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", False)
    queue = f"amo-test-validation-{uuid.uuid4().hex}"
    settings.VALIDATION_QUEUE = queue
    yield queue
    # Delete the queue, so an unread message does not stay on the broker.
    # The queue may never have been declared, or the broker may be gone.
    with (
        contextlib.suppress(Exception),
        app.connection_for_write() as connection,
    ):
        connection.default_channel.queue_delete(queue)


# A worker in a thread of the test, reading only the test's queue. On a
# loaded machine it may take longer than Celery's default 10 s to stop.
WORKER_OPTIONS = {
    "perform_ping_check": False,
    "loglevel": "warning",
    "shutdown_timeout": 60.0,
}


INSTALL_HINT = (
    "addons-linter is not installed in var/node: run `mkdir -p var/node && cp "
    "amo/files/validation/node/package*.json var/node/ && npm ci --prefix "
    "var/node` (bash .ci/run does it)"
)


@pytest.fixture
def addons_linter():
    """The installed addons-linter; tests that need it skip without it."""
    from amo.files.validation import linter

    command = linter.find_linter()
    if command is None:
        skip_or_fail(INSTALL_HINT)
    return command
