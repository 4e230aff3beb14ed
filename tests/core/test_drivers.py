"""The async drivers themselves: SQLite always, MySQL when it is configured."""

import asyncio
import contextlib
import socket
import sqlite3
import time

import pytest
from django.conf import settings
from django.db import connections

from amo.core.db.drivers import MySQLPool, SQLitePool
from amo.core.errors import DatabaseUnavailable
from tests.conftest import uses_mysql


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
async def sqlite_pool(tmp_path):
    path = tmp_path / "drivers.sqlite3"
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute(
            "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, pct TEXT)"
        )
        connection.executemany(
            "INSERT INTO items (name, pct) VALUES (?, ?)",
            [("alpha", "10%"), ("beta", "20%"), ("gamma", "30%")],
        )
        connection.commit()
    pool = SQLitePool(
        "drivers", {"NAME": path}, size=2, connect_timeout=1.0, query_timeout=1.0
    )
    await pool.open()
    yield pool
    await pool.close()


async def test_sqlite_fetchall_with_format_placeholders(sqlite_pool):
    async with sqlite_pool.acquire() as connection:
        rows = await connection.fetchall(
            "SELECT name FROM items WHERE id > %s AND name LIKE %s ORDER BY id",
            (1, "%a"),
        )
    assert rows == [("beta",), ("gamma",)]


async def test_sqlite_double_percent_is_a_literal(sqlite_pool):
    async with sqlite_pool.acquire() as connection:
        rows = await connection.fetchall(
            "SELECT pct FROM items WHERE pct LIKE '2%%'", ()
        )
    assert rows == [("20%",)]


async def test_sqlite_pool_never_exceeds_its_size(sqlite_pool):
    async def read(index: int) -> int:
        async with sqlite_pool.acquire() as connection:
            await asyncio.sleep(0.01)
            rows = await connection.fetchall(
                "SELECT COUNT(*) FROM items WHERE id > %s", (index,)
            )
            return rows[0][0]

    results = await asyncio.gather(*(read(index % 3) for index in range(20)))
    assert sorted(set(results)) == [1, 2, 3]
    assert sqlite_pool.stats() == {"size": 2, "free": 2}


async def test_sqlite_read_connections_are_read_only(sqlite_pool):
    async with sqlite_pool.acquire() as connection:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            await connection.fetchall("DELETE FROM items", ())


async def test_sqlite_slow_query_times_out(tmp_path):
    path = tmp_path / "slow.sqlite3"
    sqlite3.connect(path).close()
    pool = SQLitePool(
        "slow", {"NAME": path}, size=1, connect_timeout=1.0, query_timeout=0.2
    )
    await pool.open()
    slow = (
        "WITH RECURSIVE n(x) AS"
        " (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 100000000)"
        " SELECT COUNT(*) FROM n"
    )
    started = time.monotonic()
    try:
        async with pool.acquire() as connection:
            with pytest.raises(DatabaseUnavailable, match=r"longer than 0\.2s"):
                await connection.fetchall(slow, ())
    finally:
        await pool.close()
    assert time.monotonic() - started < 5


async def test_sqlite_missing_file_is_unavailable(tmp_path):
    pool = SQLitePool(
        "missing",
        {"NAME": tmp_path / "no" / "such.sqlite3"},
        size=1,
        connect_timeout=0.5,
        query_timeout=0.5,
    )
    await pool.open()
    with pytest.raises(DatabaseUnavailable, match="missing"):
        async with pool.acquire():
            pass
    await pool.close()


async def test_unopened_pool_is_unavailable(tmp_path):
    pool = SQLitePool(
        "closed", {"NAME": tmp_path / "x"}, size=1, connect_timeout=1, query_timeout=1
    )
    with pytest.raises(DatabaseUnavailable, match="not open"):
        async with pool.acquire():
            pass


def mysql_settings() -> dict:
    return dict(connections["default"].settings_dict)


needs_mysql = pytest.mark.skipif(
    not uses_mysql(), reason="AMO_DATABASE_URL is not MySQL"
)


@needs_mysql
async def test_mysql_fetchall_and_percent_literals(db_pools):
    pool = MySQLPool(
        "check", mysql_settings(), size=2, connect_timeout=2, query_timeout=2
    )
    await pool.open()
    try:
        async with pool.acquire() as connection:
            assert await connection.fetchall("SELECT %s + %s", (2, 3)) == [(5,)]
            assert await connection.fetchall("SELECT '50%%'", ()) == [("50%",)]
            version = await connection.fetchall("SELECT VERSION()", ())
        assert "MariaDB" in version[0][0] or version[0][0][0].isdigit()
    finally:
        await pool.close()


@needs_mysql
async def test_mysql_slow_query_times_out_and_drops_the_connection(db_pools):
    pool = MySQLPool(
        "slow", mysql_settings(), size=1, connect_timeout=2, query_timeout=0.3
    )
    await pool.open()
    try:
        async with pool.acquire() as connection:
            with pytest.raises(DatabaseUnavailable):
                await connection.fetchall("SELECT SLEEP(3)", ())
        # The broken connection was closed, not handed out again.
        async with pool.acquire() as connection:
            assert await connection.fetchall("SELECT 1", ()) == [(1,)]
    finally:
        await pool.close()


async def test_mysql_server_down_is_unavailable_quickly():
    database = {
        "HOST": "127.0.0.1",
        "PORT": str(closed_port()),
        "USER": "root",
        "PASSWORD": "",
        "NAME": "amo",
        "OPTIONS": {},
    }
    pool = MySQLPool("down", database, size=1, connect_timeout=1.0, query_timeout=1.0)
    await pool.open()
    started = time.monotonic()
    with pytest.raises(DatabaseUnavailable):
        async with pool.acquire():
            pass
    await pool.close()
    assert time.monotonic() - started < 3


def test_pool_size_setting_is_positive():
    assert settings.DB_POOL_SIZE >= 1
