"""Async reads of files for the download view."""

from amo.addons import queries as addon_queries
from amo.addons.models import Addon
from amo.core import db
from amo.core.constants import AddonStatus, Channel, FileStatus
from amo.files.models import File


async def get_public_file(file_id: int) -> File | None:
    """Return file `file_id` when anyone may download it, else None.

    Only approved files of listed, non-deleted versions of listed add-ons
    qualify. The version and the add-on's slug come in the same query.
    """
    queryset = (
        File.objects.filter(
            pk=file_id,
            status=FileStatus.PUBLIC,
            version__channel=Channel.LISTED,
            version__deleted=False,
            version__addon__status=AddonStatus.PUBLIC,
            version__addon__disabled_by_user=False,
        )
        .select_related("version__addon")
        .only(
            *(f.name for f in File._meta.concrete_fields),
            "version__id",
            "version__version",
            "version__addon__id",
            "version__addon__slug",
            "version__addon__type",
        )
    )
    return await db.fetch_one(queryset)


async def get_current_file(key: str) -> File | None:
    """Return the public file of the current version of add-on `key`.

    `key` is what an add-on page accepts in place of its slug: the slug in
    any case, a number (an addons.mozilla.org id, else a local id) or a
    guid. Returns None when no listed add-on matches, or when its current
    version has no public file on a listed, non-deleted version.
    """
    key = key.strip()
    addon = await _get_addon(key)
    if addon is None or addon.current_version is None:
        return None
    version = addon.current_version
    file = getattr(version, "file", None)
    if (
        file is None
        or file.status != FileStatus.PUBLIC
        or version.channel != Channel.LISTED
        or version.deleted
    ):
        return None
    return file


async def _get_addon(key: str) -> Addon | None:
    """Return the listed add-on `key` names, with its current version's file.

    The slug is tried first, as add-on pages do, so a slug hit costs one
    query.
    """
    if "@" in key or "{" in key:
        slug = await addon_queries.get_addon_slug_by_guid(key)
        return await addon_queries.get_addon_by_slug(slug) if slug else None
    addon = await addon_queries.get_addon_by_slug(key)
    if addon is not None:
        return addon
    slug = None
    # A key without letters has no other spelling: spaces are stripped.
    if key.lower() != key.upper():
        slug = await addon_queries.get_addon_slug_by_spelling(key)
    # 19 digits hold any 64-bit id; int() raises past 4300 digits.
    if slug is None and key.isascii() and key.isdigit() and len(key) <= 19:
        slug = await addon_queries.get_addon_slug_by_number(int(key))
    return await addon_queries.get_addon_by_slug(slug) if slug else None


async def get_file(file_id: int) -> File | None:
    """Return file `file_id` of a version that is not deleted, whatever
    its status, with its version and add-on, for their authors and
    reviewers."""
    queryset = File.objects.filter(pk=file_id, version__deleted=False).select_related(
        "version__addon"
    )
    return await db.fetch_one(queryset)
