"""Async database access: Django querysets run on asyncio drivers."""

from amo.core.db.query import (
    capture_queries,
    count,
    execute_sql,
    exists,
    fetch,
    fetch_one,
    fetch_values,
    prefetch,
)
from amo.core.db.routers import is_pinned, pin_to_primary, use_primary
from amo.core.db.writes import run_write, write_action

__all__ = [
    "capture_queries",
    "count",
    "execute_sql",
    "exists",
    "fetch",
    "fetch_one",
    "fetch_values",
    "is_pinned",
    "pin_to_primary",
    "prefetch",
    "run_write",
    "use_primary",
    "write_action",
]
