"""The search page: results, filters, sorts, pagination and bad parameters.

The page calls `amo.api.search.search_addons` for ids, so its query budget
is stated as the backend's own queries plus the page's: the tests measure
the backend alone on the same query.
"""

import datetime
import re

import pytest
from asgiref.sync import sync_to_async
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from amo.addons.models import Addon
from amo.addons.search_views import MAX_SEARCH_PAGES, SEARCH_PAGE_SIZE
from amo.api.search import MAX_RESULT_WINDOW, SearchQuery, search_addons
from amo.core.constants import (
    FIREFOX,
    AddonStatus,
    AddonType,
    ApplicationChoices,
    Channel,
    PromotedCategory,
)
from amo.core.db import capture_queries
from amo.versions.models import ApplicationsVersions, License, Version
from tests.factories import AddonFactory, StoredPreviewFactory, VersionFactory
from tests.pages.helpers import get_page, inline_code

SEARCH = "/en-US/firefox/search/"


def names_in_order(html: str) -> list[str]:
    """The add-on names of a page's cards, in page order."""
    return re.findall(r'<h3 class="card-name"><a [^>]*>([^<]+)</a>', html)


def heading(html: str) -> str:
    """The page's h1, with its tags removed."""
    match = re.search(r'<h1 id="listing-heading">(.*?)</h1>', html, re.DOTALL)
    assert match, "the page has no listing heading"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def box_value(html: str) -> str:
    match = re.search(r'<input class="site-search-input"[^>]* value="([^"]*)"', html)
    assert match, "the page has no header search box"
    return match.group(1)


async def backend_queries(query: SearchQuery) -> int:
    """Return how many queries search_addons runs for `query` by itself."""
    with capture_queries() as log:
        await search_addons(query)
    return log.count


def page_query(q: str = "", **fields) -> SearchQuery:
    """The SearchQuery that the page builds for en-US and Firefox."""
    sort = ("relevance",) if q else ("users",)
    return SearchQuery(
        q=q,
        app=FIREFOX,
        sort=sort,
        page_size=SEARCH_PAGE_SIZE,
        lang="en-US",
        **fields,
    )


def build_tab_tools() -> None:
    AddonFactory(name={"en-US": "Tab Grouper"}, average_daily_users=500)
    AddonFactory(name={"en-US": "Tab Counter"}, average_daily_users=300)
    AddonFactory(name={"en-US": "Dark Reader Lite"}, average_daily_users=900)
    AddonFactory(
        name={"en-US": "Tab Pending"},
        status=AddonStatus.NOMINATED,
        average_daily_users=10_000,
    )


def build_sortable() -> None:
    now = timezone.now()
    AddonFactory(
        name={"en-US": "Sortable Bravo"},
        average_daily_users=300,
        bayesian_rating=3.0,
        weekly_downloads=10,
        created=now - datetime.timedelta(days=30),
        last_updated=now - datetime.timedelta(days=1),
    )
    AddonFactory(
        name={"en-US": "Sortable alpha"},
        average_daily_users=200,
        bayesian_rating=4.5,
        weekly_downloads=30,
        created=now - datetime.timedelta(days=20),
        last_updated=now - datetime.timedelta(days=3),
    )
    AddonFactory(
        name={"en-US": "Sortable Charlie"},
        average_daily_users=100,
        bayesian_rating=4.0,
        weekly_downloads=20,
        created=now - datetime.timedelta(days=10),
        last_updated=now - datetime.timedelta(days=2),
    )


def build_android_addon(name: str, *, categories: list[str] = ()) -> Addon:
    """An extension compatible with Firefox for Android only."""
    addon = AddonFactory(name={"en-US": name}, versions=0, categories=categories)
    version = VersionFactory(
        addon=addon, compatibility={ApplicationChoices.ANDROID: ("120.0", "*")}
    )
    addon.current_version = version
    addon.save(update_fields=["current_version"])
    return addon


# --- Results ------------------------------------------------------------


async def test_search_keeps_unknown_compatibility(live_db, async_client):
    def build() -> None:
        AddonFactory(name={"en-US": "Orphan Clock"}, versions=0)
        unstated = AddonFactory(name={"en-US": "Unstated Clock"})
        unstated.current_version.compatible_apps.all().delete()
        build_android_addon("Android Clock")

    await sync_to_async(build)()

    page = await get_page(async_client, SEARCH + "?q=clock")

    assert page.status == 200
    assert sorted(names_in_order(page.html)) == ["Orphan Clock", "Unstated Clock"]


async def test_search_finds_matching_addons(live_db, async_client):
    await sync_to_async(build_tab_tools)()

    page = await get_page(async_client, SEARCH + "?q=tab")

    assert page.status == 200
    assert sorted(names_in_order(page.html)) == ["Tab Counter", "Tab Grouper"]
    assert heading(page.html) == "2 results for “tab”"
    assert "<bdi>tab</bdi>" in page.html
    assert box_value(page.html) == "tab"
    assert "<title>Search results for “tab” – " in page.html
    assert '<meta name="robots" content="noindex">' in page.html
    assert inline_code(page.html) == []


async def test_search_count_is_singular(live_db, async_client):
    await sync_to_async(build_tab_tools)()

    page = await get_page(async_client, SEARCH + "?q=grouper")

    assert names_in_order(page.html) == ["Tab Grouper"]
    assert heading(page.html) == "1 result for “grouper”"


async def test_search_count_in_german(live_db, async_client):
    def build():
        Addon.objects.bulk_create(
            Addon(
                slug=f"zahl-{index}",
                guid=f"zahl{index}@example.com",
                guid_key=f"zahl{index}@example.com",
                type=AddonType.EXTENSION,
                status=AddonStatus.PUBLIC,
                name={"en-US": f"Zahl {index}"},
                sort_name=f"zahl {index}",
            )
            for index in range(1001)
        )
        attach_firefox_versions()

    await sync_to_async(build)()

    page = await get_page(async_client, "/de/firefox/search/")

    assert page.status == 200
    assert "1.001" in heading(page.html)


async def test_search_escapes_the_query(live_db, async_client):
    page = await get_page(async_client, SEARCH + "?q=%3Cscript%3Ealert(1)")

    assert page.status == 200
    assert "<script>alert" not in page.html
    assert "&lt;script&gt;alert(1)" in page.html


async def test_search_query_is_trimmed_and_capped(live_db, async_client):
    page = await get_page(async_client, SEARCH + "?q=%20%20" + "x" * 150 + "%20")

    assert page.status == 200
    assert box_value(page.html) == "x" * 100


async def test_search_query_drops_control_characters(live_db, async_client):
    await sync_to_async(build_tab_tools)()

    page = await get_page(async_client, SEARCH + "?q=tab%00counter%1b%7f")
    blank = await get_page(async_client, SEARCH + "?q=%00%0a%09")

    assert page.status == 200
    assert "\x00" not in page.html
    assert "\x1b" not in page.html
    assert box_value(page.html) == "tab counter"
    assert names_in_order(page.html) == ["Tab Counter"]
    assert blank.status == 200
    assert box_value(blank.html) == ""


async def test_search_without_query_lists_by_users(live_db, async_client):
    def build():
        AddonFactory(name={"en-US": "Middle"}, average_daily_users=500)
        AddonFactory(
            name={"en-US": "Top Theme"},
            type=AddonType.STATICTHEME,
            average_daily_users=900,
        )
        AddonFactory(name={"en-US": "Bottom"}, average_daily_users=100)
        AddonFactory(name={"en-US": "Hidden"}, disabled_by_user=True)

    await sync_to_async(build)()

    page = await get_page(async_client, SEARCH)

    assert page.status == 200
    assert names_in_order(page.html) == ["Top Theme", "Middle", "Bottom"]
    assert heading(page.html) == "3 add-ons"
    assert box_value(page.html) == ""
    assert '<span class="sort-current" aria-current="true">Most users</span>' in (
        page.html
    )
    # Relevance needs search words, so it is not offered.
    assert "Relevance" not in page.html


async def test_search_cards_match_listing_cards(live_db, async_client):
    await sync_to_async(AddonFactory)(
        name={"en-US": "Card Tool"},
        summary={"en-US": "Short pitch."},
        average_daily_users=4321,
        average_rating=3.5,
        total_ratings=7,
    )

    search = await get_page(async_client, SEARCH + "?q=card")
    listing = await get_page(async_client, "/en-US/firefox/extensions/")

    def card(html: str) -> str:
        return html.split('<li class="card">')[1].split("</li>")[0]

    assert card(search.html) == card(listing.html)
    assert "4,321 users" in card(search.html)


async def test_search_themes_show_previews(live_db, async_client):
    def build():
        theme = AddonFactory(name={"en-US": "Dusk Theme"}, type=AddonType.STATICTHEME)
        StoredPreviewFactory(addon=theme, position=0)
        return theme

    theme = await sync_to_async(build)()

    page = await get_page(async_client, SEARCH + "?q=dusk&type=statictheme")

    assert names_in_order(page.html) == ["Dusk Theme"]
    assert f'src="/user-media/previews/{theme.pk}/0-thumb.png"' in page.html


# --- Filters ------------------------------------------------------------


async def test_search_type_filter(live_db, async_client):
    def build():
        AddonFactory(name={"en-US": "Forest Tool"})
        AddonFactory(name={"en-US": "Forest Theme"}, type=AddonType.STATICTHEME)
        AddonFactory(name={"en-US": "Forest Persona"}, type=AddonType.PERSONA)
        AddonFactory(name={"en-US": "Forest Words"}, type=AddonType.DICTIONARY)

    await sync_to_async(build)()

    everything = await get_page(async_client, SEARCH + "?q=forest")
    themes = await get_page(async_client, SEARCH + "?q=forest&type=statictheme")
    dictionaries = await get_page(async_client, SEARCH + "?q=forest&type=dictionary")

    assert len(names_in_order(everything.html)) == 4
    # "statictheme" stands for every kind of theme, as the themes listing.
    assert sorted(names_in_order(themes.html)) == ["Forest Persona", "Forest Theme"]
    assert names_in_order(dictionaries.html) == ["Forest Words"]
    assert '<span class="category-current" aria-current="true">Themes</span>' in (
        themes.html
    )
    assert '<p class="filter-note">Themes</p>' in themes.html
    # Switching type keeps the words and drops the category.
    assert 'href="/en-US/firefox/search/?q=forest&amp;type=extension"' in themes.html
    assert 'href="/en-US/firefox/search/?q=forest">All types</a>' in themes.html


async def test_search_category_filter(live_db, async_client):
    def build():
        AddonFactory(name={"en-US": "Focus Tabs"}, categories=["tabs"])
        AddonFactory(name={"en-US": "Focus Marks"}, categories=["bookmarks"])

    await sync_to_async(build)()

    typed = await get_page(async_client, SEARCH + "?q=focus&type=extension")
    tabs = await get_page(async_client, SEARCH + "?q=focus&type=extension&cat=tabs")

    assert sorted(names_in_order(typed.html)) == ["Focus Marks", "Focus Tabs"]
    assert names_in_order(tabs.html) == ["Focus Tabs"]
    assert '<p class="filter-note">Extensions in Tabs</p>' in tabs.html
    assert '<span class="category-current" aria-current="true">Tabs</span>' in (
        tabs.html
    )
    assert (
        'href="/en-US/firefox/search/?q=focus&amp;type=extension&amp;cat=bookmarks"'
        in tabs.html
    )
    assert 'href="/en-US/firefox/search/?q=focus&amp;type=extension">' in tabs.html


async def test_search_categories_only_with_a_type(live_db, async_client):
    untyped = await get_page(async_client, SEARCH + "?q=x")
    themes = await get_page(async_client, SEARCH + "?q=x&type=statictheme")

    assert "Category</h2>" not in untyped.html
    assert "cat=" not in untyped.html
    assert "cat=nature" in themes.html
    assert "cat=tabs" not in themes.html


async def test_search_filters_by_application(live_db, async_client):
    def build():
        AddonFactory(name={"en-US": "Desktop Only"}, categories=["tabs"])
        build_android_addon("Phone Only", categories=["tabs"])

    await sync_to_async(build)()

    firefox = await get_page(async_client, SEARCH + "?q=only")
    android = await get_page(async_client, "/en-US/android/search/?q=only")
    android_tabs = await get_page(
        async_client, "/en-US/android/search/?q=only&type=extension&cat=tabs"
    )

    assert names_in_order(firefox.html) == ["Desktop Only"]
    assert names_in_order(android.html) == ["Phone Only"]
    # The factory files Phone Only under Firefox's Tabs category only, and
    # the filter uses the categories of the page's application.
    assert names_in_order(android_tabs.html) == []
    assert (
        'href="/en-US/android/search/?q=only&amp;type=extension&amp;cat=bookmarks"'
        in android_tabs.html
    )


# --- Sorts --------------------------------------------------------------


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("users", ["Sortable Bravo", "Sortable alpha", "Sortable Charlie"]),
        ("rating", ["Sortable alpha", "Sortable Charlie", "Sortable Bravo"]),
        ("created", ["Sortable Charlie", "Sortable alpha", "Sortable Bravo"]),
        ("updated", ["Sortable Bravo", "Sortable Charlie", "Sortable alpha"]),
        ("name", ["Sortable alpha", "Sortable Bravo", "Sortable Charlie"]),
        ("downloads", ["Sortable alpha", "Sortable Charlie", "Sortable Bravo"]),
    ],
)
@pytest.mark.parametrize("q", ["", "sortable"])
async def test_search_sorts(live_db, async_client, sort, expected, q):
    await sync_to_async(build_sortable)()

    page = await get_page(async_client, SEARCH + f"?q={q}&sort={sort}")

    assert page.status == 200
    assert names_in_order(page.html) == expected
    assert 'class="sort-current" aria-current="true"' in page.html


async def test_search_sort_links(live_db, async_client):
    relevance = await get_page(async_client, SEARCH + "?q=tab")
    by_name = await get_page(async_client, SEARCH + "?q=tab&sort=name")
    browse = await get_page(async_client, SEARCH + "?sort=name")

    assert '<span class="sort-current" aria-current="true">Relevance</span>' in (
        relevance.html
    )
    assert 'href="/en-US/firefox/search/?q=tab&amp;sort=users"' in relevance.html
    # The default sort stays out of its links.
    assert 'href="/en-US/firefox/search/?q=tab">Relevance</a>' in by_name.html
    assert 'href="/en-US/firefox/search/">Most users</a>' in browse.html


@pytest.mark.parametrize(
    ("legacy", "current"),
    [
        ("popular", "users"),
        ("newest", "created"),
        ("averagerating", "rating"),
        ("weeklydownloads", "downloads"),
    ],
)
async def test_search_legacy_sorts_redirect(live_db, async_client, legacy, current):
    response = await async_client.get(SEARCH + f"?q=tab&sort={legacy}&page=3")

    assert response.status_code == 301
    assert response["Location"] == f"/en-US/firefox/search/?q=tab&sort={current}"


# --- Pagination ---------------------------------------------------------


def build_paged(count: int = 45) -> None:
    for index in range(count):
        AddonFactory(
            name={"en-US": f"Paged Extension {index:02d}"},
            average_daily_users=1000 - index,
        )


async def test_search_pagination(live_db, async_client):
    await sync_to_async(build_paged)()

    first = await get_page(async_client, SEARCH + "?q=paged&sort=users")
    second = await get_page(async_client, SEARCH + "?q=paged&sort=users&page=2")
    last = await get_page(async_client, SEARCH + "?q=paged&sort=users&page=3")

    assert len(names_in_order(first.html)) == SEARCH_PAGE_SIZE
    assert names_in_order(second.html)[0] == "Paged Extension 20"
    assert names_in_order(last.html) == [
        f"Paged Extension {index}" for index in range(40, 45)
    ]
    assert heading(first.html) == "45 results for “paged”"
    assert "Showing 1–20 of 45" in first.html
    assert "Showing 41–45 of 45" in last.html
    assert (
        'rel="next" href="/en-US/firefox/search/?q=paged&amp;sort=users&amp;page=2"'
        in first.html
    )
    assert 'rel="prev"' not in first.html
    assert 'rel="prev" href="/en-US/firefox/search/?q=paged&amp;sort=users"' in (
        second.html
    )
    assert 'rel="next"' not in last.html
    assert '<span class="page-current" aria-current="page">3</span>' in last.html


async def test_search_single_page_has_no_pagination(live_db, async_client):
    await sync_to_async(build_paged)(3)

    page = await get_page(async_client, SEARCH + "?q=paged")

    assert 'class="pagination"' not in page.html
    assert "Showing" not in page.html


@pytest.mark.parametrize("value", ["0", "-1", "abc", "1.5", "٣", " 2", "00"])
async def test_search_invalid_page_numbers(live_db, async_client, value):
    page = await get_page(async_client, SEARCH + f"?q=tab&page={value}")

    assert page.status == 400
    assert f"Invalid page number “{value}”" in page.html
    assert "use a whole number from 1 to 1,250" in page.html
    assert page.query_count == 0
    # The way out keeps the words and drops the page.
    assert 'href="/en-US/firefox/search/?q=tab">' in page.html


@pytest.mark.parametrize("value", [str(MAX_SEARCH_PAGES + 1), "999999", "9" * 5000])
async def test_search_pages_past_the_window(live_db, async_client, value):
    page = await get_page(async_client, SEARCH + f"?q=tab&page={value}")

    assert page.status == 404
    assert "Search shows its first 1,250 pages only." in page.html
    assert page.query_count == 0
    assert "9" * 50 not in page.html


async def test_search_page_past_the_last(live_db, async_client):
    await sync_to_async(build_paged)(3)

    empty = await get_page(async_client, SEARCH + "?q=nothing-matches")
    past = await get_page(async_client, SEARCH + "?q=paged&page=2")
    leading_zero = await get_page(async_client, SEARCH + "?q=paged&page=01")

    # Page 1 of an empty search exists and shows that nothing matched.
    assert empty.status == 200
    assert past.status == 404
    assert "This search has only 1 page." in past.html
    assert leading_zero.status == 200


def attach_firefox_versions() -> None:
    """Give every add-on without a version one that is Firefox-compatible.

    The search filters on compatibility with the page's application.
    """
    mpl = License.objects.get(slug="MPL-2.0")
    bare = Addon.objects.filter(current_version__isnull=True)
    versions = Version.objects.bulk_create(
        (
            Version(addon_id=pk, version="1.0", channel=Channel.LISTED, license=mpl)
            for pk in bare.values_list("pk", flat=True)
        ),
        batch_size=1000,
    )
    ApplicationsVersions.objects.bulk_create(
        (
            ApplicationsVersions(
                version=version,
                application=ApplicationChoices.FIREFOX,
                min="115.0",
                max="*",
            )
            for version in versions
        ),
        batch_size=1000,
    )
    bare.update(
        current_version=Subquery(
            Version.objects.filter(addon=OuterRef("pk")).values("pk")[:1]
        )
    )


def build_capped(count: int) -> None:
    """Bulk-create `count` listed extensions, with Firefox versions.

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
    attach_firefox_versions()


@pytest.mark.slow
async def test_search_result_window_cap(live_db, async_client):
    await sync_to_async(build_capped)(MAX_RESULT_WINDOW + 1)

    first = await get_page(async_client, SEARCH)
    last = await get_page(async_client, SEARCH + f"?page={MAX_SEARCH_PAGES}")
    past = await get_page(async_client, SEARCH + f"?page={MAX_SEARCH_PAGES + 1}")

    assert first.status == 200
    assert heading(first.html) == "25,001 add-ons"
    assert (
        '<p class="listing-cap">Only the first 25,000 results are shown; add words '
        "or pick a type or category to see others.</p>"
    ) in first.html
    # The pagination's last link is the last page in the window.
    assert f'href="/en-US/firefox/search/?page={MAX_SEARCH_PAGES}"' in first.html
    assert f"page={MAX_SEARCH_PAGES + 1}" not in first.html
    assert last.status == 200
    assert names_in_order(last.html)[-1] == f"Many {MAX_RESULT_WINDOW - 1}"
    assert len(names_in_order(last.html)) == SEARCH_PAGE_SIZE
    assert 'rel="next"' not in last.html
    assert f"page={MAX_SEARCH_PAGES + 1}" not in last.html
    assert past.status == 404


async def test_search_under_the_window_has_no_cap_note(live_db, async_client):
    await sync_to_async(build_paged)(21)

    page = await get_page(async_client, SEARCH + "?q=paged")

    assert "listing-cap" not in page.html


# --- Empty state --------------------------------------------------------


async def test_search_empty_state(live_db, async_client):
    await sync_to_async(build_tab_tools)()

    plain = await get_page(async_client, SEARCH + "?q=zzzz")
    filtered = await get_page(
        async_client, SEARCH + "?q=grouper&type=extension&cat=bookmarks"
    )

    assert plain.status == 200
    assert heading(plain.html) == "0 results for “zzzz”"
    assert "No add-ons match “<bdi>zzzz</bdi>”." in plain.html
    assert "Check the spelling of each word." in plain.html
    assert 'href="/en-US/firefox/extensions/">Browse extensions</a>' in plain.html
    assert 'class="pagination"' not in plain.html
    assert filtered.status == 200
    assert (
        'href="/en-US/firefox/search/?q=grouper&amp;type=extension">Search every '
        "category of Extensions</a>"
    ) in filtered.html
    assert (
        'href="/en-US/firefox/search/?q=grouper">Search every type of add-on</a>'
    ) in filtered.html


async def test_search_empty_without_query(live_db, async_client):
    page = await get_page(async_client, SEARCH + "?type=search")

    assert page.status == 200
    assert heading(page.html) == "0 add-ons"
    assert "No add-ons match these filters." in page.html
    assert "Check the spelling" not in page.html


# --- Bad parameters -----------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message", "recovery"),
    [
        (
            "q=tab&type=bogus",
            "Invalid type “bogus”: use one of extension, statictheme, "
            "dictionary, language, search.",
            "/en-US/firefox/search/?q=tab",
        ),
        (
            "q=tab&type=bogus&cat=tabs",
            "Invalid type “bogus”",
            "/en-US/firefox/search/?q=tab",
        ),
        (
            "q=tab&cat=tabs",
            "The category “tabs” needs a type: pick a type, then a category.",
            "/en-US/firefox/search/?q=tab",
        ),
        (
            "q=tab&type=statictheme&cat=tabs",
            "Invalid category “tabs” for Themes: use one of abstract,",
            "/en-US/firefox/search/?q=tab&amp;type=statictheme",
        ),
        (
            "q=tab&sort=bogus",
            "Invalid sort “bogus”: use one of relevance, users, rating, created, "
            "updated, name, downloads.",
            "/en-US/firefox/search/?q=tab",
        ),
        (
            "sort=relevance&type=extension",
            "Sorting by relevance needs search words",
            "/en-US/firefox/search/?type=extension",
        ),
        (
            "q=tab&sort=users,rating",
            "Invalid sort “users,rating”",
            "/en-US/firefox/search/?q=tab",
        ),
    ],
)
async def test_search_bad_parameters(live_db, async_client, query, message, recovery):
    page = await get_page(async_client, SEARCH + "?" + query)

    assert page.status == 400
    assert "This search has invalid values" in page.html
    assert message in page.html
    assert f'href="{recovery}">Search without the invalid values</a>' in page.html
    assert page.query_count == 0
    assert inline_code(page.html) == []


async def test_search_lists_every_bad_parameter(live_db, async_client):
    page = await get_page(async_client, SEARCH + "?q=tab&type=x&sort=y&page=z")

    assert page.status == 400
    assert "Invalid type “x”" in page.html
    assert "Invalid sort “y”" in page.html
    assert "Invalid page number “z”" in page.html
    assert box_value(page.html) == "tab"


async def test_search_long_bad_value_is_cut(live_db, async_client):
    page = await get_page(async_client, SEARCH + "?type=" + "x" * 5000)

    assert page.status == 400
    assert "Invalid type “" + "x" * 40 + "…”" in page.html
    assert "x" * 41 not in page.html


async def test_search_ignores_unknown_parameters(live_db, async_client):
    await sync_to_async(build_tab_tools)()

    page = await get_page(async_client, SEARCH + "?q=tab&utm_source=mail&category=x")

    assert page.status == 200
    assert len(names_in_order(page.html)) == 2


# --- Query budget -------------------------------------------------------


async def test_search_query_budget(live_db, async_client):
    await sync_to_async(build_tab_tools)()

    plain = await get_page(async_client, SEARCH + "?q=tab")
    typed = await get_page(async_client, SEARCH + "?q=tab&type=extension&cat=tabs")
    browse = await get_page(async_client, SEARCH)
    empty = await get_page(async_client, SEARCH + "?q=zzzz")

    extensions = (AddonType.EXTENSION,)
    # The page adds the rows of the add-ons found, and with a type, its
    # categories. A page without results reads no rows.
    assert plain.query_count == await backend_queries(page_query("tab")) + 1
    assert typed.query_count == (
        await backend_queries(page_query("tab", types=extensions, category="tabs")) + 1
    )
    assert browse.query_count == await backend_queries(page_query()) + 1
    assert empty.query_count == await backend_queries(page_query("zzzz"))


async def test_search_theme_budget(live_db, async_client):
    def build():
        theme = AddonFactory(name={"en-US": "Budget Theme"}, type=AddonType.STATICTHEME)
        StoredPreviewFactory(addon=theme, position=0)

    await sync_to_async(build)()

    page = await get_page(async_client, SEARCH + "?q=budget&type=statictheme")

    themes = (AddonType.STATICTHEME, AddonType.PERSONA, AddonType.THEME)
    # Rows, categories and the themes' first previews.
    assert page.query_count == (
        await backend_queries(page_query("budget", types=themes)) + 3
    )


async def test_search_backend_budget(live_db, async_client):
    await sync_to_async(build_tab_tools)()

    # The backend's own cost, which the budgets above build on, stays small.
    assert await backend_queries(page_query("tab")) <= 3
    assert await backend_queries(page_query()) <= 3


# --- Links, locale and application --------------------------------------


async def test_search_links_keep_locale_and_app(live_db, async_client):
    def build():
        for index in range(21):
            addon = build_android_addon(f"Handy Tool {index:02d}")
            addon.slug = f"handy-{index}"
            addon.save(update_fields=["slug"])

    await sync_to_async(build)()

    page = await get_page(async_client, "/de/android/search/?q=handy")

    assert page.status == 200
    assert '<html lang="de"' in page.html
    assert '<form class="site-search" role="search" action="/de/android/search/"' in (
        page.html
    )
    assert 'data-app="android" data-lang="de"' in page.html
    assert len(re.findall(r'href="/de/android/addon/handy-\d+/"', page.html)) == 20
    assert 'href="/de/android/search/?q=handy&amp;type=extension"' in page.html
    assert 'href="/de/android/search/?q=handy&amp;sort=users"' in page.html
    assert 'rel="next" href="/de/android/search/?q=handy&amp;page=2"' in page.html
    assert "/en-US/" not in page.html.split("<footer")[0]
    assert "/firefox/" not in page.html.split("<footer")[0]


async def test_search_right_to_left(live_db, async_client):
    page = await get_page(async_client, "/ar/firefox/search/?q=tab")

    assert page.status == 200
    assert '<html lang="ar" dir="rtl">' in page.html
    assert re.search(r'href="/static/css/rtl\.[0-9a-f]{12}\.css"', page.html)


async def test_header_search_box_on_every_page(live_db, async_client):
    await sync_to_async(AddonFactory)(slug="boxed")

    for path in ("/fr/firefox/", "/fr/firefox/addon/boxed/", "/fr/firefox/themes/"):
        page = await get_page(async_client, path)
        assert page.status == 200, path
        assert 'action="/fr/firefox/search/" method="get"' in page.html, path
        assert 'name="q" value=""' in page.html, path
        assert 'data-suggest-url="/api/v5/addons/autocomplete/"' in page.html, path
        assert re.search(
            r'<script type="module" src="/static/js/search-suggestions\.'
            r'[0-9a-f]{12}\.js"></script>',
            page.html,
        ), path
        assert inline_code(page.html) == [], path


# --- Caching ------------------------------------------------------------


async def test_search_page_is_cached(live_db):
    import asgi
    from tests.asgi_client import request

    await sync_to_async(build_tab_tools)()
    application = asgi.build_application()

    first = await request(application, SEARCH, query=b"q=tab")
    with capture_queries() as queries:
        second = await request(application, SEARCH, query=b"q=tab")
    other = await request(application, SEARCH, query=b"q=dark")

    assert first.status == 200
    assert "set-cookie" not in first.headers
    assert first.headers["x-cache"] == "MISS"
    assert second.headers["x-cache"] == "HIT"
    assert queries.count == 0
    assert second.body == first.body
    assert other.headers["x-cache"] == "MISS"


async def test_search_recommended_addons_are_not_special(live_db, async_client):
    def build():
        AddonFactory(
            name={"en-US": "Picked Widget"},
            promoted=PromotedCategory.RECOMMENDED.value,
            average_daily_users=10,
        )
        AddonFactory(name={"en-US": "Plain Widget"}, average_daily_users=20)

    await sync_to_async(build)()

    page = await get_page(async_client, SEARCH + "?sort=users")

    # The page sorts by users alone, not by the API's default
    # recommended,users.
    assert names_in_order(page.html) == ["Plain Widget", "Picked Widget"]


def test_page_window_matches_backend():
    assert MAX_SEARCH_PAGES * SEARCH_PAGE_SIZE == MAX_RESULT_WINDOW
