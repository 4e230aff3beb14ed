"""Build URLs of the site's pages, which live under /<locale>/<app>/."""

import functools
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.urls import get_script_prefix, reverse

SITE_URLCONF = "amo.site_urls"
# Reversed URLs kept per process. A URL depends only on its route and
# arguments, and an API page of 50 add-ons builds hundreds of them, each
# about 15 us through Django's reverse().
REVERSE_CACHE_SIZE = 16384


@functools.lru_cache(maxsize=REVERSE_CACHE_SIZE)
def _reverse(
    script_prefix: str,
    urlconf: str | None,
    name: str,
    args: tuple[Any, ...],
    kwargs: tuple[tuple[str, Any], ...],
) -> str:
    return reverse(
        name, urlconf=urlconf, args=args or None, kwargs=dict(kwargs) or None
    )


def cached_reverse(
    name: str,
    *,
    urlconf: str | None = None,
    args: tuple[Any, ...] = (),
    kwargs: dict[str, Any] | None = None,
) -> str:
    """Return reverse(name, ...) from a per-process cache of results.

    The arguments must be hashable, as ids, slugs and names are. Pass
    `urlconf`: without it, reverse() reads the current request's URLconf,
    which the cache key does not hold.
    """
    items = tuple(sorted(kwargs.items())) if kwargs else ()
    return _reverse(get_script_prefix(), urlconf, name, tuple(args), items)


def site_path(
    name: str,
    *args: Any,
    locale: str,
    app: str,
    query: dict[str, Any] | None = None,
    **kwargs: Any,
) -> str:
    """Return the path of page `name` for `locale` and `app`."""
    path = cached_reverse(name, urlconf=SITE_URLCONF, args=args, kwargs=kwargs)
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
