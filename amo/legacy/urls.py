"""Routes of the old site's URLs, after the /<locale>/<app>/ prefix if any.

LocaleAppMiddleware resolves a path here only when its first segment is
one of amo.legacy.ROOTS (a test checks that every route's root is), so a
new root needs an entry there too. Old URLs came with and without a
trailing slash, so every route takes both. `<id>` is a numeric add-on id,
usually addons.mozilla.org's own (see amo.legacy.queries).
"""

from django.urls import re_path

from amo.legacy import views

ID = r"(?P<number>[0-9]+)"
# An optional trailing slash, then the end of the path.
END = r"/?$"
# The old API: unversioned paths, numbered versions such as 1.5 and 2,
# and v1 to v3. amo serves v4 and v5.
OLD_API = r"(?:addon|search|list|[0-9][0-9.]*|v[1-3])(?:/.*)?$"

# Roots of features that are gone, with every path under them.
GONE_ROOTS = {
    "discovery": views.GONE_DISCOVERY,
    "compatibility": views.GONE_COMPATIBILITY,
    "performance": views.GONE_PERFORMANCE,
    "localizers": views.GONE_LOCALIZERS,
}

api_patterns = [
    re_path(rf"^{OLD_API}", views.api_gone, name="legacy-api"),
]

urlpatterns = [
    # Add-on pages.
    re_path(
        rf"^addons/display/{ID}{END}",
        views.addon_page,
        {"page": "addon-detail"},
        name="legacy-addon-display",
    ),
    re_path(
        rf"^addons/contribute/{ID}{END}",
        views.addon_page,
        {"page": "addon-detail"},
        name="legacy-addon-contribute",
    ),
    re_path(
        rf"^persona/{ID}{END}",
        views.addon_page,
        {"page": "addon-detail"},
        name="legacy-persona",
    ),
    re_path(
        rf"^addons/versions/{ID}(?:/format:rss)?{END}",
        views.addon_page,
        {"page": "addon-versions"},
        name="legacy-addon-versions",
    ),
    re_path(
        rf"^addons/policy/0/{ID}/(?P<file_id>[0-9]+){END}",
        views.addon_eula,
        name="legacy-addon-eula",
    ),
    re_path(
        rf"^addons/policy/0/{ID}{END}",
        views.addon_page,
        {"page": "addon-privacy"},
        name="legacy-addon-privacy",
    ),
    re_path(
        rf"^versions/license/(?P<version_id>[0-9]+){END}",
        views.version_license,
        name="legacy-version-license",
    ),
    re_path(
        rf"^versions/updateInfo/(?P<version_id>[0-9]+){END}",
        views.version_update_info,
        name="legacy-version-updateinfo",
    ),
    # Users.
    re_path(rf"^users/info/{ID}{END}", views.user_info, name="legacy-user-info"),
    # Listings. AMO matched the browse URLs by their start, so anything
    # after the known parts is ignored.
    re_path(
        r"^browse/type:(?P<type_id>[0-9]+)(?:/cat:(?P<category>[^/]+))?"
        r"(?:/sort:(?P<sort>[^/]+))?(?:/format:[^/]+)?(?:/.*)?$",
        views.browse,
        name="legacy-browse",
    ),
    re_path(rf"^bookmarks{END}", views.bookmarks, name="legacy-bookmarks"),
    re_path(
        r"^search-engines[^/]*(?:/.*)?$",
        views.search_engines,
        name="legacy-search-engines",
    ),
    re_path(
        rf"^recommended(?:/format:rss)?{END}",
        views.recommended,
        name="legacy-recommended",
    ),
    re_path(
        rf"^personas(?:/(?P<category>[^/]+))?{END}",
        views.personas,
        name="legacy-personas",
    ),
    # Static pages.
    re_path(rf"^pages/about{END}", views.about, name="legacy-about"),
    re_path(rf"^pages/faq{END}", views.faq, name="legacy-faq"),
    # Developer hub and reviewer tools.
    re_path(
        rf"^developers/addon/edit/{ID}{END}",
        views.devhub_page,
        {"page": "devhub-edit"},
        name="legacy-devhub-edit",
    ),
    re_path(
        rf"^developers/addon/status/{ID}{END}",
        views.devhub_page,
        {"page": "devhub-status"},
        name="legacy-devhub-status",
    ),
    re_path(
        rf"^developers/versions/{ID}{END}",
        views.devhub_page,
        {"page": "devhub-versions"},
        name="legacy-devhub-versions",
    ),
    re_path(
        rf"^developers/addons/{ID}(?:/(?P<rest>.*))?$",
        views.devhub_addon,
        name="legacy-devhub-addon",
    ),
    re_path(r"^editors(?:/(?P<rest>.*))?$", views.editors, name="legacy-editors"),
    # Ratings.
    re_path(
        rf"^reviews/display/{ID}{END}",
        views.addon_page,
        {"page": "ratings-list"},
        name="legacy-reviews",
    ),
    re_path(
        rf"^reviews/add/{ID}{END}",
        views.addon_page,
        {"page": "ratings-add"},
        name="legacy-reviews-add",
    ),
    re_path(
        rf"^addons/reviews/{ID}/format:rss{END}",
        views.addon_page,
        {"page": "ratings-list"},
        name="legacy-reviews-rss",
    ),
    # Collections: /collections/<user>/[<slug>/] and /collections/ are
    # pages of the site, so only the old words under /collections/ are
    # routed here.
    re_path(
        r"^collections/(?P<page>view|edit)/(?P<key>[^/]+)/?$",
        views.collection_by_uuid,
        name="legacy-collections-uuid",
    ),
    re_path(
        r"^collection/(?P<key>[^/]+)/?$",
        views.collection_by_uuid,
        {"page": "view"},
        name="legacy-collection",
    ),
    re_path(
        r"^collections/(?:mine|favorites|following)(?:/.*)?$",
        views.my_collections,
        name="legacy-collections-mine",
    ),
    re_path(
        r"^collections/(?:view|edit|editors_picks|popular)(?:/.*)?$",
        views.collections_home,
        name="legacy-collections",
    ),
    # Features that are gone: 410.
    re_path(
        rf"^(?:top-tags|tags/top){END}",
        views.gone,
        {"reason": views.GONE_TOP_TAGS},
        name="legacy-top-tags",
    ),
    *(
        re_path(
            rf"^{root}(?:/.*)?$", views.gone, {"reason": reason}, name=f"legacy-{root}"
        )
        for root, reason in GONE_ROOTS.items()
    ),
    # The old API under the site's prefix, as its clients called it.
    re_path(rf"^api/{OLD_API}", views.api_gone, name="legacy-prefixed-api"),
]

handler404 = "amo.core.views.not_found"
handler500 = "amo.core.views.server_error"
