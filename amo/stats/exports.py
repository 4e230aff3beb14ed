"""The data of a report as CSV and JSON, for the data URLs.

Both list the periods oldest first. A JSON period is an object with its
first and last day (`date`, `end`) and its figures. A report of one table
gives `count`, and its breakdown in `data` when it has one. The overview
gives `data` with `users` and `downloads`. The CSV has the same columns,
one per breakdown value in the order of ranked_values().
"""

import csv
import io
from typing import Any

from amo.stats.aggregation import Period
from amo.stats.queries import ReportData
from amo.stats.reports import DOWNLOADS, USERS

# A spreadsheet runs a cell that starts with one of these as a formula.
# Breakdown values come from clients, so such a header gets a leading
# apostrophe, which spreadsheets show as text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _overview_rows(data: ReportData) -> list[tuple[Period, Period]]:
    return list(zip(data.series[USERS], data.series[DOWNLOADS], strict=True))


def to_json(data: ReportData) -> list[dict[str, Any]]:
    """Return the periods of `data` as JSON objects."""
    if data.report.is_overview:
        return [
            {
                "date": users.start.isoformat(),
                "end": users.end.isoformat(),
                "data": {"users": users.count, "downloads": downloads.count},
            }
            for users, downloads in _overview_rows(data)
        ]
    rows = []
    for period in data.periods:
        row: dict[str, Any] = {
            "date": period.start.isoformat(),
            "end": period.end.isoformat(),
            "count": period.count,
        }
        if data.report.breakdown:
            row["data"] = {
                value: period.breakdown[value]
                for value in data.values
                if value in period.breakdown
            }
        rows.append(row)
    return rows


def to_csv(data: ReportData) -> str:
    """Return the periods of `data` as CSV with a header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if data.report.is_overview:
        writer.writerow(["date", "end", "users", "downloads"])
        for users, downloads in _overview_rows(data):
            writer.writerow(
                [
                    users.start.isoformat(),
                    users.end.isoformat(),
                    users.count,
                    downloads.count,
                ]
            )
        return buffer.getvalue()
    writer.writerow(["date", "end", "count", *(_cell(v) for v in data.values)])
    for period in data.periods:
        writer.writerow(
            [
                period.start.isoformat(),
                period.end.isoformat(),
                period.count,
                *(period.breakdown.get(value, 0) for value in data.values),
            ]
        )
    return buffer.getvalue()
