"""Pages and downloads accept GET and HEAD only; posts need a CSRF token."""

import json

import pytest
from asgiref.sync import sync_to_async
from django.middleware.csrf import CSRF_ALLOWED_CHARS
from django.test import AsyncClient, RequestFactory
from django.utils.crypto import get_random_string

from amo.core import views
from amo.core.db import capture_queries
from tests.factories import AddonFactory, UserFactory, store_package
from tests.pages.helpers import inline_code, translated

CSRF_FAILURE_VIEW = "amo.core.views.csrf_failure"
# Redirects to the package of the add-on's current version.
LATEST = "/firefox/downloads/latest/posted/"


def build_pages() -> list[str]:
    """Create one add-on with every page, and return the paths of the pages."""
    author = UserFactory(username="poster")
    addon = AddonFactory(
        slug="posted",
        privacy_policy={"en-US": "Private."},
        eula={"en-US": "Be kind."},
        authors=[author],
        categories=["tabs"],
        tags=["privacy"],
    )
    file = store_package(addon.current_version.file, b"PK\x03\x04 package")
    prefix = "/en-US/firefox"
    return [
        f"{prefix}/",
        f"{prefix}/addon/posted/",
        f"{prefix}/addon/posted/versions/",
        f"{prefix}/addon/posted/privacy/",
        f"{prefix}/addon/posted/eula/",
        f"{prefix}/addon/posted/license/{addon.current_version.version}/",
        f"{prefix}/extensions/",
        f"{prefix}/extensions/tabs/",
        f"{prefix}/tag/privacy/",
        f"{prefix}/search/?q=posted",
        f"{prefix}/user/{author.pk}/",
        f"/firefox/downloads/file/{file.pk}/{file.filename}",
    ]


def csrf_client() -> tuple[AsyncClient, dict[str, str]]:
    """Return a client that enforces CSRF and the header of a valid token."""
    client = AsyncClient(enforce_csrf_checks=True)
    secret = get_random_string(32, CSRF_ALLOWED_CHARS)
    client.cookies["csrftoken"] = secret
    return client, {"X-CSRFToken": secret}


async def test_pages_accept_get_and_head(live_db):
    paths = await sync_to_async(build_pages)()
    client, _ = csrf_client()

    for path in paths:
        get = await client.get(path)
        # Closing the download's streaming response closes its file.
        get.close()
        head = await client.head(path)
        assert get.status_code == 200, path
        assert head.status_code == 200, path
    latest = await client.head(LATEST)
    assert latest.status_code == 302


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
async def test_pages_reject_other_methods(live_db, method):
    paths = await sync_to_async(build_pages)()
    client, token = csrf_client()

    for path in [*paths, LATEST]:
        # The token is valid, so the request passes CSRF and reaches the view.
        response = await getattr(client, method)(path, headers=token)
        assert response.status_code == 405, path
        assert response["Allow"] == "GET, HEAD", path


async def test_post_without_token_is_rejected_first(live_db, settings):
    settings.CSRF_FAILURE_VIEW = CSRF_FAILURE_VIEW
    paths = await sync_to_async(build_pages)()
    client, _ = csrf_client()

    for path in paths:
        with capture_queries() as queries:
            response = await client.post(path, {"name": "x"})
        assert response.status_code == 403, path
        # CsrfViewMiddleware rejects the request before the view queries.
        assert queries.count == 0, path


async def test_csrf_failure_page_uses_layout(live_db, settings):
    settings.CSRF_FAILURE_VIEW = CSRF_FAILURE_VIEW
    client, _ = csrf_client()

    response = await client.post("/de/firefox/addon/posted/", {"name": "x"})

    html = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="de" dir="ltr">' in html
    assert 'class="site-header"' in html
    assert f"<h1>{translated('de', 'Request rejected')}</h1>" in html
    assert 'href="/de/firefox/"' in html
    assert inline_code(html) == []


def test_csrf_failure_of_api_is_json():
    request = RequestFactory().post("/api/v5/addons/")

    response = views.csrf_failure(request, reason="CSRF cookie not set.")

    assert response.status_code == 403
    assert json.loads(response.content) == {
        "detail": "CSRF failed: CSRF cookie not set."
    }
