"""Async reads of versions for the pages."""

import asyncio
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from amo.core import db
from amo.core.cache import objects
from amo.core.constants import Channel, FileStatus
from amo.versions.models import ApplicationsVersions, Version


def _compatibility_rows() -> QuerySet[ApplicationsVersions]:
    return ApplicationsVersions.objects.order_by("application")


# A version as the version history shows it: with its licence, its file
# and its compatibility, ordered by application.
VERSION_KIND = objects.ObjectKind(
    "version",
    Version,
    select_related=("license", "file"),
    prefetch=(("compatible_apps", _compatibility_rows),),
    shape_note="compatibility by application",
)


def public_versions(addon_id: int) -> QuerySet[Version]:
    """Listed, non-deleted versions of an add-on that the public may see.

    A version whose file awaits review or was disabled is left out. A
    version without a file row (metadata only) is kept, and its page says
    that it is not downloadable.
    """
    return Version.objects.filter(
        Q(file__isnull=True) | Q(file__status=FileStatus.PUBLIC),
        addon=addon_id,
        channel=Channel.LISTED,
        deleted=False,
    )


@dataclass
class VersionHistory:
    """One page of an add-on's version history."""

    versions: list[Version]
    total: int
    # Version id to its compatibility rows, ordered by application.
    compatibility: dict[int, list[ApplicationsVersions]]


async def get_compatibility(
    version_ids: list[int],
) -> dict[int, list[ApplicationsVersions]]:
    """Return the compatibility rows of `version_ids`, by version id."""
    if not version_ids:
        return {}
    queryset = ApplicationsVersions.objects.filter(version__in=version_ids).order_by(
        "version", "application"
    )
    by_version: dict[int, list[ApplicationsVersions]] = {}
    for row in await db.fetch(queryset):
        by_version.setdefault(row.version_id, []).append(row)
    return by_version


async def get_version_history(
    addon_id: int, *, offset: int, limit: int
) -> VersionHistory:
    """Return one page of an add-on's public versions, newest first.

    Each version comes with its licence and its file; the page and the
    count run at once, then one query reads the page's compatibility.
    """
    page_queryset = (
        public_versions(addon_id)
        .select_related("license", "file")
        .order_by("-created", "-id")[offset : offset + limit]
    )
    versions, total = await asyncio.gather(
        db.fetch(page_queryset), db.count(public_versions(addon_id))
    )
    # One explicit query rather than db.prefetch(): Django's reverse
    # foreign-key prefetcher iterates its queryset synchronously.
    compatibility = await get_compatibility([version.pk for version in versions])
    return VersionHistory(versions, total, compatibility)


async def get_public_version(addon_id: int, version: str) -> Version | None:
    """Return the public version `version` of an add-on, with its licence."""
    queryset = (
        public_versions(addon_id).select_related("license").filter(version=version)
    )
    return await db.fetch_one(queryset)
