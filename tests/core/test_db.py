"""The async data layer on the configured database (SQLite or MariaDB)."""

import asyncio

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.exceptions import FieldFetchBlocked
from django.db.models import Count, F

from amo.addons.models import Addon, AddonUser, Category
from amo.core import db
from amo.core.constants import AddonType
from amo.versions.models import Version
from tests.factories import AddonFactory, UserFactory


@pytest.fixture
async def addons(live_db):
    def create():
        author = UserFactory(username="ada")
        first = AddonFactory(
            slug="first",
            name={"en-US": "First", "de": "Erste"},
            average_daily_users=300,
            versions=2,
            authors=[author],
            categories=["tabs", "bookmarks"],
            tags=["tabs", "power"],
        )
        second = AddonFactory(slug="second", average_daily_users=200, authors=[author])
        third = AddonFactory(
            slug="theme", type=AddonType.STATICTHEME, average_daily_users=100
        )
        return first, second, third

    return await sync_to_async(create)()


async def test_fetch_builds_instances_in_order(addons):
    rows = await db.fetch(Addon.objects.order_by("-average_daily_users"))
    assert [addon.slug for addon in rows] == ["first", "second", "theme"]
    assert rows[0].name == {"en-US": "First", "de": "Erste"}
    assert rows[0].created.tzinfo is not None
    assert rows[0]._state.adding is False


async def test_fetch_with_filters_slices_and_lookups(addons):
    rows = await db.fetch(
        Addon.objects.filter(type=AddonType.EXTENSION, slug__startswith="fir")[:5]
    )
    assert [addon.slug for addon in rows] == ["first"]
    guid = addons[1].guid.upper()
    assert await db.fetch_one(Addon.objects.filter(guid_key=guid.lower())) == addons[1]


async def test_fetch_empty_in_list_runs_no_query(addons):
    with db.capture_queries() as queries:
        assert await db.fetch(Addon.objects.filter(id__in=[])) == []
    assert queries.count == 0


async def test_fetch_one_returns_none_without_rows(addons):
    assert await db.fetch_one(Addon.objects.filter(slug="missing")) is None


async def test_values_and_values_list(addons):
    flat = await db.fetch_values(
        Addon.objects.order_by("slug").values_list("slug", flat=True)
    )
    assert flat == ["first", "second", "theme"]
    pairs = await db.fetch_values(
        Addon.objects.order_by("slug").values_list("slug", "average_daily_users")
    )
    assert pairs[0] == ("first", 300)
    dicts = await db.fetch_values(Addon.objects.order_by("slug").values("slug", "type"))
    assert dicts[2] == {"slug": "theme", "type": AddonType.STATICTHEME}


async def test_count_and_exists(addons):
    assert await db.count(Addon.objects.all()) == 3
    assert await db.count(Addon.objects.filter(type=AddonType.EXTENSION)) == 2
    assert await db.count(Addon.objects.all()[:2]) == 2
    assert await db.count(Addon.objects.filter(id__in=[])) == 0
    assert await db.exists(Addon.objects.filter(slug="theme"))
    assert not await db.exists(Addon.objects.filter(slug="nope"))


async def test_annotations_and_expressions(addons):
    rows = await db.fetch(
        Category.objects.annotate(addon_count=Count("addons"))
        .filter(addon_count__gt=0)
        .order_by("slug")
    )
    assert [(category.slug, category.addon_count) for category in rows] == [
        ("bookmarks", 1),
        ("tabs", 1),
    ]
    doubled = await db.fetch_values(
        Addon.objects.filter(slug="first")
        .annotate(double=F("average_daily_users") * 2)
        .values_list("double", flat=True)
    )
    assert doubled == [600]


async def test_select_related_loads_the_relation(addons):
    version = await db.fetch_one(
        Version.objects.select_related("addon", "file").filter(addon__slug="first")
    )
    assert version.addon.slug == "first"
    assert version.file.filename.endswith(".xpi")


async def test_unloaded_relation_raises_instead_of_querying(addons):
    version = await db.fetch_one(Version.objects.filter(addon__slug="first"))
    with pytest.raises(FieldFetchBlocked):
        version.addon  # noqa: B018


async def test_prefetch_many_to_many_and_reverse_relations(addons):
    rows = await db.fetch(Addon.objects.order_by("slug"))
    with db.capture_queries() as queries:
        await db.prefetch(rows, "tags")
        await db.prefetch(rows, "versions", Version.objects.order_by("-created"))
    assert queries.count == 2
    assert sorted(tag.tag_text for tag in rows[0].tags.all()) == ["power", "tabs"]
    assert [version.version for version in rows[0].versions.all()] == ["1.1", "1.0"]
    assert list(rows[2].tags.all()) == []


async def test_prefetch_foreign_key(addons):
    links = await db.fetch(AddonUser.objects.order_by("id"))
    with db.capture_queries() as queries:
        await db.prefetch(links, "user")
    assert queries.count == 1
    assert links[0].user.username == "ada"
    assert all(link.user.pk == link.user_id for link in links)


async def test_prefetch_rejects_unknown_relation(addons):
    rows = await db.fetch(Addon.objects.all())
    with pytest.raises(ValueError, match="no relation 'nothing'"):
        await db.prefetch(rows, "nothing")


async def test_concurrent_reads_share_the_pool(addons):
    results = await asyncio.gather(
        *(
            db.count(Addon.objects.filter(average_daily_users__gte=10 * n))
            for n in range(40)
        )
    )
    assert results[0] == 3
    assert results[-1] == 0
    for alias, stats in db.pools.pool_stats().items():
        assert stats["size"] <= settings.DB_POOL_SIZE, alias


async def test_writes_run_in_one_thread_and_are_visible(addons):
    import threading

    threads = set()

    def rename(slug: str) -> int:
        threads.add(threading.get_ident())
        return Addon.objects.filter(slug=slug).update(sort_name="renamed")

    assert await db.run_write(rename, "first") == 1
    assert await db.run_write(rename, "second") == 1
    assert len(threads) == 1
    assert threading.get_ident() not in threads
    renamed = await db.fetch_values(
        Addon.objects.filter(sort_name="renamed").values_list("slug", flat=True)
    )
    assert sorted(renamed) == ["first", "second"]


async def test_write_failure_rolls_back(addons):
    def fail() -> None:
        Addon.objects.filter(slug="first").update(sort_name="half-done")
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        await db.run_write(fail)
    first = await db.fetch_one(Addon.objects.filter(slug="first"))
    assert first.sort_name != "half-done"


async def test_reads_use_the_replica_unless_pinned(addons):
    assert Addon.objects.all().db == "replica"
    with db.use_primary():
        assert Addon.objects.all().db == "default"
    assert Addon.objects.all().db == "replica"
