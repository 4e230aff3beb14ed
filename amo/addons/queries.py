"""Async reads of add-ons for the pages."""

import asyncio
from collections.abc import Sequence

from django.db.models import QuerySet

from amo.addons.models import Addon
from amo.core import db
from amo.core.constants import AddonType, PromotedCategory

# Browse sorts: URL value to ordering. Each has an index (Addon.Meta).
LISTING_SORTS = {
    "users": ("-average_daily_users", "-id"),
    "rating": ("-bayesian_rating", "-average_daily_users", "-id"),
    "created": ("-created", "-id"),
    "updated": ("-last_updated", "-id"),
    "name": ("sort_name", "id"),
    "downloads": ("-weekly_downloads", "-id"),
}
DEFAULT_SORT = "users"

# Long text that listings never show, left out of their rows.
LISTING_DEFERRED = (
    "description",
    "developer_comments",
    "eula",
    "privacy_policy",
    "support_email",
    "support_url",
    "homepage",
)


def listed_addons(types: Sequence[int]) -> QuerySet[Addon]:
    return Addon.objects.listed().filter(type__in=list(types)).defer(*LISTING_DEFERRED)


async def get_listing(
    types: Sequence[int],
    *,
    sort: str = DEFAULT_SORT,
    category_id: int | None = None,
    tag_id: int | None = None,
    promoted: str | None = None,
    offset: int = 0,
    limit: int = 20,
) -> list[Addon]:
    """Return one page of listed add-ons of `types`, in `sort` order."""
    queryset = listed_addons(types)
    if category_id is not None:
        queryset = queryset.filter(categories=category_id)
    if tag_id is not None:
        queryset = queryset.filter(tags=tag_id)
    if promoted:
        queryset = queryset.filter(promoted=promoted)
    ordering = LISTING_SORTS.get(sort, LISTING_SORTS[DEFAULT_SORT])
    return await db.fetch(queryset.order_by(*ordering)[offset : offset + limit])


async def get_home_shelves() -> dict[str, list[Addon]]:
    """Return the add-ons of the home page's shelves, keyed by shelf."""
    extensions = (AddonType.EXTENSION,)
    themes = (AddonType.STATICTHEME, AddonType.PERSONA, AddonType.THEME)
    shelves = {
        "recommended": get_listing(
            extensions, promoted=PromotedCategory.RECOMMENDED, limit=4
        ),
        "popular_extensions": get_listing(extensions, sort="users", limit=4),
        "top_rated_extensions": get_listing(extensions, sort="rating", limit=4),
        "updated_extensions": get_listing(extensions, sort="updated", limit=4),
        "popular_themes": get_listing(themes, sort="users", limit=4),
        "top_rated_themes": get_listing(themes, sort="rating", limit=4),
    }
    # The shelves are independent, so they run at once on separate
    # connections of the pool.
    results = await asyncio.gather(*shelves.values())
    return dict(zip(shelves, results, strict=True))
