"""Who may open the reviewer tools, and how their pages are cached."""

from urllib.parse import parse_qs, urlsplit

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.test import AsyncClient

from tests.factories import UserFactory
from tests.pages.helpers import inline_code
from tests.reviewers.conftest import (
    DASHBOARD,
    logged_in_client,
    make_admin,
    make_pending,
    make_reviewer,
    make_user,
    queue_path,
    review_path,
)


def build_site() -> dict[str, object]:
    pending = make_pending()
    file = pending.version.file
    return {
        "pending": pending,
        "paths": [
            DASHBOARD,
            queue_path("pending"),
            queue_path("auto-approved"),
            queue_path("unlisted"),
            review_path(pending.version.pk),
            f"/en-US/firefox/reviewers/file/{file.pk}/",
        ],
    }


def assert_private(response) -> None:
    cache_control = response["Cache-Control"]
    assert "private" in cache_control
    assert "no-store" in cache_control


@pytest.fixture
async def site(live_db) -> dict[str, object]:
    return await sync_to_async(build_site)()


async def test_anonymous_redirects_to_login(site):
    client = AsyncClient()

    for path in site["paths"]:
        response = await client.get(path)

        assert response.status_code == 302, path
        location = urlsplit(response["Location"])
        assert location.path == settings.LOGIN_URL
        assert parse_qs(location.query)["next"] == [path]
        assert_private(response)


async def test_other_users_get_403(site):
    plain = await sync_to_async(UserFactory)(username="plain")
    # An author of the add-on under review is no reviewer either.
    author = site["pending"].authors[0]

    for user in (plain, author):
        client = await logged_in_client(user)
        for path in site["paths"]:
            response = await client.get(path)

            assert response.status_code == 403, (user.username, path)
            assert "Reviewers only" in response.content.decode()
            assert_private(response)


async def test_closed_reviewer_account_refused(site):
    # The session outlives the account: a reviewer whose account was
    # closed after logging in loses the tools at once.
    reviewer = await sync_to_async(make_reviewer)("former")
    client = await logged_in_client(reviewer)
    reviewer.deleted = True
    await reviewer.asave(update_fields=["deleted"])

    response = await client.get(DASHBOARD)

    assert response.status_code == 403


@pytest.mark.parametrize(
    "make",
    [
        make_reviewer,
        make_admin,
        lambda: make_user("root", is_superuser=True),
    ],
    ids=["reviewer", "admin", "superuser"],
)
async def test_reviewers_admins_and_superusers_enter(site, make, settings):
    user = await sync_to_async(make)()
    client = await logged_in_client(user)

    for path in site["paths"][:-1]:
        response = await client.get(path)

        assert response.status_code == 200, path
        assert_private(response)
        assert "Cookie" in response["Vary"]
        assert inline_code(response.content.decode()) == []


async def test_unprefixed_path_redirects():
    response = await AsyncClient().get("/reviewers/", headers={"Accept-Language": "de"})

    assert response.status_code == 301
    assert response["Location"] == "/de/firefox/reviewers/"


async def test_post_to_queue_not_allowed(site, reviewer_client):
    response = await reviewer_client.post(queue_path("pending"))

    assert response.status_code == 405


async def test_unknown_queue_is_404(reviewer_client):
    response = await reviewer_client.get(queue_path("nothing"))

    assert response.status_code == 404
    assert "This queue does not exist." in response.content.decode()
    assert_private(response)


async def test_unknown_version_is_404(reviewer_client):
    response = await reviewer_client.get(review_path(999999))

    assert response.status_code == 404
    assert "This version does not exist." in response.content.decode()
