"""Labels and figures of the statistics pages, in several locales."""

import datetime
import random

import babel.numbers
import pytest
from django.conf import settings

from amo.core import i18n
from amo.stats.aggregation import Period
from amo.stats.presentation import (
    axis_label,
    count_formatter,
    period_label,
    value_label,
)
from amo.stats.reports import REPORTS


def period(start: str, end: str) -> Period:
    return Period(
        datetime.date.fromisoformat(start), datetime.date.fromisoformat(end), 0
    )


@pytest.mark.parametrize("locale", sorted(settings.AMO_LANGUAGES))
def test_count_formatter_matches_babel(locale):
    rng = random.Random(locale)
    values = [rng.randrange(10 ** rng.randrange(1, 13)) for _ in range(500)]
    babel_locale = i18n.babel_locale(locale)

    formatter = count_formatter(locale)

    for value in [*values, 1000, 9999, 10_000, 999_999_999_999]:
        assert formatter(value) == babel.numbers.format_decimal(
            value, locale=babel_locale
        ), value
    # Every site locale takes the fast path; a slow one would not be wrong.
    assert formatter.__name__ == "fast"


@pytest.mark.parametrize(
    ("locale", "group", "start", "end", "expected"),
    [
        ("en-US", "day", "2024-03-04", "2024-03-04", "Mar 4, 2024"),
        ("en-US", "week", "2024-03-04", "2024-03-10", "Mar 4\u2009–\u200910, 2024"),
        ("en-US", "week", "2024-02-26", "2024-03-03", "Feb 26\u2009–\u2009Mar 3, 2024"),
        ("en-US", "month", "2024-02-01", "2024-02-29", "February 2024"),
        ("en-US", "month", "2024-02-10", "2024-02-29", "Feb 10\u2009–\u200929, 2024"),
        ("en-US", "month", "2024-12-31", "2024-12-31", "Dec 31, 2024"),
        ("de", "month", "2024-03-01", "2024-03-31", "März 2024"),
        ("de", "day", "2024-03-04", "2024-03-04", "04.03.2024"),
    ],
)
def test_period_labels(locale, group, start, end, expected):
    assert period_label(period(start, end), group, locale) == expected


@pytest.mark.parametrize(
    ("group", "start", "with_year", "expected"),
    [
        ("day", "2024-03-04", False, "Mar 4"),
        ("day", "2024-03-04", True, "Mar 4, 2024"),
        ("week", "2024-03-04", False, "Mar 4"),
        ("month", "2024-03-01", False, "Mar 2024"),
        # A month cut by the range is named by its real first day.
        ("month", "2024-03-15", False, "Mar 15"),
    ],
)
def test_axis_labels(group, start, with_year, expected):
    label = axis_label(period(start, start), group, "en-US", with_year=with_year)

    assert label == expected


@pytest.mark.parametrize(
    ("report", "value", "locale", "expected"),
    [
        ("apps", "firefox 128.0", "en-US", "Firefox 128.0"),
        ("apps", "android 120.0", "en-US", "Firefox for Android 120.0"),
        ("apps", "seamonkey 2.53", "en-US", "seamonkey 2.53"),
        # A check with a blank appVersion is counted as "firefox other".
        ("apps", "firefox other", "en-US", "Firefox Other"),
        ("locales", "de", "en-US", "German (de)"),
        ("locales", "pt-BR", "en-US", "Portuguese (Brazil) (pt-BR)"),
        ("locales", "de", "fr", "allemand (de)"),
        ("locales", "xx-!!", "en-US", "xx-!!"),
        ("os", "WINNT", "en-US", "Windows"),
        ("os", "Darwin", "en-US", "macOS"),
        ("os", "Haiku", "en-US", "Haiku"),
        ("sources", "", "en-US", "No source"),
        ("sources", "search", "en-US", "search"),
        ("versions", "other", "en-US", "Other"),
        ("versions", "1.2.3", "en-US", "1.2.3"),
    ],
)
def test_value_labels(report, value, locale, expected):
    assert value_label(REPORTS[report], value, locale) == expected
