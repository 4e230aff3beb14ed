"""Run Django querysets on the async drivers.

`fetch(queryset)` compiles the queryset with Django's own SQL compiler for
the alias the router picks, runs the SQL on that alias's pool, and hands
the rows to Django's own iterable classes, which apply the backend's value
converters and build instances with `Model.from_db`. So querysets written
for the ORM work unchanged, `select_related` included; other relations are
loaded with `prefetch`, which issues one explicit query per relation.

Instances are built in the FETCH_RAISE fetch mode: touching a deferred
field or a relation that was not loaded raises FieldFetchBlocked instead of
running a hidden synchronous query.
"""

import contextlib
import contextvars
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import models
from django.db.models import FETCH_RAISE
from django.db.models.query import get_prefetcher
from django.db.models.sql.constants import MULTI

from amo.core.db import pools
from amo.core.db.drivers import Row

M = TypeVar("M", bound=models.Model)


@dataclass
class QueryRecord:
    alias: str
    sql: str
    params: tuple[Any, ...]
    seconds: float


@dataclass
class QueryLog:
    """Queries run while a `capture_queries()` block or a request is open.

    Blocks nest: a query is recorded in the innermost log and in every log
    that encloses it, so a test's block still counts the queries of a
    request whose middleware opens its own block.
    """

    queries: list[QueryRecord] = field(default_factory=list)
    parent: "QueryLog | None" = None

    @property
    def count(self) -> int:
        return len(self.queries)

    @property
    def seconds(self) -> float:
        return sum(query.seconds for query in self.queries)


_query_log: contextvars.ContextVar[QueryLog | None] = contextvars.ContextVar(
    "amo_query_log", default=None
)


@contextlib.contextmanager
def capture_queries() -> Iterator[QueryLog]:
    """Record the async queries run inside the block, for budgets and timing."""
    query_log = QueryLog(parent=_query_log.get())
    token = _query_log.set(query_log)
    try:
        yield query_log
    finally:
        _query_log.reset(token)


async def execute_sql(alias: str, sql: str, params: Sequence[Any]) -> list[Row]:
    """Run one SQL statement on the pool of `alias` and return its rows."""
    pool, _ = await pools.get(alias)
    started = time.perf_counter()
    async with pool.acquire() as connection:
        rows = await connection.fetchall(sql, params)
    query_log = _query_log.get()
    if query_log is not None:
        record = QueryRecord(alias, sql, tuple(params), time.perf_counter() - started)
        while query_log is not None:
            query_log.queries.append(record)
            query_log = query_log.parent
    return rows


async def _run(queryset: models.QuerySet) -> models.QuerySet:
    """Execute `queryset` and return a clone whose compiler replays the rows."""
    queryset = queryset.fetch_mode(FETCH_RAISE)
    alias = queryset.db
    _, wrapper = await pools.get(alias)
    query = queryset.query
    compiler = wrapper.ops.compiler(query.compiler)(query, wrapper, alias)

    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        sql, params = "", ()
    rows: list[Row] = []
    if sql:
        rows = await execute_sql(alias, sql, params)
        if compiler.has_extra_select:
            # Columns added only for ORDER BY are trimmed, as Django does.
            rows = [row[: compiler.col_count] for row in rows]

    def execute_prefetched(result_type: Any = MULTI, **kwargs: Any) -> Any:
        if result_type != MULTI:
            raise NotImplementedError("Only row fetches are replayed.")
        return [rows]

    # Django's iterables ask the query for a compiler and call execute_sql;
    # this compiler already holds the rows, so no connection is touched.
    compiler.execute_sql = execute_prefetched  # type: ignore[method-assign]
    query.get_compiler = lambda *args, **kwargs: compiler  # type: ignore[method-assign]
    return queryset


async def fetch(queryset: "models.QuerySet[M]") -> list[M]:
    """Return the rows of `queryset`: instances, dicts or tuples as it yields."""
    executed = await _run(queryset)
    return list(executed._iterable_class(executed))


async def fetch_one(queryset: "models.QuerySet[M]") -> M | None:
    """Return the first row of `queryset`, or None."""
    if not queryset.query.is_sliced:
        queryset = queryset[:1]
    rows = await fetch(queryset)
    return rows[0] if rows else None


async def fetch_values(queryset: models.QuerySet) -> list[Any]:
    """Return the dicts or tuples of a `values()` or `values_list()` queryset."""
    return await fetch(queryset)


async def count(queryset: models.QuerySet) -> int:
    """Return the number of rows `queryset` would return."""
    inner = queryset
    if not inner.query.is_sliced:
        inner = inner.order_by()
    if not inner.query.distinct and inner._fields is None:
        inner = inner.values("pk")
    alias = inner.db
    _, wrapper = await pools.get(alias)
    compiler = inner.query.get_compiler(connection=wrapper)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return 0
    rows = await execute_sql(alias, f"SELECT COUNT(*) FROM ({sql}) amo_count", params)
    return int(rows[0][0])


async def exists(queryset: models.QuerySet) -> bool:
    """Return whether `queryset` has at least one row."""
    inner = (
        queryset.order_by().values("pk")[:1]
        if not queryset.query.is_sliced
        else queryset
    )
    alias = inner.db
    _, wrapper = await pools.get(alias)
    compiler = inner.query.get_compiler(connection=wrapper)
    try:
        sql, params = compiler.as_sql()
    except (EmptyResultSet, FullResultSet):
        return False
    return bool(await execute_sql(alias, sql, params))


async def prefetch(
    instances: Sequence[models.Model],
    lookup: str,
    queryset: models.QuerySet | None = None,
) -> None:
    """Load one relation of `instances` with a single query.

    Works for foreign keys, reverse foreign keys and many-to-many fields, and
    fills the same caches as Django's prefetch_related(), so `obj.tags.all()`
    and `obj.author` then read from memory. `queryset` narrows or orders the
    related rows, as a Prefetch object would.
    """
    if not instances:
        return
    first = instances[0]
    prefetcher, descriptor, attr_found, is_fetched = get_prefetcher(
        first, lookup, lookup
    )
    if not attr_found or prefetcher is None:
        raise ValueError(
            f"{type(first).__name__} has no relation {lookup!r} to prefetch."
        )
    querysets = [queryset] if queryset is not None else None
    (
        related_queryset,
        related_key,
        instance_key,
        single,
        cache_name,
        is_descriptor,
    ) = prefetcher.get_prefetch_querysets(instances, querysets)

    related_objects = await fetch(related_queryset)
    by_key: dict[Any, list[models.Model]] = {}
    for related in related_objects:
        by_key.setdefault(related_key(related), []).append(related)

    # The assignments mirror django.db.models.query.prefetch_one_level().
    for instance in instances:
        values = by_key.get(instance_key(instance), [])
        if single:
            value = values[0] if values else None
            if is_descriptor:
                setattr(instance, cache_name, value)
            else:
                instance._state.fields_cache[cache_name] = value
        else:
            manager = getattr(instance, lookup)
            if queryset is not None:
                cached = manager._apply_rel_filters(queryset._chain())
            else:
                cached = manager.get_queryset()
            cached._result_cache = values
            cached._prefetch_done = True
            if not hasattr(instance, "_prefetched_objects_cache"):
                instance._prefetched_objects_cache = {}
            instance._prefetched_objects_cache[cache_name] = cached
