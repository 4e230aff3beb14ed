"""An add-on's pages in a real browser: detail, category, version history.

Each page shows the add-on's name and icon. The detail page adds the
summary, the current version, the screenshots and a download link that
returns the package. The version history lists every version, newest
first, with its release notes. Elements are found by role, text and alt
text, and images by the media URL they load from, never by class name.
"""

import re

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from playwright.async_api import expect

from tests.e2e.browser import fetch, link_paths, natural_width, save_screenshot
from tests.factories import AddonFactory

pytestmark = pytest.mark.e2e

ICONS = f'img[src*="{settings.MEDIA_URL}addon_icons/"]'
SCREENSHOTS = f'img[src*="{settings.MEDIA_URL}previews/"]'
DOWNLOAD = re.compile(r"download|add to firefox|install", re.IGNORECASE)


def version_text(number: str) -> re.Pattern[str]:
    """Match `number` as a whole version, so 3.0.2 does not match 13.0.25."""
    return re.compile(rf"(?<![\w.]){re.escape(number)}(?![\w.])")


async def assert_icon_loaded(scope) -> None:
    icons = scope.locator(ICONS)
    assert await icons.count() >= 1, "no icon from the add-on's stored icons"
    assert await natural_width(icons.first) > 0, "the icon did not load"


async def downloaded_packages(page) -> list[bytes]:
    """Return the bodies of the page's download links that returned 200."""
    links = page.get_by_role("link", name=DOWNLOAD)
    bodies = []
    for index in range(await links.count()):
        href = await links.nth(index).get_attribute("href")
        status, body = await fetch(page, href)
        if status == 200:
            bodies.append(body)
    return bodies


async def test_addon_detail_page(
    page, page_problems, uvicorn_server, store_addon, artifacts_dir
):
    response = await page.goto(uvicorn_server.url + store_addon.detail_path)

    assert response.status == 200
    assert store_addon.name in await page.title()
    await expect(page.get_by_role("heading", level=1)).to_contain_text(store_addon.name)
    await expect(page.get_by_text(store_addon.summary).first).to_be_visible()
    await expect(
        page.get_by_text(version_text(store_addon.versions[-1])).first
    ).to_be_visible()
    await assert_icon_loaded(page)
    await save_screenshot(page, artifacts_dir, "addon-detail")

    screenshots = page.locator(SCREENSHOTS)
    assert await screenshots.count() == len(store_addon.captions)
    for index in range(len(store_addon.captions)):
        assert await natural_width(screenshots.nth(index)) > 0
    for caption in store_addon.captions:
        # A caption is the screenshot's alt text, visible text, or both.
        occurrences = await page.get_by_alt_text(caption).count()
        occurrences += await page.get_by_text(caption).count()
        assert occurrences >= 1, f"the caption {caption!r} is not on the page"

    packages = await downloaded_packages(page)
    assert store_addon.packages[store_addon.versions[-1]] in packages
    assert store_addon.versions_path in await link_paths(page)
    page_problems.assert_none()


async def test_addon_detail_unknown_slug(page, uvicorn_server, store_addon):
    response = await page.goto(
        uvicorn_server.url + "/en-US/firefox/addon/no-such-addon/"
    )

    assert response.status == 404
    await expect(page.get_by_text(store_addon.name)).to_have_count(0)


async def test_home_links_to_detail_page(
    page, page_problems, uvicorn_server, store_addon
):
    await page.goto(uvicorn_server.url + "/en-US/firefox/")

    link = page.get_by_role("link", name=store_addon.name).first
    await link.click()

    await page.wait_for_url(uvicorn_server.url + store_addon.detail_path)
    await expect(page.get_by_role("heading", level=1)).to_contain_text(store_addon.name)
    page_problems.assert_none()


async def test_category_page(
    page, page_problems, uvicorn_server, store_addon, artifacts_dir
):
    other = await sync_to_async(AddonFactory)(
        name={"en-US": "Cookie Keeper"}, categories=["privacy-security"]
    )

    response = await page.goto(uvicorn_server.url + store_addon.category_path)

    assert response.status == 200
    await expect(page.get_by_role("heading", level=1)).to_contain_text(
        store_addon.category_name
    )
    listed = page.get_by_role("link", name=store_addon.name).first
    await expect(listed).to_be_visible()
    await expect(page.get_by_text(other.name["en-US"])).to_have_count(0)
    await assert_icon_loaded(page)
    await save_screenshot(page, artifacts_dir, "category")
    page_problems.assert_none()

    await listed.click()
    await page.wait_for_url(uvicorn_server.url + store_addon.detail_path)


async def test_extensions_link_leads_to_listing(
    page, page_problems, uvicorn_server, store_addon
):
    await page.goto(uvicorn_server.url + "/en-US/firefox/")

    navigation = page.get_by_role("navigation")
    await navigation.get_by_role("link", name="Extensions", exact=True).click()

    await page.wait_for_url(uvicorn_server.url + "/en-US/firefox/extensions/")
    await expect(page.get_by_role("heading", level=1)).to_be_visible()
    await expect(page.get_by_role("link", name=store_addon.name).first).to_be_visible()
    page_problems.assert_none()


async def test_version_history_page(
    page, page_problems, uvicorn_server, store_addon, artifacts_dir
):
    response = await page.goto(uvicorn_server.url + store_addon.versions_path)

    assert response.status == 200
    await expect(page.get_by_role("heading", level=1)).to_have_text("Version history")
    await expect(page.get_by_role("link", name=store_addon.name).first).to_be_visible()
    await assert_icon_loaded(page)
    text = await page.locator("main").inner_text()
    positions = []
    for number in store_addon.versions:
        match = version_text(number).search(text)
        assert match, f"version {number} is not listed"
        positions.append(match.start())
        assert f"Changes in {number}." in text, f"no release notes of {number}"
    assert positions == sorted(positions, reverse=True), "not newest first"
    await save_screenshot(page, artifacts_dir, "version-history")

    packages = await downloaded_packages(page)
    assert packages, "no download link answered"
    assert set(packages) <= set(store_addon.packages.values())
    assert store_addon.detail_path in await link_paths(page)
    page_problems.assert_none()
