"""Helpers of the account views: sign-in checks, redirects, passwords."""

import asyncio
import functools
from collections.abc import Callable, Coroutine
from typing import Any

from django.contrib.auth import hashers
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from amo.core import urls
from amo.users.actions import LinkContext
from amo.users.models import User

REDIRECT_FIELD = "next"

View = Callable[..., Coroutine[Any, Any, HttpResponse]]


def site_path(request: HttpRequest, name: str, *args: Any, **query: Any) -> str:
    """Return the path of page `name` in the request's locale and app."""
    return urls.site_path(
        name,
        *args,
        locale=request.LANG,  # type: ignore[attr-defined]
        app=request.APP,  # type: ignore[attr-defined]
        query=query or None,
    )


def links(request: HttpRequest) -> LinkContext:
    """Return the locale and app that links mailed from this request open."""
    return LinkContext(request.LANG, request.APP)  # type: ignore[attr-defined]


def client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


def safe_next(request: HttpRequest, default: str | None = None) -> str:
    """Return the local path in ?next= (or the form's), else `default`."""
    target = request.POST.get(REDIRECT_FIELD) or request.GET.get(REDIRECT_FIELD, "")
    if (
        target.startswith("/")
        and not target.startswith("//")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=False
        )
    ):
        return target
    return default if default is not None else site_path(request, "home")


def account_page(view: View) -> View:
    """Make `view` an account page: GET, HEAD and POST, never cached."""
    return never_cache(require_http_methods(["GET", "HEAD", "POST"])(view))


def login_required(view: View) -> View:
    """Redirect anonymous visitors to the log-in page, then back here.

    The view gets the signed-in user as its second argument.
    """

    @functools.wraps(view)
    async def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = await request.auser()
        if not user.is_authenticated:
            return HttpResponseRedirect(
                site_path(request, "users-login", next=request.get_full_path())
            )
        return await view(request, user, *args, **kwargs)

    return wrapper


async def verify_password(user: User | None, password: str) -> tuple[bool, bool]:
    """Check `password` against `user`'s hash in a thread.

    Returns (correct, must_update); must_update is True when the hash uses
    an older hasher or parameters. Without a user or a usable password a
    hash is still computed, so the time taken does not reveal which
    addresses have accounts.
    """
    encoded = user.password if user is not None else None
    if not encoded or not hashers.is_password_usable(encoded):
        await asyncio.to_thread(hashers.make_password, password)
        return False, False
    return await asyncio.to_thread(hashers.verify_password, password, encoded)
