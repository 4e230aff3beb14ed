"""Ranges, groupings and data file names that the statistics accept."""

import datetime

import pytest
from django.http import QueryDict

from amo.stats.reports import (
    FutureStart,
    InvalidDataName,
    InvalidDate,
    InvalidPreset,
    MissingDate,
    RangeTooLong,
    ReversedRange,
    StatsRange,
    UnknownFormat,
    UnknownGroup,
    UnknownReport,
    data_name,
    parse_data_name,
    parse_page_range,
)

TODAY = datetime.date(2024, 3, 15)


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Presets end yesterday, the last complete day.
        ("", StatsRange(day("2024-02-14"), day("2024-03-14"), preset=30)),
        ("last=7", StatsRange(day("2024-03-08"), day("2024-03-14"), preset=7)),
        ("last=365", StatsRange(day("2023-03-16"), day("2024-03-14"), preset=365)),
        (
            "start=2024-01-01&end=2024-01-31",
            StatsRange(day("2024-01-01"), day("2024-01-31")),
        ),
        (
            "start=20240101&end=20240131",
            StatsRange(day("2024-01-01"), day("2024-01-31")),
        ),
        # Dates win over a preset; an end after today stops at today.
        (
            "last=7&start=2024-03-01&end=2024-04-30",
            StatsRange(day("2024-03-01"), TODAY),
        ),
        ("start=2024-03-15&end=2024-03-15", StatsRange(TODAY, TODAY)),
        # Two years with a leap day: 731 days, the maximum.
        (
            "start=2022-03-15&end=2024-03-14",
            StatsRange(day("2022-03-15"), day("2024-03-14")),
        ),
    ],
)
def test_page_ranges(query, expected):
    assert parse_page_range(QueryDict(query), TODAY) == expected


@pytest.mark.parametrize(
    ("query", "error", "params"),
    [
        ("last=14", InvalidPreset, {"value": "14"}),
        ("last=-7", InvalidPreset, {"value": "-7"}),
        ("last=٣٠", InvalidPreset, {"value": "٣٠"}),
        ("start=2024-01-01", MissingDate, {}),
        ("end=2024-01-01", MissingDate, {}),
        (
            "start=2024-02-30&end=2024-03-01",
            InvalidDate,
            {"value": "2024-02-30", "pattern": "YYYY-MM-DD"},
        ),
        (
            "start=01/02/2024&end=2024-03-01",
            InvalidDate,
            {"value": "01/02/2024", "pattern": "YYYY-MM-DD"},
        ),
        (
            "start=2024-03-02&end=2024-03-01",
            ReversedRange,
            {"start": "2024-03-02", "end": "2024-03-01"},
        ),
        (
            "start=2024-03-16&end=2024-03-20",
            FutureStart,
            {"start": "2024-03-16", "today": "2024-03-15"},
        ),
        (
            "start=2022-03-14&end=2024-03-14",
            RangeTooLong,
            {"start": "2022-03-14", "end": "2024-03-14", "days": 732, "max": 731},
        ),
    ],
)
def test_page_range_errors(query, error, params):
    with pytest.raises(error) as raised:
        parse_page_range(QueryDict(query), TODAY)

    assert raised.value.params == params
    assert raised.value.status == 400


def test_preset_past_int_digit_limit():
    # int() raises ValueError on more than 4300 digits.
    with pytest.raises(InvalidPreset):
        parse_page_range(QueryDict("last=" + "9" * 5000), TODAY)
    with pytest.raises(InvalidPreset):
        parse_page_range(QueryDict("last=" + "0" * 5000 + "1"), TODAY)
    assert parse_page_range(QueryDict("last=" + "0" * 5000 + "7"), TODAY) == (
        parse_page_range(QueryDict("last=7"), TODAY)
    )

    assert parse_page_range(QueryDict("last=0030"), TODAY) == parse_page_range(
        QueryDict("last=30"), TODAY
    )


def test_long_values_are_cut_in_messages():
    with pytest.raises(InvalidPreset) as raised:
        parse_page_range(QueryDict("last=" + "9" * 500), TODAY)

    assert len(raised.value.params["value"]) == 40
    assert raised.value.params["value"].endswith("…")


def test_data_name_round_trip():
    stats_range = StatsRange(day("2024-01-01"), day("2024-01-31"))
    name = data_name("versions", "week", stats_range, "csv")

    parsed = parse_data_name(name, TODAY)

    assert name == "versions-week-20240101-20240131.csv"
    assert parsed.report.name == "versions"
    assert parsed.report.breakdown == "versions"
    assert parsed.group == "week"
    assert parsed.range == stats_range
    assert parsed.format == "csv"


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("users-day-20240101-20240131.csv", UnknownReport),
        ("usage-days-20240101-20240131.csv", UnknownGroup),
        ("usage-day-20240101-20240131.pdf", UnknownFormat),
        ("usage-day-20240101-20240131", InvalidDataName),
        ("usage-day-20240101.csv", InvalidDataName),
        ("usage-day-2024-01-01-2024-01-31.csv", InvalidDataName),
        ("usage-day-20241301-20241331.csv", InvalidDate),
        ("usage-day-2024-0101-20240131.csv", InvalidDataName),
        ("usage-day-202401-20240131.csv", InvalidDate),
        ("usage-day-20240131-20240101.json", ReversedRange),
        ("usage-day-20240316-20240320.json", FutureStart),
        ("usage-day-20200101-20240101.json", RangeTooLong),
    ],
)
def test_data_name_errors(name, error):
    with pytest.raises(error):
        parse_data_name(name, TODAY)


def test_data_name_error_message():
    with pytest.raises(InvalidDataName) as raised:
        parse_data_name("report.csv", TODAY)

    assert str(raised.value) == (
        '"report.csv" is not the name of a statistics file. Name it '
        "REPORT-GROUP-YYYYMMDD-YYYYMMDD.FORMAT, such as "
        "usage-day-20240301-20240315.csv."
    )
