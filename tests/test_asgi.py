"""The whole ASGI application: static and media files, then Django."""

import re

import pytest
from django.http import HttpResponse

from amo.core.handler import AmoASGIHandler
from amo.core.security import ADMIN_POLICY, SITE_POLICY
from tests.asgi_client import request


async def asgi_get(app, path: str, query: bytes = b"", headers=()):
    response = await request(app, path, query=query, headers=headers)
    return response.status, response.headers, response.body


@pytest.fixture(scope="module")
def application():
    import asgi

    return asgi.build_application()


async def test_page_through_the_full_stack(live_db, application):
    status, headers, body = await asgi_get(application, "/en-US/firefox/")
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert "server-timing" in headers
    assert b"<html" in body


@pytest.mark.parametrize(
    ("path", "policy"),
    [
        ("/en-US/firefox/", SITE_POLICY),
        ("/api/v5/docs", SITE_POLICY),
        ("/api/v5/site/", SITE_POLICY),
        ("/admin/login/", ADMIN_POLICY),
    ],
)
async def test_security_headers_on_every_response(live_db, application, path, policy):
    status, headers, _ = await asgi_get(application, path)

    assert status == 200
    assert headers["content-security-policy"] == policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert headers["cross-origin-opener-policy"] == "same-origin"


async def test_view_header_beats_security_default(application):
    status, headers, _ = await asgi_get(application, "/__lbheartbeat__")
    assert status == 200
    assert headers["cache-control"] == "no-store"

    handler = AmoASGIHandler()
    sent = []

    async def send(message):
        sent.append(message)

    response = HttpResponse(b"x", headers={"X-Frame-Options": "SAMEORIGIN"})
    await handler.send_response(response, send, "/en-US/firefox/")
    names = [name.lower() for name, _ in sent[0]["headers"]]
    assert names.count(b"x-frame-options") == 1
    assert (b"X-Frame-Options", b"SAMEORIGIN") in sent[0]["headers"]
    assert sent[1]["body"] == b"x"


async def test_redirect_through_the_full_stack(application):
    status, headers, _ = await asgi_get(
        application, "/", headers=[(b"accept-language", b"de")]
    )
    assert status == 301
    assert headers["location"] == "/de/firefox/"


async def test_static_files_have_hashed_names_and_long_caching(live_db, application):
    _, _, body = await asgi_get(application, "/en-US/firefox/")
    match = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body)
    assert match, "the page links the hashed stylesheet"
    status, headers, _ = await asgi_get(application, match.group(1).decode())
    assert status == 200
    assert "immutable" in headers["cache-control"]
    assert headers["content-type"].startswith("text/css")


async def test_media_files_are_served(application, settings):
    # MediaFiles was built with the MEDIA_ROOT of module set-up time.
    import asgi

    app = asgi.build_application()
    target = settings.MEDIA_ROOT / "addon_icons" / "0" / "5-64.png"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"\x89PNG icon")
    status, headers, body = await asgi_get(app, "/user-media/addon_icons/0/5-64.png")
    assert status == 200
    assert body == b"\x89PNG icon"
    assert headers["content-type"] == "image/png"
    assert settings.MEDIA_URL == "/user-media/"
