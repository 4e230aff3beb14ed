from django.db import models

from amo.core.constants import ApplicationChoices, Channel, FileStatus
from amo.core.models import TimestampedModel, TranslatedField
from amo.files.storage import private_storage


class License(TimestampedModel):
    # Set for the licences of BUILTIN_LICENSES, empty for an author's own.
    slug = models.CharField(max_length=50, null=True, blank=True, unique=True)
    name = TranslatedField()
    url = models.URLField(max_length=255, blank=True)
    text = TranslatedField()

    class Meta:
        db_table = "licenses"

    def __str__(self) -> str:
        return self.slug or f"Custom licence {self.pk}"

    @property
    def is_custom(self) -> bool:
        return not self.slug


def source_upload_path(version: "Version", filename: str) -> str:
    return f"sources/{version.addon_id}/{version.pk}/{filename}"


class Version(TimestampedModel):
    addon = models.ForeignKey(
        "addons.Addon", on_delete=models.CASCADE, related_name="versions"
    )
    version = models.CharField(max_length=255)
    channel = models.PositiveSmallIntegerField(
        choices=Channel.choices, default=Channel.LISTED
    )
    release_notes = TranslatedField()
    approval_notes = models.TextField(blank=True)
    license = models.ForeignKey(
        License, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed = models.DateTimeField(null=True, blank=True)
    # Approved without a reviewer; reviewers can still look at it later.
    auto_approved = models.BooleanField(default=False)
    # The author's source archive, when the package contains built code.
    source = models.FileField(
        upload_to=source_upload_path,
        storage=private_storage,
        max_length=255,
        blank=True,
    )
    deleted = models.BooleanField(default=False)
    # The file's status before its author disabled the version, restored
    # when they enable it again; None unless the author disabled it.
    status_before_disable = models.PositiveSmallIntegerField(
        choices=FileStatus.choices, null=True, blank=True
    )

    class Meta:
        db_table = "versions"
        constraints = [
            models.UniqueConstraint(
                fields=["addon", "version"], name="version_addon_version"
            )
        ]
        indexes = [
            # The version history: an add-on's listed versions, newest first.
            models.Index(
                fields=["addon", "channel", "deleted", "-created"],
                name="version_history",
            ),
            # The reviewers' queues of auto-approved and unlisted versions,
            # newest first.
            models.Index(
                fields=["auto_approved", "deleted", "-created"],
                name="version_auto_approved",
            ),
            models.Index(
                fields=["channel", "deleted", "-created"], name="version_channel"
            ),
        ]
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.addon_id} {self.version}"


class ApplicationsVersions(models.Model):
    """The range of application versions a version of an add-on works with."""

    version = models.ForeignKey(
        Version, on_delete=models.CASCADE, related_name="compatible_apps"
    )
    application = models.PositiveSmallIntegerField(choices=ApplicationChoices.choices)
    min = models.CharField(max_length=255)
    max = models.CharField(max_length=255, default="*")

    class Meta:
        db_table = "applications_versions"
        constraints = [
            models.UniqueConstraint(
                fields=["version", "application"], name="appversion_version_app"
            )
        ]
        verbose_name = "application compatibility"
        verbose_name_plural = "application compatibility"

    def __str__(self) -> str:
        return f"{self.get_application_display()} {self.min} - {self.max}"
