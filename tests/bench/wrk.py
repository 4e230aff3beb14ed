"""Drive wrk with cycle.lua and read the figures it prints."""

import json
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCRIPT = Path(__file__).with_name("cycle.lua")
RESULT_PREFIX = "BENCH-RESULT "


@dataclass
class WrkResult:
    """The figures of one wrk process, as cycle.lua's done() prints them."""

    data: dict[str, Any]

    @property
    def requests(self) -> int:
        return int(self.data["requests"])

    @property
    def seconds(self) -> float:
        return self.data["duration_us"] / 1e6

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def latency_ms(self, percentile: str) -> float:
        return self.data[f"latency_p{percentile}_us"] / 1000

    @property
    def p50_ms(self) -> float:
        return self.latency_ms("50")

    @property
    def p99_ms(self) -> float:
        return self.latency_ms("99")

    @property
    def socket_errors(self) -> int:
        return sum(
            int(self.data[f"errors_{kind}"])
            for kind in ("connect", "read", "write", "timeout")
        )

    @property
    def errors(self) -> int:
        """Responses that were not 2xx or 3xx, plus socket errors."""
        return (
            int(self.data["status_4xx"])
            + int(self.data["status_5xx"])
            + (self.socket_errors)
        )

    @property
    def hit_rate(self) -> float | None:
        """The share of responses that the page cache sent as a fresh hit."""
        cached = self.data["hits"] + self.data["stale"] + self.data["misses"]
        if not cached:
            return None
        return self.data["hits"] / self.data["responses"]


def wrk_binary() -> str:
    binary = shutil.which("wrk")
    if binary is None:
        raise RuntimeError("wrk is not installed: apt-get install wrk")
    return binary


def command(
    base_url: str,
    paths_file: Path,
    *,
    seconds: float,
    connections: int,
    threads: int,
    timeout: float,
    cookie: str = "",
    done_prefix: str = "",
) -> list[str]:
    return [
        wrk_binary(),
        "--threads",
        str(threads),
        "--connections",
        str(max(connections, threads)),
        "--duration",
        f"{max(round(seconds), 1)}s",
        "--timeout",
        # wrk takes whole seconds (or minutes, hours) here.
        f"{max(round(timeout), 1)}s",
        "--script",
        str(SCRIPT),
        base_url,
        "--",
        str(paths_file),
        str(threads),
        done_prefix,
        cookie,
    ]


def parse(output: str) -> WrkResult:
    for line in output.splitlines():
        if line.startswith(RESULT_PREFIX):
            return WrkResult(json.loads(line[len(RESULT_PREFIX) :]))
    raise RuntimeError(f"wrk printed no result line:\n{output[-2000:]}")


class Wrk:
    """One wrk process, started now and read by `result()`."""

    def __init__(self, args: list[str]) -> None:
        self.args = args
        self.process = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )

    def result(self, timeout: float) -> WrkResult:
        try:
            output, _ = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            raise RuntimeError(f"wrk did not finish within {timeout:.0f} s") from None
        if self.process.returncode != 0:
            raise RuntimeError(
                f"wrk exited with status {self.process.returncode}:\n{output[-2000:]}"
            )
        return parse(output)

    def interrupt(self) -> None:
        """Make wrk stop early; it still prints its figures (SIGINT)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def run(
    base_url: str,
    paths_file: Path,
    *,
    seconds: float,
    connections: int,
    threads: int,
    timeout: float,
    cookie: str = "",
) -> WrkResult:
    """Load `base_url` for `seconds`, cycling through the paths."""
    wrk = Wrk(
        command(
            base_url,
            paths_file,
            seconds=seconds,
            connections=connections,
            threads=threads,
            timeout=timeout,
            cookie=cookie,
        )
    )
    try:
        return wrk.result(timeout=seconds + 60)
    finally:
        wrk.stop()


def request_each_once(
    base_url: str,
    paths_file: Path,
    *,
    max_seconds: float,
    connections: int,
    threads: int,
    timeout: float,
) -> tuple[WrkResult, bool]:
    """Request every path of the file once, within `max_seconds`.

    Returns the figures and whether every path was requested in time. Each
    wrk thread writes a marker file when it has had its share of
    responses; once all markers exist, wrk is interrupted.
    """
    with tempfile.TemporaryDirectory(prefix="bench-warmup-") as folder:
        prefix = str(Path(folder) / "done-")
        wrk = Wrk(
            command(
                base_url,
                paths_file,
                seconds=max_seconds,
                connections=connections,
                threads=threads,
                timeout=timeout,
                done_prefix=prefix,
            )
        )
        try:
            deadline = time.monotonic() + max_seconds
            complete = False
            while time.monotonic() < deadline and wrk.process.poll() is None:
                if len(list(Path(folder).glob("done-*"))) >= threads:
                    complete = True
                    break
                time.sleep(0.1)
            wrk.interrupt()
            return wrk.result(timeout=60), complete
        finally:
            wrk.stop()
