"""The version history of an add-on."""

from django.http import HttpRequest, HttpResponse

from amo.addons.views import (
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
