"""The old browse URLs: types, category ids, sorts and caching."""

import pytest

from amo.addons.queries import LISTING_SORTS
from amo.core.constants import CATEGORIES, TYPE_LISTINGS_BY_SLUG
from amo.legacy import browse

PREFIX = "/en-US/firefox"
YEAR = "max-age=31536000"


@pytest.mark.parametrize(
    ("old", "target"),
    [
        ("/browse/type:1", "/extensions/"),
        ("/browse/type:1/", "/extensions/"),
        ("/browse/type:1/cat:all", "/extensions/"),
        ("/browse/type:1/cat:93", "/extensions/tabs/"),
        ("/browse/type:1/cat:72/format:rss", "/extensions/alerts-updates/"),
        ("/browse/type:1/cat:143", "/extensions/photos-music-videos/"),
        # A category id of another type, or one amo does not know.
        ("/browse/type:1/cat:95", "/extensions/"),
        ("/browse/type:1/cat:99999", "/extensions/"),
        ("/browse/type:1/cat:" + "9" * 40, "/extensions/"),
        ("/browse/type:2", "/themes/"),
        ("/browse/type:9/cat:326", "/themes/film-and-tv/"),
        ("/browse/type:10/cat:402", "/themes/nature/"),
        ("/browse/type:3/cat:95", "/dictionaries/general/"),
        ("/browse/type:5/cat:98", "/language-packs/general/"),
        ("/browse/type:6", "/language-packs/"),
        ("/browse/type:4", "/search-tools/"),
        # Types that amo has no listing for go to the extensions.
        ("/browse/type:0", "/extensions/"),
        ("/browse/type:7", "/extensions/"),
        ("/browse/type:" + "1" * 30, "/extensions/"),
        # Sorts, in the path and in the query string.
        ("/browse/type:1/sort:newest", "/extensions/?sort=created"),
        ("/browse/type:1/sort:weeklydownloads", "/extensions/?sort=downloads"),
        ("/browse/type:1/sort:averagerating", "/extensions/?sort=rating"),
        ("/browse/type:1/sort:popular", "/extensions/?sort=users"),
        ("/browse/type:1/sort:name", "/extensions/?sort=name"),
        ("/browse/type:1/sort:updated", "/extensions/?sort=updated"),
        ("/browse/type:1/sort:bogus", "/extensions/"),
        (
            "/browse/type:1/cat:22/sort:popular/format:rss",
            "/extensions/bookmarks/?sort=users",
        ),
        ("/browse/type:1?sort=newest", "/extensions/?sort=created"),
        ("/browse/type:1/sort:name?sort=updated", "/extensions/?sort=updated"),
        ("/browse/type:1/sort:name?sort=bogus", "/extensions/?sort=name"),
        ("/browse/type:1?sort=bogus&page=3&src=x", "/extensions/"),
        (
            "/browse/type:1/cat:22/sort:newest/page:2/extra",
            "/extensions/bookmarks/?sort=created",
        ),
    ],
)
async def test_browse_redirect(live_db, async_client, old, target):
    path, _, query = old.partition("?")
    response = await async_client.get(PREFIX + path + ("?" + query if query else ""))
    assert response.status_code == 301
    assert response["Location"] == PREFIX + target
    assert response["Cache-Control"] == YEAR

    landing = await async_client.get(response["Location"])
    assert landing.status_code == 200


async def test_negotiated_browse_redirect_is_private(live_db, async_client):
    response = await async_client.get(
        "/browse/type:1/cat:22", headers={"accept-language": "de"}
    )
    assert response["Location"] == "/de/firefox/extensions/bookmarks/"
    assert "private" in response["Cache-Control"]
    assert YEAR in response["Cache-Control"]
    assert "Accept-Language" in response["Vary"]


def test_category_ids_name_categories_that_exist():
    known = {(definition.type, definition.slug) for definition in CATEGORIES}
    for category_id, category in browse.CATEGORY_IDS.items():
        assert category in known, category_id


def test_type_slugs_are_listings():
    for type_id, slug in browse.TYPE_SLUGS.items():
        assert slug in TYPE_LISTINGS_BY_SLUG, type_id


def test_sorts_are_listing_sorts():
    for old, current in browse.SORTS.items():
        assert current in LISTING_SORTS, old
    for current in LISTING_SORTS:
        assert browse.SORTS[current] == current


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("film and tv", "film-and-tv"),
        ("Film And TV", "film-and-tv"),
        ("nature", "nature"),
        ("film-and-tv", "film-and-tv"),
        ("animals", None),
        ("", None),
        (None, None),
    ],
)
def test_persona_category(name, slug):
    assert browse.theme_category(name) == slug
