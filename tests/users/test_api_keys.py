"""The API keys page and the createapikey command."""

import re
from io import StringIO

import pytest
from asgiref.sync import sync_to_async
from django.core.management import CommandError, call_command

from amo.users.models import APIKey, User

KEYS = "/en-US/firefox/users/api-keys/"


@pytest.fixture
async def user(live_db):
    return await sync_to_async(User.objects.create_user)(
        email="dev@example.com", username="dev", password="x-Secret-123"
    )


@pytest.fixture
async def client(user, async_client):
    await async_client.aforce_login(user)
    return async_client


def active_keys(user_id: int) -> list[APIKey]:
    return list(APIKey.objects.using("default").filter(user_id=user_id, is_active=True))


async def test_agreement_comes_first(user, client):
    page = (await client.get(KEYS)).content.decode()
    assert "Accept the agreement" in page
    assert "Generate a key" not in page

    refused = await client.post(KEYS, {"action": "generate"})
    assert refused.status_code == 302
    assert await sync_to_async(active_keys)(user.pk) == []

    accepted = await client.post(KEYS, {"action": "accept"})
    assert accepted.status_code == 302
    stored = await sync_to_async(User.objects.using("default").get)(pk=user.pk)
    assert stored.read_dev_agreement is not None
    assert "Generate a key" in (await client.get(KEYS)).content.decode()


async def test_generate_shows_secret_once(user, client):
    await client.post(KEYS, {"action": "accept"})
    response = await client.post(KEYS, {"action": "generate"})
    html = response.content.decode()
    [key] = await sync_to_async(active_keys)(user.pk)
    assert key.key.startswith(f"user:{user.pk}:")
    assert key.key in html
    assert key.secret in html
    assert "no-store" in response["Cache-Control"]

    later = (await client.get(KEYS)).content.decode()
    assert key.key in later
    assert key.secret not in later


async def test_regenerate_and_revoke(user, client):
    await client.post(KEYS, {"action": "accept"})
    await client.post(KEYS, {"action": "generate"})
    [first] = await sync_to_async(active_keys)(user.pk)
    await client.post(KEYS, {"action": "generate"})
    [second] = await sync_to_async(active_keys)(user.pk)
    assert second.key != first.key
    old = await sync_to_async(APIKey.objects.using("default").get)(pk=first.pk)
    assert not old.is_active
    assert old.revoked is not None

    response = await client.post(KEYS, {"action": "revoke"})
    assert response.status_code == 302
    assert await sync_to_async(active_keys)(user.pk) == []
    assert "You have no API key." in (await client.get(KEYS)).content.decode()


@pytest.mark.django_db
def test_createapikey_creates_user():
    out = StringIO()
    call_command("createapikey", "New.Dev+x@Example.com", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert re.fullmatch(r"key: user:\d+:[0-9a-f]{8}", lines[0])
    assert re.fullmatch(r"secret: [0-9a-f]{64}", lines[1])
    user = User.objects.using("default").get(email="new.dev+x@example.com")
    assert user.username == "new.dev-x"
    assert not user.has_usable_password()
    assert user.read_dev_agreement is not None
    [key] = APIKey.objects.using("default").filter(user=user, is_active=True)
    assert lines[0] == f"key: {key.key}"
    assert lines[1] == f"secret: {key.secret}"


@pytest.mark.django_db
def test_createapikey_revokes_previous_key():
    User.objects.create_user(email="dev@example.com", username="dev", password="x")
    call_command("createapikey", "dev@example.com", stdout=StringIO())
    call_command("createapikey", "dev@example.com", stdout=StringIO())
    keys = APIKey.objects.using("default").filter(user__email="dev@example.com")
    assert keys.count() == 2
    assert keys.filter(is_active=True).count() == 1


@pytest.mark.django_db
def test_createapikey_avoids_taken_username():
    User.objects.create_user(email="a@example.com", username="dev", password="x")
    call_command("createapikey", "dev@other.example", stdout=StringIO())
    user = User.objects.using("default").get(email="dev@other.example")
    assert user.username == "dev-2"


@pytest.mark.django_db
@pytest.mark.parametrize("email", ["not-an-email", "", "a@b@c"])
def test_createapikey_rejects_invalid_email(email):
    with pytest.raises(CommandError, match="is not a valid email address"):
        call_command("createapikey", email, stdout=StringIO())
