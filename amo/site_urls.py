"""Routes of the site's pages; LocaleAppMiddleware strips /<locale>/<app>/."""

import re

from django.urls import include, path, register_converter

from amo.addons import search_views
from amo.addons import views as addon_views
from amo.core.constants import TYPE_LISTINGS
from amo.pages import views as page_views
from amo.users import auth_views
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
    path(
        "addon/<str:slug>/versions/<str:version>/updateinfo/",
        version_views.update_info,
        name="addon-version-updateinfo",
    ),
    path("addon/<str:slug>/privacy/", addon_views.privacy_policy, name="addon-privacy"),
    path("addon/<str:slug>/eula/", addon_views.eula, name="addon-eula"),
    path("addon/<str:slug>/statistics/", include("amo.stats.urls")),
    path("addon/<str:slug>/reviews/", include("amo.ratings.urls")),
    path(
        "addon/<str:slug>/license/<str:version>/",
        addon_views.license_page,
        name="addon-license",
    ),
    path("user/<str:key>/", user_views.profile, name="user-profile"),
    path("developers/", include("amo.devhub.urls")),
    path("users/register/", auth_views.register, name="users-register"),
    path("users/confirm/resend/", auth_views.resend_confirmation, name="users-resend"),
    path("users/confirm/<str:token>/", auth_views.confirm, name="users-confirm"),
    path("users/login/", auth_views.login, name="users-login"),
    path("users/logout/", auth_views.logout, name="users-logout"),
    path("users/pwreset/", auth_views.password_reset, name="users-password-reset"),
    path(
        "users/pwreset/<str:uidb64>/<str:token>/",
        auth_views.password_reset_confirm,
        name="users-password-reset-confirm",
    ),
    path("users/edit/", user_views.edit, name="users-edit"),
    path("users/edit/email/", user_views.change_email, name="users-change-email"),
    path(
        "users/edit/photo/delete/", user_views.delete_photo, name="users-delete-photo"
    ),
    path(
        "users/email/confirm/<str:token>/",
        user_views.confirm_email_change,
        name="users-email-confirm",
    ),
    path("users/delete/", user_views.delete_account, name="users-delete"),
    path("users/api-keys/", user_views.api_keys, name="users-api-keys"),
    path("tag/<str:tag_text>/", addon_views.tag, name="tag"),
    path("about/", page_views.about, name="about"),
    path("faq/", page_views.faq, name="faq"),
    path("search/", search_views.search, name="search"),
    path("reviewers/", include("amo.reviewers.urls")),
    path("collections/", include("amo.collections.urls")),
    path("<listing:type_slug>/", addon_views.browse, name="browse"),
    path(
        "<listing:type_slug>/<slug:category_slug>/",
        addon_views.browse,
        name="browse-category",
    ),
]

handler404 = "amo.core.views.not_found"
handler500 = "amo.core.views.server_error"
