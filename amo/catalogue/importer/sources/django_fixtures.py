"""Django fixtures of AMO's 2009-2015 code (zamboni, later olympia).

A fixture file is a JSON array of `{"model", "pk", "fields"}` objects.
Each `addons.addon` object becomes a record keyed by its pk, which is the
add-on's AMO id. The objects that point at an add-on (versions with their
files and compatibility ranges, authors, categories, tags, previews) are
folded into its record. Objects that point at an add-on which the file
does not define form a record of their own, which only enriches it.

Text fields hold ids of `translations.translation` rows: each row has the
shared translation id in `fields.id`, a locale and the text. Fixtures also
point at rows defined in other files (application versions, licences,
users), as AMO's test suite loaded several fixtures at once. Those are
looked up in all the files of the import: the file's own row first, else
the first file, by path, that defines it. A row that only stubs another
(a licence with its dates but no terms) is completed from the definition
with the same creation time.
"""

import dataclasses
import datetime
from collections import defaultdict
from pathlib import Path
from typing import Any

from amo.catalogue.importer.mappings import (
    LEGACY_ADDON_STATUSES,
    LEGACY_APPLICATIONS,
    LEGACY_AUTHOR_ROLES,
    LEGACY_BETA_STATUS,
    LEGACY_FILE_STATUSES,
    LEGACY_TYPES,
    legacy_license_slug,
    license_from_slug,
)
from amo.catalogue.importer.records import (
    TRANSLATED_FIELDS,
    UNKNOWN_TIME,
    AuthorRecord,
    FileRecord,
    LicenseRef,
    ParsedFile,
    Report,
    SourceRecord,
    Translations,
    VersionRecord,
)
from amo.catalogue.importer.values import (
    AMO_2010_TIMEZONE,
    clean_text,
    dropped_locales_note,
    mostly,
    parse_bool,
    parse_datetime,
    parse_float,
    parse_int,
    site_translations,
)
from amo.core.constants import ApplicationChoices, Channel
from amo.core.i18n import match_locale

SOURCE = "amo-django-fixture"

# Models whose objects are read; objects of other models (collections,
# statistics, reviews, personas...) describe no add-on data amo keeps.
READ_MODELS = {
    "addons.addon",
    "addons.addoncategory",
    "addons.addonuser",
    "addons.category",
    "addons.preview",
    "applications.appversion",
    "files.file",
    "tags.addontag",
    "tags.tag",
    "translations.translation",
    "users.userprofile",
    "versions.applicationsversions",
    "versions.license",
    "versions.version",
}

# Older fixtures spell some add-on columns without underscores.
ADDON_FIELD_ALIASES = {
    "addontype": "type",
    "defaultlocale": "default_locale",
    "weeklydownloads": "weekly_downloads",
    "totaldownloads": "total_downloads",
    "averagerating": "average_rating",
    "bayesianrating": "bayesian_rating",
    "totalreviews": "total_reviews",
    "higheststatus": "highest_status",
}

# Types amo does not list, named for the report.
UNLISTED_TYPES = {7: "plugin", 8: "the API pseudo-type", 11: "web app"}

# The 2010 platform number of a file for every platform.
PLATFORM_ALL = 1


def detect(data: Any) -> bool:
    return isinstance(data, list) and mostly(
        data, lambda item: isinstance(item, dict) and {"model", "fields"} <= set(item)
    )


def _time(value: object) -> datetime.datetime | None:
    return parse_datetime(value, AMO_2010_TIMEZONE)


@dataclasses.dataclass
class _Object:
    index: int
    model: str
    pk: Any
    fields: dict[str, Any]


class FixtureSet:
    """All the fixture files of one import, so references between them resolve.

    Add every file with `add()` before parsing any with `parse()`.
    """

    def __init__(self) -> None:
        self._files: dict[Path, list[_Object]] = {}
        # (model, pk) to the definition of the row in each file.
        self._definitions: dict[tuple[str, Any], list[tuple[Path, dict[str, Any]]]] = (
            defaultdict(list)
        )
        self._reports: dict[Path, list[Report]] = defaultdict(list)

    def add(self, path: Path, data: list[Any]) -> None:
        objects = []
        for index, item in enumerate(data):
            if not isinstance(item, dict) or not isinstance(item.get("fields"), dict):
                self._reports[path].append(
                    Report(path, f"object {index}", "object has no fields")
                )
                continue
            objects.append(
                _Object(index, str(item.get("model")), item.get("pk"), item["fields"])
            )
        self._files[path] = objects
        for obj in objects:
            self._definitions[(obj.model, obj.pk)].append((path, obj.fields))

    def parse(self, path: Path) -> ParsedFile:
        parsed = ParsedFile(path=path, source=SOURCE)
        parsed.reports.extend(self._reports.get(path, []))
        _FileParser(self, path, self._files.get(path, []), parsed).run()
        return parsed

    def lookup(
        self, path: Path, model: str, pk: Any, local: dict[str, Any] | None
    ) -> dict[str, Any] | None:
        """Return the fields of row `pk` of `model` as used by file `path`."""
        others = sorted(
            (other_path, fields)
            for other_path, fields in self._definitions.get((model, pk), [])
            if other_path != path
        )
        if not others:
            return local
        if local is None:
            return others[0][1]
        # A stub is completed from the fullest definition created at the
        # same time (other files often hold the same stub).
        created = local.get("created")
        matching = [fields for _, fields in others if fields.get("created") == created]
        if not matching:
            return local
        base = max(matching, key=len)
        return {**base, **local}


class _FileParser:
    """Build the records of one fixture file."""

    def __init__(
        self,
        fixtures: FixtureSet,
        path: Path,
        objects: list[_Object],
        parsed: ParsedFile,
    ) -> None:
        self.fixtures = fixtures
        self.path = path
        self.parsed = parsed
        self.by_model: dict[str, dict[Any, _Object]] = defaultdict(dict)
        self.translations: dict[Any, dict[str, str]] = defaultdict(dict)
        # Objects that point at an add-on, by model and add-on pk.
        self.related: dict[str, dict[Any, list[_Object]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self.addon_objects: list[_Object] = []

        for obj in objects:
            if obj.model not in READ_MODELS:
                parsed.ignored[obj.model] = parsed.ignored.get(obj.model, 0) + 1
                continue
            self.by_model[obj.model][obj.pk] = obj
            if obj.model == "translations.translation":
                text = obj.fields.get("localized_string")
                locale = obj.fields.get("locale")
                if isinstance(text, str) and isinstance(locale, str):
                    self.translations[obj.fields.get("id", obj.pk)][locale] = text
            elif obj.model == "addons.addon":
                self.addon_objects.append(obj)
            elif "addon" in obj.fields:
                self.related[obj.model][obj.fields["addon"]].append(obj)

        self.files_by_version: dict[Any, list[_Object]] = defaultdict(list)
        for file in self.by_model["files.file"].values():
            self.files_by_version[file.fields.get("version")].append(file)
        self.ranges_by_version: dict[Any, list[_Object]] = defaultdict(list)
        for span in self.by_model["versions.applicationsversions"].values():
            self.ranges_by_version[span.fields.get("version")].append(span)

    def run(self) -> None:
        defined = set()
        for obj in self.addon_objects:
            defined.add(obj.pk)
            position = f"object {obj.index} (addons.addon pk {obj.pk})"
            record = self._addon_record(obj, position)
            if record is not None:
                self.parsed.records.append(record)
        # Objects about add-ons that other files define enrich those.
        pointed_at: set[Any] = set()
        for by_addon in self.related.values():
            pointed_at.update(by_addon)
        for pk in sorted(pointed_at - defined, key=str):
            amo_id = parse_int(pk)
            position = f"objects of addons.addon pk {pk}"
            if amo_id is None or amo_id <= 0:
                self.parsed.reports.append(
                    Report(
                        self.path,
                        position,
                        "add-on pk is not an AMO id",
                        detail=f"pk {pk!r}",
                    )
                )
                continue
            record = self._new_record(position, amo_id, UNKNOWN_TIME)
            self._add_related(record, pk)
            record.observed = self._newest_related(pk) or UNKNOWN_TIME
            self.parsed.records.append(record)

    def _new_record(
        self, position: str, amo_id: int | None, observed: datetime.datetime
    ) -> SourceRecord:
        return SourceRecord(
            source=SOURCE,
            path=self.path,
            position=position,
            observed=observed,
            amo_id=amo_id,
        )

    def _addon_record(self, obj: _Object, position: str) -> SourceRecord | None:
        fields = {
            ADDON_FIELD_ALIASES.get(key, key): value
            for key, value in obj.fields.items()
        }
        type_number = parse_int(fields.get("type"))
        if type_number in UNLISTED_TYPES:
            self.parsed.reports.append(
                Report(
                    self.path,
                    position,
                    "add-on type is not one amo lists",
                    detail=f"type {type_number}, {UNLISTED_TYPES[type_number]}",
                )
            )
            return None
        amo_id = parse_int(obj.pk)
        observed = (
            _time(fields.get("modified"))
            or _time(fields.get("created"))
            or UNKNOWN_TIME
        )
        record = self._new_record(
            position, amo_id if amo_id and amo_id > 0 else None, observed
        )
        record.guid = (
            clean_text(str(fields["guid"])) if fields.get("guid") is not None else None
        )
        slug = clean_text(fields.get("slug"))
        # The fixtures' slugs are often test values ("a3615", "1001"): good
        # enough for a page URL, not for joining other sources.
        if slug and not slug.isdigit():
            record.slug_candidate = slug
        if record.guid is None and record.amo_id is None:
            self.parsed.reports.append(
                Report(self.path, position, "add-on has neither a guid nor an AMO id")
            )
            return None

        addon_type = LEGACY_TYPES.get(type_number) if type_number is not None else None
        if addon_type is not None:
            record.values["type"] = addon_type
        elif type_number is not None:
            record.note("add-on type is unknown: left out", str(type_number))
        self._add_values(record, fields)
        dropped: set[str] = set()
        for field in TRANSLATED_FIELDS:
            translations = self._translated(fields.get(field), dropped)
            if translations:
                record.translations[field] = translations
        if dropped:
            record.note(*dropped_locales_note(dropped))
        self._add_related(record, obj.pk)
        return record

    def _add_values(self, record: SourceRecord, fields: dict[str, Any]) -> None:
        values = record.values
        status = parse_int(fields.get("status"))
        if status is not None:
            if status in LEGACY_ADDON_STATUSES:
                values["status"] = LEGACY_ADDON_STATUSES[status]
            else:
                record.note("add-on status is unknown: left out", str(status))

        # `inactive` (2010) became `disabled_by_user`: both mean the authors
        # turned the listing off.
        flags = [
            parse_bool(fields.get(key)) for key in ("disabled_by_user", "inactive")
        ]
        if any(flag is not None for flag in flags):
            values["disabled_by_user"] = any(flag for flag in flags if flag)

        locale = match_locale(str(fields.get("default_locale") or ""))
        if locale:
            values["default_locale"] = locale
        target = clean_text(fields.get("target_locale"))
        if target:
            values["target_locale"] = target[:20]

        for field, key in (
            ("average_daily_users", "average_daily_users"),
            ("weekly_downloads", "weekly_downloads"),
            ("total_downloads", "total_downloads"),
            ("total_ratings", "total_reviews"),
        ):
            number = parse_int(fields.get(key))
            if number is not None and number >= 0:
                values[field] = number
        for field in ("average_rating", "bayesian_rating"):
            rating = parse_float(fields.get(field))
            if rating is not None and 0 <= rating <= 5:
                values[field] = rating
        for field in ("created", "last_updated"):
            time = _time(fields.get(field))
            if time is not None:
                values[field] = time

    def _translated(self, translation_id: object, dropped: set[str]) -> Translations:
        if translation_id is None:
            return {}
        return site_translations(self.translations.get(translation_id), dropped)

    def _lookup(self, model: str, pk: Any) -> dict[str, Any] | None:
        local = self.by_model[model].get(pk)
        return self.fixtures.lookup(
            self.path, model, pk, local.fields if local else None
        )

    def _newest_related(self, pk: Any) -> datetime.datetime | None:
        times = [
            _time(obj.fields.get("modified")) or _time(obj.fields.get("created"))
            for by_addon in self.related.values()
            for obj in by_addon.get(pk, [])
        ]
        return max((time for time in times if time is not None), default=None)

    def _add_related(self, record: SourceRecord, pk: Any) -> None:
        self._add_versions(record, pk)
        self._add_authors(record, pk)
        self._add_categories(record, pk)
        self._add_tags(record, pk)
        previews = self.related["addons.preview"].get(pk, [])
        for preview in previews:
            # The fixtures name no image URL, and amo stores no image.
            record.note("preview has no image URL: left out", f"pk {preview.pk}")

    def _add_versions(self, record: SourceRecord, pk: Any) -> None:
        dropped: set[str] = set()
        for obj in self.related["versions.version"].get(pk, []):
            number = clean_text(obj.fields.get("version"))
            if number is None:
                record.note("version has no version number: left out", f"pk {obj.pk}")
                continue
            version = VersionRecord(
                version=number,
                channel=Channel.LISTED,
                created=_time(obj.fields.get("created")),
                reviewed=_time(obj.fields.get("reviewed")),
                release_notes=self._translated(obj.fields.get("releasenotes"), dropped),
                license=self._license(obj.fields.get("license"), dropped),
                deleted=parse_bool(obj.fields.get("deleted")),
            )
            files = sorted(
                self.files_by_version.get(obj.pk, []),
                key=lambda file: parse_int(file.fields.get("platform")) != PLATFORM_ALL,
            )
            if files:
                version.file, version.beta = self._file(files[0].fields)
            for span in self.ranges_by_version.get(obj.pk, []):
                self._add_range(version, span.fields)
            record.versions.append(version)
        if dropped:
            record.note(*dropped_locales_note(dropped))

    def _file(self, fields: dict[str, Any]) -> tuple[FileRecord, bool]:
        status = parse_int(fields.get("status"))
        digest = clean_text(fields.get("hash"))
        return (
            FileRecord(
                filename=clean_text(fields.get("filename")),
                hash=digest if digest and digest.startswith("sha256:") else None,
                size=parse_int(fields.get("size")),
                status=LEGACY_FILE_STATUSES.get(status) if status is not None else None,
                created=_time(fields.get("created")),
                strict_compatibility=parse_bool(fields.get("strict_compatibility")),
            ),
            status == LEGACY_BETA_STATUS,
        )

    def _add_range(self, version: VersionRecord, fields: dict[str, Any]) -> None:
        application = LEGACY_APPLICATIONS.get(parse_int(fields.get("application")) or 0)
        if application is None:
            return
        low = self._lookup("applications.appversion", fields.get("min"))
        high = self._lookup("applications.appversion", fields.get("max"))
        if low and clean_text(low.get("version")):
            version.compatibility[application] = (
                str(low["version"]).strip(),
                str((high or {}).get("version") or "*").strip(),
            )

    def _license(self, pk: Any, dropped: set[str]) -> LicenseRef | None:
        if pk is None:
            return None
        fields = self._lookup("versions.license", pk)
        if fields is None:
            return None
        url = clean_text(fields.get("url")) or ""
        builtin = parse_int(fields.get("builtin"))
        if builtin:
            slug = legacy_license_slug(builtin, url)
            known = license_from_slug(slug) if slug else None
            if known is not None:
                return known
        name = self._translated(fields.get("name"), dropped)
        text = self._translated(fields.get("text"), dropped)
        if not name and not text:
            return None
        return LicenseRef(name=name or {"en-US": "Custom License"}, url=url, text=text)

    def _add_authors(self, record: SourceRecord, pk: Any) -> None:
        for obj in self.related["addons.addonuser"].get(pk, []):
            role_number = parse_int(obj.fields.get("role"))
            role = (
                LEGACY_AUTHOR_ROLES.get(role_number)
                if role_number is not None
                else None
            )
            user_pk = obj.fields.get("user")
            user_id = parse_int(user_pk)
            profile = self._lookup("users.userprofile", user_pk)
            if role is None or user_id is None or user_id <= 0 or profile is None:
                record.note(
                    "author has no known user or role: left out", f"pk {obj.pk}"
                )
                continue
            record.authors.append(_author(user_id, profile, obj.fields, role))

    def _add_categories(self, record: SourceRecord, pk: Any) -> None:
        links = self.related["addons.addoncategory"].get(pk, [])
        if not links:
            return
        categories: dict[int, list[str]] = {}
        for link in links:
            category = self._lookup("addons.category", link.fields.get("category"))
            slug = clean_text((category or {}).get("slug"))
            if slug is None:
                continue
            # A category row without an application is one of Firefox's.
            app_number = (
                parse_int((category or {}).get("application"))
                or ApplicationChoices.FIREFOX
            )
            application = LEGACY_APPLICATIONS.get(app_number)
            if application is not None:
                categories.setdefault(application, []).append(slug)
        record.categories = categories

    def _add_tags(self, record: SourceRecord, pk: Any) -> None:
        links = self.related["tags.addontag"].get(pk, [])
        if not links:
            return
        tags = []
        for link in links:
            tag = self._lookup("tags.tag", link.fields.get("tag"))
            text = clean_text((tag or {}).get("tag_text"))
            # Blacklisted tags were hidden from every page.
            if text and not parse_bool((tag or {}).get("blacklisted")):
                tags.append(text)
        record.tags = tags


def _author(
    user_id: int, profile: dict[str, Any], link: dict[str, Any], role: int
) -> AuthorRecord:
    full_name = " ".join(
        part
        for part in (
            clean_text(profile.get("firstname")),
            clean_text(profile.get("lastname")),
        )
        if part
    )
    return AuthorRecord(
        amo_id=user_id,
        username=clean_text(profile.get("username"))
        or clean_text(profile.get("nickname")),
        display_name=clean_text(profile.get("display_name"))
        or full_name
        or clean_text(profile.get("nickname")),
        email=clean_text(profile.get("email")),
        homepage=clean_text(profile.get("homepage")),
        biography=clean_text(profile.get("bio")),
        created=_time(profile.get("created")),
        deleted=parse_bool(profile.get("deleted")),
        role=role,
        listed=parse_bool(link.get("listed")),
        position=parse_int(link.get("position")),
        observed=_time(profile.get("modified")) or _time(profile.get("created")),
    )
