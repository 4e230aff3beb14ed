"""Presentation of a report on the statistics pages: charts, table and labels.

Dates are formatted with Babel for the page's locale: the table names each
period in full ("Mar 4 – 10, 2024"), the x axis briefly ("Mar 4").
Breakdown values are shown by name (an application, a language), while
the data files keep the values as they are stored.
"""

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import babel.dates
import babel.numbers
from babel import Locale, UnknownLocaleError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from markupsafe import Markup

from amo.core import i18n
from amo.core.constants import APPS
from amo.stats.aggregation import Period
from amo.stats.charts import MAX_SERIES, LineChart, Series, render_line_chart
from amo.stats.queries import ReportData
from amo.stats.reports import DOWNLOADS, USERS, Report

GROUP_LABELS = {"day": _("Day"), "week": _("Week"), "month": _("Month")}
# Breakdown charts draw this many values; the table lists them all.
CHARTED_VALUES = 5
# Names of the APP_OS values that Firefox sends.
OS_NAMES = {
    "WINNT": "Windows",
    "Darwin": "macOS",
    "Linux": "Linux",
    "Android": "Android",
    "OpenBSD": "OpenBSD",
    "FreeBSD": "FreeBSD",
    "SunOS": "Solaris",
}


@dataclass(frozen=True)
class ChartView:
    svg: Markup
    # Series number (its colour class) and label, in drawing order.
    legend: list[tuple[int, str]]


@dataclass(frozen=True)
class TableRow:
    label: str
    start: datetime.date
    # The figures, formatted for the page's locale.
    values: list[str]


@dataclass(frozen=True)
class TableView:
    headers: list[str]
    # Newest period first, as a table of recent figures is read.
    rows: list[TableRow]


def _locale(locale: str) -> Locale:
    return i18n.babel_locale(locale)


# Counts that the fast formatter of a locale must format as Babel does.
FORMAT_SAMPLES = (0, 7, 12, 999, 1000, 1234, 9999, 10000, 12345, 123456, 1234567)


@functools.cache
def count_formatter(locale: str) -> Callable[[int], str]:
    """Return a function that formats a count as Babel's format_decimal does
    for `locale`, about ten times faster.

    A table of two years by day with 50 breakdown values has some 38,000
    figures, and format_decimal takes about 17 us each. The fast function
    groups digits by three with the locale's group symbol, leaving four
    digits ungrouped where the locale does ("1234" in es). It is used only
    when it matches Babel on FORMAT_SAMPLES; otherwise Babel formats.
    """
    babel_locale = _locale(locale)

    def slow(value: int) -> str:
        return babel.numbers.format_decimal(value, locale=babel_locale)

    group = babel.numbers.get_group_symbol(babel_locale)
    groups_four_digits = slow(1234) != "1234"

    def fast(value: int) -> str:
        if value < 10_000 and not groups_four_digits:
            return str(value)
        return f"{value:,}".replace(",", group)

    if all(fast(value) == slow(value) for value in FORMAT_SAMPLES):
        return fast
    return slow


def period_label(period: Period, group: str, locale: str) -> str:
    """Name a period in full: a day, a week's days, a month or its part."""
    babel_locale = _locale(locale)
    if period.start == period.end:
        return babel.dates.format_date(period.start, "medium", locale=babel_locale)
    whole_month = (
        group == "month"
        and period.start.day == 1
        and (period.end + datetime.timedelta(days=1)).day == 1
    )
    if whole_month:
        return babel.dates.format_skeleton("yMMMM", period.start, locale=babel_locale)
    return babel.dates.format_interval(
        period.start, period.end, "yMMMd", locale=babel_locale
    )


def axis_label(period: Period, group: str, locale: str, *, with_year: bool) -> str:
    """Name a period briefly by its first day, for the x axis."""
    if group == "month" and period.start.day == 1:
        skeleton = "yMMM"
    else:
        skeleton = "yMMMd" if with_year else "MMMd"
    return babel.dates.format_skeleton(skeleton, period.start, locale=_locale(locale))


def value_label(report: Report, value: str, locale: str) -> str:
    """Name a breakdown value for the page's reader."""
    if value == "other":
        return gettext("Other")
    if report.breakdown == "sources" and value == "":
        return gettext("No source")
    if report.breakdown == "applications":
        short, _space, version = value.partition(" ")
        app = APPS.get(short)
        if version == "other":
            version = gettext("Other")
        return f"{app.pretty} {version}".strip() if app else value
    if report.breakdown == "oses":
        return OS_NAMES.get(value, value)
    if report.breakdown == "locales":
        try:
            name = Locale.parse(value.replace("-", "_")).get_display_name(
                _locale(locale)
            )
        except (ValueError, UnknownLocaleError):
            return value
        return f"{name} ({value})" if name else value
    return value


def figure_title(source: str, group: str) -> Any:
    """Name the figure of a table: daily users are averaged per period."""
    if source == DOWNLOADS:
        return _("Downloads")
    return _("Daily users") if group == "day" else _("Average daily users")


def _points_text(group: str) -> Any:
    return {
        "day": _("one point per day"),
        "week": _("one point per week"),
        "month": _("one point per month"),
    }[group]


def _chart(
    data: ReportData,
    chart_id: str,
    title: str,
    periods: list[Period],
    series: list[Series],
    locale: str,
) -> ChartView:
    babel_locale = _locale(locale)
    with_year = data.range.start.year != data.range.end.year
    highest = max((max(s.values, default=0) for s in series), default=0)
    description = gettext(
        "%(title)s from %(start)s to %(end)s, %(points)s. The highest value "
        "is %(highest)s."
    ) % {
        "title": title,
        "start": babel.dates.format_date(data.range.start, "long", locale=babel_locale),
        "end": babel.dates.format_date(data.range.end, "long", locale=babel_locale),
        "points": _points_text(data.group),
        "highest": babel.numbers.format_decimal(highest, locale=babel_locale),
    }
    chart = LineChart(
        chart_id=chart_id,
        title=title,
        description=description,
        labels=[
            axis_label(period, data.group, locale, with_year=with_year)
            for period in periods
        ],
        point_labels=[period_label(period, data.group, locale) for period in periods],
        series=series,
    )
    svg = render_line_chart(chart, locale=locale, rtl=i18n.is_rtl(locale))
    return ChartView(svg, [(number, s.label) for number, s in enumerate(series, 1)])


def build_charts(data: ReportData, locale: str) -> list[ChartView]:
    """Return the charts of a report: one per table for the overview, the
    largest CHARTED_VALUES values of a breakdown, else the totals."""
    report = data.report
    if report.is_overview:
        charts = []
        for source in (USERS, DOWNLOADS):
            title = str(figure_title(source, data.group))
            periods = data.series[source]
            charts.append(
                _chart(
                    data,
                    f"stats-chart-{source}",
                    title,
                    periods,
                    [Series(title, [period.count for period in periods])],
                    locale,
                )
            )
        return charts
    periods = data.periods
    if report.breakdown:
        charted = data.values[: min(CHARTED_VALUES, MAX_SERIES)]
        series = [
            Series(
                value_label(report, value, locale),
                [period.breakdown.get(value, 0) for period in periods],
            )
            for value in charted
        ]
    else:
        title = str(figure_title(report.source, data.group))
        series = [Series(title, [period.count for period in periods])]
    return [
        _chart(
            data,
            f"stats-chart-{report.name}",
            str(report.title),
            periods,
            series,
            locale,
        )
    ]


def build_table(data: ReportData, locale: str) -> TableView:
    """Return the table of a report: a row per period, newest first."""
    report = data.report
    number = count_formatter(locale)
    period_header = str(GROUP_LABELS[data.group])
    if report.is_overview:
        headers = [
            period_header,
            str(figure_title(USERS, data.group)),
            str(figure_title(DOWNLOADS, data.group)),
        ]
        rows = [
            TableRow(
                period_label(users, data.group, locale),
                users.start,
                [number(users.count), number(downloads.count)],
            )
            for users, downloads in zip(
                data.series[USERS], data.series[DOWNLOADS], strict=True
            )
        ]
    else:
        headers = [
            period_header,
            str(figure_title(report.source, data.group)),
            *(value_label(report, value, locale) for value in data.values),
        ]
        rows = [
            TableRow(
                period_label(period, data.group, locale),
                period.start,
                [
                    number(period.count),
                    *(number(period.breakdown.get(value, 0)) for value in data.values),
                ],
            )
            for period in data.periods
        ]
    rows.reverse()
    return TableView(headers, rows)
