"""Version, file and licence objects."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist

from amo.addons.models import Addon
from amo.api.context import ApiContext
from amo.api.fields import absolute, download_url, iso_datetime, translated
from amo.core import urls
from amo.core.constants import (
    APPS_BY_ID,
    CHANNEL_API_NAMES,
    FILE_STATUS_API_NAMES,
    Channel,
    FileStatus,
)
from amo.files.models import File
from amo.versions.models import License, Version

# How the version object carries its licence: none (search results), the
# compact form (add-on detail, version list) or with its text.
LICENSE_NONE = "none"
LICENSE_COMPACT = "compact"
LICENSE_FULL = "full"


def version_file(version: Version) -> File | None:
    """Return the version's file, loaded with select_related, or None."""
    try:
        return version.file
    except ObjectDoesNotExist:
        return None


def admin_url(name: str, pk: int) -> str:
    # NOTE: amo has no developer or reviewer pages yet; edit and review
    # URLs lead to the admin's change page of the object.
    path = urls.cached_reverse(
        f"admin:{name}_change", urlconf=settings.ROOT_URLCONF, args=(pk,)
    )
    return absolute(path)


def serialize_compatibility(version: Version) -> dict[str, dict[str, str]]:
    compatibility = {}
    for row in version.compatible_apps.all():
        app = APPS_BY_ID.get(row.application)
        if app is not None:
            compatibility[app.short] = {"min": row.min, "max": row.max}
    return compatibility


def serialize_file(file: File, context: ApiContext) -> dict[str, Any]:
    """Return the v5 file object; v4 adds the fields of `serialize_file_v4`."""
    return {
        "id": file.pk,
        "created": iso_datetime(file.created),
        "hash": file.hash,
        "is_mozilla_signed_extension": file.is_mozilla_signed_extension,
        "size": file.size,
        "status": FILE_STATUS_API_NAMES[FileStatus(file.status)],
        "url": download_url(file.pk, file.filename, context),
        "permissions": list(file.permissions or []),
        "optional_permissions": list(file.optional_permissions or []),
        "host_permissions": list(file.host_permissions or []),
        # amo does not read data collection permissions from manifests yet.
        "data_collection_permissions": [],
        "optional_data_collection_permissions": [],
    }


def serialize_file_v4(file: File, context: ApiContext) -> dict[str, Any]:
    """Return a v4 file object, as Firefox's add-ons manager reads it.

    v4 files name a platform ("all": amo serves one package for every
    platform) and say whether they are WebExtensions, which everything amo
    hosts is; none needs a restart.
    """
    return {
        "id": file.pk,
        "created": iso_datetime(file.created),
        "hash": file.hash,
        "is_restart_required": False,
        "is_webextension": True,
        "is_mozilla_signed_extension": file.is_mozilla_signed_extension,
        "platform": "all",
        "size": file.size,
        "status": FILE_STATUS_API_NAMES[FileStatus(file.status)],
        "url": download_url(file.pk, file.filename, context),
        "permissions": list(file.permissions or []),
        "optional_permissions": list(file.optional_permissions or []),
    }


def serialize_files(version: Version, context: ApiContext) -> Any:
    """Return `file` (v5, an object or None) or `files` (v4, a list)."""
    file = version_file(version)
    if context.is_v4:
        return [serialize_file_v4(file, context)] if file else []
    return serialize_file(file, context) if file else None


def serialize_license(
    license: License | None,
    default_locale: str,
    context: ApiContext,
    *,
    with_text: bool,
) -> dict[str, Any] | None:
    if license is None:
        return None
    data: dict[str, Any] = {}
    if context.is_v4:
        data["id"] = license.pk
    data["is_custom"] = license.is_custom
    data["name"] = translated(license.name, default_locale, context)
    if not context.is_v4:
        data["slug"] = license.slug or None
    data["url"] = license.url or None
    if with_text:
        data["text"] = translated(license.text, default_locale, context)
    return data


def serialize_version(
    version: Version,
    default_locale: str,
    context: ApiContext,
    *,
    license: str = LICENSE_COMPACT,
    release_notes: bool = True,
) -> dict[str, Any]:
    """Return a version object; the add-on's default locale drives fallback.

    The version's compatibility rows must be loaded, and its file and
    licence selected with it.
    """
    file = version_file(version)
    data: dict[str, Any] = {"id": version.pk, "version": version.version}
    if not context.is_v4:
        data["channel"] = CHANNEL_API_NAMES[Channel(version.channel)]
    data["compatibility"] = serialize_compatibility(version)
    data["is_strict_compatibility_enabled"] = bool(file and file.strict_compatibility)
    data["edit_url"] = admin_url("versions_version", version.pk)
    data["files" if context.is_v4 else "file"] = serialize_files(version, context)
    if license != LICENSE_NONE:
        data["license"] = serialize_license(
            version.license,
            default_locale,
            context,
            with_text=license == LICENSE_FULL,
        )
    if release_notes:
        data["release_notes"] = translated(
            version.release_notes, default_locale, context
        )
    data["reviewed"] = iso_datetime(version.reviewed)
    return data


def serialize_author_version(
    version: Version, addon: Addon, context: ApiContext
) -> dict[str, Any]:
    """Return a version object as the add-on's authors and reviewers see it.

    It adds is_disabled (the author disabled it), approval_notes and the
    URL of the source archive to the object of `serialize_version`.
    """
    data = serialize_version(
        version, addon.default_locale, context, license=LICENSE_FULL
    )
    data["is_disabled"] = version.status_before_disable is not None
    data["approval_notes"] = version.approval_notes
    data["source"] = (
        absolute(
            urls.cached_reverse(
                "source-download",
                urlconf=settings.ROOT_URLCONF,
                kwargs={"app": context.app.short, "version_id": version.pk},
            )
        )
        if version.source
        else None
    )
    return data


def serialize_compatible_version(
    version: Version, context: ApiContext
) -> dict[str, Any]:
    """Return the short version object of language tools' results."""
    return {
        "id": version.pk,
        "files" if context.is_v4 else "file": serialize_files(version, context),
        "reviewed": iso_datetime(version.reviewed),
        "version": version.version,
    }
