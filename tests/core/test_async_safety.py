import os

import pytest
from django.core.exceptions import SynchronousOnlyOperation


def test_async_unsafe_override_is_not_set():
    assert "DJANGO_ALLOW_ASYNC_UNSAFE" not in os.environ


async def test_view_running_a_sync_query_fails(live_db, async_client, settings):
    settings.ROOT_URLCONF = "tests.core.unsafe_urls"
    with pytest.raises(SynchronousOnlyOperation):
        await async_client.get("/api/unsafe/")


async def test_view_running_a_sync_query_answers_500(live_db, settings):
    from django.test import AsyncClient

    settings.ROOT_URLCONF = "tests.core.unsafe_urls"
    client = AsyncClient(raise_request_exception=False)
    response = await client.get("/api/unsafe/")
    assert response.status_code == 500
    assert response.json() == {"detail": "Internal Server Error"}
