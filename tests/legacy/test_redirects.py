"""Every old URL form lands on a page of the site in one redirect.

Each row of ROWS is an old URL without its prefix and the page it leads
to. Every row is requested in each form of VARIANTS (without a prefix, with
one, with `?lang=`, with Accept-Language, with and without a trailing
slash), and each answer's Location is followed once and must be a 200.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from django.test import AsyncClient

from tests.legacy.conftest import (
    OLD_ADDON_ID,
    OLD_HIDDEN_ADDON_ID,
    OLD_USER_ID,
    OldSite,
    signed_in,
)


@dataclass(frozen=True)
class Row:
    # The old path, without a prefix; {version}, {file}, {author} and
    # {plain} stand for the ids of the old_site rows.
    old: str
    # The path it leads to, after the /<locale>/<app> prefix.
    target: str
    status: int = 301
    # Who follows the redirect: "anonymous", "author" or "reviewer".
    visitor: str = "anonymous"
    # The old URL's own query string.
    query: dict[str, str] = field(default_factory=dict)
    # Whether the redirect keeps query parameters other than `lang`.
    keeps_query: bool = False
    max_age: int = 3600


YEAR = 365 * 24 * 3600
A = OLD_ADDON_ID

ROWS = [
    # Add-on pages, by addons.mozilla.org's id or by amo's primary key.
    Row(f"/addons/display/{A}", "/addon/tab-tamer/"),
    Row("/addons/display/{plain}", "/addon/plain-addon/"),
    Row(f"/persona/{A}", "/addon/tab-tamer/"),
    Row(f"/addons/contribute/{A}", "/addon/tab-tamer/"),
    Row(f"/addons/versions/{A}", "/addon/tab-tamer/versions/"),
    Row(f"/addons/versions/{A}/format:rss", "/addon/tab-tamer/versions/"),
    Row(f"/addons/policy/0/{A}/{{file}}", "/addon/tab-tamer/eula/"),
    Row(f"/addons/policy/0/{A}/", "/addon/tab-tamer/privacy/"),
    Row("/versions/license/{version}", "/addon/tab-tamer/license/1.0/"),
    Row("/versions/updateInfo/{version}", "/addon/tab-tamer/versions/1.0/updateinfo/"),
    # Users.
    Row(f"/users/info/{OLD_USER_ID}", "/user/{author}/"),
    # Listings.
    Row("/bookmarks", "/extensions/bookmarks/"),
    Row(
        "/browse/type:1/cat:22/sort:newest",
        "/extensions/bookmarks/?sort=created",
        max_age=YEAR,
    ),
    Row(
        "/browse/type:1",
        "/extensions/?sort=downloads",
        query={"sort": "weeklydownloads"},
        max_age=YEAR,
    ),
    Row("/browse/type:4/format:rss", "/search-tools/", max_age=YEAR),
    Row("/search-engines", "/search-tools/"),
    Row("/search-engines.php", "/search-tools/"),
    Row("/recommended", "/extensions/?promoted=recommended"),
    Row("/recommended/format:rss", "/extensions/?promoted=recommended"),
    Row("/personas", "/themes/"),
    Row("/personas/film%20and%20tv", "/themes/film-and-tv/"),
    # Static pages.
    Row("/pages/about", "/about/"),
    Row("/pages/faq", "/faq/"),
    # Developer hub and reviewer tools.
    Row(
        f"/developers/addon/edit/{A}",
        "/developers/addon/tab-tamer/edit/",
        301,
        "author",
    ),
    Row(
        f"/developers/addon/status/{A}",
        "/developers/addon/tab-tamer/status/",
        visitor="author",
    ),
    Row(
        f"/developers/versions/{A}",
        "/developers/addon/tab-tamer/versions/",
        visitor="author",
    ),
    Row(
        f"/developers/addons/{A}/ownership",
        "/developers/addon/tab-tamer/ownership/",
        visitor="author",
    ),
    Row(
        f"/developers/addons/{A}",
        "/developers/addon/tab-tamer/edit/",
        visitor="author",
    ),
    Row(
        f"/developers/addons/{A}/payments",
        "/developers/addon/tab-tamer/edit/",
        visitor="author",
    ),
    Row("/editors", "/reviewers/", visitor="reviewer", keeps_query=True),
    Row(
        "/editors/queue/nominated",
        "/reviewers/queue/pending/",
        visitor="reviewer",
        keeps_query=True,
    ),
    Row(
        "/editors/queue/unlisted",
        "/reviewers/queue/unlisted/",
        visitor="reviewer",
        keeps_query=True,
    ),
    Row(
        "/editors/logs",
        "/reviewers/?page=2",
        visitor="reviewer",
        query={"page": "2"},
        keeps_query=True,
    ),
    Row(
        "/editors/queue/reviews",
        "/reviewers/ratings/",
        visitor="reviewer",
        keeps_query=True,
    ),
    Row(
        "/editors/review/{version}",
        "/reviewers/review/{version}/",
        visitor="reviewer",
        keeps_query=True,
    ),
    # Ratings.
    Row(f"/reviews/display/{A}", "/addon/tab-tamer/reviews/"),
    Row(f"/reviews/add/{A}", "/addon/tab-tamer/reviews/add/"),
    Row(f"/addons/reviews/{A}/format:rss", "/addon/tab-tamer/reviews/"),
    # Collections: the directory has no page yet, so it is a 302.
    Row("/collections/editors_picks", "/", 302),
    Row("/collections/popular", "/", 302),
    Row("/collections/mine", "/collections/", visitor="author"),
    Row("/collections/favorites", "/collections/", visitor="author"),
]


@dataclass(frozen=True)
class Variant:
    name: str
    # The prefix written before the old path.
    prefix: str
    # The prefix of the Location.
    expected: str
    headers: dict[str, str] = field(default_factory=dict)
    # The `?lang=` the request carries, if any.
    lang: str = ""
    # Whether the locale came from Accept-Language.
    negotiated: bool = False
    # Whether the old path is written with its trailing slash flipped.
    flip_slash: bool = False
    # A query parameter that only rows that keep the query pass on.
    extra: bool = False


GERMAN = {"accept-language": "de"}

VARIANTS = [
    Variant("no prefix", "", "/de/firefox", GERMAN, negotiated=True),
    Variant("no prefix, no Accept-Language", "", "/en-US/firefox", negotiated=True),
    Variant(
        "no prefix, weighted Accept-Language",
        "",
        "/fr/firefox",
        {"accept-language": "xx, fr;q=0.8, de;q=0.2"},
        negotiated=True,
    ),
    Variant("locale and app", "/fr/firefox", "/fr/firefox", GERMAN),
    Variant("Android", "/pt-BR/android", "/pt-BR/android"),
    Variant("prefix in another case", "/EN-us/FIREFOX", "/en-US/firefox"),
    Variant("locale only", "/ja", "/ja/firefox", GERMAN),
    Variant(
        "app only",
        "/firefox",
        "/it/firefox",
        {"accept-language": "it"},
        negotiated=True,
    ),
    Variant("?lang= without prefix", "", "/sv-SE/firefox", GERMAN, lang="sv-SE"),
    Variant("?lang= over the prefix", "/fr/firefox", "/ja/firefox", lang="ja"),
    Variant("slash flipped", "/en-US/firefox", "/en-US/firefox", flip_slash=True),
    Variant("extra query", "/en-US/firefox", "/en-US/firefox", extra=True),
]


def ids_of(site: OldSite) -> dict[str, int]:
    return {
        "version": site.version.pk,
        "file": site.version.file.pk,
        "author": site.author.pk,
        "plain": site.plain.pk,
    }


async def client_for(visitor: str, site: OldSite) -> AsyncClient:
    if visitor == "author":
        return await signed_in(site.author)
    if visitor == "reviewer":
        return await signed_in(site.reviewer)
    return AsyncClient()


def request_of(row: Row, variant: Variant, old: str) -> tuple[str, dict[str, str]]:
    path = old
    if variant.flip_slash:
        path = path[:-1] if path.endswith("/") else path + "/"
    query = dict(row.query)
    if variant.lang:
        query["lang"] = variant.lang
    if variant.extra:
        query["src"] = "old-link"
    return variant.prefix + path, query


def expected_location(row: Row, variant: Variant, target: str) -> str:
    location = variant.expected + target
    if variant.extra and row.keeps_query:
        location += ("&" if "?" in location else "?") + urlencode({"src": "old-link"})
    return location


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.old)
async def test_old_url_lands_in_one_hop(old_site, row):
    ids = ids_of(old_site)
    old = row.old.format(**ids)
    target = row.target.format(**ids)
    client = await client_for(row.visitor, old_site)

    for variant in VARIANTS:
        path, query = request_of(row, variant, old)
        response = await client.get(path, query, headers=variant.headers)
        where = f"{variant.name}: {path}?{urlencode(query)}"

        assert response.status_code == row.status, where
        assert response["Location"] == expected_location(row, variant, target), where
        vary = response.get("Vary", "")
        cache_control = response["Cache-Control"]
        if variant.negotiated:
            assert "Accept-Language" in vary, where
            assert "private" in cache_control, where
        else:
            assert "Accept-Language" not in vary, where
        if row.status == 301 and row.visitor == "anonymous":
            assert f"max-age={row.max_age}" in cache_control, where

        landing = await client.get(response["Location"].partition("#")[0])
        assert landing.status_code == 200, f"{where} -> {response['Location']}"


@pytest.mark.parametrize(
    "old",
    [
        "/addons/display/999999",
        f"/addons/display/{OLD_HIDDEN_ADDON_ID}",
        "/addons/versions/999999/format:rss",
        "/addons/policy/0/999999/",
        "/persona/" + "9" * 30,
        "/versions/license/999999",
        "/versions/updateInfo/999999",
        "/users/info/999999",
        "/reviews/display/999999",
        "/developers/addon/edit/999999",
        "/collection/0d5f6b9c-8f59-4c2e-a0c4-1a3e5d7b9f11",
        "/collections/view/tabs-of-jane",
    ],
)
async def test_unknown_ids_are_404(old_site, async_client, old):
    for path, headers, locale in (
        (old, {"accept-language": "de"}, "de"),
        ("/fr/firefox" + old, {}, "fr"),
    ):
        response = await async_client.get(path, headers=headers)
        assert response.status_code == 404, path
        assert f'<html lang="{locale}"' in response.content.decode(), path
        assert response["Content-Language"] == locale, path


async def test_old_id_claims_number_before_primary_key(old_site, async_client):
    """An add-on whose primary key is 1865 loses the number to the add-on
    whose addons.mozilla.org id is 1865."""
    from asgiref.sync import sync_to_async

    from tests.factories import AddonFactory

    await sync_to_async(AddonFactory)(pk=OLD_ADDON_ID + 1000, slug="other")
    await sync_to_async(AddonFactory)(slug="taken", amo_id=OLD_ADDON_ID + 1000)
    response = await async_client.get(
        f"/en-US/firefox/addons/display/{OLD_ADDON_ID + 1000}"
    )
    assert response["Location"] == "/en-US/firefox/addon/taken/"


async def test_lookup_is_cached(old_site, async_client):
    from amo.core.db import capture_queries

    path = f"/en-US/firefox/addons/versions/{OLD_ADDON_ID}"
    first = await async_client.get(path)
    with capture_queries() as queries:
        second = await async_client.get(path)
    assert first["Location"] == second["Location"]
    assert queries.count == 0


async def test_hidden_addon_slug_is_for_authors_only(old_site, async_client):
    old = f"/en-US/firefox/developers/addon/edit/{OLD_HIDDEN_ADDON_ID}"

    anonymous = await async_client.get(old)
    assert anonymous.status_code == 301
    assert anonymous["Location"] == "/en-US/firefox/developers/addons/"
    assert "no-store" in anonymous["Cache-Control"]
    assert "Cookie" in anonymous["Vary"]

    outsider = await signed_in(old_site.reviewer)
    response = await outsider.get(old)
    assert response["Location"] == "/en-US/firefox/developers/addons/"
    response = await outsider.get(
        f"/developers/addons/{OLD_HIDDEN_ADDON_ID}/ownership",
        headers={"accept-language": "de"},
    )
    assert response["Location"] == "/de/firefox/developers/addons/"
    assert "no-store" in response["Cache-Control"]

    author = await signed_in(old_site.author)
    response = await author.get(old)
    assert response["Location"] == "/en-US/firefox/developers/addon/secret-draft/edit/"
    assert "no-store" in response["Cache-Control"]
    landing = await author.get(response["Location"])
    assert landing.status_code == 200


async def test_deleted_addon_is_404_in_devhub(old_site, async_client):
    from asgiref.sync import sync_to_async

    from amo.core.constants import AddonStatus

    old_site.hidden.status = AddonStatus.DELETED
    await sync_to_async(old_site.hidden.save)()
    author = await signed_in(old_site.author)
    response = await author.get(f"/developers/versions/{OLD_HIDDEN_ADDON_ID}")
    assert response.status_code == 404


async def test_post_to_old_page_is_405(old_site, async_client):
    response = await async_client.post(f"/en-US/firefox/addons/display/{OLD_ADDON_ID}")
    assert response.status_code == 405
