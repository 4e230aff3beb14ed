"""Health endpoints, letter icons and the error pages."""

import asyncio
import functools
import importlib.metadata
import json
import subprocess
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any

import structlog
from django.conf import settings
from django.core.cache import caches
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

from amo.addons.icons import LETTER_COLOURS, draw_letter_icon
from amo.core import redis, templates
from amo.core.constants import ICON_SIZES
from amo.core.db import execute_sql, pools
from amo.core.errors import DatabaseUnavailable

log = structlog.get_logger(__name__)

# Seconds each heartbeat check may take before it counts as failed.
CHECK_TIMEOUT = 3.0


LBHEARTBEAT_BODY = b'{"status": "ok"}'


async def lbheartbeat(request: HttpRequest) -> HttpResponse:
    """The process is up; the load balancer needs no more."""
    return HttpResponse(
        LBHEARTBEAT_BODY,
        content_type="application/json",
        headers={"Cache-Control": "no-store"},
    )


# Check levels, as Mozilla's Dockerflow (python-dockerflow) names them: a
# warning leaves the heartbeat at 200, an error turns it into a 500.
OK, WARNING, ERROR = "ok", "warning", "error"
LEVEL_NUMBERS = {OK: 0, WARNING: 30, ERROR: 40}


@dataclass
class CheckResult:
    level: str
    # Failure messages by the part that failed (a server, an alias).
    messages: dict[str, str] = field(default_factory=dict)


async def _check_database(alias: str) -> CheckResult:
    """Check one alias: an error when the primary is down, else a warning.

    Reads move to the primary while a replica is down, so the site still
    serves every page.
    """
    try:
        await execute_sql(alias, "SELECT 1", (), fall_back=False)
    except DatabaseUnavailable as error:
        if alias == "default" or not pools.is_replica(alias):
            return CheckResult(ERROR, {alias: f"unreachable ({error.reason})"})
        return CheckResult(
            WARNING,
            {alias: f"unreachable ({error.reason}), reads go to the primary"},
        )
    return CheckResult(OK)


async def _check_cache() -> CheckResult:
    """Ping each memcached server; one that is down is a warning."""
    client = getattr(caches["default"], "client", None)
    if client is None:
        return CheckResult(ERROR, {"default": "no amo cache client configured"})
    failed = {
        server: f"unreachable ({state}), its keys read as misses"
        for server, state in (await client.ping()).items()
        if state != "ok"
    }
    return CheckResult(WARNING if failed else OK, failed)


async def _check_redis() -> CheckResult:
    try:
        await redis.get_client().ping()
    except Exception as error:
        return CheckResult(
            WARNING, {"redis": f"unreachable ({type(error).__name__}: {error})"}
        )
    return CheckResult(OK)


def _check_broker_sync() -> None:
    from kombu import Connection

    with Connection(settings.BROKER_URL, connect_timeout=CHECK_TIMEOUT) as connection:
        connection.ensure_connection(max_retries=1, timeout=CHECK_TIMEOUT)


async def _check_broker() -> CheckResult:
    """Connect to the broker; failing is an error, as no job can be queued."""
    loop = asyncio.get_running_loop()
    try:
        await loop.run_in_executor(None, _check_broker_sync)
    except Exception as error:
        return CheckResult(
            ERROR, {"broker": f"unreachable ({type(error).__name__}: {error})"}
        )
    return CheckResult(OK)


async def _timed(
    name: str, check: Awaitable[CheckResult], level: str
) -> tuple[str, CheckResult]:
    """Run `check`; one that takes too long fails at `level`."""
    try:
        async with asyncio.timeout(CHECK_TIMEOUT):
            return name, await check
    except TimeoutError:
        return name, CheckResult(
            level, {name: f"no response within {CHECK_TIMEOUT:g}s"}
        )


async def heartbeat(request: HttpRequest) -> HttpResponse:
    """Check every configured backend, in Mozilla's Dockerflow format.

    `checks` holds each check's level (ok, warning, error), `details` the
    messages of those that are not ok, and `status` the worst level. The
    answer is 500 when a check is an error (the primary database or the
    broker is down) and 200 otherwise. A replica, memcached or Redis that
    is down is a warning, because pages are still served without it.
    """
    checks: list[Awaitable[tuple[str, CheckResult]]] = [
        _timed(
            f"database.{alias}",
            _check_database(alias),
            WARNING if pools.is_replica(alias) else ERROR,
        )
        for alias in settings.DATABASES
    ]
    checks.append(_timed("cache", _check_cache(), WARNING))
    checks.append(_timed("redis", _check_redis(), WARNING))
    if settings.BROKER_URL:
        checks.append(_timed("broker", _check_broker(), ERROR))

    results: dict[str, str] = {}
    details: dict[str, Any] = {}
    for name, result in await asyncio.gather(*checks):
        results[name] = result.level
        if result.level != OK:
            details[name] = {
                "status": result.level,
                "level": LEVEL_NUMBERS[result.level],
                "messages": result.messages,
            }
    status = max(results.values(), key=LEVEL_NUMBERS.__getitem__, default=OK)
    if status != OK:
        log.warning("heartbeat not ok", status=status, details=details)
    return JsonResponse(
        {"status": status, "checks": results, "details": details},
        status=500 if status == ERROR else 200,
        headers={"Cache-Control": "no-store"},
    )


@functools.cache
def _version_info() -> dict[str, str]:
    if settings.VERSION_FILE.exists():
        return json.loads(settings.VERSION_FILE.read_text())
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return {
        "source": "amo",
        "version": importlib.metadata.version("amo"),
        "commit": commit,
        "build": "",
    }


async def version(request: HttpRequest) -> HttpResponse:
    """The running release, from version.json or from git."""
    loop = asyncio.get_running_loop()
    info = await loop.run_in_executor(None, _version_info)
    return JsonResponse(info, headers={"Cache-Control": "no-store"})


async def letter_icon(
    request: HttpRequest, codepoint: str, colour: str, size: int
) -> HttpResponse:
    """A drawn letter icon; see amo.addons.icons."""
    try:
        character = int(codepoint, 16)
    except ValueError:
        raise Http404 from None
    if (
        colour not in LETTER_COLOURS
        or size not in ICON_SIZES
        or not (
            chr(character) == "?" or (chr(character).isalnum() and character < 0x0530)
        )
    ):
        raise Http404
    loop = asyncio.get_running_loop()
    png = await loop.run_in_executor(None, draw_letter_icon, character, colour, size)
    return HttpResponse(
        png,
        content_type="image/png",
        headers={"Cache-Control": "public, max-age=31536000, immutable"},
    )


def _error_page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    if request.path.startswith("/api/"):
        messages = {404: "Not found.", 500: "Internal Server Error"}
        return JsonResponse({"detail": messages.get(status, "Error")}, status=status)
    return templates.render_sync(request, template, status=status)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The localised 404 page; Django calls it in a worker thread."""
    return _error_page(request, "errors/404.html", 404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The localised 403 page of a request that failed the CSRF check.

    Settings name it in CSRF_FAILURE_VIEW. CsrfViewMiddleware calls it on
    the event loop before the view runs, so it renders in the calling
    thread and reads nothing from the database. Django has already logged
    the reason.
    """
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": f"CSRF failed: {reason}"}, status=403)
    return templates.render_sync(request, "errors/403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """The localised 500 page; it must not depend on the database."""
    try:
        return _error_page(request, "errors/500.html", 500)
    except Exception:
        log.exception("the 500 page failed to render")
        return HttpResponse(
            "Internal Server Error",
            status=500,
            content_type="text/plain; charset=utf-8",
        )
