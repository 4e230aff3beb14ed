"""Add-on search: its parameters, parsed into `SearchQuery`, and the reads.

`SearchParams` documents and checks each parameter's format. `parse_search`
applies the rules that span parameters (sort combinations, appversion
without app, rta: guids) and returns a `SearchQuery`, the backend's only
input. `search_addons` filters and sorts on the add-on columns, and with
`q` narrows the add-ons to full-text matches and ranks them with
amo.search.
"""

import asyncio
import base64
import binascii
import datetime
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any

from django.db.models import (
    Case,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat, StrIndex, Substr
from pydantic import Field, create_model

from amo.addons.models import Addon, AddonUser
from amo.addons.queries import LISTING_SORTS, listed_addons
from amo.api.pagination import count_pages
from amo.api.params import AppParams, AppVersion, PageParams
from amo.api.responses import InvalidParameter
from amo.core import db
from amo.core.constants import (
    ADDON_TYPES_BY_API_NAME,
    APPS,
    CATEGORIES,
    AddonType,
    Application,
    PromotedCategory,
)
from amo.search import queries as search_queries
from amo.search import ranking
from amo.search.queries import SORT_COLUMNS
from amo.search.query import TextQuery, parse_query
from amo.search.ranking import Candidate
from amo.versions.models import ApplicationsVersions

# Queries longer than this are cut, as AMO limits them.
MAX_QUERY_LENGTH = 100
# Results past this position are never served (AMO's Elasticsearch result
# window): page_count and next stop before it.
MAX_RESULT_WINDOW = 25_000
AUTOCOMPLETE_SIZE = 10
# Tags one search may require. Each adds two tables to the query's joins,
# which MariaDB limits to 61 tables and SQLite to 64.
MAX_TAGS = 10

TYPE_NAMES = tuple(ADDON_TYPES_BY_API_NAME)
PROMOTED_NAMES = (
    *(category.value for category in PromotedCategory if category.value),
    "badged",
)
# "badged" is the promotions that show a badge.
BADGED = (PromotedCategory.LINE.value, PromotedCategory.RECOMMENDED.value)
SORT_NAMES = (
    "created",
    "downloads",
    "hotness",
    "random",
    "rating",
    "ratings",
    "recommended",
    "relevance",
    "updated",
    "users",
)
# API sort name to the listing sort of amo.addons.queries. "name" is not
# an API sort: only the site's search page sends it.
# NOTE: amo does not track the growth of daily users that AMO calls
# hotness; it sorts by weekly downloads instead.
SORT_LISTINGS = {
    "created": "created",
    "downloads": "downloads",
    "hotness": "downloads",
    "name": "name",
    "ratings": "rating",
    "updated": "updated",
    "users": "users",
}
DEFAULT_SORT = ("recommended", "users")


def _comma_pattern(names: tuple[str, ...]) -> str:
    choice = "|".join(re.escape(name) for name in names)
    return rf"^({choice})(,({choice}))*$"


# Threshold parameters: name to the column and the pattern of its value.
DATE_PATTERN = (
    r"^([0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2})?)?|[0-9]{1,13})$"
)
THRESHOLDS = {
    "users": ("average_daily_users", r"^[0-9]{1,12}$", "Average daily users."),
    "ratings": ("average_rating", r"^[0-5](\.[0-9]{1,3})?$", "Average rating."),
    "created": (
        "created",
        DATE_PATTERN,
        "Creation time: YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] (UTC) or a "
        "timestamp in milliseconds.",
    ),
    "updated": ("last_updated", DATE_PATTERN, "Last update, as for created."),
}
THRESHOLD_SUFFIXES = {
    "": "",
    "__gt": "gt",
    "__gte": "gte",
    "__lt": "lt",
    "__lte": "lte",
}

_THRESHOLD_FIELDS: dict[str, Any] = {
    f"{name}{suffix}": (
        str | None,
        Field(
            None,
            pattern=pattern,
            description=f"{text} Suffixes __gt, __gte, __lt and __lte "
            "compare; none is equality.",
        ),
    )
    for name, (_, pattern, text) in THRESHOLDS.items()
    for suffix in THRESHOLD_SUFFIXES
}
_ThresholdParams: Any = create_model(
    "ThresholdParams", __base__=AppParams, **_THRESHOLD_FIELDS
)

CommaList = Annotated[str | None, Field(max_length=10_000)]


class FilterParams(_ThresholdParams):
    """The filters of search and autocomplete."""

    q: Annotated[
        str | None,
        Field(
            description=f"Search text; only its first {MAX_QUERY_LENGTH} "
            "characters are used."
        ),
    ] = None
    appversion: AppVersion = None
    author: CommaList = Field(None, description="User ids or usernames, any.")
    category: str | None = Field(
        None, description="Category slug; only used with app and type."
    )
    tag: CommaList = Field(None, description="Tags, comma-separated; all match.")
    type: str | None = Field(
        None, pattern=_comma_pattern(TYPE_NAMES), description="Add-on types, any."
    )


class SearchParams(FilterParams, PageParams):
    color: str | None = Field(
        None,
        pattern=r"^[0-9a-fA-F]{6}$",
        description="RGB colour of a static theme (experimental).",
    )
    exclude_addons: CommaList = Field(None, description="Ids or slugs to leave out.")
    guid: CommaList = Field(
        None, description="GUIDs, any; or one GUID as rta:<base64url of it>."
    )
    promoted: str | None = Field(
        None,
        pattern=_comma_pattern(PROMOTED_NAMES),
        description="Promotion categories, any; badged is line and recommended.",
    )
    sort: str | None = Field(
        None,
        pattern=_comma_pattern(SORT_NAMES),
        description=(
            "Sorts, comma-separated, all descending. random only alone, with "
            "promoted and without q; relevance needs q; recommended puts "
            "recommended add-ons first. Default: relevance with q, else "
            "recommended,users."
        ),
    )


@dataclass(frozen=True)
class Threshold:
    column: str
    lookup: str  # "", "gt", "gte", "lt" or "lte"
    value: Any
    # For dates given without a time, equality covers the whole day.
    span: datetime.timedelta | None = None


@dataclass(frozen=True)
class SearchQuery:
    """A validated search: what the backend filters, sorts and returns."""

    q: str = ""
    types: tuple[int, ...] = ()
    app: Application | None = None
    appversion: str | None = None
    category: str | None = None
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    guids: tuple[str, ...] = ()
    exclude_addons: tuple[str, ...] = ()
    promoted: tuple[str, ...] = ()
    color: str | None = None
    thresholds: tuple[Threshold, ...] = ()
    sort: tuple[str, ...] = DEFAULT_SORT
    page: int = 1
    page_size: int = 25
    lang: str | None = None

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass
class SearchResults:
    """One page of results: add-on ids with their scores, and the total."""

    ids: list[int]
    scores: dict[int, float]
    count: int
    page_count: int = field(default=1)
    # How many of the `count` results the pages can reach: all of them up
    # to MAX_RESULT_WINDOW, or the ranked candidates of a text search.
    window: int = 0


def _split(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(
        dict.fromkeys(part.strip() for part in value.split(",") if part.strip())
    )


def _parse_guids(value: str | None) -> tuple[str, ...]:
    if value and value.startswith("rta:"):
        encoded = value[4:]
        padded = encoded + "=" * (-len(encoded) % 4)
        try:
            guid = base64.b64decode(padded, altchars=b"-_", validate=True).decode()
        except (binascii.Error, ValueError):
            guid = ""
        if not guid:
            raise InvalidParameter(
                "guid", f"Invalid rta: GUID {value!r}: it must be base64url of a GUID."
            )
        return (guid,)
    return _split(value)


def _parse_time(name: str, raw: str) -> tuple[datetime.datetime, bool]:
    """Return the time of a date threshold, and whether it had no time."""
    try:
        if raw.isdigit():
            stamp = datetime.datetime.fromtimestamp(int(raw) / 1000, tz=datetime.UTC)
            return stamp, False
        parsed = datetime.datetime.fromisoformat(raw)
    except (ValueError, OverflowError, OSError):
        raise InvalidParameter(
            name,
            f"Invalid date {raw!r}: use YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] or a "
            "timestamp in milliseconds.",
        ) from None
    return parsed.replace(tzinfo=datetime.UTC), "T" not in raw


def _parse_thresholds(params: FilterParams) -> tuple[Threshold, ...]:
    thresholds = []
    for name, (column, _, _) in THRESHOLDS.items():
        for suffix, lookup in THRESHOLD_SUFFIXES.items():
            raw = getattr(params, f"{name}{suffix}")
            if raw is None:
                continue
            if column in ("created", "last_updated"):
                value, whole_day = _parse_time(f"{name}{suffix}", raw)
                span = None
                if lookup == "":
                    step = {"days": 1} if whole_day else {"seconds": 1}
                    span = datetime.timedelta(**step)
                thresholds.append(Threshold(column, lookup, value, span))
            elif column == "average_rating":
                thresholds.append(Threshold(column, lookup, float(raw)))
            else:
                thresholds.append(Threshold(column, lookup, int(raw)))
    return tuple(thresholds)


def _parse_sort(
    raw: str | None, *, q: str, promoted: tuple[str, ...]
) -> tuple[str, ...]:
    sorts = tuple(dict.fromkeys("ratings" if s == "rating" else s for s in _split(raw)))
    if not sorts:
        return ("relevance",) if q else DEFAULT_SORT
    if "random" in sorts:
        if len(sorts) > 1:
            raise InvalidParameter("sort", 'The "random" sort cannot be combined.')
        if q or not promoted:
            raise InvalidParameter(
                "sort",
                'The "random" sort needs a "promoted" parameter and no "q".',
            )
        return sorts
    if "relevance" in sorts:
        if not q:
            raise InvalidParameter("sort", 'The "relevance" sort needs a "q".')
        # recommended only modifies the other sorts.
        return tuple(s for s in sorts if s != "recommended")
    if sorts == ("recommended",):
        return DEFAULT_SORT
    return sorts


def _categories_of(types: tuple[int, ...]) -> set[str]:
    return {c.slug for c in CATEGORIES if c.type in types}


def parse_filters(params: FilterParams) -> dict[str, Any]:
    """Return the SearchQuery fields that search and autocomplete share."""
    q = (params.q or "").strip()[:MAX_QUERY_LENGTH].strip()
    types = tuple(ADDON_TYPES_BY_API_NAME[name] for name in _split(params.type))
    app = APPS[params.app] if params.app else None
    if params.appversion and app is None:
        raise InvalidParameter("appversion", 'The "appversion" parameter needs "app".')
    category = None
    if params.category and app is not None and types:
        if params.category not in _categories_of(types):
            raise InvalidParameter(
                "category",
                f"Invalid category {params.category!r} for the requested types.",
            )
        category = params.category
    tags = _split(params.tag)
    if len(tags) > MAX_TAGS:
        raise InvalidParameter(
            "tag",
            f"Too many tags ({len(tags)}): a search may require at most {MAX_TAGS}.",
        )
    return {
        "q": q,
        "types": types,
        "app": app,
        "appversion": params.appversion if app else None,
        "category": category,
        "tags": tags,
        "authors": _split(params.author),
        "thresholds": _parse_thresholds(params),
        "lang": params.lang,
    }


def parse_search(params: SearchParams) -> SearchQuery:
    """Check the rules that span parameters and return the SearchQuery.

    Raises InvalidParameter, which becomes a 400 naming the parameter.
    """
    fields = parse_filters(params)
    promoted = _split(params.promoted)
    if "badged" in promoted:
        promoted = tuple(dict.fromkeys((*promoted, *BADGED)))
        promoted = tuple(name for name in promoted if name != "badged")
    return SearchQuery(
        **fields,
        guids=_parse_guids(params.guid),
        exclude_addons=_split(params.exclude_addons),
        promoted=promoted,
        color=params.color.lower() if params.color else None,
        sort=_parse_sort(params.sort, q=fields["q"], promoted=promoted),
        page=params.page,
        page_size=params.effective_page_size,
    )


def parse_autocomplete(params: FilterParams) -> SearchQuery:
    return SearchQuery(
        **parse_filters(params), sort=("relevance",), page_size=AUTOCOMPLETE_SIZE
    )


# --- The database backend -----------------------------------------------


def _major(column: str) -> Any:
    """The leading number of a version column, as an integer (SQL)."""
    position = StrIndex(Concat(F(column), Value(".")), Value("."))
    return Cast(Substr(F(column), 1, position - 1), IntegerField())


def _major_of(version: str) -> int:
    return int(version.split(".")[0])


def _compatible_versions(app: Application, appversion: str | None) -> QuerySet:
    """Ids of versions compatible with `app` (and `appversion`), for IN.

    The maximum binds only files with strict compatibility, as Firefox
    checks it. NOTE: versions are compared by their major number, so a
    minimum of 128.0.2 matches appversion 128.0; exact comparison needs
    the numeric versions that amo.search will index.
    """
    rows = ApplicationsVersions.objects.filter(application=app.id)
    if appversion:
        major = _major_of(appversion)
        rows = rows.annotate(min_major=_major("min"), max_major=_major("max")).filter(
            Q(min_major__lte=major)
            & (
                Q(version__file__strict_compatibility=False)
                | Q(max="*")
                | Q(max_major__gte=major)
            )
        )
    return rows.values("version")


def _app_filter(app: Application, appversion: str | None) -> Q:
    """Return the condition that keeps add-ons usable in `app`.

    An add-on is left out only when its current version states the
    applications it supports and `app` (at `appversion`) is not among
    them. Without a current version, or with one that states none, its
    compatibility is unknown and it stays in, as AMO showed search engines
    and personas, which store no compatibility, in every application.
    Most add-ons of the imported catalogue are of that kind, and the
    listing pages show them.
    """
    stated = ApplicationsVersions.objects.values("version")
    return (
        Q(current_version__in=_compatible_versions(app, appversion))
        | Q(current_version__isnull=True)
        | ~Q(current_version__in=stated)
    )


def _span_end(threshold: Threshold) -> datetime.datetime | None:
    """Return the end of an equality threshold's span, or None when it
    would fall past the last date that Python represents."""
    assert threshold.span is not None
    try:
        return threshold.value + threshold.span
    except OverflowError:
        return None


def filter_addons(query: SearchQuery) -> QuerySet[Addon]:
    """Listed add-ons matching every filter of `query`, unordered."""
    addons = listed_addons(query.types)
    if query.app is not None:
        addons = addons.filter(_app_filter(query.app, query.appversion))
    if query.category is not None and query.app is not None:
        addons = addons.filter(
            categories__application=query.app.id,
            categories__type__in=list(query.types),
            categories__slug=query.category,
        )
    # One join per tag keeps each on its index; MAX_TAGS keeps the joins
    # under the database's limit.
    for tag in query.tags:
        addons = addons.filter(tags__tag_text=tag)
    if query.authors:
        ids = [int(a) for a in query.authors if a.isdecimal() and len(a) <= 18]
        authors = AddonUser.objects.filter(
            Q(user__in=ids) | Q(user__username__in=list(query.authors)), listed=True
        )
        addons = addons.filter(pk__in=authors.values("addon"))
    if query.guids:
        addons = addons.filter(guid_key__in=[guid.lower() for guid in query.guids])
    if query.exclude_addons:
        ids = [int(a) for a in query.exclude_addons if a.isdecimal() and len(a) <= 18]
        addons = addons.exclude(pk__in=ids).exclude(slug__in=list(query.exclude_addons))
    if query.promoted:
        addons = addons.filter(promoted__in=list(query.promoted))
    if query.color is not None:
        # NOTE: amo stores no theme colours yet, so a colour search returns
        # every static theme, unranked by colour.
        addons = addons.filter(type=AddonType.STATICTHEME)
    for threshold in query.thresholds:
        if threshold.span is not None:
            addons = addons.filter(**{f"{threshold.column}__gte": threshold.value})
            end = _span_end(threshold)
            if end is not None:
                addons = addons.filter(**{f"{threshold.column}__lt": end})
        elif threshold.lookup:
            addons = addons.filter(
                **{f"{threshold.column}__{threshold.lookup}": threshold.value}
            )
        else:
            addons = addons.filter(**{threshold.column: threshold.value})
    return addons


def _ordering(query: SearchQuery) -> list[Any]:
    if query.sort == ("random",):
        return ["?"]
    ordering: list[Any] = []
    for sort in query.sort:
        if sort == "relevance":
            ordering.append("-score")
        elif sort == "recommended":
            ordering.append(
                Case(
                    When(promoted=PromotedCategory.RECOMMENDED.value, then=Value(0)),
                    default=Value(1),
                )
            )
        else:
            ordering.append(LISTING_SORTS[SORT_LISTINGS[sort]][0])
    ordering.append("-average_daily_users")
    ordering.append("id")
    return ordering


def page_count(count: int, page_size: int) -> int:
    """Return the number of pages served, capped at the result window."""
    pages = math.ceil(count / page_size)
    return max(1, min(pages, MAX_RESULT_WINDOW // page_size))


def _empty_results() -> SearchResults:
    return SearchResults([], {}, 0, 1)


def _descending(value: Any) -> tuple[bool, Any]:
    """Sort key for a descending sort with nulls last, as SQL puts them."""
    if value is None:
        return (True, 0)
    if isinstance(value, datetime.datetime):
        return (False, -value.timestamp())
    return (False, -value)


# Sorts to the Candidate field that they order by, descending.
CANDIDATE_SORTS = {
    "users": "average_daily_users",
    "ratings": "bayesian_rating",
    "created": "created",
    "updated": "last_updated",
    "downloads": "weekly_downloads",
    "hotness": "weekly_downloads",
    "recommended": "promoted",
    "name": "sort_name",
}


def _candidate_sort_key(query: SearchQuery) -> Callable[[Candidate], tuple[Any, ...]]:
    """Return the key that orders candidates as `_ordering` orders rows."""

    def key(candidate: Candidate) -> tuple[Any, ...]:
        parts: list[Any] = []
        for sort in query.sort:
            if sort == "relevance":
                parts.append(-candidate.score)
            elif sort == "recommended":
                parts.append(candidate.promoted != PromotedCategory.RECOMMENDED.value)
            elif sort == "name":
                parts.append(candidate.sort_name)
            else:
                parts.append(_descending(getattr(candidate, CANDIDATE_SORTS[sort])))
        parts.extend((-candidate.average_daily_users, candidate.id))
        return tuple(parts)

    return key


def _is_narrow(query: SearchQuery) -> bool:
    """Return whether the filters of `query` usually select few add-ons,
    so full-text matching tests those rather than reading its matches.

    Tags are left out: a common tag selects thousands of add-ons, and
    those mostly match the words too, so reading the matches is faster.
    """
    return bool(query.guids or query.authors or query.promoted or query.category)


async def _search_text(query: SearchQuery, text_query: TextQuery) -> SearchResults:
    """Return one page of the full-text matches of `query`, ranked."""
    fields = [CANDIDATE_SORTS[sort] for sort in query.sort if sort in CANDIDATE_SORTS]
    addons = filter_addons(query)
    narrow = _is_narrow(query)
    candidates, capped = await search_queries.find_candidates(
        addons,
        text_query,
        narrow=narrow,
        fields=tuple(field for field in fields if field in SORT_COLUMNS),
    )
    for candidate in candidates:
        candidate.score = ranking.score(text_query, candidate)
    candidates.sort(key=_candidate_sort_key(query))
    page = candidates[query.offset : query.offset + query.page_size]
    count = len(candidates)
    if capped:
        total = await search_queries.count_matches(addons, text_query, narrow=narrow)
        count = max(count, total)
    # Only the ranked candidates can be served, so they bound the pages.
    window = min(len(candidates), MAX_RESULT_WINDOW)
    return SearchResults(
        [candidate.id for candidate in page],
        {candidate.id: candidate.score for candidate in page},
        count,
        count_pages(window, query.page_size),
        window,
    )


async def search_addons(query: SearchQuery) -> SearchResults:
    """Return one page of add-on ids for `query`, with the total count.

    With `q`, the add-ons are the full-text matches that amo.search finds
    (at most amo.search.queries.MAX_CANDIDATES of them, which bounds the
    pages, while the count is the total), each with its relevance score,
    which orders them when the sort is relevance. Text with no word (only
    punctuation, say) matches nothing.
    """
    if query.q:
        text_query = parse_query(query.q)
        if text_query is None:
            return _empty_results()
        return await _search_text(query, text_query)

    addons = filter_addons(query)
    rows = addons.order_by(*_ordering(query)).values_list("pk", flat=True)
    ids, count = await asyncio.gather(
        db.fetch_values(rows[query.offset : query.offset + query.page_size]),
        db.count(addons),
    )
    # Without a query every listed add-on matches alike.
    return SearchResults(
        list(ids),
        dict.fromkeys(ids, 1.0),
        count,
        page_count(count, query.page_size),
        min(count, MAX_RESULT_WINDOW),
    )


async def autocomplete_addons(query: SearchQuery) -> list[int]:
    """Return the ids of the add-ons whose names match `query.q`, best first.

    Every word must be in a name (any locale), the last one perhaps as the
    beginning of a word there, as someone types.
    """
    text_query = parse_query(query.q, min_prefix=1) if query.q else None
    if text_query is None:
        return []
    candidates, _ = await search_queries.find_candidates(
        filter_addons(query),
        text_query,
        limit=search_queries.AUTOCOMPLETE_CANDIDATES,
        names_only=True,
        narrow=_is_narrow(query),
        fields=("sort_name",),
    )
    for candidate in candidates:
        candidate.score = ranking.autocomplete_score(text_query, candidate)
    candidates.sort(key=lambda item: (-item.score, -item.average_daily_users, item.id))
    return [candidate.id for candidate in candidates[: query.page_size]]
