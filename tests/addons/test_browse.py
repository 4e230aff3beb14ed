import datetime
import re

import pytest
from asgiref.sync import sync_to_async
from django.utils import timezone

from amo.addons.models import Addon, Category
from amo.core.constants import AddonStatus, AddonType, ApplicationChoices
from amo.core.pagination import MAX_PAGES, PAGE_SIZE
from tests.factories import AddonFactory, StoredPreviewFactory
from tests.pages.helpers import get_page, inline_code, merged_listing_queries

EXTENSIONS = "/en-US/firefox/extensions/"


def names_in_order(html: str) -> list[str]:
    """The add-on names of a page's cards, in page order."""
    return re.findall(r'<h3 class="card-name"><a [^>]*>([^<]+)</a>', html)


def build_sortable_extensions() -> None:
    now = timezone.now()
    AddonFactory(
        name={"en-US": "Bravo"},
        average_daily_users=300,
        bayesian_rating=3.0,
        weekly_downloads=10,
        created=now - datetime.timedelta(days=30),
        last_updated=now - datetime.timedelta(days=1),
        categories=["tabs"],
    )
    AddonFactory(
        name={"en-US": "alpha"},
        average_daily_users=200,
        bayesian_rating=4.5,
        weekly_downloads=30,
        created=now - datetime.timedelta(days=20),
        last_updated=now - datetime.timedelta(days=3),
        categories=["tabs"],
    )
    AddonFactory(
        name={"en-US": "Charlie"},
        average_daily_users=100,
        bayesian_rating=4.0,
        weekly_downloads=20,
        created=now - datetime.timedelta(days=10),
        last_updated=now - datetime.timedelta(days=2),
        categories=["bookmarks"],
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Bravo", "alpha", "Charlie"]),
        ("?sort=users", ["Bravo", "alpha", "Charlie"]),
        ("?sort=rating", ["alpha", "Charlie", "Bravo"]),
        ("?sort=created", ["Charlie", "alpha", "Bravo"]),
        ("?sort=updated", ["Bravo", "Charlie", "alpha"]),
        ("?sort=name", ["alpha", "Bravo", "Charlie"]),
        ("?sort=downloads", ["alpha", "Charlie", "Bravo"]),
    ],
)
async def test_browse_sorts(live_db, async_client, query, expected):
    await sync_to_async(build_sortable_extensions)()

    page = await get_page(async_client, EXTENSIONS + query)

    assert page.status == 200
    assert names_in_order(page.html) == expected


async def test_browse_lists_only_its_type(live_db, async_client):
    def build():
        AddonFactory(name={"en-US": "An Extension"})
        AddonFactory(name={"en-US": "A Theme"}, type=AddonType.STATICTHEME)
        AddonFactory(name={"en-US": "A Dictionary"}, type=AddonType.DICTIONARY)
        AddonFactory(name={"en-US": "A Language"}, type=AddonType.LANGUAGE)
        AddonFactory(name={"en-US": "A Search"}, type=AddonType.SEARCH)

    await sync_to_async(build)()

    for slug, name in (
        ("extensions", "An Extension"),
        ("themes", "A Theme"),
        ("dictionaries", "A Dictionary"),
        ("language-packs", "A Language"),
        ("search-tools", "A Search"),
    ):
        page = await get_page(async_client, f"/en-US/firefox/{slug}/")
        assert page.status == 200, slug
        assert names_in_order(page.html) == [name], slug
        assert inline_code(page.html) == [], slug


async def test_browse_hides_non_public(live_db, async_client):
    def build():
        AddonFactory(name={"en-US": "Visible"})
        AddonFactory(name={"en-US": "Pending"}, status=AddonStatus.NOMINATED)
        AddonFactory(name={"en-US": "Disabled"}, status=AddonStatus.DISABLED)
        AddonFactory(name={"en-US": "Withdrawn"}, disabled_by_user=True)

    await sync_to_async(build)()

    page = await get_page(async_client, EXTENSIONS)

    assert names_in_order(page.html) == ["Visible"]
    assert "Showing 1–1 of 1" in page.html


async def test_browse_category(live_db, async_client):
    await sync_to_async(build_sortable_extensions)()

    page = await get_page(async_client, EXTENSIONS + "tabs/?sort=name")

    assert page.status == 200
    assert names_in_order(page.html) == ["alpha", "Bravo"]
    assert "Showing 1–2 of 2" in page.html
    assert '<span class="category-current" aria-current="page"' in page.html
    # The category links keep the sort.
    assert 'href="/en-US/firefox/extensions/bookmarks/?sort=name"' in page.html
    assert 'href="/en-US/firefox/extensions/?sort=name"' in page.html


async def test_browse_lists_categories_of_type(live_db, async_client):
    page = await get_page(async_client, EXTENSIONS)

    assert 'href="/en-US/firefox/extensions/privacy-security/"' in page.html
    assert 'href="/en-US/firefox/extensions/other/"' in page.html
    assert "/extensions/nature/" not in page.html
    # "Other" comes last, as AMO lists it.
    assert page.html.index("/extensions/web-development/") < page.html.index(
        "/extensions/other/"
    )


async def test_browse_theme_categories(live_db, async_client):
    await sync_to_async(AddonFactory)(
        name={"en-US": "Forest"}, type=AddonType.STATICTHEME, categories=["nature"]
    )

    page = await get_page(async_client, "/en-US/firefox/themes/nature/")

    assert page.status == 200
    assert names_in_order(page.html) == ["Forest"]
    assert 'href="/en-US/firefox/themes/abstract/"' in page.html


async def test_browse_unknown_category(live_db, async_client):
    for path in (
        EXTENSIONS + "no-such-category/",
        # A category of another type is unknown here.
        EXTENSIONS + "nature/",
        "/en-US/firefox/not-a-type/",
    ):
        page = await get_page(async_client, path)
        assert page.status == 404, path


async def test_browse_unknown_sort_redirects(live_db, async_client):
    response = await async_client.get(EXTENSIONS + "tabs/?sort=bogus&page=2")

    assert response.status_code == 302
    assert response["Location"] == "/en-US/firefox/extensions/tabs/"


@pytest.mark.parametrize(
    ("legacy", "current"),
    [
        ("popular", "users"),
        ("newest", "created"),
        ("averagerating", "rating"),
        ("weeklydownloads", "downloads"),
    ],
)
async def test_browse_legacy_sorts_redirect(live_db, async_client, legacy, current):
    response = await async_client.get(EXTENSIONS + f"?sort={legacy}")

    assert response.status_code == 301
    assert response["Location"] == f"/en-US/firefox/extensions/?sort={current}"


async def test_browse_recommended(live_db, async_client):
    def build():
        AddonFactory(name={"en-US": "Picked"}, promoted="recommended")
        AddonFactory(name={"en-US": "Plain"})

    await sync_to_async(build)()

    page = await get_page(async_client, EXTENSIONS + "?promoted=recommended")
    unknown = await async_client.get(EXTENSIONS + "?promoted=spotlight")

    assert names_in_order(page.html) == ["Picked"]
    assert "Only recommended add-ons are shown." in page.html
    assert unknown.status_code == 302
    assert unknown["Location"] == "/en-US/firefox/extensions/"


async def test_browse_pagination(live_db, async_client):
    def build():
        for index in range(45):
            AddonFactory(
                name={"en-US": f"Extension {index:02d}"},
                average_daily_users=1000 - index,
            )

    await sync_to_async(build)()

    first = await get_page(async_client, EXTENSIONS)
    second = await get_page(async_client, EXTENSIONS + "?page=2")
    last = await get_page(async_client, EXTENSIONS + "?page=3")

    assert len(names_in_order(first.html)) == 20
    assert names_in_order(second.html)[0] == "Extension 20"
    assert names_in_order(last.html) == [f"Extension {n}" for n in range(40, 45)]
    assert "Showing 1–20 of 45" in first.html
    assert "Showing 41–45 of 45" in last.html
    assert 'rel="next" href="/en-US/firefox/extensions/?page=2"' in first.html
    assert 'rel="prev"' not in first.html
    # Page 1 has no ?page= in its links.
    assert 'rel="prev" href="/en-US/firefox/extensions/"' in second.html
    assert 'rel="next"' not in last.html
    assert '<span class="page-current" aria-current="page">3</span>' in last.html


async def test_browse_pagination_keeps_sort(live_db, async_client):
    def build():
        for index in range(21):
            AddonFactory(name={"en-US": f"Named {index:02d}"})

    await sync_to_async(build)()

    page = await get_page(async_client, EXTENSIONS + "?sort=name")

    assert 'href="/en-US/firefox/extensions/?sort=name&amp;page=2"' in page.html


@pytest.mark.parametrize("value", ["0", "-1", "abc", "999999", "2", "1.5", "٣", ""])
async def test_browse_bad_page_numbers(live_db, async_client, value):
    await sync_to_async(AddonFactory)()

    page = await get_page(async_client, EXTENSIONS + f"?page={value}")

    # One add-on fills page 1 only; an empty ?page= means page 1.
    expected = 200 if value == "" else 404
    assert page.status == expected
    if expected == 404:
        assert "Page not found" in page.html


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("0", "This page number is not valid."),
        ("abc", "This page number is not valid."),
        ("2", "This listing has only 1 page."),
        ("501", "Listings show their first 500 pages only."),
        # Longer than int() parses from a string.
        ("9" * 5000, "Listings show their first 500 pages only."),
    ],
)
async def test_browse_bad_page_reasons(live_db, async_client, value, reason):
    await sync_to_async(AddonFactory)()

    page = await get_page(async_client, EXTENSIONS + f"?page={value}")

    assert page.status == 404
    assert reason in page.html
    assert "may have been removed" not in page.html
    assert "9" * 50 not in page.html


def build_capped_listing(count: int) -> None:
    """Bulk-create `count` listed extensions, more than listings show.

    bulk_create bypasses Addon.save(), so guid_key and sort_name are set
    here.
    """
    Addon.objects.bulk_create(
        (
            Addon(
                slug=f"many-{index}",
                guid=f"many{index}@example.com",
                guid_key=f"many{index}@example.com",
                type=AddonType.EXTENSION,
                status=AddonStatus.PUBLIC,
                name={"en-US": f"Many {index}"},
                sort_name=f"many {index}",
                average_daily_users=count - index,
            )
            for index in range(count)
        ),
        batch_size=1000,
    )


async def test_browse_capped_listing(live_db, async_client):
    shown = PAGE_SIZE * MAX_PAGES
    await sync_to_async(build_capped_listing)(shown + 1)

    first = await get_page(async_client, EXTENSIONS)
    german = await get_page(async_client, "/de/firefox/extensions/")
    last = await get_page(async_client, EXTENSIONS + f"?page={MAX_PAGES}")
    past = await get_page(async_client, EXTENSIONS + f"?page={MAX_PAGES + 1}")

    assert first.status == 200
    assert "Showing 1–20 of 10,001" in first.html
    assert (
        '<p class="listing-cap">Only the first 10,000 add-ons are shown; pick a '
        "category or another sort to see others.</p>"
    ) in first.html
    assert "10.000" in german.html.split('class="listing-cap"')[1]
    # The pagination's last link is the last page shown, never past it.
    assert f'href="/en-US/firefox/extensions/?page={MAX_PAGES}"' in first.html
    assert f"?page={MAX_PAGES + 1}" not in first.html
    assert last.status == 200
    assert len(names_in_order(last.html)) == PAGE_SIZE
    assert 'rel="next"' not in last.html
    assert f"?page={MAX_PAGES + 1}" not in last.html
    assert past.status == 404
    assert "Listings show their first 500 pages only." in past.html


async def test_browse_category_cap_hint(live_db, async_client):
    def build():
        build_capped_listing(PAGE_SIZE * MAX_PAGES + 1)
        tabs = Category.objects.get(
            application=ApplicationChoices.FIREFOX,
            type=AddonType.EXTENSION,
            slug="tabs",
        )
        tabs.addons.set(Addon.objects.all())

    await sync_to_async(build)()

    page = await get_page(async_client, EXTENSIONS + "tabs/")

    assert (
        '<p class="listing-cap">Only the first 10,000 add-ons are shown; pick '
        "another sort to see others.</p>"
    ) in page.html


async def test_browse_uncapped_listing_has_no_note(live_db, async_client):
    await sync_to_async(build_capped_listing)(PAGE_SIZE * 2)

    page = await get_page(async_client, EXTENSIONS)

    assert "listing-cap" not in page.html


async def test_browse_loads_category_strip_script(live_db, async_client):
    page = await get_page(async_client, EXTENSIONS + "tabs/")

    assert re.search(
        r'<script src="/static/js/category-strip\.[0-9a-f]{12}\.js" defer>',
        page.html,
    )
    assert inline_code(page.html) == []


async def test_browse_empty_listing(live_db, async_client):
    page = await get_page(async_client, "/en-US/firefox/search-tools/")

    assert page.status == 200
    assert "No add-ons found." in page.html
    assert "No add-ons are listed here yet." in page.html


async def test_browse_query_budget(live_db, async_client):
    await sync_to_async(build_sortable_extensions)()

    listing = await get_page(async_client, EXTENSIONS)
    category = await get_page(async_client, EXTENSIONS + "tabs/?sort=rating")
    warm = await get_page(async_client, EXTENSIONS)

    # The type's categories, then the page (its cards whole) and its count
    # at once. The category comes from the list of categories, which the
    # first page cached, so the category page costs its listing alone.
    assert listing.query_count == 3
    assert category.query_count == 2
    # Cached: the categories' ids and their rows, then the page's ids with
    # its count in one call and its cards in one more.
    assert warm.query_count == 0
    assert warm.cache_reads == ["aget_many"] * 4


async def test_browse_themes_show_previews(live_db, async_client):
    def build():
        theme = AddonFactory(
            name={"en-US": "Dusk"},
            type=AddonType.STATICTHEME,
            average_daily_users=2000,
        )
        StoredPreviewFactory(addon=theme, position=0)
        AddonFactory(
            name={"en-US": "Plain theme"},
            type=AddonType.STATICTHEME,
            average_daily_users=1000,
        )
        return theme

    theme = await sync_to_async(build)()

    page = await get_page(async_client, "/en-US/firefox/themes/")

    # Themes add one query for their stored previews, and on MariaDB one
    # to read the page's ids before its cards.
    assert page.query_count == 4 + merged_listing_queries()
    assert f'src="/user-media/previews/{theme.pk}/0-thumb.png"' in page.html
    assert names_in_order(page.html) == ["Dusk", "Plain theme"]
    # A theme without a stored preview keeps its icon.
    assert page.html.count('class="card-icon"') == 1


@pytest.mark.parametrize("sort", ["users", "name"])
async def test_browse_merges_theme_types(live_db, async_client, sort):
    def build():
        # Three theme types interleaved, so every page mixes them.
        types = (AddonType.STATICTHEME, AddonType.PERSONA, AddonType.THEME)
        for index in range(25):
            AddonFactory(
                name={"en-US": f"Theme {index:02d}"},
                type=types[index % 3],
                average_daily_users=1000 - index,
            )
        AddonFactory(
            name={"en-US": "Theme pending"},
            type=AddonType.STATICTHEME,
            status=AddonStatus.NOMINATED,
        )

    await sync_to_async(build)()

    first = await get_page(async_client, f"/en-US/firefox/themes/?sort={sort}")
    second = await get_page(async_client, f"/en-US/firefox/themes/?sort={sort}&page=2")

    expected = [f"Theme {index:02d}" for index in range(25)]
    assert names_in_order(first.html) == expected[:20]
    assert names_in_order(second.html) == expected[20:]
    assert "Showing 21–25 of 25" in second.html
