"""GET /api/v5/accounts/profile/ and /accounts/account/<id or username>/."""

import json

import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth.models import Group

from amo.core.constants import AddonStatus, AddonType
from amo.users.permissions import REVIEWERS
from tests.api.auth_helpers import jwt_headers, make_api_key, make_developer
from tests.factories import AddonFactory, UserFactory

PROFILE = "/api/v5/accounts/profile/"
PUBLIC_FIELDS = {
    "id",
    "name",
    "username",
    "url",
    "average_addon_rating",
    "biography",
    "created",
    "has_anonymous_display_name",
    "has_anonymous_username",
    "homepage",
    "is_addon_developer",
    "is_artist",
    "location",
    "num_addons_listed",
    "occupation",
    "picture_type",
    "picture_url",
}
PRIVATE_FIELDS = {
    "deleted",
    "display_name",
    "email",
    "fxa_edit_email_url",
    "last_login",
    "last_login_ip",
    "permissions",
    "read_dev_agreement",
    "site_status",
}


def account_path(key) -> str:
    return f"/api/v5/accounts/account/{key}/"


@pytest.fixture
def developer(db):
    user = make_developer(display_name="Ada", username="ada")
    AddonFactory(authors=[user], average_rating=4.0)
    AddonFactory(authors=[user], average_rating=3.0, type=AddonType.STATICTHEME)
    AddonFactory(authors=[user], status=AddonStatus.NOMINATED, average_rating=1.0)
    return user


async def get_json(client, path, **headers):
    response = await client.get(path, headers=headers)
    assert response["Content-Type"] == "application/json"
    return response, json.loads(response.content)


async def test_profile_with_jwt(async_client, live_db, developer):
    api_key = await sync_to_async(make_api_key)(developer)

    response, body = await get_json(async_client, PROFILE, **jwt_headers(api_key))

    assert response.status_code == 200
    assert set(body) == PUBLIC_FIELDS | PRIVATE_FIELDS
    assert body["id"] == developer.pk
    assert body["email"] == developer.email
    assert body["num_addons_listed"] == 2
    assert body["average_addon_rating"] == 3.5
    assert body["is_addon_developer"] is True
    assert body["is_artist"] is True
    assert body["permissions"] == []
    assert body["read_dev_agreement"].endswith("Z")
    assert "no-store" in response["Cache-Control"]


async def test_profile_lists_reviewer_permission(async_client, live_db):
    user = await sync_to_async(make_developer)()
    group, _ = await Group.objects.aget_or_create(name=REVIEWERS)
    await user.groups.aadd(group)
    api_key = await sync_to_async(make_api_key)(user)

    _, body = await get_json(async_client, PROFILE, **jwt_headers(api_key))

    assert body["permissions"] == ["Addons:Review"]
    assert body["is_addon_developer"] is False


async def test_profile_needs_credentials(async_client, live_db):
    response, body = await get_json(async_client, PROFILE)

    assert response.status_code == 401
    assert body["detail"] == "Authentication credentials were not provided."


async def test_account_of_developer_is_public(async_client, live_db, developer):
    for key in (developer.pk, developer.username):
        response, body = await get_json(async_client, account_path(key))

        assert response.status_code == 200
        assert set(body) == PUBLIC_FIELDS
        assert body["name"] == "Ada"
        assert body["url"].endswith(f"/user/{developer.pk}/")


async def test_account_of_non_developer_is_404(async_client, live_db):
    user = await sync_to_async(UserFactory)()

    response, body = await get_json(async_client, account_path(user.pk))

    assert response.status_code == 404
    assert body == {"detail": "Not found."}


async def test_owner_sees_own_account(async_client, live_db):
    user = await sync_to_async(make_developer)()
    api_key = await sync_to_async(make_api_key)(user)

    response, body = await get_json(
        async_client, account_path(user.pk), **jwt_headers(api_key)
    )

    assert response.status_code == 200
    assert body["email"] == user.email


async def test_deleted_account_is_404(async_client, live_db, developer):
    developer.deleted = True
    await developer.asave(update_fields=["deleted"])

    response, _ = await get_json(async_client, account_path(developer.pk))

    assert response.status_code == 404


async def test_unknown_account_is_404(async_client, live_db):
    # Past 4300 digits int() raises; "١" is an Arabic-Indic digit one.
    for key in ("nobody-here", "99999999", str(2**70), "9" * 5000, "\u0661"):
        response, _ = await get_json(async_client, account_path(key))

        assert response.status_code == 404
