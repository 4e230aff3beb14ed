import os

import pytest

from amo.core.redis import LocalRedis
from tests.conftest import skip_or_fail


async def test_local_redis_commands():
    redis = LocalRedis()
    assert await redis.ping()
    assert await redis.get("missing") is None
    assert await redis.set("k", "v", ex=60)
    assert await redis.get("k") == b"v"
    assert await redis.set("k", "other", nx=True) is None
    assert await redis.incr("n") == 1
    assert await redis.incrby("n", 4) == 5
    assert await redis.ttl("n") == -1
    assert await redis.expire("n", 30)
    assert 0 < await redis.ttl("n") <= 30
    assert await redis.hincrby("h", "a", 2) == 2
    assert await redis.hincrby("h", "a", 3) == 5
    assert await redis.hgetall("h") == {b"a": b"5"}
    assert sorted(await redis.keys("*")) == [b"h", b"k", b"n"]
    assert await redis.exists("k", "nope") == 1
    assert await redis.delete("k", "nope") == 1
    assert await redis.ttl("k") == -2


@pytest.fixture
async def real_redis():
    url = os.environ.get("AMO_REDIS_URL")
    if not url:
        skip_or_fail("AMO_REDIS_URL is not set, so there is no Redis to test against")
    import redis.asyncio

    client = redis.asyncio.Redis.from_url(url)
    yield client
    await client.aclose()


async def test_real_redis_answers_the_same_commands(real_redis):
    key = "amo:test:redis-commands"
    await real_redis.delete(key)
    assert await real_redis.incr(key) == 1
    assert await real_redis.expire(key, 30)
    assert 0 < await real_redis.ttl(key) <= 30
    await real_redis.delete(key)
