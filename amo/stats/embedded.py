"""The statistics jobs of the embedded default, run by the serving process.

With no broker (AMO_BROKER_URL unset) there is no Celery beat, and the
counters live in the in-process stand-in of Redis, which only the serving
process can read. So each serving process runs the roll-up every
STATS_ROLLUP_INTERVAL seconds and the popularity recompute every
STATS_POPULARITY_INTERVAL seconds, in asyncio tasks that the ASGI
lifespan starts (amo.core.lifespan). With a broker but no AMO_REDIS_URL
only the roll-up runs here (see start()). The database writes go through the
write thread. A job that fails is logged and tried again at its next
turn, and the server keeps serving.

On shutdown the tasks stop after the job they are running, the counters
are flushed, and one last roll-up writes them, so stopping `amo demo`
loses no count.
"""

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from django.conf import settings

from amo.core import redis
from amo.core.db.writes import run_write
from amo.stats import actions, counters, rollup

log = structlog.get_logger(__name__)

# Seconds the last roll-up may take on shutdown before it is abandoned.
SHUTDOWN_ROLLUP_TIMEOUT = 20.0

_tasks: list[asyncio.Task[None]] = []
_stopping: asyncio.Event | None = None


async def run_rollup() -> rollup.RollupResult:
    return await rollup.run(redis.get_client())


async def run_popularity() -> actions.PopularityResult:
    return await run_write(actions.update_popularity)


async def run_logged(name: str, job: Callable[[], Awaitable[Any]]) -> bool:
    """Run `job`, logging its failure instead of raising it.

    Returns whether it succeeded.
    """
    started = time.perf_counter()
    try:
        await job()
    except Exception:
        log.exception(
            "embedded stats job failed",
            job=name,
            seconds=round(time.perf_counter() - started, 3),
        )
        return False
    return True


async def _every(interval: float, name: str, job: Callable[[], Awaitable[Any]]) -> None:
    """Run `job` every `interval` seconds until stop() is called."""
    assert _stopping is not None
    stopping = _stopping
    while True:
        try:
            await asyncio.wait_for(stopping.wait(), timeout=interval)
        except TimeoutError:
            await run_logged(name, job)
        else:
            return


def running() -> bool:
    return bool(_tasks)


def start() -> bool:
    """Start the periodic jobs that no Celery worker runs for this process.

    With no broker there is no beat, so both jobs run here. With a broker
    but no AMO_REDIS_URL, the counts are in this process's stand-in, which
    no worker can read, so the roll-up runs here and beat sends the
    recompute to the workers. Returns whether a job started.
    """
    global _stopping
    rollup_here = not settings.BROKER_URL or not settings.REDIS_URL
    popularity_here = not settings.BROKER_URL
    if _tasks or not rollup_here:
        return False
    _stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    _tasks.append(
        loop.create_task(
            _every(settings.STATS_ROLLUP_INTERVAL, "stats.rollup", run_rollup)
        )
    )
    if popularity_here:
        _tasks.append(
            loop.create_task(
                _every(
                    settings.STATS_POPULARITY_INTERVAL,
                    "stats.update_popularity",
                    run_popularity,
                )
            )
        )
    log.info(
        "embedded stats jobs started",
        rollup_interval=settings.STATS_ROLLUP_INTERVAL,
        popularity_interval=(
            settings.STATS_POPULARITY_INTERVAL if popularity_here else None
        ),
    )
    return True


async def stop() -> None:
    """Stop the periodic jobs, then write the buffered counts to the rows.

    A running job finishes first, because cancelling it between a commit
    and the subtraction of the committed counts from the stand-in would
    add those counts twice. Does nothing when start() did not start the
    jobs.
    """
    global _stopping
    if not _tasks:
        return
    assert _stopping is not None
    _stopping.set()
    await asyncio.gather(*_tasks, return_exceptions=True)
    _tasks.clear()
    _stopping = None
    await counters.flush()
    try:
        async with asyncio.timeout(SHUTDOWN_ROLLUP_TIMEOUT):
            await run_logged("stats.rollup", run_rollup)
    except TimeoutError:
        # NOTE: the batch being written commits, but the counts not yet
        # written are lost with the process's stand-in.
        log.error("last stats roll-up timed out", timeout=SHUTDOWN_ROLLUP_TIMEOUT)
    log.info("embedded stats jobs stopped")
