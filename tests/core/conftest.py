"""Fixtures of the servers that the outage tests start, stop and restart.

The MariaDB pair, memcached and Redis are started once per session (see
tests/core/servers.py for their ports) and stopped by PID at its end.
A test that stops one of them gets it back running before the next test,
through the function-scoped fixtures below.
"""

import asyncio
import contextlib
import shutil
import tempfile
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from django.db import connections

from tests.core.servers import (
    MEMCACHED_PORT,
    REDIS_PORT,
    MemcachedServer,
    RedisServer,
    ReplicaPair,
    pick_port,
)

T = TypeVar("T")


@pytest.fixture(scope="session")
def servers_dir() -> Iterator[Path]:
    """The data directories and logs of the session's own servers."""
    path = Path(tempfile.mkdtemp(prefix="amo-replica-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def replica_pair(servers_dir) -> Iterator[ReplicaPair]:
    """A migrated MariaDB primary with its replica."""
    pair = ReplicaPair(servers_dir / "mariadb")
    try:
        pair.start()
        pair.create_database()
        yield pair
    finally:
        pair.stop()


@pytest.fixture(scope="session")
def memcached_server(servers_dir) -> Iterator[MemcachedServer]:
    server = MemcachedServer(pick_port(MEMCACHED_PORT), servers_dir / "memcached")
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def redis_server(servers_dir) -> Iterator[RedisServer]:
    server = RedisServer(pick_port(REDIS_PORT), servers_dir / "redis")
    try:
        server.start()
        yield server
    finally:
        server.stop()


def run_in_new_thread(func: Callable[[], T]) -> T:
    """Run synchronous ORM code in a thread of its own and return its result.

    A new thread starts with no Django connection, so it opens one from the
    current DATABASES, which the pair fixture points at the pair. Its
    connections are closed before it ends.
    """
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = func()
        except BaseException as error:
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=target, name="amo-test-orm")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


async def run_sync(func: Callable[[], T]) -> T:
    return await asyncio.to_thread(run_in_new_thread, func)


@pytest.fixture
async def pair_site(
    replica_pair, db_pools, django_db_blocker, monkeypatch
) -> AsyncIterator[ReplicaPair]:
    """Point the `default` and `replica` aliases at the MariaDB pair.

    Both layers follow: the async pools of the two aliases are replaced,
    and the DATABASES entries that Django's synchronous connections are
    built from name the pair. The write thread is restarted so that it
    connects to the pair's primary, and the pair's tables are emptied at
    the end.
    """
    from amo.core.db import pools, replicas, writes
    from amo.core.db.drivers import make_pool

    replica_pair.wait_until_replicating()
    urls = {
        "default": replica_pair.url(replica_pair.primary),
        "replica": replica_pair.url(replica_pair.replica),
    }
    writes.shutdown()
    replicas.reset()
    opened = []
    for alias, url in urls.items():
        settings_dict = _pair_settings(alias, url)
        monkeypatch.setitem(connections.settings, alias, settings_dict)
        pool = make_pool(
            alias,
            settings_dict,
            size=4,
            connect_timeout=1.0,
            query_timeout=2.0,
        )
        await pool.open()
        opened.append(pool)
        monkeypatch.setitem(pools._pools, alias, pool)
        monkeypatch.setitem(
            pools._compilers, alias, pools._new_wrapper(alias, settings_dict)
        )
    with django_db_blocker.unblock():
        for alias in urls:
            assert await pools._seed_server_data(alias, pools._compilers[alias])
        _forget_connections()
        try:
            yield replica_pair
        finally:
            writes.shutdown()
            replicas.reset()
            for pool in opened:
                await pool.close()
            _forget_connections()
            _empty_tables(replica_pair)


def _pair_settings(alias: str, url: str) -> dict[str, Any]:
    from amo.core.config import database_from_url

    settings_dict = {
        **connections.settings["default"],
        **database_from_url(url, name="the pair fixture"),
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
    }
    if alias != "default":
        settings_dict["TEST"] = {**settings_dict["TEST"], "MIRROR": "default"}
    return settings_dict


def _forget_connections() -> None:
    """Drop this context's Django connections, so new ones use DATABASES."""
    for alias in ("default", "replica"):
        with contextlib.suppress(AttributeError):
            delattr(connections._connections, alias)


def _empty_tables(pair: ReplicaPair) -> None:
    """Empty every table on the primary; replication empties the replica."""
    pair.resume_replication()
    rows = pair.primary.execute(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = %s AND table_name != 'django_migrations'",
        (pair.database,),
    )
    statements = ["SET FOREIGN_KEY_CHECKS = 0"]
    statements += [f"TRUNCATE TABLE `{name}`" for (name,) in rows]
    connection = pair.primary.connect(pair.database)
    try:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        connection.close()
    pair.sync()
