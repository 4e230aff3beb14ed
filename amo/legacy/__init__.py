"""Redirects from the URLs of the old addons.mozilla.org.

Links to the PHP site and to zamboni, its Django successor, are still all
over the web. Their routes live in `amo.legacy.urls`. LocaleAppMiddleware
sends a request there when the first segment of its path (after the
/<locale>/<app>/ prefix, if any) is one of ROOTS and the path resolves in
that URLconf, so an old URL without a prefix lands in one hop, and other
requests pay one set lookup.
"""

from django.urls import Resolver404, get_resolver

URLCONF = "amo.legacy.urls"

# First path segments of the old URLs, and of no page of the site.
ROOTS = frozenset(
    {
        "addons",
        "api",
        "bookmarks",
        "browse",
        "collection",
        "collections",
        "compatibility",
        "discovery",
        "editors",
        "localizers",
        "pages",
        "performance",
        "persona",
        "personas",
        "recommended",
        "reviews",
        "tags",
        "top-tags",
        "versions",
    }
)
# Old URL prefixes under roots that the site's pages share, by root: the
# path must start with one of them and continue with an id.
SHARED_ROOTS = {
    "users": ("users/info/",),
    "developers": (
        "developers/addons/",
        "developers/versions/",
        "developers/addon/edit/",
        "developers/addon/status/",
    ),
}
# `/search-engines`, `/search-engines.php` and the like.
SEARCH_ENGINES_PREFIX = "search-engines"


def is_candidate(path: str) -> bool:
    """Return whether `path` may be an old URL.

    `path` follows the locale and application prefix, without its leading
    slash. The result is a guess that `resolves()` confirms. It is False
    for every page of the site.
    """
    root = path.partition("/")[0]
    if root in ROOTS:
        return True
    prefixes = SHARED_ROOTS.get(root)
    if prefixes is None:
        return root.startswith(SEARCH_ENGINES_PREFIX)
    for prefix in prefixes:
        if path.startswith(prefix):
            return path[len(prefix) : len(prefix) + 1].isdigit()
    return False


def resolves(path: str) -> bool:
    """Return whether `path` (with its leading slash) is an old URL."""
    try:
        get_resolver(URLCONF).resolve(path)
    except Resolver404:
        return False
    return True
