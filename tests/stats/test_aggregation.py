"""Grouping of daily rows into days, ISO weeks and months, worked by hand.

Calendar facts the cases rely on: 2024-01-01 is a Monday, 2024 is a leap
year (February has 29 days), 2024-02-26 and 2024-03-04 are Mondays, and
2020-12-28 is the Monday of ISO week 53 of 2020, which ends on Sunday
2021-01-03.
"""

import datetime

import pytest

from amo.stats.aggregation import (
    DayRow,
    Period,
    group_rows,
    period_bounds,
    period_start,
    ranked_values,
)


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def rows(*entries: tuple) -> list[DayRow]:
    return [DayRow(day(entry[0]), *entry[1:]) for entry in entries]


def summary(periods: list[Period]) -> list[tuple]:
    return [
        (period.start.isoformat(), period.end.isoformat(), period.count)
        for period in periods
    ]


@pytest.mark.parametrize(
    ("date", "group", "expected"),
    [
        ("2024-01-01", "day", "2024-01-01"),
        ("2024-01-07", "week", "2024-01-01"),  # Sunday: the week began Monday
        ("2024-01-08", "week", "2024-01-08"),  # Monday starts a new week
        ("2021-01-03", "week", "2020-12-28"),  # ISO week 53 of 2020
        ("2024-02-29", "month", "2024-02-01"),
        ("2024-12-31", "month", "2024-12-01"),
    ],
)
def test_period_start(date, group, expected):
    assert period_start(day(date), group) == day(expected)


@pytest.mark.parametrize(
    ("start", "end", "group", "expected"),
    [
        # A whole week, then a partial one cut by the range's end.
        (
            "2024-01-01",
            "2024-01-10",
            "week",
            [("2024-01-01", "2024-01-07"), ("2024-01-08", "2024-01-10")],
        ),
        # A range that starts on a Wednesday: its first week starts then.
        (
            "2024-01-03",
            "2024-01-14",
            "week",
            [("2024-01-03", "2024-01-07"), ("2024-01-08", "2024-01-14")],
        ),
        # A week across the new year stays one week.
        ("2020-12-30", "2021-01-02", "week", [("2020-12-30", "2021-01-02")]),
        # Leap February, cut months at both ends.
        (
            "2024-01-15",
            "2024-03-10",
            "month",
            [
                ("2024-01-15", "2024-01-31"),
                ("2024-02-01", "2024-02-29"),
                ("2024-03-01", "2024-03-10"),
            ],
        ),
        # December to January across the year.
        (
            "2023-12-31",
            "2024-01-01",
            "month",
            [("2023-12-31", "2023-12-31"), ("2024-01-01", "2024-01-01")],
        ),
        (
            "2024-02-28",
            "2024-03-01",
            "day",
            [
                ("2024-02-28", "2024-02-28"),
                ("2024-02-29", "2024-02-29"),
                ("2024-03-01", "2024-03-01"),
            ],
        ),
    ],
)
def test_period_bounds(start, end, group, expected):
    bounds = period_bounds(day(start), day(end), group)

    assert [(a.isoformat(), b.isoformat()) for a, b in bounds] == expected


def test_missing_days_count_zero():
    data = rows(("2024-01-02", 5), ("2024-01-04", 7))

    periods = group_rows(data, day("2024-01-01"), day("2024-01-05"), "day")

    assert summary(periods) == [
        ("2024-01-01", "2024-01-01", 0),
        ("2024-01-02", "2024-01-02", 5),
        ("2024-01-03", "2024-01-03", 0),
        ("2024-01-04", "2024-01-04", 7),
        ("2024-01-05", "2024-01-05", 0),
    ]


def test_rows_outside_range_are_ignored():
    data = rows(("2023-12-31", 100), ("2024-01-01", 1), ("2024-01-03", 100))

    periods = group_rows(data, day("2024-01-01"), day("2024-01-02"), "day")

    assert summary(periods) == [
        ("2024-01-01", "2024-01-01", 1),
        ("2024-01-02", "2024-01-02", 0),
    ]


@pytest.mark.parametrize(
    ("average", "expected"),
    [
        # Sums: 1+2+3 on Wed-Fri; 10+20 in the next week; 4 on Monday.
        (
            False,
            [
                ("2024-02-28", "2024-03-03", 6),
                ("2024-03-04", "2024-03-10", 30),
                ("2024-03-11", "2024-03-11", 4),
            ],
        ),
        # Means over the days of each period, missing days counting 0:
        # 6 / 5 days = 1.2 -> 1; 30 / 7 = 4.29 -> 4; 4 / 1 = 4.
        (
            True,
            [
                ("2024-02-28", "2024-03-03", 1),
                ("2024-03-04", "2024-03-10", 4),
                ("2024-03-11", "2024-03-11", 4),
            ],
        ),
    ],
)
def test_weeks_across_leap_day(average, expected):
    data = rows(
        ("2024-02-28", 1),
        ("2024-02-29", 2),
        ("2024-03-01", 3),
        ("2024-03-05", 10),
        ("2024-03-10", 20),
        ("2024-03-11", 4),
    )

    periods = group_rows(
        data, day("2024-02-28"), day("2024-03-11"), "week", average=average
    )

    assert summary(periods) == expected


@pytest.mark.parametrize(
    ("average", "expected"),
    [
        (
            False,
            [
                ("2024-01-30", "2024-01-31", 30),
                ("2024-02-01", "2024-02-29", 58),
                ("2024-03-01", "2024-03-02", 5),
            ],
        ),
        # 30 / 2 = 15; 58 / 29 = 2; 5 / 2 = 2.5 rounds half up to 3.
        (
            True,
            [
                ("2024-01-30", "2024-01-31", 15),
                ("2024-02-01", "2024-02-29", 2),
                ("2024-03-01", "2024-03-02", 3),
            ],
        ),
    ],
)
def test_months_cut_by_range(average, expected):
    data = rows(
        ("2024-01-30", 10),
        ("2024-01-31", 20),
        ("2024-02-01", 29),
        ("2024-02-29", 29),
        ("2024-03-02", 5),
    )

    periods = group_rows(
        data, day("2024-01-30"), day("2024-03-02"), "month", average=average
    )

    assert summary(periods) == expected


def test_iso_week_53_spans_new_year():
    data = rows(("2020-12-31", 3), ("2021-01-01", 4), ("2021-01-04", 5))

    periods = group_rows(data, day("2020-12-28"), day("2021-01-10"), "week")

    assert summary(periods) == [
        ("2020-12-28", "2021-01-03", 7),
        ("2021-01-04", "2021-01-10", 5),
    ]


def test_breakdowns_merge_across_days():
    data = rows(
        ("2024-01-01", 3, {"1.0": 2, "1.1": 1}),
        ("2024-01-02", 4, {"1.1": 3, "2.0": 1}),
        ("2024-01-08", 2, {"2.0": 2}),
    )

    periods = group_rows(data, day("2024-01-01"), day("2024-01-14"), "week")

    assert [period.breakdown for period in periods] == [
        {"1.0": 2, "1.1": 4, "2.0": 1},
        {"2.0": 2},
    ]
    assert [period.count for period in periods] == [7, 2]


def test_breakdowns_are_averaged_per_value():
    # Two days of a two-day range: 1.0 has 3 + 0 -> 1.5 -> 2, 1.1 has 1 + 2
    # -> 1.5 -> 2, and the count 4 + 2 -> 3.
    data = rows(
        ("2024-01-01", 4, {"1.0": 3, "1.1": 1}),
        ("2024-01-02", 2, {"1.1": 2}),
    )

    periods = group_rows(
        data, day("2024-01-01"), day("2024-01-02"), "week", average=True
    )

    assert summary(periods) == [("2024-01-01", "2024-01-02", 3)]
    assert periods[0].breakdown == {"1.0": 2, "1.1": 2}


def test_empty_rows_give_zero_periods():
    periods = group_rows([], day("2024-01-01"), day("2024-02-15"), "month")

    assert summary(periods) == [
        ("2024-01-01", "2024-01-31", 0),
        ("2024-02-01", "2024-02-15", 0),
    ]
    assert all(period.breakdown == {} for period in periods)


def test_ranked_values_largest_first():
    periods = [
        Period(day("2024-01-01"), day("2024-01-01"), 0, {"b": 2, "a": 1}),
        Period(day("2024-01-02"), day("2024-01-02"), 0, {"a": 1, "c": 5}),
    ]

    # c: 5; a and b tie at 2, so they sort by name.
    assert ranked_values(periods) == ["c", "a", "b"]
