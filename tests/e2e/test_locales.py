"""The detail page in Arabic and Japanese, in a real browser.

Arabic lays the page out right to left, with the mirrored stylesheet;
Japanese shows its own interface strings. A full-page screenshot of each
is saved to tests/artifacts/ for a person to look at.
"""

import pytest
from django.utils import translation
from playwright.async_api import expect

from tests.e2e.browser import save_screenshot

pytestmark = pytest.mark.e2e


def translated(code: str, text: str) -> str:
    with translation.override(code):
        return translation.gettext(text)


@pytest.mark.parametrize(("code", "direction"), [("ar", "rtl"), ("ja", "ltr")])
async def test_detail_page_in_locale(
    page, page_problems, uvicorn_server, store_addon, artifacts_dir, code, direction
):
    path = store_addon.detail_path.replace("/en-US/", f"/{code}/")
    response = await page.goto(uvicorn_server.url + path)

    assert response.status == 200
    html = page.locator("html")
    await expect(html).to_have_attribute("lang", code)
    await expect(html).to_have_attribute("dir", direction)
    computed = await page.evaluate("getComputedStyle(document.body).direction")
    assert computed == direction
    await expect(page.get_by_role("heading", level=1)).to_contain_text(store_addon.name)
    for text in ("Users", "More information"):
        local = translated(code, text)
        assert local != text
        await expect(page.get_by_text(local).first).to_be_visible()
    # The add-on's English summary keeps its own language and direction.
    summary = page.get_by_text(store_addon.summary).first
    await expect(summary).to_be_visible()
    assert await summary.evaluate("node => node.closest('[lang]').lang") == "en-US"

    if code == "ar":
        # The logo sits at the right of the header, as in a mirrored layout.
        header = await page.locator("header").first.bounding_box()
        logo = await page.get_by_role("link").first.bounding_box()
        assert logo["x"] > header["x"] + header["width"] / 2
    await save_screenshot(page, artifacts_dir, f"addon-detail-{code}")
    page_problems.assert_none()
