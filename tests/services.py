"""Servers that tests start themselves, on free ports, and stop by PID."""

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.conftest import skip_or_fail


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


async def open_unreachable_pools(tmp_path: Path) -> list[Any]:
    """Open one pool per database alias on a server that does not exist.

    MariaDB aliases connect to a free port and SQLite ones to a missing
    directory, with half-second timeouts. The caller closes the pools.
    """
    from amo.core.db import pools
    from amo.core.db.drivers import MySQLPool, SQLitePool

    unreachable: list[Any] = []
    for alias in list(pools._pools):
        settings_dict = pools._compilers[alias].settings_dict
        pool: Any
        if settings_dict["ENGINE"].endswith("mysql"):
            pool = MySQLPool(
                alias,
                {**settings_dict, "HOST": "127.0.0.1", "PORT": str(free_port())},
                size=1,
                connect_timeout=0.5,
                query_timeout=0.5,
            )
        else:
            pool = SQLitePool(
                alias,
                {"NAME": tmp_path / "gone" / "db.sqlite3"},
                size=1,
                connect_timeout=0.5,
                query_timeout=0.5,
            )
        await pool.open()
        unreachable.append(pool)
    return unreachable


class Memcached:
    """A memcached process of the test's own, which the test may stop."""

    def __init__(self) -> None:
        binary = shutil.which("memcached")
        if binary is None:
            skip_or_fail("memcached is not installed (apt-get install memcached)")
        self.binary = binary
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.binary,
                "-l",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "0",
                "-m",
                "16",
                "-u",
                "root",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@contextmanager
def memcached_servers(count: int) -> Iterator[list[Memcached]]:
    servers = [Memcached() for _ in range(count)]
    try:
        for server in servers:
            server.start()
        yield servers
    finally:
        for server in servers:
            server.stop()
