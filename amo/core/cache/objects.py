"""The object cache: model instances by id, read in one round trip.

An `ObjectKind` names a model and the shape its instances are cached in:
the related rows joined with select_related, the deferred fields, and the
relations prefetched after the main query. `aget_objects()` reads the keys
of every kind it is given in one cache call, loads the misses of each kind
with one query (plus one per prefetched relation) and stores them.

Format: a value is the model instance itself, pickled by the cache client
(protocol 5), with the related rows its shape selects or prefetches. Each
key carries the kind's schema version, a digest of Django's version and of
the concrete fields of every model in the shape, so a deploy that changes
a model reads new keys and never unpickles an old shape.

Deleting (amo.core.cache.invalidation) replaces an entry with a tombstone
that outlives any read that started before the write. Loads store with
`add`, which fails on a tombstone, so a read of the old row cannot put it
back. A tombstone reads as a miss, and the load it causes reads from the
primary, because the replicas may not have the write yet. Each write's
tombstone is a new random token, and loads after different writes never
share a result.

Concurrent misses of one key in a process share one load (single flight).
The load runs in a task of its own, so a request that is cancelled does
not cancel the load that other requests wait for.
"""

import asyncio
import contextlib
import functools
import hashlib
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import django
from django.conf import settings
from django.db import models
from django.db.models import FETCH_RAISE, Prefetch, prefetch_related_objects

from amo.core import db
from amo.core.cache.backends import default_cache

M = TypeVar("M", bound=models.Model)

# Bumped by hand when the stored format changes in a way the digest of the
# models cannot see, such as what a kind's prefetch querysets select.
FORMAT_VERSION = 1
# The value of a deleted entry is an int, a token from `new_tombstone()`;
# entries are model instances, never ints.
# Seconds a finished load's result is shared with later misses of its keys.
# Writes never wait on it: a delete or a bump changes the key that later
# readers join (see `_aload_shared` and querycache._aload_shared).
FLIGHT_GRACE = 1.0

# Kinds by name, filled as the domain modules that define them load.
KINDS: dict[str, "ObjectKind"] = {}


@dataclass(frozen=True)
class Related:
    """A relation that a kind loads after its main query.

    `lookup` may follow a relation the shape selects, as in
    "current_version__compatible_apps". `queryset` returns the queryset of
    the related rows. With `when`, only the instances it accepts are
    loaded; the others get an empty relation, so reading it never queries.
    `when` works on relations of the kind's own model only.
    """

    lookup: str
    queryset: Callable[[], models.QuerySet]
    when: Callable[[Any], bool] | None = None


@dataclass(frozen=True, eq=False)
class ObjectKind:
    """A model and the shape its instances are cached in.

    `lookups` names unique fields, such as a slug, that get a key of their
    own mapping a value to an id.
    """

    name: str
    model: type[models.Model]
    select_related: tuple[str, ...] = ()
    defer: tuple[str, ...] = ()
    only: tuple[str, ...] = ()
    prefetch: tuple[Related, ...] = ()
    lookups: tuple[str, ...] = ()
    # Extra words for the schema version, such as what `prefetch` filters.
    shape_note: str = ""

    def __post_init__(self) -> None:
        if self.name in KINDS:
            raise ValueError(f"An object kind named {self.name!r} exists already.")
        KINDS[self.name] = self

    def queryset(self) -> models.QuerySet:
        """Return the queryset that loads instances in this kind's shape."""
        return self.shape(self.model._base_manager.all())

    def shape(self, queryset: models.QuerySet) -> models.QuerySet:
        """Return `queryset` loading its rows in this kind's shape."""
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.only:
            queryset = queryset.only(*self.only)
        if self.defer:
            queryset = queryset.defer(*self.defer)
        return queryset.fetch_mode(FETCH_RAISE)

    def schema(self) -> list[object]:
        """Return what the stored shape depends on, as plain values.

        That is the format, Django's version (pickles of model instances
        are tied to it), the shape's options, and each model in the shape
        with its concrete fields' names and types.
        """
        parts: list[object] = [
            FORMAT_VERSION,
            django.__version__,
            self.name,
            self.select_related,
            self.defer,
            self.only,
            [(related.lookup, related.when is not None) for related in self.prefetch],
            self.shape_note,
        ]
        for model in sorted(self._models(), key=lambda model: model._meta.label):
            parts.append(model._meta.label)
            parts.extend(
                (field.attname, field.get_internal_type())
                for field in model._meta.concrete_fields
            )
        return parts

    @functools.cached_property
    def version(self) -> str:
        """A digest of `schema()`: it changes when a model in it changes."""
        return hashlib.blake2b(repr(self.schema()).encode(), digest_size=6).hexdigest()

    def _models(self) -> set[type[models.Model]]:
        """Return the models whose rows an instance of this kind holds."""
        found = {self.model}
        lookups = [related.lookup for related in self.prefetch]
        for path in (*self.select_related, *lookups):
            model: Any = self.model
            for name in path.split("__"):
                model = model._meta.get_field(name).related_model
                found.add(model)
        return found

    def key(self, pk: Any) -> str:
        return f"o:{self.name}:{self.version}:{pk}"

    def lookup_key(self, field_name: str, value: Any) -> str:
        return f"o:{self.name}:{field_name}:{value}"


def _cache_timeout() -> float:
    return float(settings.CACHE_TIMEOUT)


def tombstone_seconds() -> float:
    """Seconds a deleted entry blocks stores of the same key.

    A load that began before the write ends within the query timeout. The
    replicas catch up within REPLICA_PIN_SECONDS, the lag that setting is
    sized for. A tombstone that outlives both, with a margin, therefore
    keeps every read of the old row out of the cache.
    """
    return max(settings.DB_QUERY_TIMEOUT, settings.REPLICA_PIN_SECONDS) + 5


def new_tombstone() -> int:
    """Return a tombstone token for one write's deletes.

    The load that a tombstone causes is shared under a key that contains
    the token. A load that followed an earlier write holds that write's
    rows, so it must never serve a read that a later write's tombstone
    missed, even within FLIGHT_GRACE.
    """
    return secrets.randbits(62) + 1


def _is_tombstone(value: Any) -> bool:
    return type(value) is int


# --- Loading ------------------------------------------------------------


def _split_related(
    related: Related, instances: Sequence[models.Model]
) -> tuple[list[Any], str]:
    """Return the instances whose relation loads, and the relation's name.

    Instances that `related.when` rejects get an empty relation here.
    """
    *path, relation = related.lookup.split("__")
    parents: list[Any] = list(instances)
    for name in path:
        parents = [getattr(parent, name) for parent in parents]
        parents = [parent for parent in parents if parent is not None]
    if related.when is None:
        return parents, relation
    accepted = []
    for parent in parents:
        if related.when(parent):
            accepted.append(parent)
        else:
            _set_empty(parent, relation)
    return accepted, relation


def _set_empty(instance: Any, relation: str) -> None:
    """Mark a reverse foreign key of `instance` as loaded, with no rows."""
    manager = getattr(instance, relation)
    queryset = manager.get_queryset()
    queryset._result_cache = []
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[manager.field.remote_field.cache_name] = queryset


async def aload(kind: ObjectKind, queryset: models.QuerySet) -> list[models.Model]:
    """Return the rows of `queryset` with the relations `kind` prefetches.

    `queryset` must load rows in the kind's shape (`kind.shape()`).
    """
    rows = await db.fetch(queryset)
    if not rows or not kind.prefetch:
        return rows

    async def one(related: Related) -> None:
        parents, relation = _split_related(related, rows)
        await db.prefetch(parents, relation, related.queryset())

    # The relations are independent, so their queries run at once.
    await asyncio.gather(*(one(related) for related in kind.prefetch))
    return rows


def load(kind: ObjectKind, queryset: models.QuerySet) -> list[models.Model]:
    """Return what `aload` returns, with the sync ORM."""
    # A clone, because a queryset keeps the rows it read once.
    rows = list(queryset.all())
    for related in kind.prefetch:
        parents, relation = _split_related(related, rows)
        if parents:
            prefetch_related_objects(parents, Prefetch(relation, related.queryset()))
    return rows


async def astore(kind: ObjectKind, rows: Iterable[models.Model]) -> None:
    """Store `rows` of `kind`, except those deleted since they were read."""
    entries = {kind.key(row.pk): row for row in rows}
    if entries:
        await default_cache().aadd_many(entries, _cache_timeout())


def store(kind: ObjectKind, rows: Iterable[models.Model]) -> None:
    entries = {kind.key(row.pk): row for row in rows}
    if entries:
        default_cache().add_many(entries, _cache_timeout())


def _read_context(from_primary: bool) -> contextlib.AbstractContextManager[None]:
    return db.use_primary() if from_primary else contextlib.nullcontext()


# --- Single flight ----------------------------------------------------------

# Loads in progress in this process, by cache key: the task's result
# contains the instances of every key it loads. Tasks belong to one event
# loop, so each loop has its own map.
_inflight: dict[asyncio.AbstractEventLoop, dict[str, asyncio.Task[Any]]] = {}


def _inflight_map() -> dict[str, asyncio.Task[Any]]:
    loop = asyncio.get_running_loop()
    found = _inflight.get(loop)
    if found is None:
        for other in [other for other in _inflight if other.is_closed()]:
            del _inflight[other]
        found = _inflight[loop] = {}
    return found


def forget_flights() -> None:
    """Forget every load of this process, finished or not, as tests need.

    The loads still running finish for the requests that wait on them.
    """
    for flights in _inflight.values():
        flights.clear()


def _retrieve_exception(task: asyncio.Task[Any]) -> None:
    # A load whose waiters were all cancelled would otherwise log "exception
    # was never retrieved"; the waiters that remain see the error anyway.
    if not task.cancelled():
        task.exception()


def start_shared(keys: Iterable[str], load: Callable[[], Any]) -> asyncio.Task[Any]:
    """Run `load()` in a task that every key in `keys` points to.

    A load that succeeded stays joinable for FLIGHT_GRACE seconds: requests
    that missed the cache just as it finished take its result instead of
    loading again, as do all requests while the cache is down. A load that
    failed is forgotten at once, so the next request tries again.
    """
    loop = asyncio.get_running_loop()
    inflight = _inflight_map()
    task = loop.create_task(load())
    wanted = list(keys)
    for key in wanted:
        inflight[key] = task

    def forget() -> None:
        for key in wanted:
            if inflight.get(key) is task:
                del inflight[key]

    def finished(done: asyncio.Task[Any]) -> None:
        _retrieve_exception(done)
        if done.cancelled() or done.exception() is not None:
            forget()
        else:
            loop.call_later(FLIGHT_GRACE, forget)

    task.add_done_callback(finished)
    return task


def shared_task(key: str) -> asyncio.Task[Any] | None:
    return _inflight_map().get(key)


def _flight_key(kind: ObjectKind, pk: Any, tombstones: Mapping[Any, int]) -> str:
    """Return the key under which the load of `pk` is shared.

    A load from the primary follows a delete, so it does not join a load
    from a replica that may have begun before the write. A load after a
    tombstone joins only the loads after that same tombstone.
    """
    if not tombstones:
        return kind.key(pk)
    return f"{kind.key(pk)}:primary:{tombstones.get(pk, '')}"


async def _aload_shared(
    kind: ObjectKind, pks: Sequence[Any], tombstones: Mapping[Any, int]
) -> dict[Any, models.Model]:
    """Load `pks`, joining the loads already running for some of them.

    `tombstones` maps the ids whose entries were deleted to their tokens;
    with any, every id loads from the primary.
    """
    waiting: dict[asyncio.Task[Any], list[Any]] = {}
    own = []
    for pk in pks:
        task = shared_task(_flight_key(kind, pk, tombstones))
        if task is None:
            own.append(pk)
        else:
            waiting.setdefault(task, []).append(pk)
    if own:
        task = start_shared(
            [_flight_key(kind, pk, tombstones) for pk in own],
            functools.partial(_aload_and_store, kind, own, bool(tombstones)),
        )
        waiting[task] = own

    results = await asyncio.gather(*(asyncio.shield(task) for task in waiting))
    found: dict[Any, models.Model] = {}
    for wanted, loaded in zip(waiting.values(), results, strict=True):
        for pk in wanted:
            if pk in loaded:
                found[pk] = loaded[pk]
    return found


async def _aload_and_store(
    kind: ObjectKind, pks: Sequence[Any], from_primary: bool
) -> dict[Any, models.Model]:
    queryset = kind.queryset().filter(pk__in=sorted(pks))
    with _read_context(from_primary):
        rows = await aload(kind, queryset)
    await astore(kind, rows)
    return {row.pk: row for row in rows}


# --- Reads ------------------------------------------------------------------


@dataclass
class _Read:
    """The outcome of one get_many for one kind: hits and misses."""

    hits: dict[Any, models.Model]
    misses: list[Any]
    # The misses that were deleted entries, with their tombstone tokens.
    tombstones: dict[Any, int]

    @property
    def deleted(self) -> bool:
        """Whether a miss was a deleted entry; such loads read the primary."""
        return bool(self.tombstones)


def _split(kind: ObjectKind, pks: Iterable[Any], found: Mapping[str, Any]) -> _Read:
    read = _Read({}, [], {})
    for pk in pks:
        value = found.get(kind.key(pk))
        if value is None or _is_tombstone(value):
            read.misses.append(pk)
            if value is not None:
                read.tombstones[pk] = value
        else:
            read.hits[pk] = value
    return read


def _unique_pks(
    wanted: Mapping[ObjectKind, Iterable[Any]],
) -> dict[ObjectKind, list[Any]]:
    return {kind: list(dict.fromkeys(pks)) for kind, pks in wanted.items()}


async def aget_objects(
    wanted: Mapping[ObjectKind, Iterable[Any]],
) -> dict[ObjectKind, dict[Any, Any]]:
    """Return the instances of each kind by id, in one cache call.

    Ids that match no row are left out. Misses of several kinds load at
    once, one query per kind.
    """
    by_kind = _unique_pks(wanted)
    keys = [kind.key(pk) for kind, pks in by_kind.items() for pk in pks]
    if not keys:
        return {kind: {} for kind in by_kind}
    found = await default_cache().aget_many(keys)

    reads = {kind: _split(kind, pks, found) for kind, pks in by_kind.items()}
    missing = [(kind, read) for kind, read in reads.items() if read.misses]
    loaded = await asyncio.gather(
        *(_aload_shared(kind, read.misses, read.tombstones) for kind, read in missing)
    )
    for (_, read), objects in zip(missing, loaded, strict=True):
        read.hits.update(objects)
    return {kind: read.hits for kind, read in reads.items()}


async def aget_many(kind: ObjectKind, pks: Iterable[Any]) -> dict[Any, Any]:
    """Return the instances of `kind` whose ids are in `pks`, by id."""
    return (await aget_objects({kind: pks}))[kind]


async def aget(kind: ObjectKind, pk: Any) -> Any:
    return (await aget_many(kind, [pk])).get(pk)


def in_order(objects: Mapping[Any, M], pks: Iterable[Any]) -> list[M]:
    """Return the objects of `pks` in that order, skipping missing ones."""
    return [objects[pk] for pk in pks if pk in objects]


async def aget_by(kind: ObjectKind, field_name: str, value: Any) -> Any:
    """Return the instance whose unique `field_name` is `value`, or None.

    The lookup key maps the value to an id, then the id's entry is read:
    two cache calls. A stale mapping (the field changed since) is noticed
    because the instance no longer has that value. MariaDB's collations
    ignore case and trailing spaces, so the database may return a row
    whose value is spelled differently. Such a row is returned, but its
    spelling gets no lookup key, so callers keep redirecting it to the
    stored spelling.
    """
    if field_name not in kind.lookups:
        raise ValueError(f"Kind {kind.name!r} has no lookup key for {field_name!r}.")
    lookup_key = kind.lookup_key(field_name, value)
    pk = await default_cache().aget(lookup_key)
    stale = False
    if pk is not None:
        instance = await aget(kind, pk)
        if instance is not None and getattr(instance, field_name) == value:
            return instance
        stale = True

    # A stale mapping shows that a write changed the row, so the lookup
    # reads the primary and joins no load that may have begun before it.
    flight = lookup_key + (":primary" if stale else "")
    task = shared_task(flight)
    if task is not None and task.done():
        found = _finished_result(task)
        if found is not None:
            # A finished load may predate a write that has invalidated the
            # row since, so the row is read again from its own entry, which
            # every write clears.
            instance = await aget(kind, found.pk)
            if instance is not None and getattr(instance, field_name) == value:
                return instance
            task = None
    if task is None:
        task = start_shared(
            [flight],
            functools.partial(_aload_by_and_store, kind, field_name, value, stale),
        )
    return await asyncio.shield(task)


def _finished_result(task: asyncio.Task[Any]) -> Any:
    if task.cancelled() or task.exception() is not None:
        return None
    return task.result()


async def _aload_by_and_store(
    kind: ObjectKind, field_name: str, value: Any, from_primary: bool
) -> Any:
    with _read_context(from_primary):
        rows = await aload(kind, kind.queryset().filter(**{field_name: value})[:1])
    if not rows:
        return None
    row = rows[0]
    await astore(kind, rows)
    if getattr(row, field_name) == value:
        await default_cache().aset(
            kind.lookup_key(field_name, value), row.pk, _cache_timeout()
        )
    return row


# --- Sync twins, for the admin and Celery ---------------------------------


def get_objects(
    wanted: Mapping[ObjectKind, Iterable[Any]],
) -> dict[ObjectKind, dict[Any, Any]]:
    """Return what `aget_objects` returns, through the cache bridge.

    Misses load with the sync ORM in the calling thread, with no single
    flight: sync callers are few.
    """
    by_kind = _unique_pks(wanted)
    keys = [kind.key(pk) for kind, pks in by_kind.items() for pk in pks]
    if not keys:
        return {kind: {} for kind in by_kind}
    cache = default_cache()
    found = cache.get_many(keys)

    result: dict[ObjectKind, dict[Any, Any]] = {}
    for kind, pks in by_kind.items():
        read = _split(kind, pks, found)
        if read.misses:
            queryset = kind.queryset().filter(pk__in=sorted(read.misses))
            with _read_context(read.deleted):
                rows = load(kind, queryset)
            store(kind, rows)
            read.hits.update((row.pk, row) for row in rows)
        result[kind] = read.hits
    return result


def get_many(kind: ObjectKind, pks: Iterable[Any]) -> dict[Any, Any]:
    return get_objects({kind: pks})[kind]
