"""Field values in the API's formats: datetimes, URLs, translations, links."""

import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

from amo.api.context import ApiContext
from amo.core import urls
from amo.core.models import translate

# Datetimes are sent in UTC with second precision, as AMO's
# DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ".
DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def iso_datetime(value: datetime.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value.astimezone(datetime.UTC).strftime(DATETIME_FORMAT)


def absolute(path: str) -> str:
    """Return `path` on this site, from AMO_SITE_URL."""
    return settings.SITE_URL + path


def site_url(name: str, *args: Any, context: ApiContext) -> str:
    """Return the absolute URL of site page `name` in the context's locale."""
    path = urls.site_path(name, *args, locale=context.locale, app=context.app.short)
    return absolute(path)


def download_url(file_id: int, filename: str, context: ApiContext) -> str:
    """Return the absolute download URL of a file, ending with its filename."""
    path = urls.cached_reverse(
        "file-download",
        urlconf=settings.ROOT_URLCONF,
        kwargs={"app": context.app.short, "file_id": file_id, "filename": filename},
    )
    return absolute(path)


def media_url(name: str, modified: datetime.datetime | None) -> str:
    """Return the absolute URL of a stored media file, cache-busted.

    The query carries the row's modification time, so a replaced image
    gets a new URL.
    """
    stamp = int(modified.timestamp()) if modified else 0
    return absolute(f"{settings.MEDIA_URL}{name}?modified={stamp}")


def _texts(value: dict[str, str] | None) -> dict[str, str]:
    if not value:
        return {}
    return {locale: text for locale, text in value.items() if text}


def translated(
    value: dict[str, str] | None, default_locale: str, context: ApiContext
) -> Any:
    """Return a translated field as the API sends it, or None when empty.

    Without `lang` every translation is sent. With `lang` v4 sends the
    text alone; v5 sends `{lang: text}`, or, when that locale has no text,
    the text in the locale it fell back to, with `lang` set to null and
    `_default` naming the fallback.
    """
    texts = _texts(value)
    if not texts:
        return None
    if context.lang is None:
        return texts
    text, used = translate(texts, context.lang, default_locale)
    if context.is_v4:
        return text
    if used == context.lang:
        return {used: text}
    return {used: text, context.lang: None, "_default": used}


def safe_link(value: str) -> str:
    """Return `value` when it is an absolute http(s) URL, else "".

    Authors and importers write link fields; a `javascript:` or relative
    URL must never reach a client that renders it as a link.
    """
    value = value.strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ""
    return value


def translated_link(
    value: dict[str, str] | None, default_locale: str, context: ApiContext
) -> Any:
    """Return a translated link field: `{url, outgoing}` in v5, plain in v4.

    amo has no outgoing-link redirector, so `outgoing` repeats `url`.
    """
    links = {locale: safe_link(text) for locale, text in _texts(value).items()}
    text = translated({k: v for k, v in links.items() if v}, default_locale, context)
    if text is None or context.is_v4:
        return text
    return {"url": text, "outgoing": text}


def link(value: str, context: ApiContext) -> Any:
    """Return a plain link field: `{url, outgoing}` or None in v5.

    v4 sends the string itself, "" when there is none, as AMO's v4 did.
    """
    url = safe_link(value) if value else ""
    if context.is_v4:
        return url
    return {"url": url, "outgoing": url} if url else None
