import uuid

from django.db import models

from amo.core.constants import Channel, FileStatus
from amo.core.models import TimestampedModel


def file_upload_path(file: "File", filename: str) -> str:
    return f"files/{file.version.addon_id}/{filename}"


class File(TimestampedModel):
    version = models.OneToOneField(
        "versions.Version", on_delete=models.CASCADE, related_name="file"
    )
    filename = models.CharField(max_length=255)
    # "sha256:<hex>", as AMO's API sends it and Firefox checks it.
    hash = models.CharField(max_length=255, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    status = models.PositiveSmallIntegerField(
        choices=FileStatus.choices, default=FileStatus.UNREVIEWED
    )
    # The package on this site's storage; empty when only its metadata is
    # known, and then the version is shown as not downloadable.
    file = models.FileField(upload_to=file_upload_path, max_length=255, blank=True)
    # Where the package lives on another site; kept as metadata, never fetched.
    source_url = models.URLField(max_length=500, blank=True)
    strict_compatibility = models.BooleanField(default=False)
    is_mozilla_signed_extension = models.BooleanField(default=False)
    manifest_version = models.PositiveSmallIntegerField(null=True, blank=True)
    permissions = models.JSONField(default=list, blank=True)
    optional_permissions = models.JSONField(default=list, blank=True)
    host_permissions = models.JSONField(default=list, blank=True)

    class Meta:
        db_table = "files"
        indexes = [
            # The reviewers' queue of files awaiting review.
            models.Index(fields=["status"], name="file_status"),
        ]

    def __str__(self) -> str:
        return self.filename

    @property
    def is_downloadable(self) -> bool:
        return bool(self.file)


class UploadState(models.IntegerChoices):
    # Stored and recorded; the validation job is not queued yet, for
    # example because the broker was down when the upload arrived.
    STORED = 1, "stored"
    QUEUED = 2, "queued"
    VALIDATING = 3, "validating"
    # Validation finished; `valid` and `validation` hold the result.
    PROCESSED = 4, "processed"
    # Validation could not run to the end, for a reason in `error`.
    FAILED = 5, "failed"


class FileUpload(TimestampedModel):
    """A package as an author uploaded it, before it becomes a version.

    The row and the file on disk are written before anything else, so an
    upload survives a broker or worker outage. `state` records how far its
    validation has gone.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        "users.User", on_delete=models.CASCADE, related_name="uploads"
    )
    # The add-on a new version is uploaded for, when the author chose one.
    addon = models.ForeignKey(
        "addons.Addon",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    channel = models.PositiveSmallIntegerField(
        choices=Channel.choices, default=Channel.LISTED
    )
    # The file name the client sent, and where the bytes are stored,
    # relative to settings.UPLOADS_ROOT.
    name = models.CharField(max_length=255)
    path = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    state = models.PositiveSmallIntegerField(
        choices=UploadState.choices, default=UploadState.STORED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    # When the validation job last started, to find uploads whose worker died.
    started = models.DateTimeField(null=True, blank=True)
    processed = models.DateTimeField(null=True, blank=True)
    valid = models.BooleanField(default=False)
    # The result in addons-linter's JSON shape.
    validation = models.JSONField(null=True, blank=True)
    # Why validation failed for good, for the author and the operators.
    error = models.TextField(blank=True)
    # What validation read from the manifest: guid, version, name, type,
    # permissions, compatibility.
    guid = models.CharField(max_length=255, blank=True)
    version = models.CharField(max_length=255, blank=True)
    manifest = models.JSONField(default=dict, blank=True)
    # The version made from this upload; an upload is used once.
    submitted_version = models.OneToOneField(
        "versions.Version",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="upload",
    )

    class Meta:
        db_table = "file_uploads"
        indexes = [
            models.Index(fields=["user", "-created"], name="upload_user_created"),
            models.Index(fields=["state", "modified"], name="upload_state_modified"),
        ]

    def __str__(self) -> str:
        return f"{self.uuid.hex} {self.name}"

    @property
    def is_processed(self) -> bool:
        return self.state in (UploadState.PROCESSED, UploadState.FAILED)

    @property
    def is_submitted(self) -> bool:
        return self.submitted_version_id is not None
