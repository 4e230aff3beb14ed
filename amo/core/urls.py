"""Build URLs of the site's pages, which live under /<locale>/<app>/."""

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

SITE_URLCONF = "amo.site_urls"


def site_path(
    name: str,
    *args: Any,
    locale: str,
    app: str,
    query: dict[str, Any] | None = None,
    **kwargs: Any,
) -> str:
    """Return the path of page `name` for `locale` and `app`."""
    path = reverse(name, urlconf=SITE_URLCONF, args=args or None, kwargs=kwargs or None)
    full = f"/{locale}/{app}{path}"
    if query:
        cleaned = {
            key: value for key, value in query.items() if value not in (None, "")
        }
        if cleaned:
            full += "?" + urlencode(cleaned, doseq=True)
    return full


def absolute(path: str) -> str:
    """Prefix `path` with the site's scheme and host from AMO_SITE_URL."""
    return settings.SITE_URL + path
