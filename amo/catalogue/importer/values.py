"""Parsing of the scalar values that the source files spell in many ways."""

import base64
import binascii
import datetime
import re
import zoneinfo
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

from amo.catalogue.importer.records import Translations
from amo.core.i18n import match_locale

UTC = datetime.UTC

try:
    # AMO's 2010 database stored local times of its servers in California.
    AMO_2010_TIMEZONE: datetime.tzinfo = zoneinfo.ZoneInfo("America/Los_Angeles")
except zoneinfo.ZoneInfoNotFoundError:  # pragma: no cover - needs a bare system
    # NOTE: without the tz database, summer times are off by one hour.
    AMO_2010_TIMEZONE = datetime.timezone(datetime.timedelta(hours=-8))

_SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")


def parse_datetime(
    value: object, naive_timezone: datetime.tzinfo = UTC
) -> datetime.datetime | None:
    """Parse an ISO 8601 or `YYYY-MM-DD HH:MM:SS` time, else return None.

    A time without an offset is read in `naive_timezone`; the result is
    always in UTC.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        parsed = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=naive_timezone)
    return parsed.astimezone(UTC)


def parse_int(value: object) -> int | None:
    """Return a whole number from an int, a float or text such as "749.0"."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        try:
            number = float(text)
        except ValueError:
            return None
        return int(number) if number.is_integer() else None
    return None


def parse_float(value: object) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def parse_bool(value: object) -> bool | None:
    """Return a flag from true/false, 0/1 or "0"/"1", else None."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip() in ("0", "1"):
        return value.strip() == "1"
    return None


def clean_text(value: object) -> str | None:
    """Return stripped text, or None for a missing or blank value."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    return text or None


def hash_from_sri(value: object) -> str | None:
    """Return "sha256:<hex>" from that form or an SRI "sha256-<base64>"."""
    text = clean_text(value)
    if text is None:
        return None
    if text.startswith("sha256:"):
        digest = text.removeprefix("sha256:").lower()
        return f"sha256:{digest}" if _SHA256_HEX.match(digest) else None
    if text.startswith("sha256-"):
        try:
            raw = base64.b64decode(text.removeprefix("sha256-"), validate=True)
        except (binascii.Error, ValueError):
            return None
        return f"sha256:{raw.hex()}" if len(raw) == 32 else None
    return None


def mostly(items: Iterable[object], test: Callable[[Any], bool]) -> bool:
    """Return whether at least half of the first 20 items pass `test`.

    Formats are recognised this way so that a few broken entries do not
    hide a whole file from its parser; the parser reports them instead.
    """
    sample = list(items)[:20]
    return bool(sample) and sum(1 for item in sample if test(item)) * 2 >= len(sample)


def mapping(value: object) -> dict[str, Any]:
    """Return `value` if it is a JSON object, else an empty one."""
    return value if isinstance(value, dict) else {}


def string_list(value: object) -> list[str] | None:
    """Return a JSON list as a list of strings, or None for anything else."""
    if not isinstance(value, list):
        return None
    return [str(item) for item in value]


def filename_from_url(url: str | None) -> str | None:
    """Return the last path segment of a URL, decoded, or None."""
    if not url:
        return None
    segment = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    return segment or None


def site_translations(raw: object, dropped: set[str] | None = None) -> Translations:
    """Map a {locale: text} mapping (or None) onto the site's locales.

    Locales of another region or none fall back to their language's site
    locale (en-GB is en-US), but an exact match wins over a fallback, so
    {"en-US": a, "en-GB": b} keeps a. Unknown locales are left out and
    added to `dropped`.
    """
    if not isinstance(raw, Mapping):
        return {}
    chosen: dict[str, tuple[int, str]] = {}
    for source_locale, text in raw.items():
        cleaned = clean_text(text)
        if cleaned is None or not isinstance(source_locale, str):
            continue
        locale = match_locale(source_locale)
        if locale is None:
            if dropped is not None:
                dropped.add(source_locale)
            continue
        rank = 0 if locale.lower() == source_locale.strip().lower() else 1
        if locale not in chosen or rank < chosen[locale][0]:
            chosen[locale] = (rank, cleaned)
    return {locale: text for locale, (_, text) in chosen.items()}


def translated_or_text(
    value: object, locale: str, dropped: set[str] | None = None
) -> Translations:
    """Read an API field that is a {locale: text} mapping or one string.

    AMO's API sends a plain string when a request names one language
    (`lang`); the string is then in `locale`.
    """
    if isinstance(value, str):
        text = clean_text(value)
        return {locale: text} if text else {}
    return site_translations(value, dropped)


def dropped_locales_note(locales: Iterable[str]) -> tuple[str, str]:
    """Return the (reason, detail) note for translations left out."""
    return (
        "translations in locales that are not site locales: left out",
        ", ".join(sorted(set(locales))),
    )
