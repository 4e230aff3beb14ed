"""Health endpoints, letter icons and the error pages."""

import asyncio
import functools
import importlib.metadata
import json
import subprocess
from typing import Any

import structlog
from django.conf import settings
from django.core.cache import caches
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

from amo.addons.icons import LETTER_COLOURS, draw_letter_icon
from amo.core import redis, templates
from amo.core.constants import ICON_SIZES
from amo.core.db import execute_sql
from amo.core.errors import DatabaseUnavailable

log = structlog.get_logger(__name__)

# Seconds each heartbeat check may take before it counts as failed.
CHECK_TIMEOUT = 3.0


async def lbheartbeat(request: HttpRequest) -> HttpResponse:
    """The process is up; the load balancer needs no more."""
    return JsonResponse({"status": "ok"}, headers={"Cache-Control": "no-store"})


async def _check_database(alias: str) -> str:
    try:
        await execute_sql(alias, "SELECT 1", ())
    except DatabaseUnavailable as error:
        return error.reason
    return "ok"


async def _check_cache() -> dict[str, str]:
    client = getattr(caches["default"], "client", None)
    if client is None:
        return {"default": "no amo cache client configured"}
    return await client.ping()


async def _check_redis() -> str:
    try:
        await redis.get_client().ping()
    except Exception as error:
        return f"{type(error).__name__}: {error}"
    return "ok"


def _check_broker_sync() -> str:
    from kombu import Connection

    with Connection(settings.BROKER_URL, connect_timeout=CHECK_TIMEOUT) as connection:
        connection.ensure_connection(max_retries=1, timeout=CHECK_TIMEOUT)
    return "ok"


async def _check_broker() -> str:
    loop = asyncio.get_running_loop()
    try:
        return await loop.run_in_executor(None, _check_broker_sync)
    except Exception as error:
        return f"{type(error).__name__}: {error}"


async def _timed(name: str, check: Any) -> tuple[str, Any]:
    try:
        async with asyncio.timeout(CHECK_TIMEOUT):
            return name, await check
    except TimeoutError:
        return name, f"no answer within {CHECK_TIMEOUT:g}s"


async def heartbeat(request: HttpRequest) -> HttpResponse:
    """Check every configured backend; 500 with the details when one fails.

    The JSON follows Dockerflow: a `status`, one entry per check in
    `checks`, and the failures' messages in `details`.
    """
    checks: list[Any] = [
        _timed(f"database.{alias}", _check_database(alias))
        for alias in settings.DATABASES
    ]
    checks.append(_timed("cache", _check_cache()))
    checks.append(_timed("redis", _check_redis()))
    if settings.BROKER_URL:
        checks.append(_timed("broker", _check_broker()))

    results: dict[str, str] = {}
    details: dict[str, Any] = {}
    for name, outcome in await asyncio.gather(*checks):
        if isinstance(outcome, dict):
            failed = {
                server: state for server, state in outcome.items() if state != "ok"
            }
            results[name] = "error" if failed else "ok"
            if failed:
                details[name] = failed
        else:
            results[name] = "ok" if outcome == "ok" else "error"
            if outcome != "ok":
                details[name] = outcome
    healthy = all(state == "ok" for state in results.values())
    if not healthy:
        log.warning("heartbeat failed", details=details)
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": results, "details": details},
        status=200 if healthy else 500,
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
