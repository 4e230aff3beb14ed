"""The submission API: uploads, add-ons and versions, as web-ext uses it.

Uploads are validated by the real job, run in the process (eager), so
these tests need no worker; tests/e2e/test_web_ext.py goes through the
broker.
"""

import hashlib
import json
from typing import Any
from urllib.parse import quote

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from amo.addons.models import Addon
from amo.core import redis
from amo.core.constants import AddonStatus, Channel
from amo.devhub.models import Activity, ActivityLog
from amo.files.models import FileUpload
from amo.versions.models import Version
from tests.api.auth_helpers import jwt_headers, make_api_key, make_developer
from tests.factories import AddonFactory, UserFactory, VersionFactory
from tests.files.helpers import build_xpi, manifest
from tests.versions.uploads import private_root  # noqa: F401

API = "/api/v5"
LISTED_METADATA = {
    "categories": ["tabs"],
    "summary": {"en-US": "Keeps tabs tidy."},
    "version": {"license": "MPL-2.0"},
}


@pytest.fixture(autouse=True)
def eager_jobs(monkeypatch, settings) -> None:
    """Validate uploads in the process, and lift the rate limits."""
    from workers.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    settings.API_THROTTLE_RATES = {}


@pytest.fixture
async def developer(live_db, private_root) -> Any:  # noqa: F811
    user = await sync_to_async(make_developer)()
    user.api_key = await sync_to_async(make_api_key)(user)
    return user


def auth(user: Any) -> dict[str, str]:
    return jwt_headers(user.api_key)


async def upload_package(
    client, user, package: bytes, *, channel: str = "unlisted", name="a-1.0.zip"
) -> Any:
    response = await client.post(
        f"{API}/addons/upload/",
        {"upload": SimpleUploadedFile(name, package), "channel": channel},
        headers=auth(user),
    )
    return response


async def uploaded(client, user, package: bytes, channel: str = "unlisted") -> str:
    response = await upload_package(client, user, package, channel=channel)
    assert response.status_code == 201, response.content
    data = json.loads(response.content)
    assert data["valid"], data["validation"]
    return data["uuid"]


def xpi(guid: str | None = "tidy@example.com", version: str = "1.0") -> bytes:
    settings_ = {"gecko": {"id": guid}} if guid else None
    return build_xpi(
        manifest(
            name="Tidy Tabs",
            version=version,
            browser_specific_settings=settings_,
        )
    )


async def put_addon(client, user, guid: str, body: dict) -> Any:
    return await client.put(
        f"{API}/addons/addon/{quote(guid, safe='@')}/",
        body,
        content_type="application/json",
        headers=auth(user),
    )


def body_of(response) -> Any:
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


# --- Uploads -----------------------------------------------------------------


async def test_upload_creates_validated_upload(async_client, developer):
    package = xpi()

    response = await upload_package(async_client, developer, package)

    assert response.status_code == 201
    data = body_of(response)
    assert len(data["uuid"]) == 32
    assert data["channel"] == "unlisted"
    assert data["processed"] is True
    assert data["valid"] is True
    assert data["submitted"] is False
    assert data["version"] == "1.0"
    assert data["url"] == (f"{settings.SITE_URL}{API}/addons/upload/{data['uuid']}/")
    upload = await FileUpload.objects.aget(uuid=data["uuid"])
    assert upload.sha256 == hashlib.sha256(package).hexdigest()
    assert upload.user_id == developer.pk


async def test_upload_detail_is_owners_only(async_client, developer):
    upload_uuid = await uploaded(async_client, developer, xpi())
    other = await sync_to_async(make_developer)()
    other.api_key = await sync_to_async(make_api_key)(other)
    url = f"{API}/addons/upload/{upload_uuid}/"

    mine = await async_client.get(url, headers=auth(developer))
    theirs = await async_client.get(url, headers=auth(other))
    malformed = await async_client.get(
        f"{API}/addons/upload/not-a-uuid/", headers=auth(developer)
    )

    assert mine.status_code == 200
    assert body_of(mine)["uuid"] == upload_uuid
    assert theirs.status_code == 404
    assert body_of(theirs) == {"detail": "Not found."}
    assert malformed.status_code == 404


async def test_upload_list_is_paginated(async_client, developer):
    first = await uploaded(async_client, developer, xpi(version="1.0"))
    second = await uploaded(async_client, developer, xpi(version="1.1"))

    response = await async_client.get(
        f"{API}/addons/upload/?page_size=1", headers=auth(developer)
    )

    data = body_of(response)
    assert data["count"] == 2
    assert [item["uuid"] for item in data["results"]] == [second]
    assert "page=2" in data["next"]
    assert first != second


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"channel": "unlisted"}, "upload", "No file was submitted"),
        (
            {"channel": "unlisted", "upload": ("add-on.txt", b"x")},
            "upload",
            "Unsupported file type",
        ),
        ({"channel": "beta", "upload": ("a.xpi", b"x")}, "channel", '"beta"'),
        ({"upload": ("a.xpi", b"x")}, "channel", '""'),
    ],
)
async def test_upload_rejects_bad_form(async_client, developer, form, field, message):
    data = {
        name: SimpleUploadedFile(*value) if isinstance(value, tuple) else value
        for name, value in form.items()
    }

    response = await async_client.post(
        f"{API}/addons/upload/", data, headers=auth(developer)
    )

    assert response.status_code == 400
    assert message in body_of(response)[field][0]


async def test_invalid_upload_reports_validation(async_client, developer):
    package = build_xpi("{not json")

    response = await upload_package(async_client, developer, package)

    data = body_of(response)
    assert data["processed"] is True
    assert data["valid"] is False
    assert data["validation"]["errors"] >= 1


# --- Add-ons -----------------------------------------------------------------


async def test_post_addon_without_id(async_client, developer):
    upload_uuid = await uploaded(async_client, developer, xpi(guid=None))

    response = await async_client.post(
        f"{API}/addons/addon/",
        {"version": {"upload": upload_uuid}},
        content_type="application/json",
        headers=auth(developer),
    )

    assert response.status_code == 201, response.content
    data = body_of(response)
    assert data["guid"].startswith("{")
    assert data["status"] == "incomplete"
    version = data["version"]
    assert version["channel"] == "unlisted"
    assert version["edit_url"].startswith("http")
    assert version["file"]["status"] == "public"
    assert version["file"]["url"].startswith(settings.SITE_URL + "/firefox/")
    assert version["file"]["url"].endswith("/tidy_tabs-1.0.xpi")
    assert version["file"]["hash"].startswith("sha256:")
    assert data["latest_unlisted_version"]["id"] == version["id"]


async def test_put_new_listed_addon(async_client, developer):
    upload_uuid = await uploaded(async_client, developer, xpi(), channel="listed")
    body = {**LISTED_METADATA, "version": {"upload": upload_uuid, "license": "MIT"}}

    response = await put_addon(async_client, developer, "tidy@example.com", body)

    assert response.status_code == 201, response.content
    data = body_of(response)
    assert data["guid"] == "tidy@example.com"
    assert data["status"] == "nominated"
    assert data["categories"] == ["tabs"]
    assert data["version"]["file"]["status"] == "unreviewed"
    assert data["version"]["license"]["slug"] == "MIT"


async def test_put_decodes_braced_guid(async_client, developer):
    guid = "{4f1b2c3d-0000-4000-8000-000000000000}"
    upload_uuid = await uploaded(async_client, developer, xpi(guid=guid))

    response = await async_client.put(
        f"{API}/addons/addon/%7B4f1b2c3d-0000-4000-8000-000000000000%7D/",
        {"version": {"upload": upload_uuid}},
        content_type="application/json",
        headers=auth(developer),
    )

    assert response.status_code == 201, response.content
    assert body_of(response)["guid"] == guid


async def test_put_listed_addon_needs_metadata(async_client, developer):
    upload_uuid = await uploaded(async_client, developer, xpi(), channel="listed")

    response = await put_addon(
        async_client,
        developer,
        "tidy@example.com",
        {"version": {"upload": upload_uuid}},
    )

    assert response.status_code == 400
    data = body_of(response)
    assert set(data) == {"categories", "version"}
    assert "license" in data["version"]
    assert not await Addon.objects.aexists()


async def test_put_guid_must_match_manifest(async_client, developer):
    upload_uuid = await uploaded(async_client, developer, xpi())

    response = await put_addon(
        async_client,
        developer,
        "other@example.com",
        {"version": {"upload": upload_uuid}},
    )

    assert response.status_code == 400
    assert "does not match" in body_of(response)["guid"][0]


async def test_put_unknown_upload(async_client, developer):
    response = await put_addon(
        async_client,
        developer,
        "tidy@example.com",
        {"version": {"upload": "0" * 32}},
    )

    assert response.status_code == 400
    assert "was not found" in body_of(response)["version"]["upload"][0]


async def test_put_invalid_json(async_client, developer):
    response = await async_client.put(
        f"{API}/addons/addon/tidy@example.com/",
        b"{not json",
        content_type="application/json",
        headers=auth(developer),
    )

    assert response.status_code == 400
    assert body_of(response)["detail"].startswith("JSON parse error")


async def test_put_multipart_names_json(async_client, developer):
    response = await async_client.put(
        f"{API}/addons/addon/tidy@example.com/",
        encode_multipart(BOUNDARY, {"upload": "x"}),
        content_type=MULTIPART_CONTENT,
        headers=auth(developer),
    )

    assert response.status_code == 400
    detail = body_of(response)["detail"]
    assert "not multipart/form-data" in detail
    assert "POST /api/v5/addons/upload/" in detail


def public_addon_of(user: Any, guid: str = "tidy@example.com") -> Addon:
    return AddonFactory(
        guid=guid, slug="tidy-tabs", authors=[user], categories=["tabs"]
    )


async def test_put_new_version_of_public_addon(async_client, developer):
    addon = await sync_to_async(public_addon_of)(developer)
    upload_uuid = await uploaded(
        async_client, developer, xpi(version="2.0"), channel="listed"
    )
    body = {"summary": {"fr": "Range les onglets."}, "version": {"upload": upload_uuid}}

    response = await put_addon(async_client, developer, "tidy@example.com", body)

    assert response.status_code == 200, response.content
    data = body_of(response)
    assert data["id"] == addon.pk
    assert data["summary"]["fr"] == "Range les onglets."
    assert data["version"]["version"] == "2.0"
    assert data["version"]["file"]["status"] == "public"
    assert data["current_version"]["version"] == "2.0"


async def test_put_existing_version_string(async_client, developer):
    addon = await sync_to_async(public_addon_of)(developer)
    upload_uuid = await uploaded(async_client, developer, xpi(version="2.0"))
    # Another request created 2.0 after the upload was validated.
    await sync_to_async(VersionFactory)(addon=addon, version="2.0")

    response = await put_addon(
        async_client,
        developer,
        "tidy@example.com",
        {"version": {"upload": upload_uuid}},
    )

    assert response.status_code == 400
    assert "already uploaded" in body_of(response)["version"]["upload"][0]


async def test_put_by_non_author(async_client, developer):
    await sync_to_async(public_addon_of)(await sync_to_async(UserFactory)())
    # Validation rejects the guid of another's add-on; the 403 comes first.
    response = await upload_package(async_client, developer, xpi(version="2.0"))
    upload_uuid = body_of(response)["uuid"]

    response = await put_addon(
        async_client,
        developer,
        "tidy@example.com",
        {"version": {"upload": upload_uuid}},
    )

    assert response.status_code == 403
    assert body_of(response) == {
        "detail": "You do not have permission to perform this action."
    }


async def test_session_user_needs_agreement(async_client, live_db):
    user = await sync_to_async(UserFactory)()
    await async_client.aforce_login(user)

    response = await async_client.post(
        f"{API}/addons/addon/", {}, content_type="application/json"
    )

    assert response.status_code == 403
    assert "developer agreement" in body_of(response)["detail"]


# --- Versions ----------------------------------------------------------------


async def test_post_version_and_read_it(async_client, developer):
    addon = await sync_to_async(public_addon_of)(developer)
    upload_uuid = await uploaded(async_client, developer, xpi(version="2.0"))

    created = await async_client.post(
        f"{API}/addons/addon/{addon.slug}/versions/",
        {"upload": upload_uuid, "release_notes": {"en-US": "Faster."}},
        content_type="application/json",
        headers=auth(developer),
    )
    version_id = body_of(created)["id"]
    url = f"{API}/addons/addon/tidy@example.com/versions/{version_id}/"
    as_author = await async_client.get(url, headers=auth(developer))
    anonymous = await async_client.get(url)

    assert created.status_code == 201, created.content
    assert body_of(created)["channel"] == "unlisted"
    data = body_of(as_author)
    assert as_author.status_code == 200
    assert data["file"]["status"] == "public"
    assert data["release_notes"] == {"en-US": "Faster."}
    assert data["is_disabled"] is False
    assert data["approval_notes"] == ""
    assert data["source"] is None
    assert as_author["Cache-Control"] == "private, no-store"
    # Anonymous clients get only public listed versions.
    assert anonymous.status_code == 404


async def test_hidden_addon_versions(async_client, developer):
    upload_uuid = await uploaded(async_client, developer, xpi(guid=None))
    created = await async_client.post(
        f"{API}/addons/addon/",
        {"version": {"upload": upload_uuid}},
        content_type="application/json",
        headers=auth(developer),
    )
    data = body_of(created)
    url = f"{API}/addons/addon/{data['id']}/versions/{data['version']['id']}/"
    other = await sync_to_async(make_developer)()
    other.api_key = await sync_to_async(make_api_key)(other)

    anonymous = await async_client.get(url)
    stranger = await async_client.get(url, headers=auth(other))
    author = await async_client.get(url, headers=auth(developer))
    listing = await async_client.get(
        f"{API}/addons/addon/{data['id']}/versions/?filter=all_with_unlisted",
        headers=auth(developer),
    )

    assert anonymous.status_code == 401
    assert stranger.status_code == 403
    assert author.status_code == 200
    assert body_of(listing)["count"] == 1


async def test_patch_version_fields(async_client, developer):
    addon = await sync_to_async(public_addon_of)(developer)
    version_id = addon.current_version_id

    response = await async_client.patch(
        f"{API}/addons/addon/{addon.pk}/versions/{version_id}/",
        {"approval_notes": "Run make.", "is_disabled": True},
        content_type="application/json",
        headers=auth(developer),
    )

    assert response.status_code == 200, response.content
    data = body_of(response)
    assert data["approval_notes"] == "Run make."
    assert data["is_disabled"] is True
    assert data["file"]["status"] == "disabled"


async def test_patch_source_archive(async_client, developer):
    addon = await sync_to_async(public_addon_of)(developer)
    url = f"{API}/addons/addon/{addon.pk}/versions/{addon.current_version_id}/"
    archive = b"PK\x05\x06" + b"\x00" * 18

    response = await async_client.patch(
        url,
        headers=auth(developer),
        **multipart_of({"source": SimpleUploadedFile("src.zip", archive)}),
    )
    bad = await async_client.patch(
        url,
        headers=auth(developer),
        **multipart_of({"source": SimpleUploadedFile("src.exe", b"MZ")}),
    )

    assert response.status_code == 200, response.content
    source_url = body_of(response)["source"]
    assert source_url.startswith(settings.SITE_URL)
    assert bad.status_code == 400
    assert "Unsupported file type" in body_of(bad)["source"][0]
    version = await Version.objects.aget(pk=addon.current_version_id)
    with version.source.open("rb") as stored:
        assert stored.read() == archive
    assert version.source.name.startswith(f"sources/{addon.pk}/{version.pk}/")
    assert await ActivityLog.objects.filter(
        addon=addon, action=Activity.UPLOAD_SOURCE
    ).aexists()

    path = source_url.removeprefix(settings.SITE_URL)
    download = await async_client.get(path, headers=auth(developer))
    anonymous = await async_client.get(path)
    assert download.status_code == 200
    assert b"".join([chunk async for chunk in download.streaming_content]) == archive
    assert anonymous.status_code == 404


def multipart_of(data: dict[str, Any]) -> dict[str, Any]:
    """Return the arguments that send `data` as a multipart PATCH body; the
    test client encodes multipart for POST only."""
    return {
        "data": encode_multipart(BOUNDARY, data),
        "content_type": MULTIPART_CONTENT,
    }


async def test_delete_version(async_client, developer):
    addon = await sync_to_async(public_addon_of)(developer)
    url = f"{API}/addons/addon/{addon.pk}/versions/{addon.current_version_id}/"

    deleted = await async_client.delete(url, headers=auth(developer))
    again = await async_client.get(url, headers=auth(developer))

    assert deleted.status_code == 204
    assert again.status_code == 404
    addon = await Addon.objects.aget(pk=addon.pk)
    assert addon.status == AddonStatus.INCOMPLETE


async def test_rate_limit(async_client, developer, settings):
    settings.API_THROTTLE_RATES = {"upload": "1/hour"}
    client = redis.get_client()
    keys = await client.keys(f"throttle:upload:{developer.pk}:*")
    if keys:
        await client.delete(*keys)

    first = await upload_package(async_client, developer, xpi())
    second = await upload_package(async_client, developer, xpi())

    assert first.status_code == 201
    assert second.status_code == 429
    assert int(second["Retry-After"]) > 0
    assert body_of(second)["detail"].startswith("Request was throttled.")


async def test_channel_of_upload_is_kept(async_client, developer):
    upload_uuid = await uploaded(async_client, developer, xpi(), channel="listed")

    upload = await FileUpload.objects.aget(uuid=upload_uuid)

    assert upload.channel == Channel.LISTED


async def test_listed_upload_waits_then_reviewer_publishes(async_client, developer):
    from amo.versions import actions

    upload_uuid = await uploaded(async_client, developer, xpi(), channel="listed")
    body = {**LISTED_METADATA, "version": {"upload": upload_uuid, "license": "MIT"}}
    created = body_of(
        await put_addon(async_client, developer, "tidy@example.com", body)
    )
    url = f"{API}/addons/addon/tidy@example.com/versions/{created['version']['id']}/"

    before = body_of(await async_client.get(url, headers=auth(developer)))
    version = await Version.objects.aget(pk=created["version"]["id"])
    await actions.apublish_version(version, reviewer=None)
    after = body_of(await async_client.get(url, headers=auth(developer)))
    public = await async_client.get(url)

    assert before["file"]["status"] == "unreviewed"
    assert after["file"]["status"] == "public"
    assert public.status_code == 200
    assert body_of(public)["file"]["status"] == "public"
