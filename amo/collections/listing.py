"""Async reads that the collection pages need beside amo.collections.queries.

The owner's own reads (free slugs, the widget's list of collections) go to
the primary: the owner acts on what they read, and a replica may not have
their last write yet.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from amo.addons import queries as addon_queries
from amo.addons.models import Addon
from amo.collections import queries
from amo.collections.forms import SLUG_MAX_LENGTH
from amo.collections.models import Collection, CollectionAddon
from amo.core import db
from amo.core.db import use_primary
from amo.users.helpers import site_path
from amo.users.models import User

# First path segments under /collections/ that are pages, or old URLs, and
# so cannot name a user: collections of a user with such a username link
# to the user's id instead.
RESERVED_USER_KEYS = frozenset(
    {
        "add",
        "addon",
        "view",
        "edit",
        "editors_picks",
        "popular",
        "mine",
        "favorites",
        "following",
    }
)

# Featured collections on the home page's shelf.
FEATURED_ON_HOME = 4
# The widget of the add-on page lists at most this many of the user's
# collections, most recently changed first.
WIDGET_LIMIT = 100
# Numeric suffixes tried for a slug made from a name. Past them, the pages
# ask the user for a slug or another name.
MAX_SLUG_SUFFIX = 1000
# 19 digits hold any 64-bit id.
MAX_ID_DIGITS = 19


async def slug_taken(
    author_id: int, slug: str, *, exclude_id: int | None = None
) -> bool:
    """Return whether one of the author's collections has `slug`.

    Slugs compare without case, as the actions compare them.
    """
    queryset = Collection.objects.filter(author_id=author_id, slug__iexact=slug)
    if exclude_id is not None:
        queryset = queryset.exclude(pk=exclude_id)
    with use_primary():
        return await db.exists(queryset)


async def free_slug(author_id: int, base: str) -> str | None:
    """Return `base`, or `base` with the smallest free numeric suffix.

    Returns None when `base` and its first MAX_SLUG_SUFFIX suffixes are all
    taken by the author's collections.
    """
    base = base[: SLUG_MAX_LENGTH - len(str(MAX_SLUG_SUFFIX)) - 1]
    queryset = Collection.objects.filter(
        author_id=author_id, slug__istartswith=base
    ).values_list("slug", flat=True)
    with use_primary():
        taken = {slug.lower() for slug in await db.fetch_values(queryset)}
    if base.lower() not in taken:
        return base
    for number in range(2, MAX_SLUG_SUFFIX + 1):
        candidate = f"{base}-{number}"
        if candidate.lower() not in taken:
            return candidate
    return None


async def collection_id_by_uuid(value: uuid.UUID) -> int | None:
    """Return the id of the collection whose UUID is `value`, or None."""
    rows = await db.fetch_values(
        Collection.objects.filter(uuid=value).values_list("id", flat=True)[:1]
    )
    return rows[0] if rows else None


async def entry_order(collection_id: int) -> list[int]:
    """Return the ids of every add-on in the collection, in the owner's order.

    Deleted and hidden add-ons are included: reordering must name them all.
    """
    queryset = (
        CollectionAddon.objects.filter(collection_id=collection_id)
        .order_by("position", "id")
        .values_list("addon_id", flat=True)
    )
    with use_primary():
        return list(await db.fetch_values(queryset))


async def owner_collections(author_id: int) -> list[Collection]:
    """Return the author's collections for the add-on page's widget.

    At most WIDGET_LIMIT, most recently changed first (the index
    collection_author serves the order).
    """
    queryset = Collection.objects.filter(author_id=author_id).order_by("-modified")
    with use_primary():
        return await db.fetch(queryset[:WIDGET_LIMIT])


async def find_addon(key: str) -> Addon | None:
    """Return the listed add-on whose slug, or number, is `key`.

    A number is tried as a slug first, as the add-on pages do, then as an
    addons.mozilla.org id, then as a local id.
    """
    addon = await addon_queries.get_addon_by_slug(key)
    if addon is not None:
        return addon
    if key.isascii() and key.isdigit() and len(key) <= MAX_ID_DIGITS:
        slug = await addon_queries.get_addon_slug_by_number(int(key))
        if slug is not None:
            return await addon_queries.get_addon_by_slug(slug)
    return None


async def get_widget(user_id: int, addon_id: int) -> dict[str, Any]:
    """Return what the add-on page's widget shows to user `user_id`.

    `containing` lists the user's collections that contain the add-on,
    `addable` the others.
    """
    collections = await owner_collections(user_id)
    contained = await queries.collections_with_addon(user_id, addon_id)
    return {
        "addon_id": addon_id,
        "containing": [c for c in collections if c.pk in contained],
        "addable": [c for c in collections if c.pk not in contained],
    }


# --- Cards of collections ---------------------------------------------------


def owner_key(user: User) -> str:
    """Return the user part of a collection's URL: username, else id."""
    username = user.username or ""
    if not username or username.lower() in RESERVED_USER_KEYS:
        return str(user.pk)
    return username


@dataclass(frozen=True)
class CollectionCard:
    """A collection as lists show it, with the links it needs."""

    collection: Collection
    author: User
    url: str
    author_url: str

    @property
    def pk(self) -> int:
        return self.collection.pk


def collection_path(request: HttpRequest, author: User, slug: str) -> str:
    return site_path(request, "collections-detail", owner_key(author), slug)


def build_cards(
    request: HttpRequest, collections: Iterable[Collection]
) -> list[CollectionCard]:
    """Return the cards of `collections`, which queries return with authors."""
    return [
        CollectionCard(
            collection=collection,
            author=collection.author,
            url=collection_path(request, collection.author, collection.slug),
            author_url=site_path(request, "user-profile", collection.author_id),
        )
        for collection in collections
    ]
