"""Daily usage of each add-on: update checks and downloads.

The update service and the download view count into Redis
(amo.stats.counters); a periodic job writes each day's totals here, one
row per add-on and day. A row holds the day's total and its breakdowns,
each a JSON object from a value (a version, a locale) to its count.
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

    def __str__(self) -> str:
        return f"{self.addon_id} {self.date}: {self.count} downloads"
