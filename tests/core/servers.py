"""Servers that the outage tests start, stop and restart themselves.

A MariaDB primary and its replica (row-based binary log, GTID
replication), a memcached and a Redis, each on its usual port of
127.0.0.1 below, or on a free port when another test session uses it.
Each one is a child process of the test session. `stop()` sends SIGTERM
to its PID and waits for it to exit, and `start()` runs it again on the
same data directory and port. `pause()` and `resume()` send
SIGSTOP and SIGCONT to simulate a server that hangs.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pymysql

from tests.conftest import skip_or_fail

BASE_DIR = Path(__file__).resolve().parents[2]

# The ports each session tries first.
PRIMARY_PORT = 3311
REPLICA_PORT = 3312
MEMCACHED_PORT = 11306
REDIS_PORT = 6391
# The database that the pair serves to the tests, replicated as a whole.
PAIR_DATABASE = "amo_replica"

# Seconds a server may take to accept connections after it starts, and to
# exit after SIGTERM. MariaDB flushes InnoDB on shutdown, which is slower.
START_TIMEOUT = 60.0
STOP_TIMEOUT = 60.0


def require_binary(name: str) -> str:
    """Return the path of `name`, or skip (fail under CI) when missing."""
    path = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
    if path is None:
        skip_or_fail(f"{name} is not installed, so the outage tests cannot run")
    return str(path)


def port_in_use(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def pick_port(preferred: int) -> int:
    """Return `preferred` when nothing listens on it, else a free port.

    Two test sessions on one machine (two checkouts) would otherwise fight
    over the same ports. A server keeps its port across restarts.
    """
    if not port_in_use(preferred):
        return preferred
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerProcess:
    """One server, run as a child process and stopped by its PID."""

    name = "server"

    def __init__(self, port: int, workdir: Path) -> None:
        self.port = port
        self.workdir = workdir
        self.log_path = workdir / f"{self.name}.log"
        self.process: subprocess.Popen[bytes] | None = None
        workdir.mkdir(parents=True, exist_ok=True)

    def command(self) -> list[str]:
        raise NotImplementedError

    def ready(self) -> bool:
        """Return whether the server responds to a request of its protocol."""
        raise NotImplementedError

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def log_tail(self, lines: int = 20) -> str:
        if not self.log_path.exists():
            return "(no log)"
        text = self.log_path.read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def start(self) -> None:
        if self.running:
            return
        if port_in_use(self.port):
            raise RuntimeError(
                f"{self.name} cannot start: another process listens on "
                f"127.0.0.1:{self.port}. Stop it, or free the port."
            )
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self.command(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.workdir,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while not self.ready():
            if self.process.poll() is not None:
                code = self.process.returncode
                self.process = None
                raise RuntimeError(
                    f"{self.name} exited with status {code} while starting:\n"
                    f"{self.log_tail()}"
                )
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError(
                    f"{self.name} did not respond on {self.address} within "
                    f"{START_TIMEOUT:g}s:\n{self.log_tail()}"
                )
            time.sleep(0.1)

    def stop(self) -> None:
        """Send SIGTERM to the server's PID and wait until it exits."""
        if self.process is None:
            return
        process, self.process = self.process, None
        if process.poll() is not None:
            return
        # A paused process would never handle SIGTERM.
        os.kill(process.pid, signal.SIGCONT)
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def restart(self) -> None:
        self.stop()
        self.start()

    def pause(self) -> None:
        """Stop the process with SIGSTOP: it accepts TCP but never responds."""
        assert self.process is not None, f"{self.name} is not running"
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process is not None, f"{self.name} is not running"
        os.kill(self.process.pid, signal.SIGCONT)


class MariaDBServer(ServerProcess):
    """mariadbd on its own data directory, with a row-based binary log."""

    def __init__(
        self, name: str, port: int, workdir: Path, *, server_id: int, replica: bool
    ) -> None:
        self.name = name
        super().__init__(port, workdir)
        self.server_id = server_id
        self.is_replica = replica
        self.datadir = workdir / "data"
        # A temporary directory of its own: mariadbd deletes the #sql files
        # it finds in its tmpdir when it starts, so with the default, /tmp,
        # one server starting broke another's mariadb-install-db.
        self.tmpdir = workdir / "tmp"
        self.tmpdir.mkdir(exist_ok=True)
        self.socket = workdir / "mariadbd.sock"
        self.mariadbd = require_binary("mariadbd")
        self.install_db = require_binary("mariadb-install-db")

    def install(self) -> None:
        """Create the system tables in a fresh data directory."""
        result = subprocess.run(
            [
                self.install_db,
                "--no-defaults",
                f"--datadir={self.datadir}",
                "--user=root",
                # root@127.0.0.1 then logs in with no password over TCP.
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
                f"--tmpdir={self.tmpdir}",
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"mariadb-install-db failed for {self.name} "
                f"(status {result.returncode}):\n{result.stdout}\n{result.stderr}"
            )

    def command(self) -> list[str]:
        command = [
            self.mariadbd,
            "--no-defaults",
            f"--datadir={self.datadir}",
            "--user=root",
            f"--port={self.port}",
            "--bind-address=127.0.0.1",
            f"--socket={self.socket}",
            f"--tmpdir={self.tmpdir}",
            f"--pid-file={self.workdir / 'mariadbd.pid'}",
            "--skip-name-resolve",
            f"--server-id={self.server_id}",
            "--log-bin=binlog",
            "--binlog-format=ROW",
            "--relay-log=relay",
            "--character-set-server=utf8mb4",
            "--collation-server=utf8mb4_unicode_ci",
            # Small buffers: the test data is tiny and the machine is shared.
            "--innodb-buffer-pool-size=32M",
            "--innodb-log-file-size=16M",
            "--max-connections=200",
        ]
        if self.is_replica:
            command.append("--read-only=1")
        return command

    def connect(self, database: str | None = None) -> Any:
        return pymysql.connect(
            host="127.0.0.1",
            port=self.port,
            user="root",
            password="",
            database=database,
            autocommit=True,
            connect_timeout=2,
            read_timeout=30,
        )

    def ready(self) -> bool:
        try:
            connection = self.connect()
        except Exception:
            # Not pymysql.err.OperationalError: amo's backend imports pymysql
            # as MySQLdb, which loads MySQLdb.err as a second copy and binds
            # it to pymysql.err, while pymysql.connect raises the first.
            return False
        connection.close()
        return True

    def execute(
        self, sql: str, params: Sequence[Any] = (), *, database: str | None = None
    ) -> list[tuple[Any, ...]]:
        """Run one statement as root and return its rows."""
        connection = self.connect(database)
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, tuple(params))
                return list(cursor.fetchall())
        finally:
            connection.close()

    def start(self) -> None:
        if not (self.datadir / "mysql").is_dir():
            self.install()
        super().start()


class ReplicaPair:
    """A primary and one replica that applies its binary log."""

    def __init__(self, workdir: Path) -> None:
        self.primary = MariaDBServer(
            "mariadb-primary",
            pick_port(PRIMARY_PORT),
            workdir / "primary",
            server_id=1,
            replica=False,
        )
        self.replica = MariaDBServer(
            "mariadb-replica",
            pick_port(REPLICA_PORT),
            workdir / "replica",
            server_id=2,
            replica=True,
        )
        self.database = PAIR_DATABASE

    def start(self) -> None:
        self.primary.start()
        self.replica.start()
        # The replica keeps these settings in its data directory, so after a
        # restart it reconnects by itself. MASTER_CONNECT_RETRY=1 makes it
        # retry a stopped primary every second instead of every minute.
        self.replica.execute("STOP SLAVE")
        self.replica.execute(
            "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=%s, "
            "MASTER_USER='root', MASTER_PASSWORD='', "
            "MASTER_USE_GTID=slave_pos, MASTER_CONNECT_RETRY=1",
            (self.primary.port,),
        )
        self.replica.execute("START SLAVE")
        self.wait_until_replicating()

    def stop(self) -> None:
        self.replica.stop()
        self.primary.stop()

    def slave_status(self) -> dict[str, Any]:
        connection = self.replica.connect()
        try:
            with connection.cursor(pymysql.cursors.DictCursor) as cursor:
                cursor.execute("SHOW SLAVE STATUS")
                return cursor.fetchone() or {}
        finally:
            connection.close()

    def wait_until_replicating(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        status: dict[str, Any] = {}
        while time.monotonic() < deadline:
            status = self.slave_status()
            if (
                status.get("Slave_IO_Running") == "Yes"
                and status.get("Slave_SQL_Running") == "Yes"
            ):
                return
            time.sleep(0.1)
        raise TimeoutError(
            f"replication did not start within {timeout:g}s: "
            f"IO {status.get('Slave_IO_Running')!r}, "
            f"SQL {status.get('Slave_SQL_Running')!r}, "
            f"last error {status.get('Last_Error') or status.get('Last_IO_Error')!r}"
        )

    def sync(self, timeout: float = 30.0) -> None:
        """Wait until the replica has applied every write of the primary."""
        [(position,)] = self.primary.execute("SELECT @@gtid_binlog_pos")
        [(waited,)] = self.replica.execute(
            "SELECT MASTER_GTID_WAIT(%s, %s)", (position, timeout)
        )
        if waited != 0:
            raise TimeoutError(
                f"the replica did not reach the primary's position {position!r} "
                f"within {timeout:g}s: {self.slave_status().get('Last_Error')!r}"
            )

    def pause_replication(self) -> None:
        """Stop applying the primary's writes: the replica lags from now."""
        self.replica.execute("STOP SLAVE")

    def resume_replication(self) -> None:
        self.replica.execute("START SLAVE")
        self.wait_until_replicating()
        self.sync()

    def create_database(self) -> None:
        """Create and migrate the test database on the primary.

        The replica receives the schema through replication. `migrate` runs
        in a child process whose only configuration is the primary's URL, as
        a deploy would run it.
        """
        self.primary.execute(
            f"CREATE DATABASE IF NOT EXISTS `{self.database}` "
            "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
        )
        environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("AMO_", "DJANGO_"))
        }
        environment.update(
            DJANGO_SETTINGS_MODULE="settings",
            AMO_DATABASE_URL=self.url(self.primary),
            AMO_SECRET_KEY="outage-tests-only",
        )
        result = subprocess.run(
            [sys.executable, "-m", "django", "migrate", "--noinput", "-v", "0"],
            cwd=BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"migrate failed on the primary (status {result.returncode}):\n"
                f"{result.stdout}\n{result.stderr}"
            )
        self.sync()

    def url(self, server: MariaDBServer) -> str:
        return f"mysql://root@127.0.0.1:{server.port}/{self.database}"


class MemcachedServer(ServerProcess):
    name = "memcached"

    def __init__(self, port: int, workdir: Path) -> None:
        super().__init__(port, workdir)
        self.binary = require_binary("memcached")

    def command(self) -> list[str]:
        return [
            self.binary,
            "-l",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "0",
            "-m",
            "32",
            "-u",
            "root",
        ]

    def ready(self) -> bool:
        return _answers(self.port, b"version\r\n", b"VERSION")


class RedisServer(ServerProcess):
    name = "redis"

    def __init__(self, port: int, workdir: Path) -> None:
        super().__init__(port, workdir)
        self.binary = require_binary("redis-server")

    def command(self) -> list[str]:
        return [
            self.binary,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.workdir),
            "--daemonize",
            "no",
        ]

    def ready(self) -> bool:
        return _answers(self.port, b"PING\r\n", b"+PONG")

    def url(self, database: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{database}"


def _answers(port: int, request: bytes, expected: bytes) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.settimeout(0.5)
            sock.sendall(request)
            return sock.recv(64).startswith(expected)
    except OSError:
        return False
