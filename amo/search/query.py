"""Search text parsed into engine-neutral full-text conditions.

Every word of a query must match (AND), in one of two ways:

- in names: each word is a word of a name (any locale) or of the slug,
  and the last one may also be the beginning of such a word, so "tab"
  finds "Tabby" as someone types;
- anywhere: each word, whole, is in the names, summaries, tags, author
  names or guid.

A word of a spaceless script requires each of its bigrams, and a single
such character matches as the beginning of a token (see amo.search.text).

When those find almost nothing, amo.search.queries tries two relaxed
conditions. One looks for the words with a plural "s" dropped, anywhere.
The other finds names with a word that begins like one of the query's
words, and amo.search.fuzzy then keeps the near spellings.
"""

from dataclasses import dataclass

from amo.search import text

# Words of a query that are used; the rest are ignored. Every word adds a
# term to each full-text condition, so this bounds their cost.
MAX_QUERY_WORDS = 12
# The shortest last word that matches as a prefix in a search. A shorter
# one would make the engine read every word that begins with its letter;
# autocomplete allows it, because it reads the names index only.
MIN_PREFIX_LENGTH = 2
# Words this long or longer may be misspelt. The fuzzy condition finds
# names with a word that begins with their first FUZZY_PREFIX_LENGTH
# characters, or with the first two when other words narrow the search
# ("dark reeder" finds "re..."). A split compound ("foxy proxy") is looked
# for run together, but for its last COMPOUND_SLACK characters.
FUZZY_MIN_LENGTH = 4
FUZZY_PREFIX_LENGTH = 3
COMPOUND_SLACK = 2


@dataclass(frozen=True)
class Term:
    """An encoded token, or the beginning of one when `prefix` is set."""

    token: str
    prefix: bool = False


@dataclass(frozen=True)
class Condition:
    """Terms to match in the names alone or anywhere: all, or any one."""

    terms: tuple[Term, ...]
    names_only: bool
    # Whether the full-text index drives the query plan (its matches are
    # read first), or only tests the rows that other conditions select,
    # which is faster when those select few add-ons.
    drives: bool = True
    # Terms that each match on their own too, in place of all of `terms`.
    otherwise: tuple[Term, ...] = ()


@dataclass(frozen=True)
class TextQuery:
    """The parsed search text: its exact-match key and its conditions."""

    key: str
    # The query's words, folded, in order.
    words: tuple[str, ...]
    in_names: Condition
    anywhere: Condition
    # The terms the query weighs in name coverage (text.term_count).
    terms: int
    # The relaxed conditions; None when they would be the same as above.
    singular: Condition | None = None
    fuzzy: Condition | None = None


def _terms(word: str, *, prefix: bool, min_prefix: int) -> list[Term]:
    if text.is_spaceless(word) and len(word) == 1:
        return [Term(text.encode_prefix(word), prefix=True)]
    tokens = text.query_tokens(word)
    if prefix and not text.is_spaceless(word) and len(word) >= min_prefix:
        return [Term(text.encode_prefix(word), prefix=True)]
    return [Term(text.encode(token)) for token in tokens]


def parse_query(q: str, *, min_prefix: int = MIN_PREFIX_LENGTH) -> TextQuery | None:
    """Return the conditions of `q`, or None when it has no word.

    The last word matches as a prefix in names when it has at least
    `min_prefix` characters.
    """
    words = list(dict.fromkeys(text.split_words(q)))[:MAX_QUERY_WORDS]
    if not words:
        return None
    in_names: list[Term] = []
    anywhere: list[Term] = []
    for index, word in enumerate(words):
        last = index == len(words) - 1
        in_names.extend(_terms(word, prefix=last, min_prefix=min_prefix))
        anywhere.extend(_terms(word, prefix=False, min_prefix=min_prefix))
    return TextQuery(
        key=text.key(q),
        words=tuple(words),
        in_names=Condition(tuple(dict.fromkeys(in_names)), names_only=True),
        anywhere=Condition(tuple(dict.fromkeys(anywhere)), names_only=False),
        terms=sum(text.term_count(word) for word in words),
        singular=_singular(words),
        fuzzy=_fuzzy(words),
    )


def singular(word: str) -> str:
    """Return `word` without a plural "s" ("tabs", not "class" or "virus")."""
    if len(word) >= 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _singular(words: list[str]) -> Condition | None:
    changed = [singular(word) for word in words]
    if changed == words:
        return None
    terms = [
        Term(text.encode(token))
        for word in changed
        for token in text.query_tokens(word)
    ]
    return Condition(tuple(dict.fromkeys(terms)), names_only=False)


def _fuzzy(words: list[str]) -> Condition | None:
    """Return names whose words begin like each long query word and match
    each short one, or whose words begin like the words run together."""
    terms: list[Term] = []
    length = FUZZY_PREFIX_LENGTH if len(words) == 1 else 2
    for word in words:
        if len(word) >= FUZZY_MIN_LENGTH and not text.is_spaceless(word):
            beginning = text.encode_prefix(word[:length])
            terms.append(Term(beginning, prefix=True))
        else:
            terms.extend(Term(text.encode(token)) for token in text.query_tokens(word))
    if not any(term.prefix for term in terms):
        return None
    compound = "".join(words)
    otherwise: tuple[Term, ...] = ()
    if len(words) > 1 and compound.isascii() and len(compound) > 2 * COMPOUND_SLACK:
        beginning = text.encode_prefix(compound[:-COMPOUND_SLACK])
        otherwise = (Term(beginning, prefix=True),)
    return Condition(tuple(dict.fromkeys(terms)), names_only=True, otherwise=otherwise)
