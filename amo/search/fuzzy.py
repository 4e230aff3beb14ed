"""Near spellings: whether a name's words are close to a query's words.

The fuzzy condition (amo.search.query) finds names with a word that
begins like a query word. This module keeps those whose words are within
a few edits of every query word, or of the query's words run together
("foxy proxy" for "FoxyProxy"). A query word of four letters or more may
also be close to the beginning of a longer name word ("adblok" for
"AdBlocker"); a shorter one must be a whole name word.
"""

from collections.abc import Iterable

from amo.search import text


def edit_limit(word: str) -> int:
    """Return how many edits a query word may be off by."""
    if len(word) < 4:
        return 0
    if len(word) <= 5:
        return 1
    return 2


def _word_edits(
    word: str, name_words: Iterable[str], *, limit: int | None = None
) -> int | None:
    if limit is None:
        limit = edit_limit(word)
    best: int | None = None
    for name_word in name_words:
        # A misspelling rarely gets the first letter wrong, and comparing
        # only such words keeps this cheap.
        if not name_word or name_word[0] != word[0]:
            continue
        targets = [name_word]
        if limit:
            targets.append(name_word[: len(word)])
        for target in targets:
            edits = text.edit_distance(word, target, limit)
            if edits <= limit and (best is None or edits < best):
                best = edits
        if best == 0:
            break
    return best


def name_words(encoded_names: str) -> set[str]:
    """Return the words of a document's names column."""
    return {text.decode(token) for token in encoded_names.split()}


def edits_to(words: tuple[str, ...], names: set[str]) -> int | None:
    """Return the edits that turn `words` into words of `names`, or None
    when some word has no near spelling there."""
    total = 0
    for word in words:
        edits = _word_edits(word, names)
        if edits is None:
            break
        total += edits
    else:
        return total
    if len(words) > 1:
        # Words of a compound that the query split, as "violent monkey",
        # with one edit at most.
        return _word_edits("".join(words), names, limit=1)
    return None
