"""The statistics reports of an add-on, and the ranges they cover.

A report reads one table of daily rows (DailyUsers or DailyDownloads)
over a range of UTC days and groups the days by day, ISO week or month.
The names of REPORTS are the report names of AMO's data URLs,
`<report>-<group>-<YYYYMMDD>-<YYYYMMDD>.<csv|json>`.

Input that names no report, grouping, format or valid range raises a
StatsInputError, whose message names the value and what is accepted.
"""

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from amo.core.errors import AmoError

USERS = "users"
DOWNLOADS = "downloads"

GROUPS = ("day", "week", "month")
DEFAULT_GROUP = "day"
FORMATS = ("csv", "json")
# The presets of the range picker, in days.
PRESETS = (7, 30, 90, 365)
DEFAULT_PRESET = 30
# Two years, one of them a leap year.
MAX_RANGE_DAYS = 731
# Maximum length of a rejected value repeated in an error message.
MAX_ECHO = 40

_DATA_NAME = re.compile(r"^([^-]+)-([^-]+)-([^-]+)-([^-]+)$")


@dataclass(frozen=True)
class Report:
    """One statistics report: its page, its table and its breakdown."""

    # The report's name in data URLs.
    name: str
    # The name of its page's route.
    route: str
    # Its page's path under the add-on's statistics/ path.
    path: str
    title: Any
    # The link to the page in the reports menu.
    menu_label: Any
    # USERS, DOWNLOADS, or "" for the overview, which reads both tables.
    source: str
    # The JSON field of the breakdown, "" for a report of totals.
    breakdown: str = ""

    @property
    def is_overview(self) -> bool:
        return self.source == ""


OVERVIEW = Report("overview", "stats-overview", "", _("Overview"), _("Overview"), "")
REPORTS = {
    report.name: report
    for report in (
        OVERVIEW,
        Report(
            "usage", "stats-usage", "usage/", _("Daily users"), _("Daily users"), USERS
        ),
        Report(
            "versions",
            "stats-versions",
            "usage/versions/",
            _("Daily users by add-on version"),
            _("By version"),
            USERS,
            "versions",
        ),
        Report(
            "apps",
            "stats-apps",
            "usage/applications/",
            _("Daily users by application"),
            _("By application"),
            USERS,
            "applications",
        ),
        Report(
            "locales",
            "stats-locales",
            "usage/languages/",
            _("Daily users by language"),
            _("By language"),
            USERS,
            "locales",
        ),
        Report(
            "os",
            "stats-os",
            "usage/os/",
            _("Daily users by operating system"),
            _("By operating system"),
            USERS,
            "oses",
        ),
        Report(
            "downloads",
            "stats-downloads",
            "downloads/",
            _("Downloads"),
            _("Downloads"),
            DOWNLOADS,
        ),
        Report(
            "sources",
            "stats-sources",
            "downloads/sources/",
            _("Downloads by source"),
            _("By source"),
            DOWNLOADS,
            "sources",
        ),
    )
}


class StatsInputError(AmoError):
    """A report, grouping, range or format that the statistics reject."""

    code = "invalid_stats_request"
    status = 400


class UnknownReport(StatsInputError):
    code = "unknown_report"
    message = _('There is no report "%(value)s". The reports are: %(accepted)s.')


class UnknownGroup(StatsInputError):
    code = "unknown_group"
    message = _('"%(value)s" is not a grouping. Group by day, week or month.')


class UnknownFormat(StatsInputError):
    code = "unknown_format"
    message = _('"%(value)s" is not a data format. Use csv or json.')


class InvalidPreset(StatsInputError):
    code = "invalid_preset"
    message = _(
        '"%(value)s" is not a preset range. Pick 7, 30, 90 or 365 days, or '
        "give a start and an end date."
    )


class InvalidDate(StatsInputError):
    code = "invalid_date"
    message = _('"%(value)s" is not a valid date. Write dates as %(pattern)s.')


class MissingDate(StatsInputError):
    code = "missing_date"
    message = _("Give both a start and an end date, or neither.")


class ReversedRange(StatsInputError):
    code = "reversed_range"
    message = _(
        "The start date %(start)s is after the end date %(end)s. Pick a start "
        "date on or before the end date."
    )


class FutureStart(StatsInputError):
    code = "future_start"
    message = _(
        "The start date %(start)s is after today, %(today)s (UTC). Pick a "
        "start date up to today."
    )


class RangeTooLong(StatsInputError):
    code = "range_too_long"
    message = _(
        "The range from %(start)s to %(end)s has %(days)s days. A range may "
        "have at most %(max)s days (two years)."
    )


class InvalidDataName(StatsInputError):
    code = "invalid_data_name"
    message = _(
        '"%(value)s" is not the name of a statistics file. Name it '
        "REPORT-GROUP-YYYYMMDD-YYYYMMDD.FORMAT, such as %(example)s."
    )


def echo(value: str) -> str:
    """Return `value` cut to a length that an error message can repeat."""
    return value if len(value) <= MAX_ECHO else value[: MAX_ECHO - 1] + "…"


@dataclass(frozen=True)
class StatsRange:
    """An inclusive range of UTC days, and the preset that chose it."""

    start: datetime.date
    end: datetime.date
    # The preset's number of days, None for a range of chosen dates.
    preset: int | None = None

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def utc_today() -> datetime.date:
    return datetime.datetime.now(datetime.UTC).date()


def get_report(name: str) -> Report:
    try:
        return REPORTS[name]
    except KeyError:
        raise UnknownReport(value=echo(name), accepted=", ".join(REPORTS)) from None


def check_group(group: str) -> str:
    if group not in GROUPS:
        raise UnknownGroup(value=echo(group))
    return group


def check_format(name: str) -> str:
    if name not in FORMATS:
        raise UnknownFormat(value=echo(name))
    return name


def preset_range(days: int, today: datetime.date) -> StatsRange:
    """Return the last `days` complete days, since today's row still grows."""
    end = today - datetime.timedelta(days=1)
    return StatsRange(end - datetime.timedelta(days=days - 1), end, preset=days)


def parse_date(value: str, *, compact_only: bool = False) -> datetime.date:
    """Parse YYYYMMDD, or also YYYY-MM-DD unless `compact_only`."""
    pattern = "YYYYMMDD" if compact_only else "YYYY-MM-DD"
    text = value.strip()
    candidates = {"%Y%m%d"} if compact_only else {"%Y%m%d", "%Y-%m-%d"}
    if text.isascii() and len(text) in (8, 10):
        for layout in candidates:
            try:
                return datetime.datetime.strptime(text, layout).date()
            except ValueError:
                continue
    raise InvalidDate(value=echo(value), pattern=pattern)


def check_range(
    start: datetime.date, end: datetime.date, today: datetime.date
) -> StatsRange:
    """Return the range from `start` to `end`, ended today at the latest.

    Days after today have no rows yet. Counting them as 0 would pull the
    means of the last week or month down, so the range stops at today.
    """
    if start > end:
        raise ReversedRange(start=start.isoformat(), end=end.isoformat())
    days = StatsRange(start, end).days
    if days > MAX_RANGE_DAYS:
        raise RangeTooLong(
            start=start.isoformat(),
            end=end.isoformat(),
            days=days,
            max=MAX_RANGE_DAYS,
        )
    if start > today:
        raise FutureStart(start=start.isoformat(), today=today.isoformat())
    return StatsRange(start, min(end, today))


def parse_page_range(query: Any, today: datetime.date) -> StatsRange:
    """Return the range that a page's query string asks for.

    `start` and `end` (YYYY-MM-DD or YYYYMMDD) choose dates. Otherwise
    `last` picks a preset, DEFAULT_PRESET when it is absent.
    """
    start = query.get("start", "").strip()
    end = query.get("end", "").strip()
    if start or end:
        if not (start and end):
            raise MissingDate()
        return check_range(parse_date(start), parse_date(end), today)
    last = query.get("last", "").strip()
    if not last:
        return preset_range(DEFAULT_PRESET, today)
    # The length check keeps int() from raising on thousands of digits.
    digits = last.lstrip("0")
    if not (last.isascii() and last.isdigit()) or len(digits) > 3:
        raise InvalidPreset(value=echo(last))
    days = int(digits or "0")
    if days not in PRESETS:
        raise InvalidPreset(value=echo(last))
    return preset_range(days, today)


@dataclass(frozen=True)
class DataRequest:
    """Report, grouping, range and format requested by a data URL."""

    report: Report
    group: str
    range: StatsRange
    format: str


def data_name(report: str, group: str, stats_range: StatsRange, format: str) -> str:
    """Return the file name of a data URL.

    An example is `usage-day-20240101-20240131.csv`.
    """
    start = stats_range.start.strftime("%Y%m%d")
    end = stats_range.end.strftime("%Y%m%d")
    return f"{report}-{group}-{start}-{end}.{format}"


def parse_data_name(name: str, today: datetime.date) -> DataRequest:
    """Parse the file name of a data URL, or raise StatsInputError if invalid.

    The parts are checked in order, so the error names the first wrong one.
    """
    stem, dot, format = name.rpartition(".")
    match = _DATA_NAME.match(stem) if dot else None
    if match is None:
        example = data_name(
            "usage", "day", StatsRange(today.replace(day=1), today), "csv"
        )
        raise InvalidDataName(value=echo(name), example=example)
    report, group, start, end = match.groups()
    found = get_report(report)
    check_group(group)
    check_format(format)
    stats_range = check_range(
        parse_date(start, compact_only=True),
        parse_date(end, compact_only=True),
        today,
    )
    return DataRequest(found, group, stats_range, format)
