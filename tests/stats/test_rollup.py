"""The roll-up of the Redis counters into the daily rows.

Each test runs on the in-process stand-in and on real Redis (`stats_redis`).
"""

import datetime

import pytest
from asgiref.sync import sync_to_async

from amo.stats import actions, counters, rollup
from amo.stats.models import DailyDownloads, DailyUsers, DownloadTotal
from tests.factories import AddonFactory
from tests.stats.conftest import (
    NOW,
    TODAY,
    arows_of,
    days_ago,
    put_downloads,
    put_users,
    stats_keys,
)


def make_addons(count: int, **fields) -> list[int]:
    return [AddonFactory(**fields).pk for _ in range(count)]


amake_addons = sync_to_async(make_addons)


def totals() -> dict[int, tuple[int, int]]:
    return {
        total.addon_id: (total.baseline, total.counted)
        for total in DownloadTotal.objects.all()
    }


atotals = sync_to_async(totals)


async def test_counters_to_rows(live_db, stats_redis):
    first, second = await amake_addons(2, total_downloads=5000)
    for version, locale, os in [
        ("1.0", "de", "WINNT"),
        ("1.0", "fr", "Linux"),
        ("1.1", "de", "WINNT"),
    ]:
        counters.count_update_check(
            first,
            version=version,
            app="firefox",
            app_version="128.0",
            locale=locale,
            os=os,
        )
    counters.count_download(first, source="search")
    counters.count_download(first, source="search")
    counters.count_download(first)
    counters.count_download(second, source="<script>")
    await counters.flush()

    result = await rollup.run(stats_redis)

    today = datetime.datetime.now(datetime.UTC).date()
    users = await arows_of(DailyUsers)
    assert users == {
        (first, today): {
            "count": 3,
            "versions": {"1.0": 2, "1.1": 1},
            "applications": {"firefox 128.0": 3},
            "locales": {"de": 2, "fr": 1},
            "oses": {"WINNT": 2, "Linux": 1},
        }
    }
    downloads = await arows_of(DailyDownloads)
    assert downloads == {
        (first, today): {"count": 3, "sources": {"search": 2, "": 1}},
        (second, today): {"count": 1, "sources": {"other": 1}},
    }
    assert await atotals() == {first: (5000, 3), second: (5000, 1)}
    assert result.rows == 3
    assert result.days == 2
    assert result.finished == 0


async def test_rollup_twice_equals_once(live_db, stats_redis):
    addon_ids = await amake_addons(3)
    for index, addon_id in enumerate(addon_ids):
        for day in (days_ago(0), days_ago(1), days_ago(2)):
            await put_users(
                stats_redis, day, addon_id, 10 + index, versions={"2.0": 10 + index}
            )
            await put_downloads(stats_redis, day, addon_id, 5 + index)

    first = await rollup.run(stats_redis, now=NOW)
    users, downloads, download_totals = (
        await arows_of(DailyUsers),
        await arows_of(DailyDownloads),
        await atotals(),
    )
    second = await rollup.run(stats_redis, now=NOW)

    assert first.rows == 18
    assert second.rows == 0
    assert await arows_of(DailyUsers) == users
    assert await arows_of(DailyDownloads) == downloads
    assert await atotals() == download_totals
    assert download_totals == {
        addon_ids[0]: (0, 15),
        addon_ids[1]: (0, 18),
        addon_ids[2]: (0, 21),
    }
    assert users[(addon_ids[2], days_ago(1))]["count"] == 12


async def test_failure_after_first_batch_then_rerun(live_db, stats_redis, monkeypatch):
    addon_ids = await amake_addons(5)
    for index, addon_id in enumerate(addon_ids):
        await put_downloads(stats_redis, days_ago(0), addon_id, index + 1)
        await put_downloads(stats_redis, days_ago(3), addon_id, 10 * (index + 1))
    save = actions.save_daily_counts
    calls = []

    def fail_on_second_batch(*args, **kwargs):
        calls.append(args[1])
        if len(calls) == 2:
            raise RuntimeError("injected after the first batch")
        return save(*args, **kwargs)

    monkeypatch.setattr(actions, "save_daily_counts", fail_on_second_batch)
    with pytest.raises(RuntimeError, match="injected"):
        await rollup.run(stats_redis, now=NOW, batch_size=2)
    assert len(await arows_of(DailyDownloads)) == 2
    monkeypatch.setattr(actions, "save_daily_counts", save)

    result = await rollup.run(stats_redis, now=NOW, batch_size=2)

    assert not result.skipped
    downloads = await arows_of(DailyDownloads)
    assert {key: row["count"] for key, row in downloads.items()} == {
        **{(pk, days_ago(0)): index + 1 for index, pk in enumerate(addon_ids)},
        **{(pk, days_ago(3)): 10 * (index + 1) for index, pk in enumerate(addon_ids)},
    }
    assert await atotals() == {
        pk: (0, 11 * (index + 1)) for index, pk in enumerate(addon_ids)
    }


async def test_finished_days_deleted_today_kept(live_db, stats_redis):
    # 00:30: the previous day ended half an hour ago, the one before 24.5 h.
    now = datetime.datetime.combine(TODAY, datetime.time(0, 30), datetime.UTC)
    (addon_id,) = await amake_addons(1)
    for days, count in ((0, 1), (1, 2), (2, 3)):
        await put_users(
            stats_redis, days_ago(days), addon_id, count, versions={"1": count}
        )
        await put_downloads(stats_redis, days_ago(days), addon_id, count)

    result = await rollup.run(stats_redis, now=now)

    users = await arows_of(DailyUsers)
    assert {key: row["count"] for key, row in users.items()} == {
        (addon_id, days_ago(0)): 1,
        (addon_id, days_ago(1)): 2,
        (addon_id, days_ago(2)): 3,
    }
    assert result.finished == 2
    keys = await stats_keys(stats_redis)
    finished = [
        f"stats:finished:downloads:{days_ago(2)}",
        f"stats:finished:users:{days_ago(2)}",
    ]
    if stats_redis.__class__.__name__ == "LocalRedis":
        # The stand-in's counts were moved into the rows.
        assert keys == finished
    else:
        kept = [
            f"stats:{kind}:{day}{suffix}"
            for kind in ("downloads", "users")
            for day in (days_ago(1), days_ago(0))
            for suffix in ("", f":{addon_id}")
        ]
        assert keys == sorted(finished + kept)


async def test_late_counts_of_finished_day_are_added(live_db, stats_redis):
    (addon_id,) = await amake_addons(1)
    day = days_ago(2)
    await put_downloads(stats_redis, day, addon_id, 7, {"search": 7})
    await rollup.run(stats_redis, now=NOW)
    # A process flushes counts of that day after it was finished.
    await put_downloads(stats_redis, day, addon_id, 2, {"search": 1, "dp": 1})

    first = await rollup.run(stats_redis, now=NOW)
    second = await rollup.run(stats_redis, now=NOW)

    downloads = await arows_of(DailyDownloads)
    assert downloads == {
        (addon_id, day): {"count": 9, "sources": {"search": 8, "dp": 1}}
    }
    assert await atotals() == {addon_id: (0, 9)}
    assert first.rows == 1
    assert second.rows == 0
    assert await stats_keys(stats_redis) == [f"stats:finished:downloads:{day}"]


async def test_late_counts_without_marker_are_added(live_db, stats_redis):
    """Keys of a day older than their lifetime came from a late flush."""
    (addon_id,) = await amake_addons(1)
    day = days_ago(20)
    await sync_to_async(DailyDownloads.objects.create)(
        addon_id=addon_id, date=day, count=100, sources={"": 100}
    )
    await put_downloads(stats_redis, day, addon_id, 5)

    await rollup.run(stats_redis, now=NOW)

    downloads = await arows_of(DailyDownloads)
    assert downloads == {(addon_id, day): {"count": 105, "sources": {"": 105}}}


async def test_breakdown_keeps_top_values(live_db, stats_redis):
    (addon_id,) = await amake_addons(1)
    # Versions 1 to 60 with as many users each; "11" and "11b" tie for the
    # 50th place, which goes to the name that sorts first.
    versions = {str(number): number for number in range(1, 61)}
    versions["11b"] = 11
    versions["other"] = 7
    await put_users(
        stats_redis, days_ago(0), addon_id, sum(versions.values()), versions=versions
    )

    await rollup.run(stats_redis, now=NOW)

    row = (await arows_of(DailyUsers))[(addon_id, days_ago(0))]
    kept = row["versions"]
    assert len(kept) == actions.BREAKDOWN_LIMIT + 1
    assert {value: kept[value] for value in kept if value != "other"} == {
        str(number): number for number in range(11, 61)
    }
    assert kept["other"] == 7 + 11 + sum(range(1, 11))
    assert sum(kept.values()) == row["count"]


def test_cap_breakdown_drops_empty_values():
    assert actions.cap_breakdown({"a": 0, "b": -2, "c": 3}) == {"c": 3}
    assert actions.cap_breakdown({}) == {}
    assert actions.cap_breakdown({"other": 4}) == {"other": 4}


async def test_unknown_addon_ids_dropped(live_db, stats_redis, log_events):
    (addon_id,) = await amake_addons(1)
    missing = addon_id + 1000
    await put_downloads(stats_redis, days_ago(0), addon_id, 4)
    await put_downloads(stats_redis, days_ago(0), missing, 9)
    await stats_redis.hincrby(
        counters.day_key(counters.DOWNLOADS, days_ago(0)), "not-an-id", 1
    )

    result = await rollup.run(stats_redis, now=NOW)

    assert await arows_of(DailyDownloads) == {
        (addon_id, days_ago(0)): {"count": 4, "sources": {"": 4}}
    }
    assert result.unknown == 1
    dropped = [
        entry for entry in log_events() if entry["event"].startswith("stats counts")
    ]
    assert len(dropped) == 1
    assert dropped[0]["addon_ids"] == [missing]
    assert dropped[0]["malformed"] == ["not-an-id"]
    assert dropped[0]["level"] == "warning"
    # Their counters are gone, so the next run does not log them again.
    day_hash = await stats_redis.hgetall(
        counters.day_key(counters.DOWNLOADS, days_ago(0))
    )
    assert set(day_hash) <= {str(addon_id).encode()}
    assert not await stats_redis.exists(
        counters.addon_key(counters.DOWNLOADS, days_ago(0), missing)
    )


async def test_rollup_skips_while_locked(live_db, stats_redis):
    (addon_id,) = await amake_addons(1)
    await put_downloads(stats_redis, days_ago(0), addon_id, 4)
    await stats_redis.set(rollup.LOCK_KEY, "someone else", ex=60)

    result = await rollup.run(stats_redis, now=NOW)

    assert result.skipped
    assert await arows_of(DailyDownloads) == {}
    assert await stats_redis.get(rollup.LOCK_KEY) == b"someone else"


async def test_lock_commands_need_own_token(stats_redis):
    await stats_redis.set(rollup.LOCK_KEY, "other run", ex=60)

    await rollup._on_own_lock(stats_redis, "this run", "expire", 600)
    await rollup._on_own_lock(stats_redis, "this run", "del")

    assert await stats_redis.get(rollup.LOCK_KEY) == b"other run"
    assert await stats_redis.ttl(rollup.LOCK_KEY) <= 60

    await rollup._on_own_lock(stats_redis, "other run", "expire", 600)
    assert await stats_redis.ttl(rollup.LOCK_KEY) > 60
    await rollup._on_own_lock(stats_redis, "other run", "del")
    assert await stats_redis.get(rollup.LOCK_KEY) is None


async def test_lock_released_after_run(live_db, stats_redis):
    await rollup.run(stats_redis, now=NOW)
    assert await stats_redis.get(rollup.LOCK_KEY) is None


async def test_processes_add_their_own_counts(live_db):
    """Each serving process of the embedded default has its own stand-in."""
    from amo.core.redis import LocalRedis

    (addon_id,) = await amake_addons(1)
    processes = [LocalRedis(), LocalRedis()]
    for client, count in zip(processes, (3, 4), strict=True):
        await put_downloads(client, days_ago(0), addon_id, count, {"dp": count})

    for client in processes:
        await rollup.run(client, now=NOW)
    await put_downloads(processes[0], days_ago(0), addon_id, 1, {"search": 1})
    await rollup.run(processes[0], now=NOW)

    assert await arows_of(DailyDownloads) == {
        (addon_id, days_ago(0)): {"count": 8, "sources": {"dp": 7, "search": 1}}
    }
    assert await atotals() == {addon_id: (0, 8)}
    for client in processes:
        assert await stats_keys(client) == []
