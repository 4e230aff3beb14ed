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


def test_clean_html_keeps_line_breaks_of_plain_text():
    assert clean_html("one\ntwo") == "one<br>\ntwo"
    assert clean_html("<p>one</p>\n<p>two</p>") == "<p>one</p>\n<p>two</p>"
    assert (
        clean_html('<a href="javascript:alert(1)">x</a>')
        == '<a rel="nofollow noopener noreferrer ugc">x</a>'
    )


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


def test_filesize_filter():
    assert render_string("{{ 2048|filesize }}", LANG="en-US") == "2 kB"
    assert render_string("{{ 5242880|filesize }}", LANG="en-US") == "5 MB"


def test_autoescape_is_on():
    assert render_string("{{ text }}", text="<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"


def test_gettext_is_installed():
    assert render_string('{{ _("Extensions") }}') == "Extensions"
