import pytest
from django.http import Http404
from django.test import RequestFactory

from amo.core.pagination import MAX_PAGES, Page, check_in_range, get_page_number


@pytest.mark.parametrize(("value", "expected"), [("", 1), ("1", 1), ("7", 7)])
def test_page_number_valid(value, expected):
    request = RequestFactory().get("/", {"page": value} if value else {})

    assert get_page_number(request) == expected


@pytest.mark.parametrize(
    "value", ["0", "-1", "abc", "1.0", " 2", "٣", str(MAX_PAGES + 1), "9" * 40]
)
def test_page_number_invalid(value):
    request = RequestFactory().get("/", {"page": value})

    with pytest.raises(Http404):
        get_page_number(request)


def test_page_counts():
    page = Page(items=list(range(20)), number=2, total=45)

    assert page.num_pages == 3
    assert page.offset == 20
    assert page.start_index == 21
    assert page.end_index == 40
    assert page.has_previous
    assert page.has_next


def test_page_of_empty_listing():
    page = Page(items=[], number=1, total=0)

    assert page.num_pages == 1
    assert page.start_index == 0
    assert not page.has_next
    check_in_range(page)


def test_page_past_the_end():
    with pytest.raises(Http404):
        check_in_range(Page(items=[], number=4, total=45))


def test_page_count_is_capped():
    page = Page(items=[], number=1, total=10**9)

    assert page.num_pages == MAX_PAGES


@pytest.mark.parametrize(
    ("number", "pages", "expected"),
    [
        (1, 1, [1]),
        (1, 3, [1, 2, 3]),
        (1, 10, [1, 2, 3, None, 10]),
        (5, 10, [1, None, 3, 4, 5, 6, 7, None, 10]),
        (10, 10, [1, None, 8, 9, 10]),
        (4, 10, [1, 2, 3, 4, 5, 6, None, 10]),
    ],
)
def test_page_window(number, pages, expected):
    page = Page(items=[0], number=number, total=pages * 20)

    assert page.window() == expected
