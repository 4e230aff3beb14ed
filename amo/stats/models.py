"""Daily usage of each add-on: update checks and downloads.

The update service and the download view count into Redis
(amo.stats.counters); a periodic job writes each day's totals here, one
row per add-on and day. A row contains the day's total and its breakdowns,
each a JSON object from a value (a version, a locale) to its count.
DownloadTotal keeps each add-on's downloads over all days, for
Addon.total_downloads.
"""

from django.db import models


class DailyUsers(models.Model):
    """Update checks of one add-on on one day (UTC): its daily users."""

    addon = models.ForeignKey("addons.Addon", on_delete=models.CASCADE)
    date = models.DateField()
    count = models.PositiveBigIntegerField(default=0)
    # Add-on version to users, such as {"1.2": 40, "1.3": 2}.
    versions = models.JSONField(default=dict)
    # "<application> <application version>" to users, such as
    # {"firefox 128.0": 30}.
    applications = models.JSONField(default=dict)
    # The application's locale to users, such as {"de": 12}.
    locales = models.JSONField(default=dict)
    # Operating system to users, such as {"WINNT": 25, "Linux": 3}.
    oses = models.JSONField(default=dict)

    class Meta:
        verbose_name_plural = "daily users"
        constraints = [
            models.UniqueConstraint(
                fields=["addon", "date"], name="stats_dailyusers_addon_date"
            )
        ]
        # The popularity job sums the rows of the last 7 days by add-on.
        indexes = [
            models.Index(
                fields=["date", "addon", "count"], name="stats_dailyusers_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.addon_id} {self.date}: {self.count} users"


class DailyDownloads(models.Model):
    """Downloads of one add-on's packages on one day (UTC)."""

    addon = models.ForeignKey("addons.Addon", on_delete=models.CASCADE)
    date = models.DateField()
    count = models.PositiveBigIntegerField(default=0)
    # The `src` parameter of the download link to downloads, such as
    # {"search": 4, "": 10}.
    sources = models.JSONField(default=dict)

    class Meta:
        verbose_name_plural = "daily downloads"
        constraints = [
            models.UniqueConstraint(
                fields=["addon", "date"], name="stats_dailydownloads_addon_date"
            )
        ]
        indexes = [
            models.Index(
                fields=["date", "addon", "count"], name="stats_dailydownloads_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.addon_id} {self.date}: {self.count} downloads"


class DownloadTotal(models.Model):
    """Downloads of one add-on over all days, since amo began counting them.

    The roll-up adds to `counted` the change it makes to the add-on's
    DailyDownloads rows, in the same transaction, so a rerun that writes
    the same rows adds nothing. The popularity job sets
    Addon.total_downloads to `baseline + counted`.
    """

    addon = models.OneToOneField(
        "addons.Addon", on_delete=models.CASCADE, primary_key=True
    )
    # Addon.total_downloads when the roll-up first wrote a row of the
    # add-on: the imported figure, from before amo counted.
    baseline = models.PositiveBigIntegerField(default=0)
    counted = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.addon_id}: {self.baseline} + {self.counted} downloads"
