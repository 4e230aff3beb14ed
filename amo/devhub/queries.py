"""Async reads of the developer hub.

Authors must see their own edits at once, so nothing here goes through the
object or query caches: every read runs on the database, on the primary
while the request is pinned after a write (ReplicaPinningMiddleware).
"""

import uuid
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet, Subquery

from amo.addons.models import Addon, AddonUser, Category, Preview, Tag
from amo.core import db
from amo.core.constants import AddonStatus, ApplicationChoices, Channel
from amo.devhub.models import ActivityLog, ImageKind, ImageState, ImageUpload
from amo.files.models import FileUpload
from amo.users.models import User
from amo.versions.models import License, Version

# Sorts of the "My add-ons" page: URL value to ordering.
DASHBOARD_SORTS = {
    "updated": ("-modified", "-id"),
    "created": ("-created", "-id"),
    "name": ("sort_name", "id"),
}
DEFAULT_DASHBOARD_SORT = "updated"


@dataclass
class DashboardAddon:
    """One row of "My add-ons": the add-on and its newest version."""

    addon: Addon
    role: int
    # Whether the add-on has a listed version that is not deleted.
    has_listed: bool
    # The newest version that is not deleted, in either channel, with its
    # file; None for an add-on without one.
    latest_version: Version | None


def authored_addons(user_id: int) -> QuerySet[Addon]:
    """Add-ons that `user_id` is an author of, in any role, not deleted."""
    return Addon.objects.filter(addonusers__user=user_id).exclude(
        status=AddonStatus.DELETED
    )


def live_versions(addon_id: int | None = None) -> QuerySet[Version]:
    """Versions that are not deleted, of one add-on or of all."""
    queryset = Version.objects.filter(deleted=False)
    if addon_id is not None:
        queryset = queryset.filter(addon=addon_id)
    return queryset


async def get_dashboard_page(
    user_id: int, *, sort: str, offset: int, limit: int
) -> tuple[list[DashboardAddon], int]:
    """Return one page of the add-ons of `user_id` and how many there are.

    Three queries: the count, the page of add-ons with the id of each one's
    newest version, and those versions with their files.
    """
    newest = (
        live_versions()
        .filter(addon=OuterRef("pk"))
        .order_by("-created", "-id")
        .values("pk")[:1]
    )
    role = AddonUser.objects.filter(addon=OuterRef("pk"), user=user_id).values("role")[
        :1
    ]
    queryset = authored_addons(user_id)
    total = await db.count(queryset)
    if total == 0:
        return [], 0
    page = await db.fetch(
        queryset.annotate(
            latest_version_id=Subquery(newest),
            author_role=Subquery(role),
            has_listed=Exists(
                live_versions().filter(addon=OuterRef("pk"), channel=Channel.LISTED)
            ),
        ).order_by(*DASHBOARD_SORTS[sort])[offset : offset + limit]
    )
    version_ids = [
        addon.latest_version_id  # type: ignore[attr-defined]
        for addon in page
        if addon.latest_version_id  # type: ignore[attr-defined]
    ]
    versions = {
        version.pk: version
        for version in await db.fetch(
            Version.objects.filter(pk__in=version_ids).select_related("file")
        )
    }
    rows = [
        DashboardAddon(
            addon=addon,
            role=addon.author_role,  # type: ignore[attr-defined]
            has_listed=addon.has_listed,  # type: ignore[attr-defined]
            latest_version=versions.get(
                addon.latest_version_id  # type: ignore[attr-defined]
            ),
        )
        for addon in page
    ]
    return rows, total


async def get_dev_addon(slug: str) -> Addon | None:
    """Return the add-on `slug` with its current version, unless deleted."""
    return await db.fetch_one(
        Addon.objects.filter(slug=slug)
        .exclude(status=AddonStatus.DELETED)
        .select_related("current_version")
    )


async def get_dev_addon_by_id(addon_id: int) -> Addon | None:
    return await db.fetch_one(
        Addon.objects.filter(pk=addon_id).exclude(status=AddonStatus.DELETED)
    )


async def has_listed_versions(addon_id: int) -> bool:
    return await db.exists(live_versions(addon_id).filter(channel=Channel.LISTED))


async def get_versions(addon_id: int) -> list[Version]:
    """Return an add-on's versions that are not deleted, newest first.

    Each comes with its file and licence.
    """
    return await db.fetch(
        live_versions(addon_id)
        .select_related("file", "license")
        .order_by("-created", "-id")
    )


async def get_version(addon_id: int, version_id: int) -> Version | None:
    return await db.fetch_one(
        live_versions(addon_id).filter(pk=version_id).select_related("file")
    )


async def get_latest_version(addon_id: int) -> Version | None:
    """Return the add-on's newest version that is not deleted."""
    return await db.fetch_one(
        live_versions(addon_id).select_related("license").order_by("-created", "-id")
    )


async def get_license(license_id: int | None) -> License | None:
    if license_id is None:
        return None
    return await db.fetch_one(License.objects.filter(pk=license_id))


async def get_authors(addon_id: int) -> list[AddonUser]:
    """Return the add-on's authors in their order, each with their user."""
    return await db.fetch(
        AddonUser.objects.filter(addon=addon_id)
        .select_related("user")
        .order_by("position", "id")
    )


async def get_user_by_email(email: str) -> User | None:
    """Return the active account with `email`, compared without case."""
    return await db.fetch_one(
        User.objects.filter(email__iexact=email.strip(), deleted=False, is_active=True)
    )


async def get_previews(addon_id: int) -> list[Preview]:
    """Return every screenshot of the add-on, processed or not, in order."""
    return await db.fetch(
        Preview.objects.filter(addon=addon_id).order_by("position", "created", "id")
    )


@dataclass
class ImageUploads:
    """The uploaded images of an add-on that its media page reports on."""

    # The newest icon upload, in any state; None when there was none.
    icon: ImageUpload | None
    # Screenshot id to its upload, for those still queued or failed.
    previews: dict[int, ImageUpload]

    @property
    def pending(self) -> bool:
        """Return whether an image is still waiting to be resized."""
        icon_queued = self.icon is not None and self.icon.state == ImageState.QUEUED
        return icon_queued or any(
            image.state == ImageState.QUEUED for image in self.previews.values()
        )


async def get_image_uploads(addon_id: int) -> ImageUploads:
    """Return the newest icon upload and the unfinished screenshots."""
    icon = await db.fetch_one(
        ImageUpload.objects.filter(addon=addon_id, kind=ImageKind.ICON).order_by(
            "-created", "-id"
        )
    )
    previews = await db.fetch(
        ImageUpload.objects.filter(
            addon=addon_id,
            kind=ImageKind.PREVIEW,
            state__in=(ImageState.QUEUED, ImageState.FAILED),
        ).order_by("created", "id")
    )
    return ImageUploads(
        icon=icon,
        previews={image.preview_id: image for image in previews if image.preview_id},
    )


async def get_type_categories(addon_type: int) -> list[Category]:
    """Return the categories of a type, as Firefox lists them.

    Both applications have the same categories; an add-on gets the
    categories of every application whose slug it chose.
    """
    return await db.fetch(
        Category.objects.filter(
            application=ApplicationChoices.FIREFOX, type=addon_type
        ).order_by("misc", "-weight", "slug")
    )


async def get_category_slugs(addon_id: int) -> list[str]:
    rows = await db.fetch_values(
        Category.objects.filter(addons=addon_id)
        .order_by("slug")
        .values_list("slug", flat=True)
        .distinct()
    )
    return list(rows)


async def get_tag_texts(addon_id: int) -> list[str]:
    rows = await db.fetch_values(
        Tag.objects.filter(addons=addon_id)
        .order_by("tag_text")
        .values_list("tag_text", flat=True)
    )
    return list(rows)


async def get_upload(upload_uuid: uuid.UUID, user_id: int) -> FileUpload | None:
    """Return the upload `upload_uuid` when `user_id` sent it."""
    return await db.fetch_one(FileUpload.objects.filter(uuid=upload_uuid, user=user_id))


async def get_activity_page(
    addon_id: int, *, offset: int, limit: int
) -> tuple[list[ActivityLog], int]:
    """Return one page of the add-on's activity log, newest first."""
    queryset = ActivityLog.objects.filter(addon=addon_id)
    total = await db.count(queryset)
    entries = await db.fetch(
        queryset.select_related("user", "version").order_by("-created", "-id")[
            offset : offset + limit
        ]
    )
    return entries, total
