"""The query cache: entries by SQL, valid while their tables' generations."""

import asyncio

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.cache import caches

from amo.addons.models import Addon, AddonUser, Tag
from amo.addons.queries import ADDON_CARD_KIND, listed_addons
from amo.core.cache import generations, objects, querycache
from amo.core.cache.calls import capture_cache_calls
from amo.core.db import capture_queries
from amo.users.models import User
from tests.factories import AddonFactory


def build_addons() -> list[int]:
    return [
        AddonFactory(slug=f"queried-{index}", average_daily_users=100 - index).pk
        for index in range(3)
    ]


def by_users() -> querycache.CachedQuery:
    return querycache.ids(listed_addons().order_by("-average_daily_users", "id"))


def test_tables_read_include_joins_and_subqueries():
    queryset = User.objects.filter(
        addonusers__addon__in=Addon.objects.filter(tags__tag_text="x").values("pk")
    )
    sql = str(queryset.query)
    assert querycache.tables_read(sql) == [
        Addon,
        Addon.tags.through,
        AddonUser,
        Tag,
        User,
    ]


async def test_hit_reads_entry_and_generations_in_one_call(live_db):
    pks = await sync_to_async(build_addons)()

    with capture_queries() as queries, capture_cache_calls() as calls:
        first = await querycache.afetch({"ids": by_users()})
    # A fresh cache: the read, the start of the generation (added, then
    # read again), then the store.
    assert first == {"ids": pks}
    assert queries.count == 1
    assert calls.operations() == ["aget_many", "aadd_many", "aget_many", "aset"]

    with capture_queries() as queries, capture_cache_calls() as calls:
        second = await querycache.afetch({"ids": by_users(), "total": count()})
    assert second["ids"] == pks
    assert queries.count == 1
    assert calls.operations()[0] == "aget_many"

    with capture_queries() as queries, capture_cache_calls() as calls:
        third = await querycache.afetch({"ids": by_users(), "total": count()})
    assert third == {"ids": pks, "total": 3}
    assert queries.count == 0
    assert calls.operations() == ["aget_many"]
    assert calls.calls[0].keys == 3  # two entries and one generation


def count() -> querycache.CachedQuery:
    return querycache.Count(listed_addons())


async def test_generation_bump_turns_the_entry_into_a_miss(live_db):
    pks = await sync_to_async(build_addons)()
    await querycache.afetch({"ids": by_users()})

    await sync_to_async(Addon.objects.filter(pk=pks[0]).update)(average_daily_users=1)
    # Without a bump the cache still returns the old order.
    assert (await querycache.afetch({"ids": by_users()}))["ids"] == pks

    await generations.abump([generations.model_key(Addon)])
    with capture_queries() as queries:
        found = await querycache.afetch({"ids": by_users()})
    assert found["ids"] == [pks[1], pks[2], pks[0]]
    # Right after the bump the query reads the primary.
    assert [query.alias for query in queries.queries] == ["default"]


async def test_other_tables_bump_leaves_the_entry(live_db):
    await sync_to_async(build_addons)()
    await querycache.afetch({"ids": by_users()})
    await generations.abump([generations.model_key(Tag)])
    with capture_queries() as queries:
        await querycache.afetch({"ids": by_users()})
    assert queries.count == 0


async def test_bump_during_the_query_keeps_the_old_generation(live_db):
    pks = await sync_to_async(build_addons)()
    key = generations.model_key(Addon)
    await generations.aensure([key])
    old = await caches["default"].aget(key)

    class BumpWhileRunning(querycache.Rows):
        async def arun(self):
            rows = await super().arun()
            await generations.abump([key])
            return rows

    query = BumpWhileRunning(
        listed_addons().order_by("id").values_list("pk", flat=True)
    )
    await querycache.afetch({"ids": query})

    stored = await caches["default"].aget(
        querycache._Planned(query, *(await query.acompile())).key
    )
    assert stored == ({key: old}, sorted(pks))
    # The entry records the generation from before the write, so it is a
    # miss now.
    with capture_queries() as queries:
        await querycache.afetch({"ids": querycache.Rows(query.queryset)})
    assert queries.count == 1


async def test_empty_querysets_run_and_store_nothing(live_db):
    with capture_queries() as queries, capture_cache_calls() as calls:
        found = await querycache.afetch(
            {
                "ids": querycache.ids(Addon.objects.filter(pk__in=[])),
                "total": querycache.Count(Addon.objects.none()),
            }
        )
    assert found == {"ids": [], "total": 0}
    assert queries.count == 0
    assert calls.count == 0


async def test_object_ids_seed_the_object_cache(live_db):
    pks = await sync_to_async(build_addons)()
    query = querycache.ObjectIds(
        listed_addons().order_by("-average_daily_users", "id"), ADDON_CARD_KIND
    )

    with capture_queries() as queries:
        found = await querycache.afetch({"ids": query})
        cards = await objects.aget_many(ADDON_CARD_KIND, found["ids"])

    # One query read the whole cards; the object cache had them next.
    assert found["ids"] == pks
    assert queries.count == 1
    assert [cards[pk].slug for pk in pks] == [f"queried-{i}" for i in range(3)]


async def test_column_keeps_one_value_per_row(live_db):
    pks = await sync_to_async(build_addons)()
    query = querycache.Column(
        listed_addons().order_by("id").values_list("slug", "id"), 1
    )
    found = await querycache.afetch({"ids": query})
    assert found["ids"] == sorted(pks)
    # The position is part of the key: another column is another entry.
    other = querycache.Column(query.queryset, 0)
    slugs = (await querycache.afetch({"slugs": other}))["slugs"]
    assert slugs == [f"queried-{i}" for i in range(3)]


async def test_concurrent_misses_share_one_query(live_db):
    pks = await sync_to_async(build_addons)()
    with capture_queries() as queries:
        results = await asyncio.gather(
            *(querycache.afetch({"ids": by_users()}) for _ in range(50))
        )
    assert all(found["ids"] == pks for found in results)
    assert queries.count == 1


async def test_cache_outage_reads_the_database(live_db, settings, monkeypatch):
    from tests.services import free_port

    pks = await sync_to_async(build_addons)()
    settings.CACHES = {
        "default": {
            "BACKEND": "amo.core.cache.backends.MemcachedCache",
            "LOCATION": [f"127.0.0.1:{free_port()}"],
        }
    }
    monkeypatch.setattr(objects, "FLIGHT_GRACE", 0.2)
    counts = []
    for pause in (0, 0, 0.3):
        await asyncio.sleep(pause)
        with capture_queries() as queries:
            found = await querycache.afetch({"ids": by_users()})
        assert found["ids"] == pks
        counts.append(queries.count)
    # Nothing is stored, but a finished query is shared for FLIGHT_GRACE.
    assert counts == [1, 0, 1]


def test_sync_fetch_shares_the_entries(reference_data):
    pks = build_addons()
    first = querycache.fetch({"ids": by_users(), "total": count()})
    assert first == {"ids": pks, "total": 3}

    Addon.objects.filter(pk=pks[0]).update(average_daily_users=1)
    assert querycache.fetch({"ids": by_users()})["ids"] == pks

    generations.bump([generations.model_key(Addon)])
    assert querycache.fetch({"ids": by_users()})["ids"] == [pks[1], pks[2], pks[0]]


async def test_cache_hit_claims_no_replica_probe(live_db, monkeypatch):
    from amo.core.db import replicas

    await sync_to_async(build_addons)()
    await querycache.afetch({"ids": by_users()})
    monkeypatch.setattr(replicas, "RETRY_SECONDS", 0.0)
    replicas.mark_down("replica", "stopped for the test")
    try:
        # The hit compiles its key but runs no read, so the probe stays
        # free for the next read that does.
        with capture_queries() as queries:
            await querycache.afetch({"ids": by_users()})
        assert queries.count == 0
        assert replicas.outage_reason("replica") == "stopped for the test"
        assert not replicas._outages["replica"].probing

        await sync_to_async(Addon.objects.update)(average_daily_users=5)
        await generations.abump([generations.model_key(Addon)])
        monkeypatch.setattr(settings, "REPLICA_PIN_SECONDS", 0)
        with capture_queries() as queries:
            await querycache.afetch({"ids": by_users()})
        # The miss ran on the replica as its probe, which brought it back.
        assert [query.alias for query in queries.queries] == ["replica"]
        assert replicas.outage_reason("replica") is None
    finally:
        replicas.reset()


async def test_memo_builds_the_queryset_once(live_db):
    await sync_to_async(AddonFactory.create_batch)(2)
    built = []

    def addons():
        built.append(1)
        return Addon.objects.order_by("pk").values_list("pk", flat=True)

    memo = ("memo test", "all add-ons")
    first = await querycache.afetch({"ids": querycache.Rows(addons, memo=memo)})
    second = await querycache.afetch({"ids": querycache.Rows(addons, memo=memo)})

    assert first["ids"] == second["ids"]
    assert len(first["ids"]) == 2
    # The first fetch builds and compiles the queryset; the second reads
    # its SQL from the memo and its result from the cache.
    assert built == [1]

    await sync_to_async(AddonFactory)()
    await sync_to_async(generations.bump)([generations.model_key(Addon)])
    third = await querycache.afetch({"ids": querycache.Rows(addons, memo=memo)})
    # A miss builds the queryset to run it.
    assert len(third["ids"]) == 3
    assert built == [1, 1]
