"""Counters of failed attempts in Redis, and the limits built on them.

A `RateLimit` counts hits per key in a fixed window: the first hit creates
the counter with the window as its expiry, so a key is blocked once it has
`limit` hits and until its counter expires. With AMO_REDIS_URL unset the
counters live in the process's stand-in (amo.core.redis). A Redis that
fails or times out blocks no one: the limit is skipped and a warning
logged, at most once a minute, so log-ins keep working during an outage.
"""

import asyncio
import hashlib
import time
from dataclasses import dataclass

import structlog
from django.conf import settings

from amo.core import redis

log = structlog.get_logger(__name__)

# Seconds between two warnings about a failing Redis.
WARNING_INTERVAL = 60.0
_last_warning = 0.0


def _warn(error: BaseException, limit: str) -> None:
    global _last_warning
    now = time.monotonic()
    if now - _last_warning >= WARNING_INTERVAL:
        _last_warning = now
        log.warning("rate limit skipped: redis failed", limit=limit, error=repr(error))


def _redis_errors() -> tuple[type[BaseException], ...]:
    errors: tuple[type[BaseException], ...] = (OSError, asyncio.TimeoutError)
    try:
        import redis.exceptions
    except ImportError:  # pragma: no cover - redis is a dependency
        return errors
    return (*errors, redis.exceptions.RedisError)


@dataclass(frozen=True)
class RateLimit:
    """At most `limit` hits per key in `window` seconds."""

    name: str
    limit: int
    window: int
    # Seconds each Redis call may take before the limit is skipped.
    timeout: float = 1.0

    def _key(self, key: str) -> str:
        # Hashed: keys hold email addresses and IPs, which stay out of Redis.
        digest = hashlib.blake2b(key.encode(), digest_size=16).hexdigest()
        return f"ratelimit:{self.name}:{digest}"

    async def retry_after(self, key: str) -> int:
        """Return the seconds until `key` may try again; 0 when it may now."""
        client = redis.get_client()
        name = self._key(key)
        try:
            async with asyncio.timeout(self.timeout):
                count = await client.get(name)
                if count is None or int(count) < self.limit:
                    return 0
                ttl = await client.ttl(name)
        except _redis_errors() as error:
            _warn(error, self.name)
            return 0
        # A counter without expiry (-1) would block forever; count a window.
        return ttl if ttl > 0 else self.window

    async def hit(self, key: str) -> int:
        """Count a hit for `key`; return the window's count (0 on error)."""
        client = redis.get_client()
        name = self._key(key)
        try:
            async with asyncio.timeout(self.timeout):
                count = int(await client.incr(name))
                if count == 1 or await client.ttl(name) < 0:
                    await client.expire(name, self.window)
        except _redis_errors() as error:
            _warn(error, self.name)
            return 0
        return count

    async def reset(self, key: str) -> None:
        """Forget the hits of `key`."""
        try:
            async with asyncio.timeout(self.timeout):
                await redis.get_client().delete(self._key(key))
        except _redis_errors() as error:
            _warn(error, self.name)


def login_account_limit() -> RateLimit:
    """Failed log-ins per account (by email address)."""
    return RateLimit(
        "login-account",
        settings.LOGIN_FAILURES_PER_ACCOUNT,
        settings.LOGIN_FAILURE_WINDOW,
    )


def login_ip_limit() -> RateLimit:
    """Failed log-ins per client IP address."""
    return RateLimit(
        "login-ip", settings.LOGIN_FAILURES_PER_IP, settings.LOGIN_FAILURE_WINDOW
    )


async def login_retry_after(email: str, ip: str) -> int:
    """Return the seconds before `email` may try to log in from `ip`, or 0."""
    account, address = await asyncio.gather(
        login_account_limit().retry_after(email.lower()),
        login_ip_limit().retry_after(ip),
    )
    return max(account, address)


async def record_login_failure(email: str, ip: str) -> None:
    """Count a failed log-in against the account and the IP address."""
    await asyncio.gather(
        login_account_limit().hit(email.lower()), login_ip_limit().hit(ip)
    )


async def reset_login_failures(email: str) -> None:
    """Forget the account's failures after it logged in."""
    await login_account_limit().reset(email.lower())
