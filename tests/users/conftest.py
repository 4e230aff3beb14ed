"""Fixtures of the account tests."""

import uuid

import pytest
from django.conf import settings

from amo.core import redis
from tests.conftest import skip_or_fail
from workers.celery import app


@pytest.fixture(autouse=True)
def _eager_jobs(monkeypatch):
    """Run queued jobs in the test, even when a broker is configured.

    The tests that go through the broker use `broker_queue` and a worker.
    """
    monkeypatch.setitem(app.conf, "task_always_eager", True)


@pytest.fixture(autouse=True)
async def _fresh_rate_limits():
    """Start each test with no failed log-in or mail counted.

    The tests' client always comes from 127.0.0.1, so counts per IP would
    otherwise add up over the session.
    """
    await clear_rate_limits()
    yield
    await clear_rate_limits()


async def clear_rate_limits() -> None:
    client = redis.get_client()
    # Redis returns bytes, and the in-process stand-in keys by str.
    keys = [key.decode() for key in await client.keys("ratelimit:*")]
    if keys:
        await client.delete(*keys)


@pytest.fixture
def broker_queue(monkeypatch):
    """A queue of the machine's broker that only this test's worker reads."""
    if not settings.BROKER_URL:
        skip_or_fail("AMO_BROKER_URL is not set, so jobs cannot go through a broker")
    from kombu import Connection

    try:
        with Connection(settings.BROKER_URL, connect_timeout=2) as connection:
            connection.ensure_connection(max_retries=1)
    except OSError as error:
        skip_or_fail(f"the broker at {settings.BROKER_URL} does not answer: {error}")
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    queue = f"amo-test-users-{uuid.uuid4().hex}"
    monkeypatch.setitem(app.conf, "task_default_queue", queue)
    return queue
