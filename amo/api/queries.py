"""Async reads of the API that amo.addons.queries does not offer."""

import asyncio
from collections.abc import Sequence

from django.db.models import QuerySet

from amo.addons.models import Addon, AddonUser, Category, Tag
from amo.addons.queries import stored_previews
from amo.core import db
from amo.core.cache import objects
from amo.core.constants import AddonStatus, Channel, FileStatus
from amo.users.models import User
from amo.users.permissions import ADMINS, REVIEWERS
from amo.versions.models import ApplicationsVersions, Version
from amo.versions.queries import compatibility_rows, public_versions

# Ids are 64-bit; a longer number names no row, and SQLite cannot even
# bind it as a parameter.
MAX_ID_DIGITS = 18

AUTHOR_FIELDS = (
    "addon",
    "user",
    "position",
    "listed",
    "user__username",
    "user__display_name",
)


def is_guid(key: str) -> bool:
    """Return whether an add-on key is a GUID: it has @ or is wrapped in {}."""
    return "@" in key or (key.startswith("{") and key.endswith("}"))


def addon_key_filter(key: str) -> dict[str, object] | None:
    """Return the lookup of an add-on by id, GUID or slug; None for no row."""
    if key.isascii() and key.isdigit():
        if len(key) > MAX_ID_DIGITS:
            return None
        return {"pk": int(key)}
    if is_guid(key):
        return {"guid_key": key.lower()}
    return {"slug": key}


def addon_rows() -> QuerySet[Addon]:
    """Add-ons with their current version, its licence and its file."""
    return Addon.objects.select_related(
        "current_version__license", "current_version__file"
    )


async def get_addon(key: str) -> Addon | None:
    """Return the add-on that `key` names, whatever its status."""
    lookup = addon_key_filter(key)
    if lookup is None:
        return None
    return await db.fetch_one(addon_rows().filter(**lookup))


def listed_authors() -> QuerySet[AddonUser]:
    """The listed authors of add-ons, in their order, with their users."""
    return (
        AddonUser.objects.filter(listed=True, user__deleted=False)
        .select_related("user")
        .only(*AUTHOR_FIELDS)
        .order_by("position", "id")
    )


def ordered_categories() -> QuerySet[Category]:
    return Category.objects.order_by("application", "misc", "-weight", "slug")


def ordered_tags() -> QuerySet[Tag]:
    return Tag.objects.order_by("tag_text")


# An add-on as the API sends it: the row, the current version with its
# licence, file and compatibility, and the authors, previews, categories
# and tags, so that a search page reads its add-ons in one cache call.
# amo.core.cache.invalidation clears it when any of those rows changes.
ADDON_API_KIND = objects.ObjectKind(
    "addon-api",
    Addon,
    select_related=("current_version__license", "current_version__file"),
    prefetch=(
        objects.Related("addonusers", listed_authors),
        objects.Related("previews", stored_previews),
        objects.Related("categories", ordered_categories),
        objects.Related("tags", ordered_tags),
        objects.Related("current_version__compatible_apps", compatibility_rows),
    ),
    shape_note="listed authors; stored previews; categories; tags; "
    "compatibility by application",
)


async def get_addons_by_ids(ids: Sequence[int]) -> list[Addon]:
    """Return the add-ons of `ids` in that order, with their relations.

    They come from the object cache; misses load with one query and one
    per relation.
    """
    if not ids:
        return []
    found = await objects.aget_many(ADDON_API_KIND, ids)
    return objects.in_order(found, ids)


async def has_only_unlisted_versions(addon: Addon) -> bool:
    """Return whether the add-on's versions, if any, are all unlisted."""
    versions = Version.objects.filter(addon=addon.pk, deleted=False)
    listed, unlisted = await asyncio.gather(
        db.exists(versions.filter(channel=Channel.LISTED)),
        db.exists(versions.filter(channel=Channel.UNLISTED)),
    )
    return unlisted and not listed


async def load_relations(addons: Sequence[Addon]) -> None:
    """Load what an add-on object shows besides its row, one query each.

    Authors, previews, categories and tags of `addons`, and the
    compatibility of their current versions: five queries run at once,
    fewer when there is no add-on or no current version.
    """
    if not addons:
        return
    versions = [
        addon.current_version
        for addon in addons
        if addon.current_version_id is not None and addon.current_version
    ]
    steps = [
        db.prefetch(addons, "addonusers", listed_authors()),
        db.prefetch(addons, "previews", stored_previews()),
        db.prefetch(addons, "categories", ordered_categories()),
        db.prefetch(addons, "tags", ordered_tags()),
    ]
    if versions:
        steps.append(load_compatibility(versions))
    await asyncio.gather(*steps)


async def load_compatibility(versions: Sequence[Version]) -> None:
    """Load the compatibility rows of `versions`, ordered by application."""
    await db.prefetch(
        versions,
        "compatible_apps",
        ApplicationsVersions.objects.order_by("application"),
    )


def listed_versions(addon: Addon) -> QuerySet[Version]:
    """The versions anyone may see, newest first, with licence and file."""
    return (
        public_versions(addon.pk)
        .select_related("license", "file")
        .order_by("-created", "-id")
    )


async def get_versions_page(
    addon: Addon, *, offset: int, limit: int
) -> tuple[list[Version], int]:
    """Return one page of the add-on's public versions and their count."""
    versions, total = await asyncio.gather(
        db.fetch(listed_versions(addon)[offset : offset + limit]),
        db.count(public_versions(addon.pk)),
    )
    await load_compatibility(versions)
    return versions, total


def filter_version_key(
    queryset: QuerySet[Version], key: str
) -> QuerySet[Version] | None:
    """Filter versions by id or version string; None when `key` names none.

    A key without a dot is an id, unless it starts with "v", which makes
    the rest a version string ("v2" is version "2").
    """
    if key.startswith("v"):
        return queryset.filter(version=key[1:])
    if "." in key:
        return queryset.filter(version=key)
    if key.isascii() and key.isdigit() and len(key) <= MAX_ID_DIGITS:
        return queryset.filter(pk=int(key))
    return None


async def get_version(addon: Addon, key: str) -> Version | None:
    """Return a public version of the add-on by id or version string."""
    queryset = filter_version_key(listed_versions(addon), key)
    if queryset is None:
        return None
    version = await db.fetch_one(queryset)
    if version is not None:
        await load_compatibility([version])
    return version


async def get_filtered_versions_page(
    addon: Addon, filter: str, *, offset: int, limit: int
) -> tuple[list[Version], int]:
    """Return a page of the add-on's versions for its authors, and the count.

    `filter` is all_without_unlisted (listed ones, whatever their status),
    all_with_unlisted (every channel) or all_with_deleted (deleted too).
    """
    versions = Version.objects.filter(addon=addon.pk)
    if filter != "all_with_deleted":
        versions = versions.filter(deleted=False)
    if filter == "all_without_unlisted":
        versions = versions.filter(channel=Channel.LISTED)
    page = versions.select_related("license", "file").order_by("-created", "-id")
    rows, total = await asyncio.gather(
        db.fetch(page[offset : offset + limit]), db.count(versions)
    )
    await load_compatibility(rows)
    return rows, total


def author_versions(addon: Addon) -> QuerySet[Version]:
    """Every version that the add-on's authors see: all but the deleted,
    newest first, with licence and file."""
    return (
        Version.objects.filter(addon=addon.pk, deleted=False)
        .select_related("license", "file")
        .order_by("-created", "-id")
    )


async def get_author_version(addon: Addon, key: str) -> Version | None:
    """Return a version of the add-on that its authors see, by id or
    version string: unlisted, awaiting review and disabled ones too."""
    queryset = filter_version_key(author_versions(addon), key)
    if queryset is None:
        return None
    version = await db.fetch_one(queryset)
    if version is not None:
        await load_compatibility([version])
    return version


async def get_author_role(user_id: int, addon_id: int) -> int | None:
    """Return the role of the user on the add-on, None for no author."""
    rows = await db.fetch_values(
        AddonUser.objects.filter(addon=addon_id, user=user_id).values_list(
            "role", flat=True
        )[:1]
    )
    return rows[0] if rows else None


async def is_reviewer(user: User) -> bool:
    """Return whether the user reviews add-ons: a reviewer, an admin or a
    superuser."""
    if user.is_superuser:
        return True
    return await db.exists(
        User.groups.through.objects.filter(
            user=user.pk, group__name__in=(REVIEWERS, ADMINS)
        )
    )


async def can_see_all_versions(user: User | None, addon: Addon) -> bool:
    """Return whether `user` may see the add-on's hidden versions, as its
    authors and reviewers may."""
    if user is None or not user.is_authenticated:
        return False
    if await get_author_role(user.pk, addon.pk) is not None:
        return True
    return await is_reviewer(user)


async def get_categories() -> list[Category]:
    return await db.fetch(
        Category.objects.order_by("type", "misc", "-weight", "slug", "application")
    )


def public_compatible_apps() -> QuerySet[ApplicationsVersions]:
    """Compatibility rows of versions anyone may download, with the file."""
    return ApplicationsVersions.objects.filter(
        version__channel=Channel.LISTED,
        version__deleted=False,
        version__file__status=FileStatus.PUBLIC,
    ).select_related("version__file")


def listed_addons_of_types(types: Sequence[int]) -> QuerySet[Addon]:
    return Addon.objects.filter(
        status=AddonStatus.PUBLIC, disabled_by_user=False, type__in=list(types)
    )
