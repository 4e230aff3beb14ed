"""The daily rows that the demo catalogue gives its add-ons."""

import datetime

import pytest
from asgiref.sync import sync_to_async

from amo.addons.models import AddonUser
from amo.catalogue.demo import loader
from amo.catalogue.demo.data import ADDONS
from amo.catalogue.demo.loader import SEED, catalogue_numbers
from amo.catalogue.demo.stats import DAYS, demo_daily_rows, demo_rows_for_days
from amo.stats.actions import update_popularity
from amo.stats.models import DailyDownloads, DailyUsers
from tests.devhub.conftest import signed_in

TODAY = datetime.date(2024, 3, 15)
NUMBERS = catalogue_numbers(ADDONS)
BREAKDOWNS = ("versions", "applications", "locales", "oses")


@pytest.mark.parametrize("addon", ADDONS, ids=lambda addon: addon.slug)
def test_rows_agree_with_addon_fields(addon):
    numbers = NUMBERS[addon.slug]

    users, downloads = demo_daily_rows(addon, 1, numbers.weekly_downloads, SEED, TODAY)

    assert len(users) == len(downloads) == DAYS
    assert users[0].date == TODAY - datetime.timedelta(days=DAYS)
    assert users[-1].date == TODAY - datetime.timedelta(days=1)
    assert [row.date for row in users] == [row.date for row in downloads]
    # The popularity job's figures: the mean of the last 7 complete days
    # and their sum of downloads.
    assert sum(row.count for row in users[-7:]) == 7 * addon.users
    assert sum(row.count for row in downloads[-7:]) == numbers.weekly_downloads
    assert numbers.total_downloads >= sum(row.count for row in downloads)
    for row in users:
        assert row.count >= 0
        for name in BREAKDOWNS:
            breakdown = getattr(row, name)
            assert sum(breakdown.values()) == row.count, (row.date, name)
            assert all(count > 0 for count in breakdown.values()), (row.date, name)
    for row in downloads:
        assert row.count >= 0
        assert sum(row.sources.values()) == row.count, row.date


def test_rows_are_deterministic():
    addon = ADDONS[0]
    weekly = NUMBERS[addon.slug].weekly_downloads

    first = demo_daily_rows(addon, 1, weekly, SEED, TODAY)
    second = demo_daily_rows(addon, 1, weekly, SEED, TODAY)
    other_seed = demo_daily_rows(addon, 1, weekly, SEED + 1, TODAY)

    def values(rows):
        users, downloads = rows
        return (
            [(r.date, r.count, r.versions, r.locales) for r in users],
            [(r.date, r.count, r.sources) for r in downloads],
        )

    assert values(first) == values(second)
    assert values(first) != values(other_seed)


def test_versions_are_listed_ones():
    addon = next(addon for addon in ADDONS if len(addon.versions) > 2)
    listed = {version.version for version in addon.versions if version.listed}

    users, _downloads = demo_daily_rows(addon, 1, 100, SEED, TODAY)

    seen = {version for row in users for version in row.versions}
    assert seen <= listed
    last_day = users[-1].date
    released = [v for v in addon.versions if v.listed and v.released.date() <= last_day]
    newest = max(released, key=lambda v: v.released).version
    assert max(users[-1].versions, key=users[-1].versions.get) == newest


def test_later_days_are_near_addon_level():
    addon = ADDONS[0]
    weekly = NUMBERS[addon.slug].weekly_downloads
    days = [TODAY + datetime.timedelta(days=offset) for offset in range(28)]

    users, downloads = demo_rows_for_days(addon, 1, weekly, SEED, days)
    alone, _ = demo_rows_for_days(addon, 1, weekly, SEED, days[-1:])

    assert [row.date for row in users] == days
    # Four whole weeks: their mean is within the noise of the level.
    mean_users = sum(row.count for row in users) / len(days)
    assert abs(mean_users - addon.users) <= 0.02 * addon.users
    weekly_mean = sum(row.count for row in downloads) / 4
    assert abs(weekly_mean - weekly) <= 0.06 * weekly + 1
    # A day's rows do not depend on the other days asked for.
    assert alone[0].count == users[-1].count
    assert alone[0].versions == users[-1].versions
    for row in users:
        assert sum(row.locales.values()) == row.count


@pytest.mark.slow
async def test_loaded_demo_shows_statistics(live_db, monkeypatch):
    chosen = (ADDONS[0], next(addon for addon in ADDONS if addon.is_theme))
    monkeypatch.setattr(loader, "ADDONS", chosen)

    await sync_to_async(loader.load_demo)()

    today = datetime.datetime.now(datetime.UTC).date()
    for demo_addon in chosen:
        addon = await loader.Addon.objects.aget(guid=demo_addon.guid)
        users = [
            row async for row in DailyUsers.objects.filter(addon=addon).order_by("date")
        ]
        downloads = [
            row.count
            async for row in DailyDownloads.objects.filter(addon=addon).order_by("date")
        ]
        assert len(users) == len(downloads) == DAYS
        assert users[-1].date == today - datetime.timedelta(days=1)
        assert sum(row.count for row in users[-7:]) == 7 * addon.average_daily_users
        assert sum(downloads[-7:]) == addon.weekly_downloads

        owner = await AddonUser.objects.select_related("user").aget(
            addon=addon, position=0
        )
        client = await signed_in(owner.user)
        response = await client.get(
            f"/en-US/firefox/addon/{addon.slug}/statistics/usage/versions/?last=90"
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert '<svg class="stats-chart"' in html
        assert html.count("<time datetime=") == DAYS

    # The popularity job finds the figures the loader wrote.
    popularity = await sync_to_async(update_popularity)(today)
    assert popularity.computed == len(chosen)
    assert popularity.changed == 0


@pytest.mark.slow
async def test_later_start_adds_missing_days(live_db, monkeypatch):
    chosen = (ADDONS[0],)
    monkeypatch.setattr(loader, "ADDONS", chosen)
    await sync_to_async(loader.load_demo)()
    addon = await loader.Addon.objects.aget(guid=chosen[0].guid)
    today = datetime.datetime.now(datetime.UTC).date()
    first_rows = {
        row.date: row.count async for row in DailyUsers.objects.filter(addon=addon)
    }

    extended = await sync_to_async(loader.extend_daily_rows)(
        today + datetime.timedelta(days=3)
    )
    again = await sync_to_async(loader.extend_daily_rows)(
        today + datetime.timedelta(days=3)
    )

    rows = {row.date: row.count async for row in DailyUsers.objects.filter(addon=addon)}
    downloads = await DailyDownloads.objects.filter(addon=addon).acount()
    assert extended == 1
    assert again == 0
    assert sorted(set(rows) - set(first_rows)) == [
        today + datetime.timedelta(days=offset) for offset in range(3)
    ]
    assert all(rows[day] == count for day, count in first_rows.items())
    assert downloads == DAYS + 3
