"""Nix add-on sets keyed by attribute name, with AMO's file objects.

A JSON object of `{attribute: {"name", "version", "file": {"url", "hash"},
"passthru": {"id", "alias", "file"}}}`: `passthru.id` is the guid,
`passthru.alias` the AMO slug, `name` the localized names and
`passthru.file` AMO's whole file object (hash, size, status, permissions,
created).

Some entries are packages hosted elsewhere: no AMO file object, a file URL
on another site and, for a name, the attribute name copied as a string.
Those are records with `on_amo=False`, reported and never listed: their
version and file are not AMO's, and they carry no listing data.
"""

import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from amo.catalogue.importer.mappings import API_FILE_STATUSES
from amo.catalogue.importer.records import (
    FileRecord,
    ParsedFile,
    Report,
    SourceRecord,
    VersionRecord,
)
from amo.catalogue.importer.values import (
    clean_text,
    dropped_locales_note,
    filename_from_url,
    hash_from_sri,
    mapping,
    mostly,
    parse_bool,
    parse_datetime,
    parse_int,
    site_translations,
    string_list,
)
from amo.core.constants import AddonStatus, FileStatus

SOURCE = "nix-mozilla-addons"

# The set was generated on this date.
OBSERVED = datetime.datetime(2025, 12, 25, tzinfo=datetime.UTC)
AMO_HOST = "addons.mozilla.org"


def detect(data: Any) -> bool:
    return isinstance(data, dict) and mostly(
        data.values(),
        lambda entry: (
            isinstance(entry, dict) and isinstance(entry.get("passthru"), dict)
        ),
    )


def parse(path: Path, data: dict[str, Any]) -> ParsedFile:
    parsed = ParsedFile(path=path, source=SOURCE)
    for attribute, entry in data.items():
        position = f"key {attribute!r}"
        passthru = entry.get("passthru") if isinstance(entry, dict) else None
        guid = clean_text(passthru.get("id")) if isinstance(passthru, dict) else None
        if guid is None:
            parsed.reports.append(Report(path, position, "entry has no passthru.id"))
            continue
        parsed.records.append(_record(path, position, attribute, entry, guid))
    return parsed


def _record(
    path: Path, position: str, attribute: str, entry: dict[str, Any], guid: str
) -> SourceRecord:
    passthru = entry["passthru"]
    amo_file = mapping(passthru.get("file"))
    package = mapping(entry.get("file"))
    url = clean_text(amo_file.get("url")) or clean_text(package.get("url"))
    slug = clean_text(passthru.get("alias"))
    on_amo = bool(amo_file) and urlsplit(url or "").hostname == AMO_HOST

    record = SourceRecord(
        source=SOURCE,
        path=path,
        position=position,
        observed=OBSERVED,
        guid=guid,
        slug=slug,
        on_amo=on_amo,
    )
    name = entry.get("name")
    if isinstance(name, dict):
        dropped: set[str] = set()
        record.translations["name"] = site_translations(name, dropped)
        if dropped:
            record.note(*dropped_locales_note(dropped))
    elif isinstance(name, str) and name.strip() not in (attribute, slug):
        record.translations["name"] = {"en-US": name.strip()}
    if not on_amo:
        return record

    version = clean_text(entry.get("version"))
    status = API_FILE_STATUSES.get(str(amo_file.get("status")))
    if status == FileStatus.PUBLIC:
        record.values["status"] = AddonStatus.PUBLIC
    if version:
        created = parse_datetime(amo_file.get("created"))
        record.versions.append(
            VersionRecord(
                version=version,
                created=created,
                file=FileRecord(
                    filename=filename_from_url(url),
                    hash=hash_from_sri(amo_file.get("hash"))
                    or hash_from_sri(package.get("hash")),
                    size=parse_int(amo_file.get("size")),
                    status=status,
                    source_url=url,
                    created=created,
                    permissions=string_list(amo_file.get("permissions")),
                    optional_permissions=string_list(
                        amo_file.get("optional_permissions")
                    ),
                    host_permissions=string_list(amo_file.get("host_permissions")),
                    is_mozilla_signed_extension=parse_bool(
                        amo_file.get("is_mozilla_signed_extension")
                    ),
                ),
            )
        )
    return record
