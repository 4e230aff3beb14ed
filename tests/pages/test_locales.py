"""Pages in six locales: translated interface, formats, direction, caches.

The interface strings come from the compiled catalogues; numbers and
dates are formatted by Babel for the page's locale; Arabic pages are
right to left. Add-on text falls back to the add-on's default locale and
carries its own lang attribute.
"""

import datetime
import re

import pytest
from asgiref.sync import sync_to_async
from babel.dates import format_date
from django.conf import settings
from django.utils import translation
from markupsafe import escape

from amo.addons.models import Category
from amo.core import i18n
from tests.asgi_client import request
from tests.factories import AddonFactory
from tests.pages.helpers import get_page

LOCALES = ["de", "fr", "ja", "ar", "pt-BR", "zh-TW"]
# Strings of the detail page, as its template writes them.
DETAIL_STRINGS = ["Users", "Weekly downloads", "Last updated", "More information"]
UPDATED = datetime.datetime(2024, 3, 5, 12, 0, tzinfo=datetime.UTC)


def translated(code: str, text: str) -> str:
    with translation.override(code):
        return translation.gettext(text)


@pytest.fixture
async def popular(live_db):
    def build():
        return AddonFactory(
            slug="popular",
            name={"en-US": "Popular Tool", "de": "Beliebtes Werkzeug"},
            summary={"en-US": "Does popular things."},
            default_locale="en-US",
            average_daily_users=1234567,
            weekly_downloads=7654321,
            last_updated=UPDATED,
        )

    return await sync_to_async(build)()


@pytest.mark.parametrize("code", LOCALES)
async def test_detail_page_speaks_the_locale(popular, async_client, code):
    page = await get_page(async_client, f"/{code}/firefox/addon/popular/")

    assert page.status == 200
    direction = "rtl" if code == "ar" else "ltr"
    assert f'<html lang="{code}" dir="{direction}">' in page.html
    for text in DETAIL_STRINGS:
        local = translated(code, text)
        assert local != text, f"{code} has no translation of {text!r}"
        assert str(escape(local)) in page.html, f"{code}: {local!r} is missing"
    locale = i18n.babel_locale(code)
    assert format_date(UPDATED.date(), "medium", locale=locale) in page.html


@pytest.mark.parametrize(
    ("code", "users", "day"),
    [
        ("de", "1.234.567", "05.03.2024"),
        ("fr", "1\u202f234\u202f567", "5 mars 2024"),
        ("ja", "1,234,567", "2024/03/05"),
    ],
)
async def test_numbers_and_dates_by_locale(popular, async_client, code, users, day):
    page = await get_page(async_client, f"/{code}/firefox/addon/popular/")
    assert users in page.html
    assert day in page.html


async def test_arabic_page_loads_the_mirrored_stylesheet(popular, async_client):
    arabic = await get_page(async_client, "/ar/firefox/addon/popular/")
    english = await get_page(async_client, "/en-US/firefox/addon/popular/")
    assert re.search(r'href="/static/css/rtl\.[0-9a-f]{12}\.css"', arabic.html)
    assert "css/rtl." not in english.html


async def test_addon_text_falls_back_with_its_lang(popular, async_client):
    german = await get_page(async_client, "/de/firefox/addon/popular/")
    french = await get_page(async_client, "/fr/firefox/addon/popular/")

    # The German name exists; the French page falls back to the add-on's
    # default locale and marks the text as English.
    assert "Beliebtes Werkzeug" in german.html
    assert "Popular Tool" in french.html
    assert re.search(r'<[^>]+ lang="en-US"[^>]*>\s*Does popular things\.', french.html)


# Pages that every layer of cache stores: the page cache keeps each whole
# response, the fragment cache parts of them, the query and object caches
# what they read.
CACHED_PAGES = [
    "/{code}/firefox/",
    "/{code}/firefox/addon/popular/",
    "/{code}/firefox/extensions/",
    "/{code}/firefox/search/?q=popular",
]


@pytest.fixture(scope="module")
def application():
    import asgi

    return asgi.build_application()


def german_words() -> set[str]:
    """Return German translations of page strings that differ from English."""
    texts = ("Extensions", "Users", "Weekly downloads", "Recommended extensions")
    with translation.override("de"):
        words = {text: translation.gettext(text) for text in texts}
    return {word for text, word in words.items() if word != text}


async def get(application, path: str):
    path, _, query = path.partition("?")
    return await request(application, path, query=query.encode())


async def test_caches_keep_locales_apart(popular, application):
    words = german_words()
    assert words, "the German catalogue translates nothing"
    for path in CACHED_PAGES:
        german = await get(application, path.format(code="de"))
        assert german.status == 200, path
        # The second request is served by the page cache.
        again = await get(application, path.format(code="de"))
        assert again.headers.get("x-cache") == "HIT", path

    for code in ("fr", "ar", "ja"):
        for path in CACHED_PAGES:
            response = await get(application, path.format(code=code))
            html = response.body.decode()
            assert response.status == 200, (code, path)
            assert f'<html lang="{code}"' in html
            leaked = [word for word in words if word in html]
            assert leaked == [], f"{path.format(code=code)} shows German {leaked}"


async def test_category_names_in_every_locale(popular, async_client):
    def tabs_name():
        return Category.objects.filter(slug="tabs").first().name

    name = await sync_to_async(tabs_name)()
    assert set(name) == set(settings.AMO_LANGUAGES)
    assert name["ja"] == translated("ja", "Tabs")
    assert name["ja"] != "Tabs"

    page = await get_page(async_client, "/ja/firefox/extensions/")
    assert name["ja"] in page.html
    result = await async_client.get("/api/v5/addons/categories/?lang=ja")
    names = {item["slug"]: item["name"] for item in result.json()}
    assert names["tabs"] == name["ja"]
