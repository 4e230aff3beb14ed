"""Routes of the developer hub, under /<locale>/<app>/developers/.

Add-on pages take the add-on's slug. Route names start with "devhub-".
"""

from django.urls import include, path, register_converter

from amo.devhub import submit_views, views


class ChannelConverter:
    """The distribution channel of a submission: listed or unlisted."""

    regex = "listed|unlisted"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ChannelConverter, "channel")

addon_patterns = [
    path("edit/", views.edit, name="devhub-edit"),
    path("media/", views.media, name="devhub-media"),
    path("media/icon/", views.upload_icon, name="devhub-icon-upload"),
    path("media/icon/remove/", views.remove_icon, name="devhub-icon-remove"),
    path("media/status/", views.image_status, name="devhub-image-status"),
    path("media/screenshots/", views.edit_previews, name="devhub-previews-edit"),
    path("media/screenshots/add/", views.add_preview, name="devhub-preview-add"),
    path(
        "media/screenshots/<int:preview_id>/delete/",
        views.delete_preview,
        name="devhub-preview-delete",
    ),
    path("ownership/", views.authors, name="devhub-authors"),
    path("ownership/add/", views.add_author, name="devhub-author-add"),
    path(
        "ownership/<int:addonuser_id>/remove/",
        views.remove_author,
        name="devhub-author-remove",
    ),
    path("versions/", views.versions, name="devhub-versions"),
    path(
        "versions/<int:version_id>/disable/",
        views.disable_version,
        name="devhub-version-disable",
    ),
    path(
        "versions/<int:version_id>/enable/",
        views.enable_version,
        name="devhub-version-enable",
    ),
    path(
        "versions/<int:version_id>/delete/",
        views.delete_version,
        name="devhub-version-delete",
    ),
    path(
        "versions/submit/",
        submit_views.version_upload,
        name="devhub-version-upload",
    ),
    path(
        "versions/submit/<uuid:upload_uuid>/",
        submit_views.version_details,
        name="devhub-version-details",
    ),
    path(
        "versions/<int:version_id>/submitted/",
        submit_views.version_finish,
        name="devhub-version-finish",
    ),
    path("status/", views.status, name="devhub-status"),
    path("disable/", views.disable_addon, name="devhub-addon-disable"),
    path("enable/", views.enable_addon, name="devhub-addon-enable"),
    path("delete/", views.delete_addon, name="devhub-addon-delete"),
    path("activity/", views.activity, name="devhub-activity"),
    path("submit/finish/", submit_views.submit_finish, name="devhub-submit-finish"),
]

urlpatterns = [
    path("", views.index, name="devhub-index"),
    path("addons/", views.dashboard, name="devhub-addons"),
    path("agreement/", views.agreement, name="devhub-agreement"),
    path("addon/submit/", submit_views.submit, name="devhub-submit"),
    path(
        "addon/submit/upload-<channel:channel>/",
        submit_views.submit_upload,
        name="devhub-submit-upload",
    ),
    path(
        "addon/submit/details/<uuid:upload_uuid>/",
        submit_views.submit_details,
        name="devhub-submit-details",
    ),
    path("upload/", submit_views.upload, name="devhub-upload"),
    path(
        "upload/<uuid:upload_uuid>/json/",
        submit_views.upload_status,
        name="devhub-upload-status",
    ),
    path("addon/<str:slug>/", include(addon_patterns)),
]
