"""Page numbers of paginated pages: parsing ?page= and the links around it."""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest

PAGE_SIZE = 20
# Deeper pages are not served: an OFFSET this large already reads 10,000
# index entries per request, and people do not page that far.
MAX_PAGES = 500


def get_page_number(request: HttpRequest, max_pages: int = MAX_PAGES) -> int:
    """Return the page number of `?page=`, 1 when it is absent.

    A value that is not a whole number from 1 to `max_pages` raises Http404,
    so a crawler's or a typo's page never reaches the database.
    """
    raw = request.GET.get("page", "")
    if raw == "":
        return 1
    if not raw.isascii() or not raw.isdigit():
        raise Http404(f"Page {raw!r} is not a page number.")
    number = int(raw)
    if not 1 <= number <= max_pages:
        raise Http404(f"Page {number} is out of range 1 to {max_pages}.")
    return number


@dataclass(frozen=True)
class Page:
    """One page of a listing, with what its pagination links need."""

    items: Sequence[Any]
    number: int
    total: int
    per_page: int = PAGE_SIZE
    max_pages: int = MAX_PAGES

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.per_page

    @property
    def num_pages(self) -> int:
        return max(1, min(math.ceil(self.total / self.per_page), self.max_pages))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def start_index(self) -> int:
        """The 1-based position of the page's first item, 0 when empty."""
        return self.offset + 1 if self.items else 0

    @property
    def end_index(self) -> int:
        return self.offset + len(self.items)

    def window(self, size: int = 2) -> list[int | None]:
        """Return the page numbers to link, with None for skipped numbers.

        The first and last pages are linked, and `size` pages either side of
        the current one.
        """
        linked = {1, self.num_pages} | set(
            range(
                max(1, self.number - size), min(self.num_pages, self.number + size) + 1
            )
        )
        numbers: list[int | None] = []
        previous = 0
        for number in sorted(linked):
            if number - previous > 1:
                numbers.append(None)
            numbers.append(number)
            previous = number
        return numbers


def check_in_range(page: Page) -> None:
    """Raise Http404 when `page` lies past the last page of its listing.

    Page 1 of an empty listing exists: it says that nothing is listed.
    """
    if page.number > page.num_pages:
        raise Http404(f"Page {page.number} is past the last page, {page.num_pages}.")
