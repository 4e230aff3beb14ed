"""The old site's browse URLs, mapped onto today's listings.

`/browse/type:<type>[/cat:<category id>][/sort:<sort>]` named the add-on
type and the category by AMO's numbers and used the sort names of the PHP
site.
"""

from amo.core.constants import (
    CATEGORIES,
    TYPE_LISTINGS_BY_SLUG,
    AddonType,
    TypeListing,
)

# AMO's add-on type numbers to the slug of the listing that shows them.
# The 2010 numbers that amo has no type for go where AMO sent them. Type 6,
# a language pack installed as an add-on, goes to the language packs. The
# others, 0 (any), 7 (plugin) and 8 (extensions and themes), go to the
# extensions, AMO's fallback for a type without a listing.
TYPE_SLUGS: dict[int, str] = {
    AddonType.EXTENSION: "extensions",
    AddonType.THEME: "themes",
    AddonType.DICTIONARY: "dictionaries",
    AddonType.SEARCH: "search-tools",
    AddonType.LANGUAGE: "language-packs",
    6: "language-packs",
    AddonType.PERSONA: "themes",
    AddonType.STATICTHEME: "themes",
}
DEFAULT_TYPE_SLUG = "extensions"

# AMO's category ids, for Firefox and then Firefox for Android, with the
# type and slug of the category that amo has in their place. The ids are
# those of addons-server's src/olympia/constants/categories.py, which kept
# the 2010 ids of the categories that survived. Android categories that
# AMO merged into others point at the category they went to; ids of
# categories with no successor are absent.
CATEGORY_IDS: dict[int, tuple[int, str]] = {
    # Firefox extensions.
    1: (AddonType.EXTENSION, "feeds-news-blogging"),
    4: (AddonType.EXTENSION, "web-development"),
    5: (AddonType.EXTENSION, "download-management"),
    12: (AddonType.EXTENSION, "privacy-security"),
    13: (AddonType.EXTENSION, "search-tools"),
    14: (AddonType.EXTENSION, "appearance"),
    22: (AddonType.EXTENSION, "bookmarks"),
    37: (AddonType.EXTENSION, "language-support"),
    38: (AddonType.EXTENSION, "photos-music-videos"),
    71: (AddonType.EXTENSION, "social-communication"),
    72: (AddonType.EXTENSION, "alerts-updates"),
    73: (AddonType.EXTENSION, "other"),
    93: (AddonType.EXTENSION, "tabs"),
    141: (AddonType.EXTENSION, "shopping"),
    142: (AddonType.EXTENSION, "games-entertainment"),
    # Firefox dictionaries and language packs.
    95: (AddonType.DICTIONARY, "general"),
    98: (AddonType.LANGUAGE, "general"),
    # Firefox for Android extensions.
    143: (AddonType.EXTENSION, "photos-music-videos"),
    145: (AddonType.EXTENSION, "other"),
    146: (AddonType.EXTENSION, "games-entertainment"),
    147: (AddonType.EXTENSION, "feeds-news-blogging"),
    148: (AddonType.EXTENSION, "social-communication"),
    149: (AddonType.EXTENSION, "privacy-security"),
    150: (AddonType.EXTENSION, "shopping"),
    152: (AddonType.EXTENSION, "appearance"),
    153: (AddonType.EXTENSION, "other"),
}
# Themes: the same slugs for both applications, Firefox's ids from 300
# and Android's from 400.
_THEME_CATEGORY_OFFSETS = {
    "abstract": 0,
    "nature": 2,
    "sports": 4,
    "scenery": 6,
    "firefox": 8,
    "foxkeh": 10,
    "seasonal": 12,
    "other": 14,
    "websites": 16,
    "solid": 18,
    "causes": 20,
    "music": 22,
    "fashion": 24,
    "film-and-tv": 26,
    "holiday": 28,
}
for _slug, _offset in _THEME_CATEGORY_OFFSETS.items():
    for _base in (300, 400):
        CATEGORY_IDS[_base + _offset] = (AddonType.STATICTHEME, _slug)

# Sort names of the old URLs, and today's names, to the sorts that the
# listings accept (amo.addons.queries.LISTING_SORTS).
SORTS = {
    "newest": "created",
    "weeklydownloads": "downloads",
    "averagerating": "rating",
    "popular": "users",
    "name": "name",
    "updated": "updated",
    "created": "created",
    "downloads": "downloads",
    "rating": "rating",
    "users": "users",
}


def listing_for(type_id: str) -> TypeListing:
    """Return the listing of an old URL's `type:` number."""
    slug = DEFAULT_TYPE_SLUG
    if type_id.isdigit() and len(type_id) < 4:
        slug = TYPE_SLUGS.get(int(type_id), DEFAULT_TYPE_SLUG)
    return TYPE_LISTINGS_BY_SLUG[slug]


def category_for(listing: TypeListing, category: str | None) -> str | None:
    """Return the slug of the listing's category that `cat:` names, or None.

    "all", an unknown id and the id of another type's category all mean
    the whole listing, so the visitor lands on a page that exists.
    """
    # isdigit() alone accepts other scripts' digits, such as "١".
    if not category or not category.isascii() or not category.isdigit():
        return None
    if len(category) > 6:
        return None
    found = CATEGORY_IDS.get(int(category))
    if found is None or found[0] != listing.category_type:
        return None
    return found[1]


def sort_for(*candidates: str | None) -> str | None:
    """Return today's name of the first known sort among `candidates`."""
    for candidate in candidates:
        if candidate and candidate in SORTS:
            return SORTS[candidate]
    return None


THEME_CATEGORY_SLUGS = frozenset(
    definition.slug
    for definition in CATEGORIES
    if definition.type == AddonType.STATICTHEME
)


def theme_category(name: str | None) -> str | None:
    """Return the theme category that an old persona category names.

    Old names were words with spaces, such as "film and tv", and today's
    slugs join them with hyphens.
    """
    slug = "-".join((name or "").lower().split())
    return slug if slug in THEME_CATEGORY_SLUGS else None
