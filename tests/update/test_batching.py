"""Concurrent update checks share one memcached multi-get."""

import asyncio
import json

import pytest
from asgiref.sync import sync_to_async
from django.core.cache import caches

from amo.core.db import capture_queries
from amo.update import batching
from tests.factories import AddonFactory
from tests.update.helpers import check

GUIDS = [f"batched{index}@example.com" for index in range(3)]


@pytest.fixture
async def warm_addons(live_db, application):
    for guid in GUIDS:
        await sync_to_async(AddonFactory)(guid=guid)
        assert (await check(application, guid)).status == 200


@pytest.fixture
def multi_gets(monkeypatch):
    """Record the keys of each multi-get that reaches the cache backend."""
    backend_class = type(caches["default"])
    original = backend_class.aget_many
    seen: list[list[str]] = []

    async def recording(self, keys, version=None):
        seen.append(list(keys))
        return await original(self, keys, version)

    monkeypatch.setattr(backend_class, "aget_many", recording)
    return seen


def offered(response) -> str:
    [(_, addon)] = json.loads(response.body)["addons"].items()
    return addon["updates"][0]["version"]


async def test_concurrent_checks_share_one_multi_get(
    warm_addons, application, multi_gets
):
    with capture_queries() as queries:
        responses = await asyncio.gather(
            *(check(application, guid) for guid in GUIDS * 2)
        )
    assert [response.status for response in responses] == [200] * 6
    assert [offered(response) for response in responses] == ["1.0"] * 6
    assert queries.count == 0
    assert len(multi_gets) == 1
    # Two keys per guid, each read once although each guid was checked twice.
    assert len(multi_gets[0]) == 6


async def test_lone_check_gets_own_multi_get(warm_addons, application, multi_gets):
    for guid in GUIDS:
        await check(application, guid)
    assert len(multi_gets) == 3


async def test_large_batches_are_split(warm_addons, application, multi_gets):
    # Distinct application versions make distinct entry keys.
    versions = [f"{120 + index}.0" for index in range(120)]
    responses = await asyncio.gather(
        *(check(application, GUIDS[0], version) for version in versions)
    )
    assert all(response.status == 200 for response in responses)
    # 121 keys: the generation and one entry per version.
    assert len(multi_gets) == 2
    assert all(len(keys) <= batching.MAX_BATCH_KEYS for keys in multi_gets)
    assert sum(len(keys) for keys in multi_gets) == 121 + 1


async def test_cancelled_check_leaves_others_answered(
    warm_addons, application, multi_gets
):
    tasks = [asyncio.create_task(check(application, guid)) for guid in GUIDS]
    await asyncio.sleep(0)
    tasks[0].cancel()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    assert isinstance(results[0], asyncio.CancelledError)
    assert [offered(response) for response in results[1:]] == ["1.0", "1.0"]
    assert len(multi_gets) == 1


async def test_failed_multi_get_goes_to_database(warm_addons, application, monkeypatch):
    backend_class = type(caches["default"])
    original = backend_class.aget_many
    failures = []

    async def fail_once(self, keys, version=None):
        if not failures:
            failures.append(keys)
            raise RuntimeError("unexpected reply")
        return await original(self, keys, version)

    monkeypatch.setattr(backend_class, "aget_many", fail_once)
    with capture_queries() as queries:
        response = await check(application, GUIDS[0])
    assert response.status == 200
    assert offered(response) == "1.0"
    assert queries.count == 1
    assert len(failures) == 1
