"""The statistics jobs: the roll-up of the Redis counters into the daily
rows, and the recompute of the add-ons' popularity figures from them.

Celery beat sends both every STATS_ROLLUP_INTERVAL and
STATS_POPULARITY_INTERVAL seconds. Both are safe to run again: the
roll-up writes the values Redis holds, and the recompute derives every
figure from the rows (amo.stats.rollup and amo.stats.actions).
"""

import asyncio
from typing import Any

import structlog
from celery import Task
from django.db import InterfaceError, OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from workers.celery import app

log = structlog.get_logger(__name__)

# Errors after which a job is tried again: the database or Redis was
# unreachable, restarted, or gave up on a lock. Other errors are bugs.
TRANSIENT_ERRORS = (
    OperationalError,
    InterfaceError,
    RedisConnectionError,
    RedisTimeoutError,
)
RETRY_OPTIONS: dict[str, Any] = {
    "bind": True,
    "acks_late": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 2,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 5,
}


@app.task(name="stats.rollup", **RETRY_OPTIONS)
def rollup(self: Task) -> dict[str, Any]:
    """Write the Redis counters of every day into the daily rows.

    Returns what it did (amo.stats.rollup.RollupResult).
    """
    # Imported here because the jobs module loads before Django's apps
    # are ready.
    from amo.stats import rollup as stats_rollup

    try:
        result = asyncio.run(stats_rollup.run_with_own_client())
    except TRANSIENT_ERRORS as error:
        log.warning(
            "stats roll-up failed, retrying",
            error=repr(error),
            retries=self.request.retries,
        )
        raise
    return result.as_dict()


@app.task(name="stats.update_popularity", **RETRY_OPTIONS)
def update_popularity(self: Task) -> dict[str, Any]:
    """Recompute the popularity figures of the add-ons with daily rows.

    Returns what it did (amo.stats.actions.PopularityResult).
    """
    from amo.stats import actions

    try:
        result = actions.update_popularity()
    except TRANSIENT_ERRORS as error:
        log.warning(
            "popularity update failed, retrying",
            error=repr(error),
            retries=self.request.retries,
        )
        raise
    return result.as_dict()
