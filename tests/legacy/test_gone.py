"""Old URLs of features that are gone: a 410 page, or JSON for the API."""

import json

import pytest
from django.utils import translation

from amo.legacy import views


@pytest.mark.parametrize(
    ("old", "reason"),
    [
        ("/top-tags", views.GONE_TOP_TAGS),
        ("/tags/top/", views.GONE_TOP_TAGS),
        ("/discovery/pane/3.6/Darwin", views.GONE_DISCOVERY),
        ("/compatibility/4.0", views.GONE_COMPATIBILITY),
        ("/performance/", views.GONE_PERFORMANCE),
        ("/localizers/fr/", views.GONE_LOCALIZERS),
    ],
)
async def test_gone_page_in_the_visitors_language(live_db, async_client, old, reason):
    for path, headers, locale in (
        (old, {"accept-language": "de"}, "de"),
        ("/fr/firefox" + old, {"accept-language": "de"}, "fr"),
        ("/ar/android" + old, {}, "ar"),
    ):
        response = await async_client.get(path, headers=headers)
        html = response.content.decode()
        assert response.status_code == 410, path
        assert response["Content-Language"] == locale, path
        assert f'<html lang="{locale}"' in html, path
        with translation.override(locale):
            home_link = translation.gettext("Go to the home page")
            assert str(reason) in html, path
        assert home_link in html, path
        app = "android" if path.startswith("/ar/") else "firefox"
        assert f'href="/{locale}/{app}/"' in html, path


async def test_gone_page_negotiated_is_private(live_db, async_client):
    response = await async_client.get("/top-tags", headers={"accept-language": "ja"})
    assert response.status_code == 410
    assert "private" in response["Cache-Control"]
    assert "Accept-Language" in response["Vary"]


async def test_gone_page_with_prefix_is_cacheable(live_db, async_client):
    response = await async_client.get("/en-US/firefox/top-tags")
    assert response.status_code == 410
    assert response["Cache-Control"] == "max-age=3600"


@pytest.mark.parametrize(
    "path",
    [
        "/api/addon/1865",
        "/api/search/tabs",
        "/api/list/featured/all/10",
        "/api/1.5/addon/1865",
        "/api/1.2/search/tabs/all/10",
        "/api/2/addons/",
        "/api/v3/addons/addon/1865/",
        "/en-US/firefox/api/1.5/search/tabs",
        "/de/firefox/api/addon/1865",
        "/en-US/firefox/api/1.5/addon/1865/",
    ],
)
async def test_old_api_is_gone_as_json(live_db, async_client, path):
    for method in (async_client.get, async_client.post):
        response = await method(path)
        assert response.status_code == 410, path
        assert response["Content-Type"] == "application/json", path
        body = json.loads(response.content)
        assert "/api/v5/" in body["detail"], path


async def test_current_api_is_not_gone(live_db, async_client):
    for path in ("/api/v5/addons/search/", "/api/v4/addons/search/"):
        response = await async_client.get(path)
        assert response.status_code == 200, path
