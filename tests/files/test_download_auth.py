"""Downloads of packages that only authors and reviewers may fetch."""

import json

import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth.models import Group

from amo.core.constants import AddonStatus, Channel, FileStatus
from amo.users.permissions import REVIEWERS
from tests.api.auth_helpers import jwt_headers, make_api_key, make_developer
from tests.factories import AddonFactory, VersionFactory, store_package
from tests.files.test_download import PACKAGE, read_body, url_of


def build_hidden(channel: int, status: int, addon_status: int = AddonStatus.PUBLIC):
    author = make_developer()
    author.api_key = make_api_key(author)
    addon = AddonFactory(slug="hidden", authors=[author], status=addon_status)
    version = VersionFactory(
        addon=addon, version="2.0", channel=channel, file__status=status
    )
    return author, store_package(version.file, PACKAGE)


CASES = [
    pytest.param(Channel.UNLISTED, FileStatus.PUBLIC, id="unlisted"),
    pytest.param(Channel.LISTED, FileStatus.UNREVIEWED, id="unreviewed"),
    pytest.param(Channel.LISTED, FileStatus.DISABLED, id="disabled"),
]


@pytest.mark.parametrize(("channel", "status"), CASES)
async def test_hidden_file_for_author_only(live_db, async_client, channel, status):
    author, file = await sync_to_async(build_hidden)(channel, status)
    stranger = await sync_to_async(make_developer)()
    stranger.api_key = await sync_to_async(make_api_key)(stranger)

    anonymous = await async_client.get(url_of(file))
    other = await async_client.get(url_of(file), headers=jwt_headers(stranger.api_key))
    own = await async_client.get(url_of(file), headers=jwt_headers(author.api_key))

    assert anonymous.status_code == 404
    assert other.status_code == 404
    assert own.status_code == 200
    assert own["Cache-Control"] == "private, no-store"
    assert await read_body(own) == PACKAGE


async def test_hidden_file_for_reviewer_session(live_db, async_client):
    _author, file = await sync_to_async(build_hidden)(
        Channel.LISTED, FileStatus.UNREVIEWED, AddonStatus.NOMINATED
    )
    reviewer = await sync_to_async(make_developer)()
    group, _created = await Group.objects.aget_or_create(name=REVIEWERS)
    await reviewer.groups.aadd(group)
    await async_client.aforce_login(reviewer)

    response = await async_client.get(url_of(file))

    assert response.status_code == 200
    assert await read_body(response) == PACKAGE


async def test_hidden_file_wrong_name_redirects_author(live_db, async_client):
    author, file = await sync_to_async(build_hidden)(
        Channel.UNLISTED, FileStatus.PUBLIC
    )

    response = await async_client.get(
        url_of(file, "other.xpi"), headers=jwt_headers(author.api_key)
    )

    assert response.status_code == 301
    assert response["Location"] == url_of(file)


async def test_failed_jwt_is_json_401(live_db, async_client):
    _author, file = await sync_to_async(build_hidden)(
        Channel.UNLISTED, FileStatus.PUBLIC
    )

    response = await async_client.get(
        url_of(file), headers={"Authorization": "JWT not-a-token"}
    )

    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["detail"] == "Error decoding signature."


async def test_public_file_ignores_credentials(live_db, async_client):
    author, _hidden = await sync_to_async(build_hidden)(
        Channel.UNLISTED, FileStatus.PUBLIC
    )
    public = await sync_to_async(lambda: author.addonusers.get().addon)()
    file = await sync_to_async(
        lambda: store_package(public.current_version.file, PACKAGE)
    )()

    response = await async_client.get(
        url_of(file), headers={"Authorization": "JWT not-a-token"}
    )

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("public")
    assert await read_body(response) == PACKAGE
