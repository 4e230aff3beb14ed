"""Submission and review actions, on the configured database.

Each test commits (`reference_data` is transactional), so the caches are
invalidated after the commit as in production.
"""

import datetime
import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from amo.addons.models import Addon, AddonUser
from amo.addons.queries import ADDON_KIND
from amo.core.cache.backends import default_cache
from amo.core.constants import (
    AddonStatus,
    ApplicationChoices,
    AuthorRole,
    Channel,
    FileStatus,
)
from amo.devhub.models import Activity, ActivityLog
from amo.files.models import File, UploadState
from amo.search.models import SearchDocument
from amo.versions import actions
from amo.versions.errors import SubmissionError
from amo.versions.models import License, Version
from tests.factories import AddonFactory, UserFactory, VersionFactory
from tests.versions.uploads import make_upload, private_root  # noqa: F401

pytestmark = pytest.mark.usefixtures("reference_data", "private_root")

LISTED_DATA = {
    "summary": {"en-US": "Tests tabs."},
    "categories": ["tabs"],
    "tags": ["Testing"],
    "version": {"license": "MPL-2.0", "release_notes": {"en-US": "First."}},
}


def activity_of(addon: Addon) -> list[int]:
    return list(
        ActivityLog.objects.filter(addon=addon)
        .order_by("created", "id")
        .values_list("action", flat=True)
    )


def stored_path(file: File) -> Path:
    return Path(settings.MEDIA_ROOT) / file.file.name


# --- create_addon_from_upload ------------------------------------------------


def test_create_unlisted_addon_without_id():
    user = UserFactory()
    upload = make_upload(user, guid=None, name="Tab Tester")
    package = (Path(settings.UPLOADS_ROOT) / upload.path).read_bytes()

    addon = actions.create_addon_from_upload(upload, user, {})

    assert re.fullmatch(r"\{[0-9a-f-]{36}\}", addon.guid)
    assert addon.slug == "tab-tester"
    assert addon.name == {"en-US": "Tab Tester"}
    assert addon.status == AddonStatus.INCOMPLETE
    assert AddonUser.objects.get(addon=addon).user == user
    assert AddonUser.objects.get(addon=addon).role == AuthorRole.OWNER
    version = Version.objects.get(addon=addon)
    assert version.channel == Channel.UNLISTED
    assert version.auto_approved
    assert version.reviewed is not None
    assert version.license is None
    file = version.file
    assert file.status == FileStatus.PUBLIC
    digest = hashlib.sha256(package).hexdigest()
    assert file.hash == f"sha256:{digest}"
    assert file.size == len(package)
    assert file.file.name == f"files/{addon.pk}/{digest}.xpi"
    assert stored_path(file).read_bytes() == package
    assert file.filename == "tab_tester-1.0.xpi"
    assert file.permissions == ["tabs"]
    assert file.manifest_version == 2
    upload.refresh_from_db()
    assert upload.submitted_version == version
    assert activity_of(addon) == [
        Activity.CREATE_ADDON,
        Activity.ADD_VERSION,
        Activity.AUTO_APPROVE_VERSION,
    ]
    # An unlisted add-on has no current (listed) version.
    addon.refresh_from_db()
    assert addon.current_version is None


def test_create_listed_addon_waits_for_review():
    user = UserFactory()
    upload = make_upload(user, channel=Channel.LISTED)

    addon = actions.create_addon_from_upload(upload, user, LISTED_DATA)

    addon.refresh_from_db()
    assert addon.guid == "tester@example.com"
    assert addon.status == AddonStatus.NOMINATED
    assert addon.current_version is None
    assert addon.summary == {"en-US": "Tests tabs."}
    assert sorted(addon.categories.values_list("application", "slug")) == [
        (ApplicationChoices.FIREFOX, "tabs"),
        (ApplicationChoices.ANDROID, "tabs"),
    ]
    assert list(addon.tags.values_list("tag_text", flat=True)) == ["testing"]
    version = Version.objects.get(addon=addon)
    assert version.file.status == FileStatus.UNREVIEWED
    assert not version.auto_approved
    assert version.license.slug == "MPL-2.0"
    assert version.release_notes == {"en-US": "First."}
    assert activity_of(addon)[-1] == Activity.REQUEST_REVIEW
    assert SearchDocument.objects.filter(addon=addon).exists()


def test_create_listed_addon_reports_every_missing_field():
    user = UserFactory()
    upload = make_upload(user, channel=Channel.LISTED)

    with pytest.raises(SubmissionError) as raised:
        actions.create_addon_from_upload(upload, user, {})

    assert raised.value.status == 400
    errors = raised.value.errors
    assert set(errors) == {"summary", "categories", "version"}
    assert list(errors["version"]) == ["license"]
    # Nothing was written.
    assert not Addon.objects.exists()
    upload.refresh_from_db()
    assert upload.submitted_version is None


def test_create_addon_data_overrides_manifest():
    user = UserFactory()
    upload = make_upload(
        user,
        channel=Channel.LISTED,
        names={"en-US": "Manifest Name", "de": "Manifestname"},
        summary={"en-US": "From the manifest."},
        homepage="https://manifest.example",
    )
    data = {**LISTED_DATA, "name": {"en-US": "Chosen"}, "slug": "chosen-slug"}
    del data["summary"]

    addon = actions.create_addon_from_upload(upload, user, data)

    assert addon.name == {"en-US": "Chosen"}
    assert addon.summary == {"en-US": "From the manifest."}
    assert addon.homepage == {"en-US": "https://manifest.example"}
    assert addon.slug == "chosen-slug"


def test_create_addon_takes_names_from_locales():
    user = UserFactory()
    upload = make_upload(
        user,
        name="__MSG_extName__",
        names={"en_US": "English", "de": "Deutsch", "xx_YY": "Unknown"},
        default_locale="de",
    )

    addon = actions.create_addon_from_upload(upload, user, {})

    assert addon.default_locale == "de"
    assert addon.name == {"en-US": "English", "de": "Deutsch"}
    assert addon.slug == "deutsch"


def test_create_addon_slug_is_unique():
    AddonFactory(slug="tab-tester")
    AddonFactory(slug="tab-tester-2")
    user = UserFactory()

    addon = actions.create_addon_from_upload(make_upload(user, guid=None), user, {})

    assert addon.slug == "tab-tester-3"


def test_create_addon_rejects_taken_slug_and_guid():
    AddonFactory(slug="taken", guid="tester@example.com")
    user = UserFactory()

    with pytest.raises(SubmissionError) as raised:
        actions.create_addon_from_upload(make_upload(user), user, {"slug": "taken"})

    assert "slug" in raised.value.errors
    assert "already exists" in raised.value.errors["version"]["upload"][0]


def test_create_mv3_addon_needs_id():
    user = UserFactory()
    upload = make_upload(user, guid=None, manifest_version=3)

    with pytest.raises(SubmissionError) as raised:
        actions.create_addon_from_upload(upload, user, {})

    assert "gecko.id" in raised.value.errors["version"]["upload"][0]


@pytest.mark.parametrize(
    ("upload_fields", "message"),
    [
        ({"state": UploadState.VALIDATING}, "not validated yet"),
        ({"valid": False}, "did not pass validation"),
        ({"state": UploadState.FAILED, "valid": False}, "did not pass validation"),
    ],
)
def test_create_addon_checks_upload(upload_fields, message):
    user = UserFactory()
    upload = make_upload(user, **upload_fields)

    with pytest.raises(SubmissionError) as raised:
        actions.create_addon_from_upload(upload, user, {})

    assert message in raised.value.errors["version"]["upload"][0]


def test_upload_is_used_once():
    user = UserFactory()
    upload = make_upload(user, guid=None)
    actions.create_addon_from_upload(upload, user, {})

    with pytest.raises(SubmissionError) as raised:
        actions.create_addon_from_upload(upload, user, {})

    assert "already submitted" in raised.value.errors["version"]["upload"][0]


def test_upload_of_another_user_rejected():
    owner, other = UserFactory(), UserFactory()
    upload = make_upload(owner)

    with pytest.raises(SubmissionError) as raised:
        actions.create_addon_from_upload(upload, other, {})

    assert "another user" in raised.value.errors["version"]["upload"][0]


def test_create_addon_checks_data():
    user = UserFactory()
    upload = make_upload(user, channel=Channel.LISTED)
    data = {
        "name": "plain string",
        "categories": ["no-such-category"],
        "homepage": "javascript:alert(1)",
        "version": {"license": "CC-BY-3.0", "compatibility": {"safari": {}}},
    }

    with pytest.raises(SubmissionError) as raised:
        actions.create_addon_from_upload(upload, user, data)

    errors = raised.value.errors
    assert errors["name"] == ["You must provide an object of {lang-code:value}."]
    assert "no-such-category" in errors["categories"][0]
    assert "http" in errors["homepage"][0]
    assert "CC-BY-3.0" in errors["version"]["license"][0]
    assert "safari" in errors["version"]["compatibility"][0]


def test_changed_upload_file_rejected():
    user = UserFactory()
    upload = make_upload(user, guid=None)
    (Path(settings.UPLOADS_ROOT) / upload.path).write_bytes(b"other bytes")

    with pytest.raises(SubmissionError) as raised:
        actions.create_addon_from_upload(upload, user, {})

    upload_errors = raised.value.errors["version"]["upload"]
    assert "changed after it was validated" in upload_errors[0]
    # The temporary copy is gone.
    leftovers = list(Path(settings.MEDIA_ROOT).glob("files/*/.incoming-*"))
    assert leftovers == []


# --- create_version_from_upload ----------------------------------------------


def public_addon(user, **fields):
    return AddonFactory(
        guid="tester@example.com",
        slug="tester",
        authors=[user],
        categories=["tabs"],
        **fields,
    )


def test_new_version_of_public_addon_is_approved():
    user = UserFactory()
    addon = public_addon(user)
    upload = make_upload(user, channel=Channel.LISTED, version="2.0")

    version = actions.create_version_from_upload(addon, upload, user, {})

    addon.refresh_from_db()
    assert addon.status == AddonStatus.PUBLIC
    assert addon.current_version == version
    assert addon.last_updated == version.reviewed
    assert version.file.status == FileStatus.PUBLIC
    assert version.auto_approved
    # The licence comes from the previous version.
    assert version.license.slug == "MPL-2.0"
    assert list(version.compatible_apps.values_list("application", "min", "max")) == [
        (ApplicationChoices.FIREFOX, "115.0", "*")
    ]


def test_new_version_compatibility_from_data():
    user = UserFactory()
    addon = public_addon(user)
    upload = make_upload(user, version="2.0")
    data = {
        "compatibility": {"firefox": {"max": "140.*"}, "android": {}},
        "license": "MIT",
        "approval_notes": "Build with make.",
    }

    version = actions.create_version_from_upload(addon, upload, user, data)

    rows = version.compatible_apps.order_by("application")
    assert [(r.application, r.min, r.max) for r in rows] == [
        (ApplicationChoices.FIREFOX, "115.0", "140.*"),
        (ApplicationChoices.ANDROID, "120.0", "*"),
    ]
    assert version.license.slug == "MIT"
    assert version.approval_notes == "Build with make."


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ({"version": "1.0"}, "already uploaded"),
        # Deleted versions keep their version string.
        ({"version": "1.5"}, "already uploaded"),
        ({"version": "0.9"}, "must be greater"),
        ({"version": "2.0", "guid": "other@example.com"}, "does not match"),
        ({"version": "2.0", "type": 10}, "type statictheme"),
    ],
)
def test_new_version_must_match_addon(manifest, message):
    user = UserFactory()
    addon = public_addon(user)
    VersionFactory(addon=addon, version="1.5", deleted=True)
    upload = make_upload(user, **manifest)

    with pytest.raises(SubmissionError) as raised:
        actions.create_version_from_upload(addon, upload, user, {})

    assert message in raised.value.errors["upload"][0]


def test_new_version_needs_author():
    owner, stranger = UserFactory(), UserFactory()
    addon = public_addon(owner)
    upload = make_upload(stranger, version="2.0")

    with pytest.raises(SubmissionError) as raised:
        actions.create_version_from_upload(addon, upload, stranger, {})

    assert raised.value.status == 403


def test_upload_of_coauthor_is_accepted():
    owner, developer = UserFactory(), UserFactory()
    addon = public_addon(owner)
    AddonUser.objects.create(addon=addon, user=developer, role=AuthorRole.DEVELOPER)
    upload = make_upload(developer, version="2.0")

    version = actions.create_version_from_upload(addon, upload, owner, {})

    assert version.version == "2.0"


def test_listed_version_needs_metadata():
    user = UserFactory()
    addon = AddonFactory(
        guid="tester@example.com",
        status=AddonStatus.INCOMPLETE,
        summary={},
        authors=[user],
        versions=0,
    )
    upload = make_upload(user, channel=Channel.LISTED)

    with pytest.raises(SubmissionError) as raised:
        actions.create_version_from_upload(addon, upload, user, {})

    assert set(raised.value.errors) == {"summary", "categories"}


def test_channel_must_match_upload():
    user = UserFactory()
    addon = public_addon(user)
    upload = make_upload(user, version="2.0", channel=Channel.UNLISTED)

    with pytest.raises(SubmissionError) as raised:
        actions.create_version_from_upload(addon, upload, user, {"channel": "listed"})

    assert "unlisted channel" in raised.value.errors["channel"][0]


def test_disabled_addon_gets_no_version():
    user = UserFactory()
    addon = public_addon(user, status=AddonStatus.DISABLED)

    with pytest.raises(SubmissionError) as raised:
        actions.create_version_from_upload(
            addon, make_upload(user, version="2.0"), user, {}
        )

    assert raised.value.status == 403


def test_listed_version_of_unlisted_addon_waits():
    user = UserFactory()
    unlisted = actions.create_addon_from_upload(make_upload(user), user, {})
    actions.edit_addon(
        unlisted, user, {"categories": ["tabs"], "summary": {"en-US": "S"}}
    )
    upload = make_upload(user, version="2.0", channel=Channel.LISTED)

    version = actions.create_version_from_upload(
        unlisted, upload, user, {"license": "MIT"}
    )

    unlisted.refresh_from_db()
    assert unlisted.status == AddonStatus.NOMINATED
    assert version.file.status == FileStatus.UNREVIEWED


# --- publish_version, reject_version -----------------------------------------


def nominated_addon():
    user = UserFactory()
    upload = make_upload(user, channel=Channel.LISTED)
    addon = actions.create_addon_from_upload(upload, user, LISTED_DATA)
    return addon, Version.objects.get(addon=addon), user


def test_publish_nominated_version():
    addon, version, _user = nominated_addon()
    reviewer = UserFactory()
    cache = default_cache()
    cache.set(ADDON_KIND.key(addon.pk), "cached")

    actions.publish_version(version, reviewer=reviewer, comment="Looks good.")

    addon.refresh_from_db()
    version.refresh_from_db()
    assert addon.status == AddonStatus.PUBLIC
    assert addon.current_version == version
    assert addon.last_updated == version.reviewed
    assert version.file.status == FileStatus.PUBLIC
    assert not version.auto_approved
    entry = ActivityLog.objects.filter(addon=addon).first()
    assert entry.action == Activity.APPROVE_VERSION
    assert entry.user == reviewer
    assert entry.details == {"comment": "Looks good."}
    assert type(cache.get(ADDON_KIND.key(addon.pk))) is int, "no tombstone"


def test_publish_deleted_version_rejected():
    _addon, version, _user = nominated_addon()
    Version.objects.filter(pk=version.pk).update(deleted=True)

    with pytest.raises(SubmissionError) as raised:
        actions.publish_version(version)

    assert raised.value.status == 409


def test_reject_first_version_rejects_addon():
    addon, version, _user = nominated_addon()
    reviewer = UserFactory()

    actions.reject_version(version, reviewer, "Uses eval.")

    addon.refresh_from_db()
    version.refresh_from_db()
    assert addon.status == AddonStatus.REJECTED
    assert version.file.status == FileStatus.DISABLED
    entry = ActivityLog.objects.filter(addon=addon).first()
    assert entry.action == Activity.REJECT_VERSION
    assert entry.details == {"comment": "Uses eval."}


def test_reject_keeps_public_addon_on_older_version():
    user = UserFactory()
    addon = public_addon(user)
    old = addon.current_version
    newer = actions.create_version_from_upload(
        addon, make_upload(user, version="2.0", channel=Channel.LISTED), user, {}
    )

    actions.reject_version(newer, UserFactory(), "Broken.")

    addon.refresh_from_db()
    assert addon.status == AddonStatus.PUBLIC
    assert addon.current_version == old


def test_reject_with_pending_version_stays_nominated():
    addon, version, _user = nominated_addon()
    pending = VersionFactory(
        addon=addon, version="1.1", file__status=FileStatus.UNREVIEWED
    )

    actions.reject_version(version, None, "No.")

    addon.refresh_from_db()
    assert addon.status == AddonStatus.NOMINATED
    assert pending.file.status == FileStatus.UNREVIEWED


def test_resubmission_after_rejection_is_nominated():
    addon, version, user = nominated_addon()
    actions.reject_version(version, None, "No.")

    actions.create_version_from_upload(
        addon, make_upload(user, version="1.1", channel=Channel.LISTED), user, {}
    )

    addon.refresh_from_db()
    assert addon.status == AddonStatus.NOMINATED


# --- update_current_version --------------------------------------------------


def test_current_version_is_newest_public_listed():
    addon = AddonFactory(versions=0)
    now = timezone.now()
    old = VersionFactory(
        addon=addon, version="1.0", created=now - datetime.timedelta(3)
    )
    VersionFactory(addon=addon, version="1.1", channel=Channel.UNLISTED)
    VersionFactory(addon=addon, version="1.2", deleted=True)
    VersionFactory(addon=addon, version="1.3", file__status=FileStatus.UNREVIEWED)

    assert actions.update_current_version(addon) == old

    addon.refresh_from_db()
    assert addon.current_version == old
    assert addon.last_updated == old.reviewed


def test_current_version_is_none_without_public_version():
    addon = AddonFactory()
    File.objects.filter(version__addon=addon).update(status=FileStatus.DISABLED)

    assert actions.update_current_version(addon) is None

    addon.refresh_from_db()
    assert addon.current_version is None


# --- edits and deletion ------------------------------------------------------


def test_author_disables_and_enables_version():
    user = UserFactory()
    addon = public_addon(user)
    version = addon.current_version

    actions.edit_version(version, user, {"is_disabled": True})
    addon.refresh_from_db()
    assert File.objects.get(version=version).status == FileStatus.DISABLED
    assert addon.status == AddonStatus.INCOMPLETE
    assert addon.current_version is None

    actions.edit_version(version, user, {"is_disabled": False})
    addon.refresh_from_db()
    assert File.objects.get(version=version).status == FileStatus.PUBLIC
    assert addon.status == AddonStatus.PUBLIC
    assert addon.current_version == version
    assert activity_of(addon)[-2:] == [
        Activity.DISABLE_VERSION,
        Activity.ENABLE_VERSION,
    ]


def test_rejected_version_cannot_be_enabled():
    _addon, version, user = nominated_addon()
    actions.reject_version(version, None, "No.")

    with pytest.raises(SubmissionError) as raised:
        actions.edit_version(version, user, {"is_disabled": False})

    assert raised.value.status == 409


def test_edit_version_merges_release_notes():
    user = UserFactory()
    addon = public_addon(user)
    version = addon.current_version
    version.release_notes = {"en-US": "Old.", "de": "Alt."}
    version.save()

    actions.edit_version(
        version,
        user,
        {"release_notes": {"de": None, "fr": "Nouveau."}, "license": "MIT"},
    )

    version.refresh_from_db()
    assert version.release_notes == {"en-US": "Old.", "fr": "Nouveau."}
    assert version.license == License.objects.get(slug="MIT")


def test_delete_only_version_makes_addon_incomplete():
    user = UserFactory()
    addon = public_addon(user)
    version = addon.current_version

    actions.delete_version(version, user)

    addon.refresh_from_db()
    version.refresh_from_db()
    assert version.deleted
    assert version.file.status == FileStatus.DISABLED
    assert addon.status == AddonStatus.INCOMPLETE
    assert addon.current_version is None


def test_delete_version_needs_author():
    addon = public_addon(UserFactory())

    with pytest.raises(SubmissionError) as raised:
        actions.delete_version(addon.current_version, UserFactory())

    assert raised.value.status == 403


async def test_async_twin_runs_in_write_thread(db_pools):
    from asgiref.sync import sync_to_async

    user = await sync_to_async(UserFactory)()
    upload = await sync_to_async(make_upload)(user, guid=None)

    addon = await actions.acreate_addon_from_upload(upload, user, {})

    assert await Addon.objects.filter(pk=addon.pk).aexists()
