"""Pages of the store: home, add-on detail and its policies, listings."""

import functools
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import babel.numbers
import structlog
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from amo.addons import queries
from amo.addons.icons import icon_url
from amo.addons.models import Addon
from amo.collections import listing as collection_listing
from amo.collections import queries as collection_queries
from amo.core import i18n, urls
from amo.core.constants import (
    APPS,
    TYPE_LISTINGS_BY_SLUG,
    FileStatus,
    PromotedCategory,
    listing_for_type,
)
from amo.core.pagination import (
    MAX_PAGES,
    PAGE_SIZE,
    Page,
    check_in_range,
    get_page_number,
)
from amo.core.templates import render
from amo.files.models import File
from amo.files.views import file_download_path
from amo.ratings import listing as rating_listing
from amo.versions import queries as version_queries

log = structlog.get_logger(__name__)

SORT_LABELS = {
    "users": _("Most users"),
    "rating": _("Top rated"),
    "created": _("Newest"),
    "updated": _("Recently updated"),
    "name": _("Name"),
    "downloads": _("Weekly downloads"),
}
# Sort names of AMO's old listing URLs, redirected to the current ones.
LEGACY_SORTS = {
    "popular": "users",
    "newest": "created",
    "averagerating": "rating",
    "weeklydownloads": "downloads",
}
# Values of ?promoted= that browse pages filter on.
BROWSE_PROMOTED = {PromotedCategory.RECOMMENDED.value}


# --- Helpers the page templates call ------------------------------------


def safe_url(value: str | None) -> str:
    """Return `value` when it is an http(s) URL that may be linked, else "".

    Authors and importers write these URLs; a `javascript:` or relative one
    must never reach an href.
    """
    if not value:
        return ""
    value = value.strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ""
    return value


def mailto_url(value: str | None) -> str:
    """Return a mailto: URL for a valid address, else ""."""
    if not value:
        return ""
    try:
        validate_email(value.strip())
    except ValidationError:
        return ""
    return f"mailto:{value.strip()}"


def addon_icon_url(addon: Addon, size: int) -> str:
    # sort_name is the default-locale name, so a letter icon shows the same
    # letter in every locale of the site.
    return icon_url(addon, size, addon.sort_name)


def is_downloadable(file: File | None) -> bool:
    """Return whether the download view serves `file`: approved and stored."""
    return file is not None and file.status == FileStatus.PUBLIC and bool(file.file)


def compatibility_range(compat: Any) -> dict[str, Any]:
    """Return the application and version range of a compatibility row."""
    app = next((app for app in APPS.values() if app.id == compat.application), None)
    return {
        "app": app.pretty if app else str(compat.application),
        "min": compat.min,
        "max": "" if compat.max == "*" else compat.max,
    }


async def render_page(
    request: HttpRequest,
    template_name: str,
    context: dict[str, Any],
    *,
    status: int = 200,
) -> HttpResponse:
    """Render a store page with the helpers its templates call.

    The helpers compute URLs from already fetched rows; none of them reads
    the database.
    """
    helpers = {
        "icon_url": addon_icon_url,
        "download_path": functools.partial(file_download_path, request.APP),  # type: ignore[attr-defined]
        "safe_url": safe_url,
        "mailto_url": mailto_url,
        "is_downloadable": is_downloadable,
        "compatibility_range": compatibility_range,
        "SORT_LABELS": SORT_LABELS,
    }
    return await render(request, template_name, {**helpers, **context}, status=status)


class PageNotFound(Http404):
    """A 404 whose page shows the visitor what is missing.

    `reason` is the translatable sentence the page shows; the exception's
    own message names the missing value for the logs.
    """

    def __init__(self, reason: Any, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


ADDON_NOT_FOUND = _(
    "Sorry, we can’t find this add-on. It may have been removed, or the link "
    "may be wrong."
)

PageView = Callable[..., Coroutine[Any, Any, HttpResponse]]


def page_view(view: PageView) -> PageView:
    """Make `view` a store page: GET and HEAD only, and 404s with a reason.

    Other methods get 405 with `Allow: GET, HEAD`. A PageNotFound raised
    by the view renders the 404 page with its reason; any other Http404
    reaches Django's handler, whose page is generic.
    """

    @functools.wraps(view)
    async def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return await view(request, *args, **kwargs)
        except PageNotFound as error:
            # The path and the detail may be long, so the log keeps a prefix.
            log.info("page not found", path=request.path[:200], detail=str(error)[:200])
            return await render_page(
                request, "errors/404.html", {"reason": error.reason}, status=404
            )

    return require_safe(wrapper)


def get_listing_page_number(request: HttpRequest) -> int:
    """Return the ?page= of a listing, or raise PageNotFound.

    The 404 page gives the reason: the number is invalid, or lies past the
    MAX_PAGES pages that listings show.
    """
    raw = request.GET.get("page", "")
    # int() rejects strings of more than 4,300 digits, so a long number is
    # compared by its length first.
    if (
        raw.isascii()
        and raw.isdigit()
        and (len(raw.lstrip("0")) > len(str(MAX_PAGES)) or int(raw) > MAX_PAGES)
    ):
        reason = gettext(
            "Listings show their first %(num)s pages only. Pick a category or "
            "another sort to see other add-ons."
        ) % {"num": format_number(request, MAX_PAGES)}
        raise PageNotFound(reason, f"Page {raw[:20]} is past page {MAX_PAGES}.")
    try:
        return get_page_number(request)
    except Http404 as error:
        reason = gettext("This page number is not valid.")
        raise PageNotFound(reason, str(error)) from error


def check_page_in_range(request: HttpRequest, page: Page) -> None:
    """Raise PageNotFound when `page` lies past its listing's last page."""
    try:
        check_in_range(page)
    except Http404 as error:
        reason = ngettext(
            "This listing has only %(num)s page.",
            "This listing has only %(num)s pages.",
            page.num_pages,
        ) % {"num": format_number(request, page.num_pages)}
        raise PageNotFound(reason, str(error)) from error


def format_number(request: HttpRequest, value: int) -> str:
    return babel.numbers.format_decimal(
        value,
        locale=i18n.babel_locale(request.LANG),  # type: ignore[attr-defined]
    )


def _redirect_to_route(
    request: HttpRequest,
    *,
    permanent: bool,
    query: dict[str, Any] | None = None,
    **kwargs: Any,
) -> HttpResponse:
    """Redirect to the request's own route with some arguments replaced.

    The query string is kept, except for the keys that `query` sets or
    removes (an empty value removes a key).
    """
    match = request.resolver_match
    assert match is not None
    assert match.url_name
    path = urls.site_path(
        match.url_name,
        locale=request.LANG,  # type: ignore[attr-defined]
        app=request.APP,  # type: ignore[attr-defined]
        **{**match.kwargs, **kwargs},
    )
    if query is None:
        encoded = request.GET.urlencode()
    else:
        copy = request.GET.copy()
        for key, value in query.items():
            copy.pop(key, None)
            if value not in (None, ""):
                copy[key] = value
        encoded = copy.urlencode()
    if encoded:
        path += "?" + encoded
    redirect = HttpResponsePermanentRedirect if permanent else HttpResponseRedirect
    return redirect(path)


async def find_addon(request: HttpRequest, slug: str) -> Addon | HttpResponse:
    """Return the listed add-on of the URL, or a redirect to its slug URL.

    A slug in another case or with surrounding spaces, a number (an
    addons.mozilla.org id, else a local id) or a guid in place of the slug
    redirects with 301 to the same page under the slug. An unknown or
    non-public add-on raises PageNotFound. Slugs are tried first, so an add-on
    whose slug is all digits keeps its page.
    """
    key = slug.strip()
    if "@" in key or "{" in key:
        found = await queries.get_addon_slug_by_guid(key)
    else:
        addon = await queries.get_addon_by_slug(slug)
        if addon is not None:
            if addon.slug != slug:
                # MariaDB compares slugs without case or trailing spaces.
                return _redirect_to_route(request, permanent=True, slug=addon.slug)
            return addon
        found = None
        # A key without letters or spaces has no other spelling.
        if key != slug or key.lower() != key.upper():
            found = await queries.get_addon_slug_by_spelling(key)
        # 19 digits hold any 64-bit id; int() raises past 4300 digits.
        if found is None and key.isascii() and key.isdigit() and len(key) <= 19:
            found = await queries.get_addon_slug_by_number(int(key))
    if found is None:
        raise PageNotFound(ADDON_NOT_FOUND, f"No listed add-on {slug!r}.")
    return _redirect_to_route(request, permanent=True, slug=found)


def _app_id(request: HttpRequest) -> int:
    return APPS[request.APP].id  # type: ignore[attr-defined]


def _get_sort(request: HttpRequest) -> str | HttpResponse:
    """Return the ?sort= of a listing, or a redirect that corrects it.

    An old AMO sort name redirects permanently to its current name; an
    unknown one redirects to the default sort, so the page shows plainly
    which order it lists.
    """
    sort = request.GET.get("sort", "")
    if sort == "":
        return queries.DEFAULT_SORT
    if sort in queries.LISTING_SORTS:
        return sort
    if sort in LEGACY_SORTS:
        return _redirect_to_route(
            request, permanent=True, query={"sort": LEGACY_SORTS[sort], "page": ""}
        )
    return _redirect_to_route(request, permanent=False, query={"sort": "", "page": ""})


# --- Pages ---------------------------------------------------------------


@dataclass(frozen=True)
class Shelf:
    key: str
    title: Any
    type_slug: str
    query: dict[str, str]


HOME_SHELVES = (
    Shelf(
        "recommended_extensions",
        _("Recommended extensions"),
        "extensions",
        {"promoted": "recommended"},
    ),
    Shelf(
        "popular_extensions", _("Popular extensions"), "extensions", {"sort": "users"}
    ),
    Shelf(
        "top_rated_extensions",
        _("Top rated extensions"),
        "extensions",
        {"sort": "rating"},
    ),
    Shelf(
        "updated_extensions",
        _("Recently updated extensions"),
        "extensions",
        {"sort": "updated"},
    ),
    Shelf(
        "recommended_themes",
        _("Recommended themes"),
        "themes",
        {"promoted": "recommended"},
    ),
    Shelf("popular_themes", _("Popular themes"), "themes", {"sort": "users"}),
    Shelf("top_rated_themes", _("Top rated themes"), "themes", {"sort": "rating"}),
    Shelf(
        "updated_themes", _("Recently updated themes"), "themes", {"sort": "updated"}
    ),
)


@page_view
async def home(request: HttpRequest) -> HttpResponse:
    results = await queries.get_home_shelves()
    previews = queries.theme_previews(
        [addon for addons in results.values() for addon in addons]
    )
    shelves = [(shelf, results[shelf.key]) for shelf in HOME_SHELVES]
    featured = collection_listing.build_cards(
        request,
        await collection_queries.featured_collections(
            limit=collection_listing.FEATURED_ON_HOME
        ),
    )
    return await render_page(
        request,
        "addons/home.html",
        {
            "shelves": shelves,
            # The key of the shelves' cached fragment.
            "shelf_ids": [[addon.pk for addon in addons] for _, addons in shelves],
            "previews": previews,
            "featured_collections": featured,
            "empty": not any(results.values()),
        },
    )


@page_view
async def detail(request: HttpRequest, slug: str) -> HttpResponse:
    found = await find_addon(request, slug)
    if isinstance(found, HttpResponse):
        return found
    addon = found
    details = await queries.get_addon_details(addon, _app_id(request))
    version = addon.current_version
    file = getattr(version, "file", None) if version is not None else None
    # Signed-in visitors bypass the page cache, so their own rating and the
    # rating form are never shown to anyone else.
    viewer = await rating_listing.signed_in_user(request)
    ratings = await rating_listing.get_addon_page_context(viewer, addon)
    # Anonymous pages are cached whole, so the collections widget is for
    # signed-in users only, whose requests bypass the page cache.
    widget = None
    if viewer is not None:
        widget = await collection_listing.get_widget(viewer.pk, addon.pk)
    response = await render_page(
        request,
        "addons/detail.html",
        {
            "addon": addon,
            "version": version,
            "file": file,
            "details": details,
            "listing": listing_for_type(addon.type),
            "collection_widget": widget,
            **ratings,
        },
    )
    if widget is not None:
        patch_cache_control(response, private=True)
    return response


async def _policy_page(
    request: HttpRequest, slug: str, field: str, title: Any
) -> HttpResponse:
    found = await find_addon(request, slug)
    if isinstance(found, HttpResponse):
        return found
    addon = found
    if not getattr(addon, field):
        # An add-on without this text has no such page; its detail page
        # is the nearest thing.
        return HttpResponseRedirect(
            urls.site_path(
                "addon-detail",
                addon.slug,
                locale=request.LANG,  # type: ignore[attr-defined]
                app=request.APP,  # type: ignore[attr-defined]
            )
        )
    return await render_page(
        request,
        "addons/policy.html",
        {"addon": addon, "text": getattr(addon, field), "title": title},
    )


@page_view
async def privacy_policy(request: HttpRequest, slug: str) -> HttpResponse:
    return await _policy_page(request, slug, "privacy_policy", _("Privacy policy"))


@page_view
async def eula(request: HttpRequest, slug: str) -> HttpResponse:
    return await _policy_page(request, slug, "eula", _("End-user license agreement"))


@page_view
async def license_page(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    """Render the licence of one public version of an add-on."""
    found = await find_addon(request, slug)
    if isinstance(found, HttpResponse):
        return found
    addon = found
    version_row = await version_queries.get_public_version(addon.pk, version)
    if version_row is None or version_row.license is None:
        raise PageNotFound(
            _("This version of the add-on does not exist or has no licence."),
            f"Version {version!r} of {addon.slug!r} has no licence.",
        )
    return await render_page(
        request,
        "addons/license.html",
        {"addon": addon, "version": version_row, "license": version_row.license},
    )


@page_view
async def browse(
    request: HttpRequest, type_slug: str, category_slug: str | None = None
) -> HttpResponse:
    """Render one page of a type's listing, or of one of its categories."""
    section = TYPE_LISTINGS_BY_SLUG[type_slug]
    sort = _get_sort(request)
    if isinstance(sort, HttpResponse):
        return sort
    promoted = request.GET.get("promoted", "")
    if promoted and promoted not in BROWSE_PROMOTED:
        return _redirect_to_route(request, permanent=False, query={"promoted": ""})
    number = get_listing_page_number(request)

    categories = await queries.get_categories(_app_id(request), section.category_type)
    category = None
    if category_slug is not None:
        category = next((c for c in categories if c.slug == category_slug), None)
        if category is None:
            raise PageNotFound(
                _("This category does not exist."),
                f"No category {category_slug!r} of {type_slug}.",
            )

    listing = queries.ListingFilter(
        section.types,
        category_id=category.pk if category else None,
        promoted=promoted,
    )
    addons, total = await queries.get_listing_page(
        listing, sort=sort, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE
    )
    page = Page(addons, number, total)
    check_page_in_range(request, page)
    previews = queries.theme_previews(addons)
    return await render_page(
        request,
        "addons/browse.html",
        {
            "section": section,
            "categories": categories,
            "category": category,
            "sort": sort,
            "promoted": promoted,
            "page": page,
            "previews": previews,
        },
    )


@page_view
async def tag(request: HttpRequest, tag_text: str) -> HttpResponse:
    """Render the listed add-ons that carry one tag."""
    sort = _get_sort(request)
    if isinstance(sort, HttpResponse):
        return sort
    number = get_listing_page_number(request)
    tag_row = await queries.get_tag(tag_text)
    if tag_row is None:
        raise PageNotFound(_("No add-on carries this tag."), f"No tag {tag_text!r}.")
    if tag_row.tag_text != tag_text:
        # Another case or surrounding spaces: one URL per tag.
        return _redirect_to_route(request, permanent=True, tag_text=tag_row.tag_text)
    addons, total = await queries.get_listing_page(
        queries.ListingFilter(tag_id=tag_row.pk),
        sort=sort,
        offset=(number - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
    )
    page = Page(addons, number, total)
    check_page_in_range(request, page)
    previews = queries.theme_previews(addons)
    return await render_page(
        request,
        "addons/tag.html",
        {"tag": tag_row, "sort": sort, "page": page, "previews": previews},
    )
