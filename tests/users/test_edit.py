"""Editing one's own profile, photo and email address."""

import io
from pathlib import Path

import pytest
from asgiref.sync import sync_to_async
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from amo.users import pictures
from amo.users.models import User
from tests.factories import AddonFactory
from tests.users.helpers import mailed_links, path_of

EDIT = "/en-US/firefox/users/edit/"


def image_bytes(format: str = "PNG", size=(300, 200), frames: int = 1) -> bytes:
    buffer = io.BytesIO()
    images = [Image.new("RGB", size, colour) for colour in ("red", "blue")[:frames]]
    if frames > 1:
        images[0].save(buffer, format=format, save_all=True, append_images=images[1:])
    else:
        images[0].save(buffer, format=format)
    return buffer.getvalue()


@pytest.fixture
async def user(live_db):
    return await sync_to_async(User.objects.create_user)(
        email="me@example.com",
        username="me",
        password="x-Secret-123",
        display_name="Me",
    )


@pytest.fixture
async def client(user, async_client):
    await async_client.aforce_login(user)
    return async_client


async def stored(pk: int) -> User:
    return await sync_to_async(User.objects.using("default").get)(pk=pk)


def profile_data(**changes):
    data = {
        "display_name": "Me",
        "username": "me",
        "homepage": "",
        "biography": "",
    }
    data.update(changes)
    return data


async def test_anonymous_is_sent_to_log_in(live_db, async_client):
    for path in (
        EDIT,
        "/en-US/firefox/users/delete/",
        "/en-US/firefox/users/api-keys/",
    ):
        response = await async_client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == (
            "/en-US/firefox/users/login/?next=" + path.replace("/", "%2F")
        )


async def test_anonymous_post_changes_nothing(user, async_client):
    response = await async_client.post(EDIT, profile_data(display_name="Hacked"))
    assert response.status_code == 302
    assert (await stored(user.pk)).display_name == "Me"


async def test_edit_saves_own_profile(user, client):
    page = await client.get(EDIT)
    assert page.status_code == 200
    assert 'value="Me"' in page.content.decode()

    response = await client.post(
        EDIT,
        profile_data(
            display_name="New Name",
            username="renamed",
            homepage="https://me.example/",
            biography="Hello",
        ),
    )
    assert response.status_code == 302
    saved = await stored(user.pk)
    assert saved.display_name == "New Name"
    assert saved.username == "renamed"
    assert saved.homepage == "https://me.example/"
    assert saved.biography == "Hello"
    after = (await client.get(EDIT)).content.decode()
    assert "Your profile is saved." in after


async def test_edit_cannot_target_another_user(user, client):
    other = await sync_to_async(User.objects.create_user)(
        email="other@example.com", username="other", password="x-Secret-123"
    )
    await client.post(
        EDIT + f"?user={other.pk}", profile_data(id=str(other.pk), display_name="X")
    )
    assert (await stored(other.pk)).display_name == ""
    assert (await stored(user.pk)).display_name == "X"


@pytest.mark.parametrize(
    ("homepage", "valid"),
    [
        ("http://me.example", True),
        ("https://me.example/path", True),
        ("javascript:alert(1)", False),
        ("ftp://me.example/", False),
    ],
)
async def test_homepage_must_be_http(user, client, homepage, valid):
    response = await client.post(EDIT, profile_data(homepage=homepage))
    assert (response.status_code == 302) is valid
    saved = await stored(user.pk)
    assert (saved.homepage == homepage) is valid


async def test_username_must_be_free(user, client):
    await sync_to_async(User.objects.create_user)(
        email="other@example.com", username="other", password="x-Secret-123"
    )
    response = await client.post(EDIT, profile_data(username="OTHER"))
    assert response.status_code == 400
    assert "This username is taken." in response.content.decode()


async def test_photo_is_resized_and_shown(user, client, settings):
    # The profile page is public once the user authors a listed add-on.
    await sync_to_async(AddonFactory)(authors=[user])
    upload = SimpleUploadedFile("me.png", image_bytes(), content_type="image/png")
    response = await client.post(EDIT, {**profile_data(), "photo": upload})
    assert response.status_code == 302

    saved = await stored(user.pk)
    assert saved.picture_hash
    media = Path(settings.MEDIA_ROOT)
    for size in pictures.PICTURE_SIZES:
        with Image.open(media / pictures.picture_path(user.pk, size)) as image:
            assert image.size == (size, size)
    assert not pictures.upload_path(user.pk).exists()

    profile = (await client.get(f"/en-US/firefox/user/{user.pk}/")).content.decode()
    assert f'src="{saved.picture_url(200)}"' in profile

    removed = await client.post("/en-US/firefox/users/edit/photo/delete/")
    assert removed.status_code == 302
    assert (await stored(user.pk)).picture_hash == ""
    assert not (media / pictures.picture_path(user.pk, 200)).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (image_bytes("GIF"), "must be a PNG or JPEG"),
        (image_bytes("PNG", frames=2), "Animated images"),
        (b"not an image", "must be a PNG or JPEG"),
    ],
)
async def test_photo_is_checked(user, client, data, message):
    upload = SimpleUploadedFile("me.png", data, content_type="image/png")
    response = await client.post(EDIT, {**profile_data(), "photo": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert (await stored(user.pk)).picture_hash == ""


async def test_photo_over_4mb_is_rejected(user, client, monkeypatch):
    monkeypatch.setattr(pictures, "MAX_PICTURE_BYTES", 100)
    upload = SimpleUploadedFile("me.png", image_bytes(), content_type="image/png")
    response = await client.post(EDIT, {**profile_data(), "photo": upload})
    assert response.status_code == 400
    assert "larger than 4 MB" in response.content.decode()


async def test_email_change_is_confirmed_from_new_address(user, client):
    response = await client.post(
        "/en-US/firefox/users/edit/email/",
        {"email": "New@Example.com", "password": "x-Secret-123"},
    )
    assert response.status_code == 302
    assert (await stored(user.pk)).email == "me@example.com"

    notice = [message for message in mail.outbox if message.to == ["me@example.com"]]
    assert len(notice) == 1
    assert "new@example.com" in notice[0].body
    links = mailed_links("new@example.com")
    assert len(links) == 1

    confirmed = await client.get(path_of(links[0]))
    assert confirmed.status_code == 200
    assert (await stored(user.pk)).email == "new@example.com"
    assert "Your email address is changed" in confirmed.content.decode()


async def test_email_change_needs_password(user, client):
    response = await client.post(
        "/en-US/firefox/users/edit/email/",
        {"email": "new@example.com", "password": "wrong"},
    )
    assert response.status_code == 400
    assert "The password is wrong." in response.content.decode()
    assert mail.outbox == []


async def test_email_change_link_fails_when_taken(user, client):
    await client.post(
        "/en-US/firefox/users/edit/email/",
        {"email": "new@example.com", "password": "x-Secret-123"},
    )
    await sync_to_async(User.objects.create_user)(
        email="new@example.com", username="fast", password="x-Secret-123"
    )
    response = await client.get(path_of(mailed_links("new@example.com")[0]))
    assert response.status_code == 400
    assert "Another account uses this address now." in response.content.decode()
    assert (await stored(user.pk)).email == "me@example.com"


async def test_own_profile_shows_without_addons(user, client, async_client):
    response = await client.get(f"/en-US/firefox/user/{user.pk}/")
    assert response.status_code == 200
    assert "Edit your profile" in response.content.decode()


def test_resize_job_without_upload_does_nothing(db):
    from workers.users import resize_picture

    assert resize_picture.apply(args=(12345,)).get() == ""
