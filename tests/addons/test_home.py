from amo.core.db import capture_queries
from tests.factories import AddonFactory


async def test_home_lists_popular_extensions(live_db, async_client):
    from asgiref.sync import sync_to_async

    await sync_to_async(AddonFactory)(name={"en-US": "Tab Wrangler"})
    with capture_queries() as queries:
        response = await async_client.get("/en-US/firefox/")
    assert response.status_code == 200
    assert "Tab Wrangler" in response.content.decode()
    assert queries.count <= 6
