"""Rules every page and the stylesheet follow."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from asgiref.sync import sync_to_async

from tests.factories import AddonFactory
from tests.pages.helpers import get_decoded_path, get_page, inline_code

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
STYLESHEET = ROOT / "static" / "css" / "site.css"

# Physical directions that do not mirror on right-to-left pages.
PHYSICAL_PROPERTY = re.compile(
    r"(?:margin|padding|border)-(?:left|right)\b"
    r"|(?<![-\w])(?:left|right)\s*:"
    r"|(?:text-align|float|clear)\s*:\s*(?:left|right)"
    r"|border-(?:top|bottom)-(?:left|right)-radius"
)


def test_stylesheet_uses_logical_properties():
    css = STYLESHEET.read_text()

    assert PHYSICAL_PROPERTY.findall(css) == []


def test_stylesheet_loads_nothing_external():
    css = STYLESHEET.read_text() + (STYLESHEET.parent / "rtl.css").read_text()

    assert "@import" not in css
    assert "@font-face" not in css
    assert "http://" not in css
    assert "https://" not in css


async def test_pages_link_hashed_static_files(live_db, async_client):
    await sync_to_async(AddonFactory)(slug="styled")

    page = await get_page(async_client, "/en-US/firefox/addon/styled/")

    assert re.search(r'href="/static/css/site\.[0-9a-f]{12}\.css"', page.html)
    assert "css/rtl." not in page.html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in (
        page.html
    )


async def test_cards_show_what_a_shopper_needs(live_db, async_client):
    await sync_to_async(AddonFactory)(
        name={"en-US": "Card Tool"},
        summary={"en-US": "Short pitch."},
        average_daily_users=4321,
        average_rating=3.5,
        total_ratings=7,
    )

    page = await get_page(async_client, "/en-US/firefox/extensions/")

    card = page.html.split('<li class="card">')[1].split("</li>")[0]
    assert 'class="card-icon"' in card
    assert "Card Tool" in card
    assert "Short pitch." in card
    assert "4,321 users" in card
    assert 'class="stars stars-35"' in card
    assert 'aria-label="Rated 3.5 out of 5"' in card


async def test_locale_and_app_switchers(live_db, async_client):
    page = await get_page(async_client, "/fr/firefox/extensions/")

    assert 'href="/de/firefox/extensions/"' in page.html
    assert 'href="/fr/android/extensions/"' in page.html
    assert inline_code(page.html) == []


@pytest.mark.parametrize(
    ("path", "encoded"),
    [
        ("/no/such%20page/", "/no/such%20page/"),
        ("/no/such/%00page/", "/no/such/%00page/"),
        ("/x%22%3E%3Cb%3E/", "/x%22%3E%3Cb%3E/"),
        ("/100%25/", "/100%25/"),
        ("/tag/tab%20groups/", "/tag/tab%20groups/"),
    ],
)
async def test_switchers_encode_the_path(live_db, async_client, path, encoded):
    page = await get_page(async_client, "/fr/firefox" + path)

    assert f'href="/de/firefox{encoded}"' in page.html
    assert f'href="/fr/android{encoded}"' in page.html
    assert "\x00" not in page.html
    assert "<b>" not in page.html


async def test_switchers_encode_unicode_path(live_db, async_client):
    response = await get_decoded_path(async_client, "/fr/firefox/tag/été/")

    assert 'href="/de/firefox/tag/%C3%A9t%C3%A9/"' in response.content.decode()


async def test_long_path_is_not_repeated(live_db, async_client):
    page = await get_page(async_client, "/fr/firefox/" + "a" * 5000 + "/")

    assert page.status == 404
    assert "a" * 201 not in page.html
    assert 'href="/de/firefox/"' in page.html
    assert 'href="/fr/android/"' in page.html


class _TextCollector(HTMLParser):
    """Collect the text and the read-aloud attributes of a template."""

    ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.texts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.texts.extend(
            value for name, value in attrs if name in self.ATTRIBUTES and value
        )


# Words that are names, not interface text, and stay as they are.
UNTRANSLATED = {"Firefox", "Firefox for Android", "SHA-256"}
JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
# The body_class block contains class names, which are not text.
BODY_CLASS = re.compile(r"\{% block body_class %\}.*?\{% endblock %\}")


@pytest.mark.parametrize(
    "template",
    sorted(path.relative_to(TEMPLATES) for path in TEMPLATES.rglob("*.html")),
    ids=str,
)
def test_interface_text_goes_through_gettext(template):
    source = (TEMPLATES / template).read_text()
    collector = _TextCollector()
    collector.feed(JINJA.sub(" ", BODY_CLASS.sub("", source)))

    leftovers = [
        text.strip()
        for text in collector.texts
        if re.search(r"[^\W\d_]", text) and text.strip() not in UNTRANSLATED
    ]
    assert leftovers == []
