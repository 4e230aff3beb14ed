"""The recompute of average daily users, weekly and total downloads."""

import pytest
from asgiref.sync import sync_to_async

from amo.addons import queries as addon_queries
from amo.addons.models import Addon
from amo.core.constants import AddonType
from amo.search.models import SearchDocument
from amo.stats import actions, rollup
from amo.stats.models import DailyDownloads, DailyUsers, DownloadTotal
from tests.factories import AddonFactory
from tests.stats.conftest import NOW, TODAY, days_ago, put_downloads

# The window of TODAY: 7 complete days, from 7 days ago to yesterday.
FIRST_DAY = days_ago(7)
LAST_DAY = days_ago(1)

IMPORTED = {
    "average_daily_users": 5000,
    "weekly_downloads": 700,
    "total_downloads": 9000,
}

# Hand-worked cases: rows by days ago, and the expected figures. A
# `downloads` of None means no DailyDownloads row at all.
CASES = [
    pytest.param(
        {1: 10, 2: 20, 3: 30, 4: 40, 5: 50, 6: 60, 7: 70},
        None,
        {"average_daily_users": 40},
        id="full-week",
    ),
    pytest.param(
        # Today's partial day and the day before the window are left out.
        {0: 1000, 7: 70, 8: 1000},
        None,
        {"average_daily_users": 10},
        id="window-edges",
    ),
    pytest.param({1: 3}, None, {"average_daily_users": 0}, id="rounds-down"),
    pytest.param({1: 4}, None, {"average_daily_users": 1}, id="rounds-up"),
    pytest.param(
        {2: 100, 5: 100}, None, {"average_daily_users": 29}, id="missing-days"
    ),
    pytest.param(
        {30: 800}, None, {"average_daily_users": 0}, id="rows-only-before-window"
    ),
    pytest.param(
        None,
        {0: 9, 1: 5, 4: 6, 7: 7, 8: 100},
        {"weekly_downloads": 18},
        id="downloads-keep-users",
    ),
    pytest.param(None, None, {}, id="no-rows-keep-figures"),
]

CASE_VALUES = [case.values for case in CASES]


def build(users: dict[int, int] | None, downloads: dict[int, int] | None) -> int:
    addon = AddonFactory(**IMPORTED)
    for days, count in (users or {}).items():
        DailyUsers.objects.create(addon=addon, date=days_ago(days), count=count)
    for days, count in (downloads or {}).items():
        DailyDownloads.objects.create(addon=addon, date=days_ago(days), count=count)
    return addon.pk


def figures(addon_id: int) -> dict[str, int]:
    return dict(
        zip(
            actions.POPULARITY_FIELDS,
            Addon.objects.values_list(*actions.POPULARITY_FIELDS).get(pk=addon_id),
            strict=True,
        )
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("users", "downloads", "changes"), CASES)
def test_popularity_cases(users, downloads, changes):
    addon_id = build(users, downloads)

    result = actions.update_popularity(TODAY)

    assert figures(addon_id) == {**IMPORTED, **changes}
    assert result.first_day == FIRST_DAY
    assert result.last_day == LAST_DAY
    assert result.changed == (1 if changes else 0)


@pytest.mark.django_db(transaction=True)
def test_popularity_rerun_changes_nothing():
    addon_ids = [build(users, downloads) for users, downloads, _ in CASE_VALUES]

    first = actions.update_popularity(TODAY)
    before_rerun = {pk: figures(pk) for pk in addon_ids}
    second = actions.update_popularity(TODAY)

    assert first.changed == 7
    assert second.changed == 0
    assert second.computed == first.computed == 7
    assert {pk: figures(pk) for pk in addon_ids} == before_rerun


def test_average_of_days():
    assert [actions.average_of_days(total) for total in range(0, 15)] == [
        0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2,
    ]  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_total_downloads_from_baseline_and_counted():
    addon = AddonFactory(total_downloads=9000, weekly_downloads=0)
    DownloadTotal.objects.create(addon=addon, baseline=9000, counted=42)
    DailyDownloads.objects.create(addon=addon, date=days_ago(1), count=42)

    actions.update_popularity(TODAY)
    actions.update_popularity(TODAY)

    assert figures(addon.pk)["total_downloads"] == 9042
    assert figures(addon.pk)["weekly_downloads"] == 42


async def test_rolled_up_downloads_count_once(live_db, stats_redis):
    addon = await sync_to_async(AddonFactory)(total_downloads=1000)
    await put_downloads(stats_redis, days_ago(1), addon.pk, 30)
    await put_downloads(stats_redis, days_ago(0), addon.pk, 4)

    for _ in range(2):
        await rollup.run(stats_redis, now=NOW)
        await sync_to_async(actions.update_popularity)(TODAY)
    await put_downloads(stats_redis, days_ago(0), addon.pk, 1)
    await rollup.run(stats_redis, now=NOW)
    await sync_to_async(actions.update_popularity)(TODAY)

    stored = await sync_to_async(figures)(addon.pk)
    assert stored["total_downloads"] == 1000 + 30 + 4 + 1
    assert stored["weekly_downloads"] == 30


async def test_users_sort_changes_after_recompute(live_db):
    def build_two() -> tuple[int, int]:
        popular = AddonFactory(average_daily_users=2000, slug="popular")
        rising = AddonFactory(average_daily_users=1000, slug="rising")
        for days in range(1, 8):
            DailyUsers.objects.create(addon=rising, date=days_ago(days), count=3000)
        return popular.pk, rising.pk

    popular, rising = await sync_to_async(build_two)()
    listing = addon_queries.ListingFilter(types=(AddonType.EXTENSION,))
    before = await addon_queries.get_listing_ids(listing, sort="users")
    cached_page = await addon_queries.get_addon_by_slug("rising")

    result = await sync_to_async(actions.update_popularity)(TODAY)

    after = await addon_queries.get_listing_ids(listing, sort="users")
    page = await addon_queries.get_addon_by_slug("rising")
    assert before == [popular, rising]
    assert after == [rising, popular]
    assert cached_page is not None
    assert cached_page.average_daily_users == 1000
    assert page is not None
    assert page.average_daily_users == 3000
    assert result.changed == 1


@pytest.mark.django_db(transaction=True)
def test_recompute_rewrites_search_documents_by_users():
    quiet = AddonFactory(average_daily_users=2000)
    loud = AddonFactory(average_daily_users=1000)
    DailyUsers.objects.create(addon=loud, date=days_ago(1), count=7 * 3000)

    actions.update_popularity(TODAY)

    written = list(
        SearchDocument.objects.order_by("pk").values_list("addon_id", flat=True)
    )
    assert written == [loud.pk, quiet.pk]


@pytest.mark.django_db(transaction=True)
def test_recompute_without_change_queues_nothing(monkeypatch):
    queued = []
    monkeypatch.setattr(actions, "_queue_reindex", lambda: queued.append(True))
    addon = AddonFactory(average_daily_users=0, weekly_downloads=0)
    DailyDownloads.objects.create(addon=addon, date=days_ago(1), count=5)

    actions.update_popularity(TODAY)

    assert queued == []
    assert figures(addon.pk)["weekly_downloads"] == 5
