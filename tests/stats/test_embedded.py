"""The statistics jobs that a serving process runs with no broker."""

import asyncio
import datetime
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from asgiref.sync import sync_to_async

from amo.addons.models import Addon
from amo.core import lifespan
from amo.stats import counters, embedded
from amo.stats.models import DailyDownloads, DailyUsers
from tests.factories import AddonFactory, store_package
from tests.files.test_download import PACKAGE, url_of

PROJECT_DIR = Path(__file__).resolve().parents[2]
FIREFOX_ID = "{ec8030f7-c20a-464f-9b0e-13a3a9e97384}"

local_redis = pytest.mark.parametrize("stats_redis", ["local"], indirect=True)


@pytest.fixture
def embedded_jobs(settings):
    """No broker, and jobs every few hundredths of a second."""
    settings.BROKER_URL = ""
    settings.STATS_ROLLUP_INTERVAL = 0.05
    settings.STATS_POPULARITY_INTERVAL = 0.05
    yield
    assert not embedded.running(), "the test left the embedded jobs running"


async def wait_until(condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not await condition():
        assert time.monotonic() < deadline, "the condition did not come true"
        await asyncio.sleep(0.05)


def test_no_jobs_with_broker_and_redis(settings):
    settings.BROKER_URL = "amqp://guest:guest@127.0.0.1:5672//"
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"

    # No loop is needed: Celery beat and the workers run both jobs.
    assert embedded.start() is False
    assert not embedded.running()


@pytest.mark.parametrize(
    ("broker", "redis", "jobs"),
    [
        ("", "", 2),
        ("", "redis://127.0.0.1:6379/0", 2),
        # Beat sends the recompute; the counts are in this process.
        ("amqp://guest:guest@127.0.0.1:5672//", "", 1),
    ],
)
async def test_jobs_that_no_worker_runs(settings, broker, redis, jobs):
    settings.BROKER_URL = broker
    settings.REDIS_URL = redis
    settings.STATS_ROLLUP_INTERVAL = 3600
    settings.STATS_POPULARITY_INTERVAL = 3600

    started = embedded.start()
    count = len(embedded._tasks)
    embedded._stopping.set()
    await asyncio.gather(*embedded._tasks)
    embedded._tasks.clear()

    assert started is True
    assert count == jobs


@local_redis
async def test_jobs_run_on_their_intervals(live_db, stats_redis, embedded_jobs):
    addon = await sync_to_async(AddonFactory)(total_downloads=100)

    assert embedded.start() is True
    try:
        counters.count_download(addon.pk)
        await counters.flush()

        async def total_updated() -> bool:
            stored = await Addon.objects.aget(pk=addon.pk)
            return stored.total_downloads == 101

        await wait_until(total_updated)
    finally:
        await embedded.stop()
    assert await DailyDownloads.objects.filter(addon=addon).acount() == 1


@local_redis
async def test_failing_job_is_logged_and_retried(
    live_db, stats_redis, embedded_jobs, monkeypatch, log_events
):
    calls = []

    async def fail_once():
        calls.append(time.monotonic())
        if len(calls) == 1:
            raise RuntimeError("the job broke")

    monkeypatch.setattr(embedded, "run_rollup", fail_once)
    embedded.start()
    try:

        async def ran_twice() -> bool:
            return len(calls) >= 2

        await wait_until(ran_twice)
    finally:
        await embedded.stop()

    failures = [
        entry for entry in log_events() if entry["event"] == "embedded stats job failed"
    ]
    assert len(failures) == 1
    assert failures[0]["job"] == "stats.rollup"
    assert failures[0]["level"] == "error"


@local_redis
async def test_stop_writes_buffered_counts(
    live_db, stats_redis, embedded_jobs, settings
):
    settings.STATS_ROLLUP_INTERVAL = 3600
    settings.STATS_POPULARITY_INTERVAL = 3600
    addon = await sync_to_async(AddonFactory)()
    embedded.start()

    # Counted, not yet flushed, when the server stops.
    counters.count_download(addon.pk, source="dp")
    await embedded.stop()

    row = await DailyDownloads.objects.aget(addon=addon)
    assert row.count == 1
    assert row.sources == {"dp": 1}


@local_redis
async def test_stop_waits_for_running_job(
    live_db, stats_redis, embedded_jobs, monkeypatch
):
    events = []
    started = asyncio.Event()

    async def slow_job():
        events.append("started")
        started.set()
        await asyncio.sleep(0.3)
        events.append("finished")

    monkeypatch.setattr(embedded, "run_popularity", slow_job)
    embedded.start()
    await asyncio.wait_for(started.wait(), timeout=10)

    await embedded.stop()

    assert events == ["started", "finished"]


@local_redis
async def test_lifespan_starts_and_stops_jobs(stats_redis, embedded_jobs, monkeypatch):
    async def nothing():
        pass

    monkeypatch.setattr(lifespan, "startup", nothing)
    monkeypatch.setattr(lifespan, "shutdown", nothing)
    seen = []
    messages = iter(["lifespan.startup", "lifespan.shutdown"])

    async def receive():
        seen.append(embedded.running())
        return {"type": next(messages)}

    async def send(message):
        pass

    await lifespan.run({"type": "lifespan"}, receive, send)

    assert seen == [False, True]
    assert not embedded.running()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(settings, port: int) -> dict[str, str]:
    """The embedded default on the test database: no broker, no Redis."""
    from django.db import connections

    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("AMO_BROKER_URL", "AMO_REDIS_URL", "AMO_REPLICA_URLS")
    }
    name = connections["default"].settings_dict["NAME"]
    configured = os.environ.get("AMO_DATABASE_URL", "")
    if configured.startswith(("mysql://", "mariadb://")):
        env["AMO_DATABASE_URL"] = (
            urlsplit(configured)._replace(path=f"/{name}").geturl()
        )
    else:
        env["AMO_DATABASE_URL"] = f"sqlite:///{Path(name).resolve()}"
    env.update(
        AMO_VAR_DIR=str(settings.VAR_DIR),
        AMO_MEDIA_ROOT=str(settings.MEDIA_ROOT),
        AMO_STATIC_ROOT=str(settings.STATIC_ROOT),
        AMO_SITE_URL=f"http://127.0.0.1:{port}",
        AMO_SECRET_KEY=os.environ.get("AMO_SECRET_KEY") or secrets.token_urlsafe(40),
        AMO_STATS_ROLLUP_INTERVAL="1",
        AMO_STATS_POPULARITY_INTERVAL="1",
        PYTHONUNBUFFERED="1",
    )
    return env


def fetch(url: str) -> int:
    with urllib.request.urlopen(url, timeout=10) as response:
        response.read()
        return response.status


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_serving_processes_count_together(settings, tmp_path):
    """`amo serve` with two processes: each counts, and rolls up its own."""
    addon = AddonFactory(slug="served", guid="served@example.com")
    file = store_package(addon.current_version.file, PACKAGE)
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "amo.cli",
                "serve",
                "--workers",
                "2",
                "--port",
                str(port),
            ],
            cwd=PROJECT_DIR,
            env=server_environment(settings, port),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    check = urlencode(
        {
            "reqVersion": "2",
            "id": addon.guid,
            "version": "1.0",
            "appID": FIREFOX_ID,
            "appVersion": "128.0",
            "locale": "de",
            "appOS": "Linux",
        }
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            assert server.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, log.read_text(errors="replace")
            try:
                fetch(f"{base}/__lbheartbeat__")
                break
            except OSError:
                time.sleep(0.1)
        for _ in range(10):
            assert fetch(base + url_of(file) + "?src=served") == 200
        for _ in range(4):
            assert fetch(f"{base}/update/VersionCheck.php?{check}") == 200

        deadline = time.monotonic() + 30
        while not (
            DailyDownloads.objects.filter(addon=addon, count=10).exists()
            and DailyUsers.objects.filter(addon=addon, count=4).exists()
        ):
            assert time.monotonic() < deadline, log.read_text(errors="replace")
            time.sleep(0.2)
        # Counted before the stop, written by the last roll-up of each
        # process.
        assert fetch(base + url_of(file)) == 200
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)

    today = datetime.datetime.now(datetime.UTC).date()
    downloads = DailyDownloads.objects.get(addon=addon)
    users = DailyUsers.objects.get(addon=addon)
    assert downloads.date == today
    assert downloads.count == 11
    assert downloads.sources == {"served": 10, "": 1}
    assert users.count == 4
    assert users.locales == {"de": 4}
    assert users.oses == {"Linux": 4}
    assert "Traceback" not in log.read_text(errors="replace")
