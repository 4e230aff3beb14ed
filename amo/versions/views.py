"""The version history of an add-on, and the release notes of a version."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from amo.addons.views import (
    PageNotFound,
    check_page_in_range,
    find_addon,
    get_listing_page_number,
    page_view,
    render_page,
)
from amo.core.pagination import PAGE_SIZE, Page
from amo.versions import queries


@page_view
async def version_history(request: HttpRequest, slug: str) -> HttpResponse:
    """Render an add-on's public versions, newest first, with their files."""
    number = get_listing_page_number(request)
    found = await find_addon(request, slug)
    if isinstance(found, HttpResponse):
        return found
    addon = found
    history = await queries.get_version_history(
        addon.pk, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE
    )
    page = Page(history.versions, number, history.total)
    check_page_in_range(request, page)
    return await render_page(
        request,
        "versions/history.html",
        {"addon": addon, "page": page, "compatibility": history.compatibility},
    )


@page_view
async def update_info(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    """Render the release notes of a public version, as Firefox shows them.

    The update service links here (update_info_url) only for versions with
    release notes, so a version without them is a 404, as is an unknown one.
    """
    found = await find_addon(request, slug)
    if isinstance(found, HttpResponse):
        return found
    addon = found
    version_row = await queries.get_public_version(addon.pk, version)
    if version_row is None or not version_row.release_notes:
        raise PageNotFound(
            _("This version of the add-on does not exist or has no release notes."),
            f"Version {version!r} of {addon.slug!r} has no release notes.",
        )
    return await render_page(
        request, "versions/updateinfo.html", {"addon": addon, "version": version_row}
    )
