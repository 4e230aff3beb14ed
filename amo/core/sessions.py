"""The session store: Django's cached_db, with a fully async exists check.

Django 6.1's cached_db `aexists()` tests the cache with `key in cache`,
which calls the cache's synchronous has_key() from async code. amo's cache
backends refuse synchronous calls on the event loop, so this store awaits
`ahas_key()` instead.
"""

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.contrib.sessions.backends.db import SessionStore as DBStore


class SessionStore(CachedDBStore):
    async def aexists(self, session_key: str | None) -> bool:
        if not session_key:
            return False
        cache = self._cache  # type: ignore[attr-defined]
        if await cache.ahas_key(self.cache_key_prefix + session_key):
            return True
        return await DBStore.aexists(self, session_key)
