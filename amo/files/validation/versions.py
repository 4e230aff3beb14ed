"""Version strings and add-on ids in the formats Firefox accepts.

Firefox 108 and later define a WebExtension's `version` as one to four
integers separated by dots, each at most nine digits with no leading zero
("1", "2.10.0.3"). Older versions with a letter suffix ("1.0b2", "2.0pre")
still load for Manifest V2, so they get a warning there and an error for
Manifest V3.
"""

import re

from django.utils.translation import gettext as _

from amo.core.versions import compare_versions

STRICT_VERSION = re.compile(r"^(0|[1-9][0-9]{0,8})(\.(0|[1-9][0-9]{0,8})){0,3}$")
# The older format that Manifest V2 add-ons may still use: two to four
# numeric parts, the last with a letter suffix ("1.0b2", "2.0pre",
# "1.2.3beta-1"), or a build id ("1.2.3buildid20240101.120000"). These are
# the patterns of addons-linter 10.14's isToolkitVersionString.
DEPRECATED_VERSION = re.compile(r"^([0-9]+\.?){1,3}\.([0-9]+([A-Za-z]+(-?[0-9]+)?))$")
BUILD_ID_VERSION = re.compile(r"^[0-9]+(\.[0-9]+){0,2}buildid[0-9]{8}\.[0-9]{6}$")
# A Firefox release in toolkit format, as strict_min_version names one:
# parts of a number, a string, a number and a rest ("115.0", "109.0a1",
# "3.6b2pre", "1+"), "*" only as a whole part.
_APPLICATION_PART = r"(\*|-?[0-9]+[A-Za-z+-]*[0-9]*[A-Za-z0-9+-]*)"
APPLICATION_VERSION = re.compile(rf"^{_APPLICATION_PART}(\.{_APPLICATION_PART})*$")
MAX_VERSION_LENGTH = 100

# Firefox's rule for add-on ids: a GUID in braces, or something@domain.
GECKO_ID = re.compile(
    r"^(\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
    r"[0-9a-fA-F]{12}\}|[a-zA-Z0-9-._]*@[a-zA-Z0-9-._]+)$"
)
MAX_GECKO_ID_LENGTH = 255


def version_problem(version: str) -> str | None:
    """Return why `version` breaks the strict format, or None if valid."""
    if not version:
        return _("The version is empty.")
    parts = version.split(".")
    if len(parts) > 4:
        return _("It has %(count)s parts; at most 4 are allowed.") % {
            "count": len(parts)
        }
    for part in parts:
        if part == "":
            return _("It has an empty part (two dots in a row, or a dot at an end).")
        if not part.isascii() or not part.isdigit():
            return _('The part "%(part)s" is not a number.') % {"part": part}
        if len(part) > 1 and part.startswith("0"):
            return _('The part "%(part)s" has a leading zero.') % {"part": part}
        if len(part) > 9:
            return _('The part "%(part)s" has more than 9 digits.') % {"part": part}
    return None


def is_strict_version(version: str) -> bool:
    return bool(STRICT_VERSION.match(version))


def is_deprecated_version(version: str) -> bool:
    """Whether `version` is in the older format Manifest V2 still allows."""
    if len(version) > MAX_VERSION_LENGTH:
        return False
    return bool(DEPRECATED_VERSION.match(version) or BUILD_ID_VERSION.match(version))


def is_application_version(version: str) -> bool:
    """Whether `version` can name a Firefox release (strict_min_version)."""
    return len(version) <= MAX_VERSION_LENGTH and bool(
        APPLICATION_VERSION.match(version)
    )


def gecko_id_problem(guid: str) -> str | None:
    """Return why `guid` is no valid add-on id, or None when it is valid."""
    if len(guid) > MAX_GECKO_ID_LENGTH:
        return _(
            "It is %(length)s characters long; at most %(maximum)s are allowed."
        ) % {
            "length": len(guid),
            "maximum": MAX_GECKO_ID_LENGTH,
        }
    if not GECKO_ID.match(guid):
        return _(
            "It must be an email-like id (letters, digits, '-', '.' and '_', "
            "then @ and a domain, as in my-addon@example.com) or a GUID in "
            "braces (as in {01234567-89ab-cdef-0123-456789abcdef})."
        )
    return None


__all__ = [
    "compare_versions",
    "gecko_id_problem",
    "is_application_version",
    "is_deprecated_version",
    "is_strict_version",
    "version_problem",
]
