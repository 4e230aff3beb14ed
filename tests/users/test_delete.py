"""Deleting one's own account."""

import pytest
from asgiref.sync import sync_to_async

from amo.addons.models import Addon, AddonUser
from amo.core.constants import AddonStatus, AuthorRole
from amo.devhub.models import Activity, ActivityLog
from amo.users.actions import anonymous_username
from amo.users.models import APIKey, User
from tests.factories import AddonFactory, UserFactory

DELETE = "/en-US/firefox/users/delete/"


@pytest.fixture
async def user(live_db):
    return await sync_to_async(User.objects.create_user)(
        email="gone@example.com",
        username="gone",
        password="x-Secret-123",
        display_name="Gone Soon",
        homepage="https://gone.example",
        biography="Bio",
    )


@pytest.fixture
async def client(user, async_client):
    await async_client.aforce_login(user)
    return async_client


def build_addons(user):
    solo = AddonFactory(slug="solo-addon", authors=[user])
    shared = AddonFactory(slug="shared-addon", authors=[user])
    partner = UserFactory(username="partner")
    AddonUser.objects.create(
        addon=shared, user=partner, role=AuthorRole.DEVELOPER, position=1
    )
    APIKey.objects.create(user=user, key=f"user:{user.pk}:x", secret="s")
    return solo, shared, partner


async def test_delete_needs_password(user, client):
    response = await client.post(DELETE, {"password": "wrong", "confirm": "on"})
    assert response.status_code == 400
    assert "The password is wrong." in response.content.decode()
    stored = await sync_to_async(User.objects.using("default").get)(pk=user.pk)
    assert not stored.deleted


async def test_delete_anonymises_and_removes_author(user, client):
    solo, shared, partner = await sync_to_async(build_addons)(user)
    assert (await client.get(f"/en-US/firefox/addon/{solo.slug}/")).status_code == 200

    response = await client.post(DELETE, {"password": "x-Secret-123", "confirm": "on"})
    assert response.status_code == 200
    assert "Your account is deleted" in response.content.decode()

    def check():
        stored = User.objects.using("default").get(pk=user.pk)
        assert stored.deleted
        assert stored.email == f"deleted-{user.pk}@users.invalid"
        assert stored.username == anonymous_username(user.pk)
        assert stored.display_name == ""
        assert stored.homepage == ""
        assert stored.biography == ""
        assert not stored.has_usable_password()
        assert not stored.is_active
        assert (
            not APIKey.objects.using("default")
            .filter(user=stored, is_active=True)
            .exists()
        )
        addons = Addon.objects.using("default")
        assert addons.get(pk=solo.pk).status == AddonStatus.DELETED
        assert addons.get(pk=shared.pk).status == AddonStatus.PUBLIC
        assert not AddonUser.objects.using("default").filter(user=stored).exists()
        heir = AddonUser.objects.using("default").get(addon=shared)
        assert heir.user_id == partner.pk
        assert heir.role == AuthorRole.OWNER
        logged = ActivityLog.objects.using("default").filter(addon=solo)
        assert logged.filter(action=Activity.DELETE_ADDON).exists()

    await sync_to_async(check)()
    # The add-on page reads the cache, which the deletion cleared.
    gone = await client.get(f"/en-US/firefox/addon/{solo.slug}/")
    assert gone.status_code == 404
    assert (await client.get("/en-US/firefox/users/edit/")).status_code == 302
    login = await client.post(
        "/en-US/firefox/users/login/",
        {"email": "gone@example.com", "password": "x-Secret-123"},
    )
    assert "The email address or the password is wrong." in login.content.decode()
