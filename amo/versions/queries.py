"""Async reads of versions for the pages."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from amo.core.cache import objects, querycache
from amo.core.constants import Channel, FileStatus
from amo.versions.models import ApplicationsVersions, Version


def compatibility_rows() -> QuerySet[ApplicationsVersions]:
    """Compatibility rows in the order pages list them: by application."""
    return ApplicationsVersions.objects.order_by("application")


# A version as the version history shows it: with its licence, its file
# and its compatibility, ordered by application.
VERSION_KIND = objects.ObjectKind(
    "version",
    Version,
    select_related=("license", "file"),
    prefetch=(objects.Related("compatible_apps", compatibility_rows),),
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


async def get_version_history(
    addon_id: int, *, offset: int, limit: int
) -> VersionHistory:
    """Return one page of an add-on's public versions, newest first.

    One cache call reads the page's ids and the count, and one more the
    versions, each with its licence, file and compatibility.
    """
    page = public_versions(addon_id).order_by("-created", "-id")[
        offset : offset + limit
    ]
    found = await querycache.afetch(
        {
            "ids": querycache.ObjectIds(page, VERSION_KIND),
            "total": querycache.Count(public_versions(addon_id)),
        }
    )
    versions = objects.in_order(
        await objects.aget_many(VERSION_KIND, found["ids"]), found["ids"]
    )
    compatibility = {
        version.pk: list(version.compatible_apps.all()) for version in versions
    }
    return VersionHistory(versions, found["total"], compatibility)


async def get_public_version(addon_id: int, version: str) -> Version | None:
    """Return the public version `version` of an add-on, with its licence."""
    queryset = public_versions(addon_id).filter(version=version)
    found = await querycache.afetch(
        {"ids": querycache.ObjectIds(queryset[:1], VERSION_KIND)}
    )
    if not found["ids"]:
        return None
    return await objects.aget(VERSION_KIND, found["ids"][0])
