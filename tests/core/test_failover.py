"""Outages of the replica, memcached and Redis in the middle of a load.

Each test keeps a few tasks sending requests through the whole ASGI
application while it stops a server (SIGTERM, or SIGSTOP for one that
hangs) and starts it again. No request may fail with a 5xx or wait for a
long timeout, the heartbeat must report the outage, the logs must stay
within their rate limit, and service must return once the server is back.
"""

import asyncio
import dataclasses
import io
import json
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest
from django.conf import settings as django_settings
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from amo.core import logging as amo_logging
from amo.core import redis
from amo.core.db import replicas
from tests.asgi_client import request
from tests.core.conftest import run_sync
from tests.core.servers import ServerProcess
from tests.factories import AddonFactory

REPLICA_ONLY_ID = 2_000_000_000
# The pools of the pair fixture: 1s to connect, 2s per statement, plus the
# driver's margin of 1s before it gives up on a server that hangs.
SLOWEST_READ = 1.0 + 2.0 + 1.0


@dataclasses.dataclass
class Sample:
    path: str
    status: int
    seconds: float
    started: float
    headers: dict[str, str]
    body: bytes


class Load:
    """Tasks that send GET requests through the ASGI app until stopped."""

    def __init__(self, app: Any, paths: list[str], workers: int = 4) -> None:
        self.app = app
        self.paths = paths
        self.workers = workers
        self.samples: list[Sample] = []
        # The maximum time the event loop ran late on a 10ms sleep: a stall
        # there delays every request of the process.
        self.loop_lag = 0.0
        self._stopping = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    async def _watch_loop(self) -> None:
        while not self._stopping.is_set():
            started = time.monotonic()
            await asyncio.sleep(0.01)
            self.loop_lag = max(self.loop_lag, time.monotonic() - started - 0.01)

    async def _worker(self, offset: int) -> None:
        index = offset
        while not self._stopping.is_set():
            target = self.paths[index % len(self.paths)]
            index += 1
            path, _, query = target.partition("?")
            started = time.monotonic()
            response = await request(self.app, path, query=query.encode())
            self.samples.append(
                Sample(
                    target,
                    response.status,
                    time.monotonic() - started,
                    started,
                    response.headers,
                    response.body,
                )
            )
            # Yield, so the test's own steps run between requests.
            await asyncio.sleep(0.01)

    async def __aenter__(self) -> "Load":
        self._tasks = [
            asyncio.create_task(self._worker(n)) for n in range(self.workers)
        ]
        self._tasks.append(asyncio.create_task(self._watch_loop()))
        return self

    async def __aexit__(self, *exc_info: Any) -> None:
        self._stopping.set()
        await asyncio.gather(*self._tasks)

    def since(self, moment: float) -> list[Sample]:
        return [sample for sample in self.samples if sample.started >= moment]

    def server_errors(self) -> list[tuple[str, int]]:
        return [(s.path, s.status) for s in self.samples if s.status >= 500]

    def slowest(self) -> float:
        return max(sample.seconds for sample in self.samples)


async def wait_until(
    check: Callable[[], Any], timeout: float, message: str, interval: float = 0.2
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await check():
            return
        await asyncio.sleep(interval)
    raise AssertionError(f"{message} within {timeout:g}s")


async def stop(server: ServerProcess) -> None:
    await asyncio.to_thread(server.stop)


async def start(server: ServerProcess) -> None:
    await asyncio.to_thread(server.start)


async def heartbeat(app: Any) -> tuple[int, dict[str, Any], float]:
    started = time.monotonic()
    response = await request(app, "/__heartbeat__")
    return response.status, json.loads(response.body), time.monotonic() - started


def log_lines(captured: str, event: str) -> list[str]:
    return [line for line in captured.splitlines() if f"event='{event}'" in line]


def _site_handler() -> logging.Handler | None:
    """Return the root handler that amo.core.logging set up, if present."""
    for handler in logging.getLogger().handlers:
        if any(isinstance(f, amo_logging.RepeatFilter) for f in handler.filters):
            return handler
    return None


@pytest.fixture
def site_log(monkeypatch) -> Iterator[io.StringIO]:
    """The lines that the site's log handler writes during the test.

    The handler is the one amo.core.logging configures, with its rate limit
    started from zero; only its stream is replaced.
    """
    monkeypatch.setattr(amo_logging, "_repeats", {})
    handler = _site_handler()
    if handler is None:
        # An earlier test replaced the root logger's handlers: set the
        # site's logging up again, as Django does at start.
        amo_logging.configure(django_settings.LOGGING)
        handler = _site_handler()
    assert isinstance(handler, logging.StreamHandler)
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


@pytest.fixture
async def outage_site(
    pair_site, memcached_server, redis_server, settings, monkeypatch
) -> AsyncIterator[dict[str, Any]]:
    """The whole site on the pair, the session's memcached and Redis.

    Every server is running at the start, and again at the end whatever
    the test stopped.
    """
    from django.core.cache import caches

    import asgi

    settings.ROOT_URLCONF = "tests.core.probe_urls"
    settings.CACHES = {
        "default": {
            "BACKEND": "amo.core.cache.backends.MemcachedCache",
            "LOCATION": [memcached_server.address],
            "KEY_PREFIX": "outage",
        }
    }
    settings.REDIS_URL = redis_server.url(0)
    monkeypatch.setattr(redis, "_client", None)
    # As the lifespan does: the first client imports redis.asyncio, which
    # takes most of a second and would stall the event loop mid-test.
    await redis.open_client()
    await caches["default"].aclear()

    def create_site() -> str:
        from amo.core.reference import create_reference_data

        create_reference_data()
        addon = AddonFactory(slug="outage-addon", name={"en-US": "Outage Add-on"})
        AddonFactory(slug="second-addon")
        return addon.slug

    slug = await run_sync(create_site)
    pair_site.sync()
    pair_site.replica.execute(
        "INSERT INTO tags (id, tag_text, created) VALUES (%s, 'replica-only', NOW(6))",
        (REPLICA_ONLY_ID,),
        database=pair_site.database,
    )
    site = {
        "app": asgi.build_application(),
        "pair": pair_site,
        "memcached": memcached_server,
        "redis": redis_server,
        "detail": f"/en-US/firefox/addon/{slug}/",
    }
    try:
        yield site
    finally:
        for server in (pair_site.replica, memcached_server, redis_server):
            if server.running:
                server.resume()
            await start(server)
        await redis.close_client()
        await caches["default"].client.close()
        pair_site.wait_until_replicating()


async def probe_reads_replica(app: Any) -> bool:
    """Whether the async layer reads the replica: only it has the row."""
    response = await request(app, "/api/probe/replica-only/", query=b"sync=0")
    assert response.status == 200, response.body
    return json.loads(response.body)["async"]


async def test_replica_stop_falls_back_to_the_primary(outage_site, settings, site_log):
    settings.PAGE_CACHE = False
    app, pair = outage_site["app"], outage_site["pair"]
    paths = [
        "/en-US/firefox/",
        outage_site["detail"],
        "/api/probe/replica-only/?sync=0",
    ]

    async with Load(app, paths) as load:
        await asyncio.sleep(0.5)
        assert await probe_reads_replica(app)

        await stop(pair.replica)
        stopped_at = time.monotonic()
        await asyncio.sleep(0.5)
        assert not await probe_reads_replica(app), "reads go to the primary"

        status, body, seconds = await heartbeat(app)
        assert status == 200, body
        assert body["status"] == "warning"
        assert body["checks"]["database.default"] == "ok"
        assert body["checks"]["database.replica"] == "warning"
        message = body["details"]["database.replica"]["messages"]["replica"]
        assert "reads go to the primary" in message
        assert body["details"]["database.replica"]["level"] == 30
        assert seconds < 2.0

        # Longer than two retry intervals, so the replica is probed again.
        await asyncio.sleep(replicas.RETRY_SECONDS * 2 + 1)
        during = load.since(stopped_at)

        await start(pair.replica)
        await wait_until(
            lambda: probe_reads_replica(app),
            replicas.RETRY_SECONDS + 5,
            "reads went back to the replica",
        )
        status, body, _ = await heartbeat(app)
        assert status == 200, body
        assert body["status"] == "ok"

    assert load.server_errors() == []
    assert len(during) > 50
    assert {sample.status for sample in during} == {200}
    assert load.slowest() < 2.0
    captured = site_log.getvalue()
    failures = log_lines(
        captured, "database replica unavailable, reading from the primary"
    )
    assert 1 <= len(failures) <= amo_logging.REPEAT_LIMIT
    assert "alias='replica'" in failures[0]
    assert len(log_lines(captured, "database replica available again")) == 1


async def test_replica_that_hangs_delays_only_the_probe(
    outage_site, settings, site_log
):
    settings.PAGE_CACHE = False
    app, pair = outage_site["app"], outage_site["pair"]
    paths = ["/en-US/firefox/", "/api/probe/replica-only/?sync=0"]

    async with Load(app, paths) as load:
        await asyncio.sleep(0.5)
        paused_at = time.monotonic()
        pair.replica.pause()
        await asyncio.sleep(replicas.RETRY_SECONDS * 2 + SLOWEST_READ)
        during = load.since(paused_at)
        status, body, _ = await heartbeat(app)
        assert status == 200
        assert body["checks"]["database.replica"] == "warning"
        pair.replica.resume()
        await wait_until(
            lambda: probe_reads_replica(app),
            replicas.RETRY_SECONDS + SLOWEST_READ + 2,
            "reads went back to the replica",
        )

    assert load.server_errors() == []
    assert load.slowest() < SLOWEST_READ + 1
    # A read that meets the paused replica waits at least the 1s connect
    # timeout; faster requests were only slowed by the busy machine.
    slow = [sample for sample in during if sample.seconds >= 0.9]
    # The reads in flight when the replica stopped responding, then one
    # probe per retry interval, at most.
    assert len(slow) <= 4 + 3, [(s.path, round(s.seconds, 2)) for s in slow]
    assert len(during) > 3 * len(slow)


async def test_orm_reads_skip_a_replica_marked_down(outage_site):
    from tests.core.test_replication import orm_exists

    app, pair = outage_site["app"], outage_site["pair"]
    assert await run_sync(lambda: orm_exists("replica-only"))
    await stop(pair.replica)
    # An async read finds the replica down and marks it.
    assert not await probe_reads_replica(app)
    assert not await run_sync(lambda: orm_exists("replica-only"))


async def test_memcached_stop_serves_pages_from_the_database(outage_site, site_log):
    app, memcached = outage_site["app"], outage_site["memcached"]
    paths = ["/en-US/firefox/", outage_site["detail"]]

    async with Load(app, paths) as load:
        await wait_until(
            lambda: _cache_outcome(app, paths[0], "HIT"), 5, "the page cache hit"
        )
        await stop(memcached)
        stopped_at = time.monotonic()
        await asyncio.sleep(1.0)

        status, body, seconds = await heartbeat(app)
        assert status == 200
        assert body["status"] == "warning"
        assert body["checks"]["cache"] == "warning"
        messages = body["details"]["cache"]["messages"]
        assert list(messages) == [memcached.address]
        assert "unreachable" in messages[memcached.address]
        assert seconds < 2.0

        await asyncio.sleep(3.0)
        during = load.since(stopped_at)
        await start(memcached)
        await wait_until(
            lambda: _cache_outcome(app, paths[0], "HIT"),
            10,
            "the page cache hit again",
        )
        status, body, _ = await heartbeat(app)
        assert body["checks"]["cache"] == "ok"

    assert load.server_errors() == []
    assert len(during) > 50
    assert {sample.status for sample in during} == {200}
    # Rendered from the database: concurrent requests for one page share a
    # render in the process, which the page cache labels a hit.
    assert "MISS" in {sample.headers.get("x-cache") for sample in during}
    assert all(b"Outage Add-on" in s.body for s in during if s.path == paths[1])
    assert load.slowest() < 2.0
    captured = site_log.getvalue()
    failures = log_lines(captured, "memcached call failed")
    assert 1 <= len(failures) <= amo_logging.REPEAT_LIMIT


async def test_memcached_that_hangs_costs_one_call_timeout(
    outage_site, settings, site_log
):
    app, memcached = outage_site["app"], outage_site["memcached"]
    paths = ["/en-US/firefox/", outage_site["detail"]]

    async with Load(app, paths) as load:
        await asyncio.sleep(0.5)
        paused_at = time.monotonic()
        memcached.pause()
        await asyncio.sleep(3.0)
        during = load.since(paused_at)
        memcached.resume()
        await wait_until(
            lambda: _cache_outcome(app, paths[0], "HIT"),
            10,
            "the page cache hit again",
        )

    assert load.server_errors() == []
    assert len(during) > 20
    # One call timeout (0.25s), then the server is skipped; a page makes a
    # few cache calls, so it may pay that timeout more than once.
    assert max(s.seconds for s in during) < 1.5


async def test_redis_stop_degrades_to_a_warning(outage_site):
    app, redis_server = outage_site["app"], outage_site["redis"]
    client = redis.get_client()
    assert await client.set("outage:key", "1")

    async with Load(app, ["/en-US/firefox/", outage_site["detail"]]) as load:
        await asyncio.sleep(0.5)
        await stop(redis_server)
        stopped_at = time.monotonic()

        started = time.monotonic()
        with pytest.raises(RedisConnectionError):
            await client.get("outage:key")
        assert time.monotonic() - started < 1.0

        status, body, seconds = await heartbeat(app)
        assert status == 200
        assert body["status"] == "warning"
        assert body["checks"]["redis"] == "warning"
        assert "unreachable" in body["details"]["redis"]["messages"]["redis"]
        assert seconds < 2.0
        await asyncio.sleep(1.0)
        during = load.since(stopped_at)

        await start(redis_server)
        # The same client replaces the connection that the restart closed.
        assert await client.set("outage:key", "2")
        status, body, _ = await heartbeat(app)
        assert body["checks"]["redis"] == "ok"

    assert load.server_errors() == []
    assert during
    assert load.slowest() < 2.0


async def test_redis_that_hangs_fails_within_its_timeout(outage_site, settings):
    client = redis.get_client()
    await client.ping()
    outage_site["redis"].pause()
    started = time.monotonic()
    with pytest.raises(RedisTimeoutError):
        await client.get("outage:key")
    elapsed = time.monotonic() - started
    outage_site["redis"].resume()
    # The call fails after one socket timeout, CACHE_CALL_TIMEOUT * 4.
    assert elapsed < settings.CACHE_CALL_TIMEOUT * 4 + 0.5
    assert await client.ping()


async def _cache_outcome(app: Any, path: str, outcome: str) -> bool:
    response = await request(app, path)
    return response.headers.get("x-cache") == outcome


async def test_replica_down_when_the_process_starts(pair_site, monkeypatch):
    from amo.addons.models import Tag
    from amo.core import db
    from amo.core.db import pools

    pair_site.replica.execute(
        "INSERT INTO tags (id, tag_text, created) VALUES (%s, 'replica-only', NOW(6))",
        (REPLICA_ONLY_ID,),
        database=pair_site.database,
    )
    await stop(pair_site.replica)
    # A new process has not read the replica's server data yet.
    settings_dict = pools._compilers["replica"].settings_dict
    monkeypatch.setitem(
        pools._compilers, "replica", pools._new_wrapper("replica", settings_dict)
    )
    queryset = Tag.objects.filter(tag_text="replica-only")
    assert not await db.exists(queryset), "the primary answered"
    assert replicas.outage_reason("replica") == "server data could not be read"

    await start(pair_site.replica)

    async def replica_answers() -> bool:
        return await db.exists(Tag.objects.filter(tag_text="replica-only"))

    await wait_until(
        replica_answers,
        pools.SERVER_DATA_RETRY + replicas.RETRY_SECONDS + 2,
        "the replica took reads again",
    )
    assert "mysql_server_data" in pools._compilers["replica"].__dict__


async def test_primary_stop_keeps_unpinned_reads(pair_site, settings, async_client):
    settings.ROOT_URLCONF = "tests.core.probe_urls"
    pair_site.replica.execute(
        "INSERT INTO tags (id, tag_text, created) VALUES (%s, 'replica-only', NOW(6))",
        (REPLICA_ONLY_ID,),
        database=pair_site.database,
    )
    await stop(pair_site.primary)
    try:
        unpinned = await async_client.get("/api/probe/replica-only/?sync=0")
        assert unpinned.status_code == 200
        assert unpinned.json()["async"] is True

        async_client.cookies[settings.REPLICA_PIN_COOKIE] = str(int(time.time()) + 9)
        pinned = await async_client.get("/api/probe/replica-only/?sync=0")
        assert pinned.status_code == 503
        assert pinned["Retry-After"] == "30"
        assert "temporarily unavailable" in pinned.json()["detail"]

        response = await async_client.get("/__heartbeat__")
        body = response.json()
        assert response.status_code == 500
        assert body["status"] == "error"
        assert body["checks"]["database.default"] == "error"
        assert body["checks"]["database.replica"] == "ok"
    finally:
        await start(pair_site.primary)

    # The replica reconnects by itself and applies new writes again.
    pair_site.wait_until_replicating()
    pair_site.primary.execute(
        "INSERT INTO tags (tag_text, created) VALUES ('after-restart', NOW(6))",
        database=pair_site.database,
    )
    pair_site.sync()
    async_client.cookies.clear()
    after = await async_client.get("/api/probe/after-restart/?sync=0")
    assert after.json()["async"] is True


async def test_primary_restart_leaves_no_stale_connections(outage_site):
    app, pair = outage_site["app"], outage_site["pair"]
    # Pinned reads fill the primary's pool, whose connections the restart
    # then closes from the server's side.
    pin = (b"cookie", f"amo_pin={int(time.time()) + 60}".encode())

    async def pinned_probe() -> int:
        response = await request(
            app, "/api/probe/replica-only/", query=b"sync=0", headers=[pin]
        )
        return response.status

    assert await asyncio.gather(*(pinned_probe() for _ in range(8))) == [200] * 8
    await stop(pair.primary)
    await start(pair.primary)
    statuses = await asyncio.gather(*(pinned_probe() for _ in range(8)))
    assert statuses == [200] * 8


async def test_primary_that_hangs_fails_within_the_timeouts(outage_site):
    app, pair = outage_site["app"], outage_site["pair"]
    pin = (b"cookie", f"amo_pin={int(time.time()) + 60}".encode())

    async def pinned_probe() -> tuple[int, float]:
        started = time.monotonic()
        response = await request(
            app, "/api/probe/replica-only/", query=b"sync=0", headers=[pin]
        )
        return response.status, time.monotonic() - started

    assert (await pinned_probe())[0] == 200
    pair.primary.pause()
    try:
        outcomes = await asyncio.gather(*(pinned_probe() for _ in range(6)))
    finally:
        pair.primary.resume()
    # A pooled connection waits for the statement timeout and a new one for
    # the connect timeout, so no request waits longer than both together.
    assert [status for status, _ in outcomes] == [503] * 6
    assert max(seconds for _, seconds in outcomes) < SLOWEST_READ + 1
    # The connections that timed out were closed, not handed out again.
    after = await asyncio.gather(*(pinned_probe() for _ in range(6)))
    assert [status for status, _ in after] == [200] * 6
