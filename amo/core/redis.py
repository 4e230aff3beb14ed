"""The process's Redis client: redis.asyncio, or an in-process stand-in.

With AMO_REDIS_URL unset (the embedded default) `LocalRedis` keeps the
same commands in memory, for one process. It implements only the commands
amo uses; add one here when code needs it.
"""

import asyncio
import fnmatch
import time
from typing import Any

import structlog
from django.conf import settings

log = structlog.get_logger(__name__)

_client: Any = None


class LocalRedis:
    """The subset of redis.asyncio.Redis that amo uses, kept in memory."""

    def __init__(self) -> None:
        self._data: dict[str, Any] = {}
        self._expires: dict[str, float] = {}
        self._lock = asyncio.Lock()

    def _alive(self, key: str) -> bool:
        expires = self._expires.get(key)
        if expires is not None and expires <= time.monotonic():
            self._data.pop(key, None)
            self._expires.pop(key, None)
        return key in self._data

    async def ping(self) -> bool:
        return True

    async def get(self, key: str) -> bytes | None:
        if not self._alive(key):
            return None
        value = self._data[key]
        return value if isinstance(value, bytes) else str(value).encode()

    async def set(
        self, key: str, value: Any, ex: int | None = None, nx: bool = False
    ) -> bool | None:
        if nx and self._alive(key):
            return None
        self._data[key] = value if isinstance(value, bytes) else str(value).encode()
        self._expires.pop(key, None)
        if ex:
            self._expires[key] = time.monotonic() + ex
        return True

    async def incrby(self, key: str, amount: int = 1) -> int:
        value = int(await self.get(key) or 0) + amount
        self._data[key] = str(value).encode()
        return value

    async def incr(self, key: str, amount: int = 1) -> int:
        return await self.incrby(key, amount)

    async def expire(self, key: str, seconds: int) -> bool:
        if not self._alive(key):
            return False
        self._expires[key] = time.monotonic() + seconds
        return True

    async def ttl(self, key: str) -> int:
        if not self._alive(key):
            return -2
        expires = self._expires.get(key)
        return -1 if expires is None else max(int(expires - time.monotonic()), 0)

    async def delete(self, *keys: str) -> int:
        removed = 0
        for key in keys:
            if self._alive(key):
                removed += 1
            self._data.pop(key, None)
            self._expires.pop(key, None)
        return removed

    async def exists(self, *keys: str) -> int:
        return sum(1 for key in keys if self._alive(key))

    async def keys(self, pattern: str = "*") -> list[bytes]:
        return [
            key.encode()
            for key in list(self._data)
            if self._alive(key) and fnmatch.fnmatchcase(key, pattern)
        ]

    async def hincrby(self, key: str, field: str, amount: int = 1) -> int:
        if not self._alive(key):
            self._data[key] = {}
        table = self._data[key]
        table[field] = int(table.get(field, 0)) + amount
        return table[field]

    async def hgetall(self, key: str) -> dict[bytes, bytes]:
        if not self._alive(key):
            return {}
        return {
            str(field).encode(): str(value).encode()
            for field, value in self._data[key].items()
        }

    async def hdel(self, key: str, *fields: str | bytes) -> int:
        if not self._alive(key):
            return 0
        table = self._data[key]
        removed = 0
        for field in fields:
            name = field.decode() if isinstance(field, bytes) else field
            if table.pop(name, None) is not None:
                removed += 1
        if not table:
            # As in Redis, a hash without fields no longer exists.
            await self.delete(key)
        return removed

    async def scan(
        self, cursor: int = 0, match: str | None = None, count: int | None = None
    ) -> tuple[int, list[bytes]]:
        """Return every key that matches, with cursor 0 (the last page).

        SCAN's contract allows one page of any size; `count` is a hint.
        """
        return 0, await self.keys(match or "*")

    async def hscan(
        self,
        key: str,
        cursor: int = 0,
        match: str | None = None,
        count: int | None = None,
    ) -> tuple[int, dict[bytes, bytes]]:
        """Return every field of hash `key` that matches, with cursor 0."""
        table = await self.hgetall(key)
        if match is not None:
            table = {
                field: value
                for field, value in table.items()
                if fnmatch.fnmatchcase(field.decode(), match)
            }
        return 0, table

    def pipeline(self, transaction: bool = True) -> "LocalPipeline":
        return LocalPipeline(self)

    async def aclose(self) -> None:
        self._data.clear()
        self._expires.clear()


class LocalPipeline:
    """Commands queued on a LocalRedis and run in order by `execute()`."""

    def __init__(self, client: LocalRedis) -> None:
        self._client = client
        self._commands: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []

    def __getattr__(self, name: str) -> Any:
        if not hasattr(self._client, name):
            raise AttributeError(name)

        def queue(*args: Any, **kwargs: Any) -> "LocalPipeline":
            self._commands.append((name, args, kwargs))
            return self

        return queue

    async def execute(self) -> list[Any]:
        commands, self._commands = self._commands, []
        return [
            await getattr(self._client, name)(*args, **kwargs)
            for name, args, kwargs in commands
        ]


def create_client() -> Any:
    """Return a new Redis client: redis.asyncio, or a LocalRedis when
    AMO_REDIS_URL is unset.

    A redis.asyncio client belongs to the event loop it first runs on; code
    that runs its own loop (a job under asyncio.run) creates its own.
    """
    if not settings.REDIS_URL:
        return LocalRedis()
    import redis.asyncio

    return redis.asyncio.Redis.from_url(
        settings.REDIS_URL,
        socket_timeout=settings.CACHE_CALL_TIMEOUT * 4,
        socket_connect_timeout=settings.CACHE_CALL_TIMEOUT * 4,
        health_check_interval=30,
    )


def get_client() -> Any:
    """Return the process's Redis client, creating it on first use."""
    global _client
    if _client is None:
        _client = create_client()
    return _client


async def open_client() -> None:
    """Create the process's Redis client; called from the lifespan."""
    get_client()


async def close_client() -> None:
    global _client
    if _client is not None:
        client, _client = _client, None
        await client.aclose()
