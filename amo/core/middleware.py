"""Native async middleware of the request path.

Django runs a sync `MiddlewareMixin` hook in a thread when the stack is
async, one thread hop per hook and request. Every middleware here is
async. The four that Django's admin requires by name (sessions, CSRF,
auth, messages) subclass Django's own, so its system checks pass, and
call their CPU-only hooks inline instead of in a thread.
"""

import contextlib
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any, cast

import structlog
from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.contrib.auth.middleware import (
    AuthenticationMiddleware as DjangoAuthMiddleware,
)
from django.contrib.messages.middleware import (
    MessageMiddleware as DjangoMessageMiddleware,
)
from django.contrib.messages.storage import default_storage
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.exceptions import SessionInterrupted
from django.contrib.sessions.middleware import (
    SessionMiddleware as DjangoSessionMiddleware,
)
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.middleware.csrf import CsrfViewMiddleware as DjangoCsrfViewMiddleware
from django.urls import is_valid_path
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.encoding import escape_uri_path, iri_to_uri
from django.utils.functional import SimpleLazyObject, empty
from django.utils.http import http_date

from amo import legacy
from amo.core import i18n, templates, urls
from amo.core.cache.calls import capture_cache_calls
from amo.core.constants import APPS
from amo.core.db import capture_queries, use_primary
from amo.core.errors import DatabaseUnavailable
from amo.core.logging import new_request_id

log = structlog.get_logger(__name__)

GetResponse = Callable[[HttpRequest], Awaitable[HttpResponse]]

# Paths that live outside the /<locale>/<app>/ prefix.
UNPREFIXED_ROOTS = (
    "api",
    "update",
    "admin",
    "static",
    "user-media",
    "icons",
    "__lbheartbeat__",
    "__heartbeat__",
    "__version__",
    "favicon.ico",
    "robots.txt",
)
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class AsyncMiddleware:
    sync_capable = False
    async_capable = True

    def __init__(self, get_response: GetResponse) -> None:
        if not iscoroutinefunction(get_response):
            raise TypeError(f"{type(self).__name__} needs an async request path.")
        self.get_response = get_response
        markcoroutinefunction(self)

    async def __call__(self, request: HttpRequest) -> HttpResponse:
        return await self.get_response(request)


class RequestContextMiddleware(AsyncMiddleware):
    """Bind a request id to the logs and report timings in Server-Timing.

    It also turns a database outage into a 503 with Retry-After, as JSON for
    the API and as a page elsewhere.
    """

    async def __call__(self, request: HttpRequest) -> HttpResponse:
        supplied = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = supplied if _REQUEST_ID.match(supplied) else new_request_id()
        request.id = request_id  # type: ignore[attr-defined]
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)

        started = time.perf_counter()
        render_token = templates.render_seconds.set([])
        try:
            with capture_queries() as query_log, capture_cache_calls() as cache_log:
                response = await self.get_response(request)
            rendered = sum(templates.render_seconds.get() or [])
        finally:
            templates.render_seconds.reset(render_token)
        total = time.perf_counter() - started

        response["X-Request-ID"] = request_id
        response["Server-Timing"] = ", ".join(
            [
                f"db;dur={query_log.seconds * 1000:.1f}"
                f';desc="{query_log.count} queries"',
                # Calls from the render threads count too; their time
                # overlaps the render's.
                f"cache;dur={cache_log.seconds * 1000:.1f}"
                f';desc="{cache_log.count} calls"',
                f"render;dur={rendered * 1000:.1f}",
                f"total;dur={total * 1000:.1f}",
            ]
        )
        return response

    async def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if not isinstance(exception, DatabaseUnavailable):
            return None
        log.error(
            "database unavailable", alias=exception.alias, reason=exception.reason
        )
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse(
                {"detail": str(exception.message)}, status=503
            )
        else:
            response = await templates.render(request, "errors/503.html", status=503)
        response["Retry-After"] = str(exception.retry_after)
        response["Cache-Control"] = "no-store"
        return response


class CommonMiddleware(AsyncMiddleware):
    """Check the Host header and add a missing trailing slash.

    The two jobs of Django's CommonMiddleware that amo needs, as native
    async code: `request.get_host()` rejects a Host that ALLOWED_HOSTS does
    not list (Django answers 400), and a GET or HEAD that found nothing is
    redirected with 301 to the same path with a slash, when that path
    exists, or to the path without its slash when that one exists. It must
    run before LocaleAppMiddleware on the way in, so that on the way out it
    sees the URLconf that the prefix selected.
    """

    # Host headers already checked against ALLOWED_HOSTS: valid ones only,
    # at most MAX_CHECKED_HOSTS of them, since the header is the client's.
    MAX_CHECKED_HOSTS = 64

    def __init__(self, get_response: GetResponse) -> None:
        super().__init__(get_response)
        self.checked_hosts: set[str] = set()

    def check_host(self, request: HttpRequest) -> None:
        """Raise DisallowedHost (a 400) unless ALLOWED_HOSTS lists the host.

        Django's check parses and matches the host on every call, so a host
        that passed once is remembered. The memo is skipped when the host
        may come from X-Forwarded-Host, which it does not key on.
        """
        host = request.META.get("HTTP_HOST", "")
        if host in self.checked_hosts and not settings.USE_X_FORWARDED_HOST:
            return
        request.get_host()
        if host and len(self.checked_hosts) < self.MAX_CHECKED_HOSTS:
            self.checked_hosts.add(host)

    async def __call__(self, request: HttpRequest) -> HttpResponse:
        self.check_host(request)
        response = await self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            return self.fix_slash(request) or response
        return response

    @staticmethod
    def fix_slash(request: HttpRequest) -> HttpResponse | None:
        """Return a 301 that adds or removes the trailing slash, or None.

        Only a path that no route matches is redirected, and only when the
        other spelling matches one, so a 404 from a view stays a 404 and
        the two redirects never send a client back and forth. Most routes
        end with a slash, but downloads and health checks end without one.
        """
        path = request.path_info
        urlconf = getattr(request, "urlconf", None)
        if is_valid_path(path, urlconf):
            return None
        if not path.endswith("/"):
            if is_valid_path(path + "/", urlconf):
                return HttpResponsePermanentRedirect(
                    request.get_full_path(force_append_slash=True)
                )
            return None
        if len(path) > 1 and is_valid_path(path[:-1], urlconf):
            location = escape_uri_path(request.path[:-1])
            query = request.META.get("QUERY_STRING", "")
            if query:
                location += "?" + iri_to_uri(query)
            return HttpResponsePermanentRedirect(location)
        return None


class ApiCorsMiddleware(AsyncMiddleware):
    """Let pages on any origin call the API, as AMO's public API allows.

    Under /api/ a CORS preflight (OPTIONS with Access-Control-Request-Method)
    is answered here with 200 and the methods and headers a client may
    send; every other response gets `Access-Control-Allow-Origin: *`. No
    credentials are allowed across origins: the API authenticates with an
    Authorization header, which a preflight permits.
    """

    ALLOW_METHODS = "DELETE, GET, OPTIONS, PATCH, POST, PUT"
    ALLOW_HEADERS = (
        "accept, authorization, content-type, user-agent, x-country-code, "
        "x-csrftoken, x-requested-with"
    )
    # Seconds a browser may reuse a preflight's answer.
    MAX_AGE = 86400

    async def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            return await self.get_response(request)
        if (
            request.method == "OPTIONS"
            and "Access-Control-Request-Method" in request.headers
        ):
            # The body is an empty JSON object, since every response under
            # /api/ is JSON.
            response = HttpResponse(b"{}", content_type="application/json")
            response["Access-Control-Allow-Methods"] = self.ALLOW_METHODS
            response["Access-Control-Allow-Headers"] = self.ALLOW_HEADERS
            response["Access-Control-Max-Age"] = str(self.MAX_AGE)
        else:
            response = await self.get_response(request)
        response["Access-Control-Allow-Origin"] = "*"
        return response


def _redirect(location: str, *, vary: bool) -> HttpResponse:
    response = HttpResponsePermanentRedirect(location)
    if vary:
        patch_vary_headers(response, ("Accept-Language",))
    response["Cache-Control"] = "max-age=3600" if not vary else "private, max-age=0"
    return response


def _lacks_slash(path: str) -> bool:
    """Return whether only `path` with a trailing slash is a site page."""
    if path.endswith("/") or is_valid_path(path, urls.SITE_URLCONF):
        return False
    return bool(is_valid_path(path + "/", urls.SITE_URLCONF))


class LocaleAppMiddleware(AsyncMiddleware):
    """Take the locale and application from the /<locale>/<app>/ prefix.

    A prefixed request gets `request.LANG` and `request.APP`, its locale is
    activated, and its path is resolved against the site's URLconf without
    the prefix. `/` and paths without a prefix redirect with 301, by
    Accept-Language; `?lang=` redirects to the prefixed URL of that locale.
    Codes match case-insensitively and redirect to their canonical form.
    Old addons.mozilla.org URLs, with a prefix or without, go to the routes
    of amo.legacy, which redirect them in one hop.
    """

    async def __call__(self, request: HttpRequest) -> HttpResponse:
        segments = request.path_info.split("/")
        first = segments[1] if len(segments) > 1 else ""
        if first in UNPREFIXED_ROOTS or (
            first in APPS and len(segments) > 2 and segments[2] == "downloads"
        ):
            return await self.get_response(request)

        if first == "downloads":
            # Downloads live under an application, as on AMO: Firefox's.
            return _redirect(f"/firefox{request.get_full_path()}", vary=False)

        requested_lang = request.GET.get("lang", "")
        locale = i18n.match_locale(first) if first else None
        if locale:
            rest = segments[2:]
            app_segment = rest[0] if rest else ""
            if app_segment.lower() in APPS:
                app = app_segment.lower()
                rest = rest[1:]
            else:
                app = None
        else:
            app = first.lower() if first.lower() in APPS else None
            rest = segments[2:] if app else segments[1:]

        lang_override = i18n.match_locale(requested_lang) if requested_lang else None
        if lang_override:
            locale = lang_override

        tail = "/".join(rest)
        if legacy.is_candidate(tail) and legacy.resolves("/" + tail):
            return await self.serve_legacy(request, locale, app, tail)

        canonical = f"/{locale}/{app}/{tail}" if locale and app else None
        if locale and canonical == request.path_info and not requested_lang:
            request.LANG = locale  # type: ignore[attr-defined]
            request.APP = app  # type: ignore[attr-defined]
            request.path_info = "/" + tail
            request.urlconf = urls.SITE_URLCONF
            with translation.override(locale):
                response = await self.get_response(request)
            response.headers.setdefault("Content-Language", locale)
            return response

        negotiated = not locale
        if negotiated:
            locale = i18n.locale_from_accept_language(
                request.headers.get("Accept-Language", "")
            )
        if _lacks_slash("/" + tail):
            # The slash that CommonMiddleware would add in a second hop.
            tail += "/"
        location = f"/{locale}/{app or 'firefox'}/{tail}"
        query = request.GET.copy()
        query.pop("lang", None)
        if query:
            location += "?" + query.urlencode()
        return _redirect(location, vary=negotiated)

    async def serve_legacy(
        self, request: HttpRequest, locale: str | None, app: str | None, tail: str
    ) -> HttpResponse:
        """Serve an old URL of addons.mozilla.org (see amo.legacy).

        Its views redirect to the final URL, prefix included, so the locale
        and application are chosen here as for any other path: from the
        prefix or `?lang=`, else from Accept-Language, and Firefox when
        the path names no application.
        """
        negotiated = not locale
        if not locale:
            locale = i18n.locale_from_accept_language(
                request.headers.get("Accept-Language", "")
            )
        request.LANG = locale  # type: ignore[attr-defined]
        request.APP = app or "firefox"  # type: ignore[attr-defined]
        request.path_info = "/" + tail
        request.urlconf = legacy.URLCONF
        with translation.override(locale):
            response = await self.get_response(request)
        response.headers.setdefault("Content-Language", locale)
        if negotiated:
            # The response depends on Accept-Language, so shared caches
            # must not keep it.
            patch_vary_headers(response, ("Accept-Language",))
            patch_cache_control(response, private=True)
        return response


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's session middleware with its save awaited on the event loop."""

    sync_capable = False
    async_capable = True

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        self.process_request(request)
        response = await cast(GetResponse, self.get_response)(request)
        return await self.aprocess_response(request, response)

    async def aprocess_response(
        self, request: HttpRequest, response: HttpResponse
    ) -> HttpResponse:
        # The same steps as SessionMiddleware.process_response, with asave().
        try:
            accessed = request.session.accessed
            modified = request.session.modified
            empty = request.session.is_empty()
        except AttributeError:
            return response
        if settings.SESSION_COOKIE_NAME in request.COOKIES and empty:
            response.delete_cookie(
                settings.SESSION_COOKIE_NAME,
                path=settings.SESSION_COOKIE_PATH,
                domain=settings.SESSION_COOKIE_DOMAIN,
                samesite=settings.SESSION_COOKIE_SAMESITE,
            )
            patch_vary_headers(response, ("Cookie",))
            return response
        if accessed:
            patch_vary_headers(response, ("Cookie",))
        if (modified or settings.SESSION_SAVE_EVERY_REQUEST) and not empty:
            if request.session.get_expire_at_browser_close():
                max_age = None
                expires = None
            else:
                max_age = request.session.get_expiry_age()
                expires = http_date(time.time() + max_age)
            if response.status_code < 500:
                try:
                    await request.session.asave()
                except UpdateError:
                    raise SessionInterrupted(
                        "The request's session was deleted before the request "
                        "completed. The user may have logged out in a "
                        "concurrent request, for example."
                    ) from None
                response.set_cookie(
                    settings.SESSION_COOKIE_NAME,
                    request.session.session_key or "",
                    max_age=max_age,
                    expires=expires,
                    domain=settings.SESSION_COOKIE_DOMAIN,
                    path=settings.SESSION_COOKIE_PATH,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=settings.SESSION_COOKIE_HTTPONLY,
                    samesite=settings.SESSION_COOKIE_SAMESITE,
                )
                patch_vary_headers(response, ("Cookie",))
        return response


class CsrfViewMiddleware(DjangoCsrfViewMiddleware):
    """Django's CSRF protection with its hooks run inline; they do no I/O."""

    sync_capable = False
    async_capable = True

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        self.process_request(request)
        response = await cast(GetResponse, self.get_response)(request)
        return cast(HttpResponse, self.process_response(request, response))

    async def process_view(  # type: ignore[override]
        self,
        request: HttpRequest,
        callback: Any,
        callback_args: Any,
        callback_kwargs: Any,
    ) -> HttpResponse | None:
        return super().process_view(request, callback, callback_args, callback_kwargs)


class AuthenticationMiddleware(DjangoAuthMiddleware):
    """Django's auth middleware, with a signed-in user loaded up front.

    A request with a session cookie gets its user awaited here, so the
    site header (rendered in a pool thread) and sync code such as the admin
    read `request.user` without a synchronous query. A request without one
    keeps the lazy lookups, which resolve to AnonymousUser with no I/O.
    """

    sync_capable = False
    async_capable = True

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        self.process_request(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            request.user = await request.auser()
        return await cast(GetResponse, self.get_response)(request)


class MessageMiddleware(DjangoMessageMiddleware):
    """Django's messages, inline: the session and cookie storages do no I/O.

    The storage is built when a view or template first reads or adds a
    message, so a request that does neither does not pay for it (a cookie
    signer and two storages).
    """

    sync_capable = False
    async_capable = True

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        storage = SimpleLazyObject(lambda: default_storage(request))
        request._messages = storage  # type: ignore[attr-defined]
        response = await cast(GetResponse, self.get_response)(request)
        if storage._wrapped is empty:
            return response
        return self.process_response(request, response)


SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class ReplicaPinningMiddleware(AsyncMiddleware):
    """Read from the primary after a write, for REPLICA_PIN_SECONDS.

    A request that writes (any method but GET, HEAD, OPTIONS and TRACE) is
    pinned, and sets a cookie holding the time the pin ends, so the same
    client's next reads see its write even while replicas lag.
    """

    async def __call__(self, request: HttpRequest) -> HttpResponse:
        cookie = request.COOKIES.get(settings.REPLICA_PIN_COOKIE, "")
        writes = request.method not in SAFE_METHODS
        pinned = writes or (cookie.isdecimal() and int(cookie) > time.time())
        with use_primary() if pinned else contextlib.nullcontext():
            response = await self.get_response(request)
        if writes:
            until = int(time.time()) + settings.REPLICA_PIN_SECONDS
            response.set_cookie(
                settings.REPLICA_PIN_COOKIE,
                str(until),
                max_age=settings.REPLICA_PIN_SECONDS,
                secure=settings.SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
