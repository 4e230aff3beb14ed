"""The pagination envelope of AMO's list endpoints."""

import math
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.encoding import escape_uri_path

from amo.api.responses import InvalidPage


def check_page(page: int, page_count: int) -> None:
    """Raise InvalidPage (404) for a page past the last one.

    Page 1 of an empty list exists: it has no results.
    """
    if page > max(page_count, 1):
        raise InvalidPage


def count_pages(count: int, page_size: int) -> int:
    return max(1, math.ceil(count / page_size))


def page_link(request: HttpRequest, page: int) -> str:
    """Return the absolute URL of `page` of the list `request` reads.

    The path keeps its /api/vN/ prefix; page 1 drops the page parameter,
    as AMO's links do.
    """
    query = request.GET.copy()
    if page == 1:
        query.pop("page", None)
    else:
        query["page"] = str(page)
    url = settings.SITE_URL + escape_uri_path(request.path)
    encoded = query.urlencode()
    return f"{url}?{encoded}" if encoded else url


def envelope(
    request: HttpRequest,
    results: list[Any],
    *,
    count: int,
    page: int,
    page_size: int,
    page_count: int,
) -> dict[str, Any]:
    return {
        "count": count,
        "next": page_link(request, page + 1) if page < page_count else None,
        "previous": page_link(request, page - 1) if page > 1 else None,
        "page_size": page_size,
        "page_count": page_count,
        "results": results,
    }
