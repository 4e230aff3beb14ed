import datetime

import pytest
from django.template import engines

from amo.core.models import translate
from amo.core.templates import Translation, clean_html


def render_string(source: str, **context) -> str:
    env = engines["jinja2"].env
    context.setdefault("LANG", "en-US")
    context.setdefault("APP", "firefox")
    return env.from_string(source).render(context)


@pytest.mark.parametrize(
    ("value", "locale", "default", "expected"),
    [
        ({"en-US": "Tabs", "de": "Tabs DE"}, "de", "en-US", ("Tabs DE", "de")),
        ({"en-US": "Tabs", "de": "Tabs DE"}, "fr", "en-US", ("Tabs", "en-US")),
        ({"de": "Nur Deutsch", "en-US": "English"}, "fr", "de", ("Nur Deutsch", "de")),
        ({"ja": "日本語だけ"}, "fr", "de", ("日本語だけ", "ja")),
        ({}, "fr", "en-US", ("", None)),
        (None, "fr", "en-US", ("", None)),
    ],
)
def test_translate_falls_back(value, locale, default, expected):
    assert translate(value, locale, default) == expected


def test_translated_filter_and_lang_attribute():
    source = "<p{{ name|translated('de')|lang_attr }}>{{ name|translated('de') }}</p>"
    name = {"de": "Lesezeichen", "fr": "Signets"}
    assert render_string(source, name=name, LANG="fr") == "<p>Signets</p>"
    assert render_string(source, name=name, LANG="ja") == '<p lang="de">Lesezeichen</p>'


def test_translation_keeps_its_locale():
    text = Translation("Hallo", "de")
    assert text == "Hallo"
    assert text.locale == "de"


def test_clean_html_removes_scripts_and_keeps_links():
    cleaned = clean_html(
        "Hello <script>alert(1)</script>"
        '<a href="https://example.com" onclick="x()">site</a>'
        "<img src=x onerror=alert(1)>"
    )
    assert "<script>" not in cleaned
    assert "onclick" not in cleaned
    assert "<img" not in cleaned
    assert 'href="https://example.com"' in cleaned
    assert 'rel="nofollow noopener noreferrer ugc"' in cleaned


REL = 'rel="nofollow noopener noreferrer ugc"'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ""),
        ("\n \n", ""),
        ("one\ntwo", "<p>one<br>\ntwo</p>"),
        ("one\n\ntwo", "<p>one</p>\n<p>two</p>"),
        ("one\n\n\n\ntwo", "<p>one</p>\n<p>two</p>"),
        ("one\r\n\r\ntwo\r\nthree", "<p>one</p>\n<p>two<br>\nthree</p>"),
        # Paragraphs around a list keep their breaks, and none is added
        # inside or next to the list.
        (
            "Intro.\n\nFeatures:\n<ul>\n<li>Fast</li>\n<li>Small</li>\n</ul>\nEnjoy!",
            "<p>Intro.</p>\n<p>Features:</p>\n"
            "<ul>\n<li>Fast</li>\n<li>Small</li>\n</ul>\n<p>Enjoy!</p>",
        ),
        ("<ul><li>one\ntwo</li></ul>", "<ul><li>one\ntwo</li></ul>"),
        ("<ol>\n<li>x</li>\n</ol>", "<ol>\n<li>x</li>\n</ol>"),
        ("<pre>a\n\nb</pre>", "<pre>a\n\nb</pre>"),
        ("<blockquote>a\nb</blockquote>", "<blockquote>a\nb</blockquote>"),
        ("<p>one</p>\n<p>two</p>", "<p>one</p>\n<p>two</p>"),
        ("<p>line one\nline two</p>", "<p>line one<br>\nline two</p>"),
        (
            "<p>Para</p>\nLoose line\n<ol><li>x</li></ol>",
            "<p>Para</p>\n<p>Loose line</p>\n<ol><li>x</li></ol>",
        ),
        ("Title\n<h3>Head</h3>\ntext", "<p>Title</p>\n<h3>Head</h3>\n<p>text</p>"),
        # An author's own <br> gets no second one from its newline.
        ("a<br>\nb", "<p>a<br>\nb</p>"),
        # An inline element cut by a blank line continues in the next one.
        ("<b>bold\n\nstill bold</b>", "<p><b>bold</b></p>\n<p><b>still bold</b></p>"),
        ("<em>a\nb</em>", "<p><em>a<br>\nb</em></p>"),
        ("1 < 2 & 3", "<p>1 &lt; 2 &amp; 3</p>"),
        # Plain URLs become links, and punctuation after them stays text.
        (
            "See https://example.com/page.",
            f'<p>See <a href="https://example.com/page" {REL}>'
            "https://example.com/page</a>.</p>",
        ),
        (
            "(see http://example.com/a_(b))",
            f'<p>(see <a href="http://example.com/a_(b)" {REL}>'
            "http://example.com/a_(b)</a>)</p>",
        ),
        (
            "https://example.com/?a=1&b=2",
            f'<p><a href="https://example.com/?a=1&amp;b=2" {REL}>'
            "https://example.com/?a=1&amp;b=2</a></p>",
        ),
        (
            '<a href="https://example.com">https://example.com</a>',
            f'<p><a href="https://example.com" {REL}>https://example.com</a></p>',
        ),
        ("ftp://example.com and https://", "<p>ftp://example.com and https://</p>"),
        # Scripts, event handlers and javascript: links are removed.
        ("<script>alert(1)</script>Hi", "<p>Hi</p>"),
        ('<b onclick="x()">b</b>', "<p><b>b</b></p>"),
        ("<img src=x onerror=alert(1)>", ""),
        ('<a href="javascript:alert(1)">x</a>', f"<p><a {REL}>x</a></p>"),
        ("javascript:alert(1)", "<p>javascript:alert(1)</p>"),
        (
            'Go to https://example.com/"><script>alert(1)</script>',
            f'<p>Go to <a href="https://example.com/" {REL}>'
            'https://example.com/</a>"&gt;</p>',
        ),
    ],
)
def test_clean_html_layout(text, expected):
    assert clean_html(text) == expected


def test_clean_html_deep_nesting():
    # Tags nested past the depth limit go, their text stays.
    cleaned = clean_html("<b><i>" * 2000 + "deep" + "</i></b>" * 2000)

    assert "deep" in cleaned
    assert cleaned.count("<b>") < 100
    assert cleaned.count("<b>") == cleaned.count("</b>")


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en-US", "1,234,567"),
        ("de", "1.234.567"),
        ("fr", "1\u202f234\u202f567"),
        ("ja", "1,234,567"),
        ("ar", "1,234,567"),
    ],
)
def test_number_filter_follows_the_locale(locale, expected):
    assert render_string("{{ 1234567|number }}", LANG=locale) == expected


def test_rating_and_date_filters():
    assert render_string("{{ 4.25|rating }}", LANG="de") == "4,2"
    day = datetime.date(2024, 3, 5)
    assert render_string("{{ day|date }}", day=day, LANG="en-US") == "Mar 5, 2024"
    assert render_string("{{ day|date }}", day=day, LANG="de") == "05.03.2024"


@pytest.mark.parametrize(
    ("size", "locale", "expected"),
    [
        (0, "en-US", "0 kB"),
        (2000, "en-US", "2 kB"),
        (2048, "en-US", "2 kB"),
        # kB and MB are SI units: 10,135 bytes are 10.1 kB, not 9.9.
        (10135, "en-US", "10.1 kB"),
        (10135, "de", "10,1 kB"),
        (999_949, "en-US", "999.9 kB"),
        (999_950, "en-US", "1 MB"),
        (5_000_000, "en-US", "5 MB"),
        (5_242_880, "en-US", "5.2 MB"),
    ],
)
def test_filesize_filter(size, locale, expected):
    assert render_string(f"{{{{ {size}|filesize }}}}", LANG=locale) == expected


def test_autoescape_is_on():
    assert render_string("{{ text }}", text="<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"


def test_gettext_is_installed():
    assert render_string('{{ _("Extensions") }}') == "Extensions"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("en-US", "3 months ago"), ("de", "vor 3 Monaten"), ("fr", "il y a 3 mois")],
)
def test_relative_filter_follows_the_locale(locale, expected):
    now = datetime.datetime(2024, 6, 5, 12, 0, tzinfo=datetime.UTC)
    past = datetime.datetime(2024, 3, 5, 12, 0, tzinfo=datetime.UTC)
    text = render_string("{{ past|relative }}", past=past, now=now, LANG=locale)
    assert text == expected
