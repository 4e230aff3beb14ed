"""The header's search box and the search page in a real browser.

The box is an ARIA combobox once its script runs: typing shows a listbox
of suggestions from the autocomplete API, arrow keys move through them
and Enter opens the highlighted add-on. Without the script it is a plain
form that submits to the search page. Elements are found by role and
name, as a screen reader user would find them.
"""

import asyncio
import contextlib
from urllib.parse import parse_qs, urlsplit

import pytest
from asgiref.sync import sync_to_async
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import expect

from tests.e2e.browser import natural_width, save_screenshot
from tests.pages.helpers import translated

pytestmark = pytest.mark.e2e

HOME = "/en-US/firefox/"
AUTOCOMPLETE = "**/api/v5/addons/autocomplete/**"


def build_more_tab_tools() -> list[str]:
    from tests.factories import AddonFactory

    names = ["Tab Stacker", "Tab Sleeper"]
    for index, name in enumerate(names):
        AddonFactory(
            name={"en-US": name},
            slug=name.lower().replace(" ", "-"),
            average_daily_users=10_000 * (index + 1),
        )
    return names


def search_box(page, locale="en-US"):
    return page.get_by_role("combobox", name=translated(locale, "Search add-ons"))


def suggestions(page, locale="en-US"):
    return page.get_by_role("listbox", name=translated(locale, "Suggested add-ons"))


async def active_option_name(page) -> str:
    """Return the name of the option that aria-activedescendant points at."""
    box = search_box(page)
    option_id = await box.get_attribute("aria-activedescendant")
    assert option_id, "no option is active"
    option = page.locator(f"#{option_id}")
    await expect(option).to_have_attribute("aria-selected", "true")
    return (await option.inner_text()).strip()


async def test_suggestions_lead_to_an_addon(
    page, page_problems, uvicorn_server, store_addon, artifacts_dir
):
    names = await sync_to_async(build_more_tab_tools)()
    await page.goto(uvicorn_server.url + HOME)
    box = search_box(page)

    await expect(box).to_have_attribute("aria-expanded", "false")
    await box.press_sequentially("Tab", delay=50)

    listbox = suggestions(page)
    await expect(listbox).to_be_visible()
    await expect(box).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    await expect(options).to_have_count(3)
    shown_names = {
        (await option.inner_text()).strip() for option in await options.all()
    }
    assert shown_names == {store_addon.name, *names}
    for index in range(3):
        assert await natural_width(options.nth(index).locator("img")) > 0
    await save_screenshot(page, artifacts_dir, "search-suggestions")

    await box.press("ArrowDown")
    first = await active_option_name(page)
    await box.press("ArrowDown")
    second = await active_option_name(page)
    await box.press("ArrowDown")
    third = await active_option_name(page)
    # Down from the last option wraps to the first, and Up from the first
    # to the last.
    await box.press("ArrowDown")
    assert await active_option_name(page) == first
    await box.press("ArrowUp")
    assert await active_option_name(page) == third
    await box.press("ArrowUp")
    assert await active_option_name(page) == second
    assert len({first, second, third}) == 3
    # The focus stays in the box while the options are highlighted.
    await expect(box).to_be_focused()

    await box.press("Enter")

    await page.wait_for_url(f"{uvicorn_server.url}/en-US/firefox/addon/**")
    await expect(page.get_by_role("heading", level=1)).to_contain_text(second)
    page_problems.assert_none()


async def test_escape_closes_suggestions(
    page, page_problems, uvicorn_server, store_addon
):
    await page.goto(uvicorn_server.url + HOME)
    box = search_box(page)

    await box.press_sequentially("Tab", delay=50)
    await expect(suggestions(page)).to_be_visible()
    await box.press("ArrowDown")
    await box.press("Escape")

    await expect(suggestions(page)).to_be_hidden()
    await expect(box).to_have_attribute("aria-expanded", "false")
    assert await box.get_attribute("aria-activedescendant") is None
    await expect(box).to_have_value("Tab")
    # A second Escape clears the box.
    await box.press("Escape")
    await expect(box).to_have_value("")
    page_problems.assert_none()


async def test_one_character_sends_no_request(
    page, page_problems, uvicorn_server, store_addon
):
    requests = []
    page.on(
        "request",
        lambda request: (
            requests.append(request.url) if "/autocomplete/" in request.url else None
        ),
    )
    await page.goto(uvicorn_server.url + HOME)
    box = search_box(page)

    await box.press_sequentially("T")
    await page.wait_for_timeout(600)

    assert requests == []
    await expect(suggestions(page)).to_be_hidden()
    # Typing quickly sends one request, for the text once typing pauses.
    await box.press_sequentially("ab Sh", delay=30)
    await expect(suggestions(page).get_by_role("option")).to_have_count(1)
    assert len(requests) == 1
    assert parse_qs(urlsplit(requests[0]).query) == {
        "q": ["Tab Sh"],
        "app": ["firefox"],
        "lang": ["en-US"],
    }
    page_problems.assert_none()


async def test_stale_request_is_aborted(
    page, page_problems, uvicorn_server, store_addon
):
    await sync_to_async(build_more_tab_tools)()
    release = asyncio.Event()

    async def hold_first_query(route):
        # The request for "Tab" stays in flight until the test releases it.
        if parse_qs(urlsplit(route.request.url).query)["q"] == ["Tab"]:
            await release.wait()
        with contextlib.suppress(PlaywrightError):
            await route.continue_()

    await page.route(AUTOCOMPLETE, hold_first_query)
    await page.goto(uvicorn_server.url + HOME)
    box = search_box(page)

    async with page.expect_request(AUTOCOMPLETE):
        await box.press_sequentially("Tab", delay=30)
    async with page.expect_event("requestfailed") as failed:
        await box.press_sequentially(" Sh", delay=30)
    release.set()

    request = await failed.value
    assert parse_qs(urlsplit(request.url).query)["q"] == ["Tab"]
    assert "ERR_ABORTED" in (request.failure or "")
    options = suggestions(page).get_by_role("option")
    await expect(options).to_have_count(1)
    await expect(options).to_have_text(store_addon.name)
    # The late response for "Tab", if any, must not replace the list.
    await page.wait_for_timeout(500)
    await expect(options).to_have_count(1)
    page_problems.errors = [
        error for error in page_problems.errors if "/autocomplete/" not in error
    ]
    page_problems.assert_none()


async def test_submitting_shows_results(
    page, page_problems, uvicorn_server, store_addon, artifacts_dir
):
    names = await sync_to_async(build_more_tab_tools)()
    await page.goto(uvicorn_server.url + HOME)
    box = search_box(page)

    await box.fill("tab")
    await box.press("Enter")

    await page.wait_for_url(f"{uvicorn_server.url}/en-US/firefox/search/?q=tab")
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "3 results for “tab”"
    )
    results = page.locator("main").get_by_role("heading", level=3)
    await expect(results).to_have_count(3)
    assert set(await results.all_inner_texts()) == {store_addon.name, *names}
    await expect(search_box(page)).to_have_value("tab")
    await save_screenshot(page, artifacts_dir, "search-results")

    filters = page.get_by_role("navigation", name="Filters")
    await filters.get_by_role("link", name="Extensions").click()
    await page.wait_for_url(f"{uvicorn_server.url}/en-US/firefox/search/?q=tab&type=*")
    await filters.get_by_role("link", name=store_addon.category_name).click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "1 result for “tab”"
    )
    await page.get_by_role("link", name=store_addon.name).first.click()
    await page.wait_for_url(uvicorn_server.url + store_addon.detail_path)
    page_problems.assert_none()


async def test_box_works_without_script(
    page, page_problems, uvicorn_server, store_addon
):
    # The script is served empty, as if it failed to load or scripts were
    # off: the box stays a plain text field of a GET form.
    await page.route(
        "**/static/js/search-suggestions.*",
        lambda route: route.fulfill(
            status=200, content_type="text/javascript", body=""
        ),
    )
    await page.goto(uvicorn_server.url + HOME)

    box = page.get_by_role("searchbox", name="Search add-ons")
    await expect(box).to_be_visible()
    await expect(page.get_by_role("combobox")).to_have_count(0)
    await box.fill("shepherd")
    await page.get_by_role("button", name="Search", exact=True).click()

    await page.wait_for_url(f"{uvicorn_server.url}/en-US/firefox/search/?q=shepherd")
    await expect(page.get_by_role("link", name=store_addon.name).first).to_be_visible()
    page_problems.assert_none()


async def test_suggestions_right_to_left(
    page, page_problems, uvicorn_server, store_addon, artifacts_dir
):
    await page.goto(uvicorn_server.url + "/ar/firefox/")
    box = search_box(page, "ar")

    await box.press_sequentially("Tab", delay=50)
    option = suggestions(page, "ar").get_by_role("option").first
    await expect(option).to_be_visible()

    icon = await option.locator("img").bounding_box()
    name = await option.locator("span").bounding_box()
    box_area = await box.bounding_box()
    listbox = await suggestions(page, "ar").bounding_box()
    # The icon leads on the right and the list lines up with the form.
    assert icon["x"] > name["x"]
    assert (
        abs(listbox["x"] + listbox["width"] - (box_area["x"] + box_area["width"])) < 2
    )
    position = await box.evaluate("box => getComputedStyle(box).backgroundPosition")
    assert position.startswith(("right", "calc(100% - ")), position
    await save_screenshot(page, artifacts_dir, "search-suggestions-rtl")
    # The suggestion opens the add-on in the page's locale.
    await box.press("ArrowDown")
    await box.press("Enter")
    await page.wait_for_url(f"{uvicorn_server.url}/ar/firefox/addon/**")
    page_problems.assert_none()


async def test_search_box_fits_a_phone(
    page, page_problems, uvicorn_server, store_addon, artifacts_dir
):
    await page.set_viewport_size({"width": 360, "height": 740})
    await page.goto(uvicorn_server.url + "/en-US/firefox/search/?q=tab")
    box = search_box(page)

    await box.fill("")
    await box.press_sequentially("Tab", delay=50)
    await expect(suggestions(page)).to_be_visible()

    box_area = await box.bounding_box()
    listbox = await suggestions(page).bounding_box()
    assert box_area["width"] >= 200
    assert listbox["x"] >= 0
    assert listbox["x"] + listbox["width"] <= 360
    assert await page.evaluate("document.documentElement.scrollWidth") <= 360
    await save_screenshot(page, artifacts_dir, "search-phone")
    page_problems.assert_none()
