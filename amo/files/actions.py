"""State changes of uploads: storing, queueing and recording validation.

An upload moves STORED -> QUEUED -> VALIDATING -> PROCESSED, or FAILED when
validation cannot finish. Each step is a conditional UPDATE, so two jobs
for the same upload (a retry and a requeue, say) never both validate it.
"""

import asyncio
import datetime
import hashlib
import os
import re
import shutil
import unicodedata
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

import structlog
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError as BrokerError

from amo.core.constants import Channel
from amo.core.db import run_write, use_primary
from amo.core.errors import AmoError
from amo.files.models import FileUpload, UploadState

if TYPE_CHECKING:
    from amo.addons.models import Addon
    from amo.files.validation import ValidationResult
    from amo.users.models import User

log = structlog.get_logger(__name__)

# Bytes of the stored file name kept, extension included.
MAX_STORED_NAME_LENGTH = 100
# Publishing a job retries once, quickly: the request waits for it, and the
# requeue job sends whatever could not be sent now.
PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}


class UploadError(AmoError, ValueError):
    """An upload rejected before it is stored; views return a 400."""

    code = "upload_invalid"
    status = 400
    message = _("The upload is invalid.")


class UploadTooLarge(UploadError):
    code = "upload_too_large"
    message = _(
        "The file is larger than the maximum upload size of %(maximum_mb)s MB "
        "(%(maximum)s bytes). Remove files the add-on does not need and "
        "upload it again."
    )


def sanitise_name(name: str) -> str:
    """Return a file name safe to store: ASCII letters, digits, `.`, `_`, `-`.

    Directory parts are dropped, other characters become `_`, and a name
    with nothing left becomes "upload". Long names keep their extension.
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", base).strip("._")
    if not safe:
        return "upload"
    if len(safe) > MAX_STORED_NAME_LENGTH:
        stem, extension = os.path.splitext(safe)
        extension = extension[:10]
        safe = stem[: MAX_STORED_NAME_LENGTH - len(extension)] + extension
    return safe


def _write_file(
    uploaded_file: UploadedFile, directory: Path, filename: str, max_size: int
) -> tuple[int, str]:
    """Copy the upload to `directory/filename`; return its size and sha256.

    Runs in a thread. The bytes go to a temporary name that is renamed once
    complete, so a reader never sees a partial file. On any error the
    directory is removed.
    """
    directory.mkdir(parents=True)
    temporary = directory / f".{filename}.part"
    digest = hashlib.sha256()
    size = 0
    try:
        with open(temporary, "xb") as handle:
            for chunk in uploaded_file.chunks():
                size += len(chunk)
                if size > max_size:
                    raise UploadTooLarge(
                        maximum=max_size, maximum_mb=max_size // (1024 * 1024)
                    )
                digest.update(chunk)
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, directory / filename)
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    return size, digest.hexdigest()


def _create_upload(fields: dict[str, Any]) -> FileUpload:
    """Insert the upload row; its validation is queued once it commits."""
    upload = FileUpload.objects.create(**fields)
    upload_id = upload.pk
    transaction.on_commit(lambda: queue_validation(upload_id))
    return upload


async def store_upload(
    user: "User",
    uploaded_file: UploadedFile,
    *,
    channel: Channel | int,
    addon: "Addon | None" = None,
    ip_address: str | None = None,
) -> FileUpload:
    """Store an uploaded package, record it and queue its validation.

    The bytes go to settings.UPLOADS_ROOT/<uuid hex>/<sanitised name>,
    hashed while they are written. The row is created in state STORED in
    the write thread, and the validation job is queued after the commit.
    When the broker cannot be reached the row stays STORED and the
    files.requeue_uploads job sends it later. With no broker configured
    the job runs at once, in the write thread, before this returns.

    Raises UploadTooLarge when the file exceeds settings.MAX_UPLOAD_SIZE;
    nothing is stored then.
    """
    max_size = settings.MAX_UPLOAD_SIZE
    if uploaded_file.size is not None and uploaded_file.size > max_size:
        raise UploadTooLarge(maximum=max_size, maximum_mb=max_size // (1024 * 1024))

    upload_uuid = uuid.uuid4()
    name = uploaded_file.name or "upload"
    filename = sanitise_name(name)
    directory = Path(settings.UPLOADS_ROOT) / upload_uuid.hex
    size, sha256 = await asyncio.to_thread(
        _write_file, uploaded_file, directory, filename, max_size
    )

    fields = {
        "uuid": upload_uuid,
        "user_id": user.pk,
        "addon_id": addon.pk if addon is not None else None,
        "channel": int(channel),
        "name": name[:255],
        "path": f"{upload_uuid.hex}/{filename}",
        "size": size,
        "sha256": sha256,
        "ip_address": ip_address,
        "state": UploadState.STORED,
    }
    try:
        upload = await run_write(_create_upload, fields)
    except BaseException:
        await asyncio.to_thread(shutil.rmtree, directory, True)
        raise
    log.info(
        "upload stored",
        upload=upload_uuid.hex,
        user_id=user.pk,
        size=size,
        sha256=sha256,
    )
    return upload


def queue_validation(upload_id: int) -> bool:
    """Send the validation job of an upload; return whether it was sent.

    Call it after the upload's row commits. The upload becomes QUEUED
    unless a job has claimed it meanwhile. When the broker is unreachable
    the error is logged and the upload stays as it was, for
    files.requeue_uploads to send later.
    """
    from workers.validation import validate_upload

    try:
        validate_upload.apply_async(
            (upload_id,),
            queue=settings.VALIDATION_QUEUE,
            retry=True,
            retry_policy=PUBLISH_RETRY_POLICY,
            soft_time_limit=settings.UPLOAD_VALIDATION_SOFT_TIME_LIMIT,
            time_limit=settings.UPLOAD_VALIDATION_TIME_LIMIT,
        )
    except (BrokerError, OSError) as error:
        log.warning(
            "upload validation not queued, the broker is unreachable",
            upload_id=upload_id,
            error=str(error),
        )
        return False
    # With no broker the job has already run and moved the upload on, and
    # a worker may have claimed it already, so the update is conditional.
    # `modified` restarts the wait before a lost message is sent again.
    now = timezone.now()
    waiting = Q(state__in=[UploadState.STORED, UploadState.QUEUED])
    FileUpload.objects.filter(waiting | _stale_validation(now), pk=upload_id).update(
        state=UploadState.QUEUED, modified=now
    )
    return True


def _stale_validation(now: datetime.datetime) -> Q:
    stale_before = now - datetime.timedelta(seconds=settings.UPLOAD_STALE_AFTER)
    return Q(state=UploadState.VALIDATING) & (
        Q(started__lt=stale_before) | Q(started__isnull=True)
    )


def claim_upload(upload_id: int) -> FileUpload | None:
    """Mark an upload VALIDATING for this job and return it, or return None.

    None means there is nothing to do: the upload is gone, processed,
    failed, or being validated by a job that is still alive. An upload
    whose attempts reached settings.UPLOAD_MAX_ATTEMPTS is marked FAILED.
    """
    now = timezone.now()
    claimable = Q(state__in=[UploadState.STORED, UploadState.QUEUED]) | (
        _stale_validation(now)
    )
    with transaction.atomic():
        upload = (
            FileUpload.objects.select_for_update()
            .filter(claimable, pk=upload_id)
            .first()
        )
        if upload is None:
            return None
        if upload.attempts >= settings.UPLOAD_MAX_ATTEMPTS:
            _mark_failed(upload, _attempts_exhausted(upload.attempts))
            return None
        upload.state = UploadState.VALIDATING
        upload.started = now
        upload.attempts += 1
        upload.save(update_fields=["state", "started", "attempts", "modified"])
    return upload


def _attempts_exhausted(attempts: int) -> str:
    return (
        f"Validation started {attempts} times without finishing, so it was "
        "stopped. The package may be too large or complex to validate; "
        "upload a smaller package or contact the site's administrators."
    )


def _mark_failed(upload: FileUpload, reason: str) -> None:
    upload.state = UploadState.FAILED
    upload.error = reason
    upload.valid = False
    upload.processed = timezone.now()
    upload.save(update_fields=["state", "error", "valid", "processed", "modified"])
    log.warning(
        "upload validation failed",
        upload_id=upload.pk,
        attempts=upload.attempts,
        reason=reason,
    )


def record_validation(upload: FileUpload, result: "ValidationResult") -> bool:
    """Store the result of this job's validation; return whether it was kept.

    The result is dropped when another job's attempt took the upload over
    or finished it meanwhile.
    """
    fields: dict[str, Any] = {
        "state": UploadState.PROCESSED,
        "processed": timezone.now(),
        "modified": timezone.now(),
        "validation": result.validation,
        "valid": result.valid,
        "guid": (result.manifest.get("guid") or "")[:255],
        "version": (result.manifest.get("version") or "")[:255],
        "manifest": result.manifest,
        "error": "",
    }
    updated = FileUpload.objects.filter(
        pk=upload.pk, state=UploadState.VALIDATING, attempts=upload.attempts
    ).update(**fields)
    if updated:
        log.info(
            "upload validated",
            upload_id=upload.pk,
            valid=result.valid,
            errors=result.validation["errors"],
            warnings=result.validation["warnings"],
        )
    return bool(updated)


def release_upload(upload: FileUpload, error: BaseException) -> None:
    """Put an upload whose validation raised back to QUEUED, for a retry."""
    FileUpload.objects.filter(
        pk=upload.pk, state=UploadState.VALIDATING, attempts=upload.attempts
    ).update(state=UploadState.QUEUED, error=_describe(error), modified=timezone.now())


def fail_upload(upload: FileUpload, error: BaseException) -> None:
    """Mark an upload FAILED after its last attempt raised `error`."""
    with transaction.atomic():
        current = (
            FileUpload.objects.select_for_update()
            .filter(pk=upload.pk, state=UploadState.VALIDATING)
            .first()
        )
        if current is None:
            return
        reason = (
            f"Validation failed after {current.attempts} attempts: "
            f"{_describe(error)}. Upload the package again; if this keeps "
            "happening, contact the site's administrators."
        )
        _mark_failed(current, reason)


def _describe(error: BaseException) -> str:
    text = str(error).strip()
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _requeue_candidates(now: datetime.datetime) -> list[tuple[int, int, int]]:
    queued_before = now - datetime.timedelta(seconds=settings.UPLOAD_QUEUED_STALE_AFTER)
    return list(
        FileUpload.objects.filter(
            Q(state=UploadState.STORED)
            | Q(state=UploadState.QUEUED, modified__lt=queued_before)
            | _stale_validation(now)
        )
        .order_by("pk")
        .values_list("pk", "state", "attempts")
    )


def requeue_uploads() -> int:
    """Queue the uploads whose validation is not under way; return how many.

    Those are the STORED ones (the broker was down when they arrived),
    those VALIDATING for longer than settings.UPLOAD_STALE_AFTER (their
    worker died), and those QUEUED for longer than
    settings.UPLOAD_QUEUED_STALE_AFTER (their message was lost). A stale
    upload that used up its attempts is marked FAILED instead.
    """
    now = timezone.now()
    # A replica may not have the newest rows yet, so the primary is read.
    with use_primary():
        candidates = _requeue_candidates(now)
    queued = 0
    for upload_id, state, attempts in candidates:
        if state == UploadState.VALIDATING and attempts >= settings.UPLOAD_MAX_ATTEMPTS:
            with transaction.atomic():
                upload = (
                    FileUpload.objects.select_for_update()
                    .filter(_stale_validation(now), pk=upload_id)
                    .first()
                )
                if upload is not None:
                    _mark_failed(upload, _attempts_exhausted(upload.attempts))
            continue
        if not queue_validation(upload_id):
            # The broker is down: the others would fail the same way.
            break
        queued += 1
    if candidates:
        log.info("uploads requeued", queued=queued, candidates=len(candidates))
    return queued
