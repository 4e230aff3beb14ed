"""State changes of the developer hub.

Every function that changes an add-on runs in one transaction: in the
write thread of amo.core.db.writes for the pages, and in the job's own
transaction for the workers. It writes its entry in the activity log,
clears the caches that show the add-on once the transaction commits, and
queues its jobs after the commit.
"""

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import structlog
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError as BrokerError

from amo.addons.models import Addon, AddonUser, Category, Preview, Tag
from amo.core.cache.invalidation import invalidate, invalidate_deletion
from amo.core.constants import AddonStatus, AuthorRole
from amo.core.db import write_action
from amo.core.errors import AmoError
from amo.devhub import activity
from amo.devhub.models import Activity, ImageKind, ImageState, ImageUpload
from amo.files.models import FileUpload
from amo.files.storage import private_storage
from amo.search import documents
from amo.users.models import User
from amo.versions import actions as version_actions
from amo.versions.models import License, Version

log = structlog.get_logger(__name__)

# The translated fields of an add-on's listing that the edit form sets.
LISTING_FIELDS = (
    "name",
    "summary",
    "description",
    "homepage",
    "support_email",
    "support_url",
    "privacy_policy",
)
# A change to these fields rewrites the add-on's search document.
SEARCHED_FIELDS = {"name", "summary", "tags"}
# Folder of private storage that contains uploaded images until they are
# resized.
IMAGE_UPLOADS_DIR = "image-uploads"
# Images queued again per run of the devhub.requeue_images job.
REQUEUE_BATCH = 500


class DevhubError(AmoError):
    """A change the developer hub rejects, with a message for the author."""

    code = "devhub_error"
    status = 400


class LastOwnerError(DevhubError):
    code = "last_owner"
    message = _("An add-on needs at least one owner.")


class AuthorExistsError(DevhubError):
    code = "author_exists"
    message = _("%(email)s is already an author of this add-on.")


@dataclass(frozen=True)
class LicenseChoice:
    """A built-in licence by its slug, or the author's own when slug is ""."""

    slug: str = ""
    name: dict[str, str] = field(default_factory=dict)
    text: dict[str, str] = field(default_factory=dict)


@dataclass
class ListingData:
    """The values the listing form sets: text per locale, categories, tags."""

    default_locale: str
    # Field name (LISTING_FIELDS) to its text by locale.
    translations: dict[str, dict[str, str]]
    category_slugs: list[str]
    tags: list[str]
    license: LicenseChoice | None = None


@dataclass(frozen=True)
class AuthorChange:
    """The role, visibility and position the authors form sets for one
    AddonUser row."""

    addonuser_id: int
    role: int
    listed: bool
    position: int


# --- The distribution agreement -------------------------------------------


@write_action
def accept_agreement(user_id: int) -> datetime:
    """Record that the user accepted the distribution agreement; return when.

    Accepting twice keeps the first date. No add-on is involved, so the
    activity log has no entry for it.
    """
    user = User.objects.select_for_update().get(pk=user_id)
    if user.read_dev_agreement is None:
        user.read_dev_agreement = timezone.now()
        user.save(update_fields=["read_dev_agreement", "modified"])
        invalidate([user])
        log.info("distribution agreement accepted", user_id=user_id)
    return user.read_dev_agreement


# --- The listing ----------------------------------------------------------


def _lock_addon(addon_id: int) -> Addon:
    return Addon.objects.select_for_update().get(pk=addon_id)


def _set_categories(addon: Addon, slugs: list[str]) -> bool:
    """Give the add-on the categories `slugs` of its type in every
    application; return whether they changed."""
    wanted = set(
        Category.objects.filter(type=addon.type, slug__in=slugs).values_list(
            "pk", flat=True
        )
    )
    current = set(addon.categories.values_list("pk", flat=True))
    if wanted == current:
        return False
    addon.categories.set(wanted)
    return True


def _set_tags(addon: Addon, texts: list[str]) -> bool:
    current = set(addon.tags.values_list("tag_text", flat=True))
    if current == set(texts):
        return False
    tags = [Tag.objects.get_or_create(tag_text=text)[0] for text in texts]
    addon.tags.set(tags)
    return True


def _set_license(version: Version, choice: LicenseChoice) -> bool:
    """Give `version` the licence `choice`; return whether it changed.

    A custom licence is a new row each time its text changes, because
    other versions may share the old one.
    """
    current = version.license
    if choice.slug:
        if current is not None and current.slug == choice.slug:
            return False
        version.license = License.objects.get(slug=choice.slug)
    else:
        if (
            current is not None
            and current.is_custom
            and current.name == choice.name
            and current.text == choice.text
        ):
            return False
        version.license = License.objects.create(name=choice.name, text=choice.text)
    version.save(update_fields=["license", "modified"])
    return True


def apply_listing(addon: Addon, data: ListingData) -> list[str]:
    """Set the listing fields of `addon` (locked by the caller) from `data`.

    Returns the names of the fields that changed; the caller saves nothing
    more, logs the change and clears the caches. The licence is left to
    the caller, which has the version it belongs to.
    """
    changed = [
        name
        for name in LISTING_FIELDS
        if (getattr(addon, name) or {}) != data.translations.get(name, {})
    ]
    for name in changed:
        setattr(addon, name, data.translations.get(name, {}))
    if addon.default_locale != data.default_locale:
        addon.default_locale = data.default_locale
        changed.append("default_locale")
    if changed:
        addon.save(update_fields=[*changed, "modified"])
    if _set_categories(addon, data.category_slugs):
        changed.append("categories")
    if _set_tags(addon, data.tags):
        changed.append("tags")
    return changed


def _latest_version(addon: Addon) -> Version | None:
    return (
        Version.objects.filter(addon=addon, deleted=False)
        .order_by("-created", "-id")
        .first()
    )


def _after_listing_change(addon: Addon, changed: list[str]) -> None:
    invalidate(
        [addon],
        models_changed=[Addon.categories.through, Addon.tags.through, Tag],
    )
    if SEARCHED_FIELDS.intersection(changed):
        documents.refresh([addon.pk])


@write_action
def update_listing(addon_id: int, user_id: int, data: ListingData) -> list[str]:
    """Save the listing form of an add-on; return the fields that changed.

    The licence goes to the add-on's newest version.
    """
    addon = _lock_addon(addon_id)
    user = User.objects.get(pk=user_id)
    changed = apply_listing(addon, data)
    version = _latest_version(addon)
    if (
        data.license is not None
        and version is not None
        and _set_license(version, data.license)
    ):
        changed.append("license")
        invalidate([version])
    if not changed:
        return []
    activity.log(Activity.EDIT_ADDON, addon, user, fields=changed)
    _after_listing_change(addon, changed)
    log.info("listing edited", addon_id=addon_id, user_id=user_id, fields=changed)
    return changed


# --- Submission -------------------------------------------------------------


def license_fields(choice: LicenseChoice | None) -> dict[str, Any]:
    """Return the licence of a version as amo.versions.actions takes it."""
    if choice is None:
        return {}
    if choice.slug:
        return {"license": choice.slug}
    return {"custom_license": {"name": choice.name, "text": choice.text}}


def submission_fields(data: ListingData) -> dict[str, Any]:
    """Return the add-on fields of `data` as amo.versions.actions takes them.

    The privacy policy is not among them; `submit_addon` sets it.
    """
    fields: dict[str, Any] = {
        name: data.translations.get(name, {})
        for name in LISTING_FIELDS
        if name != "privacy_policy" and data.translations.get(name)
    }
    fields["default_locale"] = data.default_locale
    fields["categories"] = data.category_slugs
    fields["tags"] = data.tags
    fields["version"] = license_fields(data.license)
    return fields


@write_action
def submit_addon(upload_id: int, user_id: int, data: ListingData) -> Addon:
    """Create an add-on from a validated upload and the listing form.

    Raises amo.versions.errors.SubmissionError when the upload or the
    listing is rejected; nothing is written then.
    """
    upload = FileUpload.objects.get(pk=upload_id)
    user = User.objects.get(pk=user_id)
    addon = version_actions.create_addon_from_upload(
        upload, user, submission_fields(data)
    )
    policy = data.translations.get("privacy_policy") or {}
    if policy:
        addon.privacy_policy = policy
        addon.save(update_fields=["privacy_policy", "modified"])
        invalidate([addon])
    log.info(
        "add-on submitted",
        addon_id=addon.pk,
        user_id=user_id,
        upload=upload.uuid.hex,
        channel=upload.channel,
    )
    return addon


@write_action
def submit_version(
    addon_id: int,
    upload_id: int,
    user_id: int,
    *,
    release_notes: dict[str, str],
    license: LicenseChoice | None,
) -> Version:
    """Create a version of an add-on from a validated upload.

    Raises amo.versions.errors.SubmissionError when it is rejected.
    """
    addon = Addon.objects.get(pk=addon_id)
    upload = FileUpload.objects.get(pk=upload_id)
    user = User.objects.get(pk=user_id)
    fields: dict[str, Any] = license_fields(license)
    if release_notes:
        fields["release_notes"] = release_notes
    version = version_actions.create_version_from_upload(addon, upload, user, fields)
    log.info(
        "version submitted",
        addon_id=addon_id,
        version_id=version.pk,
        user_id=user_id,
        upload=upload.uuid.hex,
    )
    return version


# --- Versions ---------------------------------------------------------------


@write_action
def set_version_disabled(
    addon_id: int, version_id: int, user_id: int, disabled: bool
) -> None:
    """Disable a version's file, or give it back the status it had.

    amo.versions.actions.edit_version keeps the status, logs the change
    and moves the add-on's current version; a version that a reviewer
    rejected cannot be enabled (SubmissionError).
    """
    version = Version.objects.get(addon=addon_id, pk=version_id, deleted=False)
    user = User.objects.get(pk=user_id)
    version_actions.edit_version(version, user, {"is_disabled": disabled})
    log.info(
        "version visibility changed",
        addon_id=addon_id,
        version_id=version_id,
        disabled=disabled,
    )


@write_action
def delete_version(addon_id: int, version_id: int, user_id: int) -> None:
    """Delete a version for good; the add-on's current version follows."""
    version = Version.objects.get(addon=addon_id, pk=version_id, deleted=False)
    user = User.objects.get(pk=user_id)
    version_actions.delete_version(version, user)
    log.info("version deleted", addon_id=addon_id, version_id=version_id)


# --- The add-on's status ------------------------------------


def _set_disabled_by_user(addon_id: int, user_id: int, disabled: bool) -> bool:
    addon = _lock_addon(addon_id)
    if addon.disabled_by_user == disabled:
        return False
    addon.disabled_by_user = disabled
    addon.save(update_fields=["disabled_by_user", "modified"])
    user = User.objects.get(pk=user_id)
    action = Activity.DISABLE_ADDON if disabled else Activity.ENABLE_ADDON
    activity.log(action, addon, user)
    invalidate([addon])
    log.info(
        "add-on visibility changed",
        addon_id=addon_id,
        user_id=user_id,
        disabled=disabled,
    )
    return True


@write_action
def disable_addon(addon_id: int, user_id: int) -> bool:
    """Hide the add-on from the public; return whether it was visible."""
    return _set_disabled_by_user(addon_id, user_id, True)


@write_action
def enable_addon(addon_id: int, user_id: int) -> bool:
    """Show an add-on its authors had hidden; return whether it was hidden."""
    return _set_disabled_by_user(addon_id, user_id, False)


@write_action
def delete_addon(addon_id: int, user_id: int) -> None:
    """Delete the add-on: its status becomes DELETED for good.

    The row stays, with its guid, so the unique guid key keeps the guid
    from being used by another add-on.
    """
    addon = _lock_addon(addon_id)
    if addon.status == AddonStatus.DELETED:
        return
    previous = addon.status
    addon.status = AddonStatus.DELETED
    addon.save(update_fields=["status", "modified"])
    user = User.objects.get(pk=user_id)
    activity.log(
        Activity.DELETE_ADDON,
        addon,
        user,
        guid=addon.guid or "",
        slug=addon.slug,
        previous_status=previous,
    )
    invalidate([addon])
    documents.refresh([addon.pk])
    log.info("add-on deleted", addon_id=addon_id, user_id=user_id)


# --- Authors --------------------------------------------------------------


def _owner_count(addon_id: int) -> int:
    return AddonUser.objects.filter(addon=addon_id, role=AuthorRole.OWNER).count()


def _after_author_change(addon: Addon, rows: list[AddonUser]) -> None:
    invalidate([addon, *rows], models_changed=[AddonUser])
    # The search document contains the authors' names.
    documents.refresh([addon.pk])


@write_action
def add_author(
    addon_id: int, actor_id: int, user_id: int, *, role: int, listed: bool
) -> AddonUser:
    """Make the user `user_id` an author of the add-on, last in the order."""
    addon = _lock_addon(addon_id)
    user = User.objects.get(pk=user_id)
    if AddonUser.objects.filter(addon=addon, user=user).exists():
        raise AuthorExistsError(email=user.email)
    last = AddonUser.objects.filter(addon=addon).aggregate(last=Max("position"))
    position = 0 if last["last"] is None else last["last"] + 1
    row = AddonUser.objects.create(
        addon=addon, user=user, role=role, listed=listed, position=position
    )
    actor = User.objects.get(pk=actor_id)
    activity.log(
        Activity.ADD_AUTHOR, addon, actor, email=user.email, role=role, listed=listed
    )
    _after_author_change(addon, [row])
    log.info("author added", addon_id=addon_id, user_id=user_id, role=role)
    return row


@write_action
def update_authors(addon_id: int, actor_id: int, changes: list[AuthorChange]) -> int:
    """Set the role, visibility and position of authors; return how many
    rows changed.

    Rejected with LastOwnerError when no owner would remain.
    """
    addon = _lock_addon(addon_id)
    rows = {
        row.pk: row
        for row in AddonUser.objects.select_for_update()
        .filter(addon=addon)
        .select_related("user")
    }
    changed: list[AddonUser] = []
    for change in changes:
        row = rows.get(change.addonuser_id)
        if row is None:
            continue
        before = (row.role, row.listed, row.position)
        after = (change.role, change.listed, change.position)
        if before != after:
            row.role, row.listed, row.position = after
            changed.append(row)
    if not any(row.role == AuthorRole.OWNER for row in rows.values()):
        raise LastOwnerError()
    if not changed:
        return 0
    actor = User.objects.get(pk=actor_id)
    for row in changed:
        row.save(update_fields=["role", "listed", "position"])
        activity.log(
            Activity.CHANGE_AUTHOR,
            addon,
            actor,
            email=row.user.email,
            role=row.role,
            listed=row.listed,
            position=row.position,
        )
    _after_author_change(addon, changed)
    log.info("authors changed", addon_id=addon_id, rows=len(changed))
    return len(changed)


@write_action
def remove_author(addon_id: int, actor_id: int, addonuser_id: int) -> None:
    """Remove an author; the last owner cannot be removed."""
    addon = _lock_addon(addon_id)
    row = (
        AddonUser.objects.select_for_update()
        .filter(addon=addon, pk=addonuser_id)
        .select_related("user")
        .first()
    )
    if row is None:
        raise DevhubError(_("This author does not exist."))
    if row.role == AuthorRole.OWNER and _owner_count(addon_id) <= 1:
        raise LastOwnerError()
    actor = User.objects.get(pk=actor_id)
    email = row.user.email
    invalidate([row])
    row.delete()
    activity.log(Activity.REMOVE_AUTHOR, addon, actor, email=email)
    _after_author_change(addon, [])
    log.info("author removed", addon_id=addon_id, user_id=row.user_id)


# --- Icons and screenshots ------------------------------------------------


def _store_image(addon_id: int, content: bytes, extension: str) -> str:
    """Write an uploaded image to private storage; return its name there.

    The name is built here, never from the client's file name.
    """
    name = f"{IMAGE_UPLOADS_DIR}/{addon_id}/{uuid.uuid4().hex}.{extension}"
    return private_storage().save(name, ContentFile(content))


def _queue_resize(image_upload_id: int) -> None:
    """Queue the resizing job once the transaction commits.

    A broker that is down leaves the image queued; it is logged, and the
    edit page keeps showing the image as being processed.
    """

    def send() -> None:
        from workers.images import resize_image

        try:
            resize_image.delay(image_upload_id)
        except (BrokerError, OSError) as error:
            log.error(
                "image job not queued",
                image_upload_id=image_upload_id,
                error=repr(error),
            )

    transaction.on_commit(send)


def requeue_images() -> int:
    """Queue the resizing job again for images still queued after a while.

    The broker may have been down when an image arrived, or the message
    may have been lost. The job does nothing for an image that is no
    longer queued, so sending it twice is safe. Returns how many jobs were
    sent.
    """
    from workers.images import resize_image

    cutoff = timezone.now() - timedelta(seconds=settings.IMAGE_REQUEUE_AFTER)
    waiting = ImageUpload.objects.filter(
        state=ImageState.QUEUED, created__lt=cutoff
    ).order_by("created")
    sent = 0
    for image_upload_id in waiting.values_list("pk", flat=True)[:REQUEUE_BATCH]:
        try:
            resize_image.delay(image_upload_id)
        except (BrokerError, OSError) as error:
            log.warning(
                "image job not queued again",
                image_upload_id=image_upload_id,
                error=repr(error),
            )
            break
        sent += 1
    return sent


@write_action
def upload_icon(
    addon_id: int, user_id: int, content: bytes, extension: str
) -> ImageUpload:
    """Store a new icon and queue the job that resizes it."""
    addon = _lock_addon(addon_id)
    user = User.objects.get(pk=user_id)
    upload = ImageUpload.objects.create(
        addon=addon,
        user=user,
        kind=ImageKind.ICON,
        path=_store_image(addon_id, content, extension),
    )
    activity.log(Activity.CHANGE_ICON, addon, user, image_upload=upload.pk)
    _queue_resize(upload.pk)
    log.info("icon uploaded", addon_id=addon_id, image_upload_id=upload.pk)
    return upload


@write_action
def remove_icon(addon_id: int, user_id: int) -> bool:
    """Drop the add-on's icon, so pages draw its letter icon again."""
    addon = _lock_addon(addon_id)
    if not addon.icon_hash:
        return False
    addon.icon_hash = ""
    addon.save(update_fields=["icon_hash", "modified"])
    user = User.objects.get(pk=user_id)
    activity.log(Activity.CHANGE_ICON, addon, user, removed=True)
    invalidate([addon])
    return True


@write_action
def add_preview(
    addon_id: int,
    user_id: int,
    content: bytes,
    extension: str,
    caption: dict[str, str],
) -> Preview:
    """Add a screenshot after the others and queue the job that resizes it.

    The preview has no image until the job is done, so pages leave it out
    until then.
    """
    addon = _lock_addon(addon_id)
    user = User.objects.get(pk=user_id)
    last = Preview.objects.filter(addon=addon).aggregate(last=Max("position"))
    position = 0 if last["last"] is None else last["last"] + 1
    preview = Preview.objects.create(addon=addon, caption=caption, position=position)
    upload = ImageUpload.objects.create(
        addon=addon,
        user=user,
        kind=ImageKind.PREVIEW,
        preview=preview,
        path=_store_image(addon_id, content, extension),
    )
    activity.log(Activity.ADD_PREVIEW, addon, user, preview=preview.pk)
    _queue_resize(upload.pk)
    log.info("screenshot uploaded", addon_id=addon_id, preview_id=preview.pk)
    return preview


@write_action
def update_previews(
    addon_id: int, user_id: int, changes: dict[int, tuple[dict[str, str], int]]
) -> int:
    """Set the caption and position of screenshots; return how many changed.

    `changes` maps a preview id to its caption by locale and its position.
    """
    addon = _lock_addon(addon_id)
    user = User.objects.get(pk=user_id)
    changed = []
    for preview in Preview.objects.select_for_update().filter(addon=addon):
        if preview.pk not in changes:
            continue
        caption, position = changes[preview.pk]
        if (preview.caption, preview.position) == (caption, position):
            continue
        preview.caption = caption
        preview.position = position
        preview.save(update_fields=["caption", "position", "modified"])
        changed.append(preview)
    if changed:
        activity.log(
            Activity.EDIT_PREVIEW,
            addon,
            user,
            previews=[preview.pk for preview in changed],
        )
        invalidate(changed)
    return len(changed)


@write_action
def delete_preview(addon_id: int, user_id: int, preview_id: int) -> None:
    """Delete a screenshot and, after the commit, its image files."""
    addon = _lock_addon(addon_id)
    preview = Preview.objects.filter(addon=addon, pk=preview_id).first()
    if preview is None:
        raise DevhubError(_("This screenshot does not exist."))
    user = User.objects.get(pk=user_id)
    names = [name for name in (preview.image.name, preview.thumbnail.name) if name]
    storage = preview.image.storage
    invalidate_deletion([preview])
    preview.delete()
    activity.log(Activity.DELETE_PREVIEW, addon, user, preview=preview_id)

    def remove_files() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(remove_files)


# --- Results of the image jobs, which run in the workers -----------------


def lock_image_upload(image_upload_id: int) -> ImageUpload | None:
    """Return the queued image upload, locked, or None when it is done.

    The job calls it inside its transaction, so two deliveries of the same
    job do not both store the result.
    """
    return (
        ImageUpload.objects.select_for_update()
        .filter(pk=image_upload_id, state=ImageState.QUEUED)
        .first()
    )


def _finish(upload: ImageUpload, state: int, error: str = "") -> None:
    upload.state = state
    upload.error = error
    upload.processed = timezone.now()
    upload.save(update_fields=["state", "error", "processed"])
    source = upload.path

    def remove_source() -> None:
        private_storage().delete(source)

    transaction.on_commit(remove_source)


def finish_icon(upload: ImageUpload, icon_hash: str) -> None:
    """Record the icon that the job stored in every size."""
    addon = _lock_addon(upload.addon_id)
    addon.icon_hash = icon_hash
    addon.save(update_fields=["icon_hash", "modified"])
    _finish(upload, ImageState.PROCESSED)
    invalidate([addon])


def finish_preview(
    upload: ImageUpload, image: str, thumbnail: str, sizes: dict[str, Any]
) -> None:
    """Record the image and thumbnail that the job stored for a screenshot."""
    preview = (
        Preview.objects.select_for_update().filter(pk=upload.preview_id or 0).first()
    )
    _finish(upload, ImageState.PROCESSED)
    if preview is None:
        # Deleted while the job ran.
        return
    preview.image.name = image
    preview.thumbnail.name = thumbnail
    preview.sizes = sizes
    preview.save(update_fields=["image", "thumbnail", "sizes", "modified"])
    invalidate([preview])


def fail_image(upload: ImageUpload, error: str) -> None:
    """Record why an uploaded image could not be resized."""
    _finish(upload, ImageState.FAILED, error)
