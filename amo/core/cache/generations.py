"""Generation counters: one per model, and one for the whole site.

A cached result records the generations it was built under and is valid
while they are unchanged. Invalidation bumps a generation by storing a
fresh value, which turns every entry built under the old one into a miss,
without finding or deleting those entries.

A generation is a random token rather than a number, so an evicted
generation that is started again differs from the lost one, and an
eviction causes misses, never stale hits. A bump's token also carries the
time of the bump in milliseconds (hexadecimal, before a dot), so a load
can see whether the bump is recent enough that a replica may still lag
behind it (see `is_recent`). A generation started because the cache lacked it
carries no time: no write preceded it.
"""

import secrets
import time
from collections.abc import Iterable

from django.db import models

from amo.core.cache.backends import default_cache
from amo.core.pagecache import SITE_GENERATION_KEY

__all__ = [
    "SITE_GENERATION_KEY",
    "abump",
    "aensure",
    "bump",
    "ensure",
    "is_recent",
    "model_key",
    "new_token",
    "start_token",
]


def model_key(model: type[models.Model]) -> str:
    """Return the cache key of the generation of `model`'s table."""
    return f"gen:model:{model._meta.label_lower}"


def new_token() -> str:
    """Return the token of a bump: its time, a dot, then random digits."""
    return f"{time.time_ns() // 1_000_000:x}.{secrets.token_hex(6)}"


def start_token() -> str:
    """Return the token of a generation started anew: random digits."""
    return secrets.token_hex(8)


def is_recent(token: object, seconds: float) -> bool:
    """Return whether the bump that made `token` is under `seconds` old.

    A started token carries no time, so it counts as old.
    """
    if not isinstance(token, str) or "." not in token:
        return False
    stamp, _, _ = token.partition(".")
    try:
        bumped_ms = int(stamp, 16)
    except ValueError:
        return False
    return time.time() * 1000 - bumped_ms < seconds * 1000


async def abump(keys: Iterable[str]) -> None:
    """Store a fresh token in each generation key; they never expire."""
    tokens = {key: new_token() for key in keys}
    if tokens:
        await default_cache().aset_many(tokens, None)


def bump(keys: Iterable[str]) -> None:
    tokens = {key: new_token() for key in keys}
    if tokens:
        default_cache().set_many(tokens, None)


async def aensure(keys: Iterable[str]) -> dict[str, str]:
    """Start the generations in `keys` that the cache lacks; return them all.

    Each missing key is added, not set, so two processes that start one at
    once agree on the winner, which the second read returns. A key that is
    still missing afterwards means the cache is down, and it is left out.
    """
    requested = list(keys)
    cache = default_cache()
    await cache.aadd_many({key: start_token() for key in requested}, None)
    return await cache.aget_many(requested)


def ensure(keys: Iterable[str]) -> dict[str, str]:
    requested = list(keys)
    cache = default_cache()
    cache.add_many({key: start_token() for key in requested}, None)
    return cache.get_many(requested)
