"""Offline jobs that every installation runs."""

import structlog
from celery import Task
from django.db import InterfaceError, OperationalError

from workers import validation  # noqa: F401 (registers the upload jobs)
from workers.celery import app
from workers.images import resize_image  # noqa: F401  (registers its job)
from workers.mail import send as send_mail  # noqa: F401  (registers mail.send)
from workers.ratings import update_aggregates  # noqa: F401  (registers its jobs)
from workers.stats import rollup  # noqa: F401  (registers the stats jobs)
from workers.users import resize_picture  # noqa: F401  (registers its job)

log = structlog.get_logger(__name__)

# Errors after which a job is tried again: the database was unreachable,
# restarted, or gave up on a lock. Other errors are bugs and are raised.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)


@app.task(name="workers.ping", acks_late=True)
def ping() -> str:
    """Return "pong"; health checks and tests use it to reach a worker."""
    return "pong"


@app.task(
    name="search.reindex",
    bind=True,
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def reindex(self: Task, batch_size: int | None = None) -> int:
    """Rebuild every search document; return how many were written.

    Running it twice writes the same documents, so a retry after a
    transient database error starts again from the first batch.
    """
    # Imported here: the jobs module loads before Django's apps are ready.
    # Celery's Django fix-up closes stale connections around each job.
    from amo.search.documents import BATCH_SIZE, rebuild

    try:
        return rebuild(batch_size=batch_size or BATCH_SIZE)
    except TRANSIENT_ERRORS as error:
        log.warning(
            "search reindex failed, retrying",
            error=str(error),
            retries=self.request.retries,
        )
        raise
