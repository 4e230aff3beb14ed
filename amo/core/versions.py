"""Ordering of add-on version strings by Firefox's rules.

Firefox's toolkit compares versions part by part, the parts separated by
dots. Each part reads as a number, a string, a number and a rest
("1pre2b" is 1, "pre", 2, "b"); a missing number is 0 and a missing string
sorts after any string, so "1.0pre1" < "1.0". "*" is greater than any
number, and "1+" means "2pre". Missing trailing parts count as "0", so
"1" equals "1.0.0".
"""

import functools
import re

_PART = re.compile(r"^(-?\d*)([^\d+-]*)(-?\d*)(.*)$")
_INFINITY = 2**63

# A string sorts before the absence of one: (0, text) < (1, "").
_NO_STRING = (1, "")

type PartKey = tuple[int, tuple[int, str], int, tuple[int, str]]


def _number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 0


def _part_key(part: str) -> PartKey:
    if part == "*":
        return (_INFINITY, _NO_STRING, 0, _NO_STRING)
    match = _PART.match(part)
    assert match is not None  # the pattern matches every string
    number_a, string_b, number_c, extra_d = match.groups()
    a = _number(number_a)
    if not string_b and not number_c and extra_d.startswith("+"):
        # "1+" is the release after 1: "2pre".
        return (a + 1, (0, "pre"), 0, _NO_STRING)
    return (
        a,
        (0, string_b) if string_b else _NO_STRING,
        _number(number_c),
        (0, extra_d) if extra_d else _NO_STRING,
    )


_ZERO = _part_key("0")


@functools.cache
def _parts(version: str) -> tuple[PartKey, ...]:
    return tuple(_part_key(part) for part in version.strip().split("."))


def compare_versions(a: str, b: str) -> int:
    """Return -1, 0 or 1 as version `a` is older, equal or newer than `b`."""
    parts_a, parts_b = _parts(a), _parts(b)
    for index in range(max(len(parts_a), len(parts_b))):
        part_a = parts_a[index] if index < len(parts_a) else _ZERO
        part_b = parts_b[index] if index < len(parts_b) else _ZERO
        if part_a != part_b:
            return -1 if part_a < part_b else 1
    return 0


# A sort key for sorted() and max(): version_key("1.0") < version_key("1.1").
version_key = functools.cmp_to_key(compare_versions)
