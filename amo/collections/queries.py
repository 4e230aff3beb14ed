"""Async reads of collections, for the pages and the API.

Reads go through amo.core.db and the caches. A collection is an object
cache entry (COLLECTION_KIND, the whole row); its author is a USER_KIND
entry read beside it, so renaming a user never leaves a stale name in a
collection. Listings cache the ids of a page and their total in the query
cache, which the collection actions invalidate by bumping the generations
of the tables they write (amo.collections.actions).

Shapes:

- A collection is a `Collection` instance with `author` set to the
  author's profile (`User` with PROFILE_FIELDS, `deleted` and `is_active`).
  Its other relations are not loaded: touching them raises.
- A page of a listing is an `amo.core.pagination.Page`: `items`, `number`
  (1-based), `total` (count of every item) and `per_page`.
- An add-on of a collection is a `CollectionItem`: `addon_id`, `notes`
  (dict of locale to text, maybe empty), `added` (aware datetime),
  `position` (the owner's order, smallest first) and, from
  `collection_addons`, `addon`: the listing card (ADDON_CARD_KIND: an
  `Addon` without its long text).

Functions:

- `get_collection(user_key, slug, viewer=None) -> Collection | None`;
- `get_collection_by_id(collection_id, viewer=None) -> Collection | None`;
- `user_collections(user_id, *, viewer=None, page=1, page_size=20)
  -> Page[Collection]`, most recently changed first;
- `collection_addons(collection_id, *, sort="-popularity",
  include_all=False, with_deleted=False, page=1, page_size=20)
  -> Page[CollectionItem]`;
- `collection_entries(...)`, the same page without the cards, for callers
  that load the add-ons in their own shape (the API);
- `get_entry(collection_id, addon_key, *, include_all=False)
  -> CollectionItem | None`, without the card;
- `featured_collections(limit=4) -> list[Collection]`, newest featured
  first;
- `favourite_collections(user_id, *, page=1, page_size=20)
  -> Page[Collection]`, most recently favourited first, the public ones
  and the user's own;
- `collections_with_addon(user_id, addon_id) -> set[int]`, the ids of the
  user's collections that contain the add-on;
- `is_favourite(user_id, collection_id) -> bool`.

A private collection is visible to its author and to admins only;
functions that take a `viewer` return None (or leave it out) for others.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Q, QuerySet

from amo.addons.models import Addon
from amo.addons.queries import ADDON_CARD_KIND
from amo.collections.models import Collection, CollectionAddon, CollectionFavourite
from amo.core import db
from amo.core.cache import objects, querycache
from amo.core.constants import AddonStatus
from amo.core.pagination import Page
from amo.users.models import User
from amo.users.permissions import ais_admin
from amo.users.queries import MAX_ID, USER_KIND, get_profile

# A collection as pages and the API show it: the whole row. The author is
# read from its own entry.
COLLECTION_KIND = objects.ObjectKind("collection", Collection)

# Sorts of a collection's add-ons: value to ordering. A leading "-" turns
# the order round. Ties break on the entry's id, so pages never overlap.
ADDON_SORTS = {
    "added": ("created",),
    "popularity": ("addon__average_daily_users",),
    "name": ("addon__sort_name",),
    "position": ("position",),
}
DEFAULT_ADDON_SORT = "-popularity"
FEATURED_LIMIT = 4
MAX_PAGE_SIZE = 50


@dataclass(frozen=True)
class CollectionItem:
    """An add-on of a collection, with the owner's notes on it."""

    addon_id: int
    notes: dict[str, str]
    added: datetime.datetime
    position: int
    entry_id: int
    addon: Addon | None = field(default=None, compare=False)


def check_addon_sort(sort: str) -> tuple[str, ...]:
    """Return the ordering of `sort`; ValueError names an unknown sort."""
    descending = sort.startswith("-")
    name = sort.removeprefix("-")
    if name not in ADDON_SORTS:
        choices = ", ".join(sorted(ADDON_SORTS))
        raise ValueError(
            f"Unknown sort {sort!r}: use one of {choices}, with '-' in front "
            "for descending order."
        )
    columns = ADDON_SORTS[name]
    if descending:
        return (*(f"-{column}" for column in columns), "-id")
    return (*columns, "id")


async def _is_admin(viewer: User | None) -> bool:
    return viewer is not None and await ais_admin(viewer)


async def _can_see(collection: Collection, viewer: User | None) -> bool:
    if collection.public:
        return True
    if viewer is not None and viewer.is_authenticated:
        if viewer.pk == collection.author_id:
            return True
        return await _is_admin(viewer)
    return False


async def with_authors(collections: Sequence[Collection]) -> list[Collection]:
    """Attach each collection's author (USER_KIND) in one cache call.

    Collections whose author is gone or deleted are left out.
    """
    authors = await objects.aget_many(
        USER_KIND, {collection.author_id for collection in collections}
    )
    shown = []
    for collection in collections:
        author = authors.get(collection.author_id)
        if author is None or author.deleted or not author.is_active:
            continue
        collection.author = author
        shown.append(collection)
    return shown


async def get_collection(
    user_key: int | str, slug: str, viewer: User | None = None
) -> Collection | None:
    """Return the collection `slug` of the user `user_key` (id or username).

    None when there is none, or when it is private and `viewer` is neither
    its author nor an admin.
    """
    author = await get_profile(str(user_key))
    if author is None or not slug:
        return None
    query = querycache.ids(
        Collection.objects.filter(author_id=author.pk, slug=slug).order_by()[:1]
    )
    found = (await querycache.afetch({"id": query}))["id"]
    if not found:
        return None
    collection = await objects.aget(COLLECTION_KIND, found[0])
    if collection is None or collection.author_id != author.pk:
        return None
    if not await _can_see(collection, viewer):
        return None
    collection.author = author
    return collection


async def get_collection_by_id(
    collection_id: int, viewer: User | None = None
) -> Collection | None:
    """Return the collection `collection_id`, as get_collection does."""
    if not 0 < collection_id <= MAX_ID:
        return None
    collection = await objects.aget(COLLECTION_KIND, collection_id)
    if collection is None or not await _can_see(collection, viewer):
        return None
    shown = await with_authors([collection])
    return shown[0] if shown else None


def _page_bounds(page: int, page_size: int) -> tuple[int, int]:
    if page < 1:
        raise ValueError(f"Page {page} is not a page number: pages start at 1.")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise ValueError(
            f"Page size {page_size} is out of range: use 1 to {MAX_PAGE_SIZE}."
        )
    offset = (page - 1) * page_size
    return offset, offset + page_size


async def _collections_page(
    queryset: QuerySet[Collection], *, page: int, page_size: int
) -> Page:
    start, end = _page_bounds(page, page_size)
    found = await querycache.afetch(
        {
            "ids": querycache.ids(queryset[start:end]),
            "total": querycache.Count(queryset),
        }
    )
    rows = await objects.aget_many(COLLECTION_KIND, found["ids"])
    items = await with_authors(objects.in_order(rows, found["ids"]))
    return Page(items=items, number=page, total=found["total"], per_page=page_size)


async def user_collections(
    user_id: int,
    *,
    viewer: User | None = None,
    page: int = 1,
    page_size: int = 20,
) -> Page:
    """Return a page of the user's collections, most recently changed first.

    Private ones are included when `viewer` is the user or an admin.
    """
    queryset = Collection.objects.filter(author_id=user_id)
    owner = viewer is not None and viewer.is_authenticated and viewer.pk == user_id
    if not owner and not await _is_admin(viewer):
        queryset = queryset.filter(public=True)
    # The index collection_author (author, -modified) serves this order:
    # InnoDB appends the id to it in ascending order, so ties break on it.
    queryset = queryset.order_by("-modified", "id")
    return await _collections_page(queryset, page=page, page_size=page_size)


def _entries(
    collection_id: int, *, include_all: bool, with_deleted: bool
) -> QuerySet[CollectionAddon]:
    queryset = CollectionAddon.objects.filter(collection_id=collection_id)
    if not include_all:
        return queryset.filter(
            addon__status=AddonStatus.PUBLIC, addon__disabled_by_user=False
        )
    if not with_deleted:
        return queryset.exclude(addon__status=AddonStatus.DELETED)
    return queryset


def _item(row: tuple[Any, ...]) -> CollectionItem:
    entry_id, addon_id, notes, added, position = row
    return CollectionItem(
        addon_id=addon_id,
        notes=notes or {},
        added=added,
        position=position,
        entry_id=entry_id,
    )


async def collection_entries(
    collection_id: int,
    *,
    sort: str = DEFAULT_ADDON_SORT,
    include_all: bool = False,
    with_deleted: bool = False,
    page: int = 1,
    page_size: int = 20,
) -> Page:
    """Return a page of the collection's add-ons, without the add-ons' rows.

    Public add-ons only, unless `include_all` (every add-on but the
    deleted ones) or `with_deleted` too. ValueError names a bad sort, page
    or page size.
    """
    ordering = check_addon_sort(sort)
    start, end = _page_bounds(page, page_size)
    queryset = _entries(
        collection_id, include_all=include_all, with_deleted=with_deleted
    )
    rows = queryset.order_by(*ordering).values_list(
        "id", "addon_id", "notes", "created", "position"
    )[start:end]
    found = await querycache.afetch(
        {"rows": querycache.Rows(rows), "total": querycache.Count(queryset)}
    )
    items = [_item(tuple(row)) for row in found["rows"]]
    return Page(items=items, number=page, total=found["total"], per_page=page_size)


async def collection_addons(
    collection_id: int,
    *,
    sort: str = DEFAULT_ADDON_SORT,
    include_all: bool = False,
    with_deleted: bool = False,
    page: int = 1,
    page_size: int = 20,
) -> Page:
    """Return a page of the collection's add-ons with their listing cards.

    As collection_entries, with `addon` set on each item.
    """
    entries = await collection_entries(
        collection_id,
        sort=sort,
        include_all=include_all,
        with_deleted=with_deleted,
        page=page,
        page_size=page_size,
    )
    cards = await objects.aget_many(
        ADDON_CARD_KIND, [item.addon_id for item in entries.items]
    )
    items = [
        replace(item, addon=cards[item.addon_id])
        for item in entries.items
        if item.addon_id in cards
    ]
    return replace(entries, items=items)


def _addon_key_filter(key: int | str) -> Q | None:
    if isinstance(key, int) and not isinstance(key, bool):
        return Q(addon_id=key) if 0 < key <= MAX_ID else None
    if not isinstance(key, str) or not key:
        return None
    if key.isascii() and key.isdigit() and len(key) <= 18:
        return Q(addon_id=int(key)) | Q(addon__slug=key)
    return Q(addon__slug=key)


async def get_entry(
    collection_id: int, addon_key: int | str, *, include_all: bool = False
) -> CollectionItem | None:
    """Return the collection's entry of the add-on `addon_key` (id or slug).

    None when the add-on is not in the collection, or is not public and
    `include_all` is false. Deleted add-ons are never returned.
    """
    condition = _addon_key_filter(addon_key)
    if condition is None:
        return None
    queryset = (
        _entries(collection_id, include_all=include_all, with_deleted=False)
        .filter(condition)
        .order_by("id")
        .values_list("id", "addon_id", "notes", "created", "position")[:1]
    )
    found = (await querycache.afetch({"rows": querycache.Rows(queryset)}))["rows"]
    return _item(tuple(found[0])) if found else None


async def featured_collections(limit: int = FEATURED_LIMIT) -> list[Collection]:
    """Return the public featured collections, newest featured first."""
    # The index collection_featured (featured, public, -featured_at) serves
    # this order.
    queryset = Collection.objects.filter(featured=True, public=True).order_by(
        "-featured_at", "id"
    )[:limit]
    found = (await querycache.afetch({"ids": querycache.ids(queryset)}))["ids"]
    rows = await objects.aget_many(COLLECTION_KIND, found)
    return await with_authors(objects.in_order(rows, found))


async def favourite_collections(
    user_id: int, *, page: int = 1, page_size: int = 20
) -> Page:
    """Return a page of the user's favourite collections, newest first.

    Only public collections and the user's own are listed.
    """
    start, end = _page_bounds(page, page_size)
    queryset = CollectionFavourite.objects.filter(user_id=user_id).filter(
        Q(collection__public=True) | Q(collection__author_id=user_id)
    )
    ids = queryset.order_by("-created", "-id").values_list("collection_id", flat=True)
    found = await querycache.afetch(
        {
            "ids": querycache.Rows(ids[start:end]),
            "total": querycache.Count(queryset),
        }
    )
    rows = await objects.aget_many(COLLECTION_KIND, found["ids"])
    items = await with_authors(objects.in_order(rows, found["ids"]))
    return Page(items=items, number=page, total=found["total"], per_page=page_size)


async def collections_with_addon(user_id: int, addon_id: int) -> set[int]:
    """Return the ids of the user's collections that contain the add-on."""
    queryset = (
        CollectionAddon.objects.filter(addon_id=addon_id, collection__author_id=user_id)
        .order_by()
        .values_list("collection_id", flat=True)
    )
    found = (await querycache.afetch({"ids": querycache.Rows(queryset)}))["ids"]
    return set(found)


async def is_favourite(user_id: int, collection_id: int) -> bool:
    """Return whether the user has the collection among their favourites."""
    queryset = CollectionFavourite.objects.filter(
        user_id=user_id, collection_id=collection_id
    )
    return await db.exists(queryset)
