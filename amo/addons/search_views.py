"""The search page: /<locale>/<app>/search/?q=&type=&cat=&sort=&page=.

The page parses its parameters into a `SearchQuery` and calls
`amo.api.search.search_addons` for one page of ids, as the API does. It
then reads those add-ons with the listing pages' query, so its results
look like theirs. A malformed or unknown value of one of its parameters
gets a 400 page that names the value and links to the search without it.
Parameters the page does not know are ignored.
"""

import asyncio
import re
from dataclasses import dataclass, field
from typing import Any

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
)
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from amo.addons import queries
from amo.addons.models import Category
from amo.addons.views import (
    LEGACY_SORTS,
    SORT_LABELS,
    PageNotFound,
    format_number,
    page_view,
    render_page,
)
from amo.api.search import (
    MAX_QUERY_LENGTH,
    MAX_RESULT_WINDOW,
    SearchQuery,
    search_addons,
)
from amo.core import urls
from amo.core.constants import (
    APPS,
    CATEGORIES,
    TYPE_LISTINGS_BY_SLUG,
    TypeListing,
)
from amo.core.pagination import PAGE_SIZE, Page

# Results per page, as on the listing pages and AMO's own search page.
SEARCH_PAGE_SIZE = PAGE_SIZE
# Pages past this one would start past the result window, which the
# backend never serves.
MAX_SEARCH_PAGES = MAX_RESULT_WINDOW // SEARCH_PAGE_SIZE
# Characters of a rejected value that its error message repeats.
SHOWN_VALUE_LENGTH = 40
# C0 and C1 control characters and DEL; search text never needs them.
_CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f]")

# Values of ?type=, AMO's API names, and the browse section whose types
# each one selects. "statictheme" stands for every kind of theme, as the
# themes listing does.
SEARCH_TYPES = {
    "extension": TYPE_LISTINGS_BY_SLUG["extensions"],
    "statictheme": TYPE_LISTINGS_BY_SLUG["themes"],
    "dictionary": TYPE_LISTINGS_BY_SLUG["dictionaries"],
    "language": TYPE_LISTINGS_BY_SLUG["language-packs"],
    "search": TYPE_LISTINGS_BY_SLUG["search-tools"],
}
# Values of ?sort= and the SearchQuery sorts they stand for.
SEARCH_SORTS = {
    "relevance": ("relevance",),
    "users": ("users",),
    "rating": ("ratings",),
    "created": ("created",),
    "updated": ("updated",),
    "name": ("name",),
    "downloads": ("downloads",),
}
SEARCH_SORT_LABELS = {"relevance": _("Relevance"), **SORT_LABELS}
# Parameters that a link drops along with a rejected one: a category
# belongs to its type.
DEPENDENT_PARAMETERS = {"type": ("cat",)}


@dataclass(frozen=True)
class InvalidValue:
    """A rejected parameter value and the sentence that explains it."""

    parameter: str
    message: str


@dataclass
class SearchForm:
    """The page's parameters as sent, once checked.

    The raw values are kept, so links can repeat them; `errors` lists the
    ones that were rejected.
    """

    q: str = ""
    type: str = ""
    cat: str = ""
    sort: str = ""
    page: int = 1
    errors: list[InvalidValue] = field(default_factory=list)

    @property
    def section(self) -> TypeListing | None:
        return SEARCH_TYPES.get(self.type)

    @property
    def default_sort(self) -> str:
        return "relevance" if self.q else "users"

    @property
    def current_sort(self) -> str:
        return self.sort or self.default_sort

    @property
    def rejected(self) -> set[str]:
        """Parameters that links leave out: the rejected ones and their
        dependents."""
        names = {error.parameter for error in self.errors}
        for name in list(names):
            names.update(DEPENDENT_PARAMETERS.get(name, ()))
        return names

    def query(self, **changes: Any) -> dict[str, Any]:
        """Return the query string of a link to this search, with `changes`.

        The default sort and page 1 are left out, so each search has one
        URL; a value of None removes its parameter.
        """
        values: dict[str, Any] = {
            "q": self.q,
            "type": self.type,
            "cat": self.cat,
            "sort": self.sort if self.sort != self.default_sort else None,
        }
        values.update(changes)
        if values.get("sort") == ("relevance" if values.get("q") else "users"):
            values["sort"] = None
        if values.get("page") == 1:
            values["page"] = None
        return values

    def recovery_query(self) -> dict[str, Any]:
        """Return the query of this search without its rejected values."""
        return self.query(**dict.fromkeys(self.rejected))


def _shown(value: str) -> str:
    if len(value) <= SHOWN_VALUE_LENGTH:
        return value
    return value[:SHOWN_VALUE_LENGTH] + "…"


def _choices(names: Any) -> str:
    return ", ".join(names)


def _check_type(form: SearchForm, raw: str) -> None:
    if raw and raw not in SEARCH_TYPES:
        message = gettext("Invalid type “%(value)s”: use one of %(choices)s.") % {
            "value": _shown(raw),
            "choices": _choices(SEARCH_TYPES),
        }
        form.errors.append(InvalidValue("type", message))


def _check_category(form: SearchForm, raw: str) -> None:
    if not raw or "type" in form.rejected:
        return
    section = form.section
    if section is None:
        message = gettext(
            "The category “%(value)s” needs a type: pick a type, then a category."
        ) % {"value": _shown(raw)}
        form.errors.append(InvalidValue("cat", message))
        return
    slugs = [c.slug for c in CATEGORIES if c.type == section.category_type]
    if raw not in slugs:
        message = gettext(
            "Invalid category “%(value)s” for %(type)s: use one of %(choices)s."
        ) % {"value": _shown(raw), "type": section.title, "choices": _choices(slugs)}
        form.errors.append(InvalidValue("cat", message))


def _check_sort(form: SearchForm, raw: str) -> None:
    if not raw:
        return
    if raw not in SEARCH_SORTS:
        message = gettext("Invalid sort “%(value)s”: use one of %(choices)s.") % {
            "value": _shown(raw),
            "choices": _choices(SEARCH_SORTS),
        }
        form.errors.append(InvalidValue("sort", message))
    elif raw == "relevance" and not form.q:
        message = gettext(
            "Sorting by relevance needs search words: type some in the search box."
        )
        form.errors.append(InvalidValue("sort", message))


def _parse_page(request: HttpRequest, form: SearchForm, raw: str) -> int:
    """Return the page number of `raw`, 1 when it is rejected.

    A number past the pages that the result window contains raises
    PageNotFound, before any query runs.
    """
    if raw == "":
        return 1
    digits = raw.lstrip("0") if raw.isascii() and raw.isdigit() else ""
    if not digits:
        message = gettext(
            "Invalid page number “%(value)s”: use a whole number from 1 to %(max)s."
        ) % {"value": _shown(raw), "max": format_number(request, MAX_SEARCH_PAGES)}
        form.errors.append(InvalidValue("page", message))
        return 1
    # int() rejects strings of more than 4,300 digits, so a long number is
    # compared by its length first.
    if len(digits) > len(str(MAX_SEARCH_PAGES)) or int(digits) > MAX_SEARCH_PAGES:
        reason = gettext(
            "Search shows its first %(num)s pages only. Add words or pick a "
            "type or category to see other add-ons."
        ) % {"num": format_number(request, MAX_SEARCH_PAGES)}
        raise PageNotFound(reason, f"Page {raw[:20]} is past page {MAX_SEARCH_PAGES}.")
    return int(digits)


def parse_search_form(request: HttpRequest) -> SearchForm:
    """Read and check the page's parameters.

    Control characters of q become spaces, because HTML cannot contain
    NUL and most other controls. Then q is trimmed and cut to
    MAX_QUERY_LENGTH characters, as the API cuts it. Rejected values are
    listed in the form's errors.
    """
    get = request.GET
    q = _CONTROL_CHARACTERS.sub(" ", get.get("q", ""))
    q = q.strip()[:MAX_QUERY_LENGTH].strip()
    form = SearchForm(
        q=q, type=get.get("type", ""), cat=get.get("cat", ""), sort=get.get("sort", "")
    )
    _check_type(form, form.type)
    _check_category(form, form.cat)
    _check_sort(form, form.sort)
    form.page = _parse_page(request, form, get.get("page", ""))
    return form


def build_query(request: HttpRequest, form: SearchForm) -> SearchQuery:
    """Return the SearchQuery of a form without errors."""
    section = form.section
    return SearchQuery(
        q=form.q,
        types=section.types if section else (),
        app=APPS[request.APP],  # type: ignore[attr-defined]
        category=form.cat or None,
        sort=SEARCH_SORTS[form.current_sort],
        page=form.page,
        page_size=SEARCH_PAGE_SIZE,
        lang=request.LANG,  # type: ignore[attr-defined]
    )


def _legacy_sort_redirect(request: HttpRequest, sort: str) -> HttpResponse:
    """Redirect an old AMO sort name to the same search with its new name."""
    query = request.GET.copy()
    query["sort"] = LEGACY_SORTS[sort]
    query.pop("page", None)
    path = urls.site_path(
        "search",
        locale=request.LANG,  # type: ignore[attr-defined]
        app=request.APP,  # type: ignore[attr-defined]
    )
    return HttpResponsePermanentRedirect(f"{path}?{query.urlencode()}")


async def _get_categories(request: HttpRequest, form: SearchForm) -> list[Category]:
    """Return the categories of the chosen type for the page's application.

    Without a type there are none, and no query runs.
    """
    section = form.section
    if section is None:
        return []
    app_id = APPS[request.APP].id  # type: ignore[attr-defined]
    return await queries.get_categories(app_id, section.category_type)


def _sort_labels(form: SearchForm) -> dict[str, Any]:
    """Return the labels of the sorts offered, relevance only with words."""
    return {
        key: label
        for key, label in SEARCH_SORT_LABELS.items()
        if key != "relevance" or form.q
    }


def _page_context(form: SearchForm) -> dict[str, Any]:
    return {
        "form": form,
        "search_text": form.q,
        "search_types": SEARCH_TYPES,
        "sort_labels": _sort_labels(form),
    }


@page_view
async def search(request: HttpRequest) -> HttpResponse:
    """Render one page of search results, or why the parameters failed."""
    sort = request.GET.get("sort", "")
    if sort in LEGACY_SORTS:
        return _legacy_sort_redirect(request, sort)
    form = parse_search_form(request)
    if form.errors:
        return await render_page(
            request, "addons/search.html", _page_context(form), status=400
        )

    results, categories = await asyncio.gather(
        search_addons(build_query(request, form)), _get_categories(request, form)
    )
    if form.page > results.page_count:
        reason = ngettext(
            "This search has only %(num)s page.",
            "This search has only %(num)s pages.",
            results.page_count,
        ) % {"num": format_number(request, results.page_count)}
        raise PageNotFound(
            reason, f"Page {form.page} is past the last page, {results.page_count}."
        )
    addons = await queries.get_listed_addons(results.ids)
    previews = queries.theme_previews(addons)
    page = Page(
        addons,
        form.page,
        results.count,
        per_page=SEARCH_PAGE_SIZE,
        max_pages=results.page_count,
    )
    category = next((c for c in categories if c.slug == form.cat), None)
    return await render_page(
        request,
        "addons/search.html",
        {
            **_page_context(form),
            "categories": categories,
            "category": category,
            "page": page,
            "previews": previews,
            "capped": results.count > results.window,
            "result_window": results.window,
        },
    )
