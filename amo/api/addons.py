"""Add-on endpoints: detail, versions, search, autocomplete, categories and
language tools. The v4 routes (amo.api.v4) call the same functions.
"""

from typing import Any, Literal

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router
from pydantic import Field

from amo.addons.models import Addon, AddonUser
from amo.api import queries, schemas
from amo.api.auth import authenticate_request
from amo.api.context import ApiContext
from amo.api.fields import site_url, translated
from amo.api.pagination import check_page, count_pages, envelope
from amo.api.params import (
    AppParams,
    AppVersion,
    LangParams,
    PageParams,
    make_context,
)
from amo.api.responses import (
    InvalidParameter,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    json_response,
)
from amo.api.search import (
    MAX_RESULT_WINDOW,
    FilterParams,
    SearchParams,
    autocomplete_addons,
    page_count,
    parse_autocomplete,
    parse_search,
    search_addons,
)
from amo.api.serializers.addons import (
    serialize_addon,
    serialize_autocomplete,
    serialize_search_result,
)
from amo.api.serializers.versions import (
    LICENSE_COMPACT,
    LICENSE_FULL,
    serialize_author_version,
    serialize_compatible_version,
    serialize_version,
)
from amo.core import db
from amo.core.constants import (
    ADDON_TYPE_API_NAMES,
    ADDON_TYPES_BY_API_NAME,
    AddonStatus,
    AddonType,
    Channel,
)
from amo.core.db import use_primary
from amo.core.models import translate
from amo.core.versions import compare_versions
from amo.ratings import queries as rating_queries
from amo.versions.models import ApplicationsVersions, Version

router = Router(tags=["addons"])

ERRORS = {
    400: schemas.ValidationErrors,
    404: schemas.Detail,
}
ADDON_ERRORS = {**ERRORS, 401: schemas.DisabledDetail}

LANGUAGE_TOOL_TYPES = ("language", "dictionary")
# Long text that autocomplete never sends.
AUTOCOMPLETE_DEFERRED = (
    "description",
    "developer_comments",
    "eula",
    "privacy_policy",
    "summary",
    "homepage",
    "support_url",
    "support_email",
)


class DetailParams(AppParams):
    appversion: AppVersion = Field(
        None, description="With app: the language pack version it picks."
    )
    show_grouped_ratings: bool = Field(
        False, description="Add the count of each score to ratings."
    )


class VersionsParams(LangParams, PageParams):
    filter: Literal["all_without_unlisted", "all_with_unlisted", "all_with_deleted"] | (
        None
    ) = Field(
        None,
        description="Versions beyond the public listed ones; for authors, "
        "reviewers and admins only.",
    )


class LanguageToolsParams(AppParams):
    appversion: AppVersion = Field(
        None, description="Needs app and type; adds current_compatible_version."
    )
    author: str | None = Field(None, description="User ids or usernames, any.")
    type: str | None = Field(
        None,
        pattern=r"^(language|dictionary)(,(language|dictionary))?$",
        description="language, dictionary or both (the default).",
    )


# --- Add-on detail -----------------------------------------------------


async def get_visible_addon(key: str) -> Addon:
    """Return the add-on `key` names, when an anonymous client may see it.

    Unknown and deleted add-ons raise NotFound. Add-ons that are not public
    or have only unlisted versions raise NotAuthenticated (401) with the
    two is_disabled_by_* flags: only authors and reviewers may see them.
    """
    addon = await queries.get_addon(key)
    if addon is None or addon.status == AddonStatus.DELETED:
        raise NotFound
    hidden = not addon.is_public or (
        addon.current_version_id is None
        and await queries.has_only_unlisted_versions(addon)
    )
    if hidden:
        raise NotAuthenticated(
            is_disabled_by_developer=addon.disabled_by_user,
            is_disabled_by_mozilla=addon.status == AddonStatus.DISABLED,
        )
    return addon


async def get_compatible_version(
    addon: Addon, context: ApiContext, appversion: str
) -> Version | None:
    """Return the newest public version of `addon` that `appversion` runs.

    Language packs are strictly compatible: the minimum and maximum both
    bind ("*" has no maximum).
    """
    rows = await db.fetch(
        queries.public_compatible_apps()
        .filter(version__addon=addon.pk, application=context.app.id)
        .select_related("version__license")
    )
    compatible = [row.version for row in rows if _runs(row, appversion)]
    if not compatible:
        return None
    version = max(compatible, key=lambda v: v.pk)
    await queries.load_compatibility([version])
    return version


def _runs(row: ApplicationsVersions, appversion: str) -> bool:
    return compare_versions(row.min, appversion) <= 0 and (
        row.max == "*" or compare_versions(appversion, row.max) <= 0
    )


async def get_addon_for(request: HttpRequest, key: str) -> tuple[Addon, bool]:
    """Return the add-on `key` names, and whether the request's user sees
    all of it (an author or a reviewer).

    Anonymous clients get what get_visible_addon returns or raises. A
    signed-in user who may not see a hidden add-on gets 403, and a JWT
    that fails authentication gets 401.
    """
    user = await authenticate_request(request)
    if user is None:
        return await get_visible_addon(key), False
    # Signed-in clients, web-ext among them, read what they just submitted,
    # which a replica might not have yet.
    with use_primary():
        addon = await queries.get_addon(key)
        if addon is None or addon.status == AddonStatus.DELETED:
            raise NotFound
        sees_all = await queries.can_see_all_versions(user, addon)
    if sees_all:
        return addon, True
    try:
        return await get_visible_addon(key), False
    except NotAuthenticated:
        raise PermissionDenied from None


def private(response: HttpResponse) -> HttpResponse:
    """Keep a response that shows hidden data out of shared caches."""
    response["Cache-Control"] = "private, no-store"
    return response


async def addon_detail(
    request: HttpRequest, key: str, params: DetailParams, version: int
) -> HttpResponse:
    context = make_context(
        version,
        lang=params.lang,
        app=params.app,
        show_grouped_ratings=params.show_grouped_ratings,
    )
    addon, sees_all = await get_addon_for(request, key)
    await queries.load_relations([addon])
    current = None
    # Without `app`, the version is picked for Firefox (context.app).
    if addon.type == AddonType.LANGUAGE and params.appversion:
        current = await get_compatible_version(addon, context, params.appversion)
    grouped = None
    if context.show_grouped_ratings:
        grouped = (await rating_queries.aggregate(addon.pk)).histogram
    data = serialize_addon(
        addon, context, current_version=current, grouped_counts=grouped
    )
    if current is None and addon.type == AddonType.LANGUAGE and params.appversion:
        data["current_version"] = None
    if not sees_all:
        return json_response(data)
    if not context.is_v4:
        unlisted = await db.fetch_one(
            queries.author_versions(addon).filter(channel=Channel.UNLISTED)
        )
        if unlisted is not None:
            await queries.load_compatibility([unlisted])
            data["latest_unlisted_version"] = serialize_author_version(
                unlisted, addon, context
            )
    return private(json_response(data))


@router.get(
    "/addons/addon/{key}/",
    response={200: schemas.Addon, **ADDON_ERRORS},
    summary="Add-on detail",
    description="An add-on by id, slug or GUID (percent-encoded). A value "
    "with @ or wrapped in {} is a GUID. Add-ons that are not public need "
    "an author or reviewer (JWT or session), who also gets "
    "latest_unlisted_version.",
)
async def detail(
    request: HttpRequest, key: str, params: Query[DetailParams]
) -> HttpResponse:
    return await addon_detail(request, key, params, 5)


# --- Versions ----------------------------------------------------------


@router.get(
    "/addons/addon/{key}/versions/",
    response={200: schemas.VersionPage, **ADDON_ERRORS, 403: schemas.Detail},
    summary="Versions of an add-on",
    description="Public listed versions, newest first. The filters "
    "all_without_unlisted, all_with_unlisted and all_with_deleted add the "
    "others; they need an author or reviewer, else 401 (or 403 when "
    "signed in).",
)
async def version_list(
    request: HttpRequest, key: str, params: Query[VersionsParams]
) -> HttpResponse:
    context = make_context(5, lang=params.lang)
    addon, sees_all = await get_addon_for(request, key)
    page_size = params.effective_page_size
    offset = (params.page - 1) * page_size
    if params.filter is None:
        versions, count = await queries.get_versions_page(
            addon, offset=offset, limit=page_size
        )
    elif not sees_all:
        if await authenticate_request(request) is None:
            raise NotAuthenticated
        raise PermissionDenied
    else:
        versions, count = await queries.get_filtered_versions_page(
            addon, params.filter, offset=offset, limit=page_size
        )
    pages = count_pages(count, page_size)
    check_page(params.page, pages)
    if params.filter is None:
        results = [
            serialize_version(v, addon.default_locale, context, license=LICENSE_COMPACT)
            for v in versions
        ]
    else:
        results = [serialize_author_version(v, addon, context) for v in versions]
    response = json_response(
        envelope(
            request,
            results,
            count=count,
            page=params.page,
            page_size=page_size,
            page_count=pages,
        )
    )
    return private(response) if sees_all else response


@router.get(
    "/addons/addon/{key}/versions/{version}/",
    response={200: schemas.Version, **ADDON_ERRORS, 403: schemas.Detail},
    summary="One version of an add-on",
    description="By id, or by version string when the value has a dot or "
    'starts with "v" (v2 is version 2). Authors and reviewers (JWT or '
    "session) also see unlisted versions and those awaiting review or "
    "disabled, with file.status and author-only fields; web-ext polls it "
    'until file.status is "public".',
)
async def version_detail(
    request: HttpRequest, key: str, version: str, params: Query[LangParams]
) -> HttpResponse:
    context = make_context(5, lang=params.lang)
    addon, sees_all = await get_addon_for(request, key)
    if sees_all:
        # Polled right after a submission: a replica might lag behind.
        with use_primary():
            found = await queries.get_author_version(addon, version)
        if found is None:
            raise NotFound
        return private(json_response(serialize_author_version(found, addon, context)))
    found = await queries.get_version(addon, version)
    if found is None:
        raise NotFound
    return json_response(
        serialize_version(found, addon.default_locale, context, license=LICENSE_FULL)
    )


# --- Search and autocomplete -------------------------------------------


async def search(
    request: HttpRequest, params: SearchParams, version: int
) -> HttpResponse:
    query = parse_search(params)
    context = make_context(version, lang=query.lang, app=params.app)
    # A page past the result window is rejected before any query runs.
    check_page(query.page, page_count(MAX_RESULT_WINDOW, query.page_size))
    results = await search_addons(query)
    check_page(query.page, results.page_count)
    addons = await queries.get_addons_by_ids(results.ids)
    items = [
        serialize_search_result(addon, context, results.scores[addon.pk])
        for addon in addons
    ]
    return json_response(
        envelope(
            request,
            items,
            count=results.count,
            page=query.page,
            page_size=query.page_size,
            page_count=results.page_count,
        )
    )


@router.get(
    "/addons/search/",
    response={200: schemas.SearchPage, **ERRORS},
    by_alias=True,
    summary="Search add-ons",
    description="Public add-ons matching every filter. Invalid combinations "
    "answer 400: sort=random with other sorts, with q or without promoted; "
    "sort=relevance without q; appversion without app.",
)
async def search_v5(request: HttpRequest, params: Query[SearchParams]) -> HttpResponse:
    return await search(request, params, 5)


@router.get(
    "/addons/autocomplete/",
    response={200: schemas.AutocompleteResults, 400: schemas.ValidationErrors},
    summary="Autocomplete add-on names",
    description="At most 10 public add-ons whose name matches q, best first.",
)
async def autocomplete(
    request: HttpRequest, params: Query[FilterParams]
) -> HttpResponse:
    query = parse_autocomplete(params)
    context = make_context(5, lang=query.lang, app=params.app)
    if not query.q:
        return json_response({"results": []})
    ids = await autocomplete_addons(query)
    rows = await db.fetch(
        queries.addon_rows().filter(pk__in=ids).defer(*AUTOCOMPLETE_DEFERRED)
    )
    versions = [addon.current_version for addon in rows if addon.current_version]
    await queries.load_compatibility(versions)
    by_id = {addon.pk: addon for addon in rows}
    return json_response(
        {
            "results": [
                serialize_autocomplete(by_id[pk], context) for pk in ids if pk in by_id
            ]
        }
    )


# --- Categories --------------------------------------------------------


@router.get(
    "/addons/categories/",
    response={200: list[schemas.Category], 400: schemas.ValidationErrors},
    summary="Categories",
    description="Every category, once per type; names and descriptions are "
    "strings in the lang locale.",
)
async def categories(request: HttpRequest, params: Query[LangParams]) -> HttpResponse:
    context = make_context(5, lang=params.lang)
    seen: set[tuple[int, str]] = set()
    results = []
    for category in await queries.get_categories():
        # Each application has its own rows; v5 lists a slug once per type.
        if (category.type, category.slug) in seen:
            continue
        seen.add((category.type, category.slug))
        results.append(
            {
                "id": category.pk,
                "name": translate(category.name, context.locale)[0],
                "slug": category.slug,
                "type": ADDON_TYPE_API_NAMES[AddonType(category.type)],
                "misc": category.misc,
                "weight": category.weight,
                "description": translate(category.description, context.locale)[0],
            }
        )
    return json_response(results)


# --- Language tools ----------------------------------------------------


async def language_tools(
    request: HttpRequest, params: LanguageToolsParams, version: int
) -> HttpResponse:
    if params.appversion and not params.app:
        raise InvalidParameter("app", 'The "appversion" parameter needs "app".')
    if params.appversion and not params.type:
        raise InvalidParameter("type", 'The "appversion" parameter needs "type".')
    context = make_context(version, lang=params.lang, app=params.app)
    names = params.type.split(",") if params.type else LANGUAGE_TOOL_TYPES
    addons = queries.listed_addons_of_types(
        [ADDON_TYPES_BY_API_NAME[name] for name in names]
    )
    if params.author:
        addons = addons.filter(pk__in=_author_addons(params.author))
    rows = await db.fetch(
        addons.only(
            "id", "default_locale", "guid", "name", "slug", "target_locale", "type"
        ).order_by("id")
    )
    compatible: dict[int, Version] = {}
    if params.appversion and rows:
        compatible = await _compatible_versions(rows, context, params.appversion)
        rows = [addon for addon in rows if addon.pk in compatible]

    results = []
    for addon in rows:
        item = {
            "id": addon.pk,
            "default_locale": addon.default_locale,
            "guid": addon.guid,
            "name": translated(addon.name, addon.default_locale, context),
            "slug": addon.slug,
            "target_locale": addon.target_locale,
            "type": addon.type_api_name,
            "url": site_url("addon-detail", addon.slug, context=context),
        }
        if params.appversion:
            item["current_compatible_version"] = serialize_compatible_version(
                compatible[addon.pk], context
            )
        results.append(item)
    return json_response({"results": results})


def _author_addons(raw: str) -> QuerySet[AddonUser, Any]:
    names = [part.strip() for part in raw.split(",") if part.strip()]
    ids = [int(name) for name in names if name.isdecimal() and len(name) <= 18]
    return AddonUser.objects.filter(
        Q(user__in=ids) | Q(user__username__in=names), listed=True
    ).values("addon")


async def _compatible_versions(
    addons: list[Addon], context: ApiContext, appversion: str
) -> dict[int, Version]:
    """Return each add-on's newest public version that `appversion` runs."""
    rows = await db.fetch(
        queries.public_compatible_apps().filter(
            version__addon__in=[addon.pk for addon in addons],
            application=context.app.id,
        )
    )
    best: dict[int, Version] = {}
    for row in rows:
        if not _runs(row, appversion):
            continue
        version = row.version
        current = best.get(version.addon_id)
        # The newest version: the highest id.
        if current is None or version.pk > current.pk:
            best[version.addon_id] = version
    return best


@router.get(
    "/addons/language-tools/",
    response={200: schemas.LanguageTools, 400: schemas.ValidationErrors},
    summary="Language packs and dictionaries",
    description="Every public language pack and dictionary, not paginated. "
    "With app, appversion and type only those with a version that runs on "
    "it, given as current_compatible_version.",
)
async def language_tools_v5(
    request: HttpRequest, params: Query[LanguageToolsParams]
) -> HttpResponse:
    return await language_tools(request, params, 5)
