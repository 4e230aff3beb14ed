"""Routes of the site's pages; LocaleAppMiddleware strips /<locale>/<app>/."""

import re

from django.urls import include, path, register_converter

from amo.addons import search_views
from amo.addons import views as addon_views
from amo.core.constants import TYPE_LISTINGS
from amo.users import views as user_views
from amo.versions import views as version_views


class ListingSlugConverter:
    """The slug of a browse section of TYPE_LISTINGS, such as `extensions`."""

    regex = "|".join(re.escape(listing.slug) for listing in TYPE_LISTINGS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ListingSlugConverter, "listing")

urlpatterns = [
    path("", addon_views.home, name="home"),
    path("addon/<str:slug>/", addon_views.detail, name="addon-detail"),
    path(
        "addon/<str:slug>/versions/",
        version_views.version_history,
        name="addon-versions",
    ),
    path("addon/<str:slug>/privacy/", addon_views.privacy_policy, name="addon-privacy"),
    path("addon/<str:slug>/eula/", addon_views.eula, name="addon-eula"),
    path(
        "addon/<str:slug>/license/<str:version>/",
        addon_views.license_page,
        name="addon-license",
    ),
    path("user/<str:key>/", user_views.profile, name="user-profile"),
    path("developers/", include("amo.devhub.urls")),
    path("tag/<str:tag_text>/", addon_views.tag, name="tag"),
    path("search/", search_views.search, name="search"),
    path("reviewers/", include("amo.reviewers.urls")),
    path("<listing:type_slug>/", addon_views.browse, name="browse"),
    path(
        "<listing:type_slug>/<slug:category_slug>/",
        addon_views.browse,
        name="browse-category",
    ),
]

handler404 = "amo.core.views.not_found"
handler500 = "amo.core.views.server_error"
