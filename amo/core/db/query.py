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
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from django.core.exceptions import EmptyResultSet, FieldDoesNotExist, FullResultSet
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import FETCH_RAISE
from django.db.models.query import get_prefetcher
from django.db.models.sql.constants import MULTI

from amo.core.db import pools, replicas
from amo.core.db.drivers import Row
from amo.core.errors import DatabaseUnavailable

M = TypeVar("M", bound=models.Model)


@dataclass
class QueryRecord:
    alias: str
    sql: str
    params: tuple[Any, ...]
    seconds: float


@dataclass
class QueryLog:
    """Queries run while a `capture_queries()` block or a request is open."""

    queries: list[QueryRecord] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.queries)

    @property
    def seconds(self) -> float:
        return sum(query.seconds for query in self.queries)


# The open logs, innermost last: a query is recorded in each of them, so a
# test's log and the request's own log (for Server-Timing) both see it.
_query_logs: contextvars.ContextVar[tuple[QueryLog, ...]] = contextvars.ContextVar(
    "amo_query_logs", default=()
)


@contextlib.contextmanager
def capture_queries() -> Iterator[QueryLog]:
    """Record the async queries run in the block, for budgets and timing."""
    query_log = QueryLog()
    token = _query_logs.set((*_query_logs.get(), query_log))
    try:
        yield query_log
    finally:
        _query_logs.reset(token)


async def execute_sql(
    alias: str, sql: str, params: Sequence[Any], *, fall_back: bool = True
) -> list[Row]:
    """Run one SQL statement on the pool of `alias` and return its rows.

    When `alias` is a replica that cannot be reached, the statement runs on
    the primary instead and the replica is marked down (see
    amo.core.db.replicas); `fall_back=False` raises DatabaseUnavailable
    instead, as the heartbeat needs. Both are MySQL servers of one version,
    so the SQL compiled for the replica runs unchanged on the primary.
    """
    try:
        rows = await _execute(alias, sql, params)
    except DatabaseUnavailable as error:
        if not fall_back or error.statement_timeout or not pools.is_replica(alias):
            raise
        replicas.mark_down(alias, error.reason)
        return await _execute("default", sql, params)
    if fall_back:
        replicas.mark_up(alias)
    return rows


async def _execute(alias: str, sql: str, params: Sequence[Any]) -> list[Row]:
    pool, _ = await pools.get(alias)
    started = time.perf_counter()
    async with pool.acquire() as connection:
        rows = await connection.fetchall(sql, params)
    logs = _query_logs.get()
    if logs:
        record = QueryRecord(alias, sql, tuple(params), time.perf_counter() - started)
        for query_log in logs:
            query_log.queries.append(record)
    return rows


async def _compiling_wrapper(
    queryset: models.QuerySet,
) -> tuple[str, BaseDatabaseWrapper]:
    """Route the read of `queryset`; return its alias and compiling wrapper.

    A replica whose server data cannot be read (it was down when the
    process started) is marked down, and the primary's wrapper compiles.
    """
    with replicas.routing_a_read():
        alias = queryset.db
    try:
        _, wrapper = await pools.get(alias)
    except DatabaseUnavailable as error:
        if not pools.is_replica(alias):
            raise
        replicas.mark_down(alias, error.reason)
        _, wrapper = await pools.get("default")
        return "default", wrapper
    return alias, wrapper


async def _run(queryset: models.QuerySet) -> models.QuerySet:
    """Execute `queryset`; return a clone whose compiler replays the rows."""
    queryset = queryset.fetch_mode(FETCH_RAISE)
    alias, wrapper = await _compiling_wrapper(queryset)
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
    compiler.execute_sql = execute_prefetched  # type: ignore[method-assign,assignment]
    query.get_compiler = lambda *args, **kwargs: compiler  # type: ignore[method-assign]
    return queryset


async def fetch(queryset: "models.QuerySet[M]") -> list[M]:
    """Return the rows of `queryset`: instances, dicts or tuples."""
    executed = await _run(queryset)
    return list(cast(Iterable[Any], executed._iterable_class(executed)))


async def fetch_one(queryset: "models.QuerySet[M]") -> M | None:
    """Return the first row of `queryset`, or None."""
    if not queryset.query.is_sliced:
        queryset = queryset[:1]
    rows = await fetch(queryset)
    return rows[0] if rows else None


async def fetch_values(queryset: models.QuerySet) -> list[Any]:
    """Return the rows of a `values()` or `values_list()` queryset."""
    return await fetch(queryset)


async def _key_wrapper(queryset: models.QuerySet) -> tuple[str, BaseDatabaseWrapper]:
    """Return an alias and compiling wrapper for SQL that may never run.

    Unlike `_compiling_wrapper`, it claims no replica probe: the query cache
    compiles its keys before it finds whether the query runs at all, and a
    probe claimed by a read that never happens would keep the replica out
    of use. Every alias compiles the same SQL, so the primary's wrapper
    stands in for a replica whose server data is unknown.
    """
    alias = queryset.db
    try:
        _, wrapper = await pools.get(alias)
    except DatabaseUnavailable:
        if not pools.is_replica(alias):
            raise
        alias = "default"
        _, wrapper = await pools.get(alias)
    return alias, wrapper


async def compile_sql(queryset: models.QuerySet) -> tuple[str, str, tuple[Any, ...]]:
    """Return the alias, SQL and parameters that `fetch(queryset)` runs.

    The SQL is "" for a queryset that can match nothing, which `fetch` does
    not send to the database. Compiling sends nothing and claims no probe.
    """
    alias, wrapper = await _key_wrapper(queryset)
    query = queryset.query
    compiler = wrapper.ops.compiler(query.compiler)(query, wrapper, alias)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return alias, "", ()
    return alias, sql, tuple(params)


def count_subquery(queryset: models.QuerySet) -> models.QuerySet:
    """Return the queryset whose rows `count` counts: ids, unordered."""
    inner = queryset
    if not inner.query.is_sliced:
        inner = inner.order_by()
    if not inner.query.distinct and cast(Any, inner)._fields is None:
        inner = inner.values("pk")
    return inner


async def compile_count_sql(
    queryset: models.QuerySet, *, for_key: bool = True
) -> tuple[str, str, tuple[Any, ...]]:
    """Return the alias, SQL and parameters that `count(queryset)` runs.

    The SQL is "" when the queryset can match nothing: the count is 0.
    With `for_key`, as for `compile_sql`, no replica probe is claimed.
    """
    inner = count_subquery(queryset)
    if for_key:
        alias, wrapper = await _key_wrapper(inner)
    else:
        alias, wrapper = await _compiling_wrapper(inner)
    compiler = inner.query.get_compiler(connection=wrapper)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return alias, "", ()
    return alias, f"SELECT COUNT(*) FROM ({sql}) amo_count", tuple(params)


async def count(queryset: models.QuerySet) -> int:
    """Return the number of rows `queryset` would return."""
    alias, sql, params = await compile_count_sql(queryset, for_key=False)
    if not sql:
        return 0
    rows = await execute_sql(alias, sql, params)
    return int(rows[0][0])


async def exists(queryset: models.QuerySet) -> bool:
    """Return whether `queryset` has at least one row."""
    inner = (
        queryset.order_by().values("pk")[:1]
        if not queryset.query.is_sliced
        else queryset
    )
    alias, wrapper = await _compiling_wrapper(inner)
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

    Works for foreign keys, one-to-one fields, their reverse relations and
    many-to-many fields, and fills the same caches as Django's
    prefetch_related(), so `obj.tags.all()` and `obj.author` then read from
    memory. `queryset` narrows or orders the related rows, as a Prefetch
    object would.
    """
    if not instances:
        return
    model = type(instances[0])
    try:
        field = model._meta.get_field(lookup)
    except FieldDoesNotExist:
        raise ValueError(
            f"{model.__name__} has no relation {lookup!r} to prefetch."
        ) from None

    if field.many_to_many:
        await _prefetch_many_to_many(instances, lookup, queryset)
    elif field.concrete and (field.many_to_one or field.one_to_one):
        await _prefetch_forward(instances, field, queryset)
    elif field.one_to_many or field.one_to_one:
        await _prefetch_reverse(instances, field, queryset)
    else:
        raise ValueError(f"{model.__name__}.{lookup} is not a relation to prefetch.")


async def _prefetch_forward(
    instances: Sequence[models.Model], field: Any, queryset: Any
) -> None:
    """A foreign key or one-to-one field: one query for the targets."""
    target_field = field.target_field
    keys = {getattr(instance, field.attname) for instance in instances}
    keys.discard(None)
    related_queryset = (
        queryset if queryset is not None else field.related_model._base_manager.all()
    )
    related = await fetch(
        related_queryset.filter(**{f"{target_field.attname}__in": keys})
    )
    by_key = {getattr(obj, target_field.attname): obj for obj in related}
    for instance in instances:
        value = by_key.get(getattr(instance, field.attname))
        field.set_cached_value(instance, value)
        if value is not None and field.one_to_one:
            field.remote_field.set_cached_value(value, instance)


async def _prefetch_reverse(
    instances: Sequence[models.Model], relation: Any, queryset: Any
) -> None:
    """A reverse foreign key or one-to-one: one query for the related rows."""
    remote = relation.field
    source_attname = remote.target_field.attname
    keys = {getattr(instance, source_attname) for instance in instances}
    related_queryset = (
        queryset if queryset is not None else relation.related_model._base_manager.all()
    )
    related = await fetch(related_queryset.filter(**{f"{remote.attname}__in": keys}))
    by_key: dict[Any, list[models.Model]] = {}
    for obj in related:
        by_key.setdefault(getattr(obj, remote.attname), []).append(obj)

    for instance in instances:
        values = by_key.get(getattr(instance, source_attname), [])
        for obj in values:
            remote.set_cached_value(obj, instance)
        if relation.one_to_one:
            relation.set_cached_value(instance, values[0] if values else None)
            continue
        accessor = relation.get_accessor_name()
        manager = getattr(instance, accessor)
        cached = (
            manager._apply_rel_filters(queryset._chain())
            if queryset is not None
            else manager.get_queryset()
        )
        _store_prefetched(instance, remote.remote_field.cache_name, cached, values)


async def _prefetch_many_to_many(
    instances: Sequence[models.Model], lookup: str, queryset: Any
) -> None:
    # Django's many-to-many prefetcher only builds its query (with the
    # source id as an extra column), so its own machinery is reused.
    prefetcher, _, _, _ = get_prefetcher(instances[0], lookup, lookup)
    querysets = [queryset] if queryset is not None else None
    related_queryset, related_key, instance_key, _, cache_name, _ = (
        prefetcher.get_prefetch_querysets(instances, querysets)
    )
    related = await fetch(related_queryset)
    by_key: dict[Any, list[models.Model]] = {}
    for obj in related:
        by_key.setdefault(related_key(obj), []).append(obj)
    for instance in instances:
        manager = getattr(instance, lookup)
        cached = (
            manager._apply_rel_filters(queryset._chain())
            if queryset is not None
            else manager.get_queryset()
        )
        _store_prefetched(
            instance, cache_name, cached, by_key.get(instance_key(instance), [])
        )


def _store_prefetched(
    instance: Any, cache_name: str, queryset: Any, values: list[models.Model]
) -> None:
    """Make `queryset` the evaluated result of a relation, as prefetch does."""
    queryset._result_cache = values
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[cache_name] = queryset
