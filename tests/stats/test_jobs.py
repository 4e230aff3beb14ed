"""The statistics jobs: beat entries, Celery tasks, `amo worker` and the
`amo stats_rollup` command."""

import asyncio
import datetime
import io
import os
import subprocess
import sys
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.management import call_command

from amo.addons.models import Addon
from amo.stats import counters
from amo.stats.models import DailyDownloads
from tests.conftest import skip_or_fail
from tests.factories import AddonFactory
from tests.files.conftest import broker_answers
from tests.stats.conftest import (
    arows_of,
    delete_stats_keys,
    put_downloads,
    put_users,
)
from tests.workers import amo_worker, wait_while_running, worker_environment
from workers import stats as stats_jobs
from workers.celery import app

PROJECT_DIR = Path(__file__).resolve().parents[2]


def test_beat_runs_both_jobs():
    schedule = app.conf.beat_schedule

    assert schedule["stats.rollup"]["task"] == "stats.rollup"
    assert schedule["stats.rollup"]["schedule"] == settings.STATS_ROLLUP_INTERVAL
    assert schedule["stats.update_popularity"]["task"] == "stats.update_popularity"
    assert (
        schedule["stats.update_popularity"]["schedule"]
        == settings.STATS_POPULARITY_INTERVAL
    )
    assert "stats.rollup" in app.tasks
    assert "stats.update_popularity" in app.tasks


def read_settings(environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = (
        "import settings; "
        "print(settings.STATS_ROLLUP_INTERVAL, settings.STATS_POPULARITY_INTERVAL, "
        "settings.CELERY_BEAT_SCHEDULE['stats.rollup']['schedule'])"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("AMO_STATS_")
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_DIR,
        env={**env, **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_intervals_default_and_environment():
    default = read_settings({})
    chosen = read_settings(
        {"AMO_STATS_ROLLUP_INTERVAL": "42", "AMO_STATS_POPULARITY_INTERVAL": "600"}
    )
    invalid = read_settings({"AMO_STATS_ROLLUP_INTERVAL": "5m"})

    assert default.stdout.split() == ["300", "3600", "300.0"]
    assert chosen.stdout.split() == ["42", "600", "42.0"]
    assert invalid.returncode != 0
    assert "AMO_STATS_ROLLUP_INTERVAL='5m' is not an integer" in invalid.stderr


async def test_rollup_job_writes_rows(live_db, stats_redis):
    addon = await sync_to_async(AddonFactory)(weekly_downloads=0)
    counters.count_download(addon.pk, source="dp")
    await counters.flush()

    # The job runs its own event loop, as in a worker: in another thread.
    outcome = await sync_to_async(stats_jobs.rollup.apply)()
    popularity = await sync_to_async(stats_jobs.update_popularity.apply)()

    assert outcome.successful(), outcome.traceback
    assert outcome.result["rows"] == 1
    assert popularity.successful(), popularity.traceback
    today = datetime.datetime.now(datetime.UTC).date()
    assert await arows_of(DailyDownloads) == {
        (addon.pk, today): {"count": 1, "sources": {"dp": 1}}
    }


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("job", [stats_jobs.rollup, stats_jobs.update_popularity])
def test_jobs_retry_transient_errors(monkeypatch, job):
    from celery.exceptions import Retry
    from django.db import OperationalError

    from amo.stats import actions, rollup

    async def unreachable(**options):
        raise OperationalError("the database went away")

    def locked(today=None):
        raise OperationalError("Lock wait timeout exceeded")

    monkeypatch.setattr(rollup, "run_with_own_client", unreachable)
    monkeypatch.setattr(actions, "update_popularity", locked)

    # An eager job raises the Retry that a worker would schedule.
    with pytest.raises(Retry, match="OperationalError"):
        job.apply()

    assert set(job.autoretry_for) == set(stats_jobs.TRANSIENT_ERRORS)
    assert job.max_retries == 5
    assert job.retry_backoff == 2
    assert job.acks_late is True


async def test_command_rolls_up_and_recomputes(live_db, stats_redis):
    addon = await sync_to_async(AddonFactory)(average_daily_users=999)
    yesterday = datetime.datetime.now(datetime.UTC).date() - datetime.timedelta(days=1)
    await put_users(stats_redis, yesterday, addon.pk, 70, versions={"1.0": 70})
    output = io.StringIO()

    await sync_to_async(call_command)(
        "stats_rollup", stdout=output, stderr=io.StringIO()
    )

    stored = await Addon.objects.aget(pk=addon.pk)
    assert stored.average_daily_users == 10
    assert "Rolled up 1 days: 1 rows written" in output.getvalue()
    assert "1 add-ons computed, 1 changed" in output.getvalue()


@pytest.mark.django_db(transaction=True)
def test_command_without_redis_says_so(settings, monkeypatch):
    from amo.core import redis
    from amo.core.redis import LocalRedis

    settings.REDIS_URL = ""
    monkeypatch.setattr(redis, "_client", LocalRedis())
    errors = io.StringIO()

    call_command("stats_rollup", stdout=io.StringIO(), stderr=errors)

    assert "AMO_REDIS_URL is not set" in errors.getvalue()


@pytest.mark.django_db(transaction=True)
def test_command_queue_sends_both_jobs(monkeypatch):
    sent = []

    def recorder(name):
        def delay():
            sent.append(name)
            return SimpleNamespace(id=f"{name}-id")

        return delay

    monkeypatch.setattr(stats_jobs.rollup, "delay", recorder("rollup"))
    monkeypatch.setattr(stats_jobs.update_popularity, "delay", recorder("popularity"))
    output = io.StringIO()

    call_command("stats_rollup", "--queue", stdout=output)

    assert sent == ["rollup", "popularity"]
    assert "Queued stats.rollup as job rollup-id." in output.getvalue()


@pytest.fixture
def stats_queue(monkeypatch):
    """A queue of the real broker that only this test's worker reads."""
    reason = broker_answers()
    if reason is not None:
        skip_or_fail(reason)
    if not os.environ.get("AMO_REDIS_URL"):
        skip_or_fail(
            "AMO_REDIS_URL is not set: a worker cannot read this test's counters"
        )
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    return f"amo-test-stats-{uuid.uuid4().hex}"


def with_real_redis(work: Callable[[Any], Awaitable[None]]) -> None:
    """Run `work` with a client of AMO_REDIS_URL, in a loop of its own."""
    from redis.asyncio import Redis

    async def run() -> None:
        client = Redis.from_url(os.environ["AMO_REDIS_URL"])
        try:
            await work(client)
        finally:
            await client.aclose()

    asyncio.run(run())


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_amo_worker_runs_rollup(stats_queue, tmp_path):
    addon = AddonFactory(total_downloads=100, weekly_downloads=0)
    today = datetime.datetime.now(datetime.UTC).date()

    async def put(client: Any) -> None:
        await delete_stats_keys(client)
        await put_downloads(client, today, addon.pk, 6, {"search": 6})

    with_real_redis(put)
    log = tmp_path / "worker.log"
    try:
        with amo_worker(stats_queue, log, worker_environment()) as worker:
            stats_jobs.rollup.apply_async(queue=stats_queue)
            stats_jobs.update_popularity.apply_async(queue=stats_queue)
            wait_while_running(
                worker,
                log,
                lambda: Addon.objects.get(pk=addon.pk).total_downloads == 106,
            )
    finally:
        with_real_redis(delete_stats_keys)

    row = DailyDownloads.objects.get(addon=addon)
    assert row.date == today
    assert row.count == 6
    assert row.sources == {"search": 6}
    worker_log = log.read_text(errors="replace")
    assert "stats.rollup" in worker_log
    assert "stats.update_popularity" in worker_log
