"""State changes of the statistics: the daily rows and the popularity
figures of the add-ons.

`save_daily_counts` writes one batch of a day's counts. The roll-up
(amo.stats.rollup) calls it in the write thread, one transaction per
batch. `update_popularity` recomputes Addon.average_daily_users,
weekly_downloads and total_downloads from the rows, in one transaction,
and clears the caches of the add-ons it changed once that commits.
`set_public_stats` is the switch of the statistics pages that lets anyone
see an add-on's statistics.
"""

import datetime
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import structlog
from django.db import connections, models, router, transaction
from django.db.models import Sum
from kombu.exceptions import OperationalError as BrokerError

from amo.addons.models import Addon
from amo.core.cache.invalidation import invalidate
from amo.core.db import write_action
from amo.core.db.routers import use_primary
from amo.devhub import activity
from amo.devhub.models import Activity
from amo.stats import counters
from amo.stats.models import DailyDownloads, DailyUsers, DownloadTotal
from amo.users.models import User

log = structlog.get_logger(__name__)

# Values kept per breakdown of a row. The others are added to OTHER.
BREAKDOWN_LIMIT = 50
OTHER = "other"
# Rows per INSERT or UPDATE statement. A DailyUsers row with full
# breakdowns takes a few kilobytes, so a statement stays far below
# MariaDB's default max_allowed_packet of 16 MB.
WRITE_BATCH = 500
# Add-on ids per IN (...) list, well below SQLite's limit on parameters.
READ_BATCH = 1000
# Complete UTC days that average_daily_users and weekly_downloads cover.
POPULARITY_DAYS = 7
POPULARITY_FIELDS = ("average_daily_users", "weekly_downloads", "total_downloads")


@dataclass(frozen=True)
class Kind:
    """One kind of daily count: its Redis keys, its rows, its breakdowns."""

    name: str
    # Prefix of its keys in Redis, as amo.stats.counters writes them.
    prefix: str
    model: type[DailyUsers] | type[DailyDownloads]
    # Prefix of a field of the Redis breakdown hash (before the first
    # colon) to the row's JSON field that stores those values.
    breakdowns: dict[str, str]


USERS = Kind(
    "users",
    counters.USERS,
    DailyUsers,
    {"version": "versions", "app": "applications", "locale": "locales", "os": "oses"},
)
DOWNLOADS = Kind("downloads", counters.DOWNLOADS, DailyDownloads, {"source": "sources"})
KINDS = (USERS, DOWNLOADS)


@dataclass
class DayCount:
    """One add-on's count on one day, with its breakdowns."""

    addon_id: int
    count: int
    # Row field (such as "versions") to value to count.
    breakdowns: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass
class SaveResult:
    """The outcome of one call of `save_daily_counts`."""

    # Rows inserted, or updated because a value changed.
    written: int = 0
    # Add-on ids of counts that were dropped because no such add-on exists.
    unknown: list[int] = field(default_factory=list)


@dataclass
class PopularityResult:
    """The outcome of one run of `update_popularity`."""

    first_day: datetime.date
    last_day: datetime.date
    # Add-ons that have daily rows, whose figures were computed.
    computed: int = 0
    # Add-ons whose stored figures changed.
    changed: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "first_day": self.first_day.isoformat(),
            "last_day": self.last_day.isoformat(),
            "computed": self.computed,
            "changed": self.changed,
        }


def _batches[T](items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def cap_breakdown(values: dict[str, int]) -> dict[str, int]:
    """Keep the BREAKDOWN_LIMIT largest values and add the rest to OTHER.

    Ties go to the value that sorts first, so the result does not depend
    on the order of `values`. Values with no count are dropped.
    """
    other = max(values.get(OTHER, 0), 0)
    ranked = sorted(
        ((value, count) for value, count in values.items() if value != OTHER),
        key=lambda item: (-item[1], item[0]),
    )
    ranked = [(value, count) for value, count in ranked if count > 0]
    kept = dict(ranked[:BREAKDOWN_LIMIT])
    other += sum(count for _, count in ranked[BREAKDOWN_LIMIT:])
    if other:
        kept[OTHER] = other
    return kept


def _merge(first: dict[str, int], second: dict[str, int]) -> dict[str, int]:
    merged = dict(first)
    for value, count in second.items():
        merged[value] = merged.get(value, 0) + count
    return merged


def _row_values(
    kind: Kind, count: DayCount, old: models.Model | None, *, add: bool
) -> dict[str, Any]:
    """Return the count and breakdowns the row of `count` gets."""
    values: dict[str, Any] = {"count": max(count.count, 0)}
    if add and old is not None:
        values["count"] += getattr(old, "count", 0)
    for row_field in kind.breakdowns.values():
        breakdown = count.breakdowns.get(row_field, {})
        if add and old is not None:
            breakdown = _merge(getattr(old, row_field) or {}, breakdown)
        values[row_field] = cap_breakdown(breakdown)
    return values


def _upsert(
    model: type[models.Model],
    rows: list[Any],
    *,
    unique_fields: list[str],
    update_fields: list[str],
) -> None:
    """Insert `rows`, updating `update_fields` of those that exist.

    MySQL's ON DUPLICATE KEY UPDATE names no key, so a conflict on any
    unique key updates the row.
    """
    features = connections[router.db_for_write(model)].features
    model._default_manager.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=(
            unique_fields if features.supports_update_conflicts_with_target else None
        ),
        update_fields=update_fields,
        batch_size=WRITE_BATCH,
    )


def _unchanged(old: models.Model | None, values: dict[str, Any]) -> bool:
    if old is None:
        return False
    return all(getattr(old, name) == value for name, value in values.items())


def save_daily_counts(
    kind: Kind, day: datetime.date, counts: Sequence[DayCount], *, add: bool
) -> SaveResult:
    """Write the counts of add-ons on `day` into the rows of `kind`.

    With `add` False each row takes the count given, which is the day's
    total (Redis contains the whole day), so writing the same counts again
    changes nothing. With `add` True the counts are added to the rows,
    because Redis contains only what no earlier call wrote. Counts of add-ons
    that do not exist are dropped and their ids returned. The change of
    each DailyDownloads row is added to the add-on's DownloadTotal. Runs
    in the caller's transaction, with one query per step, not per row.
    """
    result = SaveResult()
    ids = sorted({count.addon_id for count in counts})
    if not ids:
        return result
    known = set(Addon.objects.filter(pk__in=ids).values_list("pk", flat=True))
    result.unknown = [pk for pk in ids if pk not in known]
    # Locked, so a concurrent writer cannot change a row between this
    # read and the write below.
    existing = {
        row.addon_id: row
        for row in kind.model.objects.select_for_update().filter(
            date=day, addon_id__in=sorted(known)
        )
    }

    rows: list[Any] = []
    changes: dict[int, int] = {}
    for count in counts:
        if count.addon_id not in known:
            continue
        old = existing.get(count.addon_id)
        values = _row_values(kind, count, old, add=add)
        if _unchanged(old, values):
            continue
        rows.append(kind.model(addon_id=count.addon_id, date=day, **values))
        changes[count.addon_id] = values["count"] - getattr(old, "count", 0)

    _upsert(
        kind.model,
        rows,
        unique_fields=["addon", "date"],
        update_fields=["count", *kind.breakdowns.values()],
    )
    if kind is DOWNLOADS:
        _add_to_download_totals(changes)
    result.written = len(rows)
    return result


def _add_to_download_totals(changes: dict[int, int]) -> None:
    """Add each add-on's change of downloads to its DownloadTotal.

    An add-on without one gets it now, with its current
    Addon.total_downloads as the baseline: the popularity job has never
    written that figure, so it is the imported one.
    """
    ids = sorted(pk for pk, change in changes.items() if change)
    if not ids:
        return
    totals = {
        total.addon_id: total
        for total in DownloadTotal.objects.select_for_update().filter(addon_id__in=ids)
    }
    missing = [pk for pk in ids if pk not in totals]
    baselines = dict(
        Addon.objects.filter(pk__in=missing).values_list("pk", "total_downloads")
    )
    for pk in missing:
        totals[pk] = DownloadTotal(addon_id=pk, baseline=baselines.get(pk, 0))
    for pk in ids:
        totals[pk].counted = max(totals[pk].counted + changes[pk], 0)
    _upsert(
        DownloadTotal,
        [totals[pk] for pk in ids],
        unique_fields=["addon"],
        update_fields=["counted"],
    )


def utc_today() -> datetime.date:
    return datetime.datetime.now(datetime.UTC).date()


def average_of_days(total: int, days: int = POPULARITY_DAYS) -> int:
    """Return `total / days` rounded to the nearest integer, halves up."""
    return (2 * total + days) // (2 * days)


def _window_sums(
    model: type[DailyUsers] | type[DailyDownloads],
    first: datetime.date,
    last: datetime.date,
) -> dict[int, int]:
    rows = (
        model.objects.filter(date__gte=first, date__lte=last)
        .order_by()
        .values("addon_id")
        .annotate(total=Sum("count"))
        .values_list("addon_id", "total")
    )
    return {addon_id: int(total or 0) for addon_id, total in rows}


def _addons_with_rows(model: type[DailyUsers] | type[DailyDownloads]) -> set[int]:
    return set(model.objects.order_by().values_list("addon_id", flat=True).distinct())


def _popularity_targets(first: datetime.date, last: datetime.date) -> dict[int, dict]:
    """Return, by add-on id, the popularity figures the rows give.

    Each figure is computed for the add-ons with rows of its kind only:
    an add-on with downloads but no update check keeps its imported
    average_daily_users. total_downloads is computed for the add-ons whose
    downloads the roll-up counted (a DownloadTotal).
    """
    targets: dict[int, dict[str, int]] = {}
    users = _window_sums(DailyUsers, first, last)
    for pk in _addons_with_rows(DailyUsers):
        targets.setdefault(pk, {})["average_daily_users"] = average_of_days(
            users.get(pk, 0)
        )
    downloads = _window_sums(DailyDownloads, first, last)
    for pk in _addons_with_rows(DailyDownloads):
        targets.setdefault(pk, {})["weekly_downloads"] = downloads.get(pk, 0)
    for pk, baseline, counted in DownloadTotal.objects.values_list(
        "addon_id", "baseline", "counted"
    ):
        targets.setdefault(pk, {})["total_downloads"] = baseline + counted
    return targets


def _write_figures(rows: list[tuple[int, ...]]) -> None:
    """Set the POPULARITY_FIELDS of add-ons, from (id, *values) rows.

    One UPDATE with a CASE per column for each WRITE_BATCH rows, as
    QuerySet.bulk_update writes it, without building an expression per
    value: that took most of the time for tens of thousands of add-ons.
    """
    connection = connections[router.db_for_write(Addon)]
    quote = connection.ops.quote_name
    table = quote(Addon._meta.db_table)
    key = quote("id")
    # The columns have the fields' names.
    columns = [quote(name) for name in POPULARITY_FIELDS]
    with connection.cursor() as cursor:
        for batch in _batches(rows, WRITE_BATCH):
            cases = " ".join(["WHEN %s THEN %s"] * len(batch))
            assignments = ", ".join(
                f"{column} = CASE {key} {cases} END" for column in columns
            )
            placeholders = ", ".join(["%s"] * len(batch))
            params: list[int] = []
            for index in range(len(columns)):
                for addon_row in batch:
                    params.extend((addon_row[0], addon_row[index + 1]))
            params.extend(addon_row[0] for addon_row in batch)
            cursor.execute(
                f"UPDATE {table} SET {assignments} WHERE {key} IN ({placeholders})",
                params,
            )


def update_popularity(today: datetime.date | None = None) -> PopularityResult:
    """Recompute the popularity figures of the add-ons that have daily rows.

    average_daily_users is the mean of the daily users of the last
    POPULARITY_DAYS complete UTC days before `today` (today by default),
    a day without a row counting 0, rounded to the nearest integer.
    weekly_downloads is the sum of the downloads of those days, and
    total_downloads the add-on's DownloadTotal. Add-ons without rows keep
    their figures. Only changed add-ons are written, and their cache
    entries and the listings are cleared once the transaction commits. A
    change of average_daily_users also queues the search.reindex job,
    which writes the search documents in the new order of popularity.
    """
    today = today or utc_today()
    first = today - datetime.timedelta(days=POPULARITY_DAYS)
    last = today - datetime.timedelta(days=1)
    result = PopularityResult(first_day=first, last_day=last)
    with use_primary(), transaction.atomic():
        targets = _popularity_targets(first, last)
        result.computed = len(targets)
        changed: list[tuple[int, ...]] = []
        users_changed = False
        for batch in _batches(sorted(targets), READ_BATCH):
            stored = Addon.objects.filter(pk__in=batch).values_list(
                "pk", *POPULARITY_FIELDS
            )
            for pk, *values in stored:
                current = dict(zip(POPULARITY_FIELDS, values, strict=True))
                wanted = {**current, **targets[pk]}
                if wanted == current:
                    continue
                users_changed |= (
                    wanted["average_daily_users"] != current["average_daily_users"]
                )
                changed.append((pk, *(wanted[name] for name in POPULARITY_FIELDS)))
        _write_figures(changed)
        result.changed = len(changed)
        if changed:
            # Only the add-on's own entries contain these figures; versions,
            # users and categories keep theirs (invalidate_addons would
            # clear those too).
            invalidate([Addon(pk=row[0]) for row in changed])
        if users_changed:
            transaction.on_commit(_queue_reindex)
    log.log(
        logging.INFO if result.changed else logging.DEBUG,
        "popularity updated",
        **result.as_dict(),
    )
    return result


def _queue_reindex() -> None:
    """Queue search.reindex; a broker that is down is logged.

    The next change of popularity queues it again.
    """
    from workers.jobs import reindex

    try:
        reindex.delay()
    except (BrokerError, OSError) as error:
        log.error("search reindex not queued", error=repr(error))


# --- The public switch of the statistics pages --------------------------


@write_action
def set_public_stats(addon_id: int, user_id: int, public: bool) -> bool:
    """Make the add-on's statistics public or private; return whether the
    setting changed.

    Runs in one transaction in the write thread. The change is logged as
    an edit of the add-on, and the add-on's cached pages are cleared once
    it commits, so its detail page shows or hides the statistics link at
    once and cached public statistics pages stop being served.
    """
    addon = Addon.objects.select_for_update().get(pk=addon_id)
    if addon.public_stats == public:
        return False
    addon.public_stats = public
    addon.save(update_fields=["public_stats", "modified"])
    user = User.objects.get(pk=user_id)
    activity.log(
        Activity.EDIT_ADDON, addon, user, fields=["public_stats"], public_stats=public
    )
    invalidate([addon])
    log.info(
        "statistics visibility changed",
        addon_id=addon_id,
        user_id=user_id,
        public=public,
    )
    return True
