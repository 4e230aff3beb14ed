"""A log of cache calls, for budgets in tests and for Server-Timing.

Each call of the Django cache backend (amo.core.cache.backends) is one
round trip to the cache: `get_many` of twenty keys is one call, even when
the keys live on several memcached servers, because those requests go out
at once. The log lives in a contextvar, so a request's log records the
calls of its own tasks and of the render thread it hands its context to,
and none of other requests.
"""

import contextlib
import contextvars
import functools
import inspect
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class CacheCall:
    operation: str
    # How many keys the call read or wrote.
    keys: int
    seconds: float


@dataclass
class CacheLog:
    """Cache calls made while a `capture_cache_calls()` block is open."""

    calls: list[CacheCall] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.calls)

    @property
    def seconds(self) -> float:
        return sum(call.seconds for call in self.calls)

    def operations(self) -> list[str]:
        return [call.operation for call in self.calls]


# The open logs, innermost last: a call is recorded in each of them, as
# amo.core.db.query does for queries.
_cache_logs: contextvars.ContextVar[tuple[CacheLog, ...]] = contextvars.ContextVar(
    "amo_cache_logs", default=()
)
# Set while a sync method runs. The bridge runs the async twin in a copy of
# the caller's context, where this flag keeps it from being recorded again.
_in_sync_call: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "amo_in_sync_cache_call", default=False
)


@contextlib.contextmanager
def capture_cache_calls() -> Iterator[CacheLog]:
    """Record the cache calls made in the block."""
    cache_log = CacheLog()
    token = _cache_logs.set((*_cache_logs.get(), cache_log))
    try:
        yield cache_log
    finally:
        _cache_logs.reset(token)


def record(operation: str, keys: int, seconds: float) -> None:
    logs = _cache_logs.get()
    if not logs:
        return
    call = CacheCall(operation, keys, seconds)
    for cache_log in logs:
        cache_log.calls.append(call)


def _key_count(operation: str, args: tuple[Any, ...]) -> int:
    if operation.endswith(("get_many", "set_many", "delete_many")) and args:
        return len(args[0])
    return 1


def recorded(method: F) -> F:
    """Record each call of a cache backend method, sync or async.

    The sync methods of the memcached backend run their async twin on the
    bridge thread; only the sync call is recorded.
    """
    operation = method.__name__

    if inspect.iscoroutinefunction(method):

        @functools.wraps(method)
        async def async_wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            if _in_sync_call.get():
                return await method(self, *args, **kwargs)
            started = time.perf_counter()
            try:
                return await method(self, *args, **kwargs)
            finally:
                seconds = time.perf_counter() - started
                record(operation, _key_count(operation, args), seconds)

        return cast(F, async_wrapper)

    @functools.wraps(method)
    def sync_wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        if _in_sync_call.get():
            return method(self, *args, **kwargs)
        started = time.perf_counter()
        token = _in_sync_call.set(True)
        try:
            return method(self, *args, **kwargs)
        finally:
            _in_sync_call.reset(token)
            seconds = time.perf_counter() - started
            record(operation, _key_count(operation, args), seconds)

    return cast(F, sync_wrapper)
