"""Pages answer 503 with Retry-After while the database is unreachable."""

import pytest

from amo.core.db import pools
from tests.services import open_unreachable_pools


@pytest.fixture
async def database_down(live_db, monkeypatch, tmp_path):
    dead_pools = await open_unreachable_pools(tmp_path)
    for dead in dead_pools:
        monkeypatch.setitem(pools._pools, dead.alias, dead)
    yield
    for dead in dead_pools:
        await dead.close()


async def test_page_answers_503_while_the_database_is_down(database_down, async_client):
    response = await async_client.get("/en-US/firefox/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert "Temporarily unavailable" in response.content.decode()


async def test_heartbeat_reports_the_database(database_down, async_client):
    response = await async_client.get("/__heartbeat__")
    body = response.json()
    assert response.status_code == 500
    assert body["status"] == "error"
    assert body["checks"]["database.default"] == "error"
    message = body["details"]["database.default"]["messages"]["default"]
    assert message.startswith("unreachable (")


async def test_pages_recover_when_the_database_is_back(live_db, async_client):
    response = await async_client.get("/en-US/firefox/")
    assert response.status_code == 200
