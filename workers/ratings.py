"""The rating jobs: the recompute of one add-on's aggregates, and the
periodic sweep that recomputes the add-ons whose aggregates are stale.

amo.ratings.actions queues `ratings.update_aggregates` after each rating
change commits. When the broker is down that job is never sent, so Celery
beat sends `ratings.sweep_aggregates` every RATINGS_SWEEP_INTERVAL
seconds: it recomputes every add-on whose newest rating change is newer
than its aggregate (amo.ratings.aggregates.stale_addon_ids). Both jobs
are safe to run again.
"""

from typing import Any

import structlog
from celery import Task

from workers.celery import app
from workers.stats import RETRY_OPTIONS, TRANSIENT_ERRORS

log = structlog.get_logger(__name__)

# Add-ons one sweep recomputes at most; the next sweep takes the rest.
SWEEP_LIMIT = 1000


@app.task(name="ratings.update_aggregates", **RETRY_OPTIONS)
def update_aggregates(self: Task, addon_id: int) -> dict[str, Any] | None:
    """Recompute the rating aggregates of add-on `addon_id`.

    Returns the figures written (amo.ratings.aggregates.Figures), or None
    when the add-on does not exist.
    """
    # Imported here because the jobs module loads before Django's apps
    # are ready.
    from amo.ratings import aggregates

    try:
        figures = aggregates.update(addon_id)
    except TRANSIENT_ERRORS as error:
        log.warning(
            "rating aggregates failed, retrying",
            addon_id=addon_id,
            error=repr(error),
            retries=self.request.retries,
        )
        raise
    return None if figures is None else figures.as_dict()


@app.task(name="ratings.sweep_aggregates", **RETRY_OPTIONS)
def sweep_aggregates(self: Task) -> list[int]:
    """Recompute the add-ons whose aggregates are older than their newest
    rating change; return their ids."""
    from amo.ratings import aggregates

    try:
        stale = aggregates.stale_addon_ids(limit=SWEEP_LIMIT)
        for addon_id in stale:
            aggregates.update(addon_id)
    except TRANSIENT_ERRORS as error:
        log.warning(
            "rating aggregate sweep failed, retrying",
            error=repr(error),
            retries=self.request.retries,
        )
        raise
    if stale:
        log.info("stale rating aggregates recomputed", addons=len(stale))
    return stale
