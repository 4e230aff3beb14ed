"""Fixtures of the developer hub tests: authors, add-ons, signed-in clients."""

import asyncio
import contextlib
import io
import re
import time
import uuid
from dataclasses import dataclass

import pytest
from asgiref.sync import sync_to_async
from django.test import AsyncClient
from django.utils import timezone
from PIL import Image

from amo.addons.models import AddonUser
from amo.core.constants import AuthorRole
from tests.conftest import skip_or_fail
from tests.factories import AddonFactory, UserFactory
from tests.versions.uploads import private_root  # noqa: F401


@dataclass
class Team:
    """An add-on with an owner and a developer, and an outsider."""

    addon: object
    owner: object
    developer: object
    outsider: object


def build_team() -> Team:
    owner = UserFactory(username="olga", read_dev_agreement=timezone.now())
    developer = UserFactory(username="dev", read_dev_agreement=timezone.now())
    outsider = UserFactory(username="stranger", read_dev_agreement=timezone.now())
    addon = AddonFactory(
        name={"en-US": "Tab Keeper"},
        slug="tab-keeper",
        authors=[owner],
        categories=["tabs"],
    )
    AddonUser.objects.create(
        addon=addon, user=developer, role=AuthorRole.DEVELOPER, position=1
    )
    return Team(addon, owner, developer, outsider)


@pytest.fixture
async def team(live_db) -> Team:
    return await sync_to_async(build_team)()


async def signed_in(user) -> AsyncClient:
    """Return a client signed in as `user` through a session cookie."""
    client = AsyncClient()
    await client.aforce_login(user)
    return client


def image_bytes(size=(300, 200), colour="#0060df", format="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=format)
    return buffer.getvalue()


def wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the job did not finish in time"
        time.sleep(0.1)


@pytest.fixture
def job_worker(monkeypatch, settings):
    """Run the jobs this test queues: in a worker thread through the broker
    when AMO_BROKER_URL is set, else in-process, as settings.py makes them.

    The worker reads a queue of this test's own, for the image and the
    validation jobs alike, so it takes no job of another test session
    that shares the broker.
    """
    if not settings.BROKER_URL:
        yield None
        return
    from celery.contrib.testing.worker import start_worker
    from kombu import Connection

    from workers.celery import app

    try:
        with Connection(settings.BROKER_URL, connect_timeout=2) as connection:
            connection.ensure_connection(max_retries=1)
    except OSError as error:
        skip_or_fail(f"the broker at {settings.BROKER_URL} does not answer: {error}")
    queue = f"amo-test-devhub-{uuid.uuid4().hex}"
    monkeypatch.setitem(app.conf, "task_default_queue", queue)
    settings.VALIDATION_QUEUE = queue
    with start_worker(
        app,
        queues=[queue],
        perform_ping_check=False,
        loglevel="warning",
        shutdown_timeout=60.0,
    ) as worker:
        yield worker
    # An unread message must not stay on the broker; the queue may be gone.
    with (
        contextlib.suppress(Exception),
        app.connection_for_write() as connection,
    ):
        connection.default_channel.queue_delete(queue)


async def images_done(addon_id: int, timeout: float = 60.0) -> None:
    """Wait until no image of the add-on is queued for resizing."""
    from amo.devhub.models import ImageState, ImageUpload

    deadline = time.monotonic() + timeout
    queued = ImageUpload.objects.filter(addon=addon_id, state=ImageState.QUEUED)
    while await queued.aexists():
        assert time.monotonic() < deadline, "the image job did not finish in time"
        await asyncio.sleep(0.1)


@pytest.fixture
def team_sync(db) -> Team:
    return build_team()


def form_problems(response) -> list[str]:
    """Return the form errors a page shows, for assertion messages."""
    html = response.content.decode()
    return re.findall(
        r'<(?:p class="field-error"|div class="form-errors" role="alert">\s*<p)>'
        r"([^<]*)",
        html,
    )
