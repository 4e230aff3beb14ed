"""The accounts endpoints of v5: a user's public profile and one's own.

`GET /accounts/profile/` returns the caller's own account; scripts call it
to check that an API key works. `GET /accounts/account/<id or username>/`
is public for add-on developers (users listed as authors of at least one
public add-on) and always visible to the account's owner, who also gets
the private fields.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import Router

from amo.addons.models import Addon
from amo.api import schemas
from amo.api.auth import ApiAuth, authenticate_request
from amo.api.fields import absolute, site_url
from amo.api.params import make_context
from amo.api.responses import NotFound, json_response
from amo.core import db
from amo.core.constants import AddonStatus, AddonType
from amo.core.db import use_primary
from amo.users.models import User
from amo.users.permissions import ADMINS, REVIEWERS
from amo.users.pictures import picture_url

router = Router(tags=["accounts"])

AUTH = ApiAuth()
# The size of the picture that `picture_url` points to, in pixels.
PICTURE_SIZE = 200
# A deleted account's username starts with this, as the anonymiser writes it.
ANONYMOUS_PREFIX = "anonymous-"
# The permissions of each group, in AMO's `App:Action` notation.
GROUP_PERMISSIONS = {REVIEWERS: ["Addons:Review"], ADMINS: ["*:*"]}
# Ids are signed 64-bit integers; a larger number names no user.
MAX_ID = 2**63 - 1
ERRORS = {401: schemas.AuthDetail, 404: schemas.Detail}


async def developer_stats(user_id: int) -> dict[str, Any]:
    """Count the public add-ons the user is listed on, with their rating."""
    listed = Addon.objects.filter(
        status=AddonStatus.PUBLIC,
        disabled_by_user=False,
        addonusers__user_id=user_id,
        addonusers__listed=True,
    ).only("pk", "type", "average_rating")
    addons = await db.fetch(listed)
    count = len(addons)
    rated = [addon.average_rating for addon in addons if addon.average_rating]
    return {
        "num_addons_listed": count,
        "average_addon_rating": round(sum(rated) / len(rated), 2) if rated else 0,
        "is_addon_developer": count > 0,
        "is_artist": any(addon.type == AddonType.STATICTHEME for addon in addons),
    }


async def permissions_of(user: User) -> list[str]:
    if user.is_superuser:
        return ["*:*"]
    names = await db.fetch_values(user.groups.values_list("name", flat=True))
    found: list[str] = []
    for name in names:
        found.extend(GROUP_PERMISSIONS.get(name, []))
    return sorted(set(found))


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat().replace("+00:00", "Z")


async def serialize_account(
    user: User, stats: dict[str, Any], *, own: bool, lang: str | None
) -> dict[str, Any]:
    context = make_context(5, lang=lang)
    has_picture = bool(getattr(user, "picture_hash", ""))
    data: dict[str, Any] = {
        "id": user.pk,
        "name": user.name,
        "username": user.username,
        "url": site_url("user-profile", user.pk, context=context),
        "average_addon_rating": stats["average_addon_rating"],
        "biography": user.biography or None,
        "created": _iso(user.created),
        "has_anonymous_display_name": not user.display_name,
        "has_anonymous_username": user.username.startswith(ANONYMOUS_PREFIX),
        "homepage": user.homepage or None,
        "is_addon_developer": stats["is_addon_developer"],
        "is_artist": stats["is_artist"],
        "location": "",
        "num_addons_listed": stats["num_addons_listed"],
        "occupation": "",
        "picture_type": "image/png" if has_picture else None,
        "picture_url": (
            absolute(picture_url(user, PICTURE_SIZE)) if has_picture else None
        ),
    }
    if own:
        data.update(
            {
                "deleted": user.deleted,
                "display_name": user.display_name or None,
                "email": user.email,
                "fxa_edit_email_url": None,
                "last_login": _iso(user.last_login),
                "last_login_ip": None,
                "permissions": await permissions_of(user),
                "read_dev_agreement": _iso(user.read_dev_agreement),
                "site_status": {
                    "read_only": settings.READ_ONLY,
                    "notice": settings.SITE_NOTICE or None,
                },
            }
        )
    return data


@router.get(
    "/accounts/profile/",
    auth=AUTH,
    response={200: dict[str, Any], **ERRORS},
    summary="Your own account",
    description="The caller's account with its private fields. Scripts "
    "call it to check that an API key works.",
)
async def profile(request: HttpRequest, lang: str | None = None) -> HttpResponse:
    user: User = request.auth  # type: ignore[attr-defined]
    stats = await developer_stats(user.pk)
    data = await serialize_account(user, stats, own=True, lang=lang)
    return json_response(data, headers={"Cache-Control": "private, no-store"})


async def find_account(key: str) -> User | None:
    with use_primary():
        if key.isascii() and key.isdigit() and len(key) <= 19 and int(key) <= MAX_ID:
            user = await db.fetch_one(User.objects.filter(pk=int(key)))
            if user is not None:
                return user
        return await db.fetch_one(User.objects.filter(username=key))


@router.get(
    "/accounts/account/{key}/",
    response={200: dict[str, Any], **ERRORS},
    summary="An account",
    description="Public for users listed as authors of a public add-on; "
    "the owner always sees it, with the private fields.",
)
async def account(
    request: HttpRequest, key: str, lang: str | None = None
) -> HttpResponse:
    caller = await authenticate_request(request)
    user = await find_account(key)
    own = user is not None and caller is not None and caller.pk == user.pk
    if user is None or (not own and (user.deleted or not user.is_active)):
        raise NotFound()
    stats = await developer_stats(user.pk)
    if not own and not stats["is_addon_developer"]:
        raise NotFound()
    data = await serialize_account(user, stats, own=own, lang=lang)
    headers = {"Cache-Control": "private, no-store"} if caller else None
    return json_response(data, headers=headers)
