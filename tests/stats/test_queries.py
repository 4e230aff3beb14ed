import pytest

from amo.stats.queries import _to_count


@pytest.mark.parametrize(
    ("stored", "expected"),
    [(0, 0), (12, 12), (-3, 0), (True, 0), (False, 0), (1.5, 0), ("7", 0), (None, 0)],
)
def test_to_count_stored_values(stored, expected):
    assert _to_count(stored) == expected
