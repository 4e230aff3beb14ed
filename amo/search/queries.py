"""Async full-text reads: the candidates of a search, with their columns.

A search reads a few bounded queries:

1. The add-ons whose key equals the query's (search_keys, an index
   lookup), and at the same time those with every word in a name, the
   last one perhaps begun (the names index).
2. When the names gave fewer than ANYWHERE_BELOW matches, those with
   every word anywhere (the names-and-body index). Common words make this
   index the slowest to read. A match in a name outweighs one elsewhere
   unless the other add-on has hundreds of times the users, so a query
   with a page of name matches is served by those alone.
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
# and ranks, and so the pages it serves. The count it reports comes from
# count_matches when more matched.
MAX_CANDIDATES = 200
# Name matches that autocomplete ranks.
AUTOCOMPLETE_CANDIDATES = 200
# Searches with fewer name matches than this also read the matches
# anywhere: one page of the API's default size.
ANYWHERE_BELOW = 25
# Searches with fewer matches than this try the relaxed conditions.
RELAXED_BELOW = 5
# Names read for near spellings; the most popular ones come first.
FUZZY_CANDIDATES = 200

MATCHES = f"search_document__names__{Matches.lookup_name}"
# Columns every candidate reads, by Candidate field; the score needs them.
COLUMNS = {
    "id": "pk",
    "average_daily_users": "average_daily_users",
    "bayesian_rating": "bayesian_rating",
    "name_terms": "search_document__name_terms",
}
# Columns that only some orderings read, by Candidate field.
SORT_COLUMNS = {
    field: field
    for field in (
        "weekly_downloads",
        "created",
        "last_updated",
        "sort_name",
        "promoted",
    )
}
NAMES = "search_document__names"


def _candidate(fields: tuple[str, ...], row: tuple[Any, ...]) -> Candidate:
    candidate = Candidate(**dict(zip(fields, row, strict=True)))
    # An exact match read by id may lack a document; it then weighs as a
    # one-word name.
    candidate.name_terms = candidate.name_terms or 1
    return candidate


async def _in_popularity_order(addons: QuerySet[Addon]) -> bool:
    _, wrapper = await pools.get(addons.db)
    return backend_for(wrapper.vendor).matches_in_popularity_order


@dataclasses.dataclass(frozen=True)
class _Reader:
    """The way one search reads its candidates."""

    # The Candidate fields read, beyond COLUMNS.
    fields: tuple[str, ...]
    # Whether matches come most popular first without an ORDER BY.
    natural: bool
    # Whether the full-text index drives the plan.
    drives: bool

    def rows(self, addons: QuerySet[Addon], *extra: str) -> QuerySet:
        # Without an ORDER BY, MariaDB stops reading after the LIMIT's
        # matches.
        ordering = () if self.natural else ("-average_daily_users", "id")
        columns = [*COLUMNS.values(), *(SORT_COLUMNS[name] for name in self.fields)]
        return addons.order_by(*ordering).values_list(*columns, *extra)

    def candidate(self, row: tuple[Any, ...]) -> Candidate:
        return _candidate((*COLUMNS, *self.fields), row)

    async def fetch(
        self, addons: QuerySet[Addon], limit: int | None = None
    ) -> list[Candidate]:
        rows = self.rows(addons)
        if limit is not None:
            rows = rows[:limit]
        return [self.candidate(row) for row in await db.fetch_values(rows)]

    def matching(self, addons: QuerySet[Addon], condition: Condition) -> QuerySet:
        drives = dataclasses.replace(condition, drives=self.drives)
        return addons.filter(**{MATCHES: drives})


async def _near_spellings(
    addons: QuerySet[Addon], query: TextQuery, reader: _Reader
) -> list[Candidate]:
    """Return the name matches of the fuzzy condition spelt nearly like
    the query, each weighed by its edits."""
    if query.fuzzy is None:
        return []
    matching = reader.matching(addons, query.fuzzy)
    rows = reader.rows(matching, NAMES)[:FUZZY_CANDIDATES]
    near = []
    for row in await db.fetch_values(rows):
        edits = fuzzy.edits_to(query.words, fuzzy.name_words(row[-1]))
        if edits is None:
            continue
        candidate = reader.candidate(row[:-1])
        candidate.in_names = True
        candidate.edits = edits
        near.append(candidate)
    return near


async def find_candidates(
    addons: QuerySet[Addon],
    query: TextQuery,
    *,
    limit: int | None = None,
    names_only: bool = False,
    narrow: bool = False,
    fields: tuple[str, ...] = (),
) -> tuple[list[Candidate], bool]:
    """Return the candidates of `query` among `addons` (filtered and
    unordered) and whether more matched than `limit` (MAX_CANDIDATES when
    None).

    With `names_only`, only name matches (and exact ones) are candidates,
    and no relaxed condition is tried. `narrow` means that the filters of
    `addons` select few add-ons (an author, some guids), so those are read
    and tested against the text, rather than the text's matches read and
    filtered. `fields` names the Candidate fields of SORT_COLUMNS that the
    caller sorts by; the others stay None.
    """
    if limit is None:
        limit = MAX_CANDIDATES
    drives = not narrow
    natural = drives and await _in_popularity_order(addons)
    reader = _Reader(
        fields=tuple(dict.fromkeys(fields)), natural=natural, drives=drives
    )
    keys = SearchKey.objects.filter(value=query.key).values_list("addon_id", flat=True)
    exact_ids, in_names = await asyncio.gather(
        db.fetch_values(keys),
        reader.fetch(reader.matching(addons, query.in_names), limit=limit + 1),
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

    if len(found) < ANYWHERE_BELOW and not names_only:
        anywhere = await reader.fetch(
            reader.matching(addons, query.anywhere), limit=limit + 1
        )
        capped = add(anywhere)

    if len(found) < RELAXED_BELOW and not names_only:
        if query.singular is not None:
            singular = await reader.fetch(
                reader.matching(addons, query.singular), limit=limit
            )
            for candidate in singular:
                candidate.match = SINGULAR_MATCH
            add(singular)
        add(await _near_spellings(addons, query, reader))

    # Exact matches are kept even past the limit, if the filters pass them.
    missing = [pk for pk in dict.fromkeys(exact_ids) if pk not in found]
    if missing:
        for candidate in await reader.fetch(addons.filter(pk__in=missing)):
            found[candidate.id] = candidate
    for pk in exact_ids:
        if pk in found:
            found[pk].exact = True
    return list(found.values()), capped


async def count_matches(
    addons: QuerySet[Addon], query: TextQuery, *, narrow: bool = False
) -> int:
    """Return how many of `addons` have every word of `query` anywhere.

    This is the total of a search that find_candidates capped: the names
    and the relaxed conditions match a subset of these.
    """
    condition = dataclasses.replace(query.anywhere, drives=not narrow)
    return await db.count(addons.filter(**{MATCHES: condition}))
