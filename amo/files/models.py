from django.db import models

from amo.core.constants import FileStatus
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

    def __str__(self) -> str:
        return self.filename

    @property
    def is_downloadable(self) -> bool:
        return bool(self.file)
