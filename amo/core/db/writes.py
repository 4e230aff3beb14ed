"""The thread that runs every synchronous write.

Actions write through the ORM so that validation, save() logic and the
admin behave as Django users expect. They all run in one long-lived thread
with a persistent connection: sync ORM calls from per-request threads would
open a connection each, and MariaDB's connection limit is soon reached.
"""

import functools
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from asgiref.sync import sync_to_async
from django.db import close_old_connections, transaction

from amo.core.db.routers import use_primary

P = ParamSpec("P")
R = TypeVar("R")

_executor: ThreadPoolExecutor | None = None


def _get_executor() -> ThreadPoolExecutor:
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="amo-write")
    return _executor


def shutdown() -> None:
    """Stop the write thread after its queued writes finish."""
    global _executor
    if _executor is not None:
        executor, _executor = _executor, None
        executor.submit(_close_connections).result()
        executor.shutdown(wait=True)


def _close_connections() -> None:
    from django.db import connections

    connections.close_all()


def _run_atomic(func: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    # Drop a connection the server closed while the thread was idle.
    close_old_connections()
    with use_primary(), transaction.atomic():
        return func(*args, **kwargs)


async def run_write(func: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run `func` in one transaction in the write thread; return its result."""
    call = functools.partial(_run_atomic, func, *args, **kwargs)
    return await sync_to_async(call, thread_sensitive=False, executor=_get_executor())()


def write_action(func: Callable[P, R]) -> Callable[P, Awaitable[R]]:
    """Turn a synchronous ORM function into an awaitable write action."""

    @functools.wraps(func)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        return await run_write(func, *args, **kwargs)

    return wrapper
