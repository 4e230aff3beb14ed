"""The OpenAPI schema and the Swagger UI docs page under the site's CSP."""

import re

import pytest
from playwright.async_api import expect

from tests.api.helpers import get_api
from tests.pages.helpers import inline_code


async def test_openapi_schema_lists_endpoints(live_db, async_client):
    result = await get_api(async_client, "/api/v5/openapi.json")

    assert result.status == 200
    paths = result.data["paths"]
    for path in (
        "/api/v5/site/",
        "/api/v5/addons/addon/{key}/",
        "/api/v5/addons/addon/{key}/versions/",
        "/api/v5/addons/addon/{key}/versions/{version}/",
        "/api/v5/addons/search/",
        "/api/v5/addons/autocomplete/",
        "/api/v5/addons/categories/",
        "/api/v5/addons/language-tools/",
        "/api/v5/shelves/",
        "/api/v5/hero/",
    ):
        assert "get" in paths[path], path
    search = paths["/api/v5/addons/search/"]["get"]
    assert set(search["responses"]) == {"200", "400", "404"}
    names = {parameter["name"] for parameter in search["parameters"]}
    assert {"q", "type", "sort", "page", "page_size", "users__gte", "guid"} <= names
    schemas = result.data["components"]["schemas"]
    assert "_score" in schemas["SearchResult"]["properties"]


async def test_docs_page_has_no_inline_code(live_db, async_client):
    response = await async_client.get("/api/v5/docs")

    assert response.status_code == 200
    # Swagger UI's settings are a JSON data block, which browsers never run,
    # so the CSP does not apply to it.
    html = re.sub(
        r'<script type="application/json"[^>]*>.*?</script>',
        "",
        response.content.decode(),
        flags=re.S,
    )
    assert inline_code(html) == []


@pytest.mark.e2e
async def test_docs_page_runs_under_csp(page, page_problems, uvicorn_server):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )

    response = await page.goto(uvicorn_server.url + "/api/v5/docs")

    assert response.status == 200
    # Swagger UI fetched the schema and drew one block per operation.
    await expect(page.locator(".opblock").first).to_be_visible()
    assert await page.locator(".opblock").count() >= 10
    assert violations == []
    page_problems.assert_none()
