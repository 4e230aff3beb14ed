"""The jobs that validate uploaded packages.

files.validate_upload runs on the "validation" queue (settings.
VALIDATION_QUEUE); files.requeue_uploads runs from Celery beat every
minute and sends the uploads that no job is working on. The state of each
upload lives in its FileUpload row, so a job can be sent twice or its
worker can die without harm: amo.files.actions.claim_upload lets one job
at a time validate an upload, and leaves processed uploads alone.
"""

import random

import structlog
from celery import Task
from django.conf import settings

from amo.core.db import use_primary
from workers.celery import app

log = structlog.get_logger(__name__)

# Seconds before the first retry of a job that raised; each later retry
# waits twice as long, up to RETRY_BACKOFF_MAX.
RETRY_BACKOFF = 10
RETRY_BACKOFF_MAX = 300


def retry_countdown(attempts: int) -> float:
    """Return the seconds to wait before attempt `attempts + 1`, jittered."""
    delay = min(RETRY_BACKOFF * 2 ** max(attempts - 1, 0), RETRY_BACKOFF_MAX)
    return delay + random.uniform(0, delay / 4)


@app.task(name="files.validate_upload", bind=True, acks_late=True, max_retries=None)
def validate_upload(self: Task, upload_id: int) -> str:
    """Validate upload `upload_id` and store the result; return its outcome.

    The outcome is "processed", "failed", or "skipped" when the upload is
    done or another job is validating it. An unexpected error puts the
    upload back in the queue with a backoff until it has been attempted
    settings.UPLOAD_MAX_ATTEMPTS times, then marks it FAILED with the
    error as the reason.
    """
    # Replicas may lag behind the upload's row, so the job reads the primary.
    with use_primary():
        return _validate(self, upload_id)


def _validate(task: Task, upload_id: int) -> str:
    # Imported here: the jobs module loads before Django's apps are ready.
    from amo.files import actions
    from amo.files.validation import validate_upload as run_validation

    upload = actions.claim_upload(upload_id)
    if upload is None:
        return "skipped"
    try:
        result = run_validation(upload)
        actions.record_validation(upload, result)
    except Exception as error:
        # SoftTimeLimitExceeded lands here too: a package that takes too
        # long is tried again, within the same cap on attempts.
        if upload.attempts < settings.UPLOAD_MAX_ATTEMPTS:
            countdown = retry_countdown(upload.attempts)
            log.warning(
                "upload validation raised, retrying",
                upload_id=upload_id,
                attempts=upload.attempts,
                countdown=round(countdown, 1),
                error=repr(error),
            )
            actions.release_upload(upload, error)
            if task.request.is_eager:
                # An in-process run retries at once: Celery would raise
                # its Retry exception to the caller, since eager jobs
                # propagate their errors.
                return validate_upload.run(upload_id)
            raise task.retry(
                exc=error,
                countdown=countdown,
                queue=settings.VALIDATION_QUEUE,
                soft_time_limit=settings.UPLOAD_VALIDATION_SOFT_TIME_LIMIT,
                time_limit=settings.UPLOAD_VALIDATION_TIME_LIMIT,
            ) from error
        log.exception("upload validation failed for good", upload_id=upload_id)
        actions.fail_upload(upload, error)
        return "failed"
    return "processed"


@app.task(name="files.requeue_uploads", acks_late=True)
def requeue_uploads() -> int:
    """Send the uploads that wait without a job; return how many were sent."""
    from amo.files import actions

    with use_primary():
        return actions.requeue_uploads()
