"""Routes outside the /<locale>/<app>/ prefix."""

from django.contrib import admin
from django.urls import include, path, re_path

from amo.api.main import api_v4, api_v5
from amo.core import views
from amo.files import views as file_views
from amo.legacy import urls as legacy_urls

urlpatterns = [
    # First, because load balancers poll them the most.
    path("__lbheartbeat__", views.lbheartbeat, name="lbheartbeat"),
    path("__heartbeat__", views.heartbeat, name="heartbeat"),
    path("__version__", views.version, name="version"),
    path("admin/", admin.site.urls),
    path("api/v5/", api_v5.urls),
    path("api/v4/", api_v4.urls),
    # The API versions before v4: 410 Gone.
    path("api/", include(legacy_urls.api_patterns)),
    path(
        "icons/letter/<str:codepoint>/<str:colour>/<int:size>.png",
        views.letter_icon,
        name="letter-icon",
    ),
    # Downloads live outside the /<locale>/<app>/ prefix, as on AMO, so a
    # package has one URL per application whatever the page's locale.
    path(
        "<str:app>/downloads/file/<int:file_id>/type:attachment/<str:filename>",
        file_views.download_file,
        {"attachment": True},
        name="file-download-attachment",
    ),
    path(
        "<str:app>/downloads/file/<int:file_id>/<str:filename>",
        file_views.download_file,
        name="file-download",
    ),
    path(
        "<str:app>/downloads/file/<int:file_id>/",
        file_views.download_file,
        name="file-download-unnamed",
    ),
    path(
        "<str:app>/downloads/source/<int:version_id>",
        file_views.download_source,
        name="source-download",
    ),
    # AMO's links to an add-on's current package: latest/<id, slug or
    # guid>/, then optionally platform:<n>/ (which old links carry and
    # which is ignored) and type:attachment, then an ignored file name.
    re_path(
        r"^(?P<app>[^/]+)/downloads/latest/(?P<key>[^/]+)/(?:platform:\d+/)?"
        r"(?:(?P<attachment>type:attachment)(?:/[^/]*)?|[^/]*)$",
        file_views.download_latest,
        name="file-download-latest",
    ),
]

handler404 = "amo.core.views.not_found"
handler500 = "amo.core.views.server_error"
