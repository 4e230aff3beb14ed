"""Writing licences, versions, files and compatibility ranges.

A version is recognised by its add-on and version string (without regard
to case, as MariaDB's unique index compares them). Every version gets a
File row. The package itself is never fetched, so File.file stays empty
and pages show the version as not downloadable. The hash, size, filename,
status and permissions are the sources' values, and File.source_url is
where the package was published.
"""

from amo.addons.models import Addon
from amo.catalogue.importer.bulk import Counts, assign, fetch_in, save_rows
from amo.catalogue.importer.context import WriteContext
from amo.catalogue.importer.merge import MergedAddon, MergedVersion, slugify
from amo.catalogue.importer.records import LicenseRef
from amo.core.constants import BUILTIN_LICENSES_BY_SLUG, FileStatus
from amo.files.models import File
from amo.versions.models import ApplicationsVersions, License, Version

VERSION_FIELDS = (
    "channel",
    "created",
    "reviewed",
    "release_notes",
    "license",
    "deleted",
)
FILE_FIELDS = (
    "filename",
    "hash",
    "size",
    "status",
    "source_url",
    "created",
    "permissions",
    "optional_permissions",
    "host_permissions",
    "strict_compatibility",
    "is_mozilla_signed_extension",
)
FILENAME_MAX_LENGTH = 255


def write_versions(context: WriteContext, addons: list[MergedAddon]) -> None:
    license_ids = _write_licenses(context, addons)
    versions = _write_version_rows(context, addons, license_ids)
    _write_files(context, addons, versions)
    _write_compatibility(context, addons, versions)

    current: dict[int, int | None] = {}
    for index, addon in enumerate(addons):
        if addon.current_version is not None:
            row = versions.get((index, addon.current_version.lower()))
            current[index] = row.pk if row is not None else None
    _set_current_versions(context, current)


def _write_licenses(
    context: WriteContext, addons: list[MergedAddon]
) -> dict[tuple[str, ...], int]:
    """Return the License id of every licence the versions use.

    Built-in licences are the rows with their slug (migrations create
    them, and a missing one is created here); custom licences with the
    same name, URL and text share one row.
    """
    desired: dict[tuple[str, ...], LicenseRef] = {}
    for addon in addons:
        for version in addon.versions:
            if version.license is not None:
                desired.setdefault(version.license.key(), version.license)

    rows = License.objects.using(context.using)
    ids: dict[tuple[str, ...], int] = {}
    for row in rows.all():
        reference = LicenseRef(slug=row.slug, name=row.name, url=row.url, text=row.text)
        ids.setdefault(reference.key(), row.pk)

    new = []
    for key, reference in desired.items():
        if key in ids:
            continue
        if reference.slug:
            builtin = BUILTIN_LICENSES_BY_SLUG[reference.slug]
            new.append(
                License(
                    slug=builtin.slug, name={"en-US": builtin.name}, url=builtin.url
                )
            )
        else:
            new.append(
                License(
                    name=reference.name, url=reference.url[:255], text=reference.text
                )
            )
    save_rows(License, new, [], [], context.using, context.stats.licenses)
    for row in new:
        reference = LicenseRef(slug=row.slug, name=row.name, url=row.url, text=row.text)
        ids[reference.key()] = row.pk
    return ids


def _version_values(
    version: MergedVersion, license_ids: dict[tuple[str, ...], int]
) -> dict[str, object]:
    values: dict[str, object] = {
        "channel": version.channel,
        "release_notes": version.release_notes,
        "deleted": version.deleted,
    }
    if version.created is not None:
        values["created"] = version.created
    if version.reviewed is not None:
        values["reviewed"] = version.reviewed
    if version.license is not None:
        values["license_id"] = license_ids.get(version.license.key())
    return values


def _write_version_rows(
    context: WriteContext,
    addons: list[MergedAddon],
    license_ids: dict[tuple[str, ...], int],
) -> dict[tuple[int, str], Version]:
    """Create or update versions; return them by (add-on index, version)."""
    addon_ids = [row.pk for row in context.rows]
    index_of = {row.pk: index for index, row in enumerate(context.rows)}
    stored = fetch_in(Version.objects.using(context.using), "addon_id", addon_ids)
    versions: dict[tuple[int, str], Version] = {
        (index_of[row.addon_id], row.version.lower()): row for row in stored
    }

    new: list[Version] = []
    changed: list[Version] = []
    for index, addon in enumerate(addons):
        for version in addon.versions:
            key = (index, version.version.lower())
            values = _version_values(version, license_ids)
            row = versions.get(key)
            if row is None:
                row = Version(
                    addon_id=context.rows[index].pk,
                    version=version.version[:255],
                    **values,
                )
                versions[key] = row
                new.append(row)
            elif assign(row, values):
                changed.append(row)
    save_rows(
        Version, new, changed, VERSION_FIELDS, context.using, context.stats.versions
    )
    context.progress(f"  versions: {context.stats.versions}")
    return versions


def _file_values(version: MergedVersion, slug: str) -> dict[str, object]:
    file = version.file
    filename = package_filename(file.filename) or derived_filename(
        slug, version.version
    )
    values: dict[str, object] = {
        "filename": filename[:FILENAME_MAX_LENGTH],
        "status": file.status if file.status is not None else FileStatus.UNREVIEWED,
    }
    if file.hash is not None:
        values["hash"] = file.hash
    if file.size is not None and file.size >= 0:
        values["size"] = file.size
    if file.source_url is not None:
        values["source_url"] = file.source_url[:500]
    if file.created is not None or version.created is not None:
        values["created"] = file.created or version.created
    for field in ("permissions", "optional_permissions", "host_permissions"):
        if getattr(file, field) is not None:
            values[field] = getattr(file, field)
    for field in ("strict_compatibility", "is_mozilla_signed_extension"):
        if getattr(file, field) is not None:
            values[field] = getattr(file, field)
    return values


def _write_files(
    context: WriteContext,
    addons: list[MergedAddon],
    versions: dict[tuple[int, str], Version],
) -> None:
    stored = fetch_in(
        File.objects.using(context.using),
        "version_id",
        [row.pk for row in versions.values()],
    )
    files = {row.version_id: row for row in stored}
    new: list[File] = []
    changed: list[File] = []
    for index, addon in enumerate(addons):
        slug = context.rows[index].slug
        for version in addon.versions:
            version_row = versions[(index, version.version.lower())]
            values = _file_values(version, slug)
            row = files.get(version_row.pk)
            if row is None:
                new.append(File(version_id=version_row.pk, **values))
            elif assign(row, values):
                changed.append(row)
    save_rows(File, new, changed, FILE_FIELDS, context.using, context.stats.files)
    context.progress(f"  files: {context.stats.files}")


def _write_compatibility(
    context: WriteContext,
    addons: list[MergedAddon],
    versions: dict[tuple[int, str], Version],
) -> None:
    """Make each version's ranges match the sources, where they state any."""
    stated = {
        versions[(index, version.version.lower())].pk: version.compatibility
        for index, addon in enumerate(addons)
        for version in addon.versions
        if version.has_compatibility
    }
    stored = fetch_in(
        ApplicationsVersions.objects.using(context.using), "version_id", stated
    )
    by_key = {(row.version_id, row.application): row for row in stored}

    new: list[ApplicationsVersions] = []
    changed: list[ApplicationsVersions] = []
    for version_id, ranges in stated.items():
        for application, (low, high) in ranges.items():
            row = by_key.pop((version_id, application), None)
            values = {"min": low[:255], "max": high[:255]}
            if row is None:
                new.append(
                    ApplicationsVersions(
                        version_id=version_id, application=application, **values
                    )
                )
            elif assign(row, values):
                changed.append(row)
    counts: Counts = context.stats.compatibility
    save_rows(ApplicationsVersions, new, changed, ["min", "max"], context.using, counts)
    # Ranges of those versions that no source states any more.
    stale = [row.pk for row in by_key.values()]
    if stale:
        ApplicationsVersions.objects.using(context.using).filter(pk__in=stale).delete()
        counts.deleted += len(stale)


def _set_current_versions(
    context: WriteContext, current: dict[int, int | None]
) -> None:
    """Point each add-on at its current version; `current` maps row index."""
    changed = []
    for index, version_id in current.items():
        row = context.rows[index]
        if version_id is not None and row.current_version_id != version_id:
            row.current_version_id = version_id
            changed.append(row)
    save_rows(Addon, [], changed, ["current_version"], context.using, Counts())


def package_filename(name: str | None) -> str | None:
    """Return the last path segment of a source's file name, or None.

    Some sources name a package with a folder ("gmail/mime-1.32-fx.xpi")
    or, after a URL is decoded, with an escaped slash. Download URLs end
    with the file name as one path segment, so a name with a slash could
    not be routed, and every API response with the file would fail.
    """
    if not name:
        return None
    segment = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    if segment in ("", ".", ".."):
        return None
    return segment


def derived_filename(slug: str, version: str) -> str:
    """Name a package as AMO names files: `<slug_in_snake_case>-<version>.xpi`.

    NOTE: AMO makes the name from the add-on's name at upload, which is
    usually its slug. For versions whose sources give no filename, this is
    the likely name, not a known one.
    """
    return f"{slugify(slug).replace('-', '_')}-{version}.xpi"
