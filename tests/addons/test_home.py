import datetime

from asgiref.sync import sync_to_async
from django.utils import timezone

from amo.core.constants import AddonStatus, AddonType
from tests.factories import AddonFactory, StoredPreviewFactory
from tests.pages.helpers import get_page, inline_code


def build_home_catalogue() -> dict[str, object]:
    now = timezone.now()
    return {
        "recommended": AddonFactory(
            name={"en-US": "Recommended Tool"}, promoted="recommended"
        ),
        "popular": AddonFactory(
            name={"en-US": "Popular Tool"}, average_daily_users=900_000
        ),
        "top_rated": AddonFactory(
            name={"en-US": "Loved Tool"}, bayesian_rating=4.9, average_rating=4.9
        ),
        "updated": AddonFactory(
            name={"en-US": "Fresh Tool"},
            last_updated=now + datetime.timedelta(minutes=5),
        ),
        "theme": AddonFactory(
            type=AddonType.STATICTHEME,
            name={"en-US": "Night Sky"},
            promoted="recommended",
        ),
        "hidden": AddonFactory(
            name={"en-US": "Pending Tool"},
            status=AddonStatus.NOMINATED,
            average_daily_users=10_000_000,
        ),
    }


async def test_home_shows_each_shelf(live_db, async_client):
    await sync_to_async(build_home_catalogue)()

    page = await get_page(async_client, "/en-US/firefox/")

    assert page.status == 200
    for title in (
        "Recommended extensions",
        "Popular extensions",
        "Top rated extensions",
        "Recently updated extensions",
        "Recommended themes",
        "Popular themes",
        "Top rated themes",
        "Recently updated themes",
    ):
        assert title in page.html
    for name in ("Recommended Tool", "Popular Tool", "Loved Tool", "Fresh Tool"):
        assert name in page.html
    assert "Night Sky" in page.html
    assert "Pending Tool" not in page.html
    assert inline_code(page.html) == []


async def test_home_links_to_full_lists(live_db, async_client):
    await sync_to_async(build_home_catalogue)()

    page = await get_page(async_client, "/en-US/firefox/")

    for link in (
        "/en-US/firefox/extensions/?promoted=recommended",
        "/en-US/firefox/extensions/?sort=users",
        "/en-US/firefox/extensions/?sort=rating",
        "/en-US/firefox/extensions/?sort=updated",
        "/en-US/firefox/themes/?promoted=recommended",
        "/en-US/firefox/themes/?sort=users",
        "/en-US/firefox/themes/?sort=rating",
        "/en-US/firefox/themes/?sort=updated",
    ):
        assert f'href="{link}"' in page.html


async def test_home_orders_shelves_by_their_sort(live_db, async_client):
    catalogue = await sync_to_async(build_home_catalogue)()

    page = await get_page(async_client, "/en-US/firefox/")

    popular = page.html.split('id="shelf-popular_extensions"')[1].split("</section>")[0]
    top_rated = page.html.split('id="shelf-top_rated_extensions"')[1].split(
        "</section>"
    )[0]
    updated = page.html.split('id="shelf-updated_extensions"')[1].split("</section>")[0]
    assert popular.index("Popular Tool") < popular.index("Fresh Tool")
    assert top_rated.index("Loved Tool") < top_rated.index("Popular Tool")
    assert updated.index("Fresh Tool") < updated.index("Popular Tool")
    assert catalogue["recommended"].slug in page.html


async def test_home_query_budget(live_db, async_client):
    def build() -> None:
        build_home_catalogue()
        StoredPreviewFactory(
            addon=AddonFactory(type=AddonType.STATICTHEME, name={"en-US": "Dunes"})
        )

    await sync_to_async(build)()

    page = await get_page(async_client, "/en-US/firefox/")
    warm = await get_page(async_client, "/en-US/firefox/")

    # One query of ids per shelf (eight, run at once), then one for the
    # cards of every shelf and one for the stored previews of the themes,
    # and one for the ids of the featured collections (none here).
    assert page.status == 200
    assert page.query_count == 11
    assert "previews/" in page.html
    # Cached: the ids of all eight shelves in one call, the cards in one,
    # the ids of the featured collections in one.
    assert warm.query_count == 0
    assert warm.cache_reads == ["aget_many", "aget_many", "aget_many"]


async def test_home_without_addons(live_db, async_client):
    page = await get_page(async_client, "/en-US/firefox/")

    # The eight shelves and the featured collections find nothing, so no
    # card or preview query runs.
    assert page.status == 200
    assert "No add-ons are listed yet." in page.html
    assert page.query_count == 9
