"""Open and close the per-process pools and clients.

`startup()` and `shutdown()` are what the ASGI lifespan runs in each
uvicorn worker; tests call them around a live server too. Only the
lifespan protocol of a serving process (`run()`) also starts the
statistics jobs of the embedded default (amo.stats.embedded).
"""

import gc
from typing import Any

import structlog
from django.core.cache import caches

from amo.core import redis, templates
from amo.core.db import pools, writes
from amo.stats import counters, embedded

log = structlog.get_logger(__name__)


async def startup() -> None:
    await pools.open_pools()
    await redis.open_client()
    freeze_startup_objects()
    log.info("worker started")


def freeze_startup_objects() -> None:
    """Keep the objects that exist after startup out of garbage collection.

    Modules, settings, URL patterns, templates and the like live as long
    as the process. A full collection walked them all each time, which
    paused the event loop for up to 0.2 s in the load benchmark; frozen,
    they are never scanned again.
    """
    gc.collect()
    gc.freeze()


async def shutdown() -> None:
    await pools.close_pools()
    await counters.shutdown()
    await redis.close_client()
    client = getattr(caches["default"], "client", None)
    if client is not None:
        await client.close()
    templates.shutdown()
    writes.shutdown()
    log.info("worker stopped")


async def run(scope: Any, receive: Any, send: Any) -> None:
    """The ASGI lifespan protocol."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            try:
                await startup()
            except Exception as error:
                log.exception("worker failed to start")
                await send({"type": "lifespan.startup.failed", "message": str(error)})
                return
            embedded.start()
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            try:
                # Before shutdown(): the last roll-up needs the stand-in of
                # Redis and the write thread, which shutdown() closes.
                await embedded.stop()
                await shutdown()
            except Exception as error:
                log.exception("worker failed to stop cleanly")
                await send({"type": "lifespan.shutdown.failed", "message": str(error)})
                return
            await send({"type": "lifespan.shutdown.complete"})
            return
