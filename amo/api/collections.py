"""The collections endpoints: /api/v5/accounts/account/<user>/collections/.

`<user>` is a user id or username. Listing a user's collections needs that
user or an admin; a collection and its add-ons are public unless the
collection is private, which only its author and admins see. Writes need
the collection's author (or an admin) and go through
amo.collections.actions, whose refusals the API sends as AMO's errors:
`{"detail": ...}` for 403 and 404, and the field messages for a 400.

Translated fields (name, description, notes) are sent as objects of locale
codes to texts; a locale left out keeps its text and null deletes it.
"""

from typing import Annotated, Any, Literal

import orjson
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router
from pydantic import Field

from amo.api import queries as api_queries
from amo.api import schemas
from amo.api.auth import ApiAuth, authenticate_request
from amo.api.context import ApiContext
from amo.api.pagination import check_page, count_pages, envelope
from amo.api.params import LangParams, PageParams, make_context
from amo.api.responses import ApiError, NotFound, PermissionDenied, json_response
from amo.api.serializers.collections import (
    CollectionAddon,
    CollectionAddonPage,
    CollectionObject,
    CollectionPage,
    serialize_collection,
    serialize_collection_addon,
)
from amo.collections import actions, queries
from amo.collections.models import Collection
from amo.collections.queries import CollectionItem
from amo.users.models import User
from amo.users.permissions import ais_admin
from amo.users.queries import get_profile

router = Router(tags=["collections"])

AUTH = ApiAuth()
BASE = "/accounts/account/{user_key}/collections/"
# The add-ons that `with_addons` adds to a collection object.
WITH_ADDONS_LIMIT = 25
PRIVATE = {"Cache-Control": "private, no-store"}

READ_ERRORS = {
    400: schemas.ValidationErrors,
    401: schemas.AuthDetail,
    403: schemas.Detail,
    404: schemas.Detail,
}
WRITE_ERRORS = {**READ_ERRORS, 413: schemas.Detail}

AddonSort = Literal["added", "-added", "popularity", "-popularity", "name", "-name"]
AddonFilter = Literal["all", "all_with_deleted"]


class AddonListParams(PageParams, LangParams):
    filter: Annotated[
        AddonFilter | None,
        Field(
            description="all: add-ons that are not public too; all_with_deleted: "
            "deleted ones too. Only for the collection's author and admins."
        ),
    ] = None
    sort: Annotated[
        AddonSort,
        Field(description="One sort; a leading - reverses it."),
    ] = "-popularity"


class DetailParams(LangParams):
    with_addons: Annotated[
        bool,
        Field(description=f"Add the first {WITH_ADDONS_LIMIT} add-ons."),
    ] = False
    filter: Annotated[
        AddonFilter | None,
        Field(description="The add-ons `with_addons` lists, as on the add-ons list."),
    ] = None


class ListParams(PageParams, LangParams):
    pass


TRANSLATED_INPUT = {
    "type": ["object", "null"],
    "additionalProperties": {"type": ["string", "null"]},
    "description": "Locale code to text; null deletes that locale's text.",
}
COLLECTION_BODY = {
    "type": "object",
    "properties": {
        "name": TRANSLATED_INPUT,
        "slug": {"type": "string", "maxLength": 100},
        "description": TRANSLATED_INPUT,
        "default_locale": {"type": "string"},
        "public": {"type": "boolean"},
    },
}
ADDON_BODY = {
    "type": "object",
    "properties": {
        "addon": {"type": ["integer", "string"], "description": "Id or slug."},
        "notes": TRANSLATED_INPUT,
    },
}


def request_body(schema: dict[str, Any], *, required: list[str]) -> dict[str, Any]:
    return {
        "requestBody": {
            "content": {
                "application/json": {"schema": {**schema, "required": required}}
            },
            "required": True,
        }
    }


# --- Helpers --------------------------------------------------------------


def json_body(request: HttpRequest) -> dict[str, Any]:
    """Return the request's JSON object; raise a 400 naming the problem."""
    try:
        body = orjson.loads(request.body or b"{}")
    except RequestDataTooBig:
        raise ApiError(
            {
                "detail": _(
                    "The request body is larger than %(limit)s bytes. Send "
                    "shorter texts."
                )
                % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
            },
            status=413,
        ) from None
    except orjson.JSONDecodeError as error:
        raise ApiError(
            {"detail": _("JSON parse error - %(error)s") % {"error": error}}
        ) from None
    if not isinstance(body, dict):
        raise ApiError(
            {"non_field_errors": [_('Send a JSON object, such as {"name": ...}.')]}
        )
    return body


def translated_input(body: dict[str, Any], name: str) -> None:
    """Raise a 400 unless the body's translated field is an object or null."""
    if name in body and body[name] is not None and not isinstance(body[name], dict):
        raise ApiError({name: [_("You must provide an object of {lang-code:value}.")]})


def collection_fields(body: dict[str, Any]) -> dict[str, Any]:
    """Return the collection fields the body sets, checked for shape."""
    for name in ("name", "description"):
        translated_input(body, name)
    return {name: body[name] for name in actions.EDITABLE_FIELDS if name in body}


async def get_author(user_key: str) -> User:
    author = await get_profile(user_key)
    if author is None:
        raise NotFound()
    return author


async def get_collection(user_key: str, slug: str, viewer: User | None) -> Collection:
    collection = await queries.get_collection(user_key, slug, viewer=viewer)
    if collection is None:
        raise NotFound()
    return collection


async def is_owner_or_admin(collection: Collection, viewer: User | None) -> bool:
    if viewer is None:
        return False
    return viewer.pk == collection.author_id or await ais_admin(viewer)


async def include_all(
    collection: Collection, viewer: User | None, filter_value: str | None
) -> tuple[bool, bool]:
    """Return (include_all, with_deleted) for `filter`; 403 for others."""
    if filter_value is None:
        return False, False
    if not await is_owner_or_admin(collection, viewer):
        raise PermissionDenied(
            _(
                "Only the collection's author and admins may list add-ons "
                "that are not public: leave out the filter parameter."
            )
        )
    return True, filter_value == "all_with_deleted"


async def serialize_items(
    items: list[CollectionItem], collection: Collection, context: ApiContext
) -> list[dict[str, Any]]:
    """Return `{addon, notes}` of each item, reading the add-ons at once."""
    addons = await api_queries.get_addons_by_ids([item.addon_id for item in items])
    by_id = {addon.pk: addon for addon in addons}
    return [
        serialize_collection_addon(item, by_id[item.addon_id], collection, context)
        for item in items
        if item.addon_id in by_id
    ]


def respond(data: Any, viewer: User | None, *, status: int = 200) -> HttpResponse:
    return json_response(data, status=status, headers=PRIVATE if viewer else None)


# --- Collections ----------------------------------------------------------


@router.get(
    BASE,
    auth=AUTH,
    response={200: CollectionPage, **READ_ERRORS},
    summary="A user's collections",
    description="Newest updated first, private ones included. Only the user "
    "and admins may list them.",
)
async def collection_list(
    request: HttpRequest, user_key: str, params: Query[ListParams]
) -> HttpResponse:
    viewer: User = request.auth  # type: ignore[attr-defined]
    author = await get_author(user_key)
    if viewer.pk != author.pk and not await ais_admin(viewer):
        raise PermissionDenied()
    page_size = params.effective_page_size
    page = await queries.user_collections(
        author.pk, viewer=viewer, page=params.page, page_size=page_size
    )
    pages = count_pages(page.total, page_size)
    check_page(params.page, pages)
    context = make_context(5, lang=params.lang)
    results = [serialize_collection(c, context) for c in page.items]
    return respond(
        envelope(
            request,
            results,
            count=page.total,
            page=params.page,
            page_size=page_size,
            page_count=pages,
        ),
        viewer,
    )


@router.post(
    BASE,
    auth=AUTH,
    response={201: CollectionObject, **WRITE_ERRORS},
    summary="Create a collection",
    description="For the caller's own account. `name` and `slug` are "
    "required; `public` is true and `default_locale` en-US by default.",
    openapi_extra=request_body(COLLECTION_BODY, required=["name", "slug"]),
)
async def collection_create(
    request: HttpRequest, user_key: str, params: Query[LangParams]
) -> HttpResponse:
    viewer: User = request.auth  # type: ignore[attr-defined]
    author = await get_author(user_key)
    if viewer.pk != author.pk:
        raise PermissionDenied(
            _("You can only create collections of your own account.")
        )
    body = json_body(request)
    missing = {
        name: [_("This field is required.")]
        for name in ("name", "slug")
        if body.get(name) is None
    }
    if missing:
        raise ApiError(missing)
    fields = collection_fields(body)
    collection = await actions.create_collection(viewer, **fields)
    context = make_context(5, lang=params.lang)
    return respond(serialize_collection(collection, context), viewer, status=201)


@router.get(
    BASE + "{slug}/",
    response={200: CollectionObject, **READ_ERRORS},
    summary="A collection",
    description="Private collections only for their author and admins.",
)
async def collection_detail(
    request: HttpRequest, user_key: str, slug: str, params: Query[DetailParams]
) -> HttpResponse:
    viewer = await authenticate_request(request)
    collection = await get_collection(user_key, slug, viewer)
    context = make_context(5, lang=params.lang)
    data = serialize_collection(collection, context)
    if params.with_addons:
        every, deleted = await include_all(collection, viewer, params.filter)
        page = await queries.collection_entries(
            collection.pk,
            include_all=every,
            with_deleted=deleted,
            page_size=WITH_ADDONS_LIMIT,
        )
        data["addons"] = await serialize_items(list(page.items), collection, context)
    return respond(data, viewer)


@router.patch(
    BASE + "{slug}/",
    auth=AUTH,
    response={200: CollectionObject, **WRITE_ERRORS},
    summary="Edit a collection",
    description="The fields sent change; the others keep their values.",
    openapi_extra=request_body(COLLECTION_BODY, required=[]),
)
async def collection_edit(
    request: HttpRequest, user_key: str, slug: str, params: Query[LangParams]
) -> HttpResponse:
    viewer: User = request.auth  # type: ignore[attr-defined]
    collection = await get_collection(user_key, slug, viewer)
    fields = collection_fields(json_body(request))
    edited = await actions.edit_collection(viewer, collection.pk, **fields)
    context = make_context(5, lang=params.lang)
    return respond(serialize_collection(edited, context), viewer)


@router.delete(
    BASE + "{slug}/",
    auth=AUTH,
    response={204: None, **WRITE_ERRORS},
    summary="Delete a collection",
)
async def collection_delete(
    request: HttpRequest, user_key: str, slug: str
) -> HttpResponse:
    viewer: User = request.auth  # type: ignore[attr-defined]
    collection = await get_collection(user_key, slug, viewer)
    await actions.delete_collection(viewer, collection.pk)
    return HttpResponse(status=204)


# --- Add-ons of a collection ---------------------------------------------


@router.get(
    BASE + "{slug}/addons/",
    response={200: CollectionAddonPage, **READ_ERRORS},
    summary="The add-ons of a collection",
    description="Public add-ons only unless `filter` says otherwise; sorted "
    "by average daily users, most first, by default.",
)
async def addon_list(
    request: HttpRequest, user_key: str, slug: str, params: Query[AddonListParams]
) -> HttpResponse:
    viewer = await authenticate_request(request)
    collection = await get_collection(user_key, slug, viewer)
    every, deleted = await include_all(collection, viewer, params.filter)
    page_size = params.effective_page_size
    page = await queries.collection_entries(
        collection.pk,
        sort=params.sort,
        include_all=every,
        with_deleted=deleted,
        page=params.page,
        page_size=page_size,
    )
    pages = count_pages(page.total, page_size)
    check_page(params.page, pages)
    context = make_context(5, lang=params.lang)
    results = await serialize_items(list(page.items), collection, context)
    return respond(
        envelope(
            request,
            results,
            count=page.total,
            page=params.page,
            page_size=page_size,
            page_count=pages,
        ),
        viewer,
    )


async def addon_response(
    collection: Collection,
    addon_key: int | str,
    viewer: User | None,
    lang: str | None,
    *,
    status: int = 200,
) -> HttpResponse:
    every = await is_owner_or_admin(collection, viewer)
    item = await queries.get_entry(collection.pk, addon_key, include_all=every)
    if item is None:
        raise NotFound()
    context = make_context(5, lang=lang)
    found = await serialize_items([item], collection, context)
    if not found:
        raise NotFound()
    return respond(found[0], viewer, status=status)


@router.get(
    BASE + "{slug}/addons/{addon_key}/",
    response={200: CollectionAddon, **READ_ERRORS},
    summary="An add-on of a collection",
    description="By the add-on's id or slug.",
)
async def addon_detail(
    request: HttpRequest,
    user_key: str,
    slug: str,
    addon_key: str,
    params: Query[LangParams],
) -> HttpResponse:
    viewer = await authenticate_request(request)
    collection = await get_collection(user_key, slug, viewer)
    return await addon_response(collection, addon_key, viewer, params.lang)


@router.post(
    BASE + "{slug}/addons/",
    auth=AUTH,
    response={201: CollectionAddon, **WRITE_ERRORS},
    summary="Add an add-on to a collection",
    description="`addon` is the add-on's id or slug; it must be public.",
    openapi_extra=request_body(ADDON_BODY, required=["addon"]),
)
async def addon_create(
    request: HttpRequest, user_key: str, slug: str, params: Query[LangParams]
) -> HttpResponse:
    viewer: User = request.auth  # type: ignore[attr-defined]
    collection = await get_collection(user_key, slug, viewer)
    body = json_body(request)
    addon = body.get("addon")
    if addon is None or addon == "":
        raise ApiError({"addon": [_("This field is required.")]})
    if not isinstance(addon, int | str) or isinstance(addon, bool):
        raise ApiError(
            {"addon": [_("Send the add-on's id or slug, such as 3006 or ublock.")]}
        )
    translated_input(body, "notes")
    entry = await actions.add_addon(
        viewer, collection.pk, addon, notes=body.get("notes")
    )
    return await addon_response(
        collection, entry.addon_id, viewer, params.lang, status=201
    )


@router.patch(
    BASE + "{slug}/addons/{addon_key}/",
    auth=AUTH,
    response={200: CollectionAddon, **WRITE_ERRORS},
    summary="Edit the notes on an add-on of a collection",
    openapi_extra=request_body(ADDON_BODY, required=[]),
)
async def addon_edit(
    request: HttpRequest,
    user_key: str,
    slug: str,
    addon_key: str,
    params: Query[LangParams],
) -> HttpResponse:
    viewer: User = request.auth  # type: ignore[attr-defined]
    collection = await get_collection(user_key, slug, viewer)
    body = json_body(request)
    translated_input(body, "notes")
    # Without notes nothing changes, but the caller's right to is checked.
    notes = body.get("notes", {})
    entry = await actions.edit_addon_notes(
        viewer, collection.pk, addon_key, notes=notes
    )
    return await addon_response(collection, entry.addon_id, viewer, params.lang)


@router.delete(
    BASE + "{slug}/addons/{addon_key}/",
    auth=AUTH,
    response={204: None, **WRITE_ERRORS},
    summary="Take an add-on out of a collection",
)
async def addon_delete(
    request: HttpRequest, user_key: str, slug: str, addon_key: str
) -> HttpResponse:
    viewer: User = request.auth  # type: ignore[attr-defined]
    collection = await get_collection(user_key, slug, viewer)
    await actions.remove_addon(viewer, collection.pk, addon_key)
    return HttpResponse(status=204)
