"""Submitting add-ons and versions: the upload, its status as JSON, the
listing form and the pages that report the result."""

import asyncio
import time
import uuid

from asgiref.sync import sync_to_async
from django.core.files.uploadedfile import SimpleUploadedFile

from amo.addons.models import Addon
from amo.core.constants import AddonStatus, Channel, FileStatus
from amo.files.models import FileUpload, UploadState
from amo.versions.models import Version
from tests.devhub.conftest import form_problems, signed_in
from tests.factories import UserFactory
from tests.files.helpers import build_xpi, manifest
from tests.versions.uploads import make_upload

DEV = "/en-US/firefox/developers"


def xpi_file(name: str = "tab_tester.xpi", **fields) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, build_xpi(manifest(**fields)), content_type="application/zip"
    )


async def wait_processed(client, status_url: str, timeout: float = 60.0) -> dict:
    """Poll the status route, as the page does, until validation is done."""
    deadline = time.monotonic() + timeout
    while True:
        data = (await client.get(status_url)).json()
        if data["processed"]:
            return data
        assert time.monotonic() < deadline, f"validation did not finish: {data}"
        await asyncio.sleep(0.2)


# --- The upload and its status --------------------------------------------


async def test_upload_returns_its_status(team, private_root, job_worker):
    client = await signed_in(team.owner)

    response = await client.post(
        f"{DEV}/upload/",
        {"upload": xpi_file(), "channel": "unlisted"},
        headers={"Accept": "application/json"},
    )

    assert response.status_code == 201
    data = response.json()
    assert data["state"] in ("stored", "queued", "validating", "processed")
    upload = await FileUpload.objects.aget(uuid=uuid.UUID(data["uuid"]))
    assert upload.user_id == team.owner.pk
    assert upload.channel == Channel.UNLISTED
    assert data["status_url"] == f"{DEV}/upload/{upload.uuid}/json/"
    done = await wait_processed(client, data["status_url"])
    assert done["valid"] is True
    assert done["state"] == "processed"
    assert done["progress"] == 100
    assert done["counts"]["errors"] == 0
    assert done["next_url"] == f"{DEV}/addon/submit/details/{upload.uuid}/"
    assert "Your add-on passed validation." in done["html"]


async def test_invalid_package_lists_its_errors(team, private_root, job_worker):
    client = await signed_in(team.owner)
    package = SimpleUploadedFile("broken.xpi", b"not a zip", "application/zip")

    response = await client.post(
        f"{DEV}/upload/",
        {"upload": package, "channel": "listed"},
        headers={"Accept": "application/json"},
    )
    done = await wait_processed(client, response.json()["status_url"])

    assert done["valid"] is False
    assert done["counts"]["errors"] >= 1
    assert done["messages"]["errors"][0]["message"]
    assert done["next_url"] == ""
    assert "Your add-on failed validation." in done["html"]
    assert 'class="validation-group validation-errors"' in done["html"]


async def test_upload_without_script_redirects(team, private_root, job_worker):
    client = await signed_in(team.owner)

    response = await client.post(
        f"{DEV}/upload/", {"upload": xpi_file(), "channel": "listed"}
    )

    assert response.status_code == 303
    upload = await FileUpload.objects.aget()
    assert response["Location"] == (
        f"{DEV}/addon/submit/upload-listed/?upload={upload.uuid.hex}"
    )
    page = await client.get(response["Location"])
    assert page.status_code == 200
    assert 'id="upload-status"' in page.content.decode()
    assert upload.name in page.content.decode()


async def test_upload_needs_the_agreement(live_db, private_root):
    user = await sync_to_async(UserFactory)(username="fresh")
    client = await signed_in(user)

    response = await client.post(
        f"{DEV}/upload/", {"upload": xpi_file(), "channel": "listed"}
    )

    assert response.status_code == 403
    assert not await FileUpload.objects.aexists()


async def test_upload_needs_a_file(team, private_root):
    client = await signed_in(team.owner)

    response = await client.post(f"{DEV}/upload/", {"channel": "listed"})

    assert response.status_code == 400
    assert "upload" in response.json()["errors"]


async def test_too_large_upload_is_rejected(team, private_root, settings):
    settings.MAX_UPLOAD_SIZE = 100
    client = await signed_in(team.owner)

    response = await client.post(
        f"{DEV}/upload/", {"upload": xpi_file(), "channel": "listed"}
    )

    assert response.status_code == 413
    assert not await FileUpload.objects.aexists()


async def test_version_upload_needs_an_author(team, private_root):
    client = await signed_in(team.outsider)

    response = await client.post(
        f"{DEV}/upload/",
        {"upload": xpi_file(), "channel": "listed", "addon": "tab-keeper"},
    )

    assert response.status_code == 403


async def test_status_of_pending_upload(team, private_root):
    upload = await sync_to_async(make_upload)(
        team.owner, state=UploadState.STORED, valid=False
    )
    client = await signed_in(team.owner)

    data = (await client.get(f"{DEV}/upload/{upload.uuid}/json/")).json()

    assert data["state"] == "stored"
    assert data["pending"] is True
    assert data["processed"] is False
    assert "Pending: the package is stored" in data["html"]


VALIDATION = {
    "errors": 1,
    "warnings": 1,
    "notices": 1,
    "messages": [
        {
            "id": ["MANIFEST_FIELD_REQUIRED"],
            "type": "error",
            "message": '"/name" is a required property',
            "description": ["Your manifest needs a name."],
            "file": "manifest.json",
            "line": 3,
            "column": 5,
        },
        {
            "id": ["UNSAFE_VAR_ASSIGNMENT"],
            "type": "warning",
            "message": "Unsafe assignment to innerHTML",
            "description": "Use textContent.",
            "file": "content/script.js",
            "line": 42,
        },
        {"type": "notice", "message": "Unknown key", "file": "", "line": None},
    ],
}


async def test_status_groups_messages(team, private_root):
    def build() -> FileUpload:
        upload = make_upload(team.owner, valid=False)
        upload.validation = VALIDATION
        upload.save()
        return upload

    upload = await sync_to_async(build)()
    client = await signed_in(team.owner)

    data = (await client.get(f"{DEV}/upload/{upload.uuid}/json/")).json()

    assert data["counts"] == {"errors": 1, "warnings": 1, "notices": 1}
    error = data["messages"]["errors"][0]
    assert error["code"] == "MANIFEST_FIELD_REQUIRED"
    assert error["file"] == "manifest.json"
    assert error["line"] == 3
    assert error["description"] == "Your manifest needs a name."
    assert data["messages"]["warnings"][0]["line"] == 42
    html = data["html"]
    assert html.index("validation-errors") < html.index("validation-warnings")
    assert html.index("validation-warnings") < html.index("validation-notices")
    assert "<code>content/script.js:42</code>" in html
    assert "&#34;/name&#34; is a required property" in html


async def test_status_of_failed_upload(team, private_root):
    def build() -> FileUpload:
        upload = make_upload(team.owner, valid=False, state=UploadState.FAILED)
        upload.error = "The worker stopped three times."
        upload.save()
        return upload

    upload = await sync_to_async(build)()
    client = await signed_in(team.owner)

    data = (await client.get(f"{DEV}/upload/{upload.uuid}/json/")).json()

    assert data["processed"] is True
    assert data["valid"] is False
    assert "Validation could not finish: The worker stopped" in data["html"]


async def test_status_of_anothers_upload_is_404(team, private_root):
    upload = await sync_to_async(make_upload)(team.developer)
    client = await signed_in(team.owner)

    response = await client.get(f"{DEV}/upload/{upload.uuid}/json/")

    assert response.status_code == 404


# --- A new add-on ---------------------------------------------------------


def listing(**overrides) -> dict:
    data = {
        "default_locale": "en-US",
        "name__en-US": "Tab Tester",
        "summary__en-US": "Tests your tabs.",
        "description__en-US": "All about it.",
        "homepage__en-US": "https://tester.example/",
        "support_email__en-US": "help@tester.example",
        "support_url__en-US": "",
        "privacy_policy__en-US": "Nothing is collected.",
        "categories": ["tabs"],
        "tags": "tabs, testing",
        "license": "MIT",
        "action": "submit",
    }
    data.update(overrides)
    return data


async def test_details_form_starts_from_the_manifest(team, private_root):
    upload = await sync_to_async(make_upload)(team.owner, name="Manifest Name")
    client = await signed_in(team.owner)

    page = await client.get(f"{DEV}/addon/submit/details/{upload.uuid}/")

    assert page.status_code == 200
    assert 'name="name__en-US" value="Manifest Name"' in page.content.decode()


async def test_unlisted_addon_is_approved(team, private_root):
    upload = await sync_to_async(make_upload)(team.owner, channel=Channel.UNLISTED)
    client = await signed_in(team.owner)

    response = await client.post(
        f"{DEV}/addon/submit/details/{upload.uuid}/", listing(categories=[])
    )

    assert response.status_code == 302, form_problems(response)
    addon = await Addon.objects.aget(guid="tester@example.com")
    assert response["Location"] == f"{DEV}/addon/{addon.slug}/submit/finish/"
    assert addon.name == {"en-US": "Tab Tester"}
    assert addon.privacy_policy == {"en-US": "Nothing is collected."}
    assert addon.support_email == {"en-US": "help@tester.example"}
    version = await Version.objects.select_related("file", "license").aget(addon=addon)
    assert version.channel == Channel.UNLISTED
    assert version.file.status == FileStatus.PUBLIC
    assert version.license.slug == "MIT"
    finish = await client.get(response["Location"])
    assert "Version 1.0 is approved." in finish.content.decode()
    assert "distribute its package yourself" in finish.content.decode()


async def test_unlisted_addon_needs_no_licence(team, private_root):
    upload = await sync_to_async(make_upload)(team.owner, channel=Channel.UNLISTED)
    client = await signed_in(team.owner)
    details = f"{DEV}/addon/submit/details/{upload.uuid}/"

    page = await client.get(details)
    response = await client.post(details, listing(license="", categories=[]))

    assert '<option value="" selected>No licence</option>' in page.content.decode()
    assert response.status_code == 302, form_problems(response)
    version = await Version.objects.aget(addon__guid="tester@example.com")
    assert version.license_id is None


async def test_listed_addon_needs_a_licence(team, private_root):
    upload = await sync_to_async(make_upload)(team.owner, channel=Channel.LISTED)
    client = await signed_in(team.owner)
    details = f"{DEV}/addon/submit/details/{upload.uuid}/"

    page = await client.get(details)
    response = await client.post(details, listing(license=""))

    assert "No licence" not in page.content.decode()
    assert response.status_code == 400
    assert "This field is required." in form_problems(response)


async def test_listed_addon_awaits_review(team, private_root):
    upload = await sync_to_async(make_upload)(team.owner, channel=Channel.LISTED)
    client = await signed_in(team.owner)

    response = await client.post(
        f"{DEV}/addon/submit/details/{upload.uuid}/",
        listing(**{"name__de": "Reiterprüfer"}),
    )

    assert response.status_code == 302, form_problems(response)
    addon = await Addon.objects.aget(guid="tester@example.com")
    assert addon.status == AddonStatus.NOMINATED
    assert addon.name == {"en-US": "Tab Tester", "de": "Reiterprüfer"}
    tags = await sync_to_async(
        lambda: sorted(addon.tags.values_list("tag_text", flat=True))
    )()
    assert tags == ["testing", "tabs"] or tags == ["tabs", "testing"]
    finish = await client.get(response["Location"])
    assert "awaiting review" in finish.content.decode()
    dashboard = await client.get(f"{DEV}/addons/")
    assert f'data-slug="{addon.slug}"' in dashboard.content.decode()


async def test_listed_addon_needs_a_category(team, private_root):
    upload = await sync_to_async(make_upload)(team.owner, channel=Channel.LISTED)
    client = await signed_in(team.owner)

    response = await client.post(
        f"{DEV}/addon/submit/details/{upload.uuid}/", listing(categories=[])
    )

    assert response.status_code == 400
    assert "Choose a category for the add-on." in response.content.decode()
    assert not await Addon.objects.filter(guid="tester@example.com").aexists()


async def test_rejected_submission_shows_the_reason(team, private_root):
    # The guid of the package is taken by an existing add-on.
    upload = await sync_to_async(make_upload)(
        team.owner, channel=Channel.UNLISTED, guid=team.addon.guid
    )
    client = await signed_in(team.owner)

    response = await client.post(
        f"{DEV}/addon/submit/details/{upload.uuid}/", listing()
    )

    assert response.status_code == 400
    assert 'class="form-errors"' in response.content.decode()


async def test_deleted_addons_guid_stays_taken(team, private_root):
    client = await signed_in(team.owner)
    await client.post(f"{DEV}/addon/tab-keeper/delete/", {"slug": "tab-keeper"})
    upload = await sync_to_async(make_upload)(
        team.owner, channel=Channel.UNLISTED, guid=team.addon.guid
    )

    response = await client.post(
        f"{DEV}/addon/submit/details/{upload.uuid}/", listing()
    )

    assert response.status_code == 400
    (problem,) = form_problems(response)
    assert problem.startswith(f"Package: An add-on with ID {team.addon.guid}")
    assert await Addon.objects.filter(guid=team.addon.guid).acount() == 1


async def test_details_of_unprocessed_upload_redirect(team, private_root):
    upload = await sync_to_async(make_upload)(
        team.owner, state=UploadState.VALIDATING, valid=False
    )
    client = await signed_in(team.owner)

    response = await client.get(f"{DEV}/addon/submit/details/{upload.uuid}/")

    assert response.status_code == 302
    assert response["Location"] == (
        f"{DEV}/addon/submit/upload-unlisted/?upload={upload.uuid.hex}"
    )


async def test_upload_is_submitted_once(team, private_root):
    upload = await sync_to_async(make_upload)(team.owner, channel=Channel.UNLISTED)
    client = await signed_in(team.owner)
    await client.post(f"{DEV}/addon/submit/details/{upload.uuid}/", listing())

    again = await client.get(f"{DEV}/addon/submit/details/{upload.uuid}/")

    assert again.status_code == 302
    assert again["Location"] == f"{DEV}/addons/"


async def test_version_upload_goes_to_version_details(team, private_root):
    def build() -> FileUpload:
        upload = make_upload(team.owner, guid=team.addon.guid, version="2.0")
        upload.addon = team.addon
        upload.save()
        return upload

    upload = await sync_to_async(build)()
    client = await signed_in(team.owner)

    response = await client.get(f"{DEV}/addon/submit/details/{upload.uuid}/")
    status = (await client.get(f"{DEV}/upload/{upload.uuid}/json/")).json()

    details = f"{DEV}/addon/tab-keeper/versions/submit/{upload.uuid}/"
    assert response.status_code == 302
    assert response["Location"] == details
    assert status["next_url"] == details


async def test_details_of_anothers_upload_is_404(team, private_root):
    upload = await sync_to_async(make_upload)(team.developer)
    client = await signed_in(team.owner)

    response = await client.get(f"{DEV}/addon/submit/details/{upload.uuid}/")

    assert response.status_code == 404


# --- A new version ---------------------------------------------------------


async def test_new_version_is_created(team, private_root):
    upload = await sync_to_async(make_upload)(
        team.developer,
        channel=Channel.LISTED,
        guid=team.addon.guid,
        version="2.0",
    )
    client = await signed_in(team.developer)
    details = f"{DEV}/addon/tab-keeper/versions/submit/{upload.uuid}/"

    page = await client.get(details)
    response = await client.post(
        details,
        {
            "release_notes__en-US": "Faster tabs.",
            "license": "MPL-2.0",
            "action": "submit",
        },
    )

    assert page.status_code == 200
    assert 'value="MPL-2.0" selected' in page.content.decode()
    assert response.status_code == 302, form_problems(response)
    version = await Version.objects.select_related("file").aget(
        addon=team.addon, version="2.0"
    )
    assert response["Location"] == (
        f"{DEV}/addon/tab-keeper/versions/{version.pk}/submitted/"
    )
    assert version.release_notes == {"en-US": "Faster tabs."}
    # The add-on is approved, so its new listed version is approved too.
    assert version.file.status == FileStatus.PUBLIC
    finish = await client.get(response["Location"])
    assert "Version 2.0 is approved." in finish.content.decode()


async def test_listed_version_needs_categories(team, private_root):
    await sync_to_async(team.addon.categories.clear)()
    upload = await sync_to_async(make_upload)(
        team.owner, channel=Channel.LISTED, guid=team.addon.guid, version="2.0"
    )
    client = await signed_in(team.owner)

    response = await client.post(
        f"{DEV}/addon/tab-keeper/versions/submit/{upload.uuid}/",
        {"license": "MPL-2.0", "action": "submit"},
    )

    assert response.status_code == 400
    assert form_problems(response) == [
        "Categories: This field is required for listed versions."
    ]


async def test_version_upload_page(team, private_root):
    client = await signed_in(team.developer)

    page = await client.get(f"{DEV}/addon/tab-keeper/versions/submit/")

    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="addon" value="tab-keeper"' in html
    assert '<option value="listed" selected>' in html
