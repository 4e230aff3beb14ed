"""Ordering of add-on and application version strings by Firefox's rules.

This follows Firefox's toolkit comparator (xpcom/base/nsVersionComparator.cpp
in mozilla-central, the code behind `Services.vc.compare`):

- A version is split at dots into parts. A missing part counts as "0", so
  "1" equals "1.0.0", and an empty part ("1..2") counts as "0" as well.
- Each part reads as a number A, a string B, a number C and a rest D, the
  numbers parsed as C's strtol does: "1pre2b" is 1, "pre", 2, "b", and
  "1.0a1" has the part (0, "a", 1). B ends at the first digit, "+" or "-".
- The fields compare in order. A missing number is 0; a string sorts
  before no string, so 1.0a1 < 1.0pre < 1.0; strings compare byte by byte.
- "*" alone is the largest 32-bit number, 2147483647, and so sorts after
  every other number (and equals "2147483647").
- "1+" means "2pre": the release after 1, but before 2.
- A number outside the signed 32-bit range counts as 0, as in Firefox's
  ns_strtol. So a build id such as "20101203123456"
  as one part compares as "0"; split into parts ("2010.12.03.123456") it
  compares as expected.
- Text after a NUL character is ignored, as C strings end there.
"""

import functools
import re

INT32_MAX = 2**31 - 1
INT32_MIN = -(2**31)
INT32_DIGITS = len(str(INT32_MAX))
# The prefix that C's strtol reads in base 10: white space, a sign, digits.
_STRTOL = re.compile(r"[ \t\n\v\f\r]*([+-]?[0-9]+)", re.ASCII)
# The end of string B: the first digit, plus or minus sign.
_NUMBER_START = re.compile(r"[0-9+-]", re.ASCII)
# The number of parsed versions kept. appVersion values come from clients,
# so the cache has a bound.
PARSED_CACHE_SIZE = 4096
# Real versions are far shorter, such as "128.0a1" or "2024.12.3.1".
MAX_CACHED_LENGTH = 64

# A string sorts before the absence of one: (0, text) < (1, b"").
type Text = tuple[int, bytes]
NO_TEXT: Text = (1, b"")
type PartKey = tuple[int, Text, int, Text]
ZERO_PART: PartKey = (0, NO_TEXT, 0, NO_TEXT)


def _strtol(text: str) -> tuple[int, str]:
    """Parse a leading base-10 number as Firefox does. Return it and the rest.

    Without digits the number is 0 and nothing is consumed, as with
    strtol. A number outside the 32-bit range is 0.
    """
    match = _STRTOL.match(text)
    if match is None:
        return 0, text
    signed = match.group(1)
    negative = signed.startswith("-")
    digits = signed.lstrip("+-").lstrip("0") or "0"
    # A number with more digits than INT32_MAX has is out of range. Checking
    # first also keeps int() from raising ValueError past 4300 digits.
    if len(digits) > INT32_DIGITS:
        return 0, text[match.end() :]
    number = -int(digits) if negative else int(digits)
    if not INT32_MIN <= number <= INT32_MAX:
        number = 0
    return number, text[match.end() :]


def _text(value: str) -> Text:
    return (0, value.encode("utf-8", "surrogatepass"))


def _part_key(part: str) -> PartKey:
    if part == "*":
        return (INT32_MAX, NO_TEXT, 0, NO_TEXT)
    number_a, rest = _strtol(part)
    if not rest:
        return (number_a, NO_TEXT, 0, NO_TEXT)
    if rest.startswith("+"):
        # "1+" is the release after 1: "2pre". Firefox ignores what follows.
        return (number_a + 1, _text("pre"), 0, NO_TEXT)
    number_start = _NUMBER_START.search(rest)
    if number_start is None:
        return (number_a, _text(rest), 0, NO_TEXT)
    string_b = rest[: number_start.start()]
    number_c, extra_d = _strtol(rest[number_start.start() :])
    return (
        number_a,
        # B may be empty but present, as in "1-2": it still sorts before
        # no string at all.
        _text(string_b),
        number_c,
        _text(extra_d) if extra_d else NO_TEXT,
    )


def parse_version(version: str) -> tuple[PartKey, ...]:
    """Return the comparable parts of `version`, without trailing zero parts.

    Two versions compare equal exactly when their parsed parts are equal.
    Only versions of up to MAX_CACHED_LENGTH characters are cached, so that
    clients cannot fill the cache with long ones: 1,000 appVersion values of
    5,000 parts each took 430 MB there.
    """
    if len(version) > MAX_CACHED_LENGTH:
        return _parse_version(version)
    return _parse_cached_version(version)


def _parse_version(version: str) -> tuple[PartKey, ...]:
    version = version.partition("\0")[0]
    parts = [_part_key(part) for part in version.split(".")]
    while parts and parts[-1] == ZERO_PART:
        parts.pop()
    return tuple(parts)


_parse_cached_version = functools.lru_cache(maxsize=PARSED_CACHE_SIZE)(_parse_version)


def compare_versions(a: str, b: str) -> int:
    """Return -1, 0 or 1 as version `a` is older, equal or newer than `b`."""
    parts_a, parts_b = parse_version(a), parse_version(b)
    for index in range(max(len(parts_a), len(parts_b))):
        part_a = parts_a[index] if index < len(parts_a) else ZERO_PART
        part_b = parts_b[index] if index < len(parts_b) else ZERO_PART
        if part_a != part_b:
            return -1 if part_a < part_b else 1
    return 0


# A sort key for sorted() and max(): version_key("1.0") < version_key("1.1").
version_key = functools.cmp_to_key(compare_versions)
