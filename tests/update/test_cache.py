"""The cache of update-check responses: budgets, invalidation, outages."""

import json

import pytest
from asgiref.sync import sync_to_async
from django.db import transaction

from amo.core.cache import invalidation
from amo.core.cache.calls import capture_cache_calls
from amo.core.constants import AddonStatus, FileStatus
from amo.core.db import capture_queries
from amo.devhub import actions as devhub_actions
from amo.versions import actions as version_actions
from amo.versions.models import Version
from tests.asgi_client import Response
from tests.factories import AddonFactory, UserFactory, VersionFactory
from tests.services import Memcached
from tests.update.helpers import check

GUID = "cached@example.com"


async def offered(application, guid: str = GUID) -> str | None:
    """Return the version a check offers; "{}" when the add-on is hidden."""
    response = await check(application, guid)
    assert response.status == 200, response.body
    body = json.loads(response.body)
    if body == {}:
        return "{}"
    updates = body["addons"][guid]["updates"]
    return updates[0]["version"] if updates else None


async def offered_from_cache(application, guid: str = GUID) -> str | None:
    """Return what `offered` returns, and assert that no query ran."""
    with capture_queries() as queries:
        version = await offered(application, guid)
    assert queries.count == 0, [query.sql for query in queries.queries]
    return version


def build_addon():
    author = UserFactory()
    addon = AddonFactory(guid=GUID, versions=0, authors=[author])
    VersionFactory(addon=addon, version="1.0")
    pending = VersionFactory(
        addon=addon, version="2.0", file__status=FileStatus.UNREVIEWED
    )
    return addon, pending, author


@pytest.fixture
async def cached_addon(live_db, application):
    addon, pending, author = await sync_to_async(build_addon)()
    assert await offered(application) == "1.0"
    assert await offered_from_cache(application) == "1.0"
    return addon, pending, author


async def test_miss_then_warm_hit_budgets(live_db, application):
    await sync_to_async(build_addon)()

    with capture_queries() as queries, capture_cache_calls() as calls:
        first: Response = await check(application, GUID)
    assert queries.count == 1
    # The multi-get, the generation started with add and read back, the set.
    assert calls.operations() == ["aget_many", "aadd_many", "aget_many", "aset"]

    with capture_queries() as queries, capture_cache_calls() as calls:
        second = await check(application, GUID)
    assert queries.count == 0
    assert calls.operations() == ["aget_many"]
    assert calls.calls[0].keys == 2
    assert second.body == first.body


async def test_entries_differ_by_app_version_and_mode(live_db, application):
    await sync_to_async(build_addon)()
    await check(application, GUID, "128.0", compatMode="strict")
    with capture_queries() as queries:
        await check(application, GUID, "128.0", compatMode="ignore")
        await check(application, GUID, "129.0", compatMode="strict")
        await check(application, GUID.upper(), "128.0", compatMode="strict")
    # The upper-case guid is echoed as sent, so it has its own entry.
    assert queries.count == 3


async def test_publish_shows_new_version(cached_addon, application):
    _, pending, _ = cached_addon
    await version_actions.apublish_version(pending)
    assert await offered(application) == "2.0"
    assert await offered_from_cache(application) == "2.0"


async def test_reject_keeps_old_version(cached_addon, application):
    _, pending, _ = cached_addon
    await version_actions.apublish_version(pending)
    assert await offered(application) == "2.0"
    await version_actions.areject_version(pending, None, "Broken.")
    assert await offered(application) == "1.0"


async def test_developer_disables_and_enables_version(cached_addon, application):
    addon, pending, author = cached_addon
    await version_actions.apublish_version(pending)
    assert await offered(application) == "2.0"

    await devhub_actions.set_version_disabled(addon.pk, pending.pk, author.pk, True)
    assert await offered(application) == "1.0"
    await devhub_actions.set_version_disabled(addon.pk, pending.pk, author.pk, False)
    assert await offered(application) == "2.0"


async def test_deleted_version_is_no_longer_offered(cached_addon, application):
    _, pending, author = cached_addon
    await version_actions.apublish_version(pending)
    assert await offered(application) == "2.0"
    await version_actions.adelete_version(pending, author)
    assert await offered(application) == "1.0"


async def test_developer_disables_addon(cached_addon, application):
    addon, _, author = cached_addon
    await devhub_actions.disable_addon(addon.pk, author.pk)
    assert await offered(application) == "{}"
    await devhub_actions.enable_addon(addon.pk, author.pk)
    assert await offered(application) == "1.0"


async def test_deleted_addon_gets_empty_object(cached_addon, application):
    addon, _, author = cached_addon
    await devhub_actions.delete_addon(addon.pk, author.pk)
    assert await offered(application) == "{}"
    assert await offered_from_cache(application) == "{}"


async def test_admin_disable_and_bulk_write(cached_addon, application):
    addon, _, _ = cached_addon

    def disable_as_admin():
        # What the admin does on save: the row, then invalidate() after it.
        with transaction.atomic():
            addon.status = AddonStatus.DISABLED
            addon.save(update_fields=["status"])
            invalidation.invalidate([addon])

    await sync_to_async(disable_as_admin)()
    assert await offered(application) == "{}"

    def enable_in_bulk():
        # What the importer does: rows written with update(), then the ids.
        with transaction.atomic():
            type(addon).objects.filter(pk=addon.pk).update(status=AddonStatus.PUBLIC)
            invalidation.invalidate_addons([addon.pk])

    await sync_to_async(enable_in_bulk)()
    assert await offered(application) == "1.0"


async def test_new_addon_replaces_cached_unknown_guid(live_db, application):
    assert await offered(application) == "{}"
    assert await offered_from_cache(application) == "{}"

    def create():
        with transaction.atomic():
            addon = AddonFactory(guid=GUID)
            invalidation.invalidate([addon])

    await sync_to_async(create)()
    assert await offered(application) == "1.0"


async def test_hard_deleted_version_row(cached_addon, application):
    _, pending, _ = cached_addon
    await version_actions.apublish_version(pending)
    assert await offered(application) == "2.0"

    def delete_row():
        with transaction.atomic():
            version = Version.objects.get(pk=pending.pk)
            invalidation.invalidate_deletion([version])
            version.delete()

    await sync_to_async(delete_row)()
    assert await offered(application) == "1.0"


async def test_cache_outage_falls_back_to_database(live_db, application, settings):
    server = Memcached()
    server.start()
    try:
        settings.CACHES = {
            "default": {
                "BACKEND": "amo.core.cache.backends.MemcachedCache",
                "LOCATION": [server.address],
                "KEY_PREFIX": "update-outage",
            }
        }
        await sync_to_async(build_addon)()
        assert await offered(application) == "1.0"
        assert await offered_from_cache(application) == "1.0"

        server.stop()
        with capture_queries() as queries:
            responses = [await check(application, GUID) for _ in range(3)]
        assert [response.status for response in responses] == [200, 200, 200]
        assert queries.count == 3
        body = json.loads(responses[-1].body)
        assert body["addons"][GUID]["updates"][0]["version"] == "1.0"
    finally:
        server.stop()
