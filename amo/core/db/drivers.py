"""Async database drivers behind one small interface.

A `Pool` opens connections for one database alias and lends them out; a
lent connection runs one SQL statement at a time with `fetchall`. asyncmy
serves MySQL and MariaDB, aiosqlite the embedded SQLite file. The SQL is
what Django's compiler produced for that alias, with `%s` placeholders.
"""

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator, Sequence
from typing import Any, Protocol

import structlog

from amo.core.errors import DatabaseUnavailable

log = structlog.get_logger(__name__)

Row = tuple[Any, ...]

# Seconds the client waits past MariaDB's own max_statement_time before it
# gives up on a statement. The server stops a slow statement first, so a
# client-side timeout means that the server stopped responding.
CLIENT_TIMEOUT_MARGIN = 1.0
# MariaDB's ER_STATEMENT_TIMEOUT: max_statement_time stopped the statement.
STATEMENT_TIMEOUT_ERROR = 1969


class Connection(Protocol):
    async def fetchall(self, sql: str, params: Sequence[Any]) -> list[Row]: ...


class Pool(Protocol):
    alias: str
    vendor: str

    async def open(self) -> None: ...

    async def close(self) -> None: ...

    def acquire(self) -> contextlib.AbstractAsyncContextManager[Connection]: ...

    def stats(self) -> dict[str, int]: ...


class MySQLPool:
    """asyncmy connections to one MySQL or MariaDB server."""

    vendor = "mysql"

    def __init__(
        self,
        alias: str,
        settings_dict: dict[str, Any],
        *,
        size: int,
        connect_timeout: float,
        query_timeout: float,
    ) -> None:
        self.alias = alias
        self.settings_dict = settings_dict
        self.size = size
        self.connect_timeout = connect_timeout
        self.query_timeout = query_timeout
        self._pool: Any = None

    def _connect_kwargs(self) -> dict[str, Any]:
        options = self.settings_dict.get("OPTIONS", {})
        isolation = options.get("isolation_level", "read committed").upper()
        # max_statement_time makes MariaDB itself stop a runaway read, so a
        # timed-out query does not keep running after the client gave up.
        init = [
            f"SET SESSION TRANSACTION ISOLATION LEVEL {isolation}",
            f"SET SESSION max_statement_time={self.query_timeout:g}",
        ]
        return {
            "host": self.settings_dict["HOST"] or "127.0.0.1",
            "port": int(self.settings_dict["PORT"] or 3306),
            "user": self.settings_dict["USER"],
            "password": self.settings_dict["PASSWORD"],
            "db": self.settings_dict["NAME"],
            "charset": options.get("charset", "utf8mb4"),
            "autocommit": True,
            "connect_timeout": self.connect_timeout,
            "init_command": "; ".join(init),
        }

    async def open(self) -> None:
        import asyncmy

        # minsize=0: a worker starts even while the database is down, and
        # opens connections as requests need them.
        self._pool = await asyncmy.create_pool(
            minsize=0, maxsize=self.size, pool_recycle=3600, **self._connect_kwargs()
        )

    async def close(self) -> None:
        if self._pool is None:
            return
        self._pool.close()
        await self._pool.wait_closed()
        self._pool = None

    def stats(self) -> dict[str, int]:
        if self._pool is None:
            return {"size": 0, "free": 0}
        return {"size": self._pool.size, "free": self._pool.freesize}

    @contextlib.asynccontextmanager
    async def acquire(self) -> AsyncIterator[Connection]:
        if self._pool is None:
            raise DatabaseUnavailable(self.alias, "the pool is not open")
        try:
            async with asyncio.timeout(self.connect_timeout):
                raw = await self._pool.acquire()
        except TimeoutError:
            raise DatabaseUnavailable(
                self.alias, f"no connection within {self.connect_timeout:g}s"
            ) from None
        except OSError as error:
            raise DatabaseUnavailable(self.alias, str(error)) from error
        except Exception as error:
            if _is_connection_error(error):
                raise DatabaseUnavailable(self.alias, str(error)) from error
            raise
        connection = _MySQLConnection(raw, self)
        try:
            yield connection
        finally:
            if connection.broken:
                # A cancelled or failed read leaves the protocol in an unknown
                # state, so the connection is closed instead of reused.
                raw.close()
            self._pool.release(raw)


class _MySQLConnection:
    def __init__(self, raw: Any, pool: MySQLPool) -> None:
        self.raw = raw
        self.pool = pool
        self.broken = False

    async def fetchall(self, sql: str, params: Sequence[Any]) -> list[Row]:
        limit = self.pool.query_timeout + CLIENT_TIMEOUT_MARGIN
        try:
            async with asyncio.timeout(limit):
                async with self.raw.cursor() as cursor:
                    # Always pass the parameters, even none, so that `%%` in
                    # Django's SQL becomes `%` as it does in Django's cursor.
                    await cursor.execute(sql, tuple(params))
                    return list(await cursor.fetchall())
        except TimeoutError:
            self.broken = True
            raise DatabaseUnavailable(
                self.pool.alias, f"the server sent no response within {limit:g}s"
            ) from None
        except asyncio.CancelledError:
            self.broken = True
            raise
        except Exception as error:
            if _is_statement_timeout(error):
                # The connection is still in a known state, so it is reused.
                raise DatabaseUnavailable(
                    self.pool.alias,
                    f"query took longer than {self.pool.query_timeout:g}s",
                    statement_timeout=True,
                ) from error
            if _is_connection_error(error):
                self.broken = True
                raise DatabaseUnavailable(self.pool.alias, str(error)) from error
            raise


def _is_connection_error(error: BaseException) -> bool:
    from asyncmy.errors import InterfaceError, OperationalError

    if isinstance(error, (ConnectionError, InterfaceError)):
        return True
    # 2002-2013 are the client's connection errors (can't connect, server
    # gone away, lost connection); 1040 is "too many connections".
    if isinstance(error, OperationalError) and error.args:
        code = error.args[0]
        return code == 1040 or 2000 <= code < 2100
    return False


def _is_statement_timeout(error: BaseException) -> bool:
    from asyncmy.errors import OperationalError

    return (
        isinstance(error, OperationalError)
        and bool(error.args)
        and error.args[0] == STATEMENT_TIMEOUT_ERROR
    )


class SQLitePool:
    """aiosqlite connections, each with its own thread, to one SQLite file."""

    vendor = "sqlite"

    def __init__(
        self,
        alias: str,
        settings_dict: dict[str, Any],
        *,
        size: int,
        connect_timeout: float,
        query_timeout: float,
    ) -> None:
        self.alias = alias
        self.path = str(settings_dict["NAME"])
        self.size = size
        self.connect_timeout = connect_timeout
        self.query_timeout = query_timeout
        self._free: asyncio.Queue[Any] | None = None
        self._all: list[Any] = []

    async def open(self) -> None:
        self._free = asyncio.Queue()

    async def _connect(self) -> Any:
        import aiosqlite
        from django.db.backends.sqlite3._functions import register

        connection = await aiosqlite.connect(
            self.path,
            timeout=self.connect_timeout,
            detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES,
            check_same_thread=False,
            isolation_level=None,
        )
        # Django's SQL may call the functions its SQLite backend registers
        # (date extraction, REGEXP, math). The connection is not yet shared,
        # so registering on the raw connection from this thread is safe.
        register(connection._conn)
        await connection.execute("PRAGMA query_only = ON")
        return connection

    async def close(self) -> None:
        for connection in self._all:
            await connection.close()
        self._all.clear()
        self._free = None

    def stats(self) -> dict[str, int]:
        free = self._free.qsize() if self._free is not None else 0
        return {"size": len(self._all), "free": free}

    @contextlib.asynccontextmanager
    async def acquire(self) -> AsyncIterator[Connection]:
        if self._free is None:
            raise DatabaseUnavailable(self.alias, "the pool is not open")
        if self._free.empty() and len(self._all) < self.size:
            # Counted before the await, so concurrent callers cannot open
            # more connections than the pool size.
            self._all.append(None)
            try:
                raw = await self._connect()
            except (sqlite3.Error, OSError) as error:
                self._all.remove(None)
                raise DatabaseUnavailable(self.alias, str(error)) from error
            self._all[self._all.index(None)] = raw
        else:
            try:
                async with asyncio.timeout(self.connect_timeout):
                    raw = await self._free.get()
            except TimeoutError:
                raise DatabaseUnavailable(
                    self.alias, f"no connection within {self.connect_timeout:g}s"
                ) from None
        try:
            yield _SQLiteConnection(raw, self)
        finally:
            self._free.put_nowait(raw)


class _SQLiteConnection:
    def __init__(self, raw: Any, pool: SQLitePool) -> None:
        self.raw = raw
        self.pool = pool

    async def fetchall(self, sql: str, params: Sequence[Any]) -> list[Row]:
        from django.db.backends.sqlite3.base import FORMAT_QMARK_REGEX

        # The same conversion as Django's SQLiteCursorWrapper.convert_query.
        query = FORMAT_QMARK_REGEX.sub("?", sql).replace("%%", "%")
        try:
            async with asyncio.timeout(self.pool.query_timeout):
                async with self.raw.execute(query, tuple(params)) as cursor:
                    return [tuple(row) for row in await cursor.fetchall()]
        except TimeoutError:
            # aiosqlite cannot stop a statement midway, so the thread finishes
            # it; interrupt() makes SQLite abandon it as soon as it can.
            self.raw._conn.interrupt()
            raise DatabaseUnavailable(
                self.pool.alias,
                f"query took longer than {self.pool.query_timeout:g}s",
            ) from None
        except sqlite3.OperationalError as error:
            if "locked" in str(error) or "unable to open" in str(error):
                raise DatabaseUnavailable(self.pool.alias, str(error)) from error
            raise


def make_pool(alias: str, settings_dict: dict[str, Any], **options: Any) -> Pool:
    engine = settings_dict["ENGINE"]
    if engine.endswith("mysql"):
        return MySQLPool(alias, settings_dict, **options)
    if engine.endswith("sqlite3"):
        return SQLitePool(alias, settings_dict, **options)
    raise ValueError(
        f"Database {alias!r} uses {engine!r}, which has no async driver: "
        "use MySQL/MariaDB or SQLite."
    )
