"""Responses of AMO's API v4 and v5 that carry add-on objects.

Accepted shapes: a paginated response whose `results` are add-on objects
(search) or `{"addon": {...}}` items (a collection's add-ons), and a single
add-on object (detail). The add-on object is the richest record there is:
translations, authors, categories, previews, ratings and the current
version with its file, licence and compatibility.

v4 and v5 differ in a few shapes, and both are read: categories
(`{app: [slugs]}` or a list), the version's file (`files: [...]` or
`file: {...}`), links (a string or `{url, outgoing}`) and `promoted` (an
object or a list). A translated field is a {locale: text} mapping, or one
string when the request named a language; such a string is filed under
the add-on's default locale.
"""

import datetime
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from amo.catalogue.importer.mappings import (
    API_ADDON_STATUSES,
    API_APPLICATIONS,
    API_FILE_STATUSES,
    API_PROMOTED,
    API_TYPES,
    license_from_name,
    license_from_slug,
    license_slug_for_url,
)
from amo.catalogue.importer.records import (
    DEFAULT_LOCALE_KEY,
    TRANSLATED_FIELDS,
    UNKNOWN_TIME,
    AuthorRecord,
    FileRecord,
    LicenseRef,
    ParsedFile,
    PreviewRecord,
    Report,
    SourceRecord,
    VersionRecord,
)
from amo.catalogue.importer.values import (
    clean_text,
    dropped_locales_note,
    filename_from_url,
    hash_from_sri,
    parse_bool,
    parse_datetime,
    parse_float,
    parse_int,
    string_list,
    translated_or_text,
)
from amo.core.constants import AddonStatus, Channel, PromotedCategory
from amo.core.i18n import match_locale

SOURCE = "amo-api"
_LINK_FIELDS = ("homepage", "support_url")


def detect(data: Any) -> bool:
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        return "count" in data or "next" in data
    return isinstance(data, dict) and _looks_like_addon(data)


def _looks_like_addon(data: dict[str, Any]) -> bool:
    return "current_version" in data and ("guid" in data or "slug" in data)


def parse(path: Path, data: dict[str, Any]) -> ParsedFile:
    parsed = ParsedFile(path=path, source=SOURCE)
    if "results" not in data:
        entries: list[tuple[str, object]] = [("add-on object", data)]
    else:
        entries = [
            (f"results[{index}]", item) for index, item in enumerate(data["results"])
        ]
    for position, item in entries:
        addon = item.get("addon") if isinstance(item, dict) else None
        if isinstance(addon, dict):
            position = f"{position}.addon"
        elif isinstance(item, dict) and _looks_like_addon(item):
            addon = item
        else:
            parsed.reports.append(Report(path, position, "item is not an add-on"))
            continue
        record = _record(path, position, addon)
        if record.guid is None and record.amo_id is None and record.slug is None:
            parsed.reports.append(
                Report(path, position, "add-on has no guid, id or slug to join by")
            )
            continue
        parsed.records.append(record)
    return parsed


def _record(path: Path, position: str, addon: dict[str, Any]) -> SourceRecord:
    version = addon.get("current_version")
    version = version if isinstance(version, dict) else {}
    files = _files(version)
    observed = (
        parse_datetime(addon.get("last_updated"))
        or _newest(parse_datetime(file.get("created")) for file in files)
        or parse_datetime(addon.get("created"))
        or UNKNOWN_TIME
    )
    amo_id = parse_int(addon.get("id"))
    record = SourceRecord(
        source=SOURCE,
        path=path,
        position=position,
        observed=observed,
        guid=clean_text(addon.get("guid")),
        amo_id=amo_id if amo_id and amo_id > 0 else None,
        slug=clean_text(addon.get("slug")),
    )
    dropped: set[str] = set()
    _add_values(record, addon)
    _add_translations(record, addon, dropped)

    if isinstance(addon.get("categories"), dict | list):
        record.categories = _categories(addon["categories"])
    if isinstance(addon.get("tags"), list):
        record.tags = [str(tag) for tag in addon["tags"]]
    if isinstance(addon.get("authors"), list):
        record.authors = _authors(addon["authors"], observed)
    if isinstance(addon.get("previews"), list):
        record.previews = _previews(addon["previews"], dropped)
    if version:
        version_record = _version(version, files, dropped)
        if version_record is None:
            record.note("version has no version number: left out")
        else:
            record.versions.append(version_record)
    if dropped:
        record.note(*dropped_locales_note(dropped))
    return record


def _newest(
    times: Iterable[datetime.datetime | None],
) -> datetime.datetime | None:
    known = [time for time in times if time is not None]
    return max(known, default=None)


def _add_values(record: SourceRecord, addon: dict[str, Any]) -> None:
    values = record.values
    addon_type = API_TYPES.get(str(addon.get("type")))
    if addon_type is not None:
        values["type"] = addon_type
    elif addon.get("type") is not None:
        record.note("add-on type is unknown: left out", str(addon.get("type")))
    status = API_ADDON_STATUSES.get(str(addon.get("status")))
    if status is not None:
        values["status"] = status
    is_disabled = parse_bool(addon.get("is_disabled"))
    if is_disabled is not None:
        # A disabled add-on whose status is not "disabled" was turned off by
        # its authors.
        values["disabled_by_user"] = is_disabled and status != AddonStatus.DISABLED
    locale = match_locale(str(addon.get("default_locale") or ""))
    if locale:
        values["default_locale"] = locale

    for field in ("average_daily_users", "weekly_downloads"):
        number = parse_int(addon.get(field))
        if number is not None and number >= 0:
            values[field] = number
    ratings = addon.get("ratings")
    if isinstance(ratings, dict):
        for field, key in (
            ("total_ratings", "count"),
            ("text_ratings_count", "text_count"),
        ):
            number = parse_int(ratings.get(key))
            if number is not None and number >= 0:
                values[field] = number
        for field, key in (
            ("average_rating", "average"),
            ("bayesian_rating", "bayesian_average"),
        ):
            rating = parse_float(ratings.get(key))
            if rating is not None:
                values[field] = rating
    for field in ("created", "last_updated"):
        time = parse_datetime(addon.get(field))
        if time is not None:
            values[field] = time

    icon = clean_text(addon.get("icon_url"))
    if icon is None and isinstance(addon.get("icons"), dict):
        icon = clean_text(addon["icons"].get("64"))
    if icon:
        values["icon_source_url"] = icon
    contributions = _link(addon.get("contributions_url"))
    if contributions:
        values["contributions_url"] = contributions
    for field in ("requires_payment", "is_experimental"):
        flag = parse_bool(addon.get(field))
        if flag is not None:
            values[field] = flag
    promoted = _promoted(addon)
    if promoted is not None:
        values["promoted"] = promoted


def _promoted(addon: dict[str, Any]) -> PromotedCategory | None:
    """Return the add-on's promoted group, NONE, or None when unstated."""
    if "promoted" not in addon:
        # The 2019 API predates `promoted` and flagged recommended add-ons.
        flag = parse_bool(addon.get("is_recommended"))
        if flag is None:
            return None
        return PromotedCategory.RECOMMENDED if flag else PromotedCategory.NONE
    promoted = addon["promoted"]
    if isinstance(promoted, list):
        # v5 lists a group per application set; amo keeps one group.
        promoted = promoted[0] if promoted else None
    if not isinstance(promoted, dict) or not promoted.get("category"):
        return PromotedCategory.NONE
    # Retired groups (verified, sponsored) have no counterpart: unstated.
    return API_PROMOTED.get(str(promoted["category"]))


def _add_translations(
    record: SourceRecord, addon: dict[str, Any], dropped: set[str]
) -> None:
    for field in TRANSLATED_FIELDS:
        value = addon.get(field)
        if field in _LINK_FIELDS:
            value = _unwrap_links(value)
        translations = translated_or_text(value, DEFAULT_LOCALE_KEY, dropped)
        if translations:
            record.translations[field] = translations


def _link(value: object) -> str | None:
    if isinstance(value, dict):
        value = value.get("url")
    return clean_text(value)


def _unwrap_links(value: object) -> object:
    """Turn v5 `{url, outgoing}` link objects into their URLs."""
    if isinstance(value, dict) and "url" in value:
        return value.get("url")
    if isinstance(value, dict):
        return {locale: _link(link) for locale, link in value.items()}
    return value


def _categories(value: dict[str, Any] | list[Any]) -> dict[int, list[str]]:
    if isinstance(value, list):
        # v5 lists the slugs of the application the request named;
        # without one that is Firefox.
        value = {"firefox": value}
    categories: dict[int, list[str]] = {}
    for app_name, slugs in value.items():
        application = API_APPLICATIONS.get(str(app_name))
        if application is not None and isinstance(slugs, list):
            categories[application] = [str(slug) for slug in slugs]
    return categories


def _authors(authors: list[Any], observed: datetime.datetime) -> list[AuthorRecord]:
    records = []
    for position, author in enumerate(authors):
        amo_id = parse_int(author.get("id")) if isinstance(author, dict) else None
        if amo_id is None or amo_id <= 0:
            continue
        records.append(
            AuthorRecord(
                amo_id=amo_id,
                username=clean_text(author.get("username")),
                display_name=clean_text(author.get("name")),
                position=position,
                listed=True,
                observed=observed,
            )
        )
    return records


def _previews(previews: list[Any], dropped: set[str]) -> list[PreviewRecord]:
    records = []
    for position, preview in enumerate(previews):
        if not isinstance(preview, dict):
            continue
        sizes = {}
        for key, size in (("image", "image_size"), ("thumbnail", "thumbnail_size")):
            value = preview.get(size)
            if isinstance(value, list) and len(value) == 2:
                sizes[key] = [int(value[0]), int(value[1])]
        records.append(
            PreviewRecord(
                position=parse_int(preview.get("position")) or position,
                caption=translated_or_text(
                    preview.get("caption"), DEFAULT_LOCALE_KEY, dropped
                ),
                image_source_url=clean_text(preview.get("image_url")) or "",
                thumbnail_source_url=clean_text(preview.get("thumbnail_url")) or "",
                sizes=sizes,
            )
        )
    return records


def _files(version: dict[str, Any]) -> list[dict[str, Any]]:
    files = version.get("files")
    if isinstance(files, list):
        return [file for file in files if isinstance(file, dict)]
    file = version.get("file")
    return [file] if isinstance(file, dict) else []


def _version(
    version: dict[str, Any], files: list[dict[str, Any]], dropped: set[str]
) -> VersionRecord | None:
    number = clean_text(version.get("version"))
    if number is None:
        return None
    # v4 lists a file per platform; amo keeps one, the one for all platforms.
    files = sorted(files, key=lambda file: file.get("platform") not in (None, "all"))
    file = files[0] if files else None
    compatibility: dict[int, tuple[str, str]] = {}
    if isinstance(version.get("compatibility"), dict):
        for app_name, span in version["compatibility"].items():
            application = API_APPLICATIONS.get(str(app_name))
            if application is not None and isinstance(span, dict) and span.get("min"):
                compatibility[application] = (
                    str(span["min"]),
                    str(span.get("max") or "*"),
                )
    channel = {"listed": Channel.LISTED, "unlisted": Channel.UNLISTED}.get(
        str(version.get("channel"))
    )
    return VersionRecord(
        version=number,
        channel=channel,
        reviewed=parse_datetime(version.get("reviewed")),
        release_notes=translated_or_text(
            version.get("release_notes"), DEFAULT_LOCALE_KEY, dropped
        ),
        license=_license(version.get("license"), dropped),
        file=_file(file, version) if file is not None else None,
        compatibility=compatibility,
        created=parse_datetime(file.get("created")) if file else None,
    )


def _license(value: object, dropped: set[str]) -> LicenseRef | None:
    if not isinstance(value, dict):
        return None
    slug = clean_text(value.get("slug"))
    if slug and (known := license_from_slug(slug)):
        return known
    url = clean_text(value.get("url")) or ""
    name = translated_or_text(value.get("name"), "en-US", dropped)
    if not parse_bool(value.get("is_custom")):
        # The 2019 API sent built-in licences without their slug.
        slug = license_slug_for_url(url)
        if slug and (known := license_from_slug(slug)):
            return known
        if "en-US" in name:
            return license_from_name(name["en-US"])
    return LicenseRef(
        name=name,
        url=url,
        text=translated_or_text(value.get("text"), DEFAULT_LOCALE_KEY, dropped),
    )


def _file(file: dict[str, Any], version: dict[str, Any]) -> FileRecord:
    url = clean_text(file.get("url"))
    return FileRecord(
        filename=filename_from_url(url),
        hash=hash_from_sri(file.get("hash")),
        size=parse_int(file.get("size")),
        status=API_FILE_STATUSES.get(str(file.get("status"))),
        source_url=url,
        created=parse_datetime(file.get("created")),
        permissions=string_list(file.get("permissions")),
        optional_permissions=string_list(file.get("optional_permissions")),
        host_permissions=string_list(file.get("host_permissions")),
        strict_compatibility=parse_bool(version.get("is_strict_compatibility_enabled")),
        is_mozilla_signed_extension=parse_bool(file.get("is_mozilla_signed_extension")),
    )
