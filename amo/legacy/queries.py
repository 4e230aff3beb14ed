"""Async reads that turn the numeric ids of old URLs into today's rows.

Every lookup goes through the query cache, so a popular old link costs one
cache call once it is warm, and an edit of the rows it read invalidates it.
"""

from dataclasses import dataclass

from django.db.models import Q

from amo.addons.models import Addon
from amo.core.cache import querycache
from amo.core.constants import AddonStatus, Channel, FileStatus
from amo.users.models import User
from amo.versions.models import Version

# Ids are signed 64-bit integers on MariaDB and SQLite alike. A larger
# number names no row, and SQLite's driver cannot even bind it.
MAX_ID = 2**63 - 1

_ADDON_FIELDS = ("pk", "slug", "status", "disabled_by_user")
_USER_FIELDS = ("pk", "is_active", "deleted")


@dataclass(frozen=True)
class AddonRef:
    """The add-on that an old id names, with what a redirect needs."""

    pk: int
    slug: str
    status: int
    disabled_by_user: bool

    @property
    def is_public(self) -> bool:
        return self.status == AddonStatus.PUBLIC and not self.disabled_by_user

    @property
    def is_deleted(self) -> bool:
        return self.status == AddonStatus.DELETED


@dataclass(frozen=True)
class VersionRef:
    """A public version that an old id names, and its add-on's slug."""

    version: str
    addon_slug: str


def parse_id(text: str) -> int | None:
    """Return the id that the digits `text` spell, or None past MAX_ID."""
    # int() rejects strings of more than 4,300 digits, so the length is
    # checked first.
    if len(text) > len(str(MAX_ID)) or int(text) > MAX_ID:
        return None
    return int(text)


async def get_addon(number: int) -> AddonRef | None:
    """Return the add-on that an old URL's id names, in any status.

    Old links carry addons.mozilla.org's ids, which the importer keeps in
    `amo_id`, so the add-on whose amo_id is `number` claims the number
    before the add-on whose primary key is `number`. Both lookups use a
    unique index and share one cache call.
    """
    found = await querycache.afetch(
        {
            "by_amo_id": querycache.Rows(
                lambda: Addon.objects.filter(amo_id=number).values_list(*_ADDON_FIELDS),
                memo=("legacy addon by amo_id", number),
            ),
            "by_pk": querycache.Rows(
                lambda: Addon.objects.filter(pk=number).values_list(*_ADDON_FIELDS),
                memo=("legacy addon by pk", number),
            ),
        }
    )
    rows = found["by_amo_id"] or found["by_pk"]
    return AddonRef(*rows[0]) if rows else None


async def get_user_id(number: int) -> int | None:
    """Return the primary key of the active user an old id names, or None.

    As for add-ons, the user whose `amo_id` is `number` claims it first.
    """
    found = await querycache.afetch(
        {
            "by_amo_id": querycache.Rows(
                lambda: User.objects.filter(amo_id=number).values_list(*_USER_FIELDS),
                memo=("legacy user by amo_id", number),
            ),
            "by_pk": querycache.Rows(
                lambda: User.objects.filter(pk=number).values_list(*_USER_FIELDS),
                memo=("legacy user by pk", number),
            ),
        }
    )
    rows = found["by_amo_id"] or found["by_pk"]
    if not rows:
        return None
    pk, is_active, deleted = rows[0]
    return pk if is_active and not deleted else None


async def get_public_version(version_id: int) -> VersionRef | None:
    """Return the public version with primary key `version_id`, or None.

    Public as the version history shows it: listed, not deleted, with an
    approved file or none, of a listed add-on.
    """
    query = querycache.Rows(
        lambda: Version.objects.filter(
            Q(file__isnull=True) | Q(file__status=FileStatus.PUBLIC),
            pk=version_id,
            channel=Channel.LISTED,
            deleted=False,
            addon__status=AddonStatus.PUBLIC,
            addon__disabled_by_user=False,
        ).values_list("version", "addon__slug"),
        memo=("legacy public version", version_id),
    )
    found = await querycache.afetch({"version": query})
    rows = found["version"]
    return VersionRef(*rows[0]) if rows else None
