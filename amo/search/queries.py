"""Async full-text reads: the candidates of a search, with their columns.

A search reads a few bounded queries:

1. The add-ons whose key equals the query's (search_keys, an index
   lookup), and at the same time those with every word in a name, the
   last one perhaps begun (the names index).
2. Unless the names gave `limit` matches, those with every word anywhere
   (the names-and-body index).
3. When fewer than RELAXED_BELOW matched, the relaxed conditions of
   amo.search.query: the words without a plural "s", anywhere, and names
   with words that begin like the query's, kept when amo.search.fuzzy
   finds them spelt nearly alike.
4. Exact matches that none of those found, when there are any.

The caller's filters ride along in each query, so a full-text match that
a filter rejects never takes a candidate's place. Each query returns the
columns that ranking and sorting need, so no second pass reads the rows.
At most `limit` matches are kept. MariaDB returns matches in the order
documents were written, most popular first (amo.search.documents), so a
broad query keeps its most popular matches without reading or sorting
the others; SQLite sorts its matches by users.
"""

import asyncio
import dataclasses
from typing import Any

from django.db.models import QuerySet

from amo.addons.models import Addon
from amo.core import db
from amo.core.db import pools
from amo.search import fuzzy
from amo.search.backends import Matches, backend_for
from amo.search.models import SearchKey
from amo.search.query import Condition, TextQuery
from amo.search.ranking import SINGULAR_MATCH, Candidate

# Full-text matches kept per search: they bound the rows a search reads
# and ranks, and so the count it reports.
MAX_CANDIDATES = 500
# Name matches that autocomplete ranks.
AUTOCOMPLETE_CANDIDATES = 200
# Searches with fewer matches than this try the relaxed conditions.
RELAXED_BELOW = 5
# Names read for near spellings; the most popular ones come first.
FUZZY_CANDIDATES = 200

MATCHES = f"search_document__names__{Matches.lookup_name}"
COLUMNS = (
    "pk",
    "average_daily_users",
    "bayesian_rating",
    "weekly_downloads",
    "created",
    "last_updated",
    "sort_name",
    "promoted",
    "search_document__name_terms",
)
NAMES = "search_document__names"


def _candidate(row: tuple[Any, ...]) -> Candidate:
    pk, users, rating, downloads, created, updated, sort_name, promoted, terms = row
    return Candidate(
        id=pk,
        average_daily_users=users,
        bayesian_rating=rating,
        weekly_downloads=downloads,
        created=created,
        last_updated=updated,
        sort_name=sort_name,
        promoted=promoted,
        # An exact match read by id may lack a document; it then weighs as
        # a one-word name.
        name_terms=terms or 1,
    )


async def _in_popularity_order(addons: QuerySet[Addon]) -> bool:
    _, wrapper = await pools.get(addons.db)
    return backend_for(wrapper.vendor).matches_in_popularity_order


def _rows(addons: QuerySet[Addon], *columns: str, natural: bool) -> QuerySet:
    # Without an ORDER BY, MariaDB stops reading after the LIMIT's matches.
    ordering = () if natural else ("-average_daily_users", "id")
    return addons.order_by(*ordering).values_list(*COLUMNS, *columns)


async def _fetch(
    addons: QuerySet[Addon], *, natural: bool, limit: int | None = None
) -> list[Candidate]:
    rows = _rows(addons, natural=natural)
    if limit is not None:
        rows = rows[:limit]
    return [_candidate(row) for row in await db.fetch_values(rows)]


def _matching(
    addons: QuerySet[Addon], condition: Condition, *, drives: bool
) -> QuerySet[Addon]:
    return addons.filter(**{MATCHES: dataclasses.replace(condition, drives=drives)})


async def _near_spellings(
    addons: QuerySet[Addon], query: TextQuery, *, drives: bool, natural: bool
) -> list[Candidate]:
    """Return the name matches of the fuzzy condition spelt nearly like
    the query, each weighed by its edits."""
    if query.fuzzy is None:
        return []
    matching = _matching(addons, query.fuzzy, drives=drives)
    rows = _rows(matching, NAMES, natural=natural)[:FUZZY_CANDIDATES]
    near = []
    for row in await db.fetch_values(rows):
        edits = fuzzy.edits_to(query.words, fuzzy.name_words(row[-1]))
        if edits is None:
            continue
        candidate = _candidate(row[:-1])
        candidate.in_names = True
        candidate.edits = edits
        near.append(candidate)
    return near


async def find_candidates(
    addons: QuerySet[Addon],
    query: TextQuery,
    *,
    limit: int = MAX_CANDIDATES,
    names_only: bool = False,
    narrow: bool = False,
) -> tuple[list[Candidate], bool]:
    """Return the candidates of `query` among `addons` (filtered and
    unordered) and whether more matched than `limit`.

    With `names_only`, only name matches (and exact ones) are candidates,
    and no relaxed condition is tried. `narrow` means that the filters of
    `addons` select few add-ons (an author, some guids), so those are read
    and tested against the text, rather than the text's matches read and
    filtered.
    """
    drives = not narrow
    natural = drives and await _in_popularity_order(addons)
    keys = SearchKey.objects.filter(value=query.key).values_list("addon_id", flat=True)
    exact_ids, in_names = await asyncio.gather(
        db.fetch_values(keys),
        _fetch(
            _matching(addons, query.in_names, drives=drives),
            natural=natural,
            limit=limit + 1,
        ),
    )
    capped = len(in_names) > limit
    found = {candidate.id: candidate for candidate in in_names[:limit]}
    for candidate in found.values():
        candidate.in_names = True

    def add(candidates: list[Candidate]) -> bool:
        """Add new candidates up to the limit; return whether one was left."""
        for candidate in candidates:
            if candidate.id in found:
                continue
            if len(found) == limit:
                return True
            found[candidate.id] = candidate
        return False

    if not capped and not names_only:
        anywhere = await _fetch(
            _matching(addons, query.anywhere, drives=drives),
            natural=natural,
            limit=limit + 1,
        )
        capped = add(anywhere)

    if len(found) < RELAXED_BELOW and not names_only:
        if query.singular is not None:
            singular = await _fetch(
                _matching(addons, query.singular, drives=drives),
                natural=natural,
                limit=limit,
            )
            for candidate in singular:
                candidate.match = SINGULAR_MATCH
            add(singular)
        add(await _near_spellings(addons, query, drives=drives, natural=natural))

    # Exact matches are kept even past the limit, if the filters pass them.
    missing = [pk for pk in dict.fromkeys(exact_ids) if pk not in found]
    if missing:
        for candidate in await _fetch(addons.filter(pk__in=missing), natural=True):
            found[candidate.id] = candidate
    for pk in exact_ids:
        if pk in found:
            found[pk].exact = True
    return list(found.values()), capped
