"""Normalise text into words, exact-match keys and index tokens.

Documents and queries go through the same functions, so both full-text
engines compare the same tokens:

- `fold` applies NFKC and case folding, and drops the accents of Latin,
  Greek and Cyrillic letters ("Café" and "cafe" are one word).
- `split_words` cuts folded text into words: runs of letters, digits and
  combining marks. Every other character, `_` included, separates words,
  so no operator or quote of either engine survives. Runs of scripts
  written without spaces (Han, Hiragana, Katakana, Hangul, Thai, Lao,
  Khmer, Myanmar) become words of their own.
- `word_tokens` turns a word into the tokens that are stored in the index:
  a spaceless run gives its overlapping bigrams, plus its last character
  alone, so that a one-character query matches by prefix.
- `encode` writes a token in the alphabet `[0-9a-z_]`, which MariaDB's
  parser and SQLite's unicode61 tokenizer (with `_` as a token character)
  both read as one token. An ASCII word gets a trailing `_`, padded with
  more `_` to MIN_TOKEN_LENGTH, so InnoDB indexes words shorter than its
  innodb_ft_min_token_size and never drops a stopword ("the_" is not in
  its stopword list). Any other token is `_` plus five hex digits per
  character, so no engine's Unicode tables decide where it ends.
"""

import functools
import re
import unicodedata
from collections.abc import Iterable

# InnoDB's default innodb_ft_min_token_size: shorter tokens are padded.
MIN_TOKEN_LENGTH = 3
# InnoDB's default innodb_ft_max_token_size: longer tokens are not indexed,
# so tokens are cut to fit. An encoded character takes 5 of its characters.
MAX_TOKEN_LENGTH = 84
MAX_ENCODED_CHARACTERS = (MAX_TOKEN_LENGTH - 1) // 5

# Scripts written without spaces between words, indexed by bigrams.
SPACELESS_RANGES = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x1780, 0x17FF),  # Khmer
    (0x2E80, 0x2FDF),  # CJK and Kangxi radicals
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3100, 0x312F),  # Bopomofo
    (0x3130, 0x318F),  # Hangul compatibility Jamo
    (0x31F0, 0x31FF),  # Katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK unified ideographs extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xA960, 0xA97F),  # Hangul Jamo extended A
    (0xAC00, 0xD7FF),  # Hangul syllables, Jamo extended B
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x20000, 0x3FFFF),  # CJK extensions B and later
)
# Letters whose accents fold away: Latin, Greek, Cyrillic, and Latin and
# Greek extended (Vietnamese among them).
FOLDED_RANGES = ((0x0041, 0x052F), (0x1E00, 0x1FFF))


def _char_class(ranges: Iterable[tuple[int, int]]) -> str:
    return "".join(f"{chr(low)}-{chr(high)}" for low, high in ranges)


@functools.cache
def _mark_ranges() -> tuple[tuple[int, int], ...]:
    """Return the ranges of combining marks (Unicode category M)."""
    ranges: list[tuple[int, int]] = []
    for code in [*range(0x0300, 0x20000), *range(0xE0100, 0xE01F0)]:
        if unicodedata.category(chr(code)).startswith("M"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return tuple(ranges)


@functools.cache
def _word_pattern() -> re.Pattern[str]:
    spaceless = _char_class(SPACELESS_RANGES)
    marks = _char_class(_mark_ranges())
    # A spaceless run, or a run of other letters, digits and marks.
    return re.compile(rf"[{spaceless}]+|(?:(?![{spaceless}])(?:[^\W_]|[{marks}]))+")


def _folds(character: str) -> bool:
    code = ord(character)
    return any(low <= code <= high for low, high in FOLDED_RANGES)


def fold(text: str) -> str:
    """Return `text` in NFKC, case-folded, without Latin/Greek/Cyrillic
    accents."""
    text = unicodedata.normalize("NFKC", text).casefold()
    if text.isascii():
        return text
    characters: list[str] = []
    base = ""
    for character in unicodedata.normalize("NFD", text):
        if unicodedata.combining(character):
            if base and _folds(base):
                continue
        else:
            base = character
        characters.append(character)
    return unicodedata.normalize("NFC", "".join(characters))


def is_spaceless(word: str) -> bool:
    code = ord(word[0])
    return any(low <= code <= high for low, high in SPACELESS_RANGES)


def split_words(text: str) -> list[str]:
    """Return the words of `text`, folded; see the module docstring."""
    return _word_pattern().findall(fold(text))


def key(text: str) -> str:
    """Return the exact-match key of `text`: its words, space-separated.

    "uBlock Origin", "ublock-origin" and " UBLOCK  origin!" share a key.
    """
    return " ".join(split_words(text))


def word_tokens(word: str) -> list[str]:
    """Return the index tokens of one word: itself, or bigrams and the last
    character of a spaceless run."""
    if not is_spaceless(word):
        return [word]
    bigrams = [word[index : index + 2] for index in range(len(word) - 1)]
    return [*bigrams, word[-1]]


def query_tokens(word: str) -> list[str]:
    """Return the tokens a query word must match.

    A spaceless run of two or more characters must contain each of its
    bigrams; one character alone matches as a prefix (see `encode_prefix`).
    """
    if is_spaceless(word) and len(word) > 1:
        return [word[index : index + 2] for index in range(len(word) - 1)]
    return [word]


def term_count(word: str) -> int:
    """Return how many terms a word weighs in coverage: its bigrams."""
    if is_spaceless(word):
        return max(1, len(word) - 1)
    return 1


def _hex(token: str) -> str:
    return "_" + "".join(
        f"{ord(character):05x}" for character in token[:MAX_ENCODED_CHARACTERS]
    )


def encode(token: str) -> str:
    """Return `token` as stored in the index; see the module docstring."""
    if token.isascii():
        token = token[: MAX_TOKEN_LENGTH - 1]
        return token + "_" * max(1, MIN_TOKEN_LENGTH - len(token))
    return _hex(token)


def encode_prefix(token: str) -> str:
    """Return the stored form that every token starting with `token` begins
    with (without the engine's wildcard)."""
    if token.isascii():
        return token[: MAX_TOKEN_LENGTH - 1]
    return _hex(token)


def document_tokens(words: Iterable[str]) -> list[str]:
    """Return the encoded tokens of `words`, each once, in order."""
    tokens: dict[str, None] = {}
    for word in words:
        for token in word_tokens(word):
            tokens[encode(token)] = None
    return list(tokens)


def decode(token: str) -> str:
    """Return the word or bigram that `encode` wrote as `token`."""
    if not token.startswith("_"):
        return token.rstrip("_")
    digits = token[1:]
    return "".join(
        chr(int(digits[start : start + 5], 16)) for start in range(0, len(digits), 5)
    )


def edit_distance(first: str, second: str, limit: int) -> int:
    """Return the optimal string alignment distance of two words (edits,
    swaps of neighbours included), or `limit + 1` when it exceeds `limit`.
    """
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    previous_row: list[int] = []
    row = list(range(len(second) + 1))
    for index, character in enumerate(first, start=1):
        before, previous_row, row = previous_row, row, [index] + [0] * len(second)
        for other_index, other in enumerate(second, start=1):
            cost = 0 if character == other else 1
            row[other_index] = min(
                previous_row[other_index] + 1,
                row[other_index - 1] + 1,
                previous_row[other_index - 1] + cost,
            )
            if (
                index > 1
                and other_index > 1
                and character == second[other_index - 2]
                and first[index - 2] == other
            ):
                row[other_index] = min(row[other_index], before[other_index - 2] + 1)
        if min(row) > limit:
            return limit + 1
    return min(row[-1], limit + 1)
