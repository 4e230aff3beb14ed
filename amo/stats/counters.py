"""Counters of update checks and downloads, kept in Redis by day.

The update service and the download view call `count_update_check()` and
`count_download()`, which only add to a buffer in the process: no request
waits on Redis. The buffer is sent in one pipeline of HINCRBY commands at
most FLUSH_INTERVAL seconds later, and on shutdown. If Redis is down the
counts stay in the buffer for the next flush, up to MAX_BUFFERED fields.
Past that, the oldest day is dropped and a warning is logged.

Keys, by UTC day (`YYYY-MM-DD`):

- `stats:users:<day>`: hash, add-on id to update checks;
- `stats:users:<day>:<add-on id>`: hash, breakdown field to update checks,
  the fields being `version:<v>`, `app:<application> <version>`,
  `locale:<l>` and `os:<os>`;
- `stats:downloads:<day>`: hash, add-on id to downloads;
- `stats:downloads:<day>:<add-on id>`: hash, `source:<src>` to downloads.

Every key expires KEY_LIFETIME after its last write, so counters that no
roll-up read are not kept for ever.
"""

import asyncio
import datetime
import re
from collections import Counter

import structlog

from amo.core import redis

log = structlog.get_logger(__name__)

FLUSH_INTERVAL = 1.0
MAX_BUFFERED = 200_000
KEY_LIFETIME = 8 * 24 * 3600
USERS = "stats:users"
DOWNLOADS = "stats:downloads"

# Breakdown values come from the client; these keep a client from filling
# Redis with made-up values of any length.
MAX_VALUE_LENGTH = 40
_LOCALE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8}){0,2}$")
_OS = re.compile(r"^[A-Za-z0-9_]{1,20}$")
_SOURCE = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")
# Add-on and application versions: printable ASCII without spaces.
_VERSION = re.compile(rf"^[!-~]{{1,{MAX_VALUE_LENGTH}}}$")

_buffer: Counter[tuple[str, str]] = Counter()
_flush_handle: asyncio.TimerHandle | None = None
_flushing: asyncio.Task[None] | None = None


def day_key(prefix: str, day: datetime.date) -> str:
    return f"{prefix}:{day.isoformat()}"


def addon_key(prefix: str, day: datetime.date, addon_id: int) -> str:
    return f"{prefix}:{day.isoformat()}:{addon_id}"


def _today() -> datetime.date:
    return datetime.datetime.now(datetime.UTC).date()


def _clean(value: str, pattern: re.Pattern[str]) -> str:
    value = value.strip()
    return value if pattern.match(value) else "other"


def count_update_check(
    addon_id: int,
    *,
    version: str,
    app: str,
    app_version: str,
    locale: str,
    os: str,
) -> None:
    """Count one daily user of an add-on, with the check's parameters.

    `version` is the installed add-on version, `app` the application's
    short name (`firefox`, `android`), `locale` and `os` Firefox's
    APP_LOCALE and APP_OS. Values that are not plausible are counted as
    "other".
    """
    day = _today()
    _add(day_key(USERS, day), str(addon_id))
    key = addon_key(USERS, day, addon_id)
    _add(key, "version:" + _clean(version, _VERSION))
    _add(key, f"app:{app} {_clean(app_version, _VERSION)}")
    _add(key, "locale:" + _clean(locale, _LOCALE))
    _add(key, "os:" + _clean(os, _OS))
    _schedule_flush()


def count_download(addon_id: int, *, source: str = "") -> None:
    """Count one download of an add-on's package from the link's `src`."""
    day = _today()
    _add(day_key(DOWNLOADS, day), str(addon_id))
    source = _clean(source, _SOURCE) if source else ""
    _add(addon_key(DOWNLOADS, day, addon_id), "source:" + source)
    _schedule_flush()


def _add(key: str, field: str) -> None:
    _buffer[(key, field)] += 1


def _schedule_flush() -> None:
    global _flush_handle
    if _flush_handle is not None:
        return
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        # Counted outside an event loop (a management command, a job):
        # the next flush in a loop, or an awaited flush(), sends it.
        return
    _flush_handle = loop.call_later(FLUSH_INTERVAL, _start_flush)


def _start_flush() -> None:
    global _flush_handle, _flushing
    _flush_handle = None
    if _flushing is None or _flushing.done():
        _flushing = asyncio.get_running_loop().create_task(flush())


async def flush() -> None:
    """Send the buffered counts to Redis, keeping them if Redis fails."""
    if not _buffer:
        return
    pending = dict(_buffer)
    _buffer.clear()
    client = redis.get_client()
    try:
        pipe = client.pipeline(transaction=False)
        keys = set()
        for (key, field), amount in pending.items():
            pipe.hincrby(key, field, amount)
            keys.add(key)
        for key in keys:
            pipe.expire(key, KEY_LIFETIME)
        await pipe.execute()
    except Exception as error:
        _buffer.update(pending)
        _trim()
        log.warning(
            "stats counters not sent, kept for the next flush",
            error=str(error),
            buffered=len(_buffer),
        )
        _schedule_flush()


def _trim() -> None:
    """Drop the oldest day's counts while the buffer exceeds MAX_BUFFERED."""
    while len(_buffer) > MAX_BUFFERED:
        oldest = min(key.split(":")[2] for key, _ in _buffer)
        dropped = [entry for entry in _buffer if entry[0].split(":")[2] == oldest]
        for entry in dropped:
            del _buffer[entry]
        log.warning("stats counters dropped", day=oldest, fields=len(dropped))


async def shutdown() -> None:
    """Cancel the pending flush and send the buffered counts on shutdown."""
    global _flush_handle
    if _flush_handle is not None:
        _flush_handle.cancel()
        _flush_handle = None
    if _flushing is not None and not _flushing.done():
        await _flushing
    await flush()
