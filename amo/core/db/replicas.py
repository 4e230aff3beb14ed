"""Replica outages: a replica that fails gets no reads for a while.

When a read cannot reach a replica, the async layer marks it down and runs
the read on the primary. For RETRY_SECONDS the router sends no read to it.
After that one async read, the probe, tries it again while the others
still go to the primary. A probe that succeeds brings the replica back,
and one that fails marks it down for another interval. So a replica that
is stopped costs one failed connection per interval and process, and one
that hangs delays only the probe. Synchronous ORM reads never probe: they
skip a replica until an async read has found it back.

The state is per process and shared by the event loop and the threads
that run synchronous ORM code, hence the lock.
"""

import contextlib
import contextvars
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import structlog

log = structlog.get_logger(__name__)

# Seconds a replica that failed is skipped before a read probes it again.
RETRY_SECONDS = 5.0


@dataclass
class _Outage:
    since: float
    retry_at: float
    reason: str
    probing: bool = False


_outages: dict[str, _Outage] = {}
_lock = threading.Lock()
# Set while the async layer routes a read that it is about to run. Django
# calls the router from many places that run no query (related managers
# call it for every instance they are built for), so only these calls may
# claim a probe.
_may_probe: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "amo_replica_may_probe", default=False
)


@contextlib.contextmanager
def routing_a_read() -> Iterator[None]:
    """Let the router claim a replica's probe for the read being routed."""
    token = _may_probe.set(True)
    try:
        yield
    finally:
        _may_probe.reset(token)


def is_usable(alias: str) -> bool:
    """Return whether a read may go to `alias` now.

    A replica marked down is usable again once a probe succeeded. Inside
    routing_a_read(), the first caller after the interval claims the probe
    and gets True; every other caller gets False until the probe ends.
    """
    outage = _outages.get(alias)
    if outage is None:
        return True
    if not _may_probe.get():
        return False
    now = time.monotonic()
    with _lock:
        outage = _outages.get(alias)
        if outage is None:
            return True
        if now < outage.retry_at:
            return False
        # The claim lasts one interval: a probe that never reports back (a
        # cancelled task) leaves the next probe to the first read after it.
        outage.probing = True
        outage.retry_at = now + RETRY_SECONDS
        return True


def mark_down(alias: str, reason: str) -> None:
    """Skip `alias` for RETRY_SECONDS after a read failed to reach it.

    Only the first failure and failed probes are logged. The other reads
    that were in flight when the replica went away fail too, and they
    would log one line each.
    """
    now = time.monotonic()
    with _lock:
        outage = _outages.get(alias)
        first = outage is None
        if outage is None:
            outage = _outages[alias] = _Outage(since=now, retry_at=now, reason=reason)
        elif not outage.probing:
            return
        outage.retry_at = now + RETRY_SECONDS
        outage.reason = reason
        outage.probing = False
    log.warning(
        "database replica unavailable, reading from the primary",
        alias=alias,
        reason=reason,
        retry_seconds=RETRY_SECONDS,
        down_seconds=round(now - outage.since, 1),
        first_failure=first,
    )


def mark_up(alias: str) -> None:
    """Send reads to `alias` again after a read on it succeeded."""
    if alias not in _outages:
        return
    with _lock:
        outage = _outages.pop(alias, None)
    if outage is not None:
        log.info(
            "database replica available again",
            alias=alias,
            down_seconds=round(time.monotonic() - outage.since, 1),
        )


def outage_reason(alias: str) -> str | None:
    """Return the last error of `alias` while it is marked down, else None."""
    outage = _outages.get(alias)
    return None if outage is None else outage.reason


def reset() -> None:
    """Forget every outage, as a new process would."""
    with _lock:
        _outages.clear()
