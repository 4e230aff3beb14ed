"""Fixtures of the ratings tests: add-ons without imported figures,
users of each role, eager jobs and a Redis of each kind."""

import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth.models import Group

from amo.addons.models import Addon
from amo.core import redis as amo_redis
from amo.core.redis import LocalRedis
from amo.ratings import spam
from amo.ratings.models import Rating, RatingAggregate
from amo.users.models import User
from amo.users.permissions import ADMINS, REVIEWERS
from amo.versions.models import Version
from tests.conftest import skip_or_fail
from tests.factories import AddonFactory, UserFactory, VersionFactory
from workers.celery import app


@pytest.fixture(autouse=True)
def _eager_jobs(monkeypatch):
    """Run the aggregate jobs that actions queue in the test.

    The tests that go through the broker turn it off for their queue.
    """
    monkeypatch.setitem(app.conf, "task_always_eager", True)


@pytest.fixture(autouse=True)
def _spam_log_each_failure(monkeypatch):
    """Log every Redis failure of the spam checks, not one a minute."""
    monkeypatch.setattr(spam, "FAILURE_LOG_INTERVAL", 0.0)


async def delete_spam_keys(client: Any) -> None:
    keys = await client.keys("ratings:spam:*")
    if keys:
        await client.delete(*keys)


@pytest.fixture(params=["local", "real"])
async def ratings_redis(request, monkeypatch, settings) -> AsyncIterator[Any]:
    """The process's Redis client for the test: LocalRedis or real Redis."""
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
    await delete_spam_keys(client)
    yield client
    await delete_spam_keys(client)
    if request.param == "real":
        await client.aclose()


@pytest.fixture(autouse=True)
def _local_redis(request, monkeypatch):
    """Give tests that do not ask for a Redis a fresh in-process one."""
    if "ratings_redis" not in request.fixturenames:
        monkeypatch.setattr(amo_redis, "_client", LocalRedis())


@dataclass
class World:
    """An add-on with one owner, two versions, and users of each role."""

    addon: Addon
    old_version: Version
    version: Version
    owner: User
    alice: User
    bob: User
    carol: User
    reviewer: User
    admin: User


def grouped_user(username: str, group: str) -> User:
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


def make_addon(owner: User | None = None, **fields: Any) -> Addon:
    """An add-on with no rating figures, so no baseline is taken."""
    values = {
        "total_ratings": 0,
        "average_rating": 0,
        "bayesian_rating": 0,
        "text_ratings_count": 0,
        **fields,
    }
    return AddonFactory(
        authors=[owner or UserFactory()], search_document=False, **values
    )


def build_world() -> World:
    owner = UserFactory(username="owner")
    addon = make_addon(owner, versions=0)
    old_version = VersionFactory(addon=addon, version="1.0")
    version = VersionFactory(addon=addon, version="2.0")
    addon.current_version = version
    addon.save(update_fields=["current_version"])
    return World(
        addon=addon,
        old_version=old_version,
        version=version,
        owner=owner,
        alice=UserFactory(username="alice"),
        bob=UserFactory(username="bob"),
        carol=UserFactory(username="carol"),
        reviewer=grouped_user("rita", REVIEWERS),
        admin=grouped_user("adam", ADMINS),
    )


@pytest.fixture
async def world(live_db) -> World:
    return await sync_to_async(build_world)()


def rating_row(pk: int) -> Rating:
    return Rating.objects.get(pk=pk)


arating_row = sync_to_async(rating_row)


def figures_of(addon_id: int) -> dict[str, Any]:
    """Return the stored rating figures and histogram of an add-on."""
    addon = Addon.objects.get(pk=addon_id)
    aggregate = RatingAggregate.objects.filter(addon=addon_id).first()
    return {
        "count": addon.total_ratings,
        "average": round(addon.average_rating, 4),
        "bayesian": round(addon.bayesian_rating, 4),
        "text": addon.text_ratings_count,
        "histogram": (
            {star: n for star, n in aggregate.histogram.items() if n}
            if aggregate
            else {}
        ),
    }


afigures_of = sync_to_async(figures_of)


@pytest.fixture
async def site_means(live_db):
    """Fix the site-wide means of the bayesian average: C = 2, m = 4."""
    from django.core.cache import cache

    from amo.ratings.aggregates import SITE_MEANS_KEY, SiteMeans

    means = SiteMeans(count=2.0, average=4.0)
    await sync_to_async(cache.set)(SITE_MEANS_KEY, means, 3600)
    return means
