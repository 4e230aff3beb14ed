"""Locales of the site: matching URL codes, Accept-Language, Babel locales."""

import functools
import re

from babel import Locale
from django.conf import settings

# A language with several supported locales maps to this one when a request
# names the language alone or a region amo does not serve.
PREFERRED_FOR_LANGUAGE = {"pt": "pt-PT", "zh": "zh-CN", "en": "en-US", "es": "es-ES"}

# Regions and scripts that belong with a supported locale other than the
# language's preferred one: Hong Kong and Macau read Traditional Chinese.
ALIASES = {"zh-hk": "zh-TW", "zh-mo": "zh-TW", "zh-hant": "zh-TW", "zh-hans": "zh-CN"}

_ACCEPT_LANGUAGE_ENTRY = re.compile(
    r"^\s*([A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})*|\*)\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*$"
)


@functools.cache
def _by_lowercase() -> dict[str, str]:
    return {code.lower(): code for code in settings.AMO_LANGUAGES}


@functools.cache
def _by_language() -> dict[str, str]:
    mapping: dict[str, str] = {}
    for code in settings.AMO_LANGUAGES:
        mapping.setdefault(code.split("-")[0].lower(), code)
    mapping.update(PREFERRED_FOR_LANGUAGE)
    return mapping


def match_locale(code: str) -> str | None:
    """Return the supported locale for `code`, or None.

    The match ignores case and the separator (`pt_br` is pt-BR); a region
    amo does not serve, or none, falls back to the language's locale
    (de-AT is de, pt is pt-PT, zh is zh-CN).
    """
    normalised = code.strip().replace("_", "-").lower()
    if not normalised:
        return None
    exact = _by_lowercase().get(normalised) or ALIASES.get(normalised)
    if exact:
        return exact
    return _by_language().get(normalised.split("-")[0])


def locale_from_accept_language(header: str) -> str:
    """Pick the locale for an Accept-Language header, else en-US.

    Entries are tried in order of their q value (then as written): an exact
    locale first, then the language alone.
    """
    entries: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")[:32]):
        match = _ACCEPT_LANGUAGE_ENTRY.match(part)
        if not match:
            continue
        code, quality = match.group(1), match.group(2)
        try:
            q = float(quality) if quality else 1.0
        except ValueError:
            continue
        if q <= 0 or code == "*":
            continue
        entries.append((-q, position, code))
    for _, _, code in sorted(entries):
        locale = match_locale(code)
        if locale:
            return locale
    return settings.LANGUAGE_CODE


def is_rtl(locale: str) -> bool:
    return locale in settings.RTL_LANGUAGES


@functools.cache
def babel_locale(locale: str) -> Locale:
    """Return Babel's Locale for a site locale such as pt-BR."""
    return Locale.parse(locale.replace("-", "_"))
