from django.conf import settings
from django.db import models
from django.utils import timezone


class Activity(models.IntegerChoices):
    """The kind of change an activity log entry records."""

    CREATE_ADDON = 1, "create add-on"
    ADD_VERSION = 2, "add version"
    EDIT_ADDON = 3, "edit add-on"
    EDIT_VERSION = 4, "edit version"
    DISABLE_VERSION = 5, "disable version"
    ENABLE_VERSION = 6, "enable version"
    DELETE_VERSION = 7, "delete version"
    DISABLE_ADDON = 8, "disable add-on"
    ENABLE_ADDON = 9, "enable add-on"
    DELETE_ADDON = 10, "delete add-on"
    ADD_AUTHOR = 11, "add author"
    CHANGE_AUTHOR = 12, "change author"
    REMOVE_AUTHOR = 13, "remove author"
    CHANGE_ICON = 14, "change icon"
    ADD_PREVIEW = 15, "add screenshot"
    EDIT_PREVIEW = 16, "edit screenshot"
    DELETE_PREVIEW = 17, "delete screenshot"
    UPLOAD_SOURCE = 18, "upload source"
    APPROVE_VERSION = 19, "approve version"
    REJECT_VERSION = 20, "reject version"
    AUTO_APPROVE_VERSION = 21, "approve version automatically"
    REVIEWER_COMMENT = 22, "reviewer comment"
    REQUEST_REVIEW = 23, "request review"


class ActivityLog(models.Model):
    """One change to an add-on: who made it, what it was and when.

    `details` contains what the entry needs to be shown, such as the fields
    that changed, a reviewer's comment or an author's email.
    """

    created = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.PositiveSmallIntegerField(choices=Activity.choices)
    addon = models.ForeignKey(
        "addons.Addon", on_delete=models.CASCADE, related_name="activity"
    )
    version = models.ForeignKey(
        "versions.Version",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activity",
    )
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "activity_log"
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(fields=["addon", "-created"], name="activity_addon_created")
        ]
        verbose_name = "activity"
        verbose_name_plural = "activity log"

    def __str__(self) -> str:
        return f"{self.get_action_display()} on {self.addon_id} by {self.user_id}"


class ImageKind(models.IntegerChoices):
    ICON = 1, "icon"
    PREVIEW = 2, "screenshot"


class ImageState(models.IntegerChoices):
    QUEUED = 1, "queued"
    PROCESSED = 2, "processed"
    # The file was not an image Pillow could read, for a reason in `error`.
    FAILED = 3, "failed"


class ImageUpload(models.Model):
    """An icon or screenshot as an author uploaded it, until a job resizes it.

    The original lies in private storage at `path` (relative to
    settings.PRIVATE_ROOT) until the `devhub.resize_image` job has written
    the sizes the pages show; `state` says how far that job has gone, so
    the edit page can show a pending image and poll for it.
    """

    addon = models.ForeignKey(
        "addons.Addon", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.PositiveSmallIntegerField(choices=ImageKind.choices)
    # The screenshot this image becomes; None for an icon.
    preview = models.ForeignKey(
        "addons.Preview",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    path = models.CharField(max_length=255)
    state = models.PositiveSmallIntegerField(
        choices=ImageState.choices, default=ImageState.QUEUED
    )
    error = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now)
    processed = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "devhub_image_uploads"
        ordering = ["-created", "-id"]
        indexes = [
            models.Index(
                fields=["addon", "state", "-created"], name="imageupload_addon_state"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk} of add-on {self.addon_id}"
