"""Async reads of add-ons for the pages."""

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import Q, QuerySet

from amo.addons.models import Addon, AddonUser, Category, Preview, Tag
from amo.core import db
from amo.core.cache import objects, querycache
from amo.core.constants import AddonType, PromotedCategory
from amo.users.models import User
from amo.users.queries import USER_KIND
from amo.versions.models import ApplicationsVersions
from amo.versions.queries import compatibility_rows

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


def _is_theme(addon: Addon) -> bool:
    return addon.type in THEME_TYPES


# An add-on as its own pages show it: every field, the current version
# with its licence, file and compatibility, and the stored previews.
ADDON_KIND = objects.ObjectKind(
    "addon",
    Addon,
    select_related=("current_version__license", "current_version__file"),
    prefetch=(
        objects.Related("previews", stored_previews),
        objects.Related("current_version__compatible_apps", compatibility_rows),
    ),
    lookups=("slug",),
    shape_note="stored previews; compatibility by application",
)
# An add-on as listing cards show it: without the long text. Theme cards
# show a preview in place of the icon, so they come with their stored
# previews. Other cards come with none, which saves a query per listing.
ADDON_CARD_KIND = objects.ObjectKind(
    "addon-card",
    Addon,
    defer=LISTING_DEFERRED,
    prefetch=(objects.Related("previews", stored_previews, when=_is_theme),),
    shape_note="stored previews of themes",
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

    # The listed authors, in the order the add-on lists them.
    authors: list[User] = field(default_factory=list)
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


def listing_page_ids(
    listing: ListingFilter,
    *,
    sort: str = DEFAULT_SORT,
    offset: int = 0,
    limit: int = 20,
    with_cards: bool = True,
) -> querycache.CachedQuery:
    """Return the query of the ids of one page of `listing`, in order.

    With `with_cards`, a miss reads the page's cards whole and stores them
    in the object cache, in the one query the page needs anyway. Without
    it, a miss reads ids only, for callers that load the cards of several
    listings in one query.
    """
    ordering = LISTING_SORTS[sort]
    queryset = listing_queryset(listing)
    if _merges_types(listing, queryset):
        return _merged_page_ids(listing, ordering, offset, limit)
    page = queryset.order_by(*ordering)[offset : offset + limit]
    if with_cards:
        return querycache.ObjectIds(page, ADDON_CARD_KIND)
    return querycache.ids(page)


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


def _merged_page_ids(
    listing: ListingFilter, ordering: Sequence[str], offset: int, limit: int
) -> querycache.CachedQuery:
    """Return the query of a page of a multi-type listing, read by index.

    It merges one window per type with UNION ALL and cuts the result to
    the page. Each window selects only the sort column and the id, so it
    reads the listing index alone: MariaDB 10.11 scans the whole table for
    such a window when it selects whole rows.
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
    return querycache.Column(merged[offset:window], columns.index("id"))


async def get_listing_ids(
    listing: ListingFilter,
    *,
    sort: str = DEFAULT_SORT,
    offset: int = 0,
    limit: int = 20,
) -> list[int]:
    """Return the ids of one page of the listed add-ons `listing` selects."""
    query = listing_page_ids(listing, sort=sort, offset=offset, limit=limit)
    return (await querycache.afetch({"ids": query}))["ids"]


async def get_listing(
    listing: ListingFilter,
    *,
    sort: str = DEFAULT_SORT,
    offset: int = 0,
    limit: int = 20,
) -> list[Addon]:
    """Return one page of the listed add-ons that `listing` selects."""
    ids = await get_listing_ids(listing, sort=sort, offset=offset, limit=limit)
    return await get_listed_addons(ids)


async def get_listed_addons(ids: Sequence[int]) -> list[Addon]:
    """Return the listed add-ons of `ids` as listing cards, in that order.

    The cards come from the object cache, without long text and with their
    stored previews. An id whose add-on is no longer listed is skipped, and
    an empty `ids` makes no call at all.
    """
    if not ids:
        return []
    cards = await objects.aget_many(ADDON_CARD_KIND, ids)
    return [card for card in objects.in_order(cards, ids) if card.is_public]


async def get_listing_page(
    listing: ListingFilter, *, sort: str, offset: int, limit: int
) -> tuple[list[Addon], int]:
    """Return one page of a listing and the listing's total count.

    One cache call reads the page's ids and the count, and one more the
    cards. On a miss the two queries run at once, on two connections.
    """
    found = await querycache.afetch(
        {
            "ids": listing_page_ids(listing, sort=sort, offset=offset, limit=limit),
            "total": querycache.Count(listing_queryset(listing)),
        }
    )
    return await get_listed_addons(found["ids"]), found["total"]


def theme_previews(addons: Sequence[Addon]) -> dict[int, Preview]:
    """Return the first stored preview of each theme in `addons`, by add-on id.

    Theme cards show a preview image instead of an icon. The previews come
    with the cards (`get_listed_addons`), so this runs no query.
    """
    first: dict[int, Preview] = {}
    for addon in addons:
        if addon.type not in THEME_TYPES:
            continue
        previews = list(addon.previews.all())
        if previews:
            first[addon.pk] = previews[0]
    return first


async def get_home_shelves() -> dict[str, list[Addon]]:
    """Return the add-ons of the home page's shelves, keyed by shelf.

    One cache call reads the ids of all eight shelves and one more their
    cards. On misses the shelves' queries run at once, then one query
    reads the cards of every shelf.
    """
    extensions = ListingFilter(EXTENSION_TYPES)
    themes = ListingFilter(THEME_TYPES)
    recommended = PromotedCategory.RECOMMENDED.value
    shelf_listings = {
        "recommended_extensions": (
            ListingFilter(EXTENSION_TYPES, promoted=recommended),
            DEFAULT_SORT,
        ),
        "popular_extensions": (extensions, "users"),
        "top_rated_extensions": (extensions, "rating"),
        "updated_extensions": (extensions, "updated"),
        "recommended_themes": (
            ListingFilter(THEME_TYPES, promoted=recommended),
            DEFAULT_SORT,
        ),
        "popular_themes": (themes, "users"),
        "top_rated_themes": (themes, "rating"),
        "updated_themes": (themes, "updated"),
    }
    shelves = {
        name: listing_page_ids(listing, sort=sort, limit=SHELF_SIZE, with_cards=False)
        for name, (listing, sort) in shelf_listings.items()
    }
    ids = await querycache.afetch(shelves)
    cards = await get_listed_addons(
        list(dict.fromkeys(pk for shelf in ids.values() for pk in shelf))
    )
    by_id = {card.pk: card for card in cards}
    return {
        name: [by_id[pk] for pk in shelf_ids if pk in by_id]
        for name, shelf_ids in ids.items()
    }


def _public_addon() -> QuerySet[Addon]:
    return Addon.objects.listed()


async def get_addon_by_slug(slug: str) -> Addon | None:
    """Return the listed add-on `slug`, with its current version and file.

    It comes from the object cache, in the shape of ADDON_KIND. On MariaDB
    the slug matches without regard to case or trailing spaces, so the
    add-on's own slug may differ from `slug`.
    """
    addon = await objects.aget_by(ADDON_KIND, "slug", slug)
    if addon is None or not addon.is_public:
        return None
    return addon


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

    `addon` comes from the object cache with its previews and its current
    version's compatibility. One cache call reads the ids of the authors,
    categories and other add-ons of the authors, and the tags; one more
    reads the users, categories and cards. On misses the queries run at
    once.
    """

    def authors() -> QuerySet[User]:
        return User.objects.filter(
            addonusers__addon=addon.pk, addonusers__listed=True, deleted=False
        ).order_by("addonusers__position", "addonusers__id")

    def categories() -> QuerySet[Category]:
        return Category.objects.filter(
            addons=addon.pk, application=application
        ).order_by("misc", "-weight", "slug")

    def tags() -> QuerySet[Tag]:
        return Tag.objects.filter(addons=addon.pk).order_by("tag_text")

    def more_by_authors() -> QuerySet[Addon]:
        return (
            listed_addons()
            .filter(
                addonusers__listed=True,
                addonusers__user__in=AddonUser.objects.filter(
                    addon=addon.pk, listed=True
                ).values("user"),
            )
            .exclude(pk=addon.pk)
            .distinct()
            .order_by(*LISTING_SORTS["users"])[:MORE_BY_AUTHORS]
        )

    # The querysets depend on the add-on and the application alone, so
    # their SQL is compiled once per process (querycache.CachedQuery).
    def memo(name: str) -> tuple[object, ...]:
        return ("addon details", name, addon.pk, application)

    found = await querycache.afetch(
        {
            "authors": querycache.ObjectIds(authors, USER_KIND, memo=memo("authors")),
            "categories": querycache.ObjectIds(
                categories, CATEGORY_KIND, memo=memo("categories")
            ),
            "tags": querycache.Rows(tags, memo=memo("tags")),
            "more": querycache.ObjectIds(
                more_by_authors, ADDON_CARD_KIND, memo=memo("more")
            ),
        }
    )
    rows = await objects.aget_objects(
        {
            USER_KIND: found["authors"],
            CATEGORY_KIND: found["categories"],
            ADDON_CARD_KIND: found["more"],
        }
    )

    version = addon.current_version
    more = objects.in_order(rows[ADDON_CARD_KIND], found["more"])
    return AddonDetails(
        authors=objects.in_order(rows[USER_KIND], found["authors"]),
        previews=list(addon.previews.all()),
        categories=objects.in_order(rows[CATEGORY_KIND], found["categories"]),
        tags=found["tags"],
        compatibility=list(version.compatible_apps.all()) if version else [],
        more_by_authors=[card for card in more if card.is_public],
    )


async def get_categories(application: int, category_type: int) -> list[Category]:
    """Return the categories of a type for `application`, in menu order."""
    queryset = Category.objects.filter(
        application=application, type=category_type
    ).order_by("misc", "-weight", "slug")
    found = await querycache.afetch(
        {"ids": querycache.ObjectIds(queryset, CATEGORY_KIND)}
    )
    return objects.in_order(
        await objects.aget_many(CATEGORY_KIND, found["ids"]), found["ids"]
    )


async def get_tag(tag_text: str) -> Tag | None:
    """Return the tag `tag_text`, else one that differs by case or spaces.

    A caller compares the result's text with its own to redirect a
    variant. The fallback prefers the lower-case spelling that the importer
    stores, which also matches non-ASCII text that SQLite's LIKE would not.
    Both lookups go through the query cache.
    """
    exact = Tag.objects.filter(tag_text=tag_text)
    found = await querycache.afetch({"tag": querycache.Rows(exact)})
    if found["tag"]:
        return found["tag"][0]
    key = tag_text.strip()
    if not key:
        return None
    # NOTE: as for slugs, SQLite scans the tags table for this lookup.
    variants = Q(tag_text=key.lower()) | Q(tag_text__iexact=key)
    found = await querycache.afetch(
        {"tags": querycache.Rows(Tag.objects.filter(variants).order_by("id"))}
    )
    candidates = found["tags"]
    for candidate in candidates:
        if candidate.tag_text == key.lower():
            return candidate
    return candidates[0] if candidates else None
