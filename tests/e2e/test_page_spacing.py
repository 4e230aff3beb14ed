"""Layout details checked in the browser: spacing and the category strip."""

import pytest
from asgiref.sync import sync_to_async

from tests.pages.helpers import translated

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}


def build_author() -> int:
    from tests.factories import AddonFactory, UserFactory

    author = UserFactory(username="spaced", display_name="Spaced Author")
    AddonFactory(slug="spaced-tool", name={"en-US": "Spaced Tool"}, authors=[author])
    return author.pk


def last_category_slug() -> str:
    """Return the extension category listed last, far along the strip."""
    from amo.addons.models import Category
    from amo.core.constants import AddonType, ApplicationChoices
    from tests.factories import AddonFactory

    category = (
        Category.objects.filter(
            application=ApplicationChoices.FIREFOX, type=AddonType.EXTENSION
        )
        .order_by("misc", "-weight", "slug")
        .last()
    )
    AddonFactory(name={"en-US": "Stripped"}, categories=[category.slug])
    return category.slug


async def content_top(page, locator) -> float:
    """Return how far below the site header `locator` starts, in pixels."""
    banner = await page.get_by_role("banner").bounding_box()
    box = await locator.bounding_box()
    return box["y"] - (banner["y"] + banner["height"])


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
async def test_profile_spacing_matches_pages(
    page, page_problems, uvicorn_server, viewport
):
    author_id = await sync_to_async(build_author)()
    if viewport:
        await page.set_viewport_size(viewport)

    await page.goto(f"{uvicorn_server.url}/en-US/firefox/addon/spaced-tool/")
    detail_crumbs = page.get_by_role("navigation", name="Breadcrumbs")
    detail_top = await content_top(page, detail_crumbs)
    await page.goto(f"{uvicorn_server.url}/en-US/firefox/user/{author_id}/")
    profile_crumbs = page.get_by_role("navigation", name="Breadcrumbs")
    heading = page.get_by_role("heading", level=1, name="Spaced Author")
    card = heading.locator("xpath=..")

    assert await profile_crumbs.get_by_role("link", name="Add-ons").count() == 1
    assert await content_top(page, profile_crumbs) == detail_top
    assert await content_top(page, card) >= 16
    page_problems.assert_none()


@pytest.mark.parametrize("locale", ["en-US", "ar"])
async def test_phone_strip_shows_current_category(
    page, page_problems, uvicorn_server, locale
):
    slug = await sync_to_async(last_category_slug)()
    await page.set_viewport_size(PHONE)

    await page.goto(f"{uvicorn_server.url}/{locale}/firefox/extensions/{slug}/")
    categories = translated(locale, "Categories")
    strip = page.get_by_role("navigation", name=categories).get_by_role("list")
    current = strip.locator("[aria-current=page]")
    strip_box = await strip.bounding_box()
    current_box = await current.bounding_box()

    assert await strip.evaluate("list => list.scrollWidth > list.clientWidth")
    assert current_box["x"] >= strip_box["x"] - 1
    assert (
        current_box["x"] + current_box["width"]
        <= strip_box["x"] + strip_box["width"] + 1
    )
    page_problems.assert_none()
