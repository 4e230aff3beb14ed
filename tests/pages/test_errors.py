"""The error pages: localised, in the base layout, and free of the database."""

import pytest
from asgiref.sync import sync_to_async
from django.test import RequestFactory

from amo.core import templates, views
from amo.core.errors import DatabaseUnavailable
from amo.core.middleware import RequestContextMiddleware
from tests.factories import AddonFactory
from tests.pages.helpers import get_page, inline_code, translated


def prefixed_request(path: str, locale: str = "de", app: str = "firefox"):
    request = RequestFactory().get(f"/{locale}/{app}{path}")
    request.LANG = locale
    request.APP = app
    request.path_info = path
    return request


async def test_not_found_page(live_db, async_client):
    page = await get_page(async_client, "/de/firefox/no/such/page/")

    assert page.status == 404
    assert '<html lang="de" dir="ltr">' in page.html
    # Django's own German catalogue translates this heading, which shows
    # that the page's text goes through gettext in the request's locale.
    assert "<h1>Seite nicht gefunden</h1>" in page.html
    assert 'href="/de/firefox/"' in page.html
    assert 'class="site-header"' in page.html
    assert inline_code(page.html) == []
    # An unknown route is a 404 before any view runs.
    assert page.query_count == 0


GENERIC_NOT_FOUND = "The page you asked for does not exist or was moved."
ADDON_NOT_FOUND = "Sorry, we can’t find this add-on."


async def test_not_found_page_is_generic(live_db, async_client):
    page = await get_page(async_client, "/en-US/firefox/no/such/page/")

    assert page.status == 404
    assert GENERIC_NOT_FOUND in page.html
    assert "add-on" not in page.html.split('id="content"')[1].split("</main>")[0]


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/addon/missing/", ADDON_NOT_FOUND),
        ("/addon/missing/versions/", ADDON_NOT_FOUND),
        ("/addon/missing/privacy/", ADDON_NOT_FOUND),
        ("/addon/missing/license/1.0/", ADDON_NOT_FOUND),
        (
            "/addon/present/license/9.9/",
            "This version of the add-on does not exist or has no licence.",
        ),
        ("/extensions/no-such-category/", "This category does not exist."),
        ("/tag/no-such-tag/", "No add-on carries this tag."),
        ("/user/nobody/", "No author has a public profile at this address."),
        ("/addon/present/versions/?page=2", "This listing has only 1 page."),
    ],
)
async def test_not_found_page_gives_reason(live_db, async_client, path, reason):
    await sync_to_async(AddonFactory)(slug="present")

    page = await get_page(async_client, "/en-US/firefox" + path)

    assert page.status == 404
    assert reason in page.html
    assert GENERIC_NOT_FOUND not in page.html
    assert 'class="site-header"' in page.html
    if reason != ADDON_NOT_FOUND:
        assert ADDON_NOT_FOUND not in page.html


async def test_not_found_page_right_to_left(live_db, async_client):
    page = await get_page(async_client, "/he/android/no/such/page/")

    assert page.status == 404
    assert '<html lang="he" dir="rtl">' in page.html
    assert 'href="/he/android/"' in page.html


def test_server_error_page_needs_no_database():
    # No database fixture: any query here would fail the test.
    response = views.server_error(prefixed_request("/addon/x/", locale="fr"))

    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="fr" dir="ltr">' in html
    assert translated("fr", "Something went wrong") in html
    assert inline_code(html) == []


def test_not_found_handler_needs_no_database():
    response = views.not_found(prefixed_request("/missing/", locale="ar"))

    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="ar" dir="rtl">' in html


async def test_unavailable_page_on_database_outage():
    async def unused(request):
        raise AssertionError("the view must not run")

    middleware = RequestContextMiddleware(unused)
    request = prefixed_request("/extensions/", locale="pt-BR")

    response = await middleware.process_exception(
        request, DatabaseUnavailable("default", "connection refused")
    )

    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert '<html lang="pt-BR" dir="ltr">' in html
    assert translated("pt-BR", "Temporarily unavailable") in html
    assert 'href="/pt-BR/firefox/extensions/"' in html


async def test_error_templates_render_alone():
    for name, status in (
        ("errors/404.html", 404),
        ("errors/500.html", 500),
        ("errors/503.html", 503),
    ):
        response = await templates.render(
            prefixed_request("/", locale="ja"), name, status=status
        )
        assert response.status_code == status
        assert '<html lang="ja"' in response.content.decode(), name
