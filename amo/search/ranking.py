"""The relevance of search candidates, computed in Python.

The candidates of a search (amo.search.queries) carry the columns the
score needs, so both database engines rank alike. The score adds:

- EXACT_WEIGHT when the query's key equals a name (any locale), slug or
  guid key of the add-on, which puts exact matches first;
- NAME_WEIGHT when every word is in a name, and up to COVERAGE_WEIGHT for
  the share of the shortest name that the query covers, so "tab" ranks
  "Tabby" above "Tab Tamer";
- POPULARITY_WEIGHT per POPULARITY_DECADES decades of average daily users
  (log scale, so each tenfold growth adds the same);
- RATING_WEIGHT times the bayesian rating out of 5.

Ties go to the add-on with more users, then to the lower id.
"""

import math
from dataclasses import dataclass

from amo.search import text
from amo.search.query import TextQuery

EXACT_WEIGHT = 100.0
NAME_WEIGHT = 2.0
COVERAGE_WEIGHT = 2.0
POPULARITY_WEIGHT = 3.0
POPULARITY_DECADES = 7.0
RATING_WEIGHT = 0.5
# Autocomplete: a name (in the default locale) that begins with the query.
NAME_START_WEIGHT = 4.0


@dataclass
class Candidate:
    """An add-on that matched, with what ranking and sorting read."""

    id: int
    average_daily_users: int
    bayesian_rating: float
    weekly_downloads: int
    created: object
    last_updated: object
    sort_name: str
    promoted: str
    name_terms: int
    in_names: bool = False
    exact: bool = False
    score: float = 0.0


def _coverage(query: TextQuery, candidate: Candidate) -> float:
    return min(1.0, query.terms / max(1, candidate.name_terms))


def _popularity(candidate: Candidate) -> float:
    decades = math.log10(max(0, candidate.average_daily_users) + 1)
    return POPULARITY_WEIGHT * decades / POPULARITY_DECADES


def _rating(candidate: Candidate) -> float:
    return RATING_WEIGHT * (candidate.bayesian_rating or 0.0) / 5.0


def score(query: TextQuery, candidate: Candidate) -> float:
    """Return the relevance of `candidate`; see the module docstring."""
    total = _popularity(candidate) + _rating(candidate)
    if candidate.exact:
        total += EXACT_WEIGHT
    if candidate.in_names:
        total += NAME_WEIGHT + COVERAGE_WEIGHT * _coverage(query, candidate)
    return total


def autocomplete_score(query: TextQuery, candidate: Candidate) -> float:
    """Return the autocomplete order of a name match: exact names first,
    then names that begin with the query, then coverage and popularity."""
    total = _popularity(candidate) + _rating(candidate)
    total += COVERAGE_WEIGHT * _coverage(query, candidate)
    if candidate.exact:
        total += EXACT_WEIGHT
    if text.key(candidate.sort_name).startswith(query.key):
        total += NAME_START_WEIGHT
    return total
