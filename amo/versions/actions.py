"""State changes of add-ons' versions: submission, review decisions, edits.

Every public function here is synchronous and runs as one transaction
(`transaction.atomic`); async code awaits its `a`-prefixed twin, which
runs it in the write thread (amo.core.db.writes). Each one checks what it
needs, writes, logs the change to the activity log, refreshes the add-on's
search document and invalidates the caches that show the add-on, after
the commit. Problems raise SubmissionError (amo.versions.errors), whose
`errors` the API sends as its 400, 403 or 409 body.

The review flow, as on AMO:

- an unlisted version, or a listed version of an add-on that is already
  approved (PUBLIC), is approved at once by `publish_version(auto=True)`;
  reviewers can still look at it later (`Version.auto_approved`);
- the first listed version of an add-on that is not approved makes the
  add-on NOMINATED, and its file waits UNREVIEWED in the reviewers' queue
  until `publish_version` or `reject_version`.

NOTE: amo does not sign packages: an approved file is served with the
bytes the author uploaded. Release builds of Firefox install only files
signed by Mozilla's certificate.
"""

import functools
import uuid
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from django.core.files.base import File as DjangoFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from amo.addons.models import Addon, AddonUser, Category, Tag
from amo.core.cache.invalidation import invalidate
from amo.core.constants import (
    ADDON_TYPE_API_NAMES,
    APPS,
    CHANNEL_API_NAMES,
    AddonStatus,
    AddonType,
    AuthorRole,
    Channel,
    FileStatus,
)
from amo.core.db.routers import use_primary
from amo.core.db.writes import write_action
from amo.core.models import FALLBACK_LOCALE
from amo.core.versions import compare_versions
from amo.devhub.activity import log
from amo.devhub.models import Activity
from amo.files.models import File, FileUpload, UploadState
from amo.search import documents
from amo.users.models import User
from amo.users.permissions import author_role
from amo.versions.checks import (
    NAME_MAX_LENGTH,
    SLUG_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    Errors,
    canonical_locale,
    check_addon_data,
    check_version_data,
    clean_addon_data,
    clean_translated,
    clean_version_data,
)
from amo.versions.errors import NON_FIELD_ERRORS, VERSION_FIELDS, SubmissionError
from amo.versions.models import ApplicationsVersions, License, Version
from amo.versions.packages import store_package
from amo.versions.queries import public_versions

# The lowest application versions a WebExtension can run on, used when a
# manifest names no strict_min_version; Manifest V3 needs Firefox 109.
DEFAULT_MIN_VERSIONS = {"firefox": "42.0", "android": "120.0"}
DEFAULT_MIN_VERSIONS_MV3 = {"firefox": "109.0", "android": "120.0"}
# The add-on fields that `data` may set, besides categories and tags.
ADDON_FIELDS = (
    "name",
    "summary",
    "description",
    "developer_comments",
    "homepage",
    "support_url",
    "support_email",
    "contributions_url",
    "slug",
    "default_locale",
    "is_experimental",
    "requires_payment",
)
TRANSLATED_FIELDS = frozenset(
    {
        "name",
        "summary",
        "description",
        "developer_comments",
        "homepage",
        "support_url",
        "support_email",
    }
)
# Add-on statuses under which a new listed version waits for review.
NOT_APPROVED = (AddonStatus.INCOMPLETE, AddonStatus.NOMINATED, AddonStatus.REJECTED)

P = ParamSpec("P")
R = TypeVar("R")


def write_transaction(func: Callable[P, R]) -> Callable[P, R]:
    """Run `func` in one transaction that reads from the primary.

    Reads in the transaction must see its own writes, and a replica alias
    (a second connection, even in tests) would not.
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with use_primary(), transaction.atomic():
            return func(*args, **kwargs)

    return wrapper


# --- Submission ------------------------------------------------------------


@write_transaction
def create_addon_from_upload(
    upload: FileUpload, user: User, data: dict[str, Any]
) -> Addon:
    """Create an add-on and its first version from a validated upload.

    `data` holds the add-on fields of AMO's API (name, summary,
    description, developer_comments, homepage, support_url,
    support_email, slug, default_locale, categories, tags,
    contributions_url, is_disabled, is_experimental, requires_payment)
    and, under "version", the fields of `create_version_from_upload`. The
    guid comes from the manifest, or is generated as `{uuid}` for a
    Manifest V2 package without one; name, summary, homepage and default
    locale fall back to the manifest's. A listed add-on needs a name, a
    summary, categories and a licence; every missing or invalid field is
    reported in one SubmissionError, with the version's fields and the
    upload's problems under "version", as AMO's API nests them.

    The user becomes the owner. The add-on stays INCOMPLETE until the
    review decision of its first version (see the module's docstring).
    """
    try:
        return _create_addon(upload, user, data)
    except SubmissionError as error:
        raise error.nested("version", VERSION_FIELDS) from None


def _create_addon(upload: FileUpload, user: User, data: dict[str, Any]) -> Addon:
    upload = _lock_upload(upload)
    _check_upload(upload, user)
    manifest = upload.manifest or {}
    channel = Channel(upload.channel)
    addon_type = _manifest_type(manifest)

    errors = Errors()
    guid = _new_guid(manifest, errors)
    fields, version_data = _collect_new_addon_data(
        data, manifest, channel, addon_type, errors
    )
    categories = _categories(fields.get("categories"), addon_type, errors)
    if "slug" in fields and Addon.objects.filter(slug=fields["slug"]).exists():
        errors.add(
            "slug",
            _("The slug %(slug)r is already in use: choose another one.")
            % {"slug": fields["slug"]},
        )
    errors.raise_any()

    default_locale = fields.get("default_locale", FALLBACK_LOCALE)
    addon = Addon(
        guid=guid,
        slug=fields.get("slug") or _unique_slug(fields.get("name", {}), default_locale),
        type=addon_type,
        status=AddonStatus.INCOMPLETE,
        default_locale=default_locale,
        disabled_by_user=fields.get("is_disabled", False),
    )
    _set_addon_fields(addon, fields)
    addon.save()
    AddonUser.objects.create(
        addon=addon, user=user, role=AuthorRole.OWNER, listed=True, position=0
    )
    if categories:
        addon.categories.set(categories)
    if fields.get("tags"):
        addon.tags.set(_tags(fields["tags"]))
    log(Activity.CREATE_ADDON, addon, user, guid=guid)

    _create_version(addon, upload, user, version_data)
    documents.refresh([addon.pk])
    invalidate([addon], models_changed=[Addon.categories.through, Addon.tags.through])
    return addon


@write_transaction
def create_version_from_upload(
    addon: Addon, upload: FileUpload, user: User, data: dict[str, Any]
) -> Version:
    """Create a version of `addon` from a validated upload; return it.

    The upload must be processed, valid, not yet submitted, and uploaded
    by `user` or another author of the add-on; `user` must be an author.
    The version string must be new on the add-on (deleted versions keep
    theirs) and greater than its other versions, and the manifest's guid
    and type must match the add-on. `data` may hold license (a built-in
    licence's slug) or custom_license ({name, text}), compatibility,
    release_notes, approval_notes and channel ("listed" or "unlisted",
    checked against the upload's). A listed version needs the add-on's
    name, summary and categories, and a licence, inherited from the
    newest version when `data` names none.

    The package is copied into the add-on's storage under its SHA-256.
    Then comes the review decision described in the module's docstring.
    """
    addon = Addon.objects.select_for_update().get(pk=addon.pk)
    upload = _lock_upload(upload)
    _check_author(addon, user)
    _check_upload(upload, user, addon=addon)
    version_data = check_version_data(data, addon_type=addon.type)
    if "channel" in data:
        _check_channel(data["channel"], upload)
    _check_addon_state(addon, Channel(upload.channel))
    if upload.channel == Channel.LISTED:
        _check_listed_metadata(addon)
    version = _create_version(addon, upload, user, version_data)
    documents.refresh([addon.pk])
    return version


@write_transaction
def submit_version(
    addon: Addon,
    upload: FileUpload,
    user: User,
    addon_data: dict[str, Any],
    version_data: dict[str, Any],
) -> Version:
    """Apply `addon_data` with `edit_addon`, then create a version with
    `create_version_from_upload`, in one transaction; return the version.

    This is AMO's PUT of an existing add-on: errors of the version's
    fields, the upload's among them, come under "version".
    """
    if addon_data:
        edit_addon(addon, user, addon_data)
    try:
        return create_version_from_upload(addon, upload, user, version_data)
    except SubmissionError as error:
        raise error.nested("version", VERSION_FIELDS) from None


def _create_version(
    addon: Addon, upload: FileUpload, user: User, data: dict[str, Any]
) -> Version:
    """Create the version, its compatibility and its file, then decide on
    its review. `data` is checked; the caller holds the add-on's lock."""
    manifest = upload.manifest or {}
    channel = Channel(upload.channel)
    number = str(manifest.get("version") or upload.version)
    _check_manifest_matches(addon, manifest, number)
    license = _license(addon, channel, data)

    package = store_package(upload, addon.pk)
    version = Version.objects.create(
        addon=addon,
        version=number,
        channel=channel,
        license=license,
        release_notes=data.get("release_notes", {}),
        approval_notes=data.get("approval_notes", ""),
    )
    ApplicationsVersions.objects.bulk_create(
        ApplicationsVersions(
            version=version, application=APPS[app].id, min=low, max=high
        )
        for app, (low, high) in _compatibility(manifest, data).items()
    )
    file = File.objects.create(
        version=version,
        filename=package_filename(addon, number),
        hash=package.hash,
        size=package.size,
        status=FileStatus.UNREVIEWED,
        file=package.name,
        strict_compatibility=bool(manifest.get("strict_compatibility")),
        manifest_version=manifest.get("manifest_version"),
        permissions=list(manifest.get("permissions") or []),
        optional_permissions=list(manifest.get("optional_permissions") or []),
        host_permissions=list(manifest.get("host_permissions") or []),
    )
    upload.submitted_version = version
    upload.addon = addon
    upload.save(update_fields=["submitted_version", "addon", "modified"])
    log(
        Activity.ADD_VERSION,
        addon,
        user,
        version=version,
        version_string=number,
        channel=CHANNEL_API_NAMES[channel],
    )

    if channel == Channel.UNLISTED or addon.status == AddonStatus.PUBLIC:
        _publish(addon, version, file, reviewer=None, auto=True, comment="")
    else:
        addon.status = AddonStatus.NOMINATED
        addon.save(update_fields=["status", "modified"])
        log(Activity.REQUEST_REVIEW, addon, user, version=version)
        invalidate([addon, version, file])
    return version


def package_filename(addon: Addon, number: str) -> str:
    """Name a package as AMO does: `<slug in snake case>-<version>.xpi`."""
    base = (slugify(addon.slug) or "addon").replace("-", "_")
    return f"{base}-{number}.xpi"


# --- Review decisions -------------------------------------------------------


@write_transaction
def publish_version(
    version: Version,
    *,
    reviewer: User | None = None,
    auto: bool = False,
    comment: str = "",
) -> None:
    """Approve `version`: its file becomes PUBLIC and downloadable.

    The version is marked reviewed now (auto_approved when `auto`); a
    listed version makes its add-on PUBLIC and may become its current
    version. `reviewer` and `comment` go to the activity log, as
    APPROVE_VERSION, or AUTO_APPROVE_VERSION when `auto`. A deleted
    version raises SubmissionError (409).
    """
    addon = Addon.objects.select_for_update().get(pk=version.addon_id)
    version = Version.objects.select_for_update().get(pk=version.pk)
    if version.deleted:
        raise SubmissionError.on(
            NON_FIELD_ERRORS,
            _("Version %(version)s was deleted, so it cannot be approved.")
            % {"version": version.version},
            status=409,
        )
    file = File.objects.get(version=version)
    _publish(addon, version, file, reviewer=reviewer, auto=auto, comment=comment)
    documents.refresh([addon.pk])


def _publish(
    addon: Addon,
    version: Version,
    file: File,
    *,
    reviewer: User | None,
    auto: bool,
    comment: str,
) -> None:
    now = timezone.now()
    file.status = FileStatus.PUBLIC
    file.save(update_fields=["status", "modified"])
    version.reviewed = now
    version.auto_approved = auto
    version.status_before_disable = None
    version.save(
        update_fields=["reviewed", "auto_approved", "status_before_disable", "modified"]
    )
    if version.channel == Channel.LISTED and addon.status in NOT_APPROVED:
        addon.status = AddonStatus.PUBLIC
        addon.save(update_fields=["status", "modified"])
    if version.channel == Channel.LISTED:
        update_current_version(addon)
    action = Activity.AUTO_APPROVE_VERSION if auto else Activity.APPROVE_VERSION
    details = {"comment": comment} if comment else {}
    log(action, addon, reviewer, version=version, **details)
    invalidate([addon, version, file])


@write_transaction
def reject_version(version: Version, reviewer: User | None, comment: str) -> None:
    """Reject `version`: its file becomes DISABLED and is no longer served.

    When a listed version was the add-on's last approved listed one, the
    add-on leaves PUBLIC: it stays NOMINATED while another listed version
    awaits review, else it becomes REJECTED, until the author submits a
    new version. The comment goes to the activity log as REJECT_VERSION.
    """
    addon = Addon.objects.select_for_update().get(pk=version.addon_id)
    version = Version.objects.select_for_update().get(pk=version.pk)
    file = File.objects.get(version=version)
    file.status = FileStatus.DISABLED
    file.save(update_fields=["status", "modified"])
    version.reviewed = timezone.now()
    version.status_before_disable = None
    version.save(update_fields=["reviewed", "status_before_disable", "modified"])
    if version.channel == Channel.LISTED:
        _update_listed_status(addon, when_none=AddonStatus.REJECTED)
    log(
        Activity.REJECT_VERSION,
        addon,
        reviewer,
        version=version,
        comment=comment,
    )
    documents.refresh([addon.pk])
    invalidate([addon, version, file])


def _update_listed_status(addon: Addon, *, when_none: AddonStatus) -> None:
    """Set the current version, and the status that the add-on's listed
    versions give it: PUBLIC with an approved one, NOMINATED with one
    awaiting review, else `when_none`. A disabled or deleted add-on keeps
    its status."""
    current = update_current_version(addon)
    if addon.status in (AddonStatus.DISABLED, AddonStatus.DELETED):
        return
    if current is not None:
        status = AddonStatus.PUBLIC
    elif _has_pending_listed(addon):
        status = AddonStatus.NOMINATED
    else:
        status = when_none
    if addon.status != status:
        addon.status = status
        addon.save(update_fields=["status", "modified"])


def _has_pending_listed(addon: Addon) -> bool:
    return Version.objects.filter(
        addon=addon,
        channel=Channel.LISTED,
        deleted=False,
        file__status=FileStatus.UNREVIEWED,
    ).exists()


@write_transaction
def update_current_version(addon: Addon) -> Version | None:
    """Point the add-on at its current version and return it.

    The current version is the newest (by creation) listed, not deleted
    version whose file is public, or that has no file (imported
    metadata); None when there is none. `last_updated` becomes the time
    that version was reviewed (or created). Changes are saved and the
    add-on's caches invalidated.
    """
    current = public_versions(addon.pk).order_by("-created", "-id").first()
    fields = []
    new_id = current.pk if current is not None else None
    if addon.current_version_id != new_id:
        addon.current_version = current
        fields.append("current_version")
    if current is not None:
        updated = current.reviewed or current.created
        if addon.last_updated != updated:
            addon.last_updated = updated
            fields.append("last_updated")
    if fields:
        addon.save(update_fields=[*fields, "modified"])
        invalidate([addon])
    return current


# --- Edits ------------------------------------------------------------------


@write_transaction
def edit_addon(addon: Addon, user: User, data: dict[str, Any]) -> Addon:
    """Apply the add-on fields of `data` (as `create_addon_from_upload`
    takes them, without "version") to `addon`; return it.

    Translated fields merge: locales not sent keep their text, and a null
    text deletes its locale. Categories and tags are replaced when sent.
    `user` must be an author.
    """
    addon = Addon.objects.select_for_update().get(pk=addon.pk)
    _check_author(addon, user)
    fields = check_addon_data(data, default_locale=addon.default_locale)
    errors = Errors()
    categories = _categories(fields.get("categories"), addon.type, errors)
    if (
        "slug" in fields
        and Addon.objects.filter(slug=fields["slug"]).exclude(pk=addon.pk).exists()
    ):
        errors.add(
            "slug",
            _("The slug %(slug)r is already in use: choose another one.")
            % {"slug": fields["slug"]},
        )
    errors.raise_any()

    changed = _set_addon_fields(addon, fields, merge=True)
    if "is_disabled" in fields and addon.disabled_by_user != fields["is_disabled"]:
        addon.disabled_by_user = fields["is_disabled"]
        changed.append("disabled_by_user")
    if changed:
        addon.save()
    if categories is not None:
        addon.categories.set(categories)
        changed.append("categories")
    if "tags" in fields:
        addon.tags.set(_tags(fields["tags"]))
        changed.append("tags")
    if changed:
        log(Activity.EDIT_ADDON, addon, user, fields=sorted(set(changed)))
        documents.refresh([addon.pk])
        invalidate(
            [addon], models_changed=[Addon.categories.through, Addon.tags.through]
        )
    return addon


@write_transaction
def edit_version(version: Version, user: User, data: dict[str, Any]) -> Version:
    """Apply release_notes, approval_notes, license or custom_license,
    compatibility and is_disabled from `data` to `version`; return it.

    `user` must be an author. Disabling keeps the file's status, which
    enabling restores; a version that a reviewer rejected stays disabled.
    """
    addon = Addon.objects.select_for_update().get(pk=version.addon_id)
    version = Version.objects.select_for_update().get(pk=version.pk)
    _check_author(addon, user)
    if version.deleted:
        raise _not_found_version(version)
    cleaned = check_version_data(data, addon_type=addon.type)
    file = File.objects.filter(version=version).first()
    changed: list[str] = []

    if "release_notes" in cleaned:
        version.release_notes = {
            **(version.release_notes or {}),
            **cleaned["release_notes"],
        }
        changed.append("release_notes")
    if "approval_notes" in cleaned:
        version.approval_notes = cleaned["approval_notes"]
        changed.append("approval_notes")
    if "license" in cleaned or "custom_license" in cleaned:
        version.license = _chosen_license(cleaned)
        changed.append("license")
    if "compatibility" in cleaned:
        _replace_compatibility(version, cleaned["compatibility"])
        changed.append("compatibility")
    if changed:
        version.save()
        log(Activity.EDIT_VERSION, addon, user, version=version, fields=changed)
    if "is_disabled" in cleaned and file is not None:
        _set_disabled(addon, version, file, user, cleaned["is_disabled"])
    invalidate([addon, version, *([file] if file else [])])
    return version


def _set_disabled(
    addon: Addon, version: Version, file: File, user: User, disable: bool
) -> None:
    if disable and version.status_before_disable is None:
        if file.status == FileStatus.DISABLED:
            return
        version.status_before_disable = file.status
        file.status = FileStatus.DISABLED
        action = Activity.DISABLE_VERSION
    elif not disable and version.status_before_disable is not None:
        file.status = version.status_before_disable
        version.status_before_disable = None
        action = Activity.ENABLE_VERSION
    elif not disable and file.status == FileStatus.DISABLED:
        raise SubmissionError.on(
            "is_disabled",
            _(
                "A reviewer rejected version %(version)s, so it cannot be "
                "enabled: submit a new version."
            )
            % {"version": version.version},
            status=409,
        )
    else:
        return
    file.save(update_fields=["status", "modified"])
    version.save(update_fields=["status_before_disable", "modified"])
    if version.channel == Channel.LISTED:
        _update_listed_status(addon, when_none=AddonStatus.INCOMPLETE)
    log(action, addon, user, version=version)
    documents.refresh([addon.pk])


@write_transaction
def set_version_source(version: Version, user: User, source: DjangoFile) -> Version:
    """Store `source` (an archive of the add-on's source code) as the
    version's source, in private storage; return the version.

    `user` must be an author. The previous archive is deleted after the
    commit. The API checks the archive's type and size.
    """
    addon = Addon.objects.select_for_update().get(pk=version.addon_id)
    version = Version.objects.select_for_update().get(pk=version.pk)
    _check_author(addon, user)
    if version.deleted:
        raise _not_found_version(version)
    previous = version.source.name or ""
    version.source.save(source.name or "source.zip", source, save=False)
    version.save(update_fields=["source", "modified"])
    if previous and previous != version.source.name:
        storage = version.source.storage
        transaction.on_commit(lambda: storage.delete(previous))
    log(
        Activity.UPLOAD_SOURCE,
        addon,
        user,
        version=version,
        filename=(version.source.name or "").rsplit("/", 1)[-1],
    )
    invalidate([version])
    return version


@write_transaction
def delete_version(version: Version, user: User) -> None:
    """Delete `version` for good: its file is disabled, and its version
    string can never be used again on the add-on. `user` must be an
    author. The add-on's current version and status follow (INCOMPLETE
    when no listed version is left)."""
    addon = Addon.objects.select_for_update().get(pk=version.addon_id)
    version = Version.objects.select_for_update().get(pk=version.pk)
    _check_author(addon, user)
    if version.deleted:
        raise _not_found_version(version)
    version.deleted = True
    version.save(update_fields=["deleted", "modified"])
    file = File.objects.filter(version=version).first()
    if file is not None and file.status != FileStatus.DISABLED:
        file.status = FileStatus.DISABLED
        file.save(update_fields=["status", "modified"])
    if version.channel == Channel.LISTED:
        _update_listed_status(addon, when_none=AddonStatus.INCOMPLETE)
    log(
        Activity.DELETE_VERSION,
        addon,
        user,
        version=version,
        version_string=version.version,
    )
    documents.refresh([addon.pk])
    invalidate([addon, version, *([file] if file else [])])


# --- Checks ----------------------------------------------------------------


def _lock_upload(upload: FileUpload) -> FileUpload:
    return FileUpload.objects.select_for_update().get(pk=upload.pk)


def _check_upload(
    upload: FileUpload, user: User, *, addon: Addon | None = None
) -> None:
    """Raise unless the upload is validated, valid, unused and the user's
    (or, for a new version, another author's of `addon`)."""
    uuid_hex = upload.uuid.hex
    owner = upload.user_id == user.pk or (
        addon is not None and author_role(upload.user, addon.pk) is not None
    )
    if not owner:
        raise SubmissionError.on(
            "upload",
            _("Upload %(uuid)s was made by another user: upload the package yourself.")
            % {"uuid": uuid_hex},
        )
    if upload.state != UploadState.PROCESSED and upload.state != UploadState.FAILED:
        raise SubmissionError.on(
            "upload",
            _(
                "Upload %(uuid)s is not validated yet: wait until its processed "
                "field is true."
            )
            % {"uuid": uuid_hex},
        )
    if upload.state == UploadState.FAILED or not upload.valid:
        raise SubmissionError.on(
            "upload",
            _(
                "Upload %(uuid)s did not pass validation: fix the errors its "
                "validation lists and upload the package again."
            )
            % {"uuid": uuid_hex},
        )
    if upload.submitted_version_id is not None:
        raise SubmissionError.on(
            "upload",
            _("Upload %(uuid)s was already submitted: upload the package again.")
            % {"uuid": uuid_hex},
        )
    if upload.addon_id is not None and (addon is None or upload.addon_id != addon.pk):
        raise SubmissionError.on(
            "upload",
            _("Upload %(uuid)s was made for another add-on: upload the package again.")
            % {"uuid": uuid_hex},
        )


def _check_channel(value: Any, upload: FileUpload) -> None:
    names = {name: channel for channel, name in CHANNEL_API_NAMES.items()}
    channel = names.get(value) if isinstance(value, str) else value
    if channel != upload.channel:
        raise SubmissionError.on(
            "channel",
            _(
                "Upload %(uuid)s was made for the %(channel)s channel: upload "
                "the package again with channel %(wanted)s."
            )
            % {
                "uuid": upload.uuid.hex,
                "channel": CHANNEL_API_NAMES[Channel(upload.channel)],
                "wanted": value,
            },
        )


def _check_author(addon: Addon, user: User) -> None:
    if author_role(user, addon.pk) is None:
        raise SubmissionError.on(
            NON_FIELD_ERRORS,
            _("You are not an author of add-on %(addon)s.")
            % {"addon": addon.guid or addon.slug},
            status=403,
        )


def _check_addon_state(addon: Addon, channel: Channel) -> None:
    """Raise unless the add-on's status allows a new version of `channel`."""
    if addon.status == AddonStatus.DELETED:
        raise SubmissionError.on(
            NON_FIELD_ERRORS,
            _("Add-on %(addon)s was deleted.") % {"addon": addon.guid},
            status=409,
        )
    if addon.status == AddonStatus.DISABLED:
        raise SubmissionError.on(
            NON_FIELD_ERRORS,
            _(
                "Add-on %(addon)s was disabled by the site's staff, so it "
                "cannot get new versions."
            )
            % {"addon": addon.guid},
            status=403,
        )
    if addon.disabled_by_user and channel == Channel.LISTED:
        raise SubmissionError.on(
            NON_FIELD_ERRORS,
            _(
                "Add-on %(addon)s is disabled by its authors: enable it "
                "(is_disabled false) before submitting a listed version, or "
                "upload to the unlisted channel."
            )
            % {"addon": addon.guid},
            status=409,
        )


def _check_listed_metadata(addon: Addon) -> None:
    """Raise unless the add-on has what a listed version needs."""
    errors = Errors()
    if not _has_text(addon.name):
        errors.add("name", _("This field is required for listed versions."))
    if not _has_text(addon.summary):
        errors.add("summary", _("This field is required for listed versions."))
    if not addon.categories.exists():
        errors.add("categories", _("This field is required for listed versions."))
    errors.raise_any()


def _check_manifest_matches(
    addon: Addon, manifest: dict[str, Any], number: str
) -> None:
    errors = Errors()
    guid = manifest.get("guid")
    if guid and (addon.guid or "").lower() != str(guid).lower():
        errors.add(
            "upload",
            _(
                "The add-on ID in manifest.json (%(manifest)s) does not match "
                "the add-on's ID (%(guid)s)."
            )
            % {"manifest": guid, "guid": addon.guid},
        )
    upload_type = _manifest_type(manifest)
    if upload_type != addon.type:
        errors.add(
            "upload",
            _("The package is of type %(upload)s, but the add-on is of type %(addon)s.")
            % {
                "upload": ADDON_TYPE_API_NAMES.get(AddonType(upload_type), upload_type),
                "addon": addon.type_api_name,
            },
        )
    if not number:
        errors.add("upload", _("The package's manifest.json has no version."))
    elif Version.objects.filter(addon=addon, version=number).exists():
        errors.add(
            "upload",
            _(
                "Version %(version)s was already uploaded for this add-on, and a "
                "version string can be used only once, even after the version "
                "is deleted: increase the version in manifest.json."
            )
            % {"version": number},
        )
    else:
        latest = _latest_version_string(addon)
        if latest is not None and compare_versions(number, latest) <= 0:
            errors.add(
                "upload",
                _(
                    "Version %(version)s must be greater than the add-on's "
                    "latest version %(latest)s: increase the version in "
                    "manifest.json."
                )
                % {"version": number, "latest": latest},
            )
    errors.raise_any()


def _latest_version_string(addon: Addon) -> str | None:
    numbers = Version.objects.filter(addon=addon, deleted=False).values_list(
        "version", flat=True
    )
    best: str | None = None
    for number in numbers:
        if best is None or compare_versions(number, best) > 0:
            best = number
    return best


# --- Data of new add-ons ---------------------------------------------------


def _manifest_type(manifest: dict[str, Any]) -> int:
    value = manifest.get("type", AddonType.EXTENSION)
    return value if value in AddonType.values else AddonType.EXTENSION


def _new_guid(manifest: dict[str, Any], errors: Errors) -> str:
    guid = manifest.get("guid")
    if not guid:
        if manifest.get("manifest_version", 2) >= 3:
            errors.add(
                "upload",
                _(
                    "Manifest V3 add-ons need an ID: set "
                    "browser_specific_settings.gecko.id in manifest.json."
                ),
            )
        return "{" + str(uuid.uuid4()) + "}"
    if Addon.objects.filter(guid_key=str(guid).lower()).exists():
        errors.add(
            "upload",
            _(
                "An add-on with ID %(guid)s already exists, and an ID can be used "
                "by only one add-on, even after it is deleted: submit this "
                "package as a new version of it, or change the ID."
            )
            % {"guid": guid},
        )
    return str(guid)


def _manifest_translations(manifest: dict[str, Any], key: str) -> dict[str, str]:
    """Return a manifest text per site locale; unknown locales are dropped
    and an exact locale wins over another that maps to the same one."""
    texts: dict[str, str] = {}
    exact: set[str] = set()
    for code, text in (manifest.get(key) or {}).items():
        locale = canonical_locale(code)
        if locale is None or not isinstance(text, str) or not text.strip():
            continue
        is_exact = code.replace("_", "-").lower() == locale.lower()
        if locale in texts and (locale in exact or not is_exact):
            continue
        texts[locale] = text.strip()
        if is_exact:
            exact.add(locale)
    return texts


def _collect_new_addon_data(
    data: dict[str, Any],
    manifest: dict[str, Any],
    channel: Channel,
    addon_type: int,
    errors: Errors,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return the new add-on's fields and its first version's, checked,
    with the manifest's values where `data` has none. Problems are added
    to `errors`."""
    default_locale = (
        canonical_locale(str(manifest.get("default_locale") or "")) or FALLBACK_LOCALE
    )
    fields = clean_addon_data(data, default_locale, errors)
    default_locale = fields.get("default_locale", default_locale)
    fields.setdefault("default_locale", default_locale)

    if "name" not in data:
        names = _manifest_translations(manifest, "names")
        name = manifest.get("name")
        if not names and isinstance(name, str) and not name.startswith("__MSG_"):
            names = {default_locale: name.strip()}
        cleaned = clean_translated(names, "name", errors, max_length=NAME_MAX_LENGTH)
        if cleaned:
            fields["name"] = cleaned
    if "summary" not in data:
        summaries = _manifest_translations(manifest, "summary")
        fields["summary"] = {
            locale: text[:SUMMARY_MAX_LENGTH] for locale, text in summaries.items()
        }
    if "homepage" not in data and isinstance(manifest.get("homepage"), str):
        homepage = manifest["homepage"].strip()
        if homepage.startswith(("http://", "https://")):
            fields["homepage"] = {default_locale: homepage}

    version_data: dict[str, Any] = {}
    raw_version = data.get("version") or {}
    if not isinstance(raw_version, dict):
        errors.add("version", _("Send the version's fields as an object."))
    else:
        version_errors = Errors()
        version_data = clean_version_data(raw_version, addon_type, version_errors)
        if NON_FIELD_ERRORS in version_errors:
            errors.setdefault(NON_FIELD_ERRORS, []).extend(
                version_errors.pop(NON_FIELD_ERRORS)
            )
        if version_errors:
            errors["version"] = dict(version_errors)
        if "channel" in raw_version or "channel" in data:
            channel_value = raw_version.get("channel", data.get("channel"))
            if CHANNEL_API_NAMES.get(channel) != channel_value:
                errors.add(
                    "channel",
                    _(
                        "The upload was made for the %(channel)s channel: upload "
                        "the package again with channel %(wanted)s."
                    )
                    % {"channel": CHANNEL_API_NAMES[channel], "wanted": channel_value},
                )

    if channel == Channel.LISTED:
        required = _("This field is required for listed add-ons.")
        if not _has_text(fields.get("name")) and "name" not in errors:
            errors.add("name", required)
        if not _has_text(fields.get("summary")) and "summary" not in errors:
            errors.add("summary", required)
        if not fields.get("categories") and "categories" not in errors:
            errors.add("categories", required)
        has_license = "license" in version_data or "custom_license" in version_data
        version_errors = errors.setdefault("version", {})
        if not has_license and "license" not in version_errors:
            version_errors.setdefault("license", []).append(
                _(
                    "A license is required for listed add-ons: send license "
                    "(a slug such as MPL-2.0) or custom_license."
                )
            )
        if not version_errors:
            del errors["version"]
    return fields, version_data


def _has_text(value: dict[str, str] | None) -> bool:
    return bool(value) and any(text.strip() for text in (value or {}).values())


def _categories(
    slugs: list[str] | None, addon_type: int, errors: Errors
) -> list[Category] | None:
    """Return the categories of `slugs` for the add-on's type, on every
    application; unknown slugs are added to `errors`."""
    if slugs is None:
        return None
    found = list(Category.objects.filter(type=addon_type, slug__in=slugs))
    unknown = sorted(set(slugs) - {category.slug for category in found})
    if unknown:
        errors.add(
            "categories",
            _("Unknown categories for %(type)s add-ons: %(slugs)s.")
            % {
                "type": ADDON_TYPE_API_NAMES.get(AddonType(addon_type), addon_type),
                "slugs": ", ".join(unknown),
            },
        )
    return found


def _tags(names: list[str]) -> list[Tag]:
    return [Tag.objects.get_or_create(tag_text=name)[0] for name in names]


def _unique_slug(names: dict[str, str], default_locale: str) -> str:
    name = names.get(default_locale) or next(iter(names.values()), "")
    base = slugify(name)[:SLUG_MAX_LENGTH].strip("-")
    if not base or base.isdigit():
        base = "addon"
    taken = set(
        Addon.objects.filter(Q(slug=base) | Q(slug__startswith=f"{base}-")).values_list(
            "slug", flat=True
        )
    )
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _set_addon_fields(
    addon: Addon, fields: dict[str, Any], *, merge: bool = False
) -> list[str]:
    """Set the add-on fields of `fields`; return the names that changed.

    With `merge`, translated fields keep the locales that `fields` lacks,
    and an empty text deletes its locale.
    """
    changed = []
    for name in ADDON_FIELDS:
        if name not in fields:
            continue
        value = fields[name]
        if name in TRANSLATED_FIELDS and merge:
            value = {**(getattr(addon, name) or {}), **value}
        if name in TRANSLATED_FIELDS:
            value = {locale: text for locale, text in value.items() if text}
        if getattr(addon, name) != value:
            setattr(addon, name, value)
            changed.append(name)
    return changed


# --- Data of versions ------------------------------------------------------


def _chosen_license(data: dict[str, Any]) -> License:
    if "license" in data:
        return License.objects.get(slug=data["license"])
    custom = data["custom_license"]
    return License.objects.create(slug=None, name=custom["name"], text=custom["text"])


def _license(addon: Addon, channel: Channel, data: dict[str, Any]) -> License | None:
    """Return the licence `data` names, else the newest version's (of the
    same channel first); a listed version without one raises."""
    if "license" in data or "custom_license" in data:
        return _chosen_license(data)
    previous = list(
        Version.objects.filter(addon=addon, license__isnull=False)
        .order_by("-created", "-id")
        .values_list("channel", "license")
    )
    inherited = next((lic for ch, lic in previous if ch == channel), None)
    if inherited is None:
        inherited = next((lic for _ch, lic in previous), None)
    if inherited is not None:
        return License.objects.get(pk=inherited)
    if channel == Channel.LISTED:
        raise SubmissionError.on(
            "license",
            _(
                "A license is required for listed versions: send license (a "
                "slug such as MPL-2.0) or custom_license."
            ),
        )
    return None


def _compatibility(
    manifest: dict[str, Any], data: dict[str, Any]
) -> dict[str, tuple[str, str]]:
    """Return `{app: (min, max)}`: the apps of `data`'s compatibility, or
    the manifest's (Firefox by default), each bound from `data`, then
    the manifest, then the default minimum and "*"."""
    from_manifest = manifest.get("compatibility") or {}
    requested = data.get("compatibility")
    apps = list(requested) if requested else list(from_manifest) or ["firefox"]
    defaults = (
        DEFAULT_MIN_VERSIONS_MV3
        if (manifest.get("manifest_version") or 2) >= 3
        else DEFAULT_MIN_VERSIONS
    )
    ranges = {}
    for app in apps:
        if app not in APPS:
            continue
        asked = (requested or {}).get(app) or {}
        known = from_manifest.get(app) or {}
        low = asked.get("min") or known.get("min") or defaults[app]
        high = asked.get("max") or known.get("max") or "*"
        ranges[app] = (str(low), str(high))
    return ranges


def _replace_compatibility(version: Version, requested: dict[str, Any]) -> None:
    current = {
        row.application: row
        for row in ApplicationsVersions.objects.filter(version=version)
    }
    wanted_ids = set()
    for app, limits in requested.items():
        application = APPS[app].id
        wanted_ids.add(application)
        row = current.get(application)
        if row is None:
            row = ApplicationsVersions(
                version=version,
                application=application,
                min=DEFAULT_MIN_VERSIONS[app],
                max="*",
            )
        row.min = limits.get("min", row.min)
        row.max = limits.get("max", row.max)
        row.save()
    stale = [row.pk for app_id, row in current.items() if app_id not in wanted_ids]
    if stale:
        ApplicationsVersions.objects.filter(pk__in=stale).delete()


def _not_found_version(version: Version) -> SubmissionError:
    return SubmissionError.on(
        NON_FIELD_ERRORS,
        _("Version %(version)s was deleted.") % {"version": version.version},
        status=404,
    )


# --- Async twins -------------------------------------------------------------

acreate_addon_from_upload = write_action(create_addon_from_upload)
acreate_version_from_upload = write_action(create_version_from_upload)
asubmit_version = write_action(submit_version)
apublish_version = write_action(publish_version)
areject_version = write_action(reject_version)
aupdate_current_version = write_action(update_current_version)
aedit_addon = write_action(edit_addon)
aedit_version = write_action(edit_version)
aset_version_source = write_action(set_version_source)
adelete_version = write_action(delete_version)
