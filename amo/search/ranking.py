"""The relevance of search candidates, computed in Python.

The candidates of a search (amo.search.queries) carry the columns the
score needs, so both database engines rank alike. The score multiplies:

- the text match: BODY_MATCH when the words are found outside the names
  only, or NAME_MATCH when every word is in a name. A name match gets up
  to COVERAGE_WEIGHT more for the share of the shortest name that the
  query covers, so "tab" ranks "Tabby" above "Tab Tamer";
- popularity: the decimal logarithm of average daily users plus
  USERS_OFFSET, so each tenfold growth adds the same and no add-on gets
  less than 1;
- rating: 1 plus RATING_WEIGHT times the bayesian rating out of 5.

Matches of the relaxed conditions (amo.search.queries) weigh less:
SINGULAR_MATCH is the text match of words found without their plural
"s", and the name match of a near spelling is divided by one plus its
edits.

A name match thus outranks a match elsewhere with up to about 30 times
its users, and loses to one with a few hundred times them. EXACT_WEIGHT,
more than any product of those, is added when the query's key equals a
name (any locale), slug or guid key of the add-on, which puts exact
matches first. Ties go to the add-on with more users, then to the lower
id.
"""

import datetime
import math
from dataclasses import dataclass

from amo.search import text
from amo.search.query import TextQuery

EXACT_WEIGHT = 100.0
BODY_MATCH = 1.0
NAME_MATCH = 1.5
COVERAGE_WEIGHT = 0.5
SINGULAR_MATCH = 0.9
USERS_OFFSET = 10
RATING_WEIGHT = 0.1
# Autocomplete: a name (in the default locale) that begins with the query.
NAME_START_WEIGHT = 4.0


@dataclass
class Candidate:
    """An add-on that matched, with what ranking and sorting read."""

    id: int
    average_daily_users: int
    bayesian_rating: float
    name_terms: int
    # Read only for the orderings that need them.
    weekly_downloads: int | None = None
    created: datetime.datetime | None = None
    last_updated: datetime.datetime | None = None
    sort_name: str | None = None
    promoted: str | None = None
    in_names: bool = False
    exact: bool = False
    # The text match of words found without their plural "s".
    match: float | None = None
    # The edits that make a near spelling of a name match.
    edits: int = 0
    score: float = 0.0


def _coverage(query: TextQuery, candidate: Candidate) -> float:
    return min(1.0, query.terms / max(1, candidate.name_terms))


def _popularity(candidate: Candidate) -> float:
    return math.log10(max(0, candidate.average_daily_users) + USERS_OFFSET)


def _rating(candidate: Candidate) -> float:
    return 1.0 + RATING_WEIGHT * (candidate.bayesian_rating or 0.0) / 5.0


def _name_match(query: TextQuery, candidate: Candidate) -> float:
    return NAME_MATCH + COVERAGE_WEIGHT * _coverage(query, candidate)


def score(query: TextQuery, candidate: Candidate) -> float:
    """Return the relevance of `candidate`; see the module docstring."""
    if candidate.match is not None:
        match = candidate.match
    elif candidate.in_names:
        match = _name_match(query, candidate) / (1 + candidate.edits)
    else:
        match = BODY_MATCH
    total = match * _popularity(candidate) * _rating(candidate)
    if candidate.exact:
        total += EXACT_WEIGHT
    return total


def autocomplete_score(query: TextQuery, candidate: Candidate) -> float:
    """Return the autocomplete order of a name match: exact names first,
    then names that begin with the query, then coverage and popularity."""
    total = _name_match(query, candidate) * _popularity(candidate)
    total *= _rating(candidate)
    if candidate.exact:
        total += EXACT_WEIGHT
    if text.key(candidate.sort_name or "").startswith(query.key):
        total += NAME_START_WEIGHT
    return total
