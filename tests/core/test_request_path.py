"""The request path under load: stampedes, threads, connections, signals."""

import asyncio
import collections
import threading

import pytest
from asgiref.sync import sync_to_async
from django.core import signals

from amo.core.cache.backends import default_cache
from amo.core.db import capture_queries, execute_sql, pools
from amo.core.handler import AmoASGIHandler
from tests.addons.test_detail import build_rich_addon
from tests.asgi_client import request
from tests.conftest import uses_mysql

DETAIL = "/en-US/firefox/addon/tab-tamer/"
CONCURRENT = 200


@pytest.fixture(autouse=True)
async def _patient_cache(monkeypatch):
    """Give memcached calls 2 s, and try a server marked down again.

    With 200 requests at once on two cores, the event loop can read a
    reply later than the 0.25 s call timeout, and the client then skips
    the server for a while: the tests would measure that instead of the
    caches above it. Outages have tests of their own.
    """
    client = default_cache().client
    if hasattr(client, "timeout"):
        monkeypatch.setattr(client, "timeout", 2.0)
    await client.ping()
    # A flush after an earlier test fails while the server is marked down.
    await default_cache().aclear()


@pytest.fixture
def application():
    import asgi

    return asgi.build_application()


async def get_many_at_once(application, paths: list[str]) -> list:
    return await asyncio.gather(*(request(application, path) for path in paths))


# --- Stampedes --------------------------------------------------------------


@pytest.mark.parametrize("page_cache", [False, True])
async def test_cold_detail_page_stampede(live_db, application, settings, page_cache):
    settings.PAGE_CACHE = page_cache
    await sync_to_async(build_rich_addon)()

    with capture_queries() as queries:
        responses = await get_many_at_once(application, [DETAIL] * CONCURRENT)

    assert {response.status for response in responses} == {200}
    assert len({response.body for response in responses}) == 1
    by_slug = [query for query in queries.queries if "tab-tamer" in query.params]
    # The add-on's row, read by its slug, at most twice for all requests:
    # each cache key and process has one load in flight.
    assert 1 <= len(by_slug) <= 2
    # So does every other query of the page: one cold page's worth, each
    # query at most twice, however many requests there are.
    runs = collections.Counter((query.sql, query.params) for query in queries.queries)
    assert max(runs.values()) <= 2


# --- Threads and connections ------------------------------------------------


@pytest.fixture
def started_threads(monkeypatch):
    """The names of the threads started while the test runs."""
    names: list[str] = []
    original = threading.Thread.start

    def start(thread: threading.Thread) -> None:
        names.append(thread.name)
        original(thread)

    monkeypatch.setattr(threading.Thread, "start", start)
    return names


PAGES = [
    "/en-US/firefox/",
    "/de/firefox/extensions/",
    "/fr/firefox/extensions/tabs/",
    DETAIL,
    "/en-US/firefox/addon/tab-tamer/versions/",
    "/en-US/firefox/tag/productivity/",
]


async def test_page_cache_hit_starts_no_thread(live_db, application, started_threads):
    await sync_to_async(build_rich_addon)()
    await get_many_at_once(application, PAGES)
    started_threads.clear()
    before = set(threading.enumerate())

    responses = await get_many_at_once(application, PAGES * 3)

    assert {response.headers["x-cache"] for response in responses} == {"HIT"}
    assert started_threads == []
    assert set(threading.enumerate()) == before


async def test_warm_requests_start_no_thread(
    live_db, application, settings, started_threads
):
    settings.PAGE_CACHE = False
    await sync_to_async(build_rich_addon)()
    # The first load opens the pools' connections and the render threads,
    # once per process.
    await get_many_at_once(application, PAGES * 3)
    started_threads.clear()

    responses = await get_many_at_once(application, PAGES * 3)

    assert {response.status for response in responses} == {200}
    assert "x-cache" not in responses[0].headers
    assert started_threads == []


async def server_connections() -> int:
    """Connections to this test database that the server has open."""
    rows = await execute_sql(
        "default",
        "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = DATABASE()",
        (),
    )
    return int(rows[0][0])


async def test_connections_stay_within_the_pools(live_db, application, settings):
    settings.PAGE_CACHE = False
    await sync_to_async(build_rich_addon)()
    opened_before = sum(stats["size"] for stats in pools.pool_stats().values())
    server_before = await server_connections() if uses_mysql() else 0

    await get_many_at_once(application, PAGES * 10)

    stats = pools.pool_stats()
    for alias, pool in stats.items():
        assert pool["size"] <= settings.DB_POOL_SIZE, alias
    if uses_mysql():
        # Every connection the load opened belongs to a pool: none came
        # from a per-request thread.
        opened = sum(pool["size"] for pool in stats.values()) - opened_before
        assert await server_connections() - server_before <= opened


# --- Signals ----------------------------------------------------------------


def test_request_signals_have_no_receivers(application):
    # Django runs a sync receiver of an async signal in a thread, and an
    # async receiver of a sync one (closing a response sends
    # request_finished) on a new event loop, so none may remain.
    for signal in (signals.request_started, signals.request_finished):
        sync_receivers, async_receivers = signal._live_receivers(AmoASGIHandler)
        assert sync_receivers == []
        assert async_receivers == []


# --- Server-Timing ---------------------------------------------------------


async def test_server_timing_reports_cache_calls(live_db, application, settings):
    settings.PAGE_CACHE = True
    await sync_to_async(build_rich_addon)()

    miss = await request(application, DETAIL)
    hit = await request(application, DETAIL)

    assert miss.headers["x-cache"] == "MISS"
    metrics = dict(
        part.strip().split(";", 1) for part in miss.headers["server-timing"].split(",")
    )
    assert set(metrics) == {"page", "db", "cache", "render", "total"}
    assert metrics["page"].endswith('desc="miss"')
    calls = int(metrics["cache"].split('desc="')[1].split(" ")[0])
    assert calls > 0
    assert hit.headers["server-timing"].startswith("page;dur=")
    assert "db;" not in hit.headers["server-timing"]
