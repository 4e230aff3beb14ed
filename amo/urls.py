"""Routes outside the /<locale>/<app>/ prefix."""

from django.contrib import admin
from django.urls import path

from amo.core import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("__lbheartbeat__", views.lbheartbeat, name="lbheartbeat"),
    path("__heartbeat__", views.heartbeat, name="heartbeat"),
    path("__version__", views.version, name="version"),
    path(
        "icons/letter/<str:codepoint>/<str:colour>/<int:size>.png",
        views.letter_icon,
        name="letter-icon",
    ),
]

handler404 = "amo.core.views.not_found"
handler500 = "amo.core.views.server_error"
