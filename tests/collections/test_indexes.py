"""Every query of the collection reads and endpoints is served by an index.

The collections of a few hundred users, with thousands of add-on entries
and favourites, give MariaDB's optimizer real choices. Each statement the
queries and the API ran is explained with EXPLAIN FORMAT=JSON, and every
table it reads must be read through an index.
"""

import datetime
import json
import random
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.core.cache import caches

from amo.addons.models import Addon
from amo.collections import queries
from amo.collections.models import Collection, CollectionAddon, CollectionFavourite
from amo.core.cache import objects
from amo.core.constants import AddonStatus
from amo.core.db import capture_queries
from amo.users.models import User
from tests.conftest import uses_mysql
from tests.pages.test_indexes import CONST_MISS, explain, table_accesses

pytestmark = [
    pytest.mark.skipif(
        not uses_mysql(),
        reason="query plans are checked on MariaDB, which production runs",
    ),
    pytest.mark.slow,
]

USERS = 300
ADDONS = 1500
COLLECTIONS_PER_USER = 5
ADDONS_PER_COLLECTION = 12
FAVOURITES_PER_USER = 8


def build_collections() -> dict[str, Any]:
    """Bulk-create users, add-ons, collections, entries and favourites."""
    rng = random.Random(7)
    now = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    users = User.objects.bulk_create(
        User(username=f"u{index}", email=f"u{index}@example.com")
        for index in range(USERS)
    )
    statuses = [AddonStatus.PUBLIC] * 17 + [AddonStatus.NOMINATED, AddonStatus.DELETED]
    addons = Addon.objects.bulk_create(
        Addon(
            guid=f"a{index}@example.com",
            guid_key=f"a{index}@example.com",
            slug=f"a{index}",
            type=1,
            status=rng.choice(statuses),
            name={"en-US": f"Add-on {index}"},
            sort_name=f"add-on {index}",
            average_daily_users=rng.randrange(100_000),
        )
        for index in range(ADDONS)
    )
    collections = Collection.objects.bulk_create(
        Collection(
            author=user,
            slug=f"c{index}",
            name={"en-US": f"Collection {index}"},
            public=rng.random() < 0.8,
            featured=rng.random() < 0.02,
            featured_at=now - datetime.timedelta(hours=rng.randrange(1000)),
            modified=now - datetime.timedelta(hours=rng.randrange(1000)),
        )
        for user in users
        for index in range(COLLECTIONS_PER_USER)
    )
    CollectionAddon.objects.bulk_create(
        CollectionAddon(
            collection=collection,
            addon=addon,
            position=position,
            created=now - datetime.timedelta(hours=rng.randrange(1000)),
        )
        for collection in collections
        for position, addon in enumerate(rng.sample(addons, ADDONS_PER_COLLECTION))
    )
    CollectionFavourite.objects.bulk_create(
        CollectionFavourite(user=user, collection=collection)
        for user in users
        for collection in rng.sample(collections, FAVOURITES_PER_USER)
    )
    target = next(c for c in collections if c.public)
    entry = CollectionAddon.objects.filter(collection=target).first()
    return {"user": target.author, "collection": target, "addon_id": entry.addon_id}


async def run_reads(rows: dict[str, Any]) -> list[Any]:
    """Run every collection query from empty caches; return their records."""
    user, collection = rows["user"], rows["collection"]
    await caches["default"].aclear()
    objects.forget_flights()
    with capture_queries() as captured:
        await queries.get_collection(user.username, collection.slug)
        await queries.get_collection_by_id(collection.pk, viewer=user)
        await queries.user_collections(user.pk, viewer=user)
        await queries.user_collections(user.pk, page=2, page_size=2)
        for sort in ("added", "-popularity", "name", "-position"):
            await queries.collection_addons(collection.pk, sort=sort)
        await queries.collection_entries(collection.pk, include_all=True)
        await queries.collection_entries(
            collection.pk, include_all=True, with_deleted=True
        )
        await queries.get_entry(collection.pk, rows["addon_id"])
        await queries.get_entry(collection.pk, "a1")
        await queries.featured_collections()
        await queries.favourite_collections(user.pk)
        await queries.collections_with_addon(user.pk, rows["addon_id"])
        await queries.is_favourite(user.pk, collection.pk)
    return captured.queries


async def test_collection_queries_use_indexes(live_db):
    rows = await sync_to_async(build_collections)()

    records = await run_reads(rows)

    statements = {record.sql: record for record in records}
    assert len(statements) >= 10
    unindexed = []
    for sql, record in statements.items():
        plan = await explain(record.alias, sql, record.params)
        if plan["query_block"].get("table", {}).get("message") == CONST_MISS:
            continue
        accesses = [
            access
            for access in table_accesses(plan)
            if not access["table_name"].startswith("<")
        ]
        assert accesses, f"no table read in the plan of {sql}: {plan}"
        for access in accesses:
            if access["access_type"] == "ALL" or not access.get("key"):
                unindexed.append(
                    f"{access['table_name']} read by {access['access_type']} "
                    f"in {sql}\n{json.dumps(plan, indent=1)}"
                )
    assert unindexed == []


async def test_user_collections_read_in_index_order(live_db):
    rows = await sync_to_async(build_collections)()
    await caches["default"].aclear()

    with capture_queries() as captured:
        await queries.user_collections(rows["user"].pk, viewer=rows["user"])
        await queries.featured_collections()

    listings = [
        record
        for record in captured.queries
        if " LIMIT " in record.sql and "FROM `collections`" in record.sql
    ]
    assert len(listings) == 2
    for record in listings:
        plan = await explain(record.alias, record.sql, record.params)
        assert "filesort" not in json.dumps(plan), plan
