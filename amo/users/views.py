"""Profile pages of add-on authors."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from amo.addons import queries as addon_queries
from amo.addons.views import (
    PageNotFound,
    check_page_in_range,
    get_listing_page_number,
    page_view,
    render_page,
)
from amo.core.pagination import PAGE_SIZE, Page
from amo.users import queries

NO_PROFILE = _("No author has a public profile at this address.")


@page_view
async def profile(request: HttpRequest, key: str) -> HttpResponse:
    """Render an author's profile and the add-ons they are listed on.

    Only authors of at least one listed add-on have a public profile;
    other accounts are a 404, so the page exposes no one else.
    """
    number = get_listing_page_number(request)
    user = await queries.get_profile(key)
    if user is None:
        raise PageNotFound(NO_PROFILE, f"No user {key!r}.")
    addons, total = await addon_queries.get_listing_page(
        addon_queries.ListingFilter(author_id=user.pk),
        sort="users",
        offset=(number - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
    )
    if total == 0:
        raise PageNotFound(
            NO_PROFILE, f"User {key!r} is the listed author of no public add-on."
        )
    page = Page(addons, number, total)
    check_page_in_range(request, page)
    previews = addon_queries.theme_previews(addons)
    return await render_page(
        request,
        "users/profile.html",
        {"profile": user, "page": page, "previews": previews},
    )
