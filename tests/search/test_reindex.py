"""The rebuild of every document: `amo reindex` and the search.reindex job."""

import threading
import time
import uuid
from io import StringIO

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.management import call_command
from django.db import OperationalError

from amo.search import documents
from amo.search.models import SearchDocument
from tests.conftest import skip_or_fail
from tests.factories import AddonFactory
from tests.search.helpers import slugs
from workers import jobs
from workers.celery import app


def stale_addon(**fields) -> int:
    """Create an add-on whose document still has its previous name."""
    addon = AddonFactory(slug="renamed", name={"en-US": "Before"}, **fields)
    addon.name = {"en-US": "After"}
    addon.save()
    return addon.pk


async def test_command_rebuilds_every_document(live_db, async_client):
    await sync_to_async(stale_addon)()
    await sync_to_async(AddonFactory)(search_document=False, slug="undocumented")
    assert await slugs(async_client, "after") == []

    out = StringIO()
    await sync_to_async(call_command)("reindex", "--batch-size", "1", stdout=out)

    assert out.getvalue() == "Rebuilt 2 search documents.\n"
    assert await slugs(async_client, "after") == ["renamed"]
    assert await SearchDocument.objects.acount() == 2


@pytest.fixture
def broker_queue():
    """A queue of the machine's broker that only this test's worker reads."""
    if not settings.BROKER_URL:
        skip_or_fail("AMO_BROKER_URL is not set, so jobs cannot go through a broker")
    from kombu import Connection

    try:
        with Connection(settings.BROKER_URL, connect_timeout=2) as connection:
            connection.ensure_connection(max_retries=1)
    except OSError as error:
        skip_or_fail(f"the broker at {settings.BROKER_URL} does not answer: {error}")
    return f"amo-test-reindex-{uuid.uuid4().hex}"


# A worker in a thread of the test, reading only the test's queue. On a
# loaded machine it may take longer than Celery's default 10 s to stop.
WORKER_OPTIONS = {
    "perform_ping_check": False,
    "loglevel": "warning",
    "shutdown_timeout": 60.0,
}


def wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the job did not finish in time"
        time.sleep(0.1)


@pytest.fixture
def finished_jobs():
    """The names of the jobs that workers of this process ran to success."""
    from celery.signals import task_postrun

    finished: list[str] = []

    def record(sender=None, state=None, **kwargs):
        # A job that is retried ends its first run too, in state RETRY.
        if state == "SUCCESS":
            finished.append(sender.name)

    task_postrun.connect(record, weak=False)
    yield finished
    task_postrun.disconnect(record)


def document_contains(addon_id: int, word: str) -> bool:
    names = (
        SearchDocument.objects.using("default")
        .filter(addon_id=addon_id)
        .values_list("names", flat=True)
        .first()
    )
    return f"{word}_" in (names or "").split()


@pytest.mark.django_db(transaction=True)
def test_job_runs_through_the_broker(
    reference_data, broker_queue, finished_jobs, monkeypatch
):
    from celery.contrib.testing.worker import start_worker

    addon_id = stale_addon()
    attempts: list[str] = []
    rebuild = documents.rebuild

    def flaky_rebuild(**kwargs):
        # The first attempt meets a database that went away.
        attempts.append(threading.current_thread().name)
        if len(attempts) == 1:
            raise OperationalError(2013, "Lost connection to server during query")
        return rebuild(**kwargs)

    monkeypatch.setattr(documents, "rebuild", flaky_rebuild)
    with start_worker(app, queues=[broker_queue], **WORKER_OPTIONS):
        jobs.reindex.apply_async(kwargs={"batch_size": 10}, queue=broker_queue)
        wait_for(lambda: "search.reindex" in finished_jobs)

    assert document_contains(addon_id, "after")
    assert len(attempts) == 2
    # The job ran in the worker, not in this test's thread.
    assert threading.current_thread().name not in attempts


def test_job_runs_in_process_without_a_broker(db, monkeypatch):
    # The embedded default has no broker, so settings.py makes jobs eager.
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    addon_id = stale_addon()
    assert jobs.reindex.delay().get() == 1
    assert document_contains(addon_id, "after")


@pytest.mark.django_db(transaction=True)
def test_command_queues_the_job(
    reference_data, broker_queue, finished_jobs, monkeypatch
):
    from celery.contrib.testing.worker import start_worker

    addon_id = stale_addon()
    monkeypatch.setitem(app.conf, "task_default_queue", broker_queue)
    out = StringIO()
    with start_worker(app, queues=[broker_queue], **WORKER_OPTIONS):
        call_command("reindex", "--queue", stdout=out)
        wait_for(lambda: "search.reindex" in finished_jobs)
    assert document_contains(addon_id, "after")
    assert out.getvalue().startswith("Queued search.reindex as job ")
