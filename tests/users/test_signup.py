"""Signing up, confirming the address, logging in and out."""

from asgiref.sync import sync_to_async
from django.contrib.auth.hashers import identify_hasher
from django.core import mail

from amo.users.models import User
from tests.users.helpers import log_in, mailed_links, path_of, register


async def get_user(email: str) -> User:
    return await sync_to_async(User.objects.using("default").get)(email=email)


async def test_register_page_renders(live_db, async_client):
    response = await async_client.get("/en-US/firefox/users/register/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "csrfmiddlewaretoken" in html
    assert 'name="username"' in html
    assert "no-cache" in response["Cache-Control"]


async def test_signup_needs_confirmation(live_db, async_client):
    response = await register(async_client)
    assert response.status_code == 200
    assert "Check your mail" in response.content.decode()

    user = await get_user("new@example.com")
    assert user.username == "newbie"
    assert user.email_confirmed is None
    assert identify_hasher(user.password).algorithm == "argon2"

    links = mailed_links("new@example.com")
    assert len(links) == 1
    assert "/en-US/firefox/users/confirm/" in links[0]
    assert "works for 3 days" in mail.outbox[0].body

    refused = await log_in(async_client)
    assert "Confirm your email address first" in refused.content.decode()
    assert (await async_client.get("/en-US/firefox/users/edit/")).status_code == 302

    confirmed = await async_client.get(path_of(links[0]))
    assert confirmed.status_code == 200
    assert "Your email address is confirmed" in confirmed.content.decode()
    assert (await get_user("new@example.com")).email_confirmed is not None

    again = await async_client.get(path_of(links[0]))
    assert again.status_code == 200

    logged_in = await log_in(async_client, next="/en-US/firefox/users/edit/")
    assert logged_in.status_code == 302
    assert logged_in["Location"] == "/en-US/firefox/users/edit/"
    home = await async_client.get("/en-US/firefox/")
    html = home.content.decode()
    assert "Log out" in html
    assert "newbie" in html
    assert (await get_user("new@example.com")).last_login is not None


async def test_signup_rejects_bad_input(live_db, async_client):
    await sync_to_async(User.objects.create_user)(
        email="taken@example.com", username="taken", password="x-Secret-123"
    )
    response = await register(
        async_client, email="TAKEN@example.com", username="Taken", password="12345678"
    )
    html = response.content.decode()
    assert "An account with this email address exists already." in html
    assert "This username is taken." in html
    assert "This password is entirely numeric." in html
    assert mail.outbox == []


async def test_signup_rejects_reserved_username(live_db, async_client):
    response = await register(async_client, username="anonymous-abc")
    assert "are reserved" in response.content.decode()


async def test_confirm_rejects_bad_token(live_db, async_client):
    response = await async_client.get("/en-US/firefox/users/confirm/nonsense/")
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()


async def test_confirm_rejects_expired_token(live_db, async_client, settings):
    await register(async_client)
    link = mailed_links("new@example.com")[0]
    settings.EMAIL_CONFIRMATION_SECONDS = -1
    response = await async_client.get(path_of(link))
    assert response.status_code == 400
    assert "has expired" in response.content.decode()


async def test_resend_sends_new_link(live_db, async_client):
    await register(async_client)
    response = await async_client.post(
        "/en-US/firefox/users/confirm/resend/", {"email": "NEW@example.com"}
    )
    assert response.status_code == 200
    assert len(mailed_links("new@example.com")) == 2


async def test_resend_ignores_confirmed_accounts(live_db, async_client):
    await sync_to_async(User.objects.create_user)(
        email="done@example.com", username="done", password="x-Secret-123"
    )
    response = await async_client.post(
        "/en-US/firefox/users/confirm/resend/", {"email": "done@example.com"}
    )
    assert response.status_code == 200
    assert mail.outbox == []


async def test_wrong_password_is_rejected(live_db, async_client):
    await sync_to_async(User.objects.create_user)(
        email="user@example.com", username="user", password="x-Secret-123"
    )
    response = await log_in(async_client, email="user@example.com", password="nope")
    assert response.status_code == 200
    assert "The email address or the password is wrong." in response.content.decode()


async def test_login_rejects_unsafe_next(live_db, async_client):
    await sync_to_async(User.objects.create_user)(
        email="user@example.com", username="user", password="x-Secret-123"
    )
    response = await log_in(
        async_client,
        email="user@example.com",
        password="x-Secret-123",
        next="https://evil.example/",
    )
    assert response.status_code == 302
    assert response["Location"] == "/en-US/firefox/"


async def test_logout_needs_post(live_db, async_client):
    user = await sync_to_async(User.objects.create_user)(
        email="user@example.com", username="user", password="x-Secret-123"
    )
    await async_client.aforce_login(user)
    assert (await async_client.get("/en-US/firefox/users/logout/")).status_code == 405
    response = await async_client.post("/en-US/firefox/users/logout/")
    assert response.status_code == 302
    page = await async_client.get("/en-US/firefox/users/edit/")
    assert page.status_code == 302
    assert page["Location"].startswith("/en-US/firefox/users/login/?next=")


async def test_header_links_for_anonymous(live_db, async_client):
    html = (await async_client.get("/en-US/firefox/")).content.decode()
    assert 'href="/en-US/firefox/users/register/"' in html
    assert "/en-US/firefox/users/login/?next=%2Fen-US%2Ffirefox%2F" in html


async def test_unprefixed_login_url_redirects(live_db, async_client, settings):
    response = await async_client.get(settings.LOGIN_URL + "?next=/x/")
    assert response.status_code in (301, 302)
    assert response["Location"].startswith("/en-US/firefox/users/login/")
    assert "next=%2Fx%2F" in response["Location"]
