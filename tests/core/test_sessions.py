"""Sessions on amo's caches: created, found and deleted from async code."""

from amo.core.cache.backends import MemcachedCache
from amo.core.sessions import SessionStore
from tests.services import memcached_servers


async def test_session_round_trip(live_db):
    session = SessionStore()
    session["theme"] = "dark"
    await session.asave()
    key = session.session_key
    assert key
    assert await SessionStore().aexists(key)
    assert not await SessionStore().aexists("no-such-session")
    assert not await SessionStore().aexists(None)

    loaded = SessionStore(key)
    assert await loaded.aget("theme") == "dark"
    await loaded.adelete()
    assert not await SessionStore().aexists(key)


async def test_session_on_memcached(live_db, settings):
    with memcached_servers(1) as servers:
        settings.CACHES = {
            "default": {
                "BACKEND": "amo.core.cache.backends.MemcachedCache",
                "LOCATION": [servers[0].address],
            }
        }
        session = SessionStore()
        assert isinstance(session._cache, MemcachedCache)
        session["n"] = 1
        await session.asave()
        assert await SessionStore().aexists(session.session_key)
