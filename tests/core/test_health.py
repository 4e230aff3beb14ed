import pytest
from django.core.cache import caches

from amo.core.cache.backends import MemcachedCache
from tests.services import free_port, memcached_servers


async def test_lbheartbeat(async_client):
    response = await async_client.get("/__lbheartbeat__")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


async def test_heartbeat_checks_every_configured_backend(
    live_db, async_client, settings
):
    response = await async_client.get("/__heartbeat__")
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert body["checks"]["database.default"] == "ok"
    assert body["checks"]["database.replica"] == "ok"
    assert body["checks"]["cache"] == "ok"
    assert body["checks"]["redis"] == "ok"
    assert ("broker" in body["checks"]) == bool(settings.BROKER_URL)
    assert body["details"] == {}


@pytest.fixture
def dead_memcached(settings):
    """Point the default cache at a port where nothing listens."""
    address = f"127.0.0.1:{free_port()}"
    settings.CACHES = {
        "default": {
            "BACKEND": "amo.core.cache.backends.MemcachedCache",
            "LOCATION": [address],
        }
    }
    yield address
    caches["default"]


async def test_heartbeat_warns_when_memcached_is_down(
    live_db, async_client, dead_memcached
):
    response = await async_client.get("/__heartbeat__")
    body = response.json()
    # Pages are served from the database meanwhile, so it is no error.
    assert response.status_code == 200
    assert body["status"] == "warning"
    assert body["checks"]["cache"] == "warning"
    assert body["details"]["cache"]["status"] == "warning"
    assert body["details"]["cache"]["level"] == 30
    message = body["details"]["cache"]["messages"][dead_memcached]
    assert message.startswith("unreachable (")
    assert message.endswith("its keys read as misses")


async def test_heartbeat_fails_when_the_broker_is_down(live_db, async_client, settings):
    settings.BROKER_URL = f"amqp://guest:guest@127.0.0.1:{free_port()}//"
    response = await async_client.get("/__heartbeat__")
    body = response.json()
    assert response.status_code == 500
    assert body["status"] == "error"
    assert body["checks"]["broker"] == "error"
    assert body["details"]["broker"]["level"] == 40
    assert body["details"]["broker"]["messages"]["broker"].startswith("unreachable")


async def test_heartbeat_with_a_live_memcached(live_db, async_client, settings):
    with memcached_servers(1) as servers:
        settings.CACHES = {
            "default": {
                "BACKEND": "amo.core.cache.backends.MemcachedCache",
                "LOCATION": [servers[0].address],
            }
        }
        assert isinstance(caches["default"], MemcachedCache)
        response = await async_client.get("/__heartbeat__")
        assert response.json()["checks"]["cache"] == "ok"
        servers[0].stop()
        response = await async_client.get("/__heartbeat__")
        assert response.status_code == 200
        assert response.json()["checks"]["cache"] == "warning"
        servers[0].start()
        response = await async_client.get("/__heartbeat__")
        assert response.json()["checks"]["cache"] == "ok"


async def test_version_reports_the_release(async_client):
    response = await async_client.get("/__version__")
    body = response.json()
    assert body["source"] == "amo"
    assert body["version"]
    assert set(body) >= {"source", "version", "commit", "build"}


async def test_letter_icon_is_a_png(async_client):
    response = await async_client.get(f"/icons/letter/{ord('T'):x}/0060df/64.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")
    assert "immutable" in response["Cache-Control"]


@pytest.mark.parametrize(
    "path",
    [
        "/icons/letter/zz/0060df/64.png",
        "/icons/letter/54/123456/64.png",
        "/icons/letter/54/0060df/65.png",
        f"/icons/letter/{0x4E2D:x}/0060df/64.png",
    ],
)
async def test_letter_icon_rejects_bad_values(async_client, path):
    response = await async_client.get(path)
    assert response.status_code == 404
