"""Run the async cache clients from synchronous code.

A daemon thread owns a private event loop; sync callers submit coroutines
to it and wait for the result. Calling from a thread that runs an event
loop would block that loop, so it raises instead.
"""

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

from django.core.exceptions import SynchronousOnlyOperation

T = TypeVar("T")

# Upper bound on a sync cache call; each client call has its own shorter
# timeout, so this only guards against a stuck bridge thread.
BRIDGE_TIMEOUT = 10.0

_loop: asyncio.AbstractEventLoop | None = None
_lock = threading.Lock()


def _get_loop() -> asyncio.AbstractEventLoop:
    global _loop
    with _lock:
        if _loop is None or _loop.is_closed():
            loop = asyncio.new_event_loop()
            thread = threading.Thread(
                target=loop.run_forever, name="amo-cache-bridge", daemon=True
            )
            thread.start()
            _loop = loop
        return _loop


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run `coroutine` on the bridge loop and return its result."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass
    else:
        coroutine.close()
        raise SynchronousOnlyOperation(
            "A synchronous cache call was made on the event loop: use the "
            "cache's async methods (aget, aset, ...) in async code."
        )
    future = asyncio.run_coroutine_threadsafe(coroutine, _get_loop())
    return future.result(BRIDGE_TIMEOUT)
