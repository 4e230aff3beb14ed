"""The page cache in front of a downstream ASGI app that counts its calls."""

import asyncio
import gzip
import time

import pytest
from django.core.cache import caches

from amo.core import pagecache
from amo.core.pagecache import SITE_GENERATION_KEY, PageCache, cache_key, cacheable_path
from tests.asgi_client import request

PAGE = "/en-US/firefox/extensions/"


class Downstream:
    """A fake app: answers with a body that counts its calls."""

    def __init__(self, status=200, headers=(), body=b"", delay=0.0):
        self.calls = 0
        self.status = status
        self.headers = list(headers)
        self.body = body
        self.delay = delay

    async def __call__(self, scope, receive, send):
        self.calls += 1
        if self.delay:
            await asyncio.sleep(self.delay)
        body = self.body or f"page {scope['path']} call {self.calls}".encode()
        await send(
            {
                "type": "http.response.start",
                "status": self.status,
                "headers": [
                    (b"content-type", b"text/html; charset=utf-8"),
                    (b"x-request-id", b"from-app"),
                    *self.headers,
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


@pytest.fixture(autouse=True)
def _fresh_cache():
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.mark.parametrize(
    ("path", "cacheable"),
    [
        ("/en-US/firefox/", True),
        ("/de/android/addon/tabs/", True),
        ("/api/v5/addons/search/", True),
        ("/api/v4/addons/addon/x/", True),
        ("/", False),
        ("/en-us/firefox/", False),
        ("/en-US/thunderbird/", False),
        ("/admin/", False),
        ("/__heartbeat__", False),
        ("/firefox/downloads/file/1/x.xpi", False),
        ("/user-media/x.png", False),
    ],
)
def test_cacheable_paths(path, cacheable):
    assert cacheable_path(path) is cacheable


def test_keys_normalise_the_query_and_keep_method_and_encoding():
    key = cache_key("GET", PAGE, b"sort=name&page=2", "gzip")
    assert key == cache_key("GET", PAGE, b"page=2&sort=name", "gzip")
    assert key != cache_key("HEAD", PAGE, b"page=2&sort=name", "gzip")
    assert key != cache_key("GET", PAGE, b"page=2&sort=name", "identity")
    assert key != cache_key(
        "GET", "/de/firefox/extensions/", b"page=2&sort=name", "gzip"
    )


async def test_second_request_is_a_hit():
    app = Downstream()
    cached = PageCache(app)
    first = await request(cached, PAGE)
    second = await request(cached, PAGE)
    assert first.headers["x-cache"] == "MISS"
    assert second.headers["x-cache"] == "HIT"
    assert second.body == first.body
    assert app.calls == 1
    assert second.headers["x-request-id"] != "from-app"
    assert second.headers["server-timing"].startswith("page;dur=")
    assert second.headers["server-timing"].endswith('desc="hit"')
    assert "Accept-Encoding" in second.headers["vary"]
    assert second.headers["cache-control"] == "public, max-age=0, must-revalidate"


async def test_session_cookie_and_authorization_bypass_the_cache():
    app = Downstream()
    cached = PageCache(app)
    await request(cached, PAGE)
    for headers in (
        [(b"cookie", b"sessionid=abc")],
        [(b"cookie", b"theme=dark; amo_pin=1999999999")],
        [(b"authorization", b"JWT token")],
    ):
        response = await request(cached, PAGE, headers=headers)
        assert "x-cache" not in response.headers
    assert app.calls == 4


async def test_other_cookies_do_not_bypass():
    app = Downstream()
    cached = PageCache(app)
    await request(cached, PAGE)
    response = await request(cached, PAGE, headers=[(b"cookie", b"theme=dark")])
    assert response.headers["x-cache"] == "HIT"


@pytest.mark.parametrize(
    ("status", "headers"),
    [
        (200, [(b"set-cookie", b"csrftoken=abc; Path=/")]),
        (200, [(b"cache-control", b"private")]),
        (200, [(b"cache-control", b"no-store")]),
        (200, [(b"vary", b"Accept-Language")]),
        (500, []),
        (503, []),
        (302, []),
    ],
)
async def test_responses_that_must_not_be_stored(status, headers):
    app = Downstream(status=status, headers=headers)
    cached = PageCache(app)
    first = await request(cached, PAGE)
    second = await request(cached, PAGE)
    assert app.calls == 2
    assert "x-cache" not in second.headers
    assert first.status == status
    if headers and headers[0][0] == b"set-cookie":
        assert first.headers["set-cookie"].startswith("csrftoken=")


async def test_large_bodies_are_not_stored():
    app = Downstream(body=b"x" * (pagecache.MAX_BODY + 1))
    cached = PageCache(app)
    await request(cached, PAGE)
    await request(cached, PAGE)
    assert app.calls == 2


async def test_404_and_301_are_stored():
    for status in (404, 301):
        app = Downstream(status=status)
        cached = PageCache(app)
        await request(cached, f"/en-US/firefox/missing-{status}/")
        second = await request(cached, f"/en-US/firefox/missing-{status}/")
        assert second.status == status
        assert app.calls == 1


async def test_gzip_for_clients_that_accept_it():
    body = b"<p>" + b"amo " * 2000 + b"</p>"
    app = Downstream(body=body)
    cached = PageCache(app)
    accepting = [(b"accept-encoding", b"gzip, deflate, br")]
    zipped = await request(cached, PAGE, headers=accepting)
    assert zipped.headers["content-encoding"] == "gzip"
    assert gzip.decompress(zipped.body) == body
    assert int(zipped.headers["content-length"]) == len(zipped.body)
    plain = await request(cached, PAGE)
    assert "content-encoding" not in plain.headers
    assert plain.body == body
    refused = await request(cached, PAGE, headers=[(b"accept-encoding", b"gzip;q=0")])
    assert refused.body == body
    assert app.calls == 2


async def test_etag_revalidation_answers_304():
    cached = PageCache(Downstream())
    first = await request(cached, PAGE)
    again = await request(
        cached, PAGE, headers=[(b"if-none-match", first.headers["etag"].encode())]
    )
    assert again.status == 304
    assert again.body == b""


async def test_concurrent_misses_build_once():
    app = Downstream(delay=0.05)
    cached = PageCache(app)
    responses = await asyncio.gather(*(request(cached, PAGE) for _ in range(50)))
    assert app.calls == 1
    assert {response.body for response in responses} == {responses[0].body}
    assert [r.headers["x-cache"] for r in responses].count("MISS") == 1


async def test_stale_entry_is_sent_while_one_request_rebuilds(settings):
    settings.PAGE_CACHE_TTL = 1
    app = Downstream(delay=0.05)
    cached = PageCache(app)
    first = await request(cached, PAGE)
    entry = await caches["default"].aget(cache_key("GET", PAGE, b"", "identity"))
    entry.soft_expiry = time.time() - 1
    await caches["default"].aset(cache_key("GET", PAGE, b"", "identity"), entry, 60)

    stale = await asyncio.gather(*(request(cached, PAGE) for _ in range(20)))
    assert {response.headers["x-cache"] for response in stale} == {"STALE"}
    assert {response.body for response in stale} == {first.body}
    await asyncio.sleep(0.2)
    assert app.calls == 2
    fresh = await request(cached, PAGE)
    assert fresh.headers["x-cache"] == "HIT"
    assert fresh.body != first.body


async def test_generation_bump_turns_entries_into_misses():
    app = Downstream()
    cached = PageCache(app)
    await request(cached, PAGE)
    await caches["default"].aset(SITE_GENERATION_KEY, "bumped", None)
    response = await request(cached, PAGE)
    assert response.headers["x-cache"] == "MISS"
    assert app.calls == 2


async def test_disabled_cache_passes_everything(settings):
    settings.PAGE_CACHE = False
    app = Downstream()
    cached = PageCache(app)
    await request(cached, PAGE)
    response = await request(cached, PAGE)
    assert "x-cache" not in response.headers
    assert app.calls == 2


async def test_cache_outage_serves_every_request(settings):
    from tests.services import free_port

    settings.CACHES = {
        "default": {
            "BACKEND": "amo.core.cache.backends.MemcachedCache",
            "LOCATION": [f"127.0.0.1:{free_port()}"],
        }
    }
    app = Downstream()
    cached = PageCache(app)
    responses = [await request(cached, PAGE) for _ in range(3)]
    assert [response.status for response in responses] == [200, 200, 200]
    assert app.calls == 3


async def test_real_pages_through_the_full_stack(live_db):
    import asgi
    from amo.core.db import capture_queries

    application = asgi.build_application()
    first = await request(application, "/en-US/firefox/")
    assert first.status == 200
    assert first.headers["x-cache"] == "MISS"
    with capture_queries() as queries:
        second = await request(application, "/en-US/firefox/")
    assert second.headers["x-cache"] == "HIT"
    assert queries.count == 0
    redirect = await request(application, "/", headers=[(b"accept-language", b"fr")])
    assert redirect.status == 301
    assert "x-cache" not in redirect.headers
