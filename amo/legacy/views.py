"""Redirects from the old site's URLs to today's pages, and 410 pages.

LocaleAppMiddleware has set `request.LANG` and `request.APP` from the old
URL's prefix, `?lang=` or Accept-Language, so each view redirects to the
final URL in one hop. Redirects whose target is known for good are 301s.
The old directory of collections gets a 302 to the home page for now,
because amo has no page for it yet.
"""

import uuid
from typing import Any

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    JsonResponse,
)
from django.urls import is_valid_path
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.encoding import escape_uri_path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from amo.addons.views import ADDON_NOT_FOUND, PageNotFound, page_view, render_page
from amo.collections import listing as collection_listing
from amo.collections import queries as collection_queries
from amo.core import urls
from amo.devhub.decorators import signed_in_user
from amo.legacy import browse as legacy_browse
from amo.legacy import queries
from amo.reviewers.queries import QUEUES_BY_SLUG
from amo.users.permissions import aauthor_role
from amo.users.views import NO_PROFILE

# Seconds clients may keep a redirect: a year for the browse URLs, as AMO
# sent them, and an hour for the others, because slugs may change.
BROWSE_MAX_AGE = 365 * 24 * 3600
MAX_AGE = 3600

# Queues of the old editor tools, by slug, to amo's.
EDITOR_QUEUES = {"pending": "pending", "nominated": "pending", "preliminary": "pending"}

VERSION_NOT_FOUND = _("This version of the add-on does not exist or is not public.")

# The sentence the 410 page shows for each feature the site no longer has.
GONE_TOP_TAGS = _(
    "The list of top tags is gone. Each add-on’s page links to its tags, and "
    "the search finds add-ons by tag."
)
GONE_DISCOVERY = _(
    "The old discovery pane of Firefox’s add-ons manager is gone. The "
    "recommended extensions take its place."
)
GONE_COMPATIBILITY = _(
    "The add-on compatibility reports are gone. Each add-on’s page lists the "
    "Firefox versions it works with."
)
GONE_PERFORMANCE = _("The add-on performance reports are gone.")
GONE_LOCALIZERS = _("The localizers’ dashboard is gone.")


# --- Helpers ---------------------------------------------------------------


def site_path(request: HttpRequest, name: str, *args: Any, **kwargs: Any) -> str:
    return urls.site_path(
        name,
        *args,
        locale=request.LANG,  # type: ignore[attr-defined]
        app=request.APP,  # type: ignore[attr-defined]
        **kwargs,
    )


def prefixed(request: HttpRequest, path: str) -> str:
    """Return `path`, a decoded site path from its first "/", percent-encoded
    under the request's prefix."""
    prefix = f"/{request.LANG}/{request.APP}"  # type: ignore[attr-defined]
    return prefix + escape_uri_path(path)


def kept_query(request: HttpRequest) -> str:
    """Return the request's query string without `lang`, which the prefix
    of the target already carries."""
    query = request.GET.copy()
    query.pop("lang", None)
    return query.urlencode()


def moved(location: str, *, max_age: int = MAX_AGE) -> HttpResponse:
    """Return a 301 to `location` that clients may keep `max_age` seconds."""
    response = HttpResponsePermanentRedirect(location)
    response["Cache-Control"] = f"max-age={max_age}"
    return response


def moved_for_now(location: str) -> HttpResponse:
    """Return a 302 to `location`, for targets that will change."""
    response = HttpResponseRedirect(location)
    response["Cache-Control"] = "max-age=0"
    return response


async def public_addon_slug(number: str) -> str:
    """Return the slug of the listed add-on an old id names, or raise 404."""
    addon_id = queries.parse_id(number)
    addon = await queries.get_addon(addon_id) if addon_id is not None else None
    if addon is None or not addon.is_public:
        raise PageNotFound(ADDON_NOT_FOUND, f"No listed add-on with old id {number}.")
    return addon.slug


async def public_version(version_id: str) -> queries.VersionRef:
    number = queries.parse_id(version_id)
    found = await queries.get_public_version(number) if number is not None else None
    if found is None:
        raise PageNotFound(VERSION_NOT_FOUND, f"No public version {version_id}.")
    return found


# --- Add-ons ---------------------------------------------------------------


@page_view
async def addon_page(request: HttpRequest, number: str, page: str) -> HttpResponse:
    """Redirect an old add-on URL to the route `page` under the add-on's slug.

    Serves `/addons/display/<id>`, `/persona/<id>`, `/addons/contribute/<id>`,
    `/addons/versions/<id>` (and its RSS feed, which amo does not have),
    `/addons/policy/0/<id>`, `/reviews/display/<id>`, `/reviews/add/<id>`
    and `/addons/reviews/<id>/format:rss`.
    """
    slug = await public_addon_slug(number)
    return moved(site_path(request, page, slug))


@page_view
async def addon_eula(request: HttpRequest, number: str, file_id: str) -> HttpResponse:
    """Redirect `/addons/policy/0/<id>/<file id>` to the add-on's EULA, which
    amo keeps per add-on rather than per file."""
    slug = await public_addon_slug(number)
    return moved(site_path(request, "addon-eula", slug))


@page_view
async def version_license(request: HttpRequest, version_id: str) -> HttpResponse:
    """Redirect `/versions/license/<version id>` to that version's licence."""
    found = await public_version(version_id)
    return moved(site_path(request, "addon-license", found.addon_slug, found.version))


@page_view
async def version_update_info(request: HttpRequest, version_id: str) -> HttpResponse:
    """Redirect `/versions/updateInfo/<version id>` to that version's release
    notes."""
    found = await public_version(version_id)
    return moved(
        site_path(request, "addon-version-updateinfo", found.addon_slug, found.version)
    )


# --- Users -----------------------------------------------------------------


@page_view
async def user_info(request: HttpRequest, number: str) -> HttpResponse:
    """Redirect `/users/info/<id>` to the user's profile."""
    user_id = queries.parse_id(number)
    found = await queries.get_user_id(user_id) if user_id is not None else None
    if found is None:
        raise PageNotFound(NO_PROFILE, f"No active user with old id {number}.")
    return moved(site_path(request, "user-profile", found))


# --- Listings --------------------------------------------------------------


@page_view
async def browse(
    request: HttpRequest,
    type_id: str,
    category: str | None = None,
    sort: str | None = None,
) -> HttpResponse:
    """Redirect `/browse/type:<t>[/cat:<c>][/sort:<s>][/format:rss]?sort=<s>`.

    A sort in the query string wins over one in the path. As on AMO, an
    unknown sort is dropped, and so is every other query parameter.
    """
    listing = legacy_browse.listing_for(type_id)
    category_slug = legacy_browse.category_for(listing, category)
    found_sort = legacy_browse.sort_for(request.GET.get("sort"), sort)
    query = {"sort": found_sort} if found_sort else None
    if category_slug:
        location = site_path(
            request, "browse-category", listing.slug, category_slug, query=query
        )
    else:
        location = site_path(request, "browse", listing.slug, query=query)
    return moved(location, max_age=BROWSE_MAX_AGE)


@page_view
async def bookmarks(request: HttpRequest) -> HttpResponse:
    return moved(site_path(request, "browse-category", "extensions", "bookmarks"))


@page_view
async def search_engines(request: HttpRequest) -> HttpResponse:
    return moved(site_path(request, "browse", "search-tools"))


@page_view
async def recommended(request: HttpRequest) -> HttpResponse:
    """Redirect `/recommended` and its feed to the recommended extensions."""
    return moved(
        site_path(request, "browse", "extensions", query={"promoted": "recommended"})
    )


@page_view
async def personas(request: HttpRequest, category: str | None = None) -> HttpResponse:
    """Redirect `/personas/[<category>]` to the themes, which now list the
    lightweight themes.

    Old category names had spaces ("film and tv"). A name that is no theme
    category leads to the whole listing.
    """
    slug = legacy_browse.theme_category(category)
    if slug:
        return moved(site_path(request, "browse-category", "themes", slug))
    return moved(site_path(request, "browse", "themes"))


# --- Static pages ----------------------------------------------------------


@page_view
async def about(request: HttpRequest) -> HttpResponse:
    return moved(site_path(request, "about"))


@page_view
async def faq(request: HttpRequest) -> HttpResponse:
    return moved(site_path(request, "faq"))


# --- Developer hub and reviewer tools --------------------------------------


async def find_devhub_slug(
    request: HttpRequest, number: str
) -> tuple[str | None, bool]:
    """Return the slug of the add-on an old devhub URL names, for this
    visitor, and whether the result depends on the session.

    The slug of an add-on that is not public is for its authors only, so
    other visitors get None and go to the dashboard of their own add-ons,
    which asks them to log in first. An unknown or deleted add-on raises
    a 404.
    """
    addon_id = queries.parse_id(number)
    addon = await queries.get_addon(addon_id) if addon_id is not None else None
    if addon is None or addon.is_deleted:
        raise PageNotFound(ADDON_NOT_FOUND, f"No add-on with old id {number}.")
    if addon.is_public:
        return addon.slug, False
    user = await signed_in_user(request)
    is_author = user is not None and await aauthor_role(user, addon.pk) is not None
    return (addon.slug if is_author else None), True


def devhub_redirect(location: str, private: bool) -> HttpResponse:
    response = moved(location)
    if private:
        response["Cache-Control"] = "private, no-store"
        patch_vary_headers(response, ("Cookie",))
    return response


@page_view
async def devhub_page(request: HttpRequest, number: str, page: str) -> HttpResponse:
    """Redirect `/developers/addon/edit/<id>` and the like to the devhub
    route `page` of that add-on."""
    slug, private = await find_devhub_slug(request, number)
    if slug is None:
        return devhub_redirect(site_path(request, "devhub-addons"), private)
    return devhub_redirect(site_path(request, page, slug), private)


@page_view
async def devhub_addon(
    request: HttpRequest, number: str, rest: str = ""
) -> HttpResponse:
    """Redirect `/developers/addons/<id>/<page>` to that page under the
    add-on's slug when amo has it, else to the add-on's edit page."""
    slug, private = await find_devhub_slug(request, number)
    if slug is None:
        return devhub_redirect(site_path(request, "devhub-addons"), private)
    page = rest.strip("/")
    path = f"/developers/addon/{slug}/{page}/"
    if page and is_valid_path(path, urls.SITE_URLCONF):
        location = prefixed(request, path)
    else:
        location = site_path(request, "devhub-edit", slug)
    return devhub_redirect(location, private)


@page_view
async def editors(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Redirect `/editors/<page>` to the same page of the reviewer tools, if
    amo has it, else to their dashboard. The query string is kept."""
    path = reviewer_path(rest)
    location = prefixed(request, path)
    query = kept_query(request)
    if query:
        location += "?" + query
    return moved(location)


def reviewer_path(rest: str) -> str:
    """Return the reviewer tools' path for the old editor tools' `rest`.

    The old queues of new add-ons (nominated, preliminary) and of updates
    (pending) are amo's one queue of listed versions awaiting review; the
    queue of flagged reviews is the rating moderation page.
    """
    parts = rest.strip("/").split("/")
    if parts[:2] == ["queue", "reviews"]:
        return "/reviewers/ratings/"
    if parts[0] == "queue":
        queue = EDITOR_QUEUES.get(parts[1]) if len(parts) > 1 else None
        if queue is None and len(parts) > 1 and parts[1] in QUEUES_BY_SLUG:
            queue = parts[1]
        return f"/reviewers/queue/{queue}/" if queue else "/reviewers/"
    path = "/reviewers/" + rest
    if is_valid_path(path, urls.SITE_URLCONF):
        return path
    if is_valid_path(path + "/", urls.SITE_URLCONF):
        return path + "/"
    return "/reviewers/"


# --- Collections ------------------------------------------------------------

COLLECTION_NOT_FOUND = _(
    "Sorry, we can’t find this collection. It may be private, it may have been "
    "deleted, or the link may be wrong."
)


@page_view
async def collections_home(request: HttpRequest) -> HttpResponse:
    """Redirect the old directory of collections to the home page.

    amo has no directory; the home page shows the featured collections.
    """
    return moved_for_now(site_path(request, "home"))


@page_view
async def my_collections(request: HttpRequest) -> HttpResponse:
    """Redirect the old lists of one's own and followed collections to
    /collections/, which lists the user's collections and favourites."""
    return moved(site_path(request, "collections-mine"))


@page_view
async def collection_by_uuid(request: HttpRequest, page: str, key: str) -> HttpResponse:
    """Redirect `/collection/<uuid>`, `/collections/view/<uuid>` and
    `/collections/edit/<uuid>` to the collection's page or edit page.

    The query string is kept. A private collection is found only for its
    owner and admins, so the answer depends on the visitor and is not
    kept by shared caches. A key that is no UUID (AMO's nicknames, which
    amo does not store) is a 404.
    """
    try:
        number = uuid.UUID(key)
    except ValueError:
        raise PageNotFound(
            COLLECTION_NOT_FOUND, f"Collection key {key[:50]!r} is not a UUID."
        ) from None
    found = await collection_listing.collection_id_by_uuid(number)
    user = await request.auser()
    viewer = user if user.is_authenticated else None
    collection = (
        await collection_queries.get_collection_by_id(found, viewer=viewer)
        if found is not None
        else None
    )
    if collection is None:
        raise PageNotFound(COLLECTION_NOT_FOUND, f"No visible collection {key!r}.")
    route = "collections-edit" if page == "edit" else "collections-detail"
    location = site_path(
        request,
        route,
        collection_listing.owner_key(collection.author),
        collection.slug,
    )
    query = kept_query(request)
    if query:
        location += "?" + query
    response = moved(location)
    if not collection.public:
        patch_cache_control(response, private=True)
        patch_vary_headers(response, ("Cookie",))
    return response


# --- Features that are gone ------------------------------------------------


@require_safe
async def gone(request: HttpRequest, reason: Any) -> HttpResponse:
    """Render the 410 page: what was here, and a link to the home page."""
    response = await render_page(
        request, "errors/410.html", {"reason": reason}, status=410
    )
    response["Cache-Control"] = f"max-age={MAX_AGE}"
    return response


async def api_gone(request: HttpRequest) -> HttpResponse:
    """Return a 410 in AMO's error shape, for any method, from the API
    versions before v4."""
    return JsonResponse(
        {
            "detail": gettext(
                "This version of the API was removed. Use the API at /api/v5/ instead."
            )
        },
        status=410,
        headers={"Cache-Control": f"max-age={MAX_AGE}"},
    )
