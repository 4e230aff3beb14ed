"""Django cache backends on amo's cache clients, with native async methods.

Django's BaseCache implements its async methods by running the sync ones
in a thread; these backends do the reverse. The async methods await the
client directly, and the sync methods, for sync callers such as the admin
and Celery, run the same coroutine on a private event loop in a background
thread (see amo.core.cache.bridge). A sync call made on the event loop
itself raises, as Django's own SynchronousOnlyOperation does.

Backends are cheap views over process-wide clients: Django may create one
per thread or per async context.
"""

import asyncio
from collections.abc import Iterable
from typing import Any, cast

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

from amo.core.cache import bridge
from amo.core.cache.calls import recorded
from amo.core.cache.clients import LocalClient, MemcachedClient

_memcached_clients: dict[tuple[str, ...], MemcachedClient] = {}
_local_clients: dict[str, LocalClient] = {}


def memcached_client(
    servers: Iterable[str], timeout: float, pool_size: int
) -> MemcachedClient:
    key = tuple(servers)
    client = _memcached_clients.get(key)
    if client is None:
        client = _memcached_clients[key] = MemcachedClient(
            key, timeout=timeout, pool_size=pool_size
        )
    return client


class AmoCache(BaseCache):
    client: MemcachedClient | LocalClient

    def _timeout(self, timeout: Any) -> float | None:
        """Seconds to keep a value: None keeps it, 0 or less deletes it."""
        if timeout is DEFAULT_TIMEOUT:
            timeout = self.default_timeout
        return None if timeout is None else float(timeout)

    def validate_key(self, key: str) -> None:
        # The clients hash keys that memcached would not accept.
        pass

    # --- async --------------------------------------------------------------

    @recorded
    async def aget(
        self, key: str, default: Any = None, version: int | None = None
    ) -> Any:
        value = await self.client.get(self.make_key(key, version))
        return default if value is None else value

    @recorded
    async def aget_many(
        self, keys: Iterable[str], version: int | None = None
    ) -> dict[str, Any]:
        made = {self.make_key(key, version): key for key in keys}
        found = await self.client.get_many(made)
        return {made[key]: value for key, value in found.items()}

    @recorded
    async def aset(
        self,
        key: str,
        value: Any,
        timeout: Any = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> None:
        seconds = self._timeout(timeout)
        made = self.make_key(key, version)
        if seconds is not None and seconds <= 0:
            await self.client.delete(made)
            return
        await self.client.set(made, value, seconds)

    @recorded
    async def aadd(
        self,
        key: str,
        value: Any,
        timeout: Any = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> bool:
        seconds = self._timeout(timeout)
        if seconds is not None and seconds <= 0:
            return False
        return await self.client.add(self.make_key(key, version), value, seconds)

    @recorded
    async def aset_many(
        self,
        data: dict[str, Any],
        timeout: Any = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> list[str]:
        seconds = self._timeout(timeout)
        if seconds is not None and seconds <= 0:
            await self.adelete_many(list(data), version)
            return []
        # The requests go out at once; memcached has no multi-key set.
        stored = await asyncio.gather(
            *(
                self.client.set(self.make_key(key, version), value, seconds)
                for key, value in data.items()
            )
        )
        return [key for key, ok in zip(data, stored, strict=True) if not ok]

    @recorded
    async def aadd_many(
        self,
        data: dict[str, Any],
        timeout: Any = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> list[str]:
        """Add each key that is not stored yet; return the keys not added.

        Not part of Django's cache API: the object cache stores the rows it
        loaded with it, so that a key deleted meanwhile stays deleted.
        """
        seconds = self._timeout(timeout)
        if seconds is not None and seconds <= 0:
            return list(data)
        added = await asyncio.gather(
            *(
                self.client.add(self.make_key(key, version), value, seconds)
                for key, value in data.items()
            )
        )
        return [key for key, ok in zip(data, added, strict=True) if not ok]

    @recorded
    async def adelete(self, key: str, version: int | None = None) -> bool:
        return await self.client.delete(self.make_key(key, version))

    @recorded
    async def adelete_many(
        self, keys: Iterable[str], version: int | None = None
    ) -> None:
        await asyncio.gather(
            *(self.client.delete(self.make_key(key, version)) for key in keys)
        )

    @recorded
    async def atouch(
        self, key: str, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        return await self.client.touch(
            self.make_key(key, version), self._timeout(timeout)
        )

    @recorded
    async def aincr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        value = await self.client.incr(self.make_key(key, version), delta)
        if value is None:
            raise ValueError(f"Key {key!r} not found.")
        return value

    async def adecr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        return await self.aincr(key, -delta, version)

    @recorded
    async def ahas_key(self, key: str, version: int | None = None) -> bool:
        return await self.client.get(self.make_key(key, version)) is not None

    @recorded
    async def aclear(self) -> None:
        await self.client.flush()

    async def aclose(self, **kwargs: Any) -> None:
        # The clients live for the process; the lifespan closes them.
        pass

    # --- sync ---------------------------------------------------------------

    @recorded
    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        return bridge.run(self.aget(key, default, version))

    @recorded
    def get_many(
        self, keys: Iterable[str], version: int | None = None
    ) -> dict[str, Any]:
        return bridge.run(self.aget_many(list(keys), version))

    @recorded
    def set(
        self,
        key: str,
        value: Any,
        timeout: Any = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> None:
        bridge.run(self.aset(key, value, timeout, version))

    @recorded
    def add(
        self,
        key: str,
        value: Any,
        timeout: Any = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> bool:
        return bridge.run(self.aadd(key, value, timeout, version))

    @recorded
    def set_many(
        self,
        data: dict[str, Any],
        timeout: Any = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> list[str]:
        return bridge.run(self.aset_many(data, timeout, version))

    @recorded
    def add_many(
        self,
        data: dict[str, Any],
        timeout: Any = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> list[str]:
        return bridge.run(self.aadd_many(data, timeout, version))

    @recorded
    def delete(self, key: str, version: int | None = None) -> bool:
        return bridge.run(self.adelete(key, version))

    @recorded
    def delete_many(self, keys: Iterable[str], version: int | None = None) -> None:
        bridge.run(self.adelete_many(list(keys), version))

    @recorded
    def touch(
        self, key: str, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        return bridge.run(self.atouch(key, timeout, version))

    @recorded
    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        return bridge.run(self.aincr(key, delta, version))

    @recorded
    def decr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        return bridge.run(self.adecr(key, delta, version))

    @recorded
    def has_key(self, key: str, version: int | None = None) -> bool:
        return bridge.run(self.ahas_key(key, version))

    @recorded
    def clear(self) -> None:
        bridge.run(self.aclear())

    def close(self, **kwargs: Any) -> None:
        pass


class MemcachedCache(AmoCache):
    """memcached through aiomcache; LOCATION is a list of host:port."""

    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        super().__init__(params)
        servers = server.split(",") if isinstance(server, str) else list(server)
        from django.conf import settings

        self.client = memcached_client(
            servers, settings.CACHE_CALL_TIMEOUT, settings.CACHE_POOL_SIZE
        )


class LocalCache(AmoCache):
    """The in-process cache of the embedded default.

    Its sync methods call the client directly: there is no I/O to wait for.
    """

    client: LocalClient

    def __init__(self, name: str, params: dict[str, Any]) -> None:
        super().__init__(params)
        max_entries = int(params.get("OPTIONS", {}).get("MAX_ENTRIES", 20000))
        client = _local_clients.get(name)
        if client is None:
            client = _local_clients[name] = LocalClient(max_entries)
        self.client = client

    @recorded
    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        value = self.client.get_sync(self.make_key(key, version))
        return default if value is None else value

    @recorded
    def get_many(
        self, keys: Iterable[str], version: int | None = None
    ) -> dict[str, Any]:
        found = {}
        for key in keys:
            value = self.client.get_sync(self.make_key(key, version))
            if value is not None:
                found[key] = value
        return found

    @recorded
    def set(
        self,
        key: str,
        value: Any,
        timeout: Any = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> None:
        seconds = self._timeout(timeout)
        made = self.make_key(key, version)
        if seconds is not None and seconds <= 0:
            self.client.delete_sync(made)
        else:
            self.client.set_sync(made, value, seconds)

    @recorded
    def add(
        self,
        key: str,
        value: Any,
        timeout: Any = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> bool:
        seconds = self._timeout(timeout)
        if seconds is not None and seconds <= 0:
            return False
        return self.client.add_sync(self.make_key(key, version), value, seconds)

    @recorded
    def add_many(
        self,
        data: dict[str, Any],
        timeout: Any = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> list[str]:
        seconds = self._timeout(timeout)
        if seconds is not None and seconds <= 0:
            return list(data)
        return [
            key
            for key, value in data.items()
            if not self.client.add_sync(self.make_key(key, version), value, seconds)
        ]

    @recorded
    def set_many(
        self,
        data: dict[str, Any],
        timeout: Any = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> list[str]:
        seconds = self._timeout(timeout)
        for key, value in data.items():
            made = self.make_key(key, version)
            if seconds is not None and seconds <= 0:
                self.client.delete_sync(made)
            else:
                self.client.set_sync(made, value, seconds)
        return []

    @recorded
    def delete(self, key: str, version: int | None = None) -> bool:
        return self.client.delete_sync(self.make_key(key, version))

    @recorded
    def delete_many(self, keys: Iterable[str], version: int | None = None) -> None:
        for key in keys:
            self.client.delete_sync(self.make_key(key, version))

    @recorded
    def touch(
        self, key: str, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        return self.client.touch_sync(
            self.make_key(key, version), self._timeout(timeout)
        )

    @recorded
    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        value = self.client.incr_sync(self.make_key(key, version), delta)
        if value is None:
            raise ValueError(f"Key {key!r} not found.")
        return value

    @recorded
    def decr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        return self.incr(key, -delta, version)

    @recorded
    def has_key(self, key: str, version: int | None = None) -> bool:
        return self.client.get_sync(self.make_key(key, version)) is not None

    @recorded
    def clear(self) -> None:
        self.client.clear_sync()


def default_cache() -> AmoCache:
    """Return the `default` cache, typed as amo's backend."""
    from django.core.cache import caches

    return cast(AmoCache, caches["default"])
