"""The query cache: results of querysets, keyed by their compiled SQL.

`afetch({"name": Rows(queryset), ...})` returns each query's result, read
from the cache when it is there and valid. Listings cache the ids of a
page (`ids(queryset)`) and their total (`Count(queryset)`), then read the
instances from the object cache.

Key: "q:<format>:<sha256 of Django's version, the result type, the SQL and
its parameters>", so two querysets that compile to the same statement share
an entry. The value is
a pair: the generations of the models whose tables the SQL names, as they
were before the query ran, and the result. Those generation keys are read
in the same get_many as the entries, and an entry whose generations differ
from the current ones is a miss. Invalidation bumps the generations of the
models an action changed, so an entry never outlives a write to a table it
read, and a query that ran across a write records the generations from
before it.

Concurrent misses of one entry in a process share one query (single
flight, as in amo.core.cache.objects). Right after a bump the query reads
the primary, because the replicas may still lack the write.
"""

import asyncio
import contextlib
import functools
import hashlib
import re
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import Any

import django
from django.apps import apps
from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import models

from amo.core import db
from amo.core.cache import generations, objects
from amo.core.cache.backends import default_cache
from amo.core.cache.objects import shared_task, start_shared
from amo.core.db.query import compile_count_sql, compile_sql, count_subquery

# Bumped by hand when the stored value changes shape.
FORMAT_VERSION = 1

# Quoted identifiers: "name" on SQLite, `name` on MySQL.
_QUOTED_NAME = re.compile(r'["`]([A-Za-z0-9_$]+)["`]')


QuerySetSource = models.QuerySet | Callable[[], models.QuerySet]


class CachedQuery:
    """A queryset whose result the query cache keeps.

    `queryset` may be a function that builds it. With `memo`, a hashable
    value that names everything the SQL depends on (such as
    ("detail tags", addon_id)), the compiled SQL is kept per process
    under it. A hit then neither builds nor compiles the queryset, which
    costs more than the cache call itself (about 0.7 ms a queryset).
    """

    result_type = ""

    def __init__(self, queryset: QuerySetSource, *, memo: Hashable = None) -> None:
        self._source = queryset
        self.memo = memo

    @functools.cached_property
    def queryset(self) -> models.QuerySet:
        source = self._source
        return self.prepare(source if isinstance(source, models.QuerySet) else source())

    def prepare(self, queryset: models.QuerySet) -> models.QuerySet:
        """Return the queryset that runs, from the one given."""
        return queryset

    async def acompile(self) -> tuple[str, tuple[Any, ...]]:
        raise NotImplementedError

    def compile(self) -> tuple[str, tuple[Any, ...]]:
        raise NotImplementedError

    async def arun(self) -> Any:
        raise NotImplementedError

    def run(self) -> Any:
        raise NotImplementedError

    def empty(self) -> Any:
        """Return the result of a queryset that can match nothing."""
        raise NotImplementedError


class Rows(CachedQuery):
    """The rows `db.fetch(queryset)` returns: instances, dicts or tuples."""

    result_type = "rows"

    async def acompile(self) -> tuple[str, tuple[Any, ...]]:
        _, sql, params = await compile_sql(self.queryset)
        return sql, params

    def compile(self) -> tuple[str, tuple[Any, ...]]:
        compiler = self.queryset.query.get_compiler(using=self.queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return "", ()
        return sql, tuple(params)

    async def arun(self) -> Any:
        return await db.fetch(self.queryset)

    def run(self) -> Any:
        # A clone, because a queryset keeps the rows it read once.
        return list(self.queryset.all())

    def empty(self) -> Any:
        return []


class Count(CachedQuery):
    """The number of rows of the queryset, as `db.count` counts them."""

    result_type = "count"

    async def acompile(self) -> tuple[str, tuple[Any, ...]]:
        _, sql, params = await compile_count_sql(self.queryset)
        return sql, params

    def compile(self) -> tuple[str, tuple[Any, ...]]:
        inner = count_subquery(self.queryset)
        compiler = inner.query.get_compiler(using=inner.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return "", ()
        return f"SELECT COUNT(*) FROM ({sql}) amo_count", tuple(params)

    async def arun(self) -> Any:
        return await db.count(self.queryset)

    def run(self) -> Any:
        return self.queryset.all().count()

    def empty(self) -> Any:
        return 0


class Column(Rows):
    """One column of the tuples that a `values_list()` queryset returns."""

    def __init__(
        self, queryset: QuerySetSource, position: int, *, memo: Hashable = None
    ) -> None:
        super().__init__(queryset, memo=memo)
        self.position = position
        self.result_type = f"column {position}"

    async def arun(self) -> Any:
        return [row[self.position] for row in await db.fetch(self.queryset)]

    def run(self) -> Any:
        return [row[self.position] for row in self.queryset.all()]


class ObjectIds(Rows):
    """The ids of the rows of `queryset`, whose rows seed the object cache.

    On a miss the query reads whole rows in the shape of `kind`, with the
    relations the kind prefetches, and stores them in the object cache, so
    a listing's first view costs the queries it would cost without either
    cache. The result is the ids alone; callers read the instances with
    `objects.aget_many`.
    """

    def __init__(
        self,
        queryset: QuerySetSource,
        kind: objects.ObjectKind,
        *,
        memo: Hashable = None,
    ) -> None:
        super().__init__(queryset, memo=memo)
        self.kind = kind
        self.result_type = f"object ids {kind.name} {kind.version}"

    def prepare(self, queryset: models.QuerySet) -> models.QuerySet:
        return self.kind.shape(queryset)

    async def arun(self) -> Any:
        rows = await objects.aload(self.kind, self.queryset)
        await objects.astore(self.kind, rows)
        return [row.pk for row in rows]

    def run(self) -> Any:
        rows = objects.load(self.kind, self.queryset)
        objects.store(self.kind, rows)
        return [row.pk for row in rows]


def ids(queryset: models.QuerySet) -> Rows:
    """Return the query of the primary keys of `queryset`, in its order."""
    return Rows(queryset.values_list("pk", flat=True))


@functools.cache
def _models_by_table() -> dict[str, type[models.Model]]:
    return {
        model._meta.db_table: model
        for model in apps.get_models(include_auto_created=True)
    }


def tables_read(sql: str) -> list[type[models.Model]]:
    """Return the models whose tables `sql` names, in a stable order.

    Django's compiler quotes every table name, in joins and subqueries
    alike, so the quoted names that are tables are the tables the SQL
    reads. A column that shares its name with a table adds one generation
    to the key, which costs misses, never stale results.
    """
    tables = _models_by_table()
    found = {tables[name] for name in _QUOTED_NAME.findall(sql) if name in tables}
    return sorted(found, key=lambda model: model._meta.label_lower)


class _Planned:
    """One query of a fetch: its key, and the generations it depends on."""

    def __init__(self, query: CachedQuery, sql: str, params: tuple[Any, ...]) -> None:
        self.query = query
        self.empty = not sql
        # Django's version is part of the key because results may hold
        # pickled model instances, which are tied to it.
        digest = hashlib.sha256(
            repr((django.__version__, query.result_type, sql, params)).encode()
        ).hexdigest()
        self.key = f"q:{FORMAT_VERSION}:{digest}"
        self.generation_keys = [generations.model_key(m) for m in tables_read(sql)]


def _hit(entry: Any, current: Mapping[str, Any] | None) -> tuple[bool, Any]:
    """Return (True, result) when `entry` was built under `current`."""
    if current is None or not isinstance(entry, tuple) or len(entry) != 2:
        return False, None
    stored, result = entry
    return stored == current, result


def _current(planned: _Planned, found: Mapping[str, Any]) -> dict[str, Any] | None:
    """Return the generations of `planned` from `found`; None if one lacks."""
    current = {key: found.get(key) for key in planned.generation_keys}
    if any(value is None for value in current.values()):
        return None
    return current


def _from_primary(current: Mapping[str, Any]) -> bool:
    return any(
        generations.is_recent(token, settings.REPLICA_PIN_SECONDS)
        for token in current.values()
    )


# Compiled statements kept per process, by the memo of their query.
MAX_COMPILED = 4096
_compiled: OrderedDict[Hashable, tuple[str, tuple[Any, ...]]] = OrderedDict()


async def _acompile(query: CachedQuery) -> tuple[str, tuple[Any, ...]]:
    """Return the SQL of `query`, from the memo when it has one."""
    if query.memo is None:
        return await query.acompile()
    memo = (type(query).__name__, query.result_type, query.memo)
    found = _compiled.get(memo)
    if found is not None:
        _compiled.move_to_end(memo)
        return found
    found = await query.acompile()
    _compiled[memo] = found
    if len(_compiled) > MAX_COMPILED:
        _compiled.popitem(last=False)
    return found


async def afetch(queries: Mapping[str, CachedQuery]) -> dict[str, Any]:
    """Return the result of each query by name, in one cache call on hits.

    Misses run at once. A fresh or flushed cache first starts the
    generations it lacks, which costs two more calls.
    """
    plans: dict[str, _Planned] = {}
    for name, query in queries.items():
        sql, params = await _acompile(query)
        plans[name] = _Planned(query, sql, params)
    live = [plan for plan in plans.values() if not plan.empty]
    keys = list(
        dict.fromkeys(key for plan in live for key in (plan.key, *plan.generation_keys))
    )
    cache = default_cache()
    found = await cache.aget_many(keys) if keys else {}

    results: dict[str, Any] = {}
    misses: dict[str, _Planned] = {}
    for name, plan in plans.items():
        if plan.empty:
            results[name] = plan.query.empty()
            continue
        hit, result = _hit(found.get(plan.key), _current(plan, found))
        if hit:
            results[name] = result
        else:
            misses[name] = plan
    if not misses:
        return results

    lacking = [
        key
        for plan in misses.values()
        for key in plan.generation_keys
        if found.get(key) is None
    ]
    if lacking:
        found = {**found, **await generations.aensure(dict.fromkeys(lacking))}
    loaded = await asyncio.gather(
        *(_aload_shared(plan, _current(plan, found)) for plan in misses.values())
    )
    results.update(zip(misses, loaded, strict=True))
    return results


async def _aload_shared(plan: _Planned, current: dict[str, Any] | None) -> Any:
    # The generations are part of the flight's key: a request that read a
    # newer generation must not take the result of a query from before it.
    flight = f"{plan.key}:{sorted((current or {}).items())}"
    task = shared_task(flight)
    if task is None:
        task = start_shared(
            [flight], functools.partial(_aload_and_store, plan, current)
        )
    return await asyncio.shield(task)


async def _aload_and_store(plan: _Planned, current: dict[str, Any] | None) -> Any:
    from_primary = current is not None and _from_primary(current)
    with db.use_primary() if from_primary else contextlib.nullcontext():
        result = await plan.query.arun()
    if current is not None:
        # Without generations the cache is down, and nothing is stored.
        await default_cache().aset(
            plan.key, (current, result), float(settings.CACHE_TIMEOUT)
        )
    return result


def fetch(queries: Mapping[str, CachedQuery]) -> dict[str, Any]:
    """Return each query's result, like `afetch`, for the admin and Celery.

    Cache calls go through the bridge; misses run with the sync ORM in the
    calling thread, without single flight.
    """
    plans = {name: _Planned(query, *query.compile()) for name, query in queries.items()}
    live = [plan for plan in plans.values() if not plan.empty]
    keys = list(
        dict.fromkeys(key for plan in live for key in (plan.key, *plan.generation_keys))
    )
    cache = default_cache()
    found = cache.get_many(keys) if keys else {}
    lacking = [
        key for plan in live for key in plan.generation_keys if found.get(key) is None
    ]
    if lacking:
        found = {**found, **generations.ensure(dict.fromkeys(lacking))}

    results: dict[str, Any] = {}
    for name, plan in plans.items():
        if plan.empty:
            results[name] = plan.query.empty()
            continue
        current = _current(plan, found)
        hit, result = _hit(found.get(plan.key), current)
        if hit:
            results[name] = result
            continue
        from_primary = current is not None and _from_primary(current)
        with db.use_primary() if from_primary else contextlib.nullcontext():
            result = plan.query.run()
        if current is not None:
            cache.set(plan.key, (current, result), float(settings.CACHE_TIMEOUT))
        results[name] = result
    return results
