"""Every query the pages run is served by an index, checked with EXPLAIN.

The pages run against a catalogue of a few thousand add-ons in realistic
proportions, so MariaDB's optimizer has real choices to make. Each SQL
statement that a page ran is then explained with EXPLAIN FORMAT=JSON, and
every table it reads must be read through an index: a full table scan
(access type ALL) fails the test.
"""

import datetime
import json
import random
from collections.abc import Iterator
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from amo.addons.models import Addon, AddonUser, Category, Preview, Tag
from amo.core.cache import objects
from amo.core.constants import (
    AddonStatus,
    AddonType,
    ApplicationChoices,
    AuthorRole,
    Channel,
    FileStatus,
)
from amo.core.db import capture_queries, execute_sql
from amo.files.models import File
from amo.users.models import User
from amo.versions.models import ApplicationsVersions, License, Version
from tests.conftest import uses_mysql

pytestmark = [
    pytest.mark.skipif(
        not uses_mysql(),
        reason="query plans are checked on MariaDB, which production runs",
    ),
    pytest.mark.slow,
]

ADDONS = 3000
USERS = 400
TAGS = 60
# Type mix of a store like AMO: mostly extensions, then themes.
TYPE_WEIGHTS = {
    AddonType.EXTENSION: 0.62,
    AddonType.STATICTHEME: 0.30,
    AddonType.DICTIONARY: 0.03,
    AddonType.LANGUAGE: 0.03,
    AddonType.SEARCH: 0.02,
}
# Reference tables whose rows fit in one or two InnoDB pages. MariaDB reads
# such a table whole rather than through an index, rightly: the scan costs
# what one index lookup would. Each may grow to the row count given here;
# past it, the test requires an index again.
SMALL_TABLES = {"categories": 200}
# EXPLAIN's message for a lookup by a unique key that matched no row.
CONST_MISS = "Impossible WHERE noticed after reading const tables"
STATUS_WEIGHTS = {
    AddonStatus.PUBLIC: 0.85,
    AddonStatus.NOMINATED: 0.05,
    AddonStatus.DISABLED: 0.04,
    AddonStatus.INCOMPLETE: 0.03,
    AddonStatus.DELETED: 0.03,
}


def _pick(rng: random.Random, weights: dict[Any, float]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def build_catalogue() -> dict[str, Any]:
    """Bulk-create the catalogue and return the rows the pages look up.

    bulk_create bypasses Addon.save(), so guid_key and sort_name are set
    here.
    """
    rng = random.Random(20100903)
    now = timezone.now()
    mpl = License.objects.get(slug="MPL-2.0")
    categories = {
        addon_type: list(
            Category.objects.filter(
                application=ApplicationChoices.FIREFOX, type=addon_type
            )
        )
        for addon_type in TYPE_WEIGHTS
    }

    users = User.objects.bulk_create(
        User(username=f"user{index}", email=f"user{index}@example.com")
        for index in range(USERS)
    )
    tags = Tag.objects.bulk_create(Tag(tag_text=f"tag{index}") for index in range(TAGS))

    addons = []
    for index in range(ADDONS):
        name = f"Add-on {index:05d}"
        addons.append(
            Addon(
                slug=f"addon-{index}",
                guid=f"addon{index}@example.com",
                guid_key=f"addon{index}@example.com",
                type=_pick(rng, TYPE_WEIGHTS),
                status=_pick(rng, STATUS_WEIGHTS),
                disabled_by_user=rng.random() < 0.03,
                name={"en-US": name},
                summary={"en-US": f"Summary of {name}"},
                sort_name=name.lower(),
                average_daily_users=int(rng.paretovariate(1.2) * 100),
                weekly_downloads=rng.randrange(0, 50_000),
                bayesian_rating=round(rng.uniform(1, 5), 2),
                average_rating=round(rng.uniform(1, 5), 2),
                total_ratings=rng.randrange(0, 2000),
                created=now - datetime.timedelta(days=rng.randrange(1, 4000)),
                last_updated=now - datetime.timedelta(days=rng.randrange(0, 1000)),
                promoted="recommended" if rng.random() < 0.03 else "",
            )
        )
    addons = Addon.objects.bulk_create(addons)

    versions = Version.objects.bulk_create(
        Version(
            addon=addon,
            version=f"1.{number}",
            channel=Channel.UNLISTED if rng.random() < 0.1 else Channel.LISTED,
            license=mpl,
            release_notes={"en-US": "Changes."},
            created=now - datetime.timedelta(days=100 - number * 10),
        )
        for addon in addons
        for number in range(3)
    )
    File.objects.bulk_create(
        File(
            version=version,
            filename=f"{version.addon.slug}-{version.version}.xpi",
            status=FileStatus.PUBLIC if rng.random() < 0.9 else FileStatus.DISABLED,
            size=rng.randrange(10_000, 5_000_000),
            file=f"files/{version.addon_id}/{version.pk}.xpi",
        )
        for version in versions
    )
    ApplicationsVersions.objects.bulk_create(
        ApplicationsVersions(
            version=version,
            application=ApplicationChoices.FIREFOX,
            min="115.0",
            max="*",
        )
        for version in versions
    )
    latest = {version.addon_id: version for version in versions}
    for addon in addons:
        addon.current_version = latest[addon.pk]
    Addon.objects.bulk_update(addons, ["current_version"], batch_size=500)

    AddonUser.objects.bulk_create(
        AddonUser(
            addon=addon,
            user=user,
            role=AuthorRole.OWNER,
            listed=rng.random() < 0.95,
            position=position,
        )
        for addon in addons
        for position, user in enumerate(rng.sample(users, rng.choice((1, 1, 2))))
    )
    Addon.categories.through.objects.bulk_create(
        Addon.categories.through(addon=addon, category=category)
        for addon in addons
        for category in rng.sample(categories[addon.type], 1)
    )
    Addon.tags.through.objects.bulk_create(
        Addon.tags.through(addon=addon, tag=tag)
        for addon in addons
        for tag in rng.sample(tags, rng.randrange(0, 4))
    )
    Preview.objects.bulk_create(
        Preview(
            addon=addon,
            position=position,
            image=f"previews/{addon.pk}/{position}.png",
            thumbnail=f"previews/{addon.pk}/{position}-thumb.png",
        )
        for addon in addons
        for position in range(1 if addon.type == AddonType.STATICTHEME else 2)
    )

    with connection.cursor() as cursor:
        for table in (
            "addons",
            "addons_users",
            "addons_categories",
            "addons_tags",
            "applications_versions",
            "categories",
            "files",
            "licenses",
            "previews",
            "tags",
            "users",
            "versions",
        ):
            cursor.execute(f"ANALYZE TABLE {table}")

    public = [
        addon
        for addon in addons
        if addon.status == AddonStatus.PUBLIC
        and not addon.disabled_by_user
        and addon.type == AddonType.EXTENSION
    ]
    target = max(public, key=lambda addon: addon.average_daily_users)
    author = AddonUser.objects.filter(addon=target, listed=True).first().user
    file = (
        File.objects.filter(
            version__addon=target,
            version__channel=Channel.LISTED,
            status=FileStatus.PUBLIC,
        )
        .select_related("version")
        .first()
    )
    default_storage.save(file.file.name, ContentFile(b"PK package"))
    # Imported add-ons keep their addons.mozilla.org id, which old links use.
    amo_id = 3615
    Addon.objects.filter(pk=target.pk).update(amo_id=amo_id)
    return {
        "amo_id": amo_id,
        "addon": target,
        "author": author,
        "tag": Tag.objects.filter(addons=target).first() or tags[0],
        "file": file,
    }


def page_paths(rows: dict[str, Any]) -> list[str]:
    addon, author, tag, file = rows["addon"], rows["author"], rows["tag"], rows["file"]
    prefix = "/en-US/firefox"
    paths = [
        f"{prefix}/",
        f"{prefix}/addon/{addon.slug}/",
        f"{prefix}/addon/{addon.pk}/",
        f"{prefix}/addon/{rows['amo_id']}/",
        # Variants of a slug or tag: the exact lookup misses on a leading
        # space, so the case-insensitive one runs too.
        f"{prefix}/addon/%20{addon.slug.upper()}/",
        f"{prefix}/tag/%20{tag.tag_text.upper()}/",
        f"{prefix}/addon/{addon.guid}/",
        f"{prefix}/addon/{addon.slug}/versions/",
        f"{prefix}/addon/{addon.slug}/privacy/",
        f"{prefix}/addon/{addon.slug}/license/{file.version.version}/",
        f"{prefix}/extensions/?promoted=recommended",
        f"{prefix}/extensions/privacy-security/",
        f"{prefix}/themes/?page=2",
        f"{prefix}/themes/nature/?sort=rating",
        f"{prefix}/dictionaries/",
        f"{prefix}/user/{author.pk}/",
        f"{prefix}/user/{author.username}/",
        f"{prefix}/tag/{tag.tag_text}/",
        f"/firefox/downloads/file/{file.pk}/{file.filename}",
        f"/firefox/downloads/latest/{addon.slug}/",
        f"/firefox/downloads/latest/{rows['amo_id']}/",
    ]
    paths.extend(
        f"{prefix}/extensions/?sort={sort}"
        for sort in ("users", "rating", "created", "updated", "name", "downloads")
    )
    return paths


def table_accesses(plan: Any) -> Iterator[dict[str, Any]]:
    """Yield each table read of an EXPLAIN FORMAT=JSON plan, nested or not."""
    if isinstance(plan, dict):
        if "table_name" in plan and "access_type" in plan:
            yield plan
        for value in plan.values():
            yield from table_accesses(value)
    elif isinstance(plan, list):
        for item in plan:
            yield from table_accesses(item)


async def explain(alias: str, sql: str, params: tuple[Any, ...]) -> dict[str, Any]:
    rows = await execute_sql(alias, f"EXPLAIN FORMAT=JSON {sql}", params)
    return json.loads(rows[0][0])


async def test_page_queries_use_indexes(live_db, async_client):
    rows = await sync_to_async(build_catalogue)()

    statements: dict[str, tuple[str, tuple[Any, ...], str]] = {}
    for path in page_paths(rows):
        # Each page starts from empty caches and no shared loads, so it runs
        # every query it has.
        await caches["default"].aclear()
        objects.forget_flights()
        with capture_queries() as queries:
            response = await async_client.get(path)
            if response.streaming:
                # Read the download to its end, which closes the file.
                async for _ in response.streaming_content:
                    pass
        assert response.status_code in (200, 301, 302), path
        assert queries.count > 0, path
        for record in queries.queries:
            statements.setdefault(record.sql, (record.alias, record.params, path))

    unindexed = []
    checked = 0
    small_rows = {
        table: (await execute_sql("default", f"SELECT COUNT(*) FROM {table}", ()))[0][0]
        for table in SMALL_TABLES
    }
    for sql, (alias, params, path) in statements.items():
        plan = await explain(alias, sql, params)
        if plan["query_block"].get("table", {}).get("message") == CONST_MISS:
            # A lookup by a unique key that found no row: MariaDB read the
            # index while planning and has no table left to read.
            checked += 1
            continue
        accesses = [
            access
            for access in table_accesses(plan)
            # Derived tables and materialised subqueries are read from
            # memory; the tables inside them are checked on their own.
            if not access["table_name"].startswith("<")
        ]
        assert accesses, f"{path}: no table read in the plan of {sql}: {plan}"
        for access in accesses:
            checked += 1
            table = access["table_name"]
            if table in SMALL_TABLES and small_rows[table] <= SMALL_TABLES[table]:
                continue
            if access["access_type"] == "ALL" or not access.get("key"):
                unindexed.append(
                    f"{path}: {access['table_name']} read by "
                    f"{access['access_type']} in {sql}\n{json.dumps(plan, indent=1)}"
                )
    assert unindexed == []
    assert checked >= len(statements)


async def test_listing_sorts_read_in_index_order(live_db, async_client):
    """A browse page of one type reads its sort index in order, so the
    database stops after one page instead of sorting the whole listing.
    """
    await sync_to_async(build_catalogue)()

    for sort in ("users", "rating", "created", "updated", "name", "downloads"):
        with capture_queries() as queries:
            response = await async_client.get(f"/en-US/firefox/extensions/?sort={sort}")
        assert response.status_code == 200
        listing = [
            record
            for record in queries.queries
            if record.sql.startswith("SELECT `addons`.") and " LIMIT " in record.sql
        ]
        assert len(listing) == 1, sort
        plan = await explain(listing[0].alias, listing[0].sql, listing[0].params)
        assert "filesort" not in json.dumps(plan), f"{sort}: {plan}"
        keys = {access.get("key") for access in table_accesses(plan)}
        assert keys == {f"addon_listing_{sort}"}, sort
