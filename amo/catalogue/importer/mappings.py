"""Tables that map the sources' values onto amo's enumerations.

Two vocabularies meet here: the numbers of AMO's 2010 database (the Django
fixtures) and the names of AMO's API v4/v5 (every other source). Each
table lists every value the sources use; a value missing from a table
makes the record (or the value) reported instead of guessed.
"""

from amo.catalogue.importer.records import LicenseRef
from amo.core.constants import (
    ADDON_STATUS_API_NAMES,
    ADDON_TYPES_BY_API_NAME,
    BUILTIN_LICENSES,
    CATEGORIES,
    FILE_STATUS_API_NAMES,
    AddonStatus,
    AddonType,
    ApplicationChoices,
    AuthorRole,
    FileStatus,
    PromotedCategory,
)

# --- Add-on types ---------------------------------------------------------

# The 2010 type numbers. 7 (plugin), 8 (the "API" pseudo-type that stood
# for extensions plus themes) and 11 (web app, in the 2012 code) name
# nothing amo lists, so records of those types are reported.
LEGACY_TYPES: dict[int, AddonType] = {
    1: AddonType.EXTENSION,
    2: AddonType.THEME,  # complete (XUL) theme
    3: AddonType.DICTIONARY,
    4: AddonType.SEARCH,
    5: AddonType.LANGUAGE,  # language pack for an application
    6: AddonType.LANGUAGE,  # language pack for an add-on
    9: AddonType.PERSONA,  # lightweight theme
    10: AddonType.STATICTHEME,
}

# API names map one to one; v4 and v5 use the same ones.
API_TYPES: dict[str, AddonType] = dict(ADDON_TYPES_BY_API_NAME)

# --- Statuses ----------------------------------------------------------------

# The add-on statuses of 2010-2015 and of today share numbers 0-5 and 11.
# The table gives the status of today that each old one has become.
LEGACY_ADDON_STATUSES: dict[int, AddonStatus] = {
    0: AddonStatus.INCOMPLETE,  # null: no complete version yet
    1: AddonStatus.NOMINATED,  # unreviewed (sandbox)
    2: AddonStatus.NOMINATED,  # pending review
    3: AddonStatus.NOMINATED,  # nominated for full review
    4: AddonStatus.PUBLIC,
    5: AddonStatus.DISABLED,  # disabled by staff
    6: AddonStatus.PUBLIC,  # listed: shown without review
    7: AddonStatus.PUBLIC,  # beta: a file status, public add-on
    8: AddonStatus.PUBLIC,  # preliminarily reviewed ("lite"), 2011
    9: AddonStatus.PUBLIC,  # lite and nominated for full review, 2011
    10: AddonStatus.INCOMPLETE,  # purgatory: hidden until resubmitted, 2011
    11: AddonStatus.DELETED,
    12: AddonStatus.REJECTED,
}

LEGACY_FILE_STATUSES: dict[int, FileStatus] = {
    0: FileStatus.UNREVIEWED,
    1: FileStatus.UNREVIEWED,
    2: FileStatus.UNREVIEWED,
    3: FileStatus.UNREVIEWED,
    4: FileStatus.PUBLIC,
    5: FileStatus.DISABLED,
    6: FileStatus.PUBLIC,
    7: FileStatus.PUBLIC,  # beta; VersionRecord.beta keeps it from current
    8: FileStatus.PUBLIC,
    9: FileStatus.PUBLIC,
    10: FileStatus.DISABLED,
    11: FileStatus.DISABLED,
}
LEGACY_BETA_STATUS = 7

API_ADDON_STATUSES: dict[str, AddonStatus] = {
    name: status for status, name in ADDON_STATUS_API_NAMES.items()
}
API_FILE_STATUSES: dict[str, FileStatus] = {
    name: status for status, name in FILE_STATUS_API_NAMES.items()
}

# --- Authors -----------------------------------------------------------------

# Roles of 2010: 5 owner, 4 developer, 6 support, 1 viewer. amo keeps the
# two roles that AMO still has. Support staff could edit listings, so they
# become developers. Viewers could only read, so they are not authors.
LEGACY_AUTHOR_ROLES: dict[int, AuthorRole | None] = {
    5: AuthorRole.OWNER,
    4: AuthorRole.DEVELOPER,
    6: AuthorRole.DEVELOPER,
    1: None,
}

# --- Applications ------------------------------------------------------------

# amo serves Firefox and Firefox for Android. Thunderbird (18), SeaMonkey
# (59), Sunbird (52), the Mozilla suite (2) and the 2010 mobile Firefox
# (60, a version line of its own) have no counterpart, so their
# compatibility ranges and categories are left out.
LEGACY_APPLICATIONS: dict[int, ApplicationChoices] = {
    1: ApplicationChoices.FIREFOX,
    61: ApplicationChoices.ANDROID,
}
API_APPLICATIONS: dict[str, ApplicationChoices] = {
    "firefox": ApplicationChoices.FIREFOX,
    "android": ApplicationChoices.ANDROID,
}

# --- Categories --------------------------------------------------------------

# Category slugs of AMO's API v5, for every type that has categories.
V5_CATEGORY_SLUGS: dict[int, set[str]] = {}
for _definition in CATEGORIES:
    V5_CATEGORY_SLUGS.setdefault(_definition.type, set()).add(_definition.slug)

# Older slugs, mapped onto v5 ones: the 2010 site's Firefox categories and
# the Android categories that AMO's API v4 still sent in 2020. Slugs that
# v5 dropped without a successor (toolbars, experimental...) are absent
# and left out of the add-on.
CATEGORY_ALIASES: dict[str, str] = {
    "alerts-and-updates": "alerts-updates",
    "feeds": "feeds-news-blogging",
    "social": "social-communication",
    "security-privacy": "privacy-security",
    "photos-media": "photos-music-videos",
    "social-networking": "social-communication",
    "sports-games": "games-entertainment",
    "user-interface": "appearance",
    "device-features-location": "other",
}

# English names of the v5 categories, as AMO's pages print them, to their
# slug for each type that has a category of that name ("Other" is both an
# extension and a theme category).
CATEGORY_SLUGS_BY_NAME: dict[str, dict[int, str]] = {}
for _definition in CATEGORIES:
    CATEGORY_SLUGS_BY_NAME.setdefault(_definition.name.lower(), {})[
        _definition.type
    ] = _definition.slug


def category_slug(slug: str, addon_type: int) -> str | None:
    """Return the v5 category slug of `slug` for `addon_type`, or None."""
    candidate = CATEGORY_ALIASES.get(slug, slug)
    if candidate in V5_CATEGORY_SLUGS.get(addon_type, set()):
        return candidate
    return None


# --- Promoted groups ---------------------------------------------------------

API_PROMOTED: dict[str, PromotedCategory] = {
    category.value: category for category in PromotedCategory if category.value
}

# --- Licences ----------------------------------------------------------------

BUILTIN_SLUGS = {license.slug for license in BUILTIN_LICENSES}

# The built-in licence numbers of 2010 (`versions.license.builtin`). 1 was
# MPL 1.1 until AMO switched it to MPL 2.0 in 2013; the licence's URL tells
# which one a row means (see `legacy_license_slug`). 0 is a custom licence.
LEGACY_BUILTIN_LICENSES: dict[int, str] = {
    1: "MPL-1.1",
    2: "GPL-2.0-or-later",
    3: "GPL-3.0-or-later",
    4: "LGPL-2.1-or-later",
    5: "LGPL-3.0-or-later",
    6: "MIT",
    7: "BSD-2-Clause",
    8: "all-rights-reserved",
    9: "CC-BY-NC-SA-3.0",
}


def legacy_license_slug(builtin: int, url: str) -> str | None:
    if builtin == 1 and "MPL/2.0" in url:
        return "MPL-2.0"
    return LEGACY_BUILTIN_LICENSES.get(builtin)


# SPDX licences that AMO offers today but amo has no built-in row for:
# they become custom licences with the SPDX name and URL, shared by every
# version that uses them. "-only" licences stay apart from the built-in
# "-or-later" ones because their terms differ.
SPDX_LICENSES: dict[str, str] = {
    "MPL-1.1": "Mozilla Public License 1.1",
    "GPL-2.0-only": "GNU General Public License v2.0 only",
    "GPL-3.0-only": "GNU General Public License v3.0 only",
    "LGPL-2.1-only": "GNU Lesser General Public License v2.1 only",
    "LGPL-3.0-only": "GNU Lesser General Public License v3.0 only",
    "AGPL-3.0-only": "GNU Affero General Public License v3.0 only",
    "AGPL-3.0-or-later": "GNU Affero General Public License v3.0 or later",
    "Apache-2.0": "Apache License 2.0",
    "ISC": "ISC License",
    "Unlicense": "The Unlicense",
    "CC0-1.0": "Creative Commons Zero v1.0 Universal",
    "Zlib": "zlib License",
    "BSD-3-Clause": 'BSD 3-Clause "New" or "Revised" License',
}

# Names under which AMO's pages and APIs print licences, to their slugs.
# Names not listed here belong to custom licences of their authors.
LICENSE_SLUGS_BY_NAME: dict[str, str] = {
    **{license.name.lower(): license.slug for license in BUILTIN_LICENSES},
    **{name.lower(): slug for slug, name in SPDX_LICENSES.items()},
    "mit license": "MIT",
    'bsd 2-clause "simplified" license': "BSD-2-Clause",
    "mozilla public license, version 1.1": "MPL-1.1",
    "gnu general public license, version 2.0": "GPL-2.0-or-later",
    "gnu general public license, version 3.0": "GPL-3.0-or-later",
    "gnu lesser general public license, version 2.1": "LGPL-2.1-or-later",
    "gnu lesser general public license, version 3.0": "LGPL-3.0-or-later",
    "mozilla public license, version 2.0": "MPL-2.0",
    "bsd license": "BSD-2-Clause",
    "apache license, version 2.0": "Apache-2.0",
    "apache-2.0": "Apache-2.0",
    "cc0 1.0 universal": "CC0-1.0",
    "zlib/libpng": "Zlib",
}

# Licence URLs of AMO's built-in licences, for API objects without a slug.
LICENSE_SLUGS_BY_URL: dict[str, str] = {
    "gnu.org/licenses/gpl-2.0.html": "GPL-2.0-or-later",
    "gnu.org/licenses/old-licenses/gpl-2.0.html": "GPL-2.0-or-later",
    "gnu.org/licenses/gpl-3.0.html": "GPL-3.0-or-later",
    "gnu.org/licenses/lgpl-2.1.html": "LGPL-2.1-or-later",
    "gnu.org/licenses/old-licenses/lgpl-2.1.html": "LGPL-2.1-or-later",
    "gnu.org/licenses/lgpl-3.0.html": "LGPL-3.0-or-later",
    "mozilla.org/mpl/2.0/": "MPL-2.0",
    "mozilla.org/mpl/mpl-1.1.html": "MPL-1.1",
    "opensource.org/licenses/mit-license.php": "MIT",
    "opensource.org/license/mit": "MIT",
    "opensource.org/licenses/bsd-license.php": "BSD-2-Clause",
    "opensource.org/license/bsd-2-clause": "BSD-2-Clause",
}


def license_slug_for_url(url: str) -> str | None:
    bare = url.lower().split("://", 1)[-1].removeprefix("www.")
    return LICENSE_SLUGS_BY_URL.get(bare)


def license_from_slug(slug: str) -> LicenseRef | None:
    """Return the licence for an AMO or SPDX slug, or None if unknown."""
    if slug in BUILTIN_SLUGS:
        return LicenseRef(slug=slug)
    if slug in SPDX_LICENSES:
        return LicenseRef(
            name={"en-US": SPDX_LICENSES[slug]},
            url=f"https://spdx.org/licenses/{slug}.html",
        )
    return None


def license_from_name(name: str) -> LicenseRef:
    """Return the licence printed as `name`: a known one, else a custom one."""
    slug = LICENSE_SLUGS_BY_NAME.get(name.strip().lower())
    known = license_from_slug(slug) if slug else None
    return known or LicenseRef(name={"en-US": name.strip()})
