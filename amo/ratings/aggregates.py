"""The rating aggregates of add-ons, recomputed from the rating rows.

`update(addon_id)` counts the add-on's current ratings (latest, not
deleted, not held, not replies) by star. It adds the RatingAggregate's
baseline, the figures an import brought with no rows behind them. Then
it writes both the RatingAggregate and the add-on's fields
`total_ratings`, `average_rating`, `bayesian_rating` and
`text_ratings_count` in one transaction:

    count    = rows + baseline_count
    average  = (sum of the rows' stars + baseline_score_sum) / count
    text     = rows with a non-empty body + baseline_text_count
    bayesian = (C * m + sum of stars) / (C + count)

where C is the mean number of ratings of the add-ons that have any, and m
the mean of their averages: the site-wide means, cached for
SITE_MEANS_SECONDS as addons.mozilla.org does. With no rated add-on,
bayesian is the average. The histogram (`count_1` to `count_5`) counts the
rows only, because an import brings no breakdown.

The add-on's row is locked first, as every rating write does
(amo.ratings.actions), so a recompute that waits for a write counts what
the write committed, and one that started earlier cannot store older
counts over newer ones. An add-on without a RatingAggregate gets one,
with its current figures as the baseline: only an import writes them
before the first recompute.

The job is idempotent: running it again gives the same figures.
"""

from dataclasses import dataclass, field
from typing import Any

import structlog
from django.core.cache import cache
from django.db import transaction
from django.db.models import Avg, Count, F, Q
from django.utils import timezone

from amo.addons.models import Addon
from amo.core.cache.invalidation import Plan, apply, plan_for
from amo.core.db.routers import use_primary
from amo.ratings.models import Rating, RatingAggregate

log = structlog.get_logger(__name__)

SITE_MEANS_KEY = "ratings:site-means"
SITE_MEANS_SECONDS = 60 * 3600
ADDON_FIELDS = (
    "total_ratings",
    "average_rating",
    "bayesian_rating",
    "text_ratings_count",
)


@dataclass(frozen=True)
class SiteMeans:
    """The site-wide means the bayesian average blends in."""

    # C: the mean number of ratings of the add-ons that have any.
    count: float
    # m: the mean of those add-ons' averages.
    average: float


@dataclass
class Figures:
    """The figures one recompute wrote for an add-on."""

    addon_id: int
    count: int = 0
    average: float = 0.0
    bayesian: float = 0.0
    text_count: int = 0
    histogram: dict[int, int] = field(default_factory=dict)
    changed: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "addon_id": self.addon_id,
            "count": self.count,
            "average": self.average,
            "bayesian": self.bayesian,
            "text_count": self.text_count,
            "histogram": {str(star): n for star, n in self.histogram.items()},
            "changed": self.changed,
        }


def counted_ratings() -> Any:
    """Return the ratings that the aggregates count."""
    return Rating.objects.filter(
        is_latest=True, deleted=False, held=False, reply_to__isnull=True
    )


def compute_site_means() -> SiteMeans:
    row = Addon.objects.filter(total_ratings__gt=0).aggregate(
        count=Avg("total_ratings"), average=Avg("average_rating")
    )
    return SiteMeans(count=float(row["count"] or 0), average=float(row["average"] or 0))


def site_means() -> SiteMeans:
    """Return the site-wide means, from the cache when it has them."""
    cached = cache.get(SITE_MEANS_KEY)
    if isinstance(cached, SiteMeans):
        return cached
    means = compute_site_means()
    cache.set(SITE_MEANS_KEY, means, SITE_MEANS_SECONDS)
    return means


def bayesian(score_sum: float, count: int, means: SiteMeans) -> float:
    """Return (C * m + score_sum) / (C + count), 0 when both are 0."""
    weight = means.count + count
    if weight <= 0:
        return 0.0
    return (means.count * means.average + score_sum) / weight


def _baseline_of(addon: Addon) -> RatingAggregate:
    """Return a new RatingAggregate with the add-on's figures as baseline."""
    return RatingAggregate(
        addon_id=addon.pk,
        baseline_count=addon.total_ratings,
        baseline_score_sum=addon.average_rating * addon.total_ratings,
        baseline_text_count=addon.text_ratings_count,
    )


def update(addon_id: int, *, means: SiteMeans | None = None) -> Figures | None:
    """Recompute and store the aggregates of one add-on.

    Returns None when the add-on does not exist. The caches that contain
    the add-on are cleared once the transaction commits.
    """
    with use_primary(), transaction.atomic():
        addon = Addon.objects.select_for_update().filter(pk=addon_id).first()
        if addon is None:
            return None
        aggregate = (
            RatingAggregate.objects.select_for_update().filter(addon=addon_id).first()
        )
        if aggregate is None:
            aggregate = _baseline_of(addon)
        rows = dict(
            counted_ratings()
            .filter(addon=addon_id)
            .order_by()
            .values_list("score")
            .annotate(n=Count("id"))
            .values_list("score", "n")
        )
        text_rows = counted_ratings().filter(addon=addon_id).exclude(body="").count()
        histogram = {star: int(rows.get(star, 0)) for star in range(1, 6)}
        row_count = sum(histogram.values())
        row_sum = sum(star * n for star, n in histogram.items())
        figures = Figures(addon_id=addon_id, histogram=histogram)
        figures.count = row_count + aggregate.baseline_count
        score_sum = row_sum + aggregate.baseline_score_sum
        figures.average = score_sum / figures.count if figures.count else 0.0
        figures.text_count = text_rows + aggregate.baseline_text_count
        figures.bayesian = bayesian(score_sum, figures.count, means or site_means())

        for star, n in histogram.items():
            setattr(aggregate, f"count_{star}", n)
        aggregate.text_count = text_rows
        aggregate.computed = timezone.now()
        aggregate.save()

        expected = {
            "total_ratings": figures.count,
            "average_rating": figures.average,
            "bayesian_rating": figures.bayesian,
            "text_ratings_count": figures.text_count,
        }
        current = {name: getattr(addon, name) for name in ADDON_FIELDS}
        figures.changed = expected != current
        if figures.changed:
            # A queryset update: Addon.save() would also touch `modified`,
            # which the rating figures are not an edit of.
            Addon.objects.filter(pk=addon_id).update(**expected)
        _invalidate_on_commit(addon_id)
    log.info("rating aggregates updated", **figures.as_dict())
    return figures


def _invalidate_on_commit(addon_id: int) -> None:
    from amo.ratings.queries import SUMMARY_KIND

    plan = plan_for([Addon(pk=addon_id)], models_changed=[Rating, RatingAggregate])
    plan.object_keys.add(SUMMARY_KIND.key(addon_id))
    transaction.on_commit(lambda: apply(plan))


def stale_addon_ids(limit: int | None = None) -> list[int]:
    """Return the add-ons whose newest rating change is newer than their
    aggregate, or that have ratings and no aggregate.

    A rating write whose aggregate job was not queued (the broker was
    down) or was lost leaves its add-on here.
    """
    changed = (
        Rating.objects.filter(
            Q(addon__rating_aggregate__isnull=True)
            | Q(modified__gt=F("addon__rating_aggregate__computed"))
        )
        .order_by("addon_id")
        .values_list("addon_id", flat=True)
        .distinct()
    )
    return list(changed[:limit] if limit else changed)


def all_addon_ids() -> list[int]:
    """Return the add-ons that have ratings or an aggregate."""
    rated = set(Rating.objects.order_by().values_list("addon_id", flat=True).distinct())
    rated.update(RatingAggregate.objects.values_list("addon_id", flat=True))
    return sorted(rated)


def set_baseline(
    addon_id: int,
    *,
    count: int,
    average: float,
    text_count: int,
) -> None:
    """Store imported figures as the add-on's baseline, in the caller's
    transaction. The recompute adds the rating rows to them."""
    RatingAggregate.objects.update_or_create(
        addon_id=addon_id,
        defaults={
            "baseline_count": count,
            "baseline_score_sum": average * count,
            "baseline_text_count": text_count,
            "computed": timezone.now(),
        },
    )


IMPORTED_FIGURES = ("total_ratings", "average_rating", "text_ratings_count")


def store_import_baselines(
    imported: dict[int, dict[str, object]], *, using: str = "default"
) -> int:
    """Store the rating figures an import gave each add-on as its baseline.

    `imported` maps add-on ids to the Addon values the import wrote; those
    without rating figures are skipped, so a source that has none keeps
    the stored baseline. Add-ons that also have counted rating rows are
    recomputed, so their figures are the baseline plus the rows. Runs in
    the caller's transaction; returns how many baselines were stored.
    """
    baselines: dict[int, tuple[int, float, int]] = {}
    for addon_id, values in imported.items():
        if not any(name in values for name in IMPORTED_FIGURES):
            continue
        count = int(values.get("total_ratings") or 0)  # type: ignore[call-overload]
        average = float(values.get("average_rating") or 0)  # type: ignore[arg-type]
        text = int(values.get("text_ratings_count") or 0)  # type: ignore[call-overload]
        baselines[addon_id] = (count, average, text)
    if not baselines:
        return 0
    ids = sorted(baselines)
    now = timezone.now()
    stored = {
        row.addon_id: row
        for row in RatingAggregate.objects.using(using).filter(addon__in=ids)
    }
    new: list[RatingAggregate] = []
    for addon_id in ids:
        count, average, text = baselines[addon_id]
        row = stored.get(addon_id) or RatingAggregate(addon_id=addon_id)
        row.baseline_count = count
        row.baseline_score_sum = average * count
        row.baseline_text_count = text
        row.computed = now
        if addon_id not in stored:
            new.append(row)
    manager = RatingAggregate.objects.using(using)
    manager.bulk_create(new, batch_size=1000)
    manager.bulk_update(
        list(stored.values()),
        ["baseline_count", "baseline_score_sum", "baseline_text_count", "computed"],
        batch_size=1000,
    )
    with_rows = sorted(
        set(
            counted_ratings()
            .using(using)
            .filter(addon__in=ids)
            .values_list("addon_id", flat=True)
        )
    )
    for addon_id in with_rows:
        update(addon_id)
    _clear_summaries_on_commit(ids, using)
    return len(ids)


def _clear_summaries_on_commit(addon_ids: list[int], using: str) -> None:
    from amo.ratings.queries import SUMMARY_KIND

    plan = Plan()
    plan.object_keys.update(SUMMARY_KIND.key(addon_id) for addon_id in addon_ids)
    transaction.on_commit(lambda: apply(plan), using=using)
