"""Helpers of the search tests: searches through the HTTP API."""

from typing import Any
from urllib.parse import urlencode

from tests.api.helpers import get_api

SEARCH = "/api/v5/addons/search/"
AUTOCOMPLETE = "/api/v5/addons/autocomplete/"


async def search(client: Any, q: str | None = None, **params: Any) -> dict[str, Any]:
    """Return the search API's response data for `q` and `params` (a 200)."""
    if q is not None:
        params["q"] = q
    result = await get_api(client, f"{SEARCH}?{urlencode(params)}")
    assert result.status == 200, result.data
    return result.data


async def slugs(client: Any, q: str | None = None, **params: Any) -> list[str]:
    """Return the slugs that a search finds, in order."""
    data = await search(client, q, **params)
    return [addon["slug"] for addon in data["results"]]


async def suggestions(client: Any, q: str, **params: Any) -> list[str]:
    """Return the slugs that autocomplete offers for `q`, in order."""
    result = await get_api(client, f"{AUTOCOMPLETE}?{urlencode({'q': q, **params})}")
    assert result.status == 200, result.data
    return [
        item["url"].rstrip("/").rsplit("/", 1)[-1] for item in result.data["results"]
    ]
