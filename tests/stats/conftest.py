"""Fixtures of the statistics tests: a Redis of each kind, clean counters.

`stats_redis` runs a test once on the in-process stand-in (LocalRedis)
and once on the real Redis that AMO_REDIS_URL names. It becomes the
process's client, so the counters flush into it, and the stats keys are
deleted before and after the test.
"""

import datetime
import os
from collections.abc import AsyncIterator
from typing import Any

import pytest
from asgiref.sync import sync_to_async

from amo.core import redis as amo_redis
from amo.core.redis import LocalRedis
from amo.stats import counters, rollup
from tests.conftest import skip_or_fail
from workers.celery import app

# A fixed "now" for the roll-up: noon, so its today is clear of midnight.
NOW = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)
TODAY = NOW.date()


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


@pytest.fixture(autouse=True)
def _eager_jobs(monkeypatch):
    """Run the jobs that actions queue (search.reindex) in the test.

    The tests that go through the broker turn it off for their queue.
    """
    monkeypatch.setitem(app.conf, "task_always_eager", True)


async def delete_stats_keys(client: Any) -> None:
    keys = [key async for key in rollup._scan(client, "stats:*")]
    if keys:
        await client.delete(*keys)


def reset_counters() -> None:
    counters._buffer.clear()
    if counters._flush_handle is not None:
        counters._flush_handle.cancel()
        counters._flush_handle = None


@pytest.fixture(params=["local", "real"])
async def stats_redis(request, monkeypatch, settings) -> AsyncIterator[Any]:
    """The process's Redis client for the test: LocalRedis or real Redis.

    settings.REDIS_URL matches it, so the jobs use the same Redis.
    """
    if request.param == "real":
        url = os.environ.get("AMO_REDIS_URL")
        if not url:
            skip_or_fail("AMO_REDIS_URL is not set, so there is no Redis to test")
        from redis.asyncio import Redis

        client: Any = Redis.from_url(url)
        settings.REDIS_URL = url
    else:
        client = LocalRedis()
        settings.REDIS_URL = ""
    monkeypatch.setattr(amo_redis, "_client", client)
    reset_counters()
    await delete_stats_keys(client)
    yield client
    reset_counters()
    await delete_stats_keys(client)
    if request.param == "real":
        await client.aclose()


async def put_users(
    client: Any,
    day: datetime.date,
    addon_id: int,
    count: int,
    *,
    versions: dict[str, int] | None = None,
    locales: dict[str, int] | None = None,
) -> None:
    """Store update checks in Redis as counters.flush() does."""
    await client.hincrby(counters.day_key(counters.USERS, day), str(addon_id), count)
    key = counters.addon_key(counters.USERS, day, addon_id)
    for version, amount in (versions or {}).items():
        await client.hincrby(key, f"version:{version}", amount)
    for locale, amount in (locales or {}).items():
        await client.hincrby(key, f"locale:{locale}", amount)


async def put_downloads(
    client: Any,
    day: datetime.date,
    addon_id: int,
    count: int,
    sources: dict[str, int] | None = None,
) -> None:
    """Store downloads in Redis as counters.flush() does."""
    await client.hincrby(
        counters.day_key(counters.DOWNLOADS, day), str(addon_id), count
    )
    key = counters.addon_key(counters.DOWNLOADS, day, addon_id)
    for source, amount in (sources or {"": count}).items():
        await client.hincrby(key, f"source:{source}", amount)


async def stats_keys(client: Any) -> list[str]:
    return sorted([key async for key in rollup._scan(client, "stats:*")])


def rows_of(model: Any) -> dict[tuple[int, datetime.date], dict[str, Any]]:
    """Return every row of `model` by (add-on id, day), as plain values."""
    return {
        (row.pop("addon_id"), row.pop("date")): row
        for row in model.objects.values()
        .order_by("addon_id", "date")
        .values("addon_id", "date", *_value_fields(model))
    }


def _value_fields(model: Any) -> list[str]:
    return [
        field.name
        for field in model._meta.concrete_fields
        if field.name not in ("id", "addon", "date")
    ]


arows_of = sync_to_async(rows_of)
