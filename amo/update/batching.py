"""One memcached multi-get for the update checks that arrive together.

Under load a worker starts many update checks in the same turn of the
event loop: uvicorn reads several requests at once and starts a task for
each. Every check needs one multi-get of two keys. `get_many()` collects
the keys of all the checks that ask in the same turn and sends them as one
multi-get in the next turn, so N concurrent checks cost one memcached
request and one reply instead of N. Profiles of a worker at 32 connections
showed about a fifth of its samples in the socket writes of those
requests. Each check still waits for exactly one round trip, and a check
that arrives alone is sent alone, one loop turn later.

The cache calls log (amo.core.cache.calls) records the multi-get once in
each check that shared it, so budgets in tests read as before.
"""

import asyncio
import contextvars
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import structlog
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache

from amo.core.cache import calls

log = structlog.get_logger(__name__)

# Keys per multi-get, which bounds the length of one get command and of its
# reply.
MAX_BATCH_KEYS = 100


@dataclass
class _Batch:
    loop: asyncio.AbstractEventLoop
    future: "asyncio.Future[dict[str, Any]]"
    # The backend of the check that started the batch. Django creates one
    # per context, and the multi-get runs in a context of its own.
    cache: BaseCache
    # The keys to read, in order and without repeats.
    keys: dict[str, None] = field(default_factory=dict)
    seconds: float = 0.0


_pending: _Batch | None = None
_running: set["asyncio.Task[None]"] = set()


async def get_many(keys: Iterable[str]) -> dict[str, Any]:
    """Return the values of `keys` from the default cache, like aget_many.

    A cache that fails returns no values: every key reads as a miss.
    """
    global _pending
    requested = list(keys)
    loop = asyncio.get_running_loop()
    batch = _pending
    if (
        batch is None
        or batch.loop is not loop
        or len(batch.keys) + len(requested) > MAX_BATCH_KEYS
    ):
        batch = _Batch(loop=loop, future=loop.create_future(), cache=caches["default"])
        _pending = batch
        # An empty context: the multi-get belongs to no one request.
        loop.call_soon(_send, batch, context=contextvars.Context())
    batch.keys.update(dict.fromkeys(requested))
    # Shielded, so that a check cancelled while it waits (its client went
    # away) does not cancel the reply that the other checks wait for.
    found = await asyncio.shield(batch.future)
    calls.record("aget_many", len(requested), batch.seconds)
    return {key: found[key] for key in requested if key in found}


def _send(batch: _Batch) -> None:
    global _pending
    if _pending is batch:
        _pending = None
    task = batch.loop.create_task(_fetch(batch))
    _running.add(task)
    task.add_done_callback(_running.discard)


async def _fetch(batch: _Batch) -> None:
    started = time.perf_counter()
    try:
        found = await batch.cache.aget_many(list(batch.keys))
    except Exception as error:
        # The cache clients turn failures into misses, so anything else is
        # a bug. The checks then go on to the database rather than fail.
        log.error("update cache read failed", keys=len(batch.keys), error=repr(error))
        found = {}
    batch.seconds = time.perf_counter() - started
    batch.future.set_result(found)
