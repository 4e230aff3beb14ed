"""Merging the records of one add-on into the values amo stores.

Which source wins: the newer one. Records are applied from the oldest
`observed` time to the newest, so for every value the newest source that
has it wins: a 2025 list's user count beats a 2016 survey's, which beats a
2010 fixture's. Ties keep the order in which the files were read. In
detail:

- Scalars (type, status, counts, ratings, dates, URLs): the newest value.
- Translated fields: locale by locale, the newest text per locale, so an
  old source's translations survive where a newer one has none.
- Versions: by version string; within a version, field by field as above.
- Authors: by AMO user id, field by field in the order of their records.
- Categories, tags and previews are sets: the newest source that has the
  set replaces it whole, because an add-on's categories change as a whole.

A group becomes an add-on only when some record gives it a name; the
records of a nameless group are reported instead.
"""

import dataclasses
import datetime
import re
import unicodedata

from amo.catalogue.importer.joins import AddonGroup
from amo.catalogue.importer.mappings import category_slug
from amo.catalogue.importer.records import (
    DEFAULT_LOCALE_KEY,
    UNKNOWN_TIME,
    AuthorRecord,
    FileRecord,
    LicenseRef,
    PreviewRecord,
    Report,
    SourceRecord,
    Translations,
    VersionRecord,
)
from amo.core.constants import AddonType, Channel, FileStatus
from amo.core.models import FALLBACK_LOCALE
from amo.core.versions import version_key

NO_NAME = "no source gives this add-on a name: not listed"
CATEGORY_UNKNOWN = "category is not one of the add-on type's: left out"

# Maximum length of a tag (Tag.tag_text).
TAG_MAX_LENGTH = 128
SLUG_MAX_LENGTH = 100
_NOT_SLUG = re.compile(r"[^a-z0-9_~-]+")


@dataclasses.dataclass
class MergedVersion:
    version: str
    channel: int = Channel.LISTED
    created: datetime.datetime | None = None
    reviewed: datetime.datetime | None = None
    release_notes: Translations = dataclasses.field(default_factory=dict)
    license: LicenseRef | None = None
    file: FileRecord = dataclasses.field(default_factory=FileRecord)
    compatibility: dict[int, tuple[str, str]] = dataclasses.field(default_factory=dict)
    # Compatibility is replaced only when a source states some.
    has_compatibility: bool = False
    deleted: bool = False
    beta: bool = False

    @property
    def is_public(self) -> bool:
        return (
            not self.deleted
            and not self.beta
            and self.channel == Channel.LISTED
            and self.file.status == FileStatus.PUBLIC
        )


@dataclasses.dataclass
class MergedAddon:
    """An add-on as the sources describe it, ready to be written."""

    key: str
    guid: str | None
    amo_id: int | None
    # Slugs to try, best first; `slug_from_amo` when the first is AMO's own.
    slug_candidates: list[str]
    slug_from_amo: bool
    values: dict[str, object]
    translations: dict[str, Translations]
    versions: list[MergedVersion]
    current_version: str | None
    authors: list[AuthorRecord]
    # Application id to v5 category slugs; None when no source has any.
    categories: dict[int, list[str]] | None
    tags: list[str] | None
    previews: list[PreviewRecord] | None
    records: list[SourceRecord]


@dataclasses.dataclass
class MergeResult:
    addons: list[MergedAddon]
    reports: list[Report]
    # Records folded into another record's add-on.
    merged_records: int = 0


def merge_groups(groups: list[AddonGroup]) -> MergeResult:
    """Merge each named group into an add-on; report the other records."""
    result = MergeResult(addons=[], reports=[])
    for group in groups:
        if not group.has_name:
            for record in group.records:
                result.reports.append(
                    Report(
                        record.path, record.position, NO_NAME, detail=record.describe()
                    )
                )
            continue
        result.addons.append(_merge(group, result.reports))
        result.merged_records += len(group.records) - 1
    _fill_bayesian_ratings(result.addons)
    return result


def _oldest_first(records: list[SourceRecord]) -> list[SourceRecord]:
    # sorted() is stable, so records of equal time keep their read order.
    return sorted(records, key=lambda record: record.observed)


def _merge(group: AddonGroup, reports: list[Report]) -> MergedAddon:
    records = _oldest_first(group.records)
    for record in records:
        for reason, detail in record.notes:
            reports.append(
                Report(
                    record.path, record.position, reason, level="dropped", detail=detail
                )
            )

    values: dict[str, object] = {}
    for record in records:
        values.update(record.values)
        if "bayesian_rating" not in record.values and (
            "average_rating" in record.values or "total_ratings" in record.values
        ):
            # An older source's Bayesian rating no longer fits newer counts;
            # it is computed again below.
            values.pop("bayesian_rating", None)
    addon_type = values.setdefault("type", AddonType.EXTENSION)
    assert isinstance(addon_type, int)
    default_locale = str(values.get("default_locale") or FALLBACK_LOCALE)
    values["default_locale"] = default_locale

    translations: dict[str, Translations] = {}
    for record in records:
        for field, texts in record.translations.items():
            translations.setdefault(field, {}).update(_resolve(texts, default_locale))

    versions = _merge_versions(records, default_locale)
    public = [version for version in versions if version.is_public]
    current = max(
        public, key=lambda version: version_key(version.version), default=None
    )
    if "created" not in values:
        # No source gives the creation time. The add-on existed by the time
        # of its oldest version or oldest record, whichever is first.
        known = [version.created for version in versions if version.created]
        known += [record.observed for record in records]
        dated = [time for time in known if time != UNKNOWN_TIME]
        values["created"] = min(dated or known)

    guid_record = next((record for record in reversed(records) if record.guid), None)
    candidates, from_amo = _slug_candidates(
        group, records, translations, default_locale
    )
    return MergedAddon(
        key=group.key,
        guid=guid_record.guid if guid_record else None,
        amo_id=group.amo_id,
        slug_candidates=candidates,
        slug_from_amo=from_amo,
        values=values,
        translations=translations,
        versions=versions,
        current_version=current.version if current else None,
        authors=_merge_authors(records),
        categories=_merge_categories(records, addon_type, reports),
        tags=_merge_tags(records),
        previews=_newest_set(records, "previews"),
        records=records,
    )


def _resolve(texts: Translations, default_locale: str) -> Translations:
    """File a text of unstated locale under the add-on's default locale."""
    if DEFAULT_LOCALE_KEY not in texts:
        return texts
    resolved = {key: text for key, text in texts.items() if key != DEFAULT_LOCALE_KEY}
    resolved.setdefault(default_locale, texts[DEFAULT_LOCALE_KEY])
    return resolved


def _merge_versions(
    records: list[SourceRecord], default_locale: str
) -> list[MergedVersion]:
    merged: dict[str, MergedVersion] = {}
    for record in records:
        for source in record.versions:
            key = source.version.strip().lower()
            version = merged.get(key)
            if version is None:
                version = merged[key] = MergedVersion(version=source.version.strip())
            _apply_version(version, source, record, default_locale)
    for version in merged.values():
        if version.created is None:
            version.created = version.file.created
    return sorted(merged.values(), key=lambda version: version_key(version.version))


def _apply_version(
    version: MergedVersion,
    source: VersionRecord,
    record: SourceRecord,
    default_locale: str,
) -> None:
    if source.channel is not None:
        version.channel = source.channel
    # A version exists at least since the first record that lists it.
    fallback = record.observed if record.observed != UNKNOWN_TIME else None
    version.created = source.created or version.created or fallback
    if source.reviewed is not None:
        version.reviewed = source.reviewed
    version.release_notes.update(_resolve(source.release_notes, default_locale))
    if source.license is not None:
        version.license = dataclasses.replace(
            source.license,
            name=_resolve(source.license.name, default_locale),
            text=_resolve(source.license.text, default_locale),
        )
    if source.file is not None:
        for field in dataclasses.fields(FileRecord):
            value = getattr(source.file, field.name)
            if value is not None:
                setattr(version.file, field.name, value)
    if source.compatibility:
        version.compatibility = dict(source.compatibility)
        version.has_compatibility = True
    if source.deleted is not None:
        version.deleted = source.deleted
    version.beta = version.beta or source.beta


def _merge_authors(records: list[SourceRecord]) -> list[AuthorRecord]:
    merged: dict[int, AuthorRecord] = {}
    listing = [record for record in records if record.authors]
    for record in listing:
        ordered = sorted(
            record.authors, key=lambda author: author.observed or record.observed
        )
        for author in ordered:
            current = merged.get(author.amo_id)
            if current is None:
                merged[author.amo_id] = dataclasses.replace(author)
                continue
            for field in dataclasses.fields(AuthorRecord):
                value = getattr(author, field.name)
                if value is not None:
                    setattr(current, field.name, value)
    return sorted(
        merged.values(), key=lambda author: (author.position or 0, author.amo_id)
    )


def _newest_set(records: list[SourceRecord], field: str) -> list[PreviewRecord] | None:
    for record in reversed(records):
        value = getattr(record, field)
        if value is not None:
            return value
    return None


def _merge_categories(
    records: list[SourceRecord], addon_type: int, reports: list[Report]
) -> dict[int, list[str]] | None:
    source = next(
        (record for record in reversed(records) if record.categories is not None), None
    )
    if source is None or source.categories is None:
        return None
    categories: dict[int, list[str]] = {}
    for application, slugs in source.categories.items():
        mapped = []
        for slug in slugs:
            v5_slug = category_slug(slug, addon_type)
            if v5_slug is None:
                reports.append(
                    Report(
                        source.path,
                        source.position,
                        CATEGORY_UNKNOWN,
                        level="dropped",
                        detail=f"{slug!r} for type {AddonType(addon_type).label}",
                    )
                )
            elif v5_slug not in mapped:
                mapped.append(v5_slug)
        categories[application] = mapped
    return categories


def _merge_tags(records: list[SourceRecord]) -> list[str] | None:
    source = next(
        (record for record in reversed(records) if record.tags is not None), None
    )
    if source is None or source.tags is None:
        return None
    tags: list[str] = []
    for tag in source.tags:
        # AMO stores tags in lower case; one spelling per tag.
        text = " ".join(tag.split()).lower()[:TAG_MAX_LENGTH]
        if text and text not in tags:
            tags.append(text)
    return tags


def slugify(text: str) -> str:
    """Return `text` as an ASCII slug of letters, digits, "-", "_" and "~"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    return re.sub(r"-{2,}", "-", slug)[:SLUG_MAX_LENGTH].strip("-")


def _usable(slug: str) -> bool:
    # AMO's slugs are never all digits, so that ids and slugs never clash.
    return bool(slug) and not slug.isdigit()


def _slug_candidates(
    group: AddonGroup,
    records: list[SourceRecord],
    translations: dict[str, Translations],
    default_locale: str,
) -> tuple[list[str], bool]:
    """Return slugs to try, best first, and whether the first is AMO's.

    AMO's own slugs come first, then the fixtures' slugs, then one made
    from the name.
    """
    candidates: list[str] = []
    for slug in [slugify(slug) for slug in group.slugs]:
        if _usable(slug) and slug not in candidates:
            candidates.append(slug)
    from_amo = bool(candidates)
    for record in reversed(records):
        slug = slugify(record.slug_candidate or "")
        if _usable(slug) and slug not in candidates:
            candidates.append(slug)
    names = translations.get("name", {})
    name = (
        names.get(default_locale)
        or names.get(FALLBACK_LOCALE)
        or next(iter(names.values()), "")
    )
    slug = slugify(name)
    if not _usable(slug):
        slug = f"addon-{group.amo_id}" if group.amo_id is not None else "addon"
    if slug not in candidates:
        candidates.append(slug)
    return candidates, from_amo


def _ratings(addon: MergedAddon) -> tuple[int, float] | None:
    """Return the add-on's (count, average) of ratings, if it has ratings."""
    count = addon.values.get("total_ratings")
    average = addon.values.get("average_rating")
    if isinstance(count, int) and count > 0 and isinstance(average, int | float):
        return count, float(average)
    return None


def _fill_bayesian_ratings(addons: list[MergedAddon]) -> None:
    """Compute the Bayesian rating of add-ons whose sources give none.

    AMO's formula: (C * m + n * r) / (C + n), with n ratings averaging r,
    and C and m the mean count and mean average over every add-on that has
    ratings. Listings sort by it, so a rating of few votes ranks lower.
    """
    rated = [(addon, ratings) for addon in addons if (ratings := _ratings(addon))]
    if not rated:
        return
    mean_count = sum(count for _, (count, _) in rated) / len(rated)
    mean_rating = sum(average for _, (_, average) in rated) / len(rated)
    for addon, (count, average) in rated:
        if addon.values.get("bayesian_rating") is None:
            addon.values["bayesian_rating"] = (
                mean_count * mean_rating + count * average
            ) / (mean_count + count)
