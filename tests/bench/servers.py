"""The processes a benchmark run starts: memcached, amo and the references.

Each server runs in its own session (process group), so Ctrl-C in the
terminal reaches only the runner, whose `finally` blocks stop the servers.
A server is stopped by its PID with SIGTERM; when it has not exited after
STOP_TIMEOUT seconds, its process group gets SIGKILL.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

# Seconds a server may take to answer its first request.
START_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0
# Memory memcached may use, in MB: a full run caches about 60,000 pages.
MEMCACHED_MEGABYTES = 2048


def free_port() -> int:
    """Return a TCP port of 127.0.0.1 that nothing listens on now."""
    # NOTE: another process may take the port before the server binds it;
    # the server then fails to start with "address already in use".
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def check_port_free(port: int) -> None:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as error:
            raise RuntimeError(
                f"Port {port} of 127.0.0.1 is in use ({error.strerror}): stop the "
                "program that listens on it, or pick other ports with --port-base "
                "and --memcached-port."
            ) from None


def http_status(url: str, timeout: float = 2.0) -> int | None:
    """Return the status of GET `url`, or None when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except (urllib.error.URLError, OSError):
        return None


@dataclass
class Server:
    """One server process: how to start it, and how to tell it is ready."""

    name: str
    command: list[str]
    port: int
    log_path: Path
    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    # Path that answers 200 once the server is ready; None for a TCP check.
    ready_path: str | None = "/"
    cwd: Path | None = None
    process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        check_port_free(self.port)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        try:
            self.process = subprocess.Popen(
                self.command,
                env=self.env,
                cwd=self.cwd,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        finally:
            log.close()
        self._wait_until_ready()

    def _wait_until_ready(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited with status {self.process.returncode} "
                    f"while starting:\n{self.log_tail()}"
                )
            if self._ready():
                return
            time.sleep(0.2)
        raise RuntimeError(
            f"{self.name} did not answer within {START_TIMEOUT:.0f} s:\n"
            f"{self.log_tail()}"
        )

    def _ready(self) -> bool:
        if self.ready_path is None:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return True
            except OSError:
                return False
        return http_status(self.base_url + self.ready_path) == 200

    def log_tail(self, lines: int = 20) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return "(no log)"
        tail = [line[:300] for line in text.splitlines()[-lines:]]
        return "\n".join(tail) + f"\n(full log: {self.log_path})"

    def worker_pids(self) -> list[int]:
        """Return the PIDs of the server's worker processes.

        uvicorn and gunicorn run their workers as children of the process
        started here; multiprocessing's resource tracker is left out.
        """
        if self.process is None:
            return []
        pids = []
        for child in _children(self.process.pid):
            try:
                cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
            except FileNotFoundError:
                continue
            if b"resource_tracker" not in cmdline:
                pids.append(child)
        return pids or [self.process.pid]

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            # The group is the session started for this server alone.
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=STOP_TIMEOUT)


def _children(pid: int) -> list[int]:
    children: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            text = (task / "children").read_text()
        except FileNotFoundError:
            continue
        children.extend(int(part) for part in text.split())
    return children


@contextmanager
def running(server: Server) -> Iterator[Server]:
    """Start `server`, and stop it when the block ends, whatever happens."""
    try:
        server.start()
        yield server
    finally:
        server.stop()


def memcached(port: int, log_path: Path) -> Server:
    binary = shutil.which("memcached")
    if binary is None:
        raise RuntimeError("memcached is not installed: apt-get install memcached")
    command = [binary, "-l", "127.0.0.1", "-p", str(port), "-U", "0"]
    command += ["-m", str(MEMCACHED_MEGABYTES), "-c", "4096"]
    if os.geteuid() == 0:
        command += ["-u", "root"]
    return Server("memcached", command, port, log_path, ready_path=None)


def memcached_command(port: int, command: str) -> list[str]:
    """Send one text-protocol command to memcached; return the reply lines."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(command.encode() + b"\r\n")
        data = b""
        while not data.endswith((b"END\r\n", b"OK\r\n", b"ERROR\r\n")):
            chunk = conn.recv(65536)
            if not chunk:
                break
            data += chunk
    return data.decode().splitlines()


def memcached_stats(port: int) -> dict[str, int]:
    stats = {}
    for line in memcached_command(port, "stats"):
        parts = line.split()
        if len(parts) == 3 and parts[0] == "STAT" and parts[2].isdigit():
            stats[parts[1]] = int(parts[2])
    return stats


def memcached_flush(port: int) -> None:
    memcached_command(port, "flush_all")


def amo(
    name: str,
    port: int,
    workers: int,
    env: dict[str, str],
    log_path: Path,
    project_dir: Path,
) -> Server:
    """`amo serve`, with the environment `env` (database, cache, settings)."""
    amo_bin = str(Path(sys.executable).with_name("amo"))
    command = [amo_bin, "serve", "--workers", str(workers), "--port", str(port)]
    return Server(
        name,
        command,
        port,
        log_path,
        env=env,
        ready_path="/__lbheartbeat__",
        cwd=project_dir,
    )


def bare_asgi(port: int, workers: int, log_path: Path, project_dir: Path) -> Server:
    """The bare ASGI reference, under uvicorn with amo serve's settings."""
    command = [
        sys.executable,
        "-m",
        "tests.bench.refs.serve_bare",
        str(port),
        str(workers),
    ]
    return Server("bare ASGI", command, port, log_path, cwd=project_dir)


def sync_django(port: int, workers: int, log_path: Path, project_dir: Path) -> Server:
    """The sync Django reference, under gunicorn with sync workers."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "tests.bench.refs.sync_django:application",
    ]
    return Server("sync Django", command, port, log_path, cwd=project_dir)
