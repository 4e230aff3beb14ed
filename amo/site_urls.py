"""Routes of the site's pages; LocaleAppMiddleware strips /<locale>/<app>/."""

from django.urls import path

from amo.addons import views as addon_views

urlpatterns = [
    path("", addon_views.home, name="home"),
    path("<slug:type_slug>/", addon_views.home, name="browse"),
]

handler404 = "amo.core.views.not_found"
handler500 = "amo.core.views.server_error"
