"""Routes of the site's pages; LocaleAppMiddleware strips /<locale>/<app>/."""

urlpatterns: list = []
