import pytest

from amo.core import i18n


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("en-US", "en-US"),
        ("en-us", "en-US"),
        ("EN-US", "en-US"),
        ("pt_br", "pt-BR"),
        ("de", "de"),
        ("de-AT", "de"),
        ("de-at", "de"),
        ("pt", "pt-PT"),
        ("zh", "zh-CN"),
        ("zh-HK", "zh-TW"),
        ("en-GB", "en-US"),
        ("es", "es-ES"),
        ("es-MX", "es-ES"),
        ("sv", "sv-SE"),
        ("ga", "ga-IE"),
        ("xx", None),
        ("", None),
        ("extensions", None),
    ],
)
def test_match_locale(code, expected):
    assert i18n.match_locale(code) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("", "en-US"),
        ("fr", "fr"),
        ("fr-FR,fr;q=0.9,en;q=0.8", "fr"),
        ("de-AT", "de"),
        ("xx, ja;q=0.5", "ja"),
        ("en;q=0.1, ru;q=0.9", "ru"),
        ("pt-BR", "pt-BR"),
        ("pt", "pt-PT"),
        ("*", "en-US"),
        ("fr;q=0, de;q=0.5", "de"),
        ("fr;q=abc, de", "de"),
        ("@@@, ;;;", "en-US"),
        ("zh-TW,zh;q=0.9", "zh-TW"),
    ],
)
def test_locale_from_accept_language(header, expected):
    assert i18n.locale_from_accept_language(header) == expected


def test_rtl_locales():
    assert i18n.is_rtl("ar")
    assert i18n.is_rtl("he")
    assert i18n.is_rtl("fa")
    assert not i18n.is_rtl("en-US")


def test_babel_locale_for_region_codes():
    assert str(i18n.babel_locale("pt-BR")) == "pt_BR"
    assert str(i18n.babel_locale("de")) == "de"
