"""Update checks while the database is down."""

import json

import pytest
from asgiref.sync import sync_to_async

from amo.core.db import pools
from tests.factories import AddonFactory
from tests.services import open_unreachable_pools
from tests.update.helpers import check

GUID = "outage@example.com"


@pytest.fixture
async def database_down(live_db, monkeypatch, tmp_path):
    """Return a function that points every alias at an unreachable server."""
    dead_pools = await open_unreachable_pools(tmp_path)

    def take_down():
        for dead in dead_pools:
            monkeypatch.setitem(pools._pools, dead.alias, dead)

    yield take_down
    for dead in dead_pools:
        await dead.close()


async def test_miss_returns_503_while_database_down(database_down, application):
    database_down()
    response = await check(application, GUID)
    assert response.status == 503
    assert response.body == b"{}"
    assert response.headers["retry-after"] == "30"
    assert response.headers["cache-control"] == "no-store"


async def test_cached_response_survives_database_outage(database_down, application):
    await sync_to_async(AddonFactory)(guid=GUID)
    assert (await check(application, GUID)).status == 200

    database_down()
    response = await check(application, GUID)
    assert response.status == 200
    body = json.loads(response.body)
    assert body["addons"][GUID]["updates"][0]["version"] == "1.0"
