"""Which paths reach the old URLs' routes, and the trailing slash fixes."""

import pytest
from django.urls import get_resolver, resolve

from amo import legacy

# One old URL for each route of amo.legacy.urls, by route name.
SAMPLES = {
    "legacy-addon-display": "/addons/display/1865",
    "legacy-addon-contribute": "/addons/contribute/1865/",
    "legacy-persona": "/persona/1865",
    "legacy-addon-versions": "/addons/versions/1865/format:rss",
    "legacy-addon-eula": "/addons/policy/0/1865/42",
    "legacy-addon-privacy": "/addons/policy/0/1865/",
    "legacy-version-license": "/versions/license/12",
    "legacy-version-updateinfo": "/versions/updateInfo/12",
    "legacy-user-info": "/users/info/4242",
    "legacy-browse": "/browse/type:1/cat:22/sort:newest",
    "legacy-bookmarks": "/bookmarks",
    "legacy-search-engines": "/search-engines.php",
    "legacy-recommended": "/recommended/format:rss",
    "legacy-personas": "/personas/film and tv",
    "legacy-about": "/pages/about",
    "legacy-faq": "/pages/faq/",
    "legacy-devhub-edit": "/developers/addon/edit/1865",
    "legacy-devhub-status": "/developers/addon/status/1865",
    "legacy-devhub-versions": "/developers/versions/1865",
    "legacy-devhub-addon": "/developers/addons/1865/ownership",
    "legacy-editors": "/editors/queue/pending",
    "legacy-reviews": "/reviews/display/1865",
    "legacy-reviews-add": "/reviews/add/1865/",
    "legacy-reviews-rss": "/addons/reviews/1865/format:rss",
    "legacy-collections": "/collections/editors_picks",
    "legacy-collections-uuid": "/collections/view/0d5f6b9c-8f59-4c2e-a0c4-1a3e5d7b9f11",
    "legacy-collections-mine": "/collections/mine",
    "legacy-collection": "/collection/tabs",
    "legacy-top-tags": "/top-tags",
    "legacy-discovery": "/discovery/pane/3.6/Darwin",
    "legacy-compatibility": "/compatibility/4.0",
    "legacy-performance": "/performance/",
    "legacy-localizers": "/localizers/",
    "legacy-prefixed-api": "/api/1.5/search/tabs",
}

# Paths of the site's own pages, after the prefix.
SITE_PAGES = [
    "/",
    "/addon/tab-tamer/",
    "/addon/1865/",
    "/addon/tab-tamer/versions/",
    "/user/12/",
    "/users/login/",
    "/users/edit/",
    "/developers/",
    "/developers/addons/",
    "/developers/addon/tab-tamer/edit/",
    "/developers/addon/submit/",
    "/reviewers/",
    "/reviewers/queue/pending/",
    "/extensions/",
    "/extensions/bookmarks/",
    "/themes/",
    "/search-tools/",
    "/search/",
    "/tag/tabs/",
    "/about/",
    "/faq/",
]


def test_every_route_has_a_sample():
    names = {pattern.name for pattern in get_resolver(legacy.URLCONF).url_patterns}
    assert names == set(SAMPLES)


@pytest.mark.parametrize(("name", "path"), SAMPLES.items())
def test_sample_reaches_its_route(name, path):
    assert legacy.is_candidate(path[1:])
    assert legacy.resolves(path)
    assert resolve(path, urlconf=legacy.URLCONF).url_name == name


@pytest.mark.parametrize("path", SITE_PAGES)
def test_site_pages_are_not_candidates(path):
    assert not legacy.is_candidate(path[1:])


# Pages of the site under the old root /collections/: the root makes them
# candidates, so they must not resolve among the old URLs.
COLLECTION_PAGES = [
    "/collections/",
    "/collections/add/",
    "/collections/jane/",
    "/collections/jane/tabs/",
    "/collections/jane/tabs/edit/",
    "/collections/12/tabs/delete/",
    "/collections/addon/12/add/",
]


@pytest.mark.parametrize("path", COLLECTION_PAGES)
def test_collection_pages_are_not_old_urls(path):
    assert not legacy.resolves(path)
    assert resolve(path, urlconf="amo.site_urls").url_name.startswith("collections-")


@pytest.mark.parametrize(
    "path",
    [
        "/developers/addon/tab-tamer/edit/",
        "/developers/versions/tabs",
        "/users/info/jane",
        "/tags/popular",
        "/api/v5/addons/",
        "/browse/extensions",
    ],
)
def test_near_misses_do_not_resolve(path):
    assert not legacy.resolves(path)


async def test_site_pages_are_served_as_before(live_db, async_client):
    response = await async_client.get("/en-US/firefox/users/login/")
    assert response.status_code == 200
    response = await async_client.get("/en-US/firefox/developers/addons/")
    assert response.status_code == 302
    assert response["Location"].startswith("/users/login/")
    response = await async_client.get("/developers/addons/")
    assert response.status_code == 301
    assert response["Location"] == "/en-US/firefox/developers/addons/"


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/__heartbeat__/", "/__heartbeat__"),
        ("/__lbheartbeat__/?probe=1", "/__lbheartbeat__?probe=1"),
        (
            "/firefox/downloads/file/9/tabs-1.0.xpi/?src=old",
            "/firefox/downloads/file/9/tabs-1.0.xpi?src=old",
        ),
    ],
)
async def test_trailing_slash_is_removed(live_db, async_client, path, location):
    target, _, query = path.partition("?")
    response = await async_client.get(
        target, dict([query.split("=")]) if query else None
    )
    assert response.status_code == 301
    assert response["Location"] == location


@pytest.mark.parametrize(
    "path",
    [
        # No route matches either spelling.
        "/en-US/firefox/no-such-page/",
        # The route matches, and the view found nothing.
        "/firefox/downloads/file/999999/tabs-1.0.xpi",
        "/en-US/firefox/addon/no-such-addon/",
    ],
)
async def test_404_with_a_route_stays_404(live_db, async_client, path):
    response = await async_client.get(path)
    assert response.status_code == 404


def test_empty_path_is_not_a_candidate():
    assert not legacy.is_candidate("")


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/about", "/en-US/firefox/about/"),
        ("/faq?x=1", "/en-US/firefox/faq/?x=1"),
        ("/addon/tab-tamer", "/en-US/firefox/addon/tab-tamer/"),
        ("/de/extensions", "/de/firefox/extensions/"),
        ("/no-such-page", "/en-US/firefox/no-such-page"),
    ],
)
async def test_locale_redirect_adds_the_missing_slash(
    live_db, async_client, path, location
):
    target, _, query = path.partition("?")
    response = await async_client.get(
        target, dict([query.split("=")]) if query else None
    )
    assert response.status_code == 301
    assert response["Location"] == location
