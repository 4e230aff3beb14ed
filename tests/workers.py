"""`amo worker` processes that tests start on queues of their own."""

import contextlib
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[1]
# Seconds a worker may take to start, and to stop after SIGTERM.
WORKER_TIMEOUT = 60


def subprocess_database_url() -> str:
    """Return an AMO_DATABASE_URL that names this session's test database.

    pytest-django renamed the default database to its test database in
    this process. A server or worker that a test starts gets the same
    server and options with that name. With no AMO_DATABASE_URL the test
    database is a SQLite file.
    """
    from django.db import connections

    test_name = connections["default"].settings_dict["NAME"]
    configured = os.environ.get("AMO_DATABASE_URL", "")
    if configured.startswith(("mysql://", "mariadb://")):
        return urlsplit(configured)._replace(path=f"/{test_name}").geturl()
    return f"sqlite:///{Path(test_name).resolve()}"


def worker_environment(**settings: str) -> dict[str, str]:
    """Return the environment of an `amo worker` on the test database.

    `settings` adds or replaces AMO_* variables, such as the folders the
    worker reads.
    """
    environment = dict(os.environ)
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    # Replicas mirror the primary in tests, so the worker reads it alone.
    environment.pop("AMO_REPLICA_URLS", None)
    environment.update(
        AMO_DATABASE_URL=subprocess_database_url(),
        # A configured database needs a secret: the tests' own, or a new one.
        AMO_SECRET_KEY=os.environ.get("AMO_SECRET_KEY") or secrets.token_urlsafe(40),
        PYTHONUNBUFFERED="1",
    )
    environment.update(settings)
    return environment


@contextlib.contextmanager
def amo_worker(
    queue: str, log_path: Path, environment: dict[str, str]
) -> Iterator[subprocess.Popen[bytes]]:
    """Run `amo worker` on `queue` until the block ends; its output goes
    to `log_path`.

    The worker is named after its queue, so workers of several tests can
    share a broker. The block starts once the worker is ready to consume;
    at its end the worker is stopped and the queue deleted.
    """
    with log_path.open("wb") as log_file:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "amo.cli",
                "worker",
                "--concurrency",
                "1",
                "--queues",
                queue,
                "--hostname",
                f"{queue}@%h",
            ],
            cwd=PROJECT_DIR,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_ready(worker, log_path)
        yield worker
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=WORKER_TIMEOUT)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        delete_queue(queue)


def wait_while_running(
    worker: subprocess.Popen[bytes],
    log_path: Path,
    done: Callable[[], bool],
    timeout: float = 120,
) -> None:
    """Wait until `done()` is true; fail with the worker's log if the
    worker exits or `timeout` seconds pass first."""
    deadline = time.monotonic() + timeout
    while not done():
        assert worker.poll() is None, log_path.read_text(errors="replace")
        assert time.monotonic() < deadline, log_path.read_text(errors="replace")
        time.sleep(0.2)


def _wait_until_ready(worker: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + WORKER_TIMEOUT
    while time.monotonic() < deadline:
        log = log_path.read_text(errors="replace")
        if worker.poll() is not None:
            pytest.fail(f"the worker exited with status {worker.returncode}:\n{log}")
        if "ready." in log:
            return
        time.sleep(0.2)
    pytest.fail(f"the worker did not start within {WORKER_TIMEOUT}s:\n{log}")


def delete_queue(queue: str) -> None:
    """Delete `queue` from the broker, if it is there and the broker is up."""
    from workers.celery import app

    with contextlib.suppress(Exception), app.connection_for_write() as connection:
        connection.default_channel.queue_delete(queue)
