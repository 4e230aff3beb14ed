"""Helpers for page tests: fetch a page with its query log, check its HTML."""

from dataclasses import dataclass
from html.parser import HTMLParser

from django.http import HttpResponse
from django.test import AsyncClient
from django.utils import translation

from amo.core.cache.calls import CacheLog, capture_cache_calls
from amo.core.db import capture_queries
from amo.core.db.query import QueryLog


@dataclass
class PageResult:
    response: HttpResponse
    queries: QueryLog
    cache_calls: CacheLog

    @property
    def status(self) -> int:
        return self.response.status_code

    @property
    def html(self) -> str:
        return self.response.content.decode()

    @property
    def query_count(self) -> int:
        return self.queries.count

    @property
    def cache_reads(self) -> list[str]:
        """The read calls the page made to the cache, in order."""
        return [
            call.operation
            for call in self.cache_calls.calls
            if call.operation in ("aget", "aget_many")
        ]


async def get_page(client: AsyncClient, path: str, **headers: str) -> PageResult:
    """GET `path` through the middleware, recording queries and cache calls."""
    with capture_queries() as queries, capture_cache_calls() as cache_calls:
        response = await client.get(path, headers=headers)
    return PageResult(response, queries, cache_calls)


async def get_decoded_path(client: AsyncClient, path: str) -> HttpResponse:
    """GET `path`, already decoded, as uvicorn puts it in the ASGI scope.

    AsyncClient.get() decodes percent-escapes as ISO-8859-1, as WSGI does,
    while uvicorn decodes them as UTF-8, so a path with non-ASCII
    characters needs the scope built by hand.
    """
    return await client.request(
        method="GET", path=path, headers=[(b"host", b"testserver")]
    )


class _InlineCodeFinder(HTMLParser):
    """Collect what the Content-Security-Policy would block: style attributes,
    <style> elements, inline <script> and on* handler attributes.
    """

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if "style" in names:
            self.problems.append(f"style attribute on <{tag}>")
        self.problems.extend(
            f"{name} handler on <{tag}>" for name in names if name.startswith("on")
        )
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "script" and "src" not in names:
            self.problems.append("inline <script>")


def inline_code(html: str) -> list[str]:
    """Return what in `html` breaks `style-src 'self'; script-src 'self'`."""
    finder = _InlineCodeFinder()
    finder.feed(html)
    return finder.problems


def merged_listing_queries() -> int:
    """Extra queries a non-empty page of themes costs on this database.

    On MariaDB a listing of several types reads one page of ids, then the
    rows; SQLite reads the rows at once (see amo.addons.queries).
    """
    from django.db import connection

    return 1 if connection.features.supports_slicing_ordering_in_compound else 0


def translated(locale: str, text: str) -> str:
    """Return `text` as the page of `locale` shows it."""
    with translation.override(locale):
        return translation.gettext(text)
