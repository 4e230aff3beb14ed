"""Normalisation of documents and queries: words, keys, tokens, conditions."""

import pytest

from amo.search import fuzzy, text
from amo.search.backends import MariaDBBackend, SQLiteBackend
from amo.search.query import MAX_QUERY_WORDS, parse_query, singular

# Every operator or quote that MariaDB's boolean mode, FTS5 or LIKE reads.
OPERATORS = "+ - < > ( ) ~ * \" @ ' \\ % _ : ^ | & { } [ ] ; ="


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("uBlock Origin", ["ublock", "origin"]),
        ("Tab-Tamer!", ["tab", "tamer"]),
        ("Café Naïve Tiếng Việt", ["cafe", "naive", "tieng", "viet"]),
        ("Straße ΑΘΗΝΑ", ["strasse", "αθηνα"]),
        ("ＦＵＬＬ　ｗｉｄｔｈ", ["full", "width"]),
        ("snake_case_name", ["snake", "case", "name"]),
        ("हिन्दी शब्दकोश", ["हिन्दी", "शब्दकोश"]),
        ("Firefox日本語版", ["firefox", "日本語版"]),
        ("\ufffd\x00\u200b", []),
    ],
)
def test_split_words(raw, words):
    assert text.split_words(raw) == words


def test_operators_never_survive():
    assert text.split_words(OPERATORS) == []
    assert text.split_words(f"dark{OPERATORS}reader") == ["dark", "reader"]


def test_keys_ignore_case_spaces_and_punctuation():
    assert text.key("uBlock Origin") == "ublock origin"
    assert text.key("ublock-origin") == "ublock origin"
    assert text.key("  UBLOCK   origin!! ") == "ublock origin"
    assert text.key("{7f3c9a2e-tab-tamer}") == "7f3c9a2e tab tamer"


def test_spaceless_runs_become_bigrams():
    assert text.word_tokens("日本語辞書") == ["日本", "本語", "語辞", "辞書", "書"]
    assert text.word_tokens("猫") == ["猫"]
    assert text.query_tokens("日本語") == ["日本", "本語"]
    assert text.word_tokens("ภาษาไทย")[0] == "ภา"
    assert text.word_tokens("사전") == ["사전", "전"]


def test_encoded_tokens_fit_both_engines():
    assert text.encode("tab") == "tab_"
    # Shorter than InnoDB's minimum token size, and a stopword of its list.
    assert text.encode("tv") == "tv_"
    assert text.encode("a") == "a__"
    assert text.encode("the") == "the_"
    assert text.encode("日本") == "_065e50672c"
    long_word = "x" * 200
    assert len(text.encode(long_word)) == text.MAX_TOKEN_LENGTH
    assert len(text.encode("я" * 40)) <= text.MAX_TOKEN_LENGTH
    for token in (text.encode("tab"), text.encode("日本"), text.encode("привет")):
        assert set(token) <= set("0123456789abcdefghijklmnopqrstuvwxyz_")


def test_query_words_and_prefix():
    query = parse_query("Tab Tamer")
    assert query is not None
    assert query.key == "tab tamer"
    assert [(t.token, t.prefix) for t in query.in_names.terms] == [
        ("tab_", False),
        ("tamer", True),
    ]
    assert [(t.token, t.prefix) for t in query.anywhere.terms] == [
        ("tab_", False),
        ("tamer_", False),
    ]
    assert query.terms == 2


def test_single_spaceless_character_is_a_prefix():
    query = parse_query("猫")
    assert query is not None
    assert [(t.token, t.prefix) for t in query.anywhere.terms] == [("_0732b", True)]


def test_query_without_words_is_none():
    assert parse_query(OPERATORS) is None
    assert parse_query("") is None
    assert parse_query("\ufffd") is None


def test_query_words_are_capped_and_deduplicated():
    query = parse_query(" ".join(f"w{index}" for index in range(40)) + " w1")
    assert query is not None
    assert len(query.anywhere.terms) == MAX_QUERY_WORDS
    assert len(parse_query("tab tab TAB").anywhere.terms) == 1


@pytest.mark.parametrize("keyword", ["AND", "OR", "NOT", "NEAR"])
def test_engine_keywords_stay_words(keyword):
    query = parse_query(f"dark {keyword} reader")
    assert query is not None
    mariadb = MariaDBBackend().query_string(query.anywhere)
    sqlite = SQLiteBackend().query_string(query.anywhere)
    assert mariadb == f"+dark_ +{keyword.lower()}_ +reader_"
    assert sqlite == f'"dark_" AND "{keyword.lower()}_" AND "reader_"'
    assert SQLiteBackend().query_string(query.in_names) == (
        f'names : ("dark_" AND "{keyword.lower()}_" AND "reader" *)'
    )


@pytest.mark.parametrize(
    ("first", "second", "distance"),
    [
        ("ublok", "ublock", 1),
        ("reeder", "reader", 1),
        ("teh", "the", 1),
        ("bitwardn", "bitwarden", 1),
        ("grammerly", "grammarly", 1),
        ("abc", "xyz", 3),
        ("same", "same", 0),
    ],
)
def test_edit_distance(first, second, distance):
    assert text.edit_distance(first, second, 1) == min(distance, 2)
    assert text.edit_distance(first, second, 3) == distance


@pytest.mark.parametrize(
    ("words", "names", "edits"),
    [
        (("ublok",), {"ublock", "origin"}, 1),
        (("ublock", "orgin"), {"ublock", "origin"}, 1),
        (("adblok",), {"adblocker", "ultimate"}, 1),
        (("violent", "monkey"), {"violentmonkey"}, 0),
        (("foxy", "proxy"), {"foxyproxy", "standard"}, 0),
        # Short words must be whole words, and first letters must agree.
        (("rea",), {"reader"}, None),
        (("ublock",), {"youblock"}, None),
        (("rea", "dark"), {"dark", "reader"}, None),
    ],
)
def test_near_spellings(words, names, edits):
    assert fuzzy.edits_to(words, names) == edits


def test_name_words_decode_tokens():
    names = " ".join(text.document_tokens(["tv", "日本語", "привет"]))
    assert fuzzy.name_words(names) == {"tv", "日本", "本語", "語", "привет"}


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("tabs", "tab"),
        ("screenshots", "screenshot"),
        ("class", "class"),
        ("virus", "virus"),
        ("this", "this"),
        ("ads", "ads"),
    ],
)
def test_singular(word, expected):
    assert singular(word) == expected
