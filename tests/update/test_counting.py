"""Each valid check of a known add-on counts one daily user in Redis.

The counters buffer in the process and flush to Redis; with AMO_REDIS_URL
set, the flush goes to that real Redis, and the test reads it back there.
"""

import datetime

import pytest
from asgiref.sync import sync_to_async

from amo.core import redis
from amo.core.constants import AddonStatus
from amo.stats import counters
from tests.factories import AddonFactory
from tests.update.helpers import ANDROID_ID, check

GUID = "counted@example.com"


def today() -> datetime.date:
    return datetime.datetime.now(datetime.UTC).date()


async def read_counts(addon_id: int) -> tuple[int, dict[str, int]]:
    """Return the add-on's checks today, and their breakdown by field."""
    await counters.flush()
    client = redis.get_client()
    total = await client.hgetall(counters.day_key(counters.USERS, today()))
    breakdown = await client.hgetall(
        counters.addon_key(counters.USERS, today(), addon_id)
    )
    count = int(total.get(str(addon_id).encode(), 0))
    return count, {key.decode(): int(value) for key, value in breakdown.items()}


async def test_checks_are_counted_in_redis(live_db, application):
    addon = await sync_to_async(AddonFactory)(guid=GUID)
    before, breakdown_before = await read_counts(addon.pk)

    # A miss, then a hit from the cache: both count.
    await check(application, GUID, "128.0", version="1.0", locale="de", appOS="WINNT")
    await check(application, GUID, "128.0", version="1.0", locale="de", appOS="WINNT")
    await check(application, GUID, "130.0", appID=ANDROID_ID, appOS="Android")
    # No valid check of a known add-on: not counted.
    await check(application, "unknown@example.com")
    await check(application, GUID, appVersion=None)

    count, breakdown_after = await read_counts(addon.pk)
    added = {
        field: value - breakdown_before.get(field, 0)
        for field, value in breakdown_after.items()
    }
    assert count - before == 3
    assert added["version:1.0"] == 3
    assert added["app:firefox 128.0"] == 2
    assert added["app:android 130.0"] == 1
    assert added["locale:de"] == 2
    assert added["locale:en-US"] == 1
    assert added["os:WINNT"] == 2
    assert added["os:Android"] == 1


@pytest.mark.parametrize(
    ("version", "app_version", "locale", "os"),
    [
        (None, " ", None, None),
        ("1\r\n2", "9" * 10_000, "<de>", "Win NT"),
        ("é", "1" * 41, "x" * 50, "y" * 21),
    ],
    ids=["blank", "control-and-huge", "non-ascii-and-long"],
)
async def test_implausible_values_are_counted_as_other(
    live_db, application, version, app_version, locale, os
):
    addon = await sync_to_async(AddonFactory)(guid=GUID)
    _, breakdown_before = await read_counts(addon.pk)

    await check(
        application, GUID, app_version, version=version, locale=locale, appOS=os
    )

    _, breakdown_after = await read_counts(addon.pk)
    added = {
        field: value - breakdown_before.get(field, 0)
        for field, value in breakdown_after.items()
        if value != breakdown_before.get(field, 0)
    }
    assert added == {
        "version:other": 1,
        "app:firefox other": 1,
        "locale:other": 1,
        "os:other": 1,
    }


async def test_addon_without_update_is_counted(live_db, application):
    addon = await sync_to_async(AddonFactory)(guid=GUID)
    before, _ = await read_counts(addon.pk)
    response = await check(application, GUID, "50.0", compatMode="strict")
    assert response.status == 200
    count, _ = await read_counts(addon.pk)
    assert count - before == 1


async def test_hidden_addon_is_not_counted(live_db, application):
    addon = await sync_to_async(AddonFactory)(guid=GUID, status=AddonStatus.DISABLED)
    before, _ = await read_counts(addon.pk)
    await check(application, GUID)
    count, _ = await read_counts(addon.pk)
    assert count == before
