"""The rating jobs: `amo worker` on the broker, the sweep after a broker
outage, retries, the beat entry and `amo ratings_aggregates`."""

import asyncio
import io
import uuid

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import OperationalError

from amo.addons.models import Addon
from amo.ratings import actions, aggregates
from amo.ratings.models import Rating, RatingAggregate
from tests.conftest import skip_or_fail
from tests.factories import UserFactory
from tests.files.conftest import broker_answers
from tests.files.test_uploads import point_at_closed_port
from tests.workers import (
    amo_worker,
    delete_queue,
    wait_while_running,
    worker_environment,
)
from workers import ratings as rating_jobs
from workers.celery import app

from .conftest import build_world, figures_of, make_addon


def test_beat_sends_the_sweep():
    entry = app.conf.beat_schedule["ratings.sweep_aggregates"]

    assert entry["task"] == "ratings.sweep_aggregates"
    assert entry["schedule"] == settings.RATINGS_SWEEP_INTERVAL
    assert "ratings.sweep_aggregates" in app.tasks
    assert "ratings.update_aggregates" in app.tasks


def test_jobs_acknowledge_late_and_retry():
    for job in (rating_jobs.update_aggregates, rating_jobs.sweep_aggregates):
        assert job.acks_late
        assert OperationalError in job.autoretry_for


@pytest.mark.django_db(transaction=True)
def test_job_retries_transient_errors(monkeypatch):
    from celery.exceptions import Retry

    def locked(addon_id, **options):
        raise OperationalError(1205, "Lock wait timeout exceeded")

    monkeypatch.setattr(aggregates, "update", locked)
    monkeypatch.setitem(app.conf, "task_always_eager", True)

    # An eager job raises the Retry that a worker would schedule.
    with pytest.raises(Retry):
        rating_jobs.update_aggregates.delay(1)


@pytest.fixture
def ratings_queue(monkeypatch):
    """A queue of the real broker that only this test's worker reads."""
    reason = broker_answers()
    if reason is not None:
        skip_or_fail(reason)
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    queue = f"amo-test-ratings-{uuid.uuid4().hex}"
    # The job's own `queue` option routes it. Celery reads task_routes once
    # per process, so patching them has no effect once any job was sent.
    job = rating_jobs.update_aggregates
    monkeypatch.setattr(job, "queue", queue, raising=False)
    monkeypatch.setattr(job, "_exec_options", None)
    yield queue
    delete_queue(queue)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_amo_worker_updates_aggregates(ratings_queue, tmp_path):
    world = build_world()
    log = tmp_path / "worker.log"
    with amo_worker(ratings_queue, log, worker_environment()) as worker:
        asyncio.run(
            actions.create_rating(world.alice, world.addon.pk, score=4, body="Nice")
        )
        wait_while_running(
            worker,
            log,
            lambda: Addon.objects.get(pk=world.addon.pk).total_ratings == 1,
        )

    addon = Addon.objects.get(pk=world.addon.pk)
    assert addon.average_rating == 4.0
    assert addon.text_ratings_count == 1
    assert RatingAggregate.objects.get(addon=world.addon.pk).count_4 == 1
    assert "ratings.update_aggregates" in log.read_text(errors="replace")


async def test_broker_down_keeps_rating_and_sweep_recomputes(
    world, site_means, monkeypatch, log_events
):
    with monkeypatch.context() as down:
        point_at_closed_port(down)
        rating = await actions.create_rating(
            world.alice, world.addon.pk, score=2, body="Slow"
        )

    assert await Rating.objects.filter(pk=rating.pk).aexists()
    events = [event["event"] for event in log_events()]
    assert "rating aggregates not queued, the sweep will recompute them" in events
    assert (await sync_to_async(figures_of)(world.addon.pk))["count"] == 0
    assert await sync_to_async(aggregates.stale_addon_ids)() == [world.addon.pk]

    swept = await sync_to_async(rating_jobs.sweep_aggregates.delay)()

    assert swept.get() == [world.addon.pk]
    # n = 1, sum = 2; bayesian (2 * 4 + 2) / (2 + 1) = 10/3 = 3.3333.
    assert await sync_to_async(figures_of)(world.addon.pk) == {
        "count": 1,
        "average": 2.0,
        "bayesian": 3.3333,
        "text": 1,
        "histogram": {2: 1},
    }
    assert await sync_to_async(aggregates.stale_addon_ids)() == []


async def test_sweep_skips_fresh_aggregates(world, site_means):
    await actions.create_rating(world.alice, world.addon.pk, score=5)

    swept = await sync_to_async(rating_jobs.sweep_aggregates.delay)()

    assert swept.get() == []


async def test_command_recomputes_all(live_db, site_means):
    rated = await sync_to_async(make_addon)()
    user = await sync_to_async(UserFactory)()
    await actions.create_rating(user, rated.pk, score=3)
    # A write behind the job's back, which the command puts right.
    await Addon.objects.filter(pk=rated.pk).aupdate(total_ratings=7)
    output = io.StringIO()

    await sync_to_async(call_command)("ratings_aggregates", stdout=output)

    assert (await Addon.objects.aget(pk=rated.pk)).total_ratings == 1
    assert "Recomputed the rating aggregates of 1 add-ons; 1 changed." in (
        output.getvalue()
    )


async def test_command_rejects_unknown_ids(live_db):
    with pytest.raises(CommandError, match="No add-on has the id 999999"):
        await sync_to_async(call_command)("ratings_aggregates", "999999")
