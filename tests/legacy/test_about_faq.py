"""The About and FAQ pages that the old /pages/ URLs lead to."""

import pytest
from django.conf import settings

from tests.pages.helpers import get_page


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/en-US/firefox/about/", f"About {settings.SITE_NAME}"),
        ("/en-US/firefox/faq/", "Frequently asked questions"),
    ],
)
async def test_page_renders(live_db, async_client, path, heading):
    page = await get_page(async_client, path)
    assert page.status == 200
    assert f"<h1>{heading}</h1>" in page.html
    assert 'href="/en-US/firefox/developers/"' in page.html
    assert page.query_count == 0


async def test_pages_are_localised(live_db, async_client):
    page = await get_page(async_client, "/de/android/faq/")
    assert page.status == 200
    assert '<html lang="de"' in page.html
    assert 'href="/de/android/about/"' in page.html


async def test_footer_links_to_both(live_db, async_client):
    page = await get_page(async_client, "/fr/firefox/extensions/")
    assert 'href="/fr/firefox/about/"' in page.html
    assert 'href="/fr/firefox/faq/"' in page.html
