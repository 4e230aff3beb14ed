"""Route reads to replicas and writes to the primary.

A request is pinned to the primary when it writes, and for
REPLICA_PIN_SECONDS afterwards through a cookie (see
amo.core.middleware.ReplicaPinningMiddleware), so authors read their own
edits at once. The pin lives in a contextvar, which both the async layer
and Django's synchronous ORM consult through this router. A replica that
the async layer marked down (see amo.core.db.replicas) gets no reads until
it responds again. With none left, reads go to the primary.
"""

import contextlib
import contextvars
import random
from collections.abc import Iterator
from typing import Any

from django.conf import settings

from amo.core.db import replicas

_pinned: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "amo_pinned_to_primary", default=False
)


def pin_to_primary() -> None:
    """Send the reads of the current request or task to the primary."""
    _pinned.set(True)


def is_pinned() -> bool:
    return _pinned.get()


@contextlib.contextmanager
def use_primary() -> Iterator[None]:
    """Read from the primary inside the block."""
    token = _pinned.set(True)
    try:
        yield
    finally:
        _pinned.reset(token)


class ReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str:
        # NOTE: only the async layer notices that a replica is down. A
        # synchronous ORM read (the admin, Celery) that fails on a replica
        # not yet marked down raises OperationalError instead of moving.
        if _pinned.get():
            return "default"
        aliases = settings.REPLICA_DATABASES
        if len(aliases) > 1:
            aliases = random.sample(aliases, len(aliases))
        for alias in aliases:
            # One alias at a time, because a True result may claim the probe
            # of a replica that is coming back.
            if replicas.is_usable(alias):
                return alias
        return "default"

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # Every alias holds the same data, so relations may cross them.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        # Replicas receive the schema through replication.
        return db == "default"
