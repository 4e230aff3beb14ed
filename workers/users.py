"""Jobs of accounts: resizing profile photos."""

import structlog
from celery import Task
from django.db import InterfaceError, OperationalError, transaction

from workers.celery import app

log = structlog.get_logger(__name__)

TRANSIENT_ERRORS = (OperationalError, InterfaceError)


@app.task(
    name="users.resize_picture",
    bind=True,
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def resize_picture(self: Task, user_id: int) -> str:
    """Resize the user's uploaded photo; return the hash of the new files.

    The upload is deleted only after the hash is committed, so a job that
    dies midway runs again from the same upload. With no upload waiting
    (a second delivery of a finished job) it changes nothing and returns "".
    """
    # Imported here: the jobs module loads before Django's apps are ready.
    from amo.users import actions, pictures

    path = pictures.upload_path(user_id)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        log.info("no photo upload to resize", user_id=user_id)
        return ""
    picture_hash = pictures.resize_picture(user_id, data)
    try:
        with transaction.atomic():
            actions.do_set_picture_hash(user_id, picture_hash)
    except TRANSIENT_ERRORS as error:
        log.warning(
            "photo hash not saved, retrying",
            user_id=user_id,
            error=str(error),
            retries=self.request.retries,
        )
        raise
    # A newer upload may have replaced this one while it was resized; it
    # has its own job, so only the bytes read here are removed.
    if path.exists() and path.read_bytes() == data:
        path.unlink(missing_ok=True)
    log.info("photo resized", user_id=user_id, picture_hash=picture_hash)
    return picture_hash
