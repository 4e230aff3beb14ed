"""Async reads of files for the download view."""

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
