"""Grouping of daily rows into days, ISO weeks or months.

Days of the range without a row count 0. Weeks start on Monday (ISO
8601). A week or month cut by the range's start or end becomes a period of
the days inside the range, and is labelled with its real first day.
Downloads are summed over a period. Daily users are averaged over the
days of the period and rounded half up, because queries.get_report_data
passes average=True for the DailyUsers rows.
"""

import datetime
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class DayRow:
    """Count of one add-on on one day, with its breakdown if any."""

    date: datetime.date
    count: int
    breakdown: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Period:
    """A day, a week or a month of the range, and its figures."""

    start: datetime.date
    end: datetime.date
    count: int
    breakdown: dict[str, int] = field(default_factory=dict)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def period_start(day: datetime.date, group: str) -> datetime.date:
    """Return the first day of the day, ISO week or month of `day`."""
    if group == "week":
        return day - datetime.timedelta(days=day.weekday())
    if group == "month":
        return day.replace(day=1)
    return day


def _next_start(start: datetime.date, group: str) -> datetime.date:
    if group == "week":
        return start + datetime.timedelta(days=7)
    if group == "month":
        return (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return start + ONE_DAY


def period_bounds(
    start: datetime.date, end: datetime.date, group: str
) -> list[tuple[datetime.date, datetime.date]]:
    """Return the first and last day of each period from `start` to `end`,
    both inclusive, cut to the range."""
    bounds = []
    first = period_start(start, group)
    while first <= end:
        following = _next_start(first, group)
        bounds.append((max(first, start), min(following - ONE_DAY, end)))
        first = following
    return bounds


def _mean(total: int, days: int) -> int:
    """Return total / days rounded half up, for non-negative totals."""
    return (2 * total + days) // (2 * days)


def group_rows(
    rows: Iterable[DayRow],
    start: datetime.date,
    end: datetime.date,
    group: str,
    *,
    average: bool = False,
) -> list[Period]:
    """Group the rows from `start` to `end` into periods, oldest first.

    Rows outside the range are ignored. Breakdowns of the days of a period
    are merged by adding the counts of each value. With `average`, each
    figure of a period is divided by its number of days instead.
    """
    totals: dict[datetime.date, int] = {}
    merged: dict[datetime.date, Counter[str]] = {}
    for row in rows:
        if not start <= row.date <= end:
            continue
        key = max(period_start(row.date, group), start)
        totals[key] = totals.get(key, 0) + row.count
        counter = merged.setdefault(key, Counter())
        for value, count in row.breakdown.items():
            counter[value] += count

    periods = []
    for first, last in period_bounds(start, end, group):
        total = totals.get(first, 0)
        breakdown = dict(merged.get(first, {}))
        if average:
            days = (last - first).days + 1
            total = _mean(total, days)
            breakdown = {
                value: _mean(count, days) for value, count in breakdown.items()
            }
        periods.append(Period(first, last, total, breakdown))
    return periods


def ranked_values(periods: Iterable[Period]) -> list[str]:
    """Return the breakdown values of `periods`, largest total first.

    Ties sort by value, so the order is the same on every request.
    """
    totals: Counter[str] = Counter()
    for period in periods:
        totals.update(period.breakdown)
    return sorted(totals, key=lambda value: (-totals[value], value))
