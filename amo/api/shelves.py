"""The home page's shelves and hero, as AMO's front end reads them."""

import asyncio
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router

from amo.addons.models import Addon
from amo.addons.queries import (
    EXTENSION_TYPES,
    SHELF_SIZE,
    THEME_TYPES,
    ListingFilter,
    get_listing_ids,
)
from amo.api import queries, schemas
from amo.api.context import ApiContext
from amo.api.fields import absolute, translated
from amo.api.params import LangParams, make_context
from amo.api.responses import NotFound, json_response
from amo.api.serializers.addons import serialize_search_result
from amo.api.serializers.collections import collection_path
from amo.collections import queries as collection_queries
from amo.collections.models import Collection
from amo.core import urls
from amo.core.constants import ADDON_TYPE_API_NAMES, PromotedCategory

router = Router(tags=["home"])

RECOMMENDED = PromotedCategory.RECOMMENDED.value
# Featured collections get a shelf each, the most recently featured first.
COLLECTION_SHELVES = 2
# The theme shelves list the legacy theme types too, as the site's themes
# section does, so their search criteria name every one of them.
THEME_TYPE_NAMES = ",".join(ADDON_TYPE_API_NAMES[type_] for type_ in THEME_TYPES)


@dataclass(frozen=True)
class ShelfDefinition:
    """A home shelf: the listing it shows and the search that lists it all."""

    title: Any
    footer: Any
    addon_type: str
    # The search API's parameters for the whole list, AMO's `criteria`.
    criteria: dict[str, str]
    # The site's browse page of the whole list and its query.
    browse: str
    browse_query: dict[str, str]
    listing: ListingFilter
    sort: str = "users"


SHELVES = (
    ShelfDefinition(
        _("Recommended extensions"),
        _("See more recommended extensions"),
        "extension",
        {"promoted": RECOMMENDED, "sort": "random", "type": "extension"},
        "extensions",
        {"promoted": RECOMMENDED},
        ListingFilter(EXTENSION_TYPES, promoted=RECOMMENDED),
    ),
    ShelfDefinition(
        _("Popular extensions"),
        _("See more popular extensions"),
        "extension",
        {"sort": "users", "type": "extension"},
        "extensions",
        {"sort": "users"},
        ListingFilter(EXTENSION_TYPES),
    ),
    ShelfDefinition(
        _("Top rated extensions"),
        _("See more top rated extensions"),
        "extension",
        {"sort": "rating", "type": "extension"},
        "extensions",
        {"sort": "rating"},
        ListingFilter(EXTENSION_TYPES),
        sort="rating",
    ),
    ShelfDefinition(
        _("Recommended themes"),
        _("See more recommended themes"),
        "statictheme",
        {"promoted": RECOMMENDED, "sort": "random", "type": THEME_TYPE_NAMES},
        "themes",
        {"promoted": RECOMMENDED},
        ListingFilter(THEME_TYPES, promoted=RECOMMENDED),
    ),
    ShelfDefinition(
        _("Popular themes"),
        _("See more popular themes"),
        "statictheme",
        {"sort": "users", "type": THEME_TYPE_NAMES},
        "themes",
        {"sort": "users"},
        ListingFilter(THEME_TYPES),
    ),
    ShelfDefinition(
        _("Top rated themes"),
        _("See more top rated themes"),
        "statictheme",
        {"sort": "rating", "type": THEME_TYPE_NAMES},
        "themes",
        {"sort": "rating"},
        ListingFilter(THEME_TYPES),
        sort="rating",
    ),
)


def localised(text: Any, context: ApiContext) -> dict[str, str]:
    """Return an interface string as a translated field of one locale."""
    with translation.override(context.locale):
        return {context.locale: str(text)}


def serialize_shelf(
    shelf: ShelfDefinition, addons: list[dict[str, Any]], context: ApiContext
) -> dict[str, Any]:
    criteria = "?" + urlencode(shelf.criteria)
    footer_url = absolute(
        urls.site_path(
            "browse",
            shelf.browse,
            locale=context.locale,
            app=context.app.short,
            query=shelf.browse_query,
        )
    )
    return {
        "title": localised(shelf.title, context),
        "url": absolute(f"/api/v5/addons/search/{criteria}"),
        "endpoint": "search",
        "addon_type": shelf.addon_type,
        "criteria": criteria,
        "footer": {
            "url": footer_url,
            "outgoing": footer_url,
            "text": localised(shelf.footer, context),
        },
        "addons": addons,
    }


def serialize_collection_shelf(
    collection: Collection, addons: list[Addon], context: ApiContext
) -> dict[str, Any]:
    """Return the shelf of a featured collection: its first add-ons.

    `url` lists the collection's add-ons in the API's default order, which
    the shelf's add-ons follow, and the footer links to its page.
    """
    page_url = absolute(collection_path(collection, context))
    themes = bool(addons) and all(addon.type in THEME_TYPES for addon in addons)
    return {
        "title": translated(collection.name, collection.default_locale, context)
        or localised(collection.slug, context),
        "url": absolute(
            f"/api/v5/accounts/account/{collection.author_id}/collections/"
            f"{collection.slug}/addons/"
        ),
        "endpoint": "collections",
        "addon_type": "statictheme" if themes else "extension",
        "criteria": collection.slug,
        "footer": {
            "url": page_url,
            "outgoing": page_url,
            "text": localised(_("See more add-ons in this collection"), context),
        },
        "addons": [serialize_search_result(addon, context, 1.0) for addon in addons],
    }


async def get_collection_listings() -> list[tuple[Collection, list[int]]]:
    """Return the featured collections of the shelves with their add-on ids."""
    collections = await collection_queries.featured_collections(
        limit=COLLECTION_SHELVES
    )
    pages = await asyncio.gather(
        *(
            collection_queries.collection_entries(c.pk, page_size=SHELF_SIZE)
            for c in collections
        )
    )
    return [
        (collection, [item.addon_id for item in page.items])
        for collection, page in zip(collections, pages, strict=True)
    ]


async def get_shelves(context: ApiContext) -> list[dict[str, Any]]:
    """Return the shelves with their add-ons.

    The listings' ids come from the query cache at once, then one query
    reads every listed add-on and five more their relations, however many
    shelves there are. The shelves of featured collections come last.
    """
    listings, collection_listings = await asyncio.gather(
        asyncio.gather(
            *(
                get_listing_ids(shelf.listing, sort=shelf.sort, limit=SHELF_SIZE)
                for shelf in SHELVES
            )
        ),
        get_collection_listings(),
    )
    every_listing = [*listings, *(ids for _, ids in collection_listings)]
    ids = list(dict.fromkeys(pk for listing in every_listing for pk in listing))
    by_id = {addon.pk: addon for addon in await queries.get_addons_by_ids(ids)}
    shelves = []
    for shelf, listing in zip(SHELVES, listings, strict=True):
        addons = [
            serialize_search_result(by_id[pk], context, 1.0)
            for pk in listing
            if pk in by_id
        ]
        shelves.append(serialize_shelf(shelf, addons, context))
    for collection, listing in collection_listings:
        found = [by_id[pk] for pk in listing if pk in by_id]
        shelves.append(serialize_collection_shelf(collection, found, context))
    return shelves


def hero() -> dict[str, None]:
    # NOTE: amo has no hero content (gradients, images, call-to-action
    # modules) to show, so both heroes are null, which AMO's API allows.
    return {"primary": None, "secondary": None}


@router.get(
    "/shelves/",
    response={200: schemas.Shelves, 400: schemas.ValidationErrors},
    by_alias=True,
    summary="Home page shelves",
    description="Recommended, popular and top rated extensions and themes, "
    "then the featured collections, with the heroes.",
)
async def shelves(request: HttpRequest, params: Query[LangParams]) -> HttpResponse:
    context = make_context(5, lang=params.lang)
    return json_response({"results": await get_shelves(context), **hero()})


@router.get(
    "/hero/",
    response={200: schemas.Hero, 400: schemas.ValidationErrors},
    summary="Home page heroes",
)
async def hero_view(request: HttpRequest, params: Query[LangParams]) -> HttpResponse:
    return json_response(hero())


@router.get(
    "/hero/{kind}/",
    response={
        200: schemas.HeroList,
        400: schemas.ValidationErrors,
        404: schemas.Detail,
    },
    summary="One home page hero",
    description="The primary or the secondary hero items; amo has none, so "
    "the list is empty.",
)
async def hero_list(
    request: HttpRequest, kind: str, params: Query[LangParams]
) -> HttpResponse:
    if kind not in ("primary", "secondary"):
        raise NotFound
    return json_response({"results": []})
