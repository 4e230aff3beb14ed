"""The Redis commands the roll-up uses, on the stand-in and on real Redis."""

from amo.stats import rollup
from tests.stats.conftest import stats_keys


async def test_scan_finds_matching_keys(stats_redis):
    for key in ("stats:users:2026-03-01", "stats:users:2026-03-01:7", "other:x"):
        await stats_redis.hincrby(key, "f", 1)

    found = [
        key
        async for key in rollup._scan(stats_redis, "stats:users:" + rollup.DAY_PATTERN)
    ]

    assert found == ["stats:users:2026-03-01"]
    await stats_redis.delete("other:x")


async def test_hscan_and_hdel(stats_redis):
    key = "stats:downloads:2026-03-01"
    await stats_redis.hincrby(key, "1", 2)
    await stats_redis.hincrby(key, "2", 3)

    fields = {}
    cursor = 0
    while True:
        cursor, page = await stats_redis.hscan(key, cursor, count=1)
        fields.update(page)
        if not cursor:
            break
    assert fields == {b"1": b"2", b"2": b"3"}
    assert await stats_redis.hdel(key, "1", b"missing") == 1
    assert await stats_redis.hgetall(key) == {b"2": b"3"}
    # A hash without fields no longer exists.
    assert await stats_redis.hdel(key, b"2") == 1
    assert await stats_keys(stats_redis) == []


async def test_pipeline_keyword_arguments(stats_redis):
    pipe = stats_redis.pipeline(transaction=True)
    pipe.set("stats:finished:users:2026-03-01", b"1", ex=60)
    pipe.set("stats:finished:users:2026-03-01", b"2", nx=True)
    assert await pipe.execute() == [True, None]
    assert 0 < await stats_redis.ttl("stats:finished:users:2026-03-01") <= 60
