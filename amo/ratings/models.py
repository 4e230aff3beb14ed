"""Ratings and reviews of add-ons, their replies and flags.

A rating is one to five stars with an optional review text, given by one
user on one version of an add-on. A user has one current rating per
add-on (`is_latest`): rating a newer version supersedes the older rating,
which stays in the history. Deleting is soft (`deleted`), so a deleted
rating keeps its flags and can be shown to moderators.

A reply is a Rating row too, with `reply_to` set and no score: the
add-on's authors write at most one per rating (the one-to-one field).

RatingAggregate contains each add-on's counts by star. The aggregate job
writes it, and copies the totals onto the add-on (`Addon.total_ratings`,
`average_rating`, `bayesian_rating`, `text_ratings_count`), which the
listings sort by. Figures loaded with imported add-ons, which come with
no rating rows, are kept as the baseline and added to the counted rows.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from amo.core.models import TimestampedModel

# Maximum length of a review's text, in characters.
BODY_MAX_LENGTH = 3000
# Maximum length of the note of a flag with the reason "other".
FLAG_NOTE_MAX_LENGTH = 100


class RatingFlagReason(models.TextChoices):
    """The reasons for flagging a rating; values are the API's constants."""

    SPAM = "rating_flag_reason_spam", "Spam or otherwise non-review content"
    LANGUAGE = "rating_flag_reason_language", "Inappropriate language or dialog"
    BUG_SUPPORT = (
        "rating_flag_reason_bug_support",
        "Misplaced bug report or support request",
    )
    OTHER = "rating_flag_reason_other", "Other"


class RatingQuerySet(models.QuerySet):
    def visible(self) -> "RatingQuerySet":
        """Ratings and replies that are not deleted."""
        return self.filter(deleted=False)

    def without_replies(self) -> "RatingQuerySet":
        return self.filter(reply_to__isnull=True)


class Rating(TimestampedModel):
    addon = models.ForeignKey(
        "addons.Addon", on_delete=models.CASCADE, related_name="ratings"
    )
    # The version the rating was given on; kept when that version is
    # deleted, with None.
    version = models.ForeignKey(
        "versions.Version",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ratings",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ratings"
    )
    # The rating that an author's reply is to; None on ratings.
    reply_to = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reply",
    )
    # 1 to 5; None on replies.
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    # Plain text, escaped where it is shown; empty for a rating without a
    # review (the API sends null then).
    body = models.TextField(blank=True, default="")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    # Whether the rating waits in the moderation queue: it was flagged, or
    # the spam checks held it.
    needs_moderation = models.BooleanField(default=False)
    # Whether the spam checks held it: a held rating is shown to its author
    # and to moderators only, and is not counted, until a moderator keeps it.
    held = models.BooleanField(default=False)
    # Whether the rating is the user's current one for the add-on.
    is_latest = models.BooleanField(default=True)
    # How many earlier ratings of the add-on by the same user it supersedes.
    previous_count = models.PositiveIntegerField(default=0)
    deleted = models.BooleanField(default=False)

    objects = RatingQuerySet.as_manager()

    class Meta:
        db_table = "ratings"
        indexes = [
            # An add-on's ratings page: its current ratings, newest first.
            models.Index(
                fields=["addon", "is_latest", "deleted", "-created"],
                name="rating_addon_latest",
            ),
            # A user's ratings, and whether they rated an add-on or version.
            models.Index(fields=["user", "addon", "version"], name="rating_user_addon"),
            # The moderation queue, oldest first.
            models.Index(
                fields=["needs_moderation", "deleted", "created"],
                name="rating_moderation",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__isnull=True)
                | models.Q(score__gte=1, score__lte=5),
                name="rating_score_1_to_5",
            )
        ]

    def __str__(self) -> str:
        kind = "Reply" if self.reply_to_id else f"{self.score} stars"
        return f"{kind} by user {self.user_id} on add-on {self.addon_id}"

    @property
    def is_reply(self) -> bool:
        return self.reply_to_id is not None


class RatingFlag(models.Model):
    """One user's report of a rating to the moderators."""

    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="rating_flags",
    )
    flag = models.CharField(max_length=40, choices=RatingFlagReason.choices)
    note = models.CharField(max_length=FLAG_NOTE_MAX_LENGTH, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "rating_flags"
        constraints = [
            models.UniqueConstraint(
                fields=["rating", "user"], name="ratingflag_rating_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.flag} on rating {self.rating_id} by user {self.user_id}"


class RatingAggregate(models.Model):
    """The counts of an add-on's current ratings, by star.

    `count_1` to `count_5` and `text_count` count the rating rows; the
    `baseline_*` fields hold the figures an import brought with the
    add-on, which has no rows behind them, and are added to the totals.
    """

    addon = models.OneToOneField(
        "addons.Addon",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="rating_aggregate",
    )
    count_1 = models.PositiveIntegerField(default=0)
    count_2 = models.PositiveIntegerField(default=0)
    count_3 = models.PositiveIntegerField(default=0)
    count_4 = models.PositiveIntegerField(default=0)
    count_5 = models.PositiveIntegerField(default=0)
    text_count = models.PositiveIntegerField(default=0)
    baseline_count = models.PositiveIntegerField(default=0)
    # The sum of the baseline's stars: its average times its count.
    baseline_score_sum = models.FloatField(default=0)
    baseline_text_count = models.PositiveIntegerField(default=0)
    computed = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "rating_aggregates"

    def __str__(self) -> str:
        return f"Ratings of add-on {self.addon_id}"

    @property
    def histogram(self) -> dict[int, int]:
        """Counted ratings by star, 1 to 5."""
        return {star: getattr(self, f"count_{star}") for star in range(1, 6)}
