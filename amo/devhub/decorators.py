"""Access rules of the developer hub's pages.

Every page needs a signed-in account, which `dev_view` checks, and is
never cached: responses carry Cache-Control: private, no-store, and the
page cache (amo.core.pagecache) skips requests with a session cookie.
Pages of one add-on also need the account to be one of its authors,
and some need the owner role (amo.users.permissions).
"""

import functools
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

import structlog
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext_lazy as _

from amo.addons.models import Addon
from amo.core.constants import AuthorRole
from amo.core.templates import render
from amo.devhub import queries
from amo.users.models import User
from amo.users.permissions import aauthor_role

log = structlog.get_logger(__name__)

View = Callable[..., Coroutine[Any, Any, HttpResponse]]

ADDON_NOT_FOUND = _("This add-on does not exist, or it was deleted.")
NOT_AN_AUTHOR = _("Only the authors of this add-on can open this page.")
OWNERS_ONLY = _("Only the owners of this add-on can do this.")


@dataclass(frozen=True)
class AddonAccess:
    """The add-on of a page, and the signed-in author and their role."""

    addon: Addon
    user: User
    role: AuthorRole
    # Whether the add-on has a listed version that is not deleted.
    has_listed: bool

    @property
    def is_owner(self) -> bool:
        return self.role == AuthorRole.OWNER


def no_store(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    patch_vary_headers(response, ("Cookie",))
    return response


async def signed_in_user(request: HttpRequest) -> User | None:
    """Return the request's user when signed in to an active account."""
    user = await request.auser()
    if not user.is_authenticated or not user.is_active:
        return None
    assert isinstance(user, User)
    return None if user.deleted else user


async def error_page(
    request: HttpRequest, status: int, reason: Any, *, as_json: bool = False
) -> HttpResponse:
    if as_json:
        return JsonResponse({"detail": str(reason)}, status=status)
    template = "errors/404.html" if status == 404 else "devhub/forbidden.html"
    return await render(request, template, {"reason": reason}, status=status)


def dev_view(view: View | None = None, *, as_json: bool = False) -> Any:
    """Require a signed-in account; pass it to `view` after the request.

    Anonymous requests go to settings.LOGIN_URL with `next`, or get a JSON
    401 when `as_json`.
    """

    def decorate(view: View) -> View:
        @functools.wraps(view)
        async def wrapper(
            request: HttpRequest, *args: Any, **kwargs: Any
        ) -> HttpResponse:
            user = await signed_in_user(request)
            if user is None:
                if as_json:
                    response: HttpResponse = JsonResponse(
                        {"detail": str(_("Sign in to continue."))}, status=401
                    )
                else:
                    response = redirect_to_login(
                        request.get_full_path(), settings.LOGIN_URL
                    )
                return no_store(response)
            return no_store(await view(request, user, *args, **kwargs))

        return wrapper

    return decorate(view) if view is not None else decorate


def addon_view(
    view: View | None = None, *, owner_only: bool = False, as_json: bool = False
) -> Any:
    """Require an author of the add-on `slug`; pass `view` an AddonAccess.

    An unknown or deleted add-on is a 404; an account that is no author,
    or not an owner where `owner_only`, gets a 403.
    """

    def decorate(view: View) -> View:
        @dev_view(as_json=as_json)
        @functools.wraps(view)
        async def wrapper(
            request: HttpRequest, user: User, slug: str, *args: Any, **kwargs: Any
        ) -> HttpResponse:
            addon = await queries.get_dev_addon(slug)
            if addon is None:
                return await error_page(request, 404, ADDON_NOT_FOUND, as_json=as_json)
            role = await aauthor_role(user, addon.pk)
            if role is None or (owner_only and role != AuthorRole.OWNER):
                log.info(
                    "devhub access rejected",
                    addon_id=addon.pk,
                    user_id=user.pk,
                    role=role,
                    path=request.path[:200],
                )
                reason = NOT_AN_AUTHOR if role is None else OWNERS_ONLY
                return await error_page(request, 403, reason, as_json=as_json)
            access = AddonAccess(
                addon=addon,
                user=user,
                role=role,
                has_listed=await queries.has_listed_versions(addon.pk),
            )
            return await view(request, access, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate
