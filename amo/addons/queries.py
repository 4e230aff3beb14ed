"""Async reads of add-ons for the pages."""

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Q, QuerySet

from amo.addons.models import Addon, AddonUser, Category, Preview, Tag
from amo.core import db
from amo.core.cache import objects
from amo.core.constants import AddonType, PromotedCategory
from amo.versions.models import ApplicationsVersions

# Browse sorts: URL value to ordering. Each has an index (Addon.Meta) on
# type, status, disabled_by_user and the sort column. InnoDB appends the
# primary key to a secondary index in ascending order. Ties therefore break
# on ascending id, which makes the index order the page order, so MariaDB
# reads one page of the index and sorts nothing.
LISTING_SORTS = {
    "users": ("-average_daily_users", "id"),
    "rating": ("-bayesian_rating", "id"),
    "created": ("-created", "id"),
    "updated": ("-last_updated", "id"),
    "name": ("sort_name", "id"),
    "downloads": ("-weekly_downloads", "id"),
}
DEFAULT_SORT = "users"

EXTENSION_TYPES = (AddonType.EXTENSION,)
THEME_TYPES = (AddonType.STATICTHEME, AddonType.PERSONA, AddonType.THEME)

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


def stored_previews() -> QuerySet[Preview]:
    """Previews whose image is stored on this site, in display order."""
    return Preview.objects.exclude(image="").order_by("addon", "position", "id")


def _compatibility_rows() -> QuerySet[ApplicationsVersions]:
    return ApplicationsVersions.objects.order_by("application")


# An add-on as its own pages show it: every field, the current version
# with its licence, file and compatibility, and the stored previews.
ADDON_KIND = objects.ObjectKind(
    "addon",
    Addon,
    select_related=("current_version__license", "current_version__file"),
    prefetch=(
        ("previews", stored_previews),
        ("current_version__compatible_apps", _compatibility_rows),
    ),
    lookups=("slug",),
    shape_note="stored previews; compatibility by application",
)
# An add-on as listing cards show it: without the long text, with the
# stored previews that theme cards show in place of an icon.
ADDON_CARD_KIND = objects.ObjectKind(
    "addon-card",
    Addon,
    defer=LISTING_DEFERRED,
    prefetch=(("previews", stored_previews),),
    shape_note="stored previews",
)
CATEGORY_KIND = objects.ObjectKind("category", Category)

SHELF_SIZE = 4
MORE_BY_AUTHORS = 6


@dataclass(frozen=True)
class ListingFilter:
    """The add-ons a listing shows: types (empty for all) and filters."""

    types: tuple[int, ...] = ()
    category_id: int | None = None
    tag_id: int | None = None
    author_id: int | None = None
    promoted: str = ""


@dataclass
class AddonDetails:
    """The rows a detail page shows next to the add-on itself."""

    authors: list[AddonUser] = field(default_factory=list)
    previews: list[Preview] = field(default_factory=list)
    categories: list[Category] = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)
    compatibility: list[ApplicationsVersions] = field(default_factory=list)
    more_by_authors: list[Addon] = field(default_factory=list)


def listed_addons(types: Sequence[int] = ()) -> QuerySet[Addon]:
    """Listed add-ons of `types` (all types when empty), without long text."""
    queryset = Addon.objects.listed().defer(*LISTING_DEFERRED)
    if types:
        queryset = queryset.filter(type__in=list(types))
    return queryset


def listing_queryset(listing: ListingFilter) -> QuerySet[Addon]:
    queryset = listed_addons(listing.types)
    if listing.category_id is not None:
        queryset = queryset.filter(categories=listing.category_id)
    if listing.tag_id is not None:
        queryset = queryset.filter(tags=listing.tag_id)
    if listing.author_id is not None:
        queryset = queryset.filter(
            addonusers__user=listing.author_id, addonusers__listed=True
        )
    if listing.promoted:
        queryset = queryset.filter(promoted=listing.promoted)
    return queryset


async def get_listing(
    listing: ListingFilter,
    *,
    sort: str = DEFAULT_SORT,
    offset: int = 0,
    limit: int = 20,
) -> list[Addon]:
    """Return one page of the listed add-ons that `listing` selects."""
    ordering = LISTING_SORTS[sort]
    queryset = listing_queryset(listing)
    if _merges_types(listing, queryset):
        return await _get_merged_listing(listing, ordering, offset, limit)
    return await db.fetch(queryset.order_by(*ordering)[offset : offset + limit])


def _merges_types(listing: ListingFilter, queryset: QuerySet[Addon]) -> bool:
    """Return whether a page of `listing` is read type by type and merged.

    `type IN (...)` over several types cannot read in index order, so
    MariaDB would sort every listed add-on of those types for each page.
    Listings narrowed by a category, tag, author or promotion are driven by
    that narrower index instead. SQLite allows no LIMIT inside a UNION, so
    there the whole listing is sorted; reading the flag opens no connection.
    """
    narrowed = (
        listing.category_id is not None
        or listing.tag_id is not None
        or listing.author_id is not None
        or listing.promoted
    )
    features = connections[queryset.db].features
    return (
        len(listing.types) > 1
        and not narrowed
        and features.supports_slicing_ordering_in_compound
    )


async def _get_merged_listing(
    listing: ListingFilter, ordering: Sequence[str], offset: int, limit: int
) -> list[Addon]:
    """Return a page of a multi-type listing in two index-served queries.

    The first query merges one window per type with UNION ALL and cuts the
    result to the page. Each window selects only the sort column and the
    id, so it reads the listing index alone: MariaDB 10.11 scans the whole
    table for such a window when it selects whole rows. The second query
    reads the page's rows by primary key.
    """
    columns = [field.lstrip("-") for field in ordering]
    window = offset + limit
    parts = [
        listing_queryset(ListingFilter((addon_type,)))
        .order_by(*ordering)
        .values_list(*columns)[:window]
        for addon_type in listing.types
    ]
    merged = parts[0].union(*parts[1:], all=True).order_by(*ordering)
    id_position = columns.index("id")
    page_ids = [
        row[id_position] for row in await db.fetch_values(merged[offset:window])
    ]
    if not page_ids:
        return []
    rows = await db.fetch(listing_queryset(listing).filter(pk__in=page_ids))
    by_id = {addon.pk: addon for addon in rows}
    return [by_id[pk] for pk in page_ids if pk in by_id]


async def get_listed_addons(ids: Sequence[int]) -> list[Addon]:
    """Return the listed add-ons of `ids`, in the order of `ids`.

    The rows are those a listing reads, without long text. An id whose
    add-on is no longer listed is skipped. An empty `ids` runs no query.
    """
    if not ids:
        return []
    rows = await db.fetch(listed_addons().filter(pk__in=list(ids)))
    by_id = {addon.pk: addon for addon in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


async def count_listing(listing: ListingFilter) -> int:
    return await db.count(listing_queryset(listing))


async def get_listing_page(
    listing: ListingFilter, *, sort: str, offset: int, limit: int
) -> tuple[list[Addon], int]:
    """Return one page of a listing and the listing's total count.

    Both queries run at once, on two connections of the pool.
    """
    addons, total = await asyncio.gather(
        get_listing(listing, sort=sort, offset=offset, limit=limit),
        count_listing(listing),
    )
    return addons, total


async def get_theme_previews(addons: Sequence[Addon]) -> dict[int, Preview]:
    """Return the first stored preview of each theme in `addons`, by add-on id.

    Theme cards show a preview image instead of an icon; add-ons of other
    types are skipped, so a listing without themes runs no query.
    """
    theme_ids = {addon.pk for addon in addons if addon.type in THEME_TYPES}
    if not theme_ids:
        return {}
    queryset = stored_previews().filter(addon__in=sorted(theme_ids))
    first: dict[int, Preview] = {}
    for preview in await db.fetch(queryset):
        first.setdefault(preview.addon_id, preview)
    return first


async def get_home_shelves() -> dict[str, list[Addon]]:
    """Return the add-ons of the home page's shelves, keyed by shelf."""
    extensions = ListingFilter(EXTENSION_TYPES)
    themes = ListingFilter(THEME_TYPES)
    recommended = PromotedCategory.RECOMMENDED.value
    shelves = {
        "recommended_extensions": get_listing(
            ListingFilter(EXTENSION_TYPES, promoted=recommended), limit=SHELF_SIZE
        ),
        "popular_extensions": get_listing(extensions, sort="users", limit=SHELF_SIZE),
        "top_rated_extensions": get_listing(
            extensions, sort="rating", limit=SHELF_SIZE
        ),
        "updated_extensions": get_listing(extensions, sort="updated", limit=SHELF_SIZE),
        "recommended_themes": get_listing(
            ListingFilter(THEME_TYPES, promoted=recommended), limit=SHELF_SIZE
        ),
        "popular_themes": get_listing(themes, sort="users", limit=SHELF_SIZE),
        "top_rated_themes": get_listing(themes, sort="rating", limit=SHELF_SIZE),
        "updated_themes": get_listing(themes, sort="updated", limit=SHELF_SIZE),
    }
    # The shelves are independent, so they run at once on separate
    # connections of the pool.
    results = await asyncio.gather(*shelves.values())
    return dict(zip(shelves, results, strict=True))


def _public_addon() -> QuerySet[Addon]:
    return Addon.objects.listed()


async def get_addon_by_slug(slug: str) -> Addon | None:
    """Return the listed add-on `slug`, with its current version and file."""
    queryset = _public_addon().select_related(
        "current_version__license", "current_version__file"
    )
    return await db.fetch_one(queryset.filter(slug=slug))


async def get_addon_slug_by_spelling(slug: str) -> str | None:
    """Return the slug of the listed add-on whose slug is `slug` in any case.

    Pages call this after an exact lookup missed. MariaDB serves it from
    the unique slug index, because its collation ignores case already.
    """
    # NOTE: SQLite's LIKE ignores ASCII case but cannot use the slug index,
    # so on SQLite this scans the add-ons table.
    rows = await db.fetch_values(
        _public_addon()
        .filter(slug__iexact=slug)
        .order_by("id")
        .values_list("slug", flat=True)[:1]
    )
    return rows[0] if rows else None


async def get_addon_slug_by_number(number: int) -> str | None:
    """Return the slug of the listed add-on that a numeric URL names.

    Old addons.mozilla.org links carry AMO's ids, which the importer keeps
    in `amo_id`, so the add-on whose amo_id is `number` claims the number
    before the add-on whose primary key is `number`. It claims it even when
    it is not listed: the link then names a hidden add-on, and another
    add-on's page would be wrong. Both lookups run at once, each on its
    own unique index.
    """
    fields = ("id", "slug", "status", "disabled_by_user")
    by_amo_id, by_pk = await asyncio.gather(
        db.fetch_one(Addon.objects.filter(amo_id=number).only(*fields)),
        db.fetch_one(Addon.objects.filter(pk=number).only(*fields)),
    )
    addon = by_amo_id or by_pk
    if addon is None or not addon.is_public:
        return None
    return addon.slug


async def get_addon_slug_by_guid(guid: str) -> str | None:
    # guid_key stores the guid in lower case, under a unique index.
    rows = await db.fetch_values(
        _public_addon().filter(guid_key=guid.lower()).values_list("slug", flat=True)
    )
    return rows[0] if rows else None


async def get_addon_details(addon: Addon, application: int) -> AddonDetails:
    """Return what the detail page of `addon` shows besides the add-on row.

    The queries are independent and run at once: six, or five for an
    add-on without a current version.
    """
    authors = (
        AddonUser.objects.filter(addon=addon, listed=True, user__deleted=False)
        .select_related("user")
        .order_by("position", "id")
    )
    previews = stored_previews().filter(addon=addon)
    categories = Category.objects.filter(
        addons=addon, application=application
    ).order_by("misc", "-weight", "slug")
    tags = Tag.objects.filter(addons=addon).order_by("tag_text")
    more_by_authors = (
        listed_addons()
        .filter(
            addonusers__listed=True,
            addonusers__user__in=AddonUser.objects.filter(
                addon=addon, listed=True
            ).values("user"),
        )
        .exclude(pk=addon.pk)
        .distinct()
        .order_by(*LISTING_SORTS["users"])[:MORE_BY_AUTHORS]
    )

    (
        author_rows,
        preview_rows,
        category_rows,
        tag_rows,
        more_rows,
        compatibility,
    ) = await asyncio.gather(
        db.fetch(authors),
        db.fetch(previews),
        db.fetch(categories),
        db.fetch(tags),
        db.fetch(more_by_authors),
        _get_compatibility(addon.current_version_id),
    )
    return AddonDetails(
        authors=author_rows,
        previews=preview_rows,
        categories=category_rows,
        tags=tag_rows,
        compatibility=compatibility,
        more_by_authors=more_rows,
    )


async def _get_compatibility(version_id: int | None) -> list[ApplicationsVersions]:
    """Return a version's compatibility rows; no query without a version."""
    if version_id is None:
        return []
    queryset = ApplicationsVersions.objects.filter(version=version_id).order_by(
        "application"
    )
    return await db.fetch(queryset)


async def get_categories(application: int, category_type: int) -> list[Category]:
    """Return the categories of a type for `application`, in menu order."""
    queryset = Category.objects.filter(
        application=application, type=category_type
    ).order_by("misc", "-weight", "slug")
    return await db.fetch(queryset)


async def get_tag(tag_text: str) -> Tag | None:
    """Return the tag `tag_text`, else one that differs by case or spaces.

    A caller compares the result's text with its own to redirect a
    variant. The fallback prefers the lower-case spelling that the importer
    stores, which also matches non-ASCII text that SQLite's LIKE would not.
    """
    tag = await db.fetch_one(Tag.objects.filter(tag_text=tag_text))
    if tag is not None:
        return tag
    key = tag_text.strip()
    if not key:
        return None
    # NOTE: as for slugs, SQLite scans the tags table for this lookup.
    variants = Q(tag_text=key.lower()) | Q(tag_text__iexact=key)
    candidates = await db.fetch(Tag.objects.filter(variants).order_by("id"))
    for candidate in candidates:
        if candidate.tag_text == key.lower():
            return candidate
    return candidates[0] if candidates else None
