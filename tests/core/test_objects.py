"""The object cache over the real database and the configured cache."""

import asyncio

import pytest
from asgiref.sync import sync_to_async
from django.core.exceptions import FieldFetchBlocked

from amo.addons.queries import ADDON_CARD_KIND, ADDON_KIND, CATEGORY_KIND
from amo.core.cache import invalidation, objects
from amo.core.cache.backends import default_cache
from amo.core.cache.calls import capture_cache_calls
from amo.core.constants import AddonType, FileStatus
from amo.core.db import capture_queries
from amo.users.queries import USER_KIND
from amo.versions.queries import VERSION_KIND
from tests.factories import AddonFactory, StoredPreviewFactory, UserFactory


def build_addons(count: int) -> list[int]:
    return [AddonFactory(slug=f"cached-{index}").pk for index in range(count)]


async def test_get_many_loads_misses_in_one_query(live_db):
    pks = await sync_to_async(build_addons)(3)

    with capture_queries() as queries, capture_cache_calls() as calls:
        first = await objects.aget_many(ADDON_CARD_KIND, pks)

    # One read, one query for the rows, then one call that stores the three
    # entries. Cards of extensions carry no previews, so none are read.
    assert sorted(first) == sorted(pks)
    assert queries.count == 1
    assert calls.operations() == ["aget_many", "aadd_many"]

    with capture_queries() as queries, capture_cache_calls() as calls:
        second = await objects.aget_many(ADDON_CARD_KIND, pks)

    assert queries.count == 0
    assert calls.operations() == ["aget_many"]
    assert [second[pk].slug for pk in pks] == [first[pk].slug for pk in pks]


async def test_missing_ids_are_left_out(live_db, monkeypatch):
    # No finished load is shared, so the second read asks the database.
    monkeypatch.setattr(objects, "FLIGHT_GRACE", 0.0)
    pks = await sync_to_async(build_addons)(1)
    first = await objects.aget_many(ADDON_CARD_KIND, [*pks, 999_999])
    with capture_queries() as queries:
        second = await objects.aget_many(ADDON_CARD_KIND, [*pks, 999_999])

    assert list(first) == pks
    assert list(second) == pks
    # Nothing is stored for an id without a row, so it is asked again.
    assert queries.count == 1
    assert queries.queries[0].params == (999_999,)


async def test_only_the_misses_are_loaded(live_db):
    pks = await sync_to_async(build_addons)(3)
    await objects.aget_many(ADDON_CARD_KIND, pks[:2])

    with capture_queries() as queries:
        found = await objects.aget_many(ADDON_CARD_KIND, pks)

    assert sorted(found) == sorted(pks)
    assert queries.count == 1
    assert queries.queries[0].params == (pks[2],)


async def test_kinds_share_one_cache_call(live_db):
    def build():
        user = UserFactory(display_name="Both")
        return AddonFactory(authors=[user]).pk, user.pk

    addon_pk, user_pk = await sync_to_async(build)()
    await objects.aget_objects({ADDON_CARD_KIND: [addon_pk], USER_KIND: [user_pk]})

    with capture_cache_calls() as calls, capture_queries() as queries:
        found = await objects.aget_objects(
            {ADDON_CARD_KIND: [addon_pk], USER_KIND: [user_pk]}
        )

    assert calls.operations() == ["aget_many"]
    assert queries.count == 0
    assert found[USER_KIND][user_pk].name == "Both"
    assert found[ADDON_CARD_KIND][addon_pk].pk == addon_pk


async def test_cached_shape_keeps_relations_and_blocks_others(live_db):
    def build():
        addon = AddonFactory(slug="shaped")
        StoredPreviewFactory(addon=addon, position=1)
        return addon.pk

    pk = await sync_to_async(build)()
    await objects.aget(ADDON_KIND, pk)

    with capture_queries() as queries:
        addon = await objects.aget(ADDON_KIND, pk)

    assert queries.count == 0
    version = addon.current_version
    assert version.license.slug == "MPL-2.0"
    assert version.file.status == FileStatus.PUBLIC
    assert [row.application for row in version.compatible_apps.all()] == [1]
    assert len(addon.previews.all()) == 1
    # Relations outside the shape still raise instead of querying.
    with pytest.raises(FieldFetchBlocked):
        _ = version.addon


async def test_theme_cards_carry_their_previews(live_db):
    def build():
        theme = AddonFactory(slug="theme-card", type=AddonType.STATICTHEME)
        StoredPreviewFactory(addon=theme, position=0)
        extension = AddonFactory(slug="extension-card")
        StoredPreviewFactory(addon=extension, position=0)
        return theme.pk, extension.pk

    theme_pk, extension_pk = await sync_to_async(build)()

    with capture_queries() as queries:
        cards = await objects.aget_many(ADDON_CARD_KIND, [theme_pk, extension_pk])

    # The rows, then the previews of the theme alone.
    assert queries.count == 2
    assert queries.queries[1].params[-1] == theme_pk
    assert len(cards[theme_pk].previews.all()) == 1
    # The extension's card shows an icon, so its previews stay unread; the
    # relation is empty rather than a query.
    assert list(cards[extension_pk].previews.all()) == []


async def test_card_shape_defers_long_text(live_db):
    pk = (await sync_to_async(AddonFactory)(slug="card")).pk
    card = await objects.aget(ADDON_CARD_KIND, pk)
    assert card.summary == {"en-US": f"Summary of {card.name['en-US']}"}
    with pytest.raises(FieldFetchBlocked):
        _ = card.description


async def test_user_shape_leaves_out_email_and_password(live_db):
    pk = (await sync_to_async(UserFactory)(username="private")).pk
    user = await objects.aget(USER_KIND, pk)
    assert user.username == "private"
    for field in ("email", "password"):
        assert field not in user.__dict__


def test_versions_differ_by_kind_and_stay_stable():
    versions = {
        kind.version for kind in (ADDON_KIND, ADDON_CARD_KIND, CATEGORY_KIND, USER_KIND)
    }
    assert len(versions) == 4
    assert ADDON_KIND.key(7) == f"o:addon:{ADDON_KIND.version}:7"
    assert VERSION_KIND.version == VERSION_KIND.version


def test_schema_holds_every_model_in_the_shape():
    import django

    schema = ADDON_KIND.schema()
    assert django.__version__ in schema
    for label in ("addons.Addon", "versions.Version", "versions.License"):
        assert label in schema
    for label in ("files.File", "addons.Preview", "versions.ApplicationsVersions"):
        assert label in schema
    assert ("hash", "CharField") in schema
    assert ("current_version_id", "ForeignKey") in schema
    # The card shape contains no version, so a change there leaves it alone.
    assert "versions.Version" not in ADDON_CARD_KIND.schema()


def test_kind_names_are_unique():
    from amo.addons.models import Addon

    with pytest.raises(ValueError, match="exists already"):
        objects.ObjectKind("addon", Addon)


async def test_concurrent_misses_share_one_load(live_db):
    pks = await sync_to_async(build_addons)(2)

    with capture_queries() as queries:
        results = await asyncio.gather(
            *(objects.aget_many(ADDON_CARD_KIND, pks) for _ in range(50))
        )

    assert all(sorted(found) == sorted(pks) for found in results)
    # One query for all fifty readers.
    assert queries.count == 1


async def test_finished_load_is_shared_for_a_moment(live_db, monkeypatch):
    monkeypatch.setattr(objects, "FLIGHT_GRACE", 0.2)
    pk = (await sync_to_async(AddonFactory)(slug="graced")).pk
    key = ADDON_CARD_KIND.key(pk)
    await objects.aget(ADDON_CARD_KIND, pk)

    # An eviction right after the load: the finished load is joined.
    await default_cache().adelete(key)
    with capture_queries() as shared:
        assert (await objects.aget(ADDON_CARD_KIND, pk)).slug == "graced"
    await asyncio.sleep(0.3)
    await default_cache().adelete(key)
    with capture_queries() as later:
        await objects.aget(ADDON_CARD_KIND, pk)

    assert shared.count == 0
    assert later.count == 1


async def test_cancelled_reader_does_not_cancel_the_shared_load(live_db):
    pk = (await sync_to_async(AddonFactory)(slug="patient")).pk
    first = asyncio.ensure_future(objects.aget(ADDON_CARD_KIND, pk))
    second = asyncio.ensure_future(objects.aget(ADDON_CARD_KIND, pk))
    await asyncio.sleep(0)
    first.cancel()
    found = await second
    assert found.slug == "patient"
    with pytest.raises(asyncio.CancelledError):
        await first


async def test_tombstone_is_a_miss_that_reads_the_primary(live_db, monkeypatch):
    monkeypatch.setattr(objects, "FLIGHT_GRACE", 0.0)
    pk = (await sync_to_async(AddonFactory)(slug="deleted")).pk
    await objects.aget(ADDON_CARD_KIND, pk)
    tombstone = objects.new_tombstone()
    await default_cache().aset(
        ADDON_CARD_KIND.key(pk), tombstone, objects.tombstone_seconds()
    )

    with capture_queries() as queries:
        found = await objects.aget(ADDON_CARD_KIND, pk)

    assert found.slug == "deleted"
    assert {query.alias for query in queries.queries} == {"default"}
    # The load could not store over the tombstone, so the next read loads
    # again, until the tombstone expires.
    assert await default_cache().aget(ADDON_CARD_KIND.key(pk)) == tombstone
    with capture_queries() as queries:
        await objects.aget(ADDON_CARD_KIND, pk)
    assert queries.count == 1


async def test_second_write_never_joins_first_load(live_db):
    addon = await sync_to_async(AddonFactory)(slug="written-twice")

    def rename(slug: str) -> None:
        addon.slug = slug
        addon.save(update_fields=["slug"])
        invalidation.invalidate([addon])

    await sync_to_async(rename)("first-write")
    assert (await objects.aget(ADDON_CARD_KIND, addon.pk)).slug == "first-write"
    # Within FLIGHT_GRACE of the load that followed the first write.
    await sync_to_async(rename)("second-write")

    found = await objects.aget(ADDON_CARD_KIND, addon.pk)

    assert found.slug == "second-write"


async def test_misses_read_a_replica(live_db):
    pk = (await sync_to_async(AddonFactory)(slug="replicated")).pk
    with capture_queries() as queries:
        await objects.aget(ADDON_CARD_KIND, pk)
    assert {query.alias for query in queries.queries} == {"replica"}


def test_tombstone_outlives_query_timeout_and_replica_lag(settings):
    settings.DB_QUERY_TIMEOUT = 10.0
    settings.REPLICA_PIN_SECONDS = 15
    assert objects.tombstone_seconds() == 20
    settings.DB_QUERY_TIMEOUT = 30.0
    assert objects.tombstone_seconds() == 35


async def test_lookup_by_slug_maps_to_the_id(live_db):
    pk = (await sync_to_async(AddonFactory)(slug="by-slug")).pk

    with capture_queries() as queries:
        first = await objects.aget_by(ADDON_KIND, "slug", "by-slug")
    # The row, its previews and its version's compatibility.
    assert first.pk == pk
    assert queries.count == 3

    with capture_queries() as queries, capture_cache_calls() as calls:
        second = await objects.aget_by(ADDON_KIND, "slug", "by-slug")
    assert second.pk == pk
    assert queries.count == 0
    assert calls.operations() == ["aget", "aget_many"]

    assert await objects.aget_by(ADDON_KIND, "slug", "missing") is None


async def test_stale_lookup_is_noticed(live_db):
    addon = await sync_to_async(AddonFactory)(slug="old-slug")
    await objects.aget_by(ADDON_KIND, "slug", "old-slug")

    def rename():
        addon.slug = "new-slug"
        addon.save()

    await sync_to_async(rename)()
    # Invalidation deletes the entry; the old slug's mapping still names
    # the id. Right after the first load, which later misses may join.
    await sync_to_async(invalidation.invalidate)([addon])

    with capture_queries() as queries:
        assert await objects.aget_by(ADDON_KIND, "slug", "old-slug") is None
    assert {query.alias for query in queries.queries} == {"default"}
    found = await objects.aget_by(ADDON_KIND, "slug", "new-slug")
    assert found.pk == addon.pk


async def test_lookup_rejects_fields_without_a_key(live_db):
    with pytest.raises(ValueError, match="no lookup key"):
        await objects.aget_by(ADDON_KIND, "guid", "x@example.com")


async def test_lookup_by_username(live_db):
    pk = (await sync_to_async(UserFactory)(username="someone")).pk
    assert (await objects.aget_by(USER_KIND, "username", "someone")).pk == pk
    with capture_queries() as queries:
        assert (await objects.aget_by(USER_KIND, "username", "someone")).pk == pk
    assert queries.count == 0


async def test_sync_callers_share_the_entries(live_db):
    pks = await sync_to_async(build_addons)(2)
    stored = await objects.aget_many(ADDON_CARD_KIND, pks[:1])

    def read_in_a_thread():
        with capture_cache_calls() as calls, capture_queries() as queries:
            found = objects.get_many(ADDON_CARD_KIND, pks)
        return found, calls.operations(), queries.count

    found, operations, async_queries = await sync_to_async(read_in_a_thread)()
    assert found[pks[0]].slug == stored[pks[0]].slug
    assert found[pks[1]].slug == "cached-1"
    # The sync ORM ran the miss, so the async query log saw nothing.
    assert async_queries == 0
    assert operations == ["get_many", "add_many"]

    with capture_queries() as queries:
        again = await objects.aget_many(ADDON_CARD_KIND, pks)
    assert queries.count == 0
    assert again[pks[1]].slug == "cached-1"
