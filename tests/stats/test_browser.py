"""The statistics pages in headless Chromium, against the live server.

An author opens the statistics of their add-on, sees the SVG charts and
the table, groups the daily users by week, and makes the statistics
public, which an anonymous visitor then sees. The charts are checked in
the dark theme and in a right-to-left locale too.
"""

import datetime
import urllib.error
import urllib.request

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.test import Client
from playwright.async_api import expect

from amo.addons.models import Addon
from tests.e2e import conftest as e2e
from tests.e2e.browser import save_screenshot
from tests.stats.pages_setup import (
    STATS,
    People,
    add_downloads,
    add_users,
    build_people,
)

pytestmark = pytest.mark.e2e

# The live server and the browser of the e2e tests, as fixtures here too.
chromium_path = e2e.chromium_path
browser_context = e2e.browser_context
uvicorn_server = e2e.uvicorn_server
page_problems = e2e.page_problems
page = e2e.page

DAYS = 30


@pytest.fixture
def server_environment(monkeypatch, settings) -> None:
    """Give the live server this process's secret key, which signs the
    session the test creates. Requested before `page`, so the server starts
    with it."""
    monkeypatch.setenv("AMO_SECRET_KEY", settings.SECRET_KEY)


def build_statistics() -> tuple[People, str]:
    """Create the add-on with rows for the last DAYS complete days, and
    return its people and the owner's session key."""
    people = build_people()
    today = datetime.datetime.now(datetime.UTC).date()
    for offset in range(1, DAYS + 1):
        day = today - datetime.timedelta(days=offset)
        users = 1000 + 40 * (DAYS - offset)
        add_users(
            people.addon,
            day,
            users,
            versions={"2.0": users - 300, "1.9": 200, "1.8": 100},
            applications={"firefox 128.0": users},
            locales={"de": users // 2, "en-US": users - users // 2},
            oses={"WINNT": users},
        )
        add_downloads(people.addon, day, 50 + offset, {"search": 50, "": offset})
    client = Client()
    client.force_login(people.owner)
    return people, client.cookies[settings.SESSION_COOKIE_NAME].value


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs) -> None:
        return None


def anonymous_status(url: str) -> int:
    """GET `url` with no cookie and return its status, redirects included."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


SERIES_STROKE = (
    "() => getComputedStyle(document.querySelector('.stats-series-1 polyline')).stroke"
)


async def test_author_groups_by_week_and_publishes(
    server_environment, page, page_problems, uvicorn_server, artifacts_dir
):
    people, session = await sync_to_async(build_statistics)()
    base = uvicorn_server.url
    await page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base}]
    )

    # The overview: two charts and a table of the last 30 days.
    await page.goto(f"{base}{STATS}")
    await expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    await expect(page.locator("svg.stats-chart")).to_have_count(2)
    await expect(page.get_by_role("img", name="Daily users")).to_be_visible()
    await expect(page.locator(".stats-table tbody tr")).to_have_count(DAYS)
    await save_screenshot(page, artifacts_dir, "stats-overview")

    # Daily users, grouped by week.
    await page.get_by_role("link", name="Daily users", exact=True).click()
    await expect(page.get_by_role("heading", name="Daily users")).to_be_visible()
    await page.get_by_role("link", name="Week", exact=True).click()
    await page.wait_for_url("**/statistics/usage/?last=30&group=week")
    await expect(page.locator(".stats-current", has_text="Week")).to_be_visible()
    await expect(page.locator(".stats-table thead")).to_contain_text(
        "Average daily users"
    )
    weeks = await page.locator(".stats-table tbody tr").count()
    assert 5 <= weeks <= 6
    chart = page.locator("svg.stats-chart")
    await expect(chart).to_be_visible()
    box = await chart.bounding_box()
    assert box is not None
    assert box["width"] > 400
    await save_screenshot(page, artifacts_dir, "stats-usage-weekly")

    # The version breakdown charts its three versions.
    await page.get_by_role("link", name="By version").click()
    await expect(page.locator(".stats-legend li")).to_have_count(3)
    light = await page.evaluate(SERIES_STROKE)
    await page.emulate_media(color_scheme="dark")
    dark = await page.evaluate(SERIES_STROKE)
    await save_screenshot(page, artifacts_dir, "stats-versions-dark")
    await page.emulate_media(color_scheme="light")
    assert light == "rgb(0, 96, 223)"
    assert dark == "rgb(0, 179, 244)"

    # Private until the author makes the statistics public.
    assert await sync_to_async(anonymous_status)(f"{base}{STATS}") == 302
    await page.get_by_role("button", name="Make statistics public").click()
    await expect(page.get_by_role("status")).to_contain_text(
        "Anyone can now see these statistics."
    )
    await expect(
        page.get_by_role("heading", name="Daily users by add-on version")
    ).to_be_visible()
    assert "/statistics/usage/versions/" in page.url
    addon = await Addon.objects.aget(pk=people.addon.pk)
    assert addon.public_stats is True
    assert await sync_to_async(anonymous_status)(f"{base}{STATS}") == 200

    # Right to left: the first week is drawn rightmost.
    await page.goto(f"{base}/he{STATS[6:]}usage/?group=week")
    labels = page.locator("svg.stats-chart .stats-axis text[text-anchor='middle']")
    first = await labels.first.bounding_box()
    last = await labels.last.bounding_box()
    assert first is not None
    assert last is not None
    assert first["x"] > last["x"]
    await save_screenshot(page, artifacts_dir, "stats-usage-rtl")
    page_problems.assert_none()
