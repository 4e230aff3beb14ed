"""The page cache: whole anonymous responses, answered before Django.

An ASGI middleware in front of Django. For an anonymous GET or HEAD to a
cacheable route it looks the response up in the cache and sends it without
entering Django. Keys hold the method, the path (with its locale and app),
the normalised query string and the negotiated encoding.

- Requests that carry a session cookie, the replica pin cookie or an
  Authorization header bypass the cache, so signed-in users and clients
  that just wrote see fresh pages.
- A response is stored only when it is a 200, 301 or 404 that sets no
  cookie (so no CSRF token either), is not private, and varies only on
  Accept-Encoding or Cookie.
- Entries carry a soft expiry: a stale entry is still sent while one task
  per key and process rebuilds it in the background (single flight), so a
  cold key never sends a stampede to the database.
- Each entry records the site generation it was built under, read in the
  same round trip as the entry; a publish or an edit bumps the generation,
  which turns every entry into a miss, so changes show at once.
- Compressible bodies are stored gzipped for clients that accept gzip.
"""

import asyncio
import gzip
import hashlib
import secrets
import time
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode

import structlog
from django.conf import settings
from django.core.cache import caches

from amo.core import i18n
from amo.core.constants import APPS
from amo.core.logging import new_request_id

log = structlog.get_logger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SITE_GENERATION_KEY = "gen:site"
STORED_STATUSES = {200, 301, 404}
# memcached keeps values up to 1 MB; larger bodies are not stored.
MAX_BODY = 900 * 1024
# Bodies smaller than this are sent as they are: gzip would not pay.
MIN_COMPRESSED_SIZE = 1024
COMPRESSIBLE_TYPES = (b"text/", b"application/json", b"application/javascript")
# Headers of the response that belong to one request, not to the page.
REQUEST_HEADERS = {b"x-request-id", b"server-timing", b"set-cookie"}
# Seconds a waiting request gives the request building the same page.
WAIT_FOR_BUILD = 10.0


@dataclass
class Entry:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes
    built: float
    soft_expiry: float
    generation: Any


def _is_site_page(path: str) -> bool:
    segments = path.split("/", 3)
    if len(segments) < 4 or not segments[1] or not segments[2]:
        return False
    # Only canonical prefixes: other spellings redirect, by Accept-Language
    # in the case of "/".
    return i18n.match_locale(segments[1]) == segments[1] and segments[2] in APPS


def cacheable_path(path: str) -> bool:
    if path.startswith(("/api/v5/", "/api/v4/", "/icons/")):
        return True
    return _is_site_page(path)


def _bypass(headers: dict[bytes, bytes]) -> bool:
    if b"authorization" in headers:
        return True
    cookie = headers.get(b"cookie", b"").decode("latin-1")
    names = {part.split("=", 1)[0].strip() for part in cookie.split(";") if part}
    return bool(names & {settings.SESSION_COOKIE_NAME, settings.REPLICA_PIN_COOKIE})


def _accepts_gzip(headers: dict[bytes, bytes]) -> bool:
    accepted = headers.get(b"accept-encoding", b"").lower()
    for part in accepted.split(b","):
        name, _, params = part.strip().partition(b";")
        if name.strip() == b"gzip" and params.replace(b" ", b"") != b"q=0":
            return True
    return False


def cache_key(method: str, path: str, query_string: bytes, encoding: str) -> str:
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    query = urlencode(sorted(pairs))
    return f"page:{method}:{encoding}:{path}?{query}"


def _storable(status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> bool:
    if status not in STORED_STATUSES or len(body) > MAX_BODY:
        return False
    for name, value in headers:
        lowered = name.lower()
        if lowered == b"set-cookie":
            return False
        if lowered == b"cache-control" and any(
            word in value.lower() for word in (b"private", b"no-store", b"no-cache")
        ):
            return False
        if lowered == b"vary":
            varies = {part.strip().lower() for part in value.split(b",")}
            if varies - {b"accept-encoding", b"cookie"}:
                return False
    return True


class PageCache:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        # Builds in progress in this process, by key.
        self._building: dict[str, asyncio.Future[Entry | None]] = {}
        self._background: set[asyncio.Task[Any]] = set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            not settings.PAGE_CACHE
            or scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or not cacheable_path(scope["path"])
        ):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        if _bypass(headers):
            await self.app(scope, receive, send)
            return

        started = time.perf_counter()
        encoding = "gzip" if _accepts_gzip(headers) else "identity"
        key = cache_key(scope["method"], scope["path"], scope["query_string"], encoding)
        cache = caches["default"]
        found = await cache.aget_many([key, SITE_GENERATION_KEY])
        entry: Entry | None = found.get(key)
        generation = found.get(SITE_GENERATION_KEY)

        if entry is not None and entry.generation == generation:
            if time.time() < entry.soft_expiry:
                await self._send(entry, headers, send, "hit", started)
                return
            await self._send(entry, headers, send, "stale", started)
            self._rebuild_in_background(key, scope, generation, encoding)
            return

        waiting = self._building.get(key)
        if waiting is not None:
            try:
                built = await asyncio.wait_for(asyncio.shield(waiting), WAIT_FOR_BUILD)
            except TimeoutError:
                built = None
            if built is not None:
                await self._send(built, headers, send, "hit", started)
                return
            await self.app(scope, receive, send)
            return

        future: asyncio.Future[Entry | None] = (
            asyncio.get_running_loop().create_future()
        )
        self._building[key] = future
        stored: Entry | None = None
        app_timing: list[bytes] = []
        try:
            response = await self._build(
                scope, receive, key, generation, encoding, app_timing
            )
            stored = response if isinstance(response, Entry) else None
        finally:
            self._building.pop(key, None)
            # Waiters for a response that could not be stored build their own.
            future.set_result(stored)
        if isinstance(response, Entry):
            await self._send(
                response, headers, send, "miss", started, app_timing=app_timing
            )
        elif response is not None:
            # Not storable: sent exactly as the app made it, cookies included.
            status, raw_headers, body = response
            await send(
                {
                    "type": "http.response.start",
                    "status": status,
                    "headers": raw_headers,
                }
            )
            await send({"type": "http.response.body", "body": body})

    async def _build(
        self,
        scope: Scope,
        receive: Receive,
        key: str,
        generation: Any,
        encoding: str,
        app_timing: list[bytes] | None = None,
    ) -> "Entry | tuple[int, list[tuple[bytes, bytes]], bytes] | None":
        """Run the app and capture its response, storing it when it may be.

        Returns the stored entry; the raw (status, headers, body) of a
        response that may not be stored; or None when the app sent nothing.
        The app's Server-Timing, which the entry leaves out, is appended to
        `app_timing`.
        """
        start: Message | None = None
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, capture)
        if start is None:
            return None
        status = start["status"]
        headers = [(bytes(name), bytes(value)) for name, value in start["headers"]]
        body = b"".join(chunks)
        if not _storable(status, headers, body):
            return status, headers, body
        if app_timing is not None:
            app_timing.extend(v for n, v in headers if n.lower() == b"server-timing")

        cache = caches["default"]
        if generation is None:
            # No generation yet (a fresh or flushed cache): start one, so
            # the entries built now stay valid until the next bump.
            await cache.aadd(SITE_GENERATION_KEY, secrets.token_hex(8), None)
            generation = await cache.aget(SITE_GENERATION_KEY)
        entry = self._entry(status, headers, body, generation, encoding)
        if generation is not None:
            # Without a generation the cache is down: nothing is stored.
            await cache.aset(
                key, entry, settings.PAGE_CACHE_TTL + settings.PAGE_CACHE_STALE
            )
        return entry

    def _entry(
        self,
        status: int,
        headers: list[tuple[bytes, bytes]],
        body: bytes,
        generation: Any,
        encoding: str,
    ) -> Entry:
        kept = [
            (name, value)
            for name, value in headers
            if name.lower() not in REQUEST_HEADERS
        ]
        content_type = next((v for n, v in kept if n.lower() == b"content-type"), b"")
        if (
            encoding == "gzip"
            and len(body) >= MIN_COMPRESSED_SIZE
            and content_type.startswith(COMPRESSIBLE_TYPES)
            and not any(n.lower() == b"content-encoding" for n, _ in kept)
        ):
            body = gzip.compress(body, compresslevel=6)
            kept = [(n, v) for n, v in kept if n.lower() != b"content-length"]
            kept.append((b"content-encoding", b"gzip"))
            kept.append((b"content-length", str(len(body)).encode()))
        kept = _with_vary(kept)
        if not any(n.lower() == b"cache-control" for n, _ in kept):
            # Browsers revalidate each time (a cheap 304 from this cache),
            # so an edit never waits for a browser's copy to expire.
            kept.append((b"cache-control", b"public, max-age=0, must-revalidate"))
        etag = b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'
        kept = [(n, v) for n, v in kept if n.lower() != b"etag"]
        kept.append((b"etag", etag))
        now = time.time()
        return Entry(
            status=status,
            headers=kept,
            body=body,
            etag=etag,
            built=now,
            soft_expiry=now + settings.PAGE_CACHE_TTL,
            generation=generation,
        )

    async def _send(
        self,
        entry: Entry,
        request_headers: dict[bytes, bytes],
        send: Send,
        outcome: str,
        started: float,
        app_timing: Sequence[bytes] = (),
    ) -> None:
        elapsed = (time.perf_counter() - started) * 1000
        # "page" is this layer's time; a miss adds the timings of the app
        # that built the page (db, cache, render, total).
        timing = f'page;dur={elapsed:.1f};desc="{outcome}"'.encode()
        headers = [
            *entry.headers,
            (b"x-cache", outcome.upper().encode()),
            (b"x-request-id", new_request_id().encode()),
            (b"server-timing", b", ".join([timing, *app_timing])),
        ]
        if outcome != "miss":
            headers.append(
                (b"age", str(max(int(time.time() - entry.built), 0)).encode())
            )
        if entry.status == 200 and request_headers.get(b"if-none-match") == entry.etag:
            kept = [(n, v) for n, v in headers if n.lower() not in (b"content-length",)]
            await send({"type": "http.response.start", "status": 304, "headers": kept})
            await send({"type": "http.response.body", "body": b""})
            return
        await send(
            {"type": "http.response.start", "status": entry.status, "headers": headers}
        )
        await send({"type": "http.response.body", "body": entry.body})

    def _rebuild_in_background(
        self, key: str, scope: Scope, generation: Any, encoding: str
    ) -> None:
        if key in self._building:
            return
        future: asyncio.Future[Entry | None] = (
            asyncio.get_running_loop().create_future()
        )
        self._building[key] = future

        async def rebuild() -> None:
            finished = asyncio.Event()
            requested = False

            async def receive() -> Message:
                nonlocal requested
                if not requested:
                    requested = True
                    return {"type": "http.request", "body": b"", "more_body": False}
                await finished.wait()
                return {"type": "http.disconnect"}

            entry = None
            try:
                response = await self._build(
                    dict(scope), receive, key, generation, encoding
                )
                entry = response if isinstance(response, Entry) else None
            except Exception:
                log.exception("page rebuild failed", path=scope["path"])
            finally:
                finished.set()
                self._building.pop(key, None)
                future.set_result(entry)

        task = asyncio.get_running_loop().create_task(rebuild())
        self._background.add(task)
        task.add_done_callback(self._background.discard)


def _with_vary(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    varies: list[bytes] = []
    rest = []
    for name, value in headers:
        if name.lower() == b"vary":
            varies.extend(part.strip() for part in value.split(b",") if part.strip())
        else:
            rest.append((name, value))
    for needed in (b"Accept-Encoding", b"Cookie"):
        if needed.lower() not in {v.lower() for v in varies}:
            varies.append(needed)
    rest.append((b"vary", b", ".join(varies)))
    return rest
