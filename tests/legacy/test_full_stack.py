"""Old URLs through the whole ASGI stack, page cache included."""

from asgiref.sync import sync_to_async

from amo.core.db import capture_queries
from tests.asgi_client import request
from tests.factories import AddonFactory


async def test_prefixed_redirect_is_served_from_page_cache(live_db):
    import asgi

    await sync_to_async(AddonFactory)(slug="tab-tamer", amo_id=1865)
    application = asgi.build_application()
    path = "/en-US/firefox/addons/versions/1865"

    first = await request(application, path)
    assert first.status == 301
    assert first.headers["location"] == "/en-US/firefox/addon/tab-tamer/versions/"
    assert first.headers["x-cache"] == "MISS"
    with capture_queries() as queries:
        second = await request(application, path)
    assert second.status == 301
    assert second.headers["location"] == first.headers["location"]
    assert second.headers["x-cache"] == "HIT"
    assert queries.count == 0


async def test_negotiated_redirect_is_not_stored(live_db):
    import asgi

    application = asgi.build_application()
    headers = [(b"accept-language", b"de")]
    for _ in range(2):
        response = await request(application, "/bookmarks", headers=headers)
        assert response.status == 301
        assert response.headers["location"] == "/de/firefox/extensions/bookmarks/"
        assert "x-cache" not in response.headers


def arabic_indic(number: int) -> str:
    return "".join(chr(0x0660 + int(digit)) for digit in str(number))


async def test_non_ascii_digits_are_not_ids(live_db):
    # int() and the regex \d accept other scripts' digits, but the old
    # site's ids were ASCII: "/addons/display/١٨٦٥" names no add-on.
    import asgi

    await sync_to_async(AddonFactory)(slug="tab-tamer", amo_id=1865)
    application = asgi.build_application()
    for template in (
        "/en-US/firefox/addons/display/{}",
        "/en-US/firefox/addons/versions/{}",
        "/en-US/firefox/persona/{}",
        "/en-US/firefox/developers/addon/edit/{}",
    ):
        ascii_path = template.format(1865)
        assert (await request(application, ascii_path)).status == 301, ascii_path
        path = template.format(arabic_indic(1865))
        assert (await request(application, path)).status == 404, path


async def test_browse_category_in_non_ascii_digits(live_db):
    import asgi

    application = asgi.build_application()
    path = "/en-US/firefox/browse/type:1/cat:"
    ascii_answer = await request(application, path + "72")
    assert ascii_answer.headers["location"].endswith("/extensions/alerts-updates/")
    response = await request(application, path + arabic_indic(72))
    assert response.status == 301
    assert response.headers["location"] == "/en-US/firefox/extensions/"
