"""Add-on objects: detail, search results, shelves and autocomplete."""

from typing import Any

from django.urls import NoReverseMatch

from amo.addons.icons import icon_url
from amo.addons.models import Addon
from amo.api.context import ApiContext
from amo.api.fields import (
    absolute,
    iso_datetime,
    link,
    media_url,
    site_url,
    translated,
    translated_link,
)
from amo.api.serializers.versions import (
    LICENSE_COMPACT,
    LICENSE_NONE,
    admin_url,
    serialize_version,
)
from amo.core.constants import (
    APPS,
    APPS_BY_ID,
    ICON_SIZES,
    PREVIEW_IMAGE_SIZE,
    PREVIEW_THUMBNAIL_SIZE,
    AddonStatus,
)
from amo.versions.models import Version

# The icon size of `icon_url`, as AMO sends it.
ICON_URL_SIZE = 64
RATING_SCORES = ("1", "2", "3", "4", "5")


def serialize_icons(addon: Addon) -> dict[str, str]:
    # sort_name is the default-locale name, so a letter icon shows the
    # same letter in every locale.
    return {
        str(size): absolute(icon_url(addon, size, addon.sort_name))
        for size in ICON_SIZES
    }


def serialize_authors(
    addon: Addon, context: ApiContext, *, with_picture: bool
) -> list[dict[str, Any]]:
    authors = []
    for addon_user in addon.addonusers.all():
        user = addon_user.user
        author: dict[str, Any] = {
            "id": user.pk,
            "name": user.name,
            "url": site_url("user-profile", user.pk, context=context),
            "username": user.username,
        }
        if with_picture:
            # amo stores no profile pictures.
            author["picture_url"] = None
        authors.append(author)
    return authors


def serialize_previews(addon: Addon, context: ApiContext) -> list[dict[str, Any]]:
    previews = []
    for preview in addon.previews.all():
        sizes = preview.sizes or {}
        image = preview.image.name or ""
        thumbnail = preview.thumbnail.name or image
        data: dict[str, Any] = {
            "id": preview.pk,
            "caption": translated(preview.caption, addon.default_locale, context),
            "image_size": list(sizes.get("image") or PREVIEW_IMAGE_SIZE),
            "image_url": media_url(image, preview.modified),
            "thumbnail_size": list(sizes.get("thumbnail") or PREVIEW_THUMBNAIL_SIZE),
            "thumbnail_url": media_url(thumbnail, preview.modified),
        }
        if not context.is_v4:
            data["position"] = preview.position
        previews.append(data)
    return previews


def serialize_categories(addon: Addon, context: ApiContext) -> Any:
    """Return category slugs: a flat list in v5, by application in v4."""
    by_app: dict[str, list[str]] = {}
    for category in addon.categories.all():
        app = APPS_BY_ID.get(category.application)
        if app is not None:
            by_app.setdefault(app.short, []).append(category.slug)
    if context.is_v4:
        return by_app
    return list(dict.fromkeys(slug for slugs in by_app.values() for slug in slugs))


def promoted_apps(addon: Addon) -> list[str]:
    """Return the applications a promotion shows on: those of the current
    version's compatibility, or every application when it has none.
    """
    version = addon.current_version if addon.current_version_id else None
    if version is not None:
        ids = {row.application for row in version.compatible_apps.all()}
        apps = [app.short for app in APPS.values() if app.id in ids]
        if apps:
            return apps
    return list(APPS)


def serialize_promoted(addon: Addon, context: ApiContext) -> Any:
    """Return the promotion: an array in v5, one object or None in v4."""
    if not addon.promoted:
        return None if context.is_v4 else []
    promotion = {"apps": promoted_apps(addon), "category": addon.promoted}
    return promotion if context.is_v4 else [promotion]


def serialize_ratings(
    addon: Addon,
    context: ApiContext,
    grouped_counts: dict[int, int] | None = None,
) -> dict[str, Any]:
    """Return the add-on's rating figures.

    With show_grouped_ratings, `grouped_counts` is the count of each
    score (amo.ratings.queries.aggregate). The caller reads it; without it
    every count is 0.
    """
    ratings: dict[str, Any] = {
        "average": float(addon.average_rating),
        "bayesian_average": float(addon.bayesian_rating),
        "count": addon.total_ratings,
        "text_count": addon.text_ratings_count,
    }
    if context.show_grouped_ratings:
        counts = grouped_counts or {}
        ratings["grouped_counts"] = {
            score: counts.get(int(score), 0) for score in RATING_SCORES
        }
    return ratings


# Names the reviews page's route may have; the first one that exists wins.
REVIEWS_ROUTES = ("addon-reviews", "ratings-list")


def ratings_url(addon: Addon, context: ApiContext) -> str:
    """Return the URL of the add-on's reviews page."""
    for name in REVIEWS_ROUTES:
        try:
            return site_url(name, addon.slug, context=context)
        except NoReverseMatch:
            continue
    return absolute(
        f"/{context.locale}/{context.app.short}/addon/{addon.slug}/reviews/"
    )


def serialize_addon(
    addon: Addon,
    context: ApiContext,
    *,
    search: bool = False,
    current_version: Version | None = None,
    grouped_counts: dict[int, int] | None = None,
) -> dict[str, Any]:
    """Return the add-on object of AMO's API.

    Search results (`search`) leave out the current version's licence and
    release notes and the authors' pictures, and carry `_score` in v5.
    `current_version` replaces the add-on's own, for language packs asked
    for one application version. `grouped_counts` is the count of each
    score, for show_grouped_ratings. The relations must be loaded
    (`amo.api.queries.load_relations`).
    """
    locale = addon.default_locale
    version = current_version
    if version is None and addon.current_version_id is not None:
        version = addon.current_version
    url = site_url("addon-detail", addon.slug, context=context)
    v4 = context.is_v4

    data: dict[str, Any] = {
        "id": addon.pk,
        "authors": serialize_authors(addon, context, with_picture=not search),
        "average_daily_users": addon.average_daily_users,
        "categories": serialize_categories(addon, context),
        "contributions_url": link(addon.contributions_url, context),
        "created": iso_datetime(addon.created),
        "current_version": (
            serialize_version(
                version,
                locale,
                context,
                license=LICENSE_NONE if search else LICENSE_COMPACT,
                release_notes=not search,
            )
            if version is not None
            else None
        ),
        "default_locale": locale,
        "description": translated(addon.description, locale, context),
        "developer_comments": translated(addon.developer_comments, locale, context),
        "edit_url": admin_url("addons_addon", addon.pk),
        "guid": addon.guid,
        "has_eula": bool(addon.eula),
        "has_privacy_policy": bool(addon.privacy_policy),
        "homepage": translated_link(addon.homepage, locale, context),
        "icon_url": absolute(icon_url(addon, ICON_URL_SIZE, addon.sort_name)),
        "icons": serialize_icons(addon),
        "is_disabled": addon.status == AddonStatus.DISABLED or addon.disabled_by_user,
        "is_experimental": addon.is_experimental,
        "last_updated": iso_datetime(addon.last_updated),
        "name": translated(addon.name, locale, context),
        "previews": serialize_previews(addon, context),
        "promoted": serialize_promoted(addon, context),
        "ratings": serialize_ratings(addon, context, grouped_counts),
        "ratings_url": ratings_url(addon, context),
        "requires_payment": addon.requires_payment,
        "review_url": admin_url("addons_addon", addon.pk),
        "slug": addon.slug,
        "status": addon.status_api_name,
        "summary": translated(addon.summary, locale, context),
        "support_email": translated(addon.support_email, locale, context),
        "support_url": translated_link(addon.support_url, locale, context),
        "tags": [tag.tag_text for tag in addon.tags.all()],
        "type": addon.type_api_name,
        "url": url,
        "weekly_downloads": addon.weekly_downloads,
    }
    if not v4:
        # amo has no rule that hides an add-on from search engines; search
        # results send null, as AMO's do.
        data["is_noindexed"] = None if search else False
        # Only authors and reviewers see unlisted versions, and the API has
        # no authentication yet.
        data["latest_unlisted_version"] = None
        data["versions_url"] = site_url("addon-versions", addon.slug, context=context)
    return data


def serialize_search_result(
    addon: Addon, context: ApiContext, score: float
) -> dict[str, Any]:
    data = serialize_addon(addon, context, search=True)
    if not context.is_v4:
        data["_score"] = score
    return data


def serialize_autocomplete(addon: Addon, context: ApiContext) -> dict[str, Any]:
    return {
        "id": addon.pk,
        "icon_url": absolute(icon_url(addon, ICON_URL_SIZE, addon.sort_name)),
        "icons": serialize_icons(addon),
        "name": translated(addon.name, addon.default_locale, context),
        "promoted": serialize_promoted(addon, context),
        "type": addon.type_api_name,
        "url": site_url("addon-detail", addon.slug, context=context),
    }
