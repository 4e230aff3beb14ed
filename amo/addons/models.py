from typing import Any

from django.conf import settings
from django.db import models

from amo.core.constants import (
    ADDON_STATUS_API_NAMES,
    ADDON_TYPE_API_NAMES,
    AddonStatus,
    AddonType,
    ApplicationChoices,
    AuthorRole,
    PromotedCategory,
)
from amo.core.models import (
    FALLBACK_LOCALE,
    TimestampedModel,
    TranslatedField,
    translate,
)


class Category(models.Model):
    application = models.PositiveSmallIntegerField(choices=ApplicationChoices.choices)
    type = models.PositiveSmallIntegerField(choices=AddonType.choices)
    slug = models.SlugField(max_length=50)
    name = TranslatedField()
    description = TranslatedField()
    weight = models.IntegerField(default=0)
    # "Other" categories are listed last, as AMO's API marks them.
    misc = models.BooleanField(default=False)

    class Meta:
        db_table = "categories"
        constraints = [
            models.UniqueConstraint(
                fields=["application", "type", "slug"], name="category_app_type_slug"
            )
        ]
        ordering = ["application", "type", "misc", "-weight", "slug"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return (
            f"{self.get_application_display()} {self.get_type_display()}: {self.slug}"
        )


class Tag(models.Model):
    tag_text = models.CharField(max_length=128, unique=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "tags"
        ordering = ["tag_text"]

    def __str__(self) -> str:
        return self.tag_text


class AddonQuerySet(models.QuerySet):
    def listed(self) -> "AddonQuerySet":
        """Add-ons anyone may see: approved and not disabled by the author.

        An imported add-on may have no version that amo knows; it is still
        listed, and its page says that nothing can be downloaded.
        """
        return self.filter(status=AddonStatus.PUBLIC, disabled_by_user=False)


class Addon(TimestampedModel):
    guid = models.CharField(max_length=255, null=True, blank=True)
    # The guid in lower case: add-ons are looked up and joined by it, so
    # `{ABC}@x` and `{abc}@x` name one add-on on MariaDB and SQLite alike.
    # MariaDB compares it byte by byte (utf8mb4_nopad_bin, migration 0007),
    # so accents, trailing spaces and NULs still tell guids apart.
    guid_key = models.CharField(
        max_length=255, null=True, blank=True, unique=True, editable=False
    )
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=False)
    # The add-on's id on addons.mozilla.org, for records the importer loads.
    amo_id = models.PositiveIntegerField(null=True, blank=True, unique=True)
    type = models.PositiveSmallIntegerField(
        choices=AddonType.choices, default=AddonType.EXTENSION
    )
    status = models.PositiveSmallIntegerField(
        choices=AddonStatus.choices, default=AddonStatus.INCOMPLETE
    )
    disabled_by_user = models.BooleanField(default=False)
    default_locale = models.CharField(max_length=10, default=FALLBACK_LOCALE)

    name = TranslatedField()
    summary = TranslatedField()
    description = TranslatedField()
    developer_comments = TranslatedField()
    homepage = TranslatedField()
    support_url = TranslatedField()
    support_email = TranslatedField()
    eula = TranslatedField()
    privacy_policy = TranslatedField()
    # The name in the default locale, lower-cased, for sorting by name.
    sort_name = models.CharField(max_length=255, blank=True, editable=False)
    contributions_url = models.URLField(max_length=255, blank=True)
    # Locale a language pack or dictionary is for, such as "de".
    target_locale = models.CharField(max_length=20, blank=True)

    # A short hash of the stored icon, empty when the add-on has none; it is
    # part of the icon URL so a new icon is never served from a stale cache.
    icon_hash = models.CharField(max_length=16, blank=True)
    # Where the icon lives on another site; kept as metadata, never fetched.
    icon_source_url = models.URLField(max_length=500, blank=True)

    average_daily_users = models.PositiveBigIntegerField(default=0)
    weekly_downloads = models.PositiveBigIntegerField(default=0)
    total_downloads = models.PositiveBigIntegerField(default=0)
    # Whether anyone may see the add-on's usage statistics, or only its
    # authors and the site's staff.
    public_stats = models.BooleanField(default=False)
    total_ratings = models.PositiveIntegerField(default=0)
    text_ratings_count = models.PositiveIntegerField(default=0)
    average_rating = models.FloatField(default=0)
    bayesian_rating = models.FloatField(default=0)
    last_updated = models.DateTimeField(null=True, blank=True)

    current_version = models.ForeignKey(
        "versions.Version",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    promoted = models.CharField(
        max_length=20,
        choices=PromotedCategory.choices,
        blank=True,
        db_index=True,
        help_text="Recommended add-ons fill the home page's recommended shelf.",
    )
    requires_payment = models.BooleanField(default=False)
    is_experimental = models.BooleanField(default=False)

    categories = models.ManyToManyField(Category, related_name="addons", blank=True)
    tags = models.ManyToManyField(Tag, related_name="addons", blank=True)
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="AddonUser", related_name="addons"
    )

    objects = AddonQuerySet.as_manager()

    class Meta:
        db_table = "addons"
        indexes = [
            # One index per browse sort: type and visibility first, then the
            # sort column, so listings read in index order.
            models.Index(
                fields=["type", "status", "disabled_by_user", "-average_daily_users"],
                name="addon_listing_users",
            ),
            models.Index(
                fields=["type", "status", "disabled_by_user", "-bayesian_rating"],
                name="addon_listing_rating",
            ),
            models.Index(
                fields=["type", "status", "disabled_by_user", "-created"],
                name="addon_listing_created",
            ),
            models.Index(
                fields=["type", "status", "disabled_by_user", "-last_updated"],
                name="addon_listing_updated",
            ),
            models.Index(
                fields=["type", "status", "disabled_by_user", "sort_name"],
                name="addon_listing_name",
            ),
            models.Index(
                fields=["type", "status", "disabled_by_user", "-weekly_downloads"],
                name="addon_listing_downloads",
            ),
            models.Index(fields=["guid"], name="addon_guid"),
        ]

    def __str__(self) -> str:
        return f"{self.pk}: {self.guid or self.slug}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.guid_key = self.guid.lower() if self.guid else None
        name, _ = translate(self.name, self.default_locale, self.default_locale)
        self.sort_name = name.lower()[:255]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            update_fields = set(update_fields)
            if "guid" in update_fields:
                update_fields.add("guid_key")
            if "name" in update_fields or "default_locale" in update_fields:
                update_fields.add("sort_name")
            kwargs["update_fields"] = update_fields
        super().save(*args, **kwargs)

    @property
    def type_api_name(self) -> str:
        return ADDON_TYPE_API_NAMES[AddonType(self.type)]

    @property
    def status_api_name(self) -> str:
        return ADDON_STATUS_API_NAMES[AddonStatus(self.status)]

    @property
    def is_public(self) -> bool:
        return self.status == AddonStatus.PUBLIC and not self.disabled_by_user

    def translated(self, field: str, locale: str) -> tuple[str, str | None]:
        """Return translated `field` in `locale`, with the locale it is in."""
        return translate(getattr(self, field), locale, self.default_locale)


class AddonUser(models.Model):
    addon = models.ForeignKey(
        Addon, on_delete=models.CASCADE, related_name="addonusers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="addonusers"
    )
    role = models.PositiveSmallIntegerField(
        choices=AuthorRole.choices, default=AuthorRole.OWNER
    )
    # Unlisted authors keep their rights but are not shown on pages.
    listed = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        db_table = "addons_users"
        constraints = [
            models.UniqueConstraint(
                fields=["addon", "user"], name="addonuser_addon_user"
            )
        ]
        indexes = [
            models.Index(fields=["user", "listed"], name="addonuser_user_listed")
        ]
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.user_id} on {self.addon_id} ({self.get_role_display()})"


def preview_upload_path(preview: "Preview", filename: str) -> str:
    return f"previews/{preview.addon_id}/{filename}"


class Preview(TimestampedModel):
    addon = models.ForeignKey(Addon, on_delete=models.CASCADE, related_name="previews")
    caption = TranslatedField()
    position = models.PositiveSmallIntegerField(default=0)
    image = models.FileField(upload_to=preview_upload_path, max_length=255, blank=True)
    thumbnail = models.FileField(
        upload_to=preview_upload_path, max_length=255, blank=True
    )
    # {"image": [width, height], "thumbnail": [width, height]}
    sizes = models.JSONField(default=dict, blank=True)
    # Where the images live on another site; kept as metadata, never fetched.
    image_source_url = models.URLField(max_length=500, blank=True)
    thumbnail_source_url = models.URLField(max_length=500, blank=True)

    class Meta:
        db_table = "previews"
        ordering = ["position", "created"]
        indexes = [
            models.Index(fields=["addon", "position"], name="preview_addon_position")
        ]

    def __str__(self) -> str:
        return f"Preview {self.pk} of add-on {self.addon_id}"
