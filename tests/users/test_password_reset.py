"""Resetting a forgotten password through a mailed link."""

import pytest
from asgiref.sync import sync_to_async
from django.core import mail

from amo.users.models import User
from tests.users.helpers import log_in, mailed_links, path_of

RESET = "/en-US/firefox/users/pwreset/"


@pytest.fixture
async def user(live_db):
    return await sync_to_async(User.objects.create_user)(
        email="forgetful@example.com", username="forgetful", password="old-Secret-123"
    )


async def test_reset_sets_new_password(user, async_client):
    sent = await async_client.post(RESET, {"email": "Forgetful@Example.com"})
    assert sent.status_code == 200
    assert "Check your mail" in sent.content.decode()
    [link] = mailed_links("forgetful@example.com")
    assert "works for 24 hours" in mail.outbox[0].body

    form = await async_client.get(path_of(link))
    assert form.status_code == 200
    assert 'name="password"' in form.content.decode()

    weak = await async_client.post(path_of(link), {"password": "123"})
    assert "This password is too short." in weak.content.decode()

    done = await async_client.post(path_of(link), {"password": "new-Secret-456"})
    assert done.status_code == 200
    assert "Your password is changed" in done.content.decode()

    used = await async_client.get(path_of(link))
    assert used.status_code == 400

    old = await log_in(async_client, "forgetful@example.com", "old-Secret-123")
    assert "password is wrong" in old.content.decode()
    new = await log_in(async_client, "forgetful@example.com", "new-Secret-456")
    assert new.status_code == 302


async def test_unknown_address_gets_same_page(live_db, async_client):
    response = await async_client.post(RESET, {"email": "nobody@example.com"})
    assert response.status_code == 200
    assert "If an account uses nobody@example.com" in response.content.decode()
    assert mail.outbox == []


async def test_bad_reset_links_are_rejected(user, async_client):
    for path in (
        f"{RESET}MQ/bad-token/",
        f"{RESET}!!!/bad-token/",
        f"{RESET}OTk5OTk5OTk5OTk5OTk5OTk5OTk5/x-y/",
    ):
        response = await async_client.get(path)
        assert response.status_code == 400, path
        assert "This link does not work" in response.content.decode()


async def test_reset_confirms_unconfirmed_address(live_db, async_client):
    await async_client.post(
        "/en-US/firefox/users/register/",
        {"email": "late@example.com", "username": "late", "password": "a-Secret-789"},
    )
    await async_client.post(RESET, {"email": "late@example.com"})
    reset_link = [
        link for link in mailed_links("late@example.com") if "pwreset" in link
    ]
    await async_client.post(path_of(reset_link[0]), {"password": "new-Secret-456"})
    stored = await sync_to_async(User.objects.using("default").get)(
        email="late@example.com"
    )
    assert stored.email_confirmed is not None


async def test_mails_per_ip_are_limited(live_db, async_client, settings):
    settings.ACCOUNT_MAILS_PER_IP = 2
    for _ in range(2):
        response = await async_client.post(RESET, {"email": "a@example.com"})
        assert response.status_code == 200
    limited = await async_client.post(RESET, {"email": "a@example.com"})
    assert limited.status_code == 429
    assert "Too many mails were requested" in limited.content.decode()
