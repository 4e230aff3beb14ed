"""The pagination envelope: links, page sizes, invalid pages, the window."""

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings

from amo.api import search
from amo.search import queries as search_queries
from tests.api.helpers import get_api
from tests.factories import AddonFactory

VERSIONS = "/api/v5/addons/addon/paged/versions/"


@pytest.fixture
async def paged(live_db):
    await sync_to_async(AddonFactory)(slug="paged", versions=3)


async def test_pages_link_each_other(paged, async_client):
    first = (await get_api(async_client, f"{VERSIONS}?page_size=2&lang=fr")).data

    assert first["count"] == 3
    assert first["page_size"] == 2
    assert first["page_count"] == 2
    assert first["previous"] is None
    assert first["next"] == f"{settings.SITE_URL}{VERSIONS}?page_size=2&lang=fr&page=2"
    assert [v["version"] for v in first["results"]] == ["1.2", "1.1"]

    second = (await get_api(async_client, first["next"])).data
    assert second["next"] is None
    assert second["previous"] == f"{settings.SITE_URL}{VERSIONS}?page_size=2&lang=fr"
    assert [v["version"] for v in second["results"]] == ["1.0"]


async def test_default_page_size(paged, async_client):
    data = (await get_api(async_client, VERSIONS)).data

    assert data["page_size"] == 25
    assert data["page_count"] == 1
    assert data["next"] is None


async def test_page_size_above_maximum_is_clamped(paged, async_client):
    for value in ("51", "1000", "9" * 40):
        data = (await get_api(async_client, f"{VERSIONS}?page_size={value}")).data
        assert data["page_size"] == 50, value


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=abc", "page"),
        ("page=1.5", "page"),
        ("page=1.0", "page"),
        ("page=%2B1", "page"),
        ("page=" + "9" * 40, "page"),
        ("page_size=0", "page_size"),
        ("page_size=-5", "page_size"),
        ("page_size=ten", "page_size"),
    ],
)
async def test_invalid_page_parameters(paged, async_client, query, name):
    for path in (VERSIONS, "/api/v5/addons/search/"):
        result = await get_api(async_client, f"{path}?{query}")

        assert result.status == 400, (path, query)
        assert result.response["Content-Type"] == "application/json"
        assert list(result.data) == [name]
        [message] = result.data[name]
        assert "Invalid value" in message
        assert result.query_count == 0


async def test_empty_page_parameters_are_defaults(paged, async_client):
    for path in (VERSIONS, "/api/v5/addons/search/"):
        result = await get_api(async_client, f"{path}?page=&page_size=")

        assert result.status == 200, path
        assert result.data["page_size"] == 25, path
        assert result.data["previous"] is None, path


async def test_page_past_the_end(paged, async_client):
    for path in (f"{VERSIONS}?page=2", "/api/v5/addons/search/?page=2"):
        result = await get_api(async_client, path)

        assert result.status == 404, path
        assert result.data == {"detail": "Invalid page."}


async def test_empty_list_has_page_one(live_db, async_client):
    data = (await get_api(async_client, "/api/v5/addons/search/?q=nothing")).data

    assert data["count"] == 0
    assert data["page_count"] == 1
    assert data["results"] == []


async def test_search_window_caps_pages(live_db, async_client, monkeypatch):
    await sync_to_async(AddonFactory.create_batch)(6)
    monkeypatch.setattr(search, "MAX_RESULT_WINDOW", 4)

    second = await get_api(async_client, "/api/v5/addons/search/?page_size=2&page=2")
    assert second.data["count"] == 6
    assert second.data["page_count"] == 2
    assert second.data["next"] is None
    past = await get_api(async_client, "/api/v5/addons/search/?page_size=2&page=3")
    assert past.status == 404
    assert past.data == {"detail": "Invalid page."}
    assert past.query_count == 0


def test_page_count_caps_at_window():
    assert search.page_count(0, 25) == 1
    assert search.page_count(26, 25) == 2
    assert search.page_count(10**6, 50) == search.MAX_RESULT_WINDOW // 50
    assert search.page_count(10**6, 7) * 7 <= search.MAX_RESULT_WINDOW


async def test_text_search_counts_past_candidates(live_db, async_client, monkeypatch):
    def build():
        for number in range(7):
            AddonFactory(name={"en-US": f"Kestrel {number}"})

    await sync_to_async(build)()
    monkeypatch.setattr(search_queries, "MAX_CANDIDATES", 4)

    first = await get_api(async_client, "/api/v5/addons/search/?q=kestrel&page_size=3")
    assert first.data["count"] == 7
    assert first.data["page_count"] == 2
    second = await get_api(
        async_client, "/api/v5/addons/search/?q=kestrel&page_size=3&page=2"
    )
    assert len(second.data["results"]) == 1
    assert second.data["next"] is None
    past = await get_api(
        async_client, "/api/v5/addons/search/?q=kestrel&page_size=3&page=3"
    )
    assert past.status == 404
