"""Nix package lists built from AMO's API v5 search (a JSON array).

Each entry is one extension: `pname` (its AMO slug), `addonId` (guid), the
current `version` with its file `url` and SRI `hash`, and `meta` holding
the summary (`description`), licence slug, permissions, categories, tags,
homepage and whether it requires payment. There is no display name, so
these records only enrich add-ons that another source names.
"""

import datetime
from pathlib import Path
from typing import Any

from amo.catalogue.importer.mappings import API_PROMOTED, license_from_slug
from amo.catalogue.importer.records import (
    FileRecord,
    ParsedFile,
    Report,
    SourceRecord,
    VersionRecord,
)
from amo.catalogue.importer.values import (
    clean_text,
    filename_from_url,
    hash_from_sri,
    mapping,
    mostly,
    parse_bool,
    string_list,
)
from amo.core.constants import AddonStatus, AddonType, ApplicationChoices, FileStatus

SOURCE = "nix-firefox-addons"

# The list was generated on this date from AMO's search of public
# extensions; its values were true then.
OBSERVED = datetime.datetime(2025, 2, 8, tzinfo=datetime.UTC)


def detect(data: Any) -> bool:
    return isinstance(data, list) and mostly(
        data, lambda item: isinstance(item, dict) and "addonId" in item
    )


def parse(path: Path, data: list[Any]) -> ParsedFile:
    parsed = ParsedFile(path=path, source=SOURCE)
    for index, item in enumerate(data):
        position = f"index {index}"
        if not isinstance(item, dict):
            parsed.reports.append(Report(path, position, "entry is not an object"))
            continue
        guid = clean_text(item.get("addonId"))
        slug = clean_text(item.get("pname"))
        if guid is None and slug is None:
            parsed.reports.append(
                Report(path, position, "entry has neither addonId nor pname")
            )
            continue
        parsed.records.append(_record(path, position, item, guid, slug))
    return parsed


def _record(
    path: Path, position: str, item: dict[str, Any], guid: str | None, slug: str | None
) -> SourceRecord:
    meta = mapping(item.get("meta"))
    record = SourceRecord(
        source=SOURCE,
        path=path,
        position=position,
        observed=OBSERVED,
        guid=guid,
        slug=slug,
    )
    # The list contains the results of a search for public extensions.
    record.values["status"] = AddonStatus.PUBLIC
    record.values["type"] = AddonType.EXTENSION
    requires_payment = parse_bool(meta.get("requiresPayment"))
    if requires_payment is not None:
        record.values["requires_payment"] = requires_payment
    promoted = API_PROMOTED.get(str(meta.get("promotedCategory") or ""))
    if promoted is not None:
        record.values["promoted"] = promoted

    # Summaries of AMO's search results are in the request's language,
    # which the generator left at AMO's default, en-US.
    summary = clean_text(meta.get("description"))
    if summary:
        record.translations["summary"] = {"en-US": summary}
    homepage = clean_text(meta.get("homepage"))
    if homepage:
        record.translations["homepage"] = {"en-US": homepage}

    categories = meta.get("categories")
    if isinstance(categories, list):
        record.categories = {
            ApplicationChoices.FIREFOX: [str(slug) for slug in categories]
        }
    tags = meta.get("tags")
    if isinstance(tags, list):
        record.tags = [str(tag) for tag in tags]

    version = clean_text(item.get("version"))
    if version:
        record.versions.append(_version(record, version, item, meta))
    return record


def _version(
    record: SourceRecord, version: str, item: dict[str, Any], meta: dict[str, Any]
) -> VersionRecord:
    url = clean_text(item.get("url"))
    license_slug = clean_text(meta.get("license"))
    license = license_from_slug(license_slug) if license_slug else None
    if license_slug and license is None:
        record.note("licence slug is unknown: left out", license_slug)
    permissions = meta.get("permissions")
    host_permissions = meta.get("hostPermissions")
    return VersionRecord(
        version=version,
        license=license,
        file=FileRecord(
            filename=filename_from_url(url),
            hash=hash_from_sri(item.get("hash")),
            source_url=url,
            status=FileStatus.PUBLIC,
            permissions=string_list(permissions),
            host_permissions=string_list(host_permissions),
        ),
    )
