"""Per-process registry of async pools and of the connections that compile.

Each alias gets a pool of driver connections and one Django
DatabaseWrapper that is only ever used to compile SQL and convert values.
That wrapper never connects: what the MySQL backend learns from the server
(version, MariaDB or not, sql_mode) is read once in a thread and stored on
it, so compiling on the event loop never opens a synchronous connection.
"""

import asyncio
import time
from typing import Any, cast

import structlog
from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend

from amo.core.db.drivers import Pool, make_pool
from amo.core.errors import DatabaseUnavailable

log = structlog.get_logger(__name__)

# Seconds between two attempts to read a MySQL server's data after a failure.
SERVER_DATA_RETRY = 5.0

_pools: dict[str, Pool] = {}
_compilers: dict[str, BaseDatabaseWrapper] = {}
_server_data_failed_at: dict[str, float] = {}
_server_data_lock = asyncio.Lock()


def _settings_of(alias: str) -> dict[str, Any]:
    # The wrapper's settings, not connections.settings: Django's test set-up
    # points only the wrappers of mirror aliases at the test database.
    return dict(connections[alias].settings_dict)


def _new_wrapper(alias: str, settings_dict: dict[str, Any]) -> BaseDatabaseWrapper:
    backend = load_backend(settings_dict["ENGINE"])
    return backend.DatabaseWrapper(settings_dict, alias)


def _read_server_data(alias: str, settings_dict: dict[str, Any]) -> dict[str, Any]:
    """Connect synchronously (in a worker thread) and read the server data."""
    wrapper = _new_wrapper(alias, settings_dict)
    try:
        # Only MySQL's wrapper has this property; it connects to read it.
        return dict(cast(Any, wrapper).mysql_server_data)
    finally:
        wrapper.close()


async def _seed_server_data(alias: str, wrapper: BaseDatabaseWrapper) -> bool:
    if wrapper.vendor != "mysql" or "mysql_server_data" in wrapper.__dict__:
        return True
    async with _server_data_lock:
        if "mysql_server_data" in wrapper.__dict__:
            return True
        try:
            data = await asyncio.to_thread(
                _read_server_data, alias, wrapper.settings_dict
            )
        except Exception as error:
            _server_data_failed_at[alias] = time.monotonic()
            log.warning(
                "database server data unavailable", alias=alias, error=str(error)
            )
            return False
        wrapper.__dict__["mysql_server_data"] = data
        _server_data_failed_at.pop(alias, None)
        return True


async def open_pools() -> None:
    """Open a pool for every configured alias; called from the lifespan."""
    for alias in settings.DATABASES:
        if alias in _pools:
            continue
        settings_dict = _settings_of(alias)
        pool = make_pool(
            alias,
            settings_dict,
            size=settings.DB_POOL_SIZE,
            connect_timeout=settings.DB_CONNECT_TIMEOUT,
            query_timeout=settings.DB_QUERY_TIMEOUT,
        )
        await pool.open()
        wrapper = _new_wrapper(alias, settings_dict)
        _pools[alias] = pool
        _compilers[alias] = wrapper
        await _seed_server_data(alias, wrapper)
    log.info("database pools opened", aliases=sorted(_pools))


async def close_pools() -> None:
    """Close every pool; called from the lifespan on shutdown."""
    pools = list(_pools.values())
    _pools.clear()
    _compilers.clear()
    for pool in pools:
        await pool.close()
    if pools:
        log.info("database pools closed", count=len(pools))


def pools_open() -> bool:
    return bool(_pools)


def is_replica(alias: str) -> bool:
    """Return whether `alias` reads a server of its own, not the primary's.

    Without AMO_REPLICA_URLS the `replica` alias reads the primary, so a
    failure there is the primary's and moving the read would not help.
    """
    if alias == "default" or alias not in settings.REPLICA_DATABASES:
        return False
    wrapper = _compilers.get(alias)
    primary = _compilers.get("default")
    if wrapper is None or primary is None:
        return False
    keys = ("ENGINE", "HOST", "PORT", "NAME")
    return any(
        wrapper.settings_dict.get(key) != primary.settings_dict.get(key) for key in keys
    )


def pool_stats() -> dict[str, dict[str, int]]:
    return {alias: pool.stats() for alias, pool in _pools.items()}


async def get(alias: str) -> tuple[Pool, BaseDatabaseWrapper]:
    """Return the pool and the compiling wrapper of `alias`."""
    try:
        pool = _pools[alias]
        wrapper = _compilers[alias]
    except KeyError:
        raise RuntimeError(
            f"No async pool for database {alias!r}: open the pools first "
            "(the ASGI lifespan does it, tests use the `db_pools` fixture)."
        ) from None
    if wrapper.vendor == "mysql" and "mysql_server_data" not in wrapper.__dict__:
        failed_at = _server_data_failed_at.get(alias, 0.0)
        if time.monotonic() - failed_at < SERVER_DATA_RETRY:
            raise DatabaseUnavailable(alias, "server data could not be read")
        if not await _seed_server_data(alias, wrapper):
            raise DatabaseUnavailable(alias, "server data could not be read")
    return pool, wrapper
