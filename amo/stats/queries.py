"""Async reads of the statistics pages.

Nothing here goes through the object or query caches: authors must see
the switch of their statistics at once, and the daily rows change with
every roll-up. Each report reads its rows with one query, served by the
unique (addon, date) index of its table; the overview reads both tables.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from amo.addons.models import Addon
from amo.core import db
from amo.core.constants import AddonStatus
from amo.stats.aggregation import DayRow, Period, group_rows, ranked_values
from amo.stats.models import DailyDownloads, DailyUsers
from amo.stats.reports import DOWNLOADS, USERS, Report, StatsRange

MODELS: dict[str, type[DailyUsers] | type[DailyDownloads]] = {
    USERS: DailyUsers,
    DOWNLOADS: DailyDownloads,
}


@dataclass
class ReportData:
    """The periods of a report over a range, with what the pages show.

    `series` maps USERS and DOWNLOADS to their periods for the overview,
    and the report's source to its periods for the other reports.
    """

    report: Report
    group: str
    range: StatsRange
    series: dict[str, list[Period]]
    # Whether any day of the range has a row.
    has_rows: bool
    # The breakdown values, largest total first; empty without breakdown.
    values: list[str] = field(default_factory=list)

    @property
    def periods(self) -> list[Period]:
        """The periods of a report that reads one table."""
        return self.series[self.report.source]


async def get_stats_addon(slug: str) -> Addon | None:
    """Return the add-on `slug` unless it was deleted."""
    return await db.fetch_one(
        Addon.objects.filter(slug=slug).exclude(status=AddonStatus.DELETED)
    )


def _to_count(value: Any) -> int:
    """Return a stored count as an int, or 0 for anything else.

    The JSON contains what the roll-up wrote, so a value that is not a
    count is counted 0 rather than breaking the page. JSON true and false
    load as bool, a subclass of int, so they are rejected by name.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        return 0
    return value if value >= 0 else 0


async def get_day_rows(
    source: str,
    addon_id: int,
    start: datetime.date,
    end: datetime.date,
    breakdown: str = "",
) -> list[DayRow]:
    """Return the add-on's rows of `source` from `start` to `end`."""
    fields = ["date", "count", *([breakdown] if breakdown else [])]
    queryset = (
        MODELS[source]
        .objects.filter(addon=addon_id, date__gte=start, date__lte=end)
        .order_by("date")
        .values_list(*fields)
    )
    rows = []
    for found in await db.fetch_values(queryset):
        values = found[2] if breakdown and isinstance(found[2], dict) else {}
        rows.append(
            DayRow(
                found[0],
                _to_count(found[1]),
                {str(key): _to_count(count) for key, count in values.items()},
            )
        )
    return rows


async def get_report_data(
    addon_id: int, report: Report, stats_range: StatsRange, group: str
) -> ReportData:
    """Read and group the rows of one report of an add-on."""
    sources = [USERS, DOWNLOADS] if report.is_overview else [report.source]
    series = {}
    has_rows = False
    for source in sources:
        rows = await get_day_rows(
            source, addon_id, stats_range.start, stats_range.end, report.breakdown
        )
        has_rows = has_rows or bool(rows)
        # Daily users of a week are not the sum of its days, because the
        # same people check for updates every day, so they are averaged.
        series[source] = group_rows(
            rows,
            stats_range.start,
            stats_range.end,
            group,
            average=source == USERS,
        )
    values = ranked_values(series[report.source]) if report.breakdown else []
    return ReportData(report, group, stats_range, series, has_rows, values)
