"""Async reads of the reviewer tools: the queues and the review page.

Reviewers act on the current state of a version, so nothing here goes
through the object or query caches: every read goes to the database.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from amo.addons.models import Addon, AddonUser
from amo.core import db
from amo.core.constants import AddonStatus, Channel, FileStatus
from amo.devhub.models import ActivityLog
from amo.files.models import File, FileUpload
from amo.reviewers.validation import ValidationSummary, summarise
from amo.versions.models import Version

# Rows the review page lists in each part of the author's history.
HISTORY_LIMIT = 50
ACTIVITY_LIMIT = 100

# What a queue row shows of its version, add-on and file; descriptions
# and other long texts stay out of the listing's rows.
QUEUE_FIELDS = (
    "id",
    "version",
    "channel",
    "created",
    "reviewed",
    "auto_approved",
    "addon",
    "addon__slug",
    "addon__name",
    "addon__type",
    "addon__status",
    "addon__default_locale",
    "addon__disabled_by_user",
    "file__id",
    "file__status",
)

# Add-ons whose versions nobody needs to review: staff or the author
# took them down.
CLOSED_ADDON_STATUSES = (AddonStatus.DISABLED, AddonStatus.DELETED)


def _open_versions() -> QuerySet[Version]:
    return Version.objects.filter(deleted=False).exclude(
        Q(addon__status__in=CLOSED_ADDON_STATUSES) | Q(addon__disabled_by_user=True)
    )


# The indexes file_status, version_auto_approved and version_channel serve
# these queues.
def pending_versions() -> QuerySet[Version]:
    """Listed versions whose file awaits review, the longest waiting first."""
    return (
        _open_versions()
        .filter(channel=Channel.LISTED, file__status=FileStatus.UNREVIEWED)
        .order_by("created", "id")
    )


def auto_approved_versions() -> QuerySet[Version]:
    """Versions approved without a reviewer, the newest first."""
    return _open_versions().filter(auto_approved=True).order_by("-created", "-id")


def unlisted_versions() -> QuerySet[Version]:
    """Versions of the unlisted channel, the newest first."""
    return _open_versions().filter(channel=Channel.UNLISTED).order_by("-created", "-id")


@dataclass(frozen=True)
class Queue:
    slug: str
    title: Any
    description: Any
    versions: Callable[[], QuerySet[Version]]


QUEUES = (
    Queue(
        "pending",
        _("Awaiting review"),
        _("Listed versions waiting for a reviewer, the longest waiting first."),
        pending_versions,
    ),
    Queue(
        "auto-approved",
        _("Recently auto-approved"),
        _("Versions approved without a reviewer, the newest first."),
        auto_approved_versions,
    ),
    Queue(
        "unlisted",
        _("Unlisted"),
        _("Versions that authors distribute themselves, the newest first."),
        unlisted_versions,
    ),
)
QUEUES_BY_SLUG = {queue.slug: queue for queue in QUEUES}


@dataclass
class QueueRow:
    version: Version
    authors: list[str]


async def get_queue_counts() -> dict[str, int]:
    """Return the number of versions in each queue, by queue slug."""
    return {queue.slug: await db.count(queue.versions()) for queue in QUEUES}


async def get_queue_page(
    queue: Queue, *, offset: int, limit: int
) -> tuple[list[QueueRow], int]:
    """Return one page of `queue` and the queue's length.

    Two queries read the page: the versions with their add-on and file,
    then the author names of those add-ons.
    """
    versions_queryset = queue.versions()
    total = await db.count(versions_queryset)
    page = versions_queryset.select_related("addon", "file").only(*QUEUE_FIELDS)[
        offset : offset + limit
    ]
    versions = await db.fetch(page)
    names = await get_author_names({version.addon_id for version in versions})
    rows = [QueueRow(version, names.get(version.addon_id, [])) for version in versions]
    return rows, total


async def get_author_names(addon_ids: set[int]) -> dict[int, list[str]]:
    """Return the names of each add-on's authors, in their listed order."""
    if not addon_ids:
        return {}
    authors = await db.fetch(
        AddonUser.objects.filter(addon_id__in=addon_ids)
        .select_related("user")
        .only("addon", "position", "user", "user__username", "user__display_name")
        .order_by("addon_id", "position", "id")
    )
    names: dict[int, list[str]] = {}
    for author in authors:
        names.setdefault(author.addon_id, []).append(author.user.name)
    return names


@dataclass
class ReviewPage:
    """What the review page of one version shows."""

    version: Version
    addon: Addon
    upload: FileUpload | None
    validation: ValidationSummary
    authors: list[AddonUser]
    # The authors' other add-ons, with their statuses.
    other_addons: list[Addon] = field(default_factory=list)
    # The add-on's other versions, newest first, with their files.
    other_versions: list[Version] = field(default_factory=list)
    activity: list[ActivityLog] = field(default_factory=list)


async def get_version(version_id: int) -> Version | None:
    """Return version `version_id` with its add-on and file, deleted or not."""
    return await db.fetch_one(
        Version.objects.filter(pk=version_id).select_related("addon", "file")
    )


async def get_review_page(version: Version) -> ReviewPage:
    """Read the rest of the review page of `version`.

    `version` comes from `get_version`, with its add-on and file.
    """
    addon = version.addon
    upload = await db.fetch_one(
        FileUpload.objects.filter(submitted_version=version.pk).only(
            "id", "uuid", "name", "created", "validation", "valid", "manifest"
        )
    )
    authors = await db.fetch(
        AddonUser.objects.filter(addon=addon.pk)
        .select_related("user")
        .only(
            "addon",
            "role",
            "listed",
            "position",
            "user",
            "user__username",
            "user__display_name",
            "user__email",
            "user__created",
            "user__deleted",
            "user__is_active",
        )
        .order_by("position", "id")
    )
    author_ids = [author.user_id for author in authors]
    other_addons = await db.fetch(
        Addon.objects.filter(
            pk__in=AddonUser.objects.filter(user__in=author_ids).values("addon")
        )
        .exclude(pk=addon.pk)
        .only(
            "id",
            "slug",
            "name",
            "type",
            "status",
            "default_locale",
            "disabled_by_user",
            "created",
        )
        .order_by("-created", "-id")[:HISTORY_LIMIT]
    )
    other_versions = await db.fetch(
        Version.objects.filter(addon=addon.pk)
        .exclude(pk=version.pk)
        .select_related("file")
        .only(
            "id",
            "version",
            "channel",
            "created",
            "reviewed",
            "auto_approved",
            "deleted",
            "status_before_disable",
            "addon",
            "file__id",
            "file__status",
        )
        .order_by("-created", "-id")[:HISTORY_LIMIT]
    )
    activity = await db.fetch(
        ActivityLog.objects.filter(addon=addon.pk)
        .select_related("user", "version")
        .only(
            "id",
            "created",
            "action",
            "details",
            "addon",
            "user",
            "user__username",
            "user__display_name",
            "version",
            "version__version",
        )
        .order_by("-created", "-id")[:ACTIVITY_LIMIT]
    )
    return ReviewPage(
        version=version,
        addon=addon,
        upload=upload,
        validation=summarise(upload.validation if upload else None),
        authors=authors,
        other_addons=other_addons,
        other_versions=other_versions,
        activity=activity,
    )


async def get_file(file_id: int) -> File | None:
    """Return file `file_id` whatever its status, for the reviewer download."""
    return await db.fetch_one(File.objects.filter(pk=file_id))
