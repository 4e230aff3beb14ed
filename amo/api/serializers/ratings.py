"""Rating objects of AMO's API: ratings, developer replies and their flags."""

from typing import Any

from amo.addons.icons import icon_url
from amo.addons.models import Addon
from amo.api.context import ApiContext
from amo.api.fields import absolute, iso_datetime, site_url, translated
from amo.api.serializers.addons import ICON_URL_SIZE
from amo.ratings.queries import FlagView, RatingView


def serialize_rating_addon(addon: Addon, context: ApiContext) -> dict[str, Any]:
    """Return the short add-on object of a rating: id, name, icon_url, slug."""
    return {
        "id": addon.pk,
        "name": translated(addon.name, addon.default_locale, context),
        "icon_url": absolute(icon_url(addon, ICON_URL_SIZE, addon.sort_name)),
        "slug": addon.slug,
    }


def serialize_user(view: RatingView, context: ApiContext) -> dict[str, Any]:
    return {
        "id": view.user_id,
        "name": view.user_name,
        "url": site_url("user-profile", view.user_id, context=context),
        "username": view.user_username,
    }


def serialize_flags(flags: list[FlagView]) -> list[dict[str, Any]]:
    return [{"flag": flag.flag, "note": flag.note or None} for flag in flags]


def serialize_rating(
    view: RatingView,
    addon: Addon,
    context: ApiContext,
    *,
    flags: dict[int, list[FlagView]] | None = None,
) -> dict[str, Any]:
    """Return the rating object of `view`, or the reply object of a reply.

    Replies leave out `score`, `reply` and `version`. `flags`, the flags
    of one user by rating id, adds `flags` to each object (with
    `show_flags_for`).
    """
    data: dict[str, Any] = {
        "id": view.id,
        "addon": serialize_rating_addon(addon, context),
        # A rating without a review has no text: null, as AMO sends it.
        "body": view.body or None,
        "created": iso_datetime(view.created),
        "is_deleted": view.deleted,
        "is_developer_reply": view.is_reply,
        "is_latest": view.is_latest,
        "previous_count": view.previous_count,
        "user": serialize_user(view, context),
    }
    if flags is not None:
        data["flags"] = serialize_flags(flags.get(view.id, []))
    if view.is_reply:
        return data
    data["score"] = view.score
    data["reply"] = (
        serialize_rating(view.reply, addon, context, flags=flags)
        if view.reply is not None
        else None
    )
    data["version"] = (
        {"id": view.version_id, "version": view.version}
        if view.version_id is not None
        else None
    )
    return data
