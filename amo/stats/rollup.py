"""The roll-up of the Redis counters into DailyUsers and DailyDownloads.

`run()` finds every day that Redis has counters for with SCAN (the keys
are described in amo.stats.counters). It reads each day's hash of add-on
counts in batches with HSCAN, fetching the breakdown hashes of a batch's
add-ons in one pipeline. It writes each batch in one transaction of the
write thread (amo.stats.actions.save_daily_counts).

Two ways of writing, by where the counters live:

- Redis (AMO_REDIS_URL) contains the whole day, so rows take the values
  read. Running the roll-up again writes the same rows, and a run that
  fails halfway loses nothing: the keys stay, and the next run writes
  every batch again. Today's rows are rewritten by each run. A day's keys
  are deleted once all its rows have committed and the day ended more
  than SETTLE ago, when the counters of the serving processes have long
  been flushed. Deleting the day's hash also sets a marker,
  `stats:finished:<kind>:<day>`, in the same MULTI.
- Counts that come after that (a process that could not reach Redis for
  longer than SETTLE), and every count of the in-process stand-in of the
  embedded default, are added to the rows instead, and subtracted from
  Redis once their batch has committed. The stand-in lives in each
  serving process, so several processes add their own counts to the
  same rows.

One roll-up runs at a time: each holds the lock `stats:rollup:lock`, and
another that finds it taken returns at once.
"""

import datetime
import itertools
import logging
import secrets
import time
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass
from typing import Any

import structlog
from django.conf import settings
from redis.exceptions import RedisError

from amo.core import redis
from amo.core.db.writes import run_write
from amo.core.redis import LocalRedis
from amo.stats import actions, counters
from amo.stats.actions import KINDS, DayCount, Kind

log = structlog.get_logger(__name__)

# Add-ons read from Redis and written per transaction.
BATCH_SIZE = 1000
# The COUNT hint of each SCAN and HSCAN call.
SCAN_COUNT = 1000
# Keys per DEL command when a finished day's breakdowns are deleted.
DELETE_CHUNK = 500
# How long after its end a day's keys are kept. Processes flush their
# counts every second (counters.FLUSH_INTERVAL), so only one that could
# not reach Redis for this long can add to a day after it.
SETTLE = datetime.timedelta(hours=1)
LOCK_KEY = "stats:rollup:lock"
# Seconds the lock lasts unless renewed. Each batch renews it.
LOCK_SECONDS = 600
# Runs a command on the lock only while the lock holds the run's token, in
# one step on the server: ARGV is the token, the command and its arguments.
LOCK_SCRIPT = """
if redis.call('get', KEYS[1]) == ARGV[1] then
    return redis.call(ARGV[2], KEYS[1], unpack(ARGV, 3))
end
return 0
"""
FINISHED_PREFIX = "stats:finished"
# A finished day's marker outlives any key of the day that a late flush
# may create (counters.KEY_LIFETIME after its last write).
FINISHED_LIFETIME = counters.KEY_LIFETIME + 2 * 24 * 3600
DAY_PATTERN = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
# Unknown add-on ids listed in one log line.
LOGGED_IDS = 10


@dataclass
class RollupResult:
    """The outcome of one roll-up."""

    # Days read, of both kinds.
    days: int = 0
    # Rows inserted, or updated because a value changed.
    rows: int = 0
    # Days whose keys were deleted.
    finished: int = 0
    # Add-on ids whose counts were dropped because no such add-on exists.
    unknown: int = 0
    # True when another roll-up held the lock, so this one did nothing.
    skipped: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def finished_key(kind: Kind, day: datetime.date) -> str:
    return f"{FINISHED_PREFIX}:{kind.name}:{day.isoformat()}"


def day_end(day: datetime.date) -> datetime.datetime:
    """Return the end of UTC day `day`: the next day's midnight."""
    return datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time(), datetime.UTC
    )


async def _scan(client: Any, match: str) -> AsyncIterator[str]:
    """Yield the keys that match `match`, some more than once as SCAN may."""
    cursor = 0
    while True:
        cursor, keys = await client.scan(cursor, match=match, count=SCAN_COUNT)
        for key in keys:
            yield key.decode() if isinstance(key, bytes) else key
        if not cursor:
            return


async def _days(client: Any, kind: Kind) -> list[datetime.date]:
    days = set()
    async for key in _scan(client, f"{kind.prefix}:{DAY_PATTERN}"):
        try:
            days.add(datetime.date.fromisoformat(key.rsplit(":", 1)[1]))
        except ValueError:
            log.warning("stats key with an invalid date skipped", key=key)
    return sorted(days)


def _parse_breakdowns(kind: Kind, raw: dict[bytes, bytes]) -> dict[str, dict]:
    breakdowns: dict[str, dict[str, int]] = {
        row_field: {} for row_field in kind.breakdowns.values()
    }
    for name, value in raw.items():
        prefix, separator, rest = name.decode(errors="replace").partition(":")
        row_field = kind.breakdowns.get(prefix)
        if not separator or row_field is None:
            continue
        try:
            amount = int(value)
        except ValueError:
            continue
        breakdowns[row_field][rest] = breakdowns[row_field].get(rest, 0) + amount
    return breakdowns


class _Rollup:
    """One run over every day of both kinds, holding the lock."""

    def __init__(
        self, client: Any, now: datetime.datetime, batch_size: int, token: str
    ) -> None:
        self.client = client
        self.now = now
        self.batch_size = batch_size
        self.token = token
        # The stand-in's counts belong to this process (see the docstring).
        self.local = isinstance(client, LocalRedis)
        self.result = RollupResult()

    async def run(self) -> None:
        for kind in KINDS:
            for day in await _days(self.client, kind):
                await self._roll_day(kind, day)
                self.result.days += 1

    async def _adds(self, kind: Kind, day: datetime.date) -> bool:
        """Return whether the day's counts are added to its rows."""
        if self.local:
            return True
        if await self.client.exists(finished_key(kind, day)):
            return True
        # Keys live counters.KEY_LIFETIME after their last write, so keys of
        # a day this old were written after SETTLE, even if the marker of
        # the day is gone.
        age = self.now - day_end(day)
        return age > datetime.timedelta(seconds=counters.KEY_LIFETIME) + SETTLE

    async def _roll_day(self, kind: Kind, day: datetime.date) -> None:
        add = await self._adds(kind, day)
        day_key = counters.day_key(kind.prefix, day)
        seen: set[bytes] = set()
        pending: dict[bytes, bytes] = {}
        cursor = 0
        while True:
            cursor, fields = await self.client.hscan(day_key, cursor, count=SCAN_COUNT)
            for name, value in fields.items():
                # HSCAN may return a field twice, but a count is written once.
                if name not in seen:
                    seen.add(name)
                    pending[name] = value
            while len(pending) >= self.batch_size:
                names = list(itertools.islice(pending, self.batch_size))
                await self._roll_batch(
                    kind, day, {name: pending.pop(name) for name in names}, add=add
                )
            if not cursor:
                break
        if pending:
            await self._roll_batch(kind, day, pending, add=add)
        if self.now - day_end(day) > SETTLE:
            await self._finish_day(kind, day)

    async def _roll_batch(
        self, kind: Kind, day: datetime.date, fields: dict[bytes, bytes], *, add: bool
    ) -> None:
        counts: dict[int, int] = {}
        malformed: list[bytes] = []
        for name, value in fields.items():
            try:
                counts[int(name)] = int(value)
            except ValueError:
                malformed.append(name)

        keys = [counters.addon_key(kind.prefix, day, pk) for pk in counts]
        pipe = self.client.pipeline(transaction=False)
        for key in keys:
            pipe.hgetall(key)
        breakdowns = (
            dict(zip(counts, await pipe.execute(), strict=True)) if keys else {}
        )
        day_counts = [
            DayCount(pk, count, _parse_breakdowns(kind, breakdowns[pk]))
            for pk, count in counts.items()
        ]

        saved = await run_write(
            actions.save_daily_counts, kind, day, day_counts, add=add
        )
        self.result.rows += saved.written
        unknown = set(saved.unknown)
        if add:
            await self._subtract(
                kind,
                day,
                {pk: count for pk, count in counts.items() if pk not in unknown},
                breakdowns,
            )
        if unknown or malformed:
            await self._drop(kind, day, sorted(unknown), malformed)
        await self._renew_lock()
        log.debug(
            "stats batch written",
            kind=kind.name,
            day=day.isoformat(),
            counts=len(counts),
            rows=saved.written,
        )

    async def _subtract(
        self,
        kind: Kind,
        day: datetime.date,
        counts: dict[int, int],
        breakdowns: dict[int, dict[bytes, bytes]],
    ) -> None:
        """Take the counts that were just added to the rows out of Redis."""
        day_key = counters.day_key(kind.prefix, day)
        decrements: list[tuple[str, str, int]] = []
        for pk, count in counts.items():
            decrements.append((day_key, str(pk), count))
            key = counters.addon_key(kind.prefix, day, pk)
            for raw_field, raw_count in breakdowns[pk].items():
                decrements.append((key, raw_field.decode(), int(raw_count)))
        if not decrements:
            return
        pipe = self.client.pipeline(transaction=False)
        for key, hash_field, amount in decrements:
            pipe.hincrby(key, hash_field, -amount)
        left = await pipe.execute()
        if not self.local:
            # A finished day: its keys are deleted once all batches are done.
            return
        # The stand-in runs each command without yielding to the event
        # loop, so no flush can add to a field between its HINCRBY and HDEL.
        pipe = self.client.pipeline(transaction=False)
        for (key, hash_field, _), value in zip(decrements, left, strict=True):
            if value == 0:
                pipe.hdel(key, hash_field)
        await pipe.execute()

    async def _drop(
        self,
        kind: Kind,
        day: datetime.date,
        unknown: list[int],
        malformed: list[bytes],
    ) -> None:
        """Delete the counts of add-ons that do not exist, logged once."""
        self.result.unknown += len(unknown)
        log.warning(
            "stats counts of unknown add-ons dropped",
            kind=kind.name,
            day=day.isoformat(),
            addon_ids=unknown[:LOGGED_IDS],
            unknown=len(unknown),
            malformed=[name.decode(errors="replace") for name in malformed][
                :LOGGED_IDS
            ],
        )
        day_key = counters.day_key(kind.prefix, day)
        pipe = self.client.pipeline(transaction=False)
        pipe.hdel(day_key, *[str(pk) for pk in unknown], *malformed)
        for pk in unknown:
            pipe.delete(counters.addon_key(kind.prefix, day, pk))
        await pipe.execute()

    async def _finish_day(self, kind: Kind, day: datetime.date) -> None:
        """Delete a finished day's keys; its rows have all committed."""
        day_key = counters.day_key(kind.prefix, day)
        pipe = self.client.pipeline(transaction=True)
        pipe.delete(day_key)
        pipe.set(finished_key(kind, day), b"1", ex=FINISHED_LIFETIME)
        await pipe.execute()
        # The breakdown hashes are useless without the day's hash. A run
        # that stops here leaves some, which expire after KEY_LIFETIME.
        keys = [key async for key in _scan(self.client, f"{day_key}:*")]
        for start in range(0, len(keys), DELETE_CHUNK):
            await self.client.delete(*keys[start : start + DELETE_CHUNK])
        self.result.finished += 1
        log.info("stats day finished", kind=kind.name, day=day.isoformat())

    async def _renew_lock(self) -> None:
        await _on_own_lock(self.client, self.token, "expire", LOCK_SECONDS)


async def run(
    client: Any,
    *,
    now: datetime.datetime | None = None,
    batch_size: int = BATCH_SIZE,
) -> RollupResult:
    """Write every day's counters in `client` into the daily rows.

    `now` (an aware datetime, the current time by default) decides which
    day is today and which days are finished. Returns what was done; a
    run that finds another one holding the lock does nothing.
    """
    now = now or datetime.datetime.now(datetime.UTC)
    token = secrets.token_hex(16)
    if not await client.set(LOCK_KEY, token, nx=True, ex=LOCK_SECONDS):
        log.info("stats roll-up skipped: the lock is taken by another run")
        return RollupResult(skipped=True)
    started = time.perf_counter()
    rollup = _Rollup(client, now, batch_size, token)
    try:
        await rollup.run()
    finally:
        await _release_lock(client, token)
    # A run with nothing to do is logged at debug level: the embedded
    # default runs one every few minutes in each serving process.
    log.log(
        logging.INFO if rollup.result.days else logging.DEBUG,
        "stats rolled up",
        seconds=round(time.perf_counter() - started, 3),
        **rollup.result.as_dict(),
    )
    return rollup.result


async def _on_own_lock(client: Any, token: str, command: str, *args: Any) -> None:
    """Run `command` on LOCK_KEY if the lock still holds `token`.

    Another run takes the lock once it expires, so the check and the
    command run as one script on Redis.
    """
    if isinstance(client, LocalRedis):
        # The in-process stand-in serves one process and never yields
        # between the two calls.
        if await client.get(LOCK_KEY) == token.encode():
            method = "delete" if command == "del" else command
            await getattr(client, method)(LOCK_KEY, *args)
        return
    await client.eval(LOCK_SCRIPT, 1, LOCK_KEY, token, command, *args)


async def _release_lock(client: Any, token: str) -> None:
    try:
        await _on_own_lock(client, token, "del")
    except (RedisError, OSError) as error:
        # The run's own error, if any, is raised; the lock expires.
        log.warning(
            "stats roll-up lock not released",
            error=repr(error),
            expires_in=LOCK_SECONDS,
        )


async def run_with_own_client(**options: Any) -> RollupResult:
    """Run the roll-up with a Redis client of this event loop.

    For jobs that start their own loop (asyncio.run): a redis.asyncio
    client belongs to the loop it first ran on. The embedded default's
    stand-in is the process's own, which contains the counts.
    """
    if not settings.REDIS_URL:
        return await run(redis.get_client(), **options)
    client = redis.create_client()
    try:
        return await run(client, **options)
    finally:
        await client.aclose()
