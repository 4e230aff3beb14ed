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
# path must continue with one of these segment sequences, then an id.
SHARED_ROOTS = {
    "users": (("info",),),
    "developers": (("addons",), ("versions",), ("addon", "edit"), ("addon", "status")),
}
# `/search-engines`, `/search-engines.php` and the like.
SEARCH_ENGINES_PREFIX = "search-engines"


def is_candidate(segments: list[str]) -> bool:
    """Return whether a path split on "/" may be an old URL.

    `segments` is the path after the locale and application prefix. The
    result is a guess that `resolves()` confirms; it is False for every
    page of the site.
    """
    root = segments[0] if segments else ""
    if root in ROOTS:
        return True
    prefixes = SHARED_ROOTS.get(root)
    if prefixes is not None:
        return any(_continues_with_id(segments, prefix) for prefix in prefixes)
    return root.startswith(SEARCH_ENGINES_PREFIX)


def _continues_with_id(segments: list[str], prefix: tuple[str, ...]) -> bool:
    end = 1 + len(prefix)
    return (
        len(segments) > end
        and tuple(segments[1:end]) == prefix
        and segments[end][:1].isdigit()
    )


def resolves(path: str) -> bool:
    """Return whether `path` (with its leading slash) is an old URL."""
    try:
        get_resolver(URLCONF).resolve(path)
    except Resolver404:
        return False
    return True
