import pytest
from asgiref.sync import sync_to_async

from amo.core.constants import AddonStatus, AddonType
from tests.factories import AddonFactory, TagFactory
from tests.pages.helpers import get_decoded_path, get_page, inline_code


def build_tagged() -> None:
    AddonFactory(name={"en-US": "Shield"}, tags=["privacy"], average_daily_users=50)
    AddonFactory(
        name={"en-US": "Cloak"},
        type=AddonType.STATICTHEME,
        tags=["privacy"],
        average_daily_users=40,
    )
    AddonFactory(
        name={"en-US": "Hidden Shield"}, tags=["privacy"], status=AddonStatus.DISABLED
    )
    AddonFactory(name={"en-US": "Untagged"})


async def test_tag_lists_its_addons(live_db, async_client):
    await sync_to_async(build_tagged)()

    page = await get_page(async_client, "/en-US/firefox/tag/privacy/")

    assert page.status == 200
    assert "Add-ons tagged privacy" in page.html
    assert "Shield" in page.html
    assert "Cloak" in page.html
    assert "Hidden Shield" not in page.html
    assert "Untagged" not in page.html
    assert page.html.index("Shield") < page.html.index("Cloak")
    assert "Showing 1–2 of 2" in page.html
    assert inline_code(page.html) == []


async def test_tag_sorts(live_db, async_client):
    await sync_to_async(build_tagged)()

    page = await get_page(async_client, "/en-US/firefox/tag/privacy/?sort=name")

    assert page.html.index("Cloak") < page.html.index("Shield")


async def test_tag_with_spaces(live_db, async_client):
    await sync_to_async(AddonFactory)(name={"en-US": "Grouper"}, tags=["tab groups"])

    page = await get_page(async_client, "/en-US/firefox/tag/tab%20groups/")

    assert page.status == 200
    assert "Grouper" in page.html


async def test_tag_escapes_text(live_db, async_client):
    await sync_to_async(TagFactory)(tag_text="<b>bold & brave")

    page = await get_page(async_client, "/en-US/firefox/tag/%3Cb%3Ebold%20&%20brave/")

    assert page.status == 200
    assert "<b>bold" not in page.html
    assert "&lt;b&gt;bold &amp; brave" in page.html
    assert "No listed add-on carries this tag." in page.html


async def test_tag_unknown_sort(live_db, async_client):
    await sync_to_async(build_tagged)()

    response = await async_client.get("/en-US/firefox/tag/privacy/?sort=hot")

    assert response.status_code == 302
    assert response["Location"] == "/en-US/firefox/tag/privacy/"


@pytest.mark.parametrize("spelling", ["Privacy", "PRIVACY", "%20privacy", "privacy%20"])
async def test_tag_variants_redirect(live_db, async_client, spelling):
    await sync_to_async(build_tagged)()

    response = await async_client.get(f"/en-US/firefox/tag/{spelling}/?sort=name")

    assert response.status_code == 301
    assert response["Location"] == "/en-US/firefox/tag/privacy/?sort=name"


async def test_tag_variant_of_stored_capitals(live_db, async_client):
    await sync_to_async(TagFactory)(tag_text="Tab Groups")

    response = await async_client.get("/en-US/firefox/tag/tab%20groups/")

    assert response.status_code == 301
    assert response["Location"] == "/en-US/firefox/tag/Tab%20Groups/"


async def test_tag_variant_outside_ascii(live_db, async_client):
    await sync_to_async(TagFactory)(tag_text="été")

    response = await get_decoded_path(async_client, "/en-US/firefox/tag/ÉTÉ/")

    assert response.status_code == 301
    assert response["Location"] == "/en-US/firefox/tag/%C3%A9t%C3%A9/"


async def test_tag_canonical_page_is_served(live_db, async_client):
    await sync_to_async(build_tagged)()

    response = await async_client.get("/en-US/firefox/tag/privacy/")

    assert response.status_code == 200


async def test_tag_unknown(live_db, async_client):
    page = await get_page(async_client, "/en-US/firefox/tag/nothing-here/")

    assert page.status == 404


@pytest.mark.parametrize("value", ["0", "-1", "abc", "999999"])
async def test_tag_bad_page_numbers(live_db, async_client, value):
    await sync_to_async(build_tagged)()

    page = await get_page(async_client, f"/en-US/firefox/tag/privacy/?page={value}")

    assert page.status == 404


async def test_tag_pagination(live_db, async_client):
    def build():
        for index in range(22):
            AddonFactory(name={"en-US": f"Tagged {index}"}, tags=["many"])

    await sync_to_async(build)()

    second = await get_page(async_client, "/en-US/firefox/tag/many/?page=2")

    assert second.status == 200
    assert "Showing 21–22 of 22" in second.html
    assert 'rel="prev" href="/en-US/firefox/tag/many/"' in second.html


async def test_tag_query_budget(live_db, async_client):
    await sync_to_async(build_tagged)()

    page = await get_page(async_client, "/en-US/firefox/tag/privacy/")
    warm = await get_page(async_client, "/en-US/firefox/tag/privacy/")

    # The tag, then the page (its cards whole) and its count at once, then
    # the stored previews of the one theme on the page.
    assert page.query_count == 4
    # Cached: the tag, the page's ids with its count, then the cards.
    assert warm.query_count == 0
    assert warm.cache_reads == ["aget_many"] * 3
