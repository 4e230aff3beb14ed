"""Enumerations shared by the models, the pages and the API.

The stored values are AMO's own numbers, and each one maps one to one to
the name that AMO's API v5 uses for it (`api_name`).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Application:
    id: int
    short: str
    guid: str
    pretty: str


FIREFOX = Application(1, "firefox", "{ec8030f7-c20a-464f-9b0e-13a3a9e97384}", "Firefox")
ANDROID = Application(
    61, "android", "{aa3c5121-dab2-40e2-81ca-7ea25febc110}", "Firefox for Android"
)
APPS = {app.short: app for app in (FIREFOX, ANDROID)}
APPS_BY_ID = {app.id: app for app in APPS.values()}
APPS_BY_GUID = {app.guid: app for app in APPS.values()}


class ApplicationChoices(models.IntegerChoices):
    FIREFOX = 1, "Firefox"
    ANDROID = 61, "Firefox for Android"


class AddonType(models.IntegerChoices):
    EXTENSION = 1, _("Extension")
    THEME = 2, _("Complete theme")
    DICTIONARY = 3, _("Dictionary")
    SEARCH = 4, _("Search engine")
    LANGUAGE = 5, _("Language pack")
    PERSONA = 9, _("Lightweight theme")
    STATICTHEME = 10, _("Theme")


ADDON_TYPE_API_NAMES = {
    AddonType.EXTENSION: "extension",
    AddonType.THEME: "theme",
    AddonType.DICTIONARY: "dictionary",
    AddonType.SEARCH: "search",
    AddonType.LANGUAGE: "language",
    AddonType.PERSONA: "persona",
    AddonType.STATICTHEME: "statictheme",
}
ADDON_TYPES_BY_API_NAME = {name: type_ for type_, name in ADDON_TYPE_API_NAMES.items()}


@dataclass(frozen=True)
class TypeListing:
    """A browse section of the site: its URL slug and the types it lists."""

    slug: str
    types: tuple[int, ...]
    title: object
    category_type: int


# Browse sections under /<locale>/<app>/<slug>/, in menu order.
TYPE_LISTINGS = (
    TypeListing(
        "extensions", (AddonType.EXTENSION,), _("Extensions"), AddonType.EXTENSION
    ),
    TypeListing(
        "themes",
        (AddonType.STATICTHEME, AddonType.PERSONA, AddonType.THEME),
        _("Themes"),
        AddonType.STATICTHEME,
    ),
    TypeListing(
        "dictionaries", (AddonType.DICTIONARY,), _("Dictionaries"), AddonType.DICTIONARY
    ),
    TypeListing(
        "language-packs", (AddonType.LANGUAGE,), _("Language packs"), AddonType.LANGUAGE
    ),
    TypeListing(
        "search-tools", (AddonType.SEARCH,), _("Search tools"), AddonType.SEARCH
    ),
)
TYPE_LISTINGS_BY_SLUG = {listing.slug: listing for listing in TYPE_LISTINGS}


def listing_for_type(addon_type: int) -> TypeListing:
    for listing in TYPE_LISTINGS:
        if addon_type in listing.types:
            return listing
    return TYPE_LISTINGS[0]


class AddonStatus(models.IntegerChoices):
    INCOMPLETE = 0, _("Incomplete")
    NOMINATED = 3, _("Awaiting review")
    PUBLIC = 4, _("Approved")
    DISABLED = 5, _("Disabled by staff")
    DELETED = 11, _("Deleted")
    REJECTED = 12, _("Rejected")


ADDON_STATUS_API_NAMES = {
    AddonStatus.INCOMPLETE: "incomplete",
    AddonStatus.NOMINATED: "nominated",
    AddonStatus.PUBLIC: "public",
    AddonStatus.DISABLED: "disabled",
    AddonStatus.DELETED: "deleted",
    AddonStatus.REJECTED: "rejected",
}


class FileStatus(models.IntegerChoices):
    UNREVIEWED = 1, _("Awaiting review")
    PUBLIC = 4, _("Approved")
    DISABLED = 5, _("Disabled")


FILE_STATUS_API_NAMES = {
    FileStatus.UNREVIEWED: "unreviewed",
    FileStatus.PUBLIC: "public",
    FileStatus.DISABLED: "disabled",
}


class Channel(models.IntegerChoices):
    UNLISTED = 1, _("Unlisted")
    LISTED = 2, _("Listed")


CHANNEL_API_NAMES = {Channel.UNLISTED: "unlisted", Channel.LISTED: "listed"}


class PromotedCategory(models.TextChoices):
    NONE = "", _("Not promoted")
    RECOMMENDED = "recommended", _("Recommended")
    LINE = "line", _("By Firefox")
    NOTABLE = "notable", _("Notable")
    SPOTLIGHT = "spotlight", _("Spotlight")
    STRATEGIC = "strategic", _("Strategic")


class AuthorRole(models.IntegerChoices):
    DEVELOPER = 4, _("Developer")
    OWNER = 5, _("Owner")


@dataclass(frozen=True)
class BuiltinLicense:
    slug: str
    name: str
    url: str
    for_themes: bool = False


# The licences an author can pick without writing their own, with the
# slugs of AMO's API v5 (case-sensitive).
BUILTIN_LICENSES = (
    BuiltinLicense("all-rights-reserved", "All Rights Reserved", ""),
    BuiltinLicense(
        "MPL-2.0", "Mozilla Public License 2.0", "https://www.mozilla.org/MPL/2.0/"
    ),
    BuiltinLicense(
        "GPL-2.0-or-later",
        "GNU General Public License v2.0 or later",
        "https://www.gnu.org/licenses/old-licenses/gpl-2.0.html",
    ),
    BuiltinLicense(
        "GPL-3.0-or-later",
        "GNU General Public License v3.0 or later",
        "https://www.gnu.org/licenses/gpl-3.0.html",
    ),
    BuiltinLicense(
        "LGPL-2.1-or-later",
        "GNU Lesser General Public License v2.1 or later",
        "https://www.gnu.org/licenses/old-licenses/lgpl-2.1.html",
    ),
    BuiltinLicense(
        "LGPL-3.0-or-later",
        "GNU Lesser General Public License v3.0 or later",
        "https://www.gnu.org/licenses/lgpl-3.0.html",
    ),
    BuiltinLicense("MIT", "The MIT License", "https://opensource.org/license/mit"),
    BuiltinLicense(
        "BSD-2-Clause",
        "The 2-Clause BSD License",
        "https://opensource.org/license/bsd-2-clause",
    ),
    BuiltinLicense("cc-all-rights-reserved", "All Rights Reserved", "", True),
    BuiltinLicense(
        "CC-BY-3.0",
        "Creative Commons Attribution 3.0",
        "https://creativecommons.org/licenses/by/3.0/",
        True,
    ),
    BuiltinLicense(
        "CC-BY-NC-3.0",
        "Creative Commons Attribution-NonCommercial 3.0",
        "https://creativecommons.org/licenses/by-nc/3.0/",
        True,
    ),
    BuiltinLicense(
        "CC-BY-NC-ND-3.0",
        "Creative Commons Attribution-NonCommercial-NoDerivs 3.0",
        "https://creativecommons.org/licenses/by-nc-nd/3.0/",
        True,
    ),
    BuiltinLicense(
        "CC-BY-NC-SA-3.0",
        "Creative Commons Attribution-NonCommercial-Share Alike 3.0",
        "https://creativecommons.org/licenses/by-nc-sa/3.0/",
        True,
    ),
    BuiltinLicense(
        "CC-BY-ND-3.0",
        "Creative Commons Attribution-NoDerivs 3.0",
        "https://creativecommons.org/licenses/by-nd/3.0/",
        True,
    ),
    BuiltinLicense(
        "CC-BY-SA-3.0",
        "Creative Commons Attribution-ShareAlike 3.0",
        "https://creativecommons.org/licenses/by-sa/3.0/",
        True,
    ),
)
BUILTIN_LICENSES_BY_SLUG = {license.slug: license for license in BUILTIN_LICENSES}


def N_(text: str) -> str:
    """Mark `text` for the message catalogues without translating it."""
    return text


@dataclass(frozen=True)
class CategoryDefinition:
    slug: str
    name: str
    type: int
    weight: int = 0


def _categories(addon_type: int, names: dict[str, str]) -> list[CategoryDefinition]:
    return [CategoryDefinition(slug, name, addon_type) for slug, name in names.items()]


# The categories of AMO's API v5, created for every application. The names
# are English and marked for the message catalogues; the Category rows
# store their translations in every locale (amo.core.reference).
CATEGORIES = (
    _categories(
        AddonType.EXTENSION,
        {
            "alerts-updates": N_("Alerts & Updates"),
            "appearance": N_("Appearance"),
            "bookmarks": N_("Bookmarks"),
            "download-management": N_("Download Management"),
            "feeds-news-blogging": N_("Feeds, News & Blogging"),
            "games-entertainment": N_("Games & Entertainment"),
            "language-support": N_("Language Support"),
            "photos-music-videos": N_("Photos, Music & Videos"),
            "privacy-security": N_("Privacy & Security"),
            "search-tools": N_("Search Tools"),
            "shopping": N_("Shopping"),
            "social-communication": N_("Social & Communication"),
            "tabs": N_("Tabs"),
            "web-development": N_("Web Development"),
            "other": N_("Other"),
        },
    )
    + _categories(AddonType.DICTIONARY, {"general": N_("General")})
    + _categories(AddonType.LANGUAGE, {"general": N_("General")})
    + _categories(AddonType.SEARCH, {"general": N_("General")})
    + _categories(
        AddonType.STATICTHEME,
        {
            "abstract": N_("Abstract"),
            "causes": N_("Causes"),
            "fashion": N_("Fashion"),
            "film-and-tv": N_("Film and TV"),
            "firefox": N_("Firefox"),
            "foxkeh": N_("Foxkeh"),
            "holiday": N_("Holiday"),
            "music": N_("Music"),
            "nature": N_("Nature"),
            "other": N_("Other"),
            "scenery": N_("Scenery"),
            "seasonal": N_("Seasonal"),
            "solid": N_("Solid"),
            "sports": N_("Sports"),
            "websites": N_("Websites"),
        },
    )
)

# Sizes of the generated icons and previews, in pixels.
ICON_SIZES = (32, 64, 128)
PREVIEW_THUMBNAIL_SIZE = (533, 400)
PREVIEW_IMAGE_SIZE = (1280, 960)
