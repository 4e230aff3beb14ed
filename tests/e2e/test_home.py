"""The home page in a real browser, served by uvicorn."""

import re

import pytest
from django.conf import settings
from playwright.async_api import expect

from tests.e2e.browser import save_screenshot

pytestmark = pytest.mark.e2e

HOME = "/en-US/firefox/"


async def test_home_page_in_browser(
    page, page_problems, uvicorn_server, store_addon, artifacts_dir
):
    response = await page.goto(uvicorn_server.url + HOME)

    assert response.status == 200
    assert "Add-ons for Firefox" in await page.title()
    assert await page.locator("html").get_attribute("lang") == "en-US"
    await expect(page.get_by_text(store_addon.name).first).to_be_visible()
    assert await page.get_by_role("heading", level=2).count() >= 1
    # The stylesheet has a hashed name (collected static files) and loaded.
    stylesheets = await page.evaluate(
        "() => Array.from(document.styleSheets, sheet => sheet.href)"
    )
    assert any(
        re.search(r"/static/css/site\.[0-9a-f]{12}\.css$", href or "")
        for href in stylesheets
    ), stylesheets
    await save_screenshot(page, artifacts_dir, "home")
    page_problems.assert_none()


async def test_home_links_to_listings(page, page_problems, uvicorn_server, store_addon):
    await page.goto(uvicorn_server.url + HOME)
    navigation = page.get_by_role("navigation")

    extensions = navigation.get_by_role("link", name="Extensions", exact=True)
    themes = navigation.get_by_role("link", name="Themes", exact=True)
    brand = page.get_by_role("link", name=settings.SITE_NAME, exact=True)
    assert await extensions.get_attribute("href") == f"{HOME}extensions/"
    assert await themes.get_attribute("href") == f"{HOME}themes/"
    assert await brand.get_attribute("href") == HOME

    await brand.click()
    await page.wait_for_url(uvicorn_server.url + HOME)
    await expect(page.get_by_text(store_addon.name).first).to_be_visible()
    page_problems.assert_none()
