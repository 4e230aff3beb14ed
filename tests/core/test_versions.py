"""Version comparison by Firefox's toolkit rules."""

import functools
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amo.core.versions import (
    NO_TEXT,
    _parse_cached_version,
    compare_versions,
    parse_version,
    version_key,
)

# Oldest first, each older than the next: the ordering that Firefox's own
# comparator tests check, plus the cases the update service meets.
ASCENDING = [
    "-1",
    "0.9",
    "0.9.1",
    "1.0a1",
    "1.0a2",
    "1.0b1",
    "1.0pre1",
    "1.0pre2",
    "1.0",
    "1.1pre",
    "1.1pre1a",
    "1.1pre1",
    "1.1pre10a",
    "1.1pre10",
    "1.1",
    "1.1.0.1",
    "1.1.1",
    "1.1.*",
    "1.*",
    "2.0",
    "2.1",
    "3.0.-1",
    "3.0",
    "9.0",
    "10.0",
    "99",
    "100",
    "115.0a1",
    "115.0b9",
    "115.0",
    "115.0.1",
    "128.*",
    "2010.12.03.123456",
    "2147483646",
    "*",
]

# Each group names one version.
EQUAL_GROUPS = [
    ["1", "1.0", "1.0.0", "1.", "1..0", "1.0.0.0.0"],
    ["1.1pre", "1.1pre0", "1.0+"],
    ["2pre", "1+", "1+anything"],
    ["*", "2147483647"],
    ["0", "", "0.0", "-0", "+0"],
    # Numbers outside the signed 32-bit range count as 0.
    ["20101203123456", "2147483648", "0", "99999999999999999999"],
    ["1.5", "1.5\0junk"],
    [" 1", "1", "+1"],
]

PAIRS = [
    # (older, newer)
    ("1.0a1", "1.0"),
    ("1.0pre", "1.0"),
    ("1.0a1", "1.0pre"),
    ("99", "100"),
    ("9.9", "10.0"),
    ("1.0", "1.0.1"),
    ("1.0b9a", "1.0b10"),
    ("1.9", "1.10"),
    ("128.0", "128.*"),
    ("2147483646", "*"),
    ("20101203123456", "1"),
    ("2010.12.03", "2010.12.04"),
    # Trailing text sorts before none: "1.0 " is older than "1.0".
    ("1.0 ", "1.0"),
    ("1.0-1", "1.0"),
    ("1.0a", "1.0b"),
    ("1.0B", "1.0a"),
    ("1.1pre", "1.1"),
    ("1.0+", "1.1"),
    ("1.0", "1.0+"),
]


def test_ascending_table_is_strictly_ordered():
    for older, newer in itertools.pairwise(ASCENDING):
        assert compare_versions(older, newer) == -1, (older, newer)
        assert compare_versions(newer, older) == 1, (newer, older)


def test_ascending_table_sorts_back_into_place():
    shuffled = list(reversed(ASCENDING))
    assert sorted(shuffled, key=version_key) == ASCENDING


@pytest.mark.parametrize("group", EQUAL_GROUPS, ids=repr)
def test_equal_groups(group):
    for a, b in itertools.product(group, repeat=2):
        assert compare_versions(a, b) == 0, (a, b)


@pytest.mark.parametrize(("older", "newer"), PAIRS)
def test_known_pairs(older, newer):
    assert compare_versions(older, newer) == -1
    assert compare_versions(newer, older) == 1


def test_parse_splits_number_string_number_rest():
    assert parse_version("1pre2b") == ((1, (0, b"pre"), 2, (0, b"b")),)
    assert parse_version("1.0a1") == (
        (1, (1, b""), 0, (1, b"")),
        (0, (0, b"a"), 1, (1, b"")),
    )


def test_numbers_past_int_digit_limit():
    # int() rejects strings of more than 4300 digits; strtol reads them.
    assert compare_versions("9" * 10_000, "0") == 0
    assert compare_versions("-" + "9" * 10_000, "0") == 0
    assert compare_versions("1." + "9" * 10_000 + "a", "1.0a") == 0
    assert compare_versions("0" * 10_000 + "7", "7") == 0
    assert compare_versions("-" + "0" * 10_000 + "7", "-7") == 0


def test_long_versions_are_not_cached():
    long_version = "1." * 5_000 + "2"
    before = _parse_cached_version.cache_info().currsize

    assert compare_versions(long_version, "1." * 4_999 + "1.2") == 0
    assert parse_version(long_version)[-1] == (2, NO_TEXT, 0, NO_TEXT)
    assert _parse_cached_version.cache_info().currsize == before


def test_unicode_digits_are_not_numbers():
    # "١" is ARABIC-INDIC DIGIT ONE: strtol reads ASCII digits only.
    assert compare_versions("\u0661", "1") == -1
    assert compare_versions("\u0661", "0") == -1


# Versions drawn from the characters that change how a part parses.
version_text = st.text(alphabet="0123456789.abpre+-* \x00", max_size=16)
realistic = st.lists(
    st.one_of(
        st.integers(min_value=0, max_value=3000).map(str),
        st.sampled_from(["*", "0a1", "1pre", "2b3", "1+", "-1", "10pre2x"]),
    ),
    min_size=1,
    max_size=5,
).map(".".join)
versions = st.one_of(version_text, realistic)


@given(versions)
def test_compare_with_itself_is_zero(version):
    assert compare_versions(version, version) == 0


@given(versions)
def test_appending_zero_part_keeps_equal(version):
    assert compare_versions(version + ".0", version) == 0
    assert compare_versions(version, version + ".0") == 0


@given(versions, versions)
def test_antisymmetric(a, b):
    assert compare_versions(a, b) == -compare_versions(b, a)


@given(versions, versions)
def test_equal_exactly_when_parsed_parts_equal(a, b):
    assert (compare_versions(a, b) == 0) == (parse_version(a) == parse_version(b))


@given(versions, versions, versions)
def test_transitive(a, b, c):
    ordered = sorted([a, b, c], key=version_key)
    first, middle, last = ordered
    assert compare_versions(first, middle) <= 0
    assert compare_versions(middle, last) <= 0
    assert compare_versions(first, last) <= 0


@given(st.lists(versions, min_size=2, max_size=8))
def test_sort_is_consistent_with_pairwise_order(items):
    ordered = sorted(items, key=functools.cmp_to_key(compare_versions))
    for earlier, later in itertools.combinations(ordered, 2):
        assert compare_versions(earlier, later) <= 0
