"""The cache of update-check responses, with one generation per guid.

An entry is stored per (guid, appID, appVersion, compatMode) under
`update:<app id>:<mode>:<appVersion>:<guid>`, and contains the response
body, the id of the add-on it names (None for `{}`) and the update
generation of the guid it was built under. That generation lives under
`update:gen:<lower-cased guid>` and is read in the same multi-get as the
entry, so a warm check costs one cache round trip.

Invalidation (amo.core.cache.invalidation) stores a fresh generation for
the guid of every add-on a change touches: a publish, a rejection, an
edit, a disabled or deleted version or add-on. Every entry of that guid,
in every application, version and mode, is then a miss. The generation is
keyed by guid rather than add-on id, because the request names only the
guid. So it also covers a guid that had no add-on when its `{}` was stored.

Keys longer than memcached allows, or with spaces, are hashed by the cache
client (amo.core.cache.clients.safe_key).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches

from amo.core.cache import generations
from amo.update import batching
from amo.update.checks import UpdateCheck


@dataclass(frozen=True)
class CachedResponse:
    body: bytes
    # The add-on the guid names, for the counters, or None when the body is {}.
    addon_id: int | None


def generation_key(guid: str) -> str:
    """Return the key of the update generation of add-on guid `guid`."""
    return f"update:gen:{guid.lower()}"


def entry_key(check: UpdateCheck) -> str:
    return f"update:{check.app.id}:{check.compat_mode}:{check.app_version}:{check.guid}"


async def lookup(check: UpdateCheck) -> tuple[CachedResponse | None, object]:
    """Return the cached response of `check`, or None, and the generation.

    One multi-get reads both, shared with the checks that arrive at the
    same time (amo.update.batching). A cache that is down returns neither,
    so the check goes to the database.
    """
    gen_key = generation_key(check.guid)
    key = entry_key(check)
    found = await batching.get_many([gen_key, key])
    generation = found.get(gen_key)
    entry = found.get(key)
    if generation is None or not isinstance(entry, tuple) or len(entry) != 3:
        return None, generation
    stored_generation, addon_id, body = entry
    if stored_generation != generation:
        return None, generation
    return CachedResponse(body, addon_id), generation


async def current_generation(check: UpdateCheck, generation: object) -> object:
    """Return the generation to store a fresh response under.

    A guid whose generation the cache lacks (never bumped, or evicted)
    gets a new one, added so that two processes agree on it. None means the
    cache is down, and nothing is stored.
    """
    if generation is not None:
        return generation
    gen_key = generation_key(check.guid)
    return (await generations.aensure([gen_key])).get(gen_key)


async def store(
    check: UpdateCheck, generation: object, response: CachedResponse
) -> None:
    if generation is None:
        return
    await caches["default"].aset(
        entry_key(check),
        (generation, response.addon_id, response.body),
        float(settings.UPDATE_CACHE_TIMEOUT),
    )
