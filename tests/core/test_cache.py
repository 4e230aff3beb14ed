"""The cache clients and Django backends, on memcached servers of their own."""

import asyncio
import logging
import os
import pickle
import signal
import threading
import time
from pathlib import Path

import pytest
from django.core.exceptions import SynchronousOnlyOperation

from amo.core.cache import bridge
from amo.core.cache.backends import LocalCache, MemcachedCache
from amo.core.cache.calls import capture_cache_calls
from amo.core.cache.clients import (
    LocalClient,
    MemcachedClient,
    deserialise,
    expiry,
    safe_key,
    serialise,
)
from tests.services import memcached_servers


def test_ints_are_stored_as_digits_and_the_rest_pickled():
    assert serialise(42) == b"42"
    assert deserialise(b"42") == 42
    assert serialise(True)[:1] == b"\x80"
    assert deserialise(serialise(True)) is True
    value = {"name": {"en-US": "Tabs"}, "ids": [1, 2]}
    assert deserialise(serialise(value)) == value
    assert pickle.loads(serialise("x")) == "x"


def test_safe_key_hashes_long_and_spaced_keys():
    assert safe_key("amo:1:addon:3") == b"amo:1:addon:3"
    spaced = safe_key("amo:1:search:ad blocker")
    assert b" " not in spaced
    assert b":h:" in spaced
    long = safe_key("k" * 400)
    assert len(long) <= 250
    assert safe_key("k" * 400) == long
    assert safe_key("k" * 400) != safe_key("k" * 401)
    assert all(32 < byte < 127 for byte in safe_key("clé\n"))


def test_expiry_switches_to_timestamps_past_thirty_days():
    assert expiry(None) == 0
    assert expiry(10) == 10
    assert expiry(0.2) == 1
    assert expiry(40 * 24 * 3600) > 1_000_000_000


@pytest.fixture
def two_servers():
    with memcached_servers(2) as servers:
        yield servers


async def test_memcached_round_trip_over_two_servers(two_servers):
    client = MemcachedClient([server.address for server in two_servers], timeout=0.5)
    keys = [f"key:{index}" for index in range(40)]
    for index, key in enumerate(keys):
        assert await client.set(key, {"index": index}, 60)
    found = await client.get_many(keys)
    assert found == {key: {"index": index} for index, key in enumerate(keys)}
    # Rendezvous hashing spread the keys over both servers.
    assert {client.server_for(safe_key(key)).address for key in keys} == {
        server.address for server in two_servers
    }
    await client.close()


async def test_memcached_add_incr_delete_touch(two_servers):
    client = MemcachedClient([two_servers[0].address], timeout=0.5)
    assert await client.add("counter", 1, 60)
    assert not await client.add("counter", 5, 60)
    assert await client.incr("counter", 4) == 5
    assert await client.incr("counter", -2) == 3
    assert await client.incr("missing", 1) is None
    assert await client.touch("counter", 120)
    assert await client.delete("counter")
    assert await client.get("counter") is None
    assert await client.get("key with spaces") is None
    assert await client.set("key with spaces", "ok", 60)
    assert await client.get("key with spaces") == "ok"
    await client.close()


async def test_memcached_outage_is_a_miss_and_recovers(two_servers, caplog):
    server = two_servers[0]
    client = MemcachedClient([server.address], timeout=0.3)
    assert await client.set("k", "v", 60)
    server.stop()
    with caplog.at_level(logging.WARNING):
        assert await client.get("k") is None
        assert not await client.set("k", "w", 60)
        assert await client.get_many(["k", "j"]) == {}
    assert "memcached call failed" in caplog.text
    assert (await client.ping())[server.address] != "ok"

    server.start()
    # The server is marked down briefly; ping() clears the mark.
    assert (await client.ping())[server.address] == "ok"
    assert await client.set("k", "back", 60)
    assert await client.get("k") == "back"
    await client.close()


def _wait_until_stopped(pid: int) -> None:
    """Wait until every thread of `pid` is stopped: SIGSTOP acts late."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        states = [
            (task / "stat").read_text().rsplit(")", 1)[1].split()[0]
            for task in Path(f"/proc/{pid}/task").iterdir()
        ]
        if all(state in ("T", "t") for state in states):
            return
        time.sleep(0.01)
    raise TimeoutError(f"process {pid} did not stop within 5 s")


def test_closed_connection_fails_a_call_in_flight(two_servers):
    """A call whose connection forget_client() closes returns, as a miss.

    The server is paused (SIGSTOP) so that the call waits for its reply
    while its connection is closed under it. The loop runs in a thread,
    because a client that spins on the closed connection never yields to
    a timeout.
    """
    server = two_servers[0]
    outcome: dict[str, object] = {}

    async def scenario() -> None:
        client = MemcachedClient([server.address], timeout=2.0)
        assert await client.set("k", "v", 60)
        os.kill(server.process.pid, signal.SIGSTOP)
        try:
            _wait_until_stopped(server.process.pid)
            call = asyncio.ensure_future(client.add("j", "w", 60))
            await asyncio.sleep(0.2)
            await client.servers[0].forget_client()
            outcome["added"] = await call
        finally:
            os.kill(server.process.pid, signal.SIGCONT)
        await client.close()

    thread = threading.Thread(target=asyncio.run, args=(scenario(),), daemon=True)
    thread.start()
    thread.join(timeout=10)
    assert not thread.is_alive(), "the call spun on its closed connection"
    assert outcome == {"added": False}


async def test_forgotten_connection_is_not_lent_again(two_servers):
    """A connection in use when its client is forgotten is never reused.

    aiomcache's pool takes a released connection back unless its reader is
    at end of file; a call still waiting for that pool would get it.
    """
    client = MemcachedClient([two_servers[0].address], timeout=1.0)
    assert await client.set("k", "v", 60)
    server = client.servers[0]
    forgotten = server.client()
    pool = forgotten._pool
    in_use = await pool.acquire()

    await server.forget_client()
    # The call holding the connection had its reply and ends normally.
    pool.release(in_use)
    lent = await pool.acquire()

    assert lent is not in_use
    assert not lent.writer.is_closing()
    pool.release(lent)
    await forgotten.close()
    assert await client.get("k") == "v"
    await client.close()


async def test_cancelled_call_leaves_no_reply(two_servers):
    """The connection of a cancelled call is closed, not lent again.

    aiomcache puts that connection back in its pool with the reply still
    unread, so the next call on it would read the cancelled call's reply.
    """
    server = two_servers[0]
    client = MemcachedClient([server.address], timeout=2.0, pool_size=1)
    assert await client.set("k", "v", 60)
    assert await client.set("j", "w", 60)
    os.kill(server.process.pid, signal.SIGSTOP)
    try:
        _wait_until_stopped(server.process.pid)
        cancelled = asyncio.ensure_future(client.get("k"))
        await asyncio.sleep(0.2)
        cancelled.cancel()
        with pytest.raises(asyncio.CancelledError):
            await cancelled
    finally:
        os.kill(server.process.pid, signal.SIGCONT)

    assert await client.get_many(["j"]) == {"j": "w"}
    assert client.servers[0].down_until == 0.0
    await client.close()


async def test_timeout_after_recent_reply_is_a_miss(two_servers):
    """One timed-out call misses without marking a server down that has
    replied within two call timeouts; a server silent for longer is."""
    server = two_servers[0]
    client = MemcachedClient([server.address], timeout=0.3, pool_size=2)
    assert await client.set("k", "v", 60)
    os.kill(server.process.pid, signal.SIGSTOP)
    try:
        _wait_until_stopped(server.process.pid)
        assert await client.get("k") is None
        assert client.servers[0].down_until == 0.0
        # The second timeout ends 0.6 s after the last reply.
        assert await client.get("k") is None
        assert client.servers[0].down_until > time.monotonic()
    finally:
        os.kill(server.process.pid, signal.SIGCONT)
    await client.close()


async def test_memcached_django_backend_async_and_sync(two_servers):
    cache = MemcachedCache(
        [server.address for server in two_servers], {"TIMEOUT": 60, "KEY_PREFIX": "t"}
    )
    await cache.aset("a", [1, 2])
    assert await cache.aget("a") == [1, 2]
    assert await cache.aget("nope", "default") == "default"
    await cache.aset_many({"b": 2, "c": 3})
    assert await cache.aget_many(["a", "b", "c", "d"]) == {"a": [1, 2], "b": 2, "c": 3}
    assert await cache.aincr("b", 5) == 7
    assert await cache.adecr("b") == 6
    with pytest.raises(ValueError, match="not found"):
        await cache.aincr("missing")
    await cache.aset("zero", "x", timeout=0)
    assert await cache.aget("zero") is None

    # Sync callers, such as the admin and Celery, work from other threads.
    results = {}

    def sync_calls() -> None:
        cache.set("s", "sync", 60)
        results["s"] = cache.get("s")
        results["many"] = cache.get_many(["a", "s"])
        results["added"] = cache.add("s", "again")

    thread = threading.Thread(target=sync_calls)
    thread.start()
    thread.join(10)
    assert results == {"s": "sync", "many": {"a": [1, 2], "s": "sync"}, "added": False}
    assert await cache.aget("s") == "sync"


async def test_sync_cache_call_on_the_event_loop_raises(two_servers):
    cache = MemcachedCache([two_servers[0].address], {"TIMEOUT": 60})
    with pytest.raises(SynchronousOnlyOperation):
        cache.get("x")


def test_bridge_runs_coroutines_from_sync_code():
    async def answer() -> int:
        await asyncio.sleep(0)
        return 42

    assert bridge.run(answer()) == 42


async def test_local_client_expiry_and_eviction():
    client = LocalClient(max_entries=3)
    await client.set("short", 1, 0.05)
    await asyncio.sleep(0.1)
    assert await client.get("short") is None
    for key in "abcd":
        await client.set(key, key, None)
    assert await client.get("a") is None
    assert await client.get_many(["b", "c", "d"]) == {"b": "b", "c": "c", "d": "d"}
    assert await client.incr("b", 1) is None
    await client.set("n", 1, None)
    assert await client.incr("n", -5) == 0


def test_local_cache_sync_methods():
    cache = LocalCache("sync-test", {"TIMEOUT": 60})
    cache.set("x", {"a": 1})
    assert cache.get("x") == {"a": 1}
    assert cache.has_key("x")
    cache.set("n", 1)
    assert cache.incr("n", 2) == 3
    assert cache.decr("n") == 2
    cache.delete_many(["x", "n"])
    assert cache.get_many(["x", "n"]) == {}
    assert not cache.add("y", 1, timeout=0)


async def test_add_many_keeps_stored_keys(two_servers):
    memcached = MemcachedCache([two_servers[0].address], {"TIMEOUT": 60})
    local = LocalCache("add-many-test", {"TIMEOUT": 60})
    for cache in (memcached, local):
        await cache.aset("kept", "first")
        not_added = await cache.aadd_many({"kept": "second", "new": "value"})
        assert not_added == ["kept"]
        assert await cache.aget_many(["kept", "new"]) == {
            "kept": "first",
            "new": "value",
        }
        assert await cache.aadd_many({"gone": 1}, timeout=0) == ["gone"]

    def sync_calls() -> list[list[str]]:
        return [cache.add_many({"kept": 3, "sync": 4}) for cache in (memcached, local)]

    assert await asyncio.to_thread(sync_calls) == [["kept"], ["kept"]]
    assert await memcached.aget("sync") == 4
    assert local.get("sync") == 4


async def test_calls_are_recorded_once_per_call(two_servers):
    memcached = MemcachedCache([two_servers[0].address], {"TIMEOUT": 60})
    local = LocalCache("recorded-test", {"TIMEOUT": 60})
    for cache in (memcached, local):
        with capture_cache_calls() as calls:
            await cache.aset_many({"a": 1, "b": 2})
            await cache.aget_many(["a", "b", "c"])
            await cache.adelete_many(["a", "b"])
        assert calls.operations() == ["aset_many", "aget_many", "adelete_many"]
        assert [call.keys for call in calls.calls] == [2, 3, 2]
        assert calls.seconds >= 0

    def sync_calls(cache) -> list[str]:
        with capture_cache_calls() as calls:
            cache.set("s", 1)
            cache.get_many(["s"])
            cache.decr("s")
        return calls.operations()

    # The memcached backend runs each sync call on the bridge, which records
    # nothing more, and a decr that calls incr is recorded as the decr.
    for cache in (memcached, local):
        operations = await asyncio.to_thread(sync_calls, cache)
        assert operations == ["set", "get_many", "decr"]
