import re
import time

import pytest
from django.conf import settings
from django.core.cache import caches


@pytest.mark.parametrize(
    ("path", "accept_language", "location"),
    [
        ("/", "", "/en-US/firefox/"),
        ("/", "fr", "/fr/firefox/"),
        ("/", "de-AT,de;q=0.9", "/de/firefox/"),
        ("/", "pt", "/pt-PT/firefox/"),
        ("/", "zh", "/zh-CN/firefox/"),
        ("/", "xx, ja;q=0.3", "/ja/firefox/"),
        ("/addon/tab-wrangler/", "fr", "/fr/firefox/addon/tab-wrangler/"),
        ("/firefox/extensions/", "de", "/de/firefox/extensions/"),
        ("/android/", "", "/en-US/android/"),
    ],
)
async def test_unprefixed_paths_redirect_by_accept_language(
    async_client, path, accept_language, location
):
    response = await async_client.get(
        path, headers={"accept-language": accept_language}
    )
    assert response.status_code == 301
    assert response["Location"] == location
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/EN-us/firefox/", "/en-US/firefox/"),
        ("/pt-br/FIREFOX/extensions/", "/pt-BR/firefox/extensions/"),
        ("/de-AT/firefox/", "/de/firefox/"),
        ("/en-US/firefox", "/en-US/firefox/"),
        ("/fr/extensions/", "/fr/firefox/extensions/"),
    ],
)
async def test_prefix_is_made_canonical(async_client, path, location):
    response = await async_client.get(path)
    assert response.status_code == 301
    assert response["Location"] == location
    assert "Accept-Language" not in response.get("Vary", "")


async def test_lang_parameter_redirects_to_its_locale(async_client):
    response = await async_client.get("/en-US/firefox/extensions/?lang=ja&sort=name")
    assert response.status_code == 301
    assert response["Location"] == "/ja/firefox/extensions/?sort=name"


async def test_unknown_lang_parameter_is_dropped(async_client):
    response = await async_client.get("/en-US/firefox/?lang=xx")
    assert response.status_code == 301
    assert response["Location"] == "/en-US/firefox/"


async def test_unprefixed_roots_are_not_redirected(async_client):
    response = await async_client.get("/__lbheartbeat__")
    assert response.status_code == 200


async def test_prefixed_page_sets_language_and_headers(live_db, async_client):
    response = await async_client.get(
        "/de/firefox/", headers={"x-request-id": "test-request-0001"}
    )
    assert response.status_code == 200
    assert response["Content-Language"] == "de"
    assert response["X-Request-ID"] == "test-request-0001"
    timing = response["Server-Timing"]
    assert timing.startswith("db;dur=")
    assert re.search(r'cache;dur=[0-9.]+;desc="[1-9][0-9]* calls"', timing)
    assert "render;dur=" in timing
    assert "total;dur=" in timing
    assert '<html lang="de" dir="ltr">' in response.content.decode()


async def test_rtl_locale_gets_dir_rtl(live_db, async_client):
    response = await async_client.get("/ar/firefox/")
    assert '<html lang="ar" dir="rtl">' in response.content.decode()


async def test_bad_request_id_is_replaced(async_client):
    response = await async_client.get(
        "/__lbheartbeat__", headers={"x-request-id": "bad id!"}
    )
    assert response["X-Request-ID"] != "bad id!"
    assert len(response["X-Request-ID"]) == 16


async def test_write_pins_client_to_primary(live_db, async_client):
    response = await async_client.post("/__lbheartbeat__")
    cookie = response.cookies[settings.REPLICA_PIN_COOKIE]
    assert int(cookie.value) > time.time()
    assert int(cookie["max-age"]) == settings.REPLICA_PIN_SECONDS
    read = await async_client.get("/__lbheartbeat__")
    assert settings.REPLICA_PIN_COOKIE not in read.cookies


async def test_pin_cookie_sends_reads_to_the_primary(live_db, async_client):
    from amo.core.db import capture_queries

    with capture_queries() as unpinned:
        await async_client.get("/en-US/firefox/")
    assert {query.alias for query in unpinned.queries} == {"replica"}

    # The first page filled the caches; without them the page reads again.
    await caches["default"].aclear()
    async_client.cookies[settings.REPLICA_PIN_COOKIE] = str(int(time.time()) + 10)
    with capture_queries() as pinned:
        await async_client.get("/en-US/firefox/")
    assert {query.alias for query in pinned.queries} == {"default"}

    await caches["default"].aclear()
    async_client.cookies[settings.REPLICA_PIN_COOKIE] = str(int(time.time()) - 1)
    with capture_queries() as expired:
        await async_client.get("/en-US/firefox/")
    assert {query.alias for query in expired.queries} == {"replica"}


@pytest.mark.parametrize("value", ["²", "1e9", "-5", ""])
async def test_malformed_pin_cookie_is_ignored(live_db, async_client, value):
    # "²" is a digit to str.isdigit() but not a number to int().
    async_client.cookies[settings.REPLICA_PIN_COOKIE] = value
    response = await async_client.get("/en-US/firefox/")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/en-US/firefox/extensions", "/en-US/firefox/extensions/"),
        ("/en-US/firefox/extensions?sort=name", "/en-US/firefox/extensions/?sort=name"),
        ("/de/firefox/addon/some-slug", "/de/firefox/addon/some-slug/"),
        ("/admin", "/admin/"),
    ],
)
async def test_missing_trailing_slash_redirects(live_db, async_client, path, location):
    target, _, query = path.partition("?")
    response = await async_client.get(
        target, query_params=dict([query.split("=")]) if query else None
    )
    assert response.status_code == 301
    assert response["Location"] == location


async def test_paths_that_do_not_exist_with_a_slash_stay_404(live_db, async_client):
    response = await async_client.get("/en-US/firefox/no-such-page")
    assert response.status_code == 404


async def test_unknown_host_is_rejected(async_client):
    response = await async_client.get(
        "/__lbheartbeat__", headers={"host": "evil.example"}
    )
    assert response.status_code == 400


async def test_downloads_without_an_app_go_to_firefox(async_client):
    response = await async_client.get("/downloads/file/9/tabs-1.0.xpi")
    assert response.status_code == 301
    assert response["Location"] == "/firefox/downloads/file/9/tabs-1.0.xpi"
