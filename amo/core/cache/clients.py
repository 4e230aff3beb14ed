"""Async cache clients with one interface: memcached and in-process.

Values are serialised in one format for every client: an int (not a bool)
is stored as its ASCII decimal digits, so memcached's incr and decr work on
it; anything else is a pickle (protocol 5), whose first byte is always
0x80, which tells the two apart on read.

Every memcached call has a short timeout. A server that refuses or drops
connections, or that has not replied for two call timeouts, is marked
down for a few seconds and its keys read as misses, so a cache outage
slows nothing and breaks nothing; the failure is logged with a rate limit.
A single timed-out call is only a miss: under load the event loop itself
can be late to read a reply, and marking the server down then would turn
every page into a miss while the load lasts.
"""

import asyncio
import contextlib
import functools
import hashlib
import pickle
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

import structlog

log = structlog.get_logger(__name__)

PICKLE_MARK = b"\x80"
# memcached's limit on key length, in bytes.
MAX_KEY_LENGTH = 250
# Seconds a failed memcached server is skipped before it is tried again.
SERVER_RETRY_DELAY = 5.0
# Seconds the heartbeat's ping waits for each server.
PING_TIMEOUT = 1.0
# memcached treats an expiry above 30 days as a Unix timestamp.
MAX_RELATIVE_EXPIRY = 30 * 24 * 3600
# A byte that memcached's text protocol does not take in a key: a space,
# a control character or anything outside ASCII.
_UNSAFE_KEY_BYTE = re.compile(rb"[^\x21-\x7e]")


def serialise(value: Any) -> bytes:
    if type(value) is int:
        return str(value).encode()
    return pickle.dumps(value, protocol=5)


def deserialise(data: bytes) -> Any:
    if data[:1] == PICKLE_MARK:
        return pickle.loads(data)
    return int(data)


def safe_key(key: str) -> bytes:
    """Return `key` as memcached accepts it, hashing it when it would not.

    Keys longer than 250 bytes or with spaces or control characters are
    replaced by a SHA-256 digest, keeping the first 100 bytes for
    readability in memcached's stats.
    """
    raw = key.encode()
    if len(raw) <= MAX_KEY_LENGTH and _UNSAFE_KEY_BYTE.search(raw) is None:
        return raw
    digest = hashlib.sha256(raw).hexdigest()
    readable = "".join(ch if 32 < ord(ch) < 127 else "_" for ch in key[:100])
    return f"{readable}:h:{digest}".encode()


def expiry(timeout: float | None) -> int:
    """Convert a timeout in seconds (None: forever) to memcached's exptime."""
    if timeout is None:
        return 0
    seconds = max(int(timeout), 1)
    if seconds > MAX_RELATIVE_EXPIRY:
        return int(time.time()) + seconds
    return seconds


@functools.cache
def _client_class() -> type:
    """Return aiomcache's Client, made to fail on a closed connection.

    aiomcache 0.8.2 reads the reply of set, add, delete and the other
    simple commands with readline() until a line ends in CRLF. Once the
    connection is closed, readline() returns b"" without waiting, so that
    loop never yields and freezes the event loop and every request on it
    (aio-libs/aiomcache issue 502). forget_client() closes connections
    that calls are using, which reaches that case under load.
    """
    import aiomcache
    from aiomcache.pool import Connection, MemcachePool

    class Pool(MemcachePool):
        def release(self, conn: Connection) -> None:
            # aiomcache 0.8.2 returns the connection of a cancelled call (a
            # timeout) to the pool with its reply still unread, and the next
            # call on it would read that reply. Such a connection is closed.
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                conn.reader.set_exception(ConnectionResetError("call cancelled"))
            super().release(conn)

    class Client(aiomcache.Client):
        def __init__(self, host: str, port: int, *, pool_size: int) -> None:
            super().__init__(host, port, pool_size=pool_size)
            self._pool = Pool(host, port, minsize=pool_size, maxsize=pool_size)

        async def _execute_simple_command(self, conn: Any, raw_command: bytes) -> bytes:
            response, line = bytearray(), b""
            conn.writer.write(raw_command)
            await conn.writer.drain()
            while not line.endswith(b"\r\n"):
                line = await conn.reader.readline()
                if not line:
                    raise ConnectionResetError("memcached closed the connection")
                response.extend(line)
            return bytes(response[:-2])

    return Client


class _Server:
    def __init__(self, address: str, pool_size: int) -> None:
        host, _, port = address.rpartition(":")
        if not host:
            host, port = address, "11211"
        self.address = address
        self.host = host.strip("[]")
        self.port = int(port)
        self.pool_size = pool_size
        self.down_until = 0.0
        # When a call last returned a reply from this server.
        self.last_reply = time.monotonic()
        self.weight_seed = address.encode()
        # aiomcache's connections belong to the loop that opened them, so
        # each loop (the server's, the sync bridge's) has its own client.
        self._clients: dict[int, tuple[asyncio.AbstractEventLoop, Any]] = {}

    def client(self) -> Any:
        loop = asyncio.get_running_loop()
        entry = self._clients.get(id(loop))
        if entry is None or entry[0] is not loop:
            for key, (other, _) in list(self._clients.items()):
                if other.is_closed():
                    del self._clients[key]
            entry = (
                loop,
                _client_class()(self.host, self.port, pool_size=self.pool_size),
            )
            self._clients[id(loop)] = entry
        return entry[1]

    async def forget_client(self) -> None:
        """Close this loop's connections; an error may leave them half-open.

        The connections that other calls are using are closed too: those
        calls are failing against the same server, and aiomcache would put
        their connections back into a pool that nothing closes any more.
        Their readers are ended as well, because aiomcache's pool lends a
        connection again unless its reader is at end of file, and a call
        still waiting for that pool would then write to a closed transport
        (uvloop raises RuntimeError).
        """
        entry = self._clients.pop(id(asyncio.get_running_loop()), None)
        if entry is None:
            return
        pool = getattr(entry[1], "_pool", None)
        for connection in list(getattr(pool, "_in_use", ())):
            connection.reader.feed_eof()
            connection.writer.close()
        with contextlib.suppress(Exception):
            await entry[1].close()

    async def close(self) -> None:
        loop = asyncio.get_running_loop()
        entry = self._clients.pop(id(loop), None)
        if entry is not None and entry[0] is loop:
            await entry[1].close()


class MemcachedClient:
    """memcached over aiomcache, keys spread by rendezvous hashing."""

    def __init__(
        self, servers: Iterable[str], *, timeout: float = 0.25, pool_size: int = 64
    ) -> None:
        self.servers = [_Server(address, pool_size) for address in servers]
        if not self.servers:
            raise ValueError("MemcachedClient needs at least one server address.")
        self.timeout = timeout

    def server_for(self, key: bytes) -> _Server:
        """Pick the server with the highest hash of (server, key).

        Rendezvous hashing moves only the keys of a server that is added or
        removed, unlike a modulo over the server list.
        """
        if len(self.servers) == 1:
            return self.servers[0]
        return max(
            self.servers,
            key=lambda server: hashlib.blake2b(
                server.weight_seed + b"\0" + key, digest_size=8
            ).digest(),
        )

    async def _call(
        self,
        server: _Server,
        operation: str,
        *args: Any,
        timeout: float | None = None,
    ) -> Any:
        from aiomcache.exceptions import ClientException

        if server.down_until > time.monotonic():
            raise ConnectionError(f"memcached {server.address} is marked down")
        limit = self.timeout if timeout is None else timeout
        try:
            async with asyncio.timeout(limit):
                result = await getattr(server.client(), operation)(*args)
            server.last_reply = time.monotonic()
            return result
        except ClientException as error:
            # NOT_FOUND and CLIENT_ERROR are answers about the key; anything
            # else, such as an empty reply from a closing socket, means the
            # server is gone.
            # aiomcache puts the server's reply in the message only.
            if "NOT_FOUND" in str(error) or "CLIENT_ERROR" in str(error):
                server.last_reply = time.monotonic()
                raise KeyError(str(error)) from error
            await self._mark_down(server, operation, error)
            raise ConnectionError(str(error) or repr(error)) from error
        except TimeoutError as error:
            if time.monotonic() - server.last_reply > 2 * limit:
                await self._mark_down(server, operation, error)
            raise ConnectionError(f"no response within {limit:g}s") from error
        except (OSError, ConnectionError) as error:
            await self._mark_down(server, operation, error)
            raise ConnectionError(str(error) or repr(error)) from error
        except (IndexError, ValueError) as error:
            # A reply that does not parse, such as a VALUE line without the
            # CAS field that multi_get expects: the connection has lost its
            # place in the protocol (Pool.release closes the connections of
            # cancelled calls, the known way to get there).
            await self._mark_down(server, operation, error)
            raise ConnectionError(repr(error)) from error

    async def _mark_down(
        self, server: _Server, operation: str, error: BaseException
    ) -> None:
        """Skip `server` for SERVER_RETRY_DELAY seconds and drop its sockets.

        Only the call that marks the server down logs. The other calls in
        flight at that moment fail the same way and would add a line each.
        """
        already_down = server.down_until > time.monotonic()
        server.down_until = time.monotonic() + SERVER_RETRY_DELAY
        await server.forget_client()
        if already_down:
            return
        log.warning(
            "memcached call failed",
            server=server.address,
            operation=operation,
            error=repr(error),
            retry_seconds=SERVER_RETRY_DELAY,
        )

    async def get(self, key: str) -> Any:
        raw_key = safe_key(key)
        try:
            data = await self._call(self.server_for(raw_key), "get", raw_key)
        except ConnectionError:
            return None
        return None if data is None else deserialise(data)

    async def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        by_server: dict[_Server, dict[bytes, str]] = {}
        for key in keys:
            raw_key = safe_key(key)
            by_server.setdefault(self.server_for(raw_key), {})[raw_key] = key

        async def from_server(
            server: _Server, wanted: dict[bytes, str]
        ) -> dict[str, Any]:
            try:
                values = await self._call(server, "multi_get", *wanted)
            except ConnectionError:
                return {}
            return {
                wanted[raw_key]: deserialise(data)
                for raw_key, data in zip(wanted, values, strict=True)
                if data is not None
            }

        if len(by_server) == 1:
            # One server, the usual case: no task to gather.
            [(server, wanted)] = by_server.items()
            return await from_server(server, wanted)
        found: dict[str, Any] = {}
        for part in await asyncio.gather(
            *(from_server(server, wanted) for server, wanted in by_server.items())
        ):
            found.update(part)
        return found

    async def set(self, key: str, value: Any, timeout: float | None) -> bool:
        raw_key = safe_key(key)
        try:
            return bool(
                await self._call(
                    self.server_for(raw_key),
                    "set",
                    raw_key,
                    serialise(value),
                    expiry(timeout),
                )
            )
        except ConnectionError:
            return False

    async def add(self, key: str, value: Any, timeout: float | None) -> bool:
        raw_key = safe_key(key)
        try:
            return bool(
                await self._call(
                    self.server_for(raw_key),
                    "add",
                    raw_key,
                    serialise(value),
                    expiry(timeout),
                )
            )
        except ConnectionError:
            return False

    async def delete(self, key: str) -> bool:
        raw_key = safe_key(key)
        try:
            return bool(await self._call(self.server_for(raw_key), "delete", raw_key))
        except ConnectionError:
            return False

    async def incr(self, key: str, delta: int) -> int | None:
        """Add `delta` to a stored int; None when the key or server is gone."""
        raw_key = safe_key(key)
        operation = "incr" if delta >= 0 else "decr"
        try:
            return await self._call(
                self.server_for(raw_key), operation, raw_key, abs(delta)
            )
        except (ConnectionError, KeyError):
            return None

    async def touch(self, key: str, timeout: float | None) -> bool:
        raw_key = safe_key(key)
        try:
            return bool(
                await self._call(
                    self.server_for(raw_key), "touch", raw_key, expiry(timeout)
                )
            )
        except ConnectionError:
            return False

    async def flush(self) -> None:
        for server in self.servers:
            with contextlib.suppress(ConnectionError):
                await self._call(server, "flush_all")

    async def ping(self) -> dict[str, str]:
        """Return "ok" or the error of each server, for the heartbeat.

        It waits up to PING_TIMEOUT, longer than a cache call may take: a
        busy process responding late is no outage, and a failed ping marks
        the server down for every caller of the process.
        """
        results: dict[str, str] = {}
        for server in self.servers:
            server.down_until = 0.0
            try:
                await self._call(
                    server, "version", timeout=max(self.timeout, PING_TIMEOUT)
                )
                results[server.address] = "ok"
            except ConnectionError as error:
                results[server.address] = str(error) or "unreachable"
        return results

    async def close(self) -> None:
        for server in self.servers:
            await server.close()


class LocalClient:
    """An in-process cache with the interface of MemcachedClient.

    Entries expire like memcached's and the oldest are evicted past
    `max_entries`. It is thread-safe, so sync callers share it.
    """

    def __init__(self, max_entries: int = 20000) -> None:
        self.max_entries = max_entries
        self._data: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def _get_raw(self, key: str) -> bytes | None:
        entry = self._data.get(key)
        if entry is None:
            return None
        expires, data = entry
        if expires and expires < time.monotonic():
            del self._data[key]
            return None
        self._data.move_to_end(key)
        return data

    def _set_raw(self, key: str, data: bytes, timeout: float | None) -> None:
        expires = 0.0 if timeout is None else time.monotonic() + max(timeout, 0.001)
        self._data[key] = (expires, data)
        self._data.move_to_end(key)
        while len(self._data) > self.max_entries:
            self._data.popitem(last=False)

    def get_sync(self, key: str) -> Any:
        with self._lock:
            data = self._get_raw(key)
        return None if data is None else deserialise(data)

    def set_sync(self, key: str, value: Any, timeout: float | None) -> bool:
        data = serialise(value)
        with self._lock:
            self._set_raw(key, data, timeout)
        return True

    def add_sync(self, key: str, value: Any, timeout: float | None) -> bool:
        data = serialise(value)
        with self._lock:
            if self._get_raw(key) is not None:
                return False
            self._set_raw(key, data, timeout)
        return True

    def delete_sync(self, key: str) -> bool:
        with self._lock:
            return self._data.pop(key, None) is not None

    def incr_sync(self, key: str, delta: int) -> int | None:
        with self._lock:
            data = self._get_raw(key)
            if data is None or data[:1] == PICKLE_MARK:
                return None
            # memcached's decr stops at zero rather than going negative.
            value = max(int(data) + delta, 0)
            expires, _ = self._data[key]
            self._data[key] = (expires, str(value).encode())
            return value

    def touch_sync(self, key: str, timeout: float | None) -> bool:
        with self._lock:
            data = self._get_raw(key)
            if data is None:
                return False
            self._set_raw(key, data, timeout)
        return True

    def clear_sync(self) -> None:
        with self._lock:
            self._data.clear()

    async def get(self, key: str) -> Any:
        return self.get_sync(key)

    async def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        found = {}
        for key in keys:
            value = self.get_sync(key)
            if value is not None:
                found[key] = value
        return found

    async def set(self, key: str, value: Any, timeout: float | None) -> bool:
        return self.set_sync(key, value, timeout)

    async def add(self, key: str, value: Any, timeout: float | None) -> bool:
        return self.add_sync(key, value, timeout)

    async def delete(self, key: str) -> bool:
        return self.delete_sync(key)

    async def incr(self, key: str, delta: int) -> int | None:
        return self.incr_sync(key, delta)

    async def touch(self, key: str, timeout: float | None) -> bool:
        return self.touch_sync(key, timeout)

    async def flush(self) -> None:
        self.clear_sync()

    async def ping(self) -> dict[str, str]:
        return {"in-process": "ok"}

    async def close(self) -> None:
        pass
