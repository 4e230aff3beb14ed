"""The update service as a pure ASGI route, served before Django.

`UpdateService` wraps the rest of the application. It serves GET and HEAD
requests to /update/VersionCheck.php and /update/, and passes every other
request on to the wrapped app. A warm check costs one cache round
trip (amo.update.cache), and a miss adds one database query
(amo.update.queries). A cache that fails reads as a miss, so an outage
sends the checks to the database instead of failing them. A database that
cannot be reached gets a 503 with Retry-After, as the pages do.
"""

import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import structlog

from amo.core.errors import DatabaseUnavailable
from amo.stats import counters
from amo.update import cache, manifest, queries
from amo.update.checks import InvalidCheck, UpdateCheck, parse_check

log = structlog.get_logger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Firefox's update URL, and the shorter form that AMO also serves.
PATHS = frozenset({"/update/VersionCheck.php", "/update/"})
# Shared caches may keep a response for an hour, as on addons.mozilla.org.
MAX_AGE = 3600
EMPTY = b"{}"
# Seconds between two log lines about rejected checks in a process.
INVALID_LOG_INTERVAL = 60.0


def is_update_path(path: str) -> bool:
    return path in PATHS


async def answer(check: UpdateCheck) -> cache.CachedResponse:
    """Return the response body of a valid check, from the cache on a hit."""
    cached, generation = await cache.lookup(check)
    if cached is not None:
        return cached
    generation = await cache.current_generation(check, generation)
    updates = await queries.get_addon_updates(
        check.guid, check.app.id, generation=generation
    )
    response = cache.CachedResponse(
        body=manifest.encode(manifest.build_manifest(updates, check)),
        addon_id=None if updates is None else updates.id,
    )
    await cache.store(check, generation, response)
    return response


def count(check: UpdateCheck, addon_id: int) -> None:
    counters.count_update_check(
        addon_id,
        version=check.version,
        app=check.app.short,
        app_version=check.app_version,
        locale=check.locale,
        os=check.os,
    )


def _headers(
    body: bytes, extra: list[tuple[bytes, bytes]]
) -> list[tuple[bytes, bytes]]:
    return [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"x-content-type-options", b"nosniff"),
        *extra,
    ]


class UpdateService:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        # Far enough back that the first rejection is logged, even on a
        # machine whose monotonic clock started less than a minute ago.
        self._last_invalid_log = -INVALID_LOG_INTERVAL
        self._invalid_since_log = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_update_path(scope["path"]):
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        if method not in ("GET", "HEAD"):
            await self._send(send, method, 405, EMPTY, [(b"allow", b"GET, HEAD")])
            return
        try:
            check = parse_check(scope["query_string"])
        except InvalidCheck as error:
            self._log_invalid(error)
            # Firefox expects {} with the 400, so the reason goes in a header.
            reason = str(error).encode("ascii", errors="replace")
            await self._send(send, method, 400, EMPTY, [(b"x-error", reason)])
            return
        try:
            response = await answer(check)
        except DatabaseUnavailable as error:
            log.error("database unavailable", alias=error.alias, reason=error.reason)
            retry = [
                (b"retry-after", str(error.retry_after).encode()),
                (b"cache-control", b"no-store"),
            ]
            await self._send(send, method, 503, EMPTY, retry)
            return
        if response.addon_id is not None:
            count(check, response.addon_id)
        cache_control = [(b"cache-control", f"max-age={MAX_AGE}".encode())]
        await self._send(send, method, 200, response.body, cache_control)

    async def _send(
        self,
        send: Send,
        method: str,
        status: int,
        body: bytes,
        extra: list[tuple[bytes, bytes]],
    ) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": _headers(body, extra),
            }
        )
        await send(
            {"type": "http.response.body", "body": b"" if method == "HEAD" else body}
        )

    def _log_invalid(self, error: InvalidCheck) -> None:
        """Log a rejected check, at most once per INVALID_LOG_INTERVAL."""
        self._invalid_since_log += 1
        now = time.monotonic()
        if now - self._last_invalid_log < INVALID_LOG_INTERVAL:
            return
        log.info(
            "update check rejected",
            error=str(error),
            suppressed=self._invalid_since_log - 1,
        )
        self._last_invalid_log = now
        self._invalid_since_log = 0
