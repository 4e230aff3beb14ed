"""Storing uploads and the jobs that validate them."""

import datetime
import hashlib
import threading
import time
from pathlib import Path

import pytest
from asgiref.sync import sync_to_async
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from amo.core.constants import Channel
from amo.files import actions
from amo.files.models import FileUpload, UploadState
from tests.factories import UserFactory
from tests.files.conftest import WORKER_OPTIONS
from tests.files.helpers import build_xpi, manifest
from tests.workers import amo_worker, wait_while_running, worker_environment
from workers import validation as validation_jobs
from workers.celery import app


def uploaded(content: bytes, name: str = "addon.xpi") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/x-xpinstall")


def reload(upload: FileUpload) -> FileUpload:
    return FileUpload.objects.using("default").get(pk=upload.pk)


def wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the upload was not validated in time"
        time.sleep(0.1)


def create_upload(user, content: bytes, uploads_root: Path, **fields) -> FileUpload:
    """A stored upload, written as store_upload would, with no job queued."""
    upload = FileUpload(user=user, name="addon.xpi", **fields)
    directory = uploads_root / upload.uuid.hex
    directory.mkdir(parents=True)
    (directory / "addon.xpi").write_bytes(content)
    upload.path = f"{upload.uuid.hex}/addon.xpi"
    upload.size = len(content)
    upload.sha256 = hashlib.sha256(content).hexdigest()
    upload.save()
    return upload


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("addon.xpi", "addon.xpi"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\my addon.zip", "my_addon.zip"),
        ("Über Add-on (1).xpi", "Uber_Add-on_1_.xpi"),
        ("...", "upload"),
        ("", "upload"),
        (".hidden.xpi", "hidden.xpi"),
        ("a" * 300 + ".xpi", "a" * 96 + ".xpi"),
    ],
)
def test_sanitise_name(name, expected):
    assert actions.sanitise_name(name) == expected


async def test_store_upload_validates_in_process(live_db, eager_jobs, uploads_root):
    user = await sync_to_async(UserFactory)()
    content = build_xpi()

    upload = await actions.store_upload(
        user,
        uploaded(content, "My Add-on.xpi"),
        channel=Channel.UNLISTED,
        ip_address="127.0.0.1",
    )

    stored = uploads_root / upload.uuid.hex / "My_Add-on.xpi"
    assert stored.read_bytes() == content
    assert not list(stored.parent.glob(".*"))
    assert upload.path == f"{upload.uuid.hex}/My_Add-on.xpi"
    upload = await sync_to_async(reload)(upload)
    assert upload.name == "My Add-on.xpi"
    assert upload.size == len(content)
    assert upload.sha256 == hashlib.sha256(content).hexdigest()
    assert upload.ip_address == "127.0.0.1"
    assert upload.channel == Channel.UNLISTED
    assert upload.state == UploadState.PROCESSED
    assert upload.valid is True
    assert upload.attempts == 1
    assert upload.processed is not None
    assert upload.guid == "test@example.com"
    assert upload.version == "1.0"
    assert upload.manifest["names"] == {"en-US": "Test add-on"}
    assert upload.validation["errors"] == 0
    assert upload.validation["metadata"]["listed"] is False


async def test_store_upload_records_invalid_package(live_db, eager_jobs):
    user = await sync_to_async(UserFactory)()
    upload = await actions.store_upload(
        user, uploaded(b"This is not a valid XPI!"), channel=Channel.LISTED
    )
    upload = await sync_to_async(reload)(upload)
    assert upload.state == UploadState.PROCESSED
    assert upload.valid is False
    assert upload.validation["messages"][0]["id"] == ["TEXT_FILE"]
    assert upload.manifest == {}


async def test_store_upload_rejects_declared_size(live_db, settings, uploads_root):
    settings.MAX_UPLOAD_SIZE = 1000
    user = await sync_to_async(UserFactory)()
    with pytest.raises(actions.UploadTooLarge) as raised:
        await actions.store_upload(user, uploaded(b"x" * 1001), channel=Channel.LISTED)
    assert raised.value.status == 400
    assert isinstance(raised.value, ValueError)
    assert "maximum upload size" in str(raised.value)
    assert not uploads_root.exists() or not list(uploads_root.iterdir())
    assert await FileUpload.objects.acount() == 0


async def test_store_upload_counts_streamed_size(live_db, settings, uploads_root):
    settings.MAX_UPLOAD_SIZE = 1000
    user = await sync_to_async(UserFactory)()
    file = uploaded(b"x" * 5000)
    # A size the client claimed: the bytes are counted as they are written.
    file.size = 10
    with pytest.raises(actions.UploadTooLarge):
        await actions.store_upload(user, file, channel=Channel.LISTED)
    assert list(uploads_root.iterdir()) == []
    assert await FileUpload.objects.acount() == 0


def test_job_leaves_processed_upload_alone(db, eager_jobs, uploads_root):
    upload = create_upload(
        UserFactory(), build_xpi(), uploads_root, state=UploadState.PROCESSED
    )
    assert validation_jobs.validate_upload.delay(upload.pk).get() == "skipped"
    upload = reload(upload)
    assert upload.attempts == 0
    assert upload.validation is None


def test_job_skips_upload_another_job_validates(db, eager_jobs, uploads_root):
    upload = create_upload(
        UserFactory(),
        build_xpi(),
        uploads_root,
        state=UploadState.VALIDATING,
        started=timezone.now(),
        attempts=1,
    )
    assert validation_jobs.validate_upload.delay(upload.pk).get() == "skipped"
    assert reload(upload).state == UploadState.VALIDATING


def test_job_skips_missing_upload(db, eager_jobs):
    assert validation_jobs.validate_upload.delay(123456).get() == "skipped"


def test_job_retries_after_an_error(db, eager_jobs, uploads_root, monkeypatch):
    from amo.files import validation

    upload = create_upload(UserFactory(), build_xpi(), uploads_root)
    calls = []
    real = validation.validate_upload

    def flaky(upload):
        calls.append(upload.attempts)
        if len(calls) == 1:
            raise OSError("disk hiccup")
        return real(upload)

    monkeypatch.setattr(validation, "validate_upload", flaky)
    assert validation_jobs.validate_upload.delay(upload.pk).get() == "processed"
    upload = reload(upload)
    assert calls == [1, 2]
    assert upload.state == UploadState.PROCESSED
    assert upload.attempts == 2
    assert upload.error == ""
    assert upload.valid is True


def test_job_failing_for_good_records_reason(
    db, eager_jobs, uploads_root, monkeypatch, settings
):
    from amo.files import validation

    settings.UPLOAD_MAX_ATTEMPTS = 3
    upload = create_upload(UserFactory(), build_xpi(), uploads_root)

    def broken(upload):
        raise RuntimeError("the validator crashed")

    monkeypatch.setattr(validation, "validate_upload", broken)
    assert validation_jobs.validate_upload.delay(upload.pk).get() == "failed"
    upload = reload(upload)
    assert upload.state == UploadState.FAILED
    assert upload.attempts == 3
    assert upload.valid is False
    assert upload.processed is not None
    assert "after 3 attempts" in upload.error
    assert "RuntimeError: the validator crashed" in upload.error


def test_record_is_dropped_for_a_superseded_attempt(db, uploads_root):
    from amo.files.validation import validate_upload

    upload = create_upload(UserFactory(), build_xpi(), uploads_root)
    first = actions.claim_upload(upload.pk)
    assert first is not None
    # The first job's worker looked dead, so another attempt took over.
    FileUpload.objects.filter(pk=upload.pk).update(
        started=timezone.now() - datetime.timedelta(hours=1)
    )
    second = actions.claim_upload(upload.pk)
    assert second is not None
    assert second.attempts == 2
    assert actions.record_validation(first, validate_upload(first)) is False
    assert actions.record_validation(second, validate_upload(second)) is True
    assert reload(upload).state == UploadState.PROCESSED


def test_requeue_sends_stored_and_stale_uploads(db, eager_jobs, uploads_root, settings):
    settings.UPLOAD_STALE_AFTER = 600
    user = UserFactory()
    long_ago = timezone.now() - datetime.timedelta(seconds=1200)
    stored = create_upload(user, build_xpi(), uploads_root)
    # A worker died mid-job: the upload stays VALIDATING with an old start.
    died = create_upload(
        user,
        build_xpi(manifest(version="2.0")),
        uploads_root,
        state=UploadState.VALIDATING,
        started=long_ago,
        attempts=1,
    )
    running = create_upload(
        user,
        build_xpi(),
        uploads_root,
        state=UploadState.VALIDATING,
        started=timezone.now(),
        attempts=1,
    )
    queued = create_upload(user, build_xpi(), uploads_root, state=UploadState.QUEUED)

    assert actions.requeue_uploads() == 2

    stored, died, running, queued = map(reload, (stored, died, running, queued))
    assert stored.state == UploadState.PROCESSED
    assert stored.attempts == 1
    assert died.state == UploadState.PROCESSED
    assert died.attempts == 2
    assert died.version == "2.0"
    assert running.state == UploadState.VALIDATING
    assert queued.state == UploadState.QUEUED


def test_requeue_sends_queued_upload_whose_message_was_lost(
    db, eager_jobs, uploads_root, settings
):
    settings.UPLOAD_QUEUED_STALE_AFTER = 3600
    upload = create_upload(UserFactory(), build_xpi(), uploads_root)
    FileUpload.objects.filter(pk=upload.pk).update(
        state=UploadState.QUEUED,
        modified=timezone.now() - datetime.timedelta(hours=2),
    )
    assert actions.requeue_uploads() == 1
    assert reload(upload).state == UploadState.PROCESSED


def test_requeue_fails_upload_out_of_attempts(db, eager_jobs, uploads_root, settings):
    settings.UPLOAD_MAX_ATTEMPTS = 3
    upload = create_upload(
        UserFactory(),
        build_xpi(),
        uploads_root,
        state=UploadState.VALIDATING,
        started=timezone.now() - datetime.timedelta(days=1),
        attempts=3,
    )
    assert actions.requeue_uploads() == 0
    upload = reload(upload)
    assert upload.state == UploadState.FAILED
    assert "started 3 times without finishing" in upload.error


def test_requeue_job_runs_in_process(db, eager_jobs, uploads_root):
    upload = create_upload(UserFactory(), build_xpi(), uploads_root)
    assert validation_jobs.requeue_uploads.delay().get() == 1
    assert reload(upload).state == UploadState.PROCESSED


def test_retry_countdown_backs_off():
    assert 10 <= validation_jobs.retry_countdown(1) <= 12.5
    assert 20 <= validation_jobs.retry_countdown(2) <= 25
    assert 300 <= validation_jobs.retry_countdown(10) <= 375


def test_worker_command_consumes_validation_queue(monkeypatch, settings):
    from django.core.management import call_command

    settings.BROKER_URL = "amqp://guest:guest@127.0.0.1:5672//"
    calls = []
    monkeypatch.setattr(app, "worker_main", calls.append)
    call_command("worker")
    call_command("worker", "--queues", "celery")
    assert calls[0][calls[0].index("--queues") + 1] == "celery,validation"
    assert calls[1][calls[1].index("--queues") + 1] == "celery"
    assert "--hostname" not in calls[0]
    call_command("worker", "--hostname", "validation@%h")
    assert calls[2][calls[2].index("--hostname") + 1] == "validation@%h"


def test_worker_beat_keeps_schedule_in_var_dir(monkeypatch, settings, tmp_path):
    from django.core.management import call_command

    settings.BROKER_URL = "amqp://guest:guest@127.0.0.1:5672//"
    settings.CELERY_BEAT_SCHEDULE_FILENAME = str(tmp_path / "var" / "beat")
    calls = []
    monkeypatch.setattr(app, "worker_main", calls.append)

    call_command("worker", "--beat")

    assert "--beat" in calls[0]
    assert calls[0][calls[0].index("--schedule") + 1] == str(tmp_path / "var" / "beat")
    assert (tmp_path / "var").is_dir()


def point_at_closed_port(patch: pytest.MonkeyPatch) -> None:
    """Point the Celery app at a port of 127.0.0.1 where nothing listens."""
    from tests.services import free_port

    patch.setitem(app.conf, "task_always_eager", False)
    patch.setitem(
        app.conf, "broker_url", f"amqp://guest:guest@127.0.0.1:{free_port()}//"
    )
    # The connection and producer pools keep the URL they were made with.
    patch.setattr(app, "_pool", None)
    patch.setattr(app.amqp, "_producer_pool", None)


@pytest.fixture
def closed_broker(monkeypatch):
    point_at_closed_port(monkeypatch)


async def test_upload_stays_stored_when_broker_is_down(live_db, closed_broker):
    user = await sync_to_async(UserFactory)()
    upload = await actions.store_upload(user, uploaded(build_xpi()), channel=2)
    upload = await sync_to_async(reload)(upload)
    assert upload.state == UploadState.STORED
    assert upload.attempts == 0


@pytest.mark.django_db(transaction=True)
def test_stored_upload_is_validated_when_requeued(
    reference_data, validation_queue, uploads_root, monkeypatch
):
    from celery.contrib.testing.worker import start_worker

    user = UserFactory()
    upload = create_upload(user, build_xpi(), uploads_root)
    with monkeypatch.context() as down:
        point_at_closed_port(down)
        assert actions.queue_validation(upload.pk) is False
        assert reload(upload).state == UploadState.STORED

    with start_worker(app, queues=[validation_queue], **WORKER_OPTIONS):
        assert actions.requeue_uploads() == 1
        wait_for(lambda: reload(upload).state == UploadState.PROCESSED)
    upload = reload(upload)
    assert upload.valid is True
    assert upload.attempts == 1


@pytest.mark.django_db(transaction=True)
def test_killed_worker_upload_is_retried_through_broker(
    reference_data, validation_queue, uploads_root
):
    from celery.contrib.testing.worker import start_worker

    upload = create_upload(
        UserFactory(),
        build_xpi(),
        uploads_root,
        state=UploadState.VALIDATING,
        started=timezone.now() - datetime.timedelta(days=1),
        attempts=1,
    )
    threads = []
    done = threading.Event()

    def record(sender=None, **kwargs):
        threads.append(threading.current_thread().name)
        done.set()

    from celery.signals import task_postrun

    task_postrun.connect(record, weak=False)
    try:
        with start_worker(app, queues=[validation_queue], **WORKER_OPTIONS):
            assert actions.requeue_uploads() == 1
            wait_for(lambda: reload(upload).state == UploadState.PROCESSED)
    finally:
        task_postrun.disconnect(record)
    assert reload(upload).attempts == 2
    assert threading.current_thread().name not in threads


@pytest.mark.django_db(transaction=True)
def test_failing_job_through_broker_records_failure(
    reference_data, validation_queue, uploads_root, monkeypatch, settings
):
    from celery.contrib.testing.worker import start_worker

    from amo.files import validation

    settings.UPLOAD_MAX_ATTEMPTS = 2
    monkeypatch.setattr(validation_jobs, "RETRY_BACKOFF", 0)
    attempts = []

    def broken(upload):
        attempts.append(upload.attempts)
        raise RuntimeError("the validator crashed")

    monkeypatch.setattr(validation, "validate_upload", broken)
    upload = create_upload(UserFactory(), build_xpi(), uploads_root)
    with start_worker(app, queues=[validation_queue], **WORKER_OPTIONS):
        assert actions.queue_validation(upload.pk) is True
        wait_for(lambda: reload(upload).state == UploadState.FAILED)
    upload = reload(upload)
    assert attempts == [1, 2]
    assert upload.attempts == 2
    assert "after 2 attempts" in upload.error
    assert "RuntimeError: the validator crashed" in upload.error


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_amo_worker_validates_upload(
    reference_data, validation_queue, uploads_root, tmp_path
):
    upload = create_upload(UserFactory(), build_xpi(), uploads_root)
    log = tmp_path / "worker.log"
    environment = worker_environment(
        AMO_PRIVATE_ROOT=str(uploads_root.parent),
        AMO_VALIDATION_QUEUE=validation_queue,
    )
    with amo_worker(validation_queue, log, environment) as worker:
        assert actions.queue_validation(upload.pk) is True
        assert reload(upload).state in (
            UploadState.QUEUED,
            UploadState.VALIDATING,
            UploadState.PROCESSED,
        )
        wait_while_running(
            worker, log, lambda: reload(upload).state == UploadState.PROCESSED
        )
    upload = reload(upload)
    assert upload.valid is True
    assert upload.guid == "test@example.com"
    assert "files.validate_upload" in log.read_text(errors="replace")
