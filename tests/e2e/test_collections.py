"""A user builds a collection in a real browser, and a reviewer features it.

The user signs in through the log-in page, creates a collection, adds two
add-ons to it from their pages with notes, reorders them with the arrows
(which collection-order.js sends with fetch()), and finds the collection
on its page and on their profile. A reviewer, signed in through a session
cookie that the test creates, features it, and the home page, which the
page cache had served to anonymous visitors, shows it.
"""

import urllib.request

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from playwright.async_api import expect

from amo.users.permissions import REVIEWERS
from tests.e2e.browser import save_screenshot
from tests.factories import AddonFactory, UserFactory

pytestmark = pytest.mark.e2e

SITE = "/en-US/firefox"
PASSWORD = "a-long-Secret-9"


@pytest.fixture(autouse=True)
def server_environment(monkeypatch, settings) -> None:
    """Give the live server this process's secret key, which signs the
    reviewer's session, and run its jobs in its own process. Requested
    before `page`, so the server starts with this environment."""
    monkeypatch.setenv("AMO_SECRET_KEY", settings.SECRET_KEY)
    monkeypatch.delenv("AMO_BROKER_URL", raising=False)


def build_store() -> str:
    """Create the user, the reviewer and two add-ons; return the reviewer's
    session key."""
    user = UserFactory(
        username="jane", display_name="Jane Doe", email="jane@example.com"
    )
    user.set_password(PASSWORD)
    user.save()
    AddonFactory(slug="tab-tamer", name={"en-US": "Tab Tamer"}, average_daily_users=10)
    AddonFactory(slug="keeper", name={"en-US": "Keeper"}, average_daily_users=20)
    reviewer = UserFactory(username="rita")
    reviewer.groups.add(Group.objects.get_or_create(name=REVIEWERS)[0])
    client = Client()
    client.force_login(reviewer)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def anonymous_body(url: str) -> tuple[str, str]:
    """GET `url` with no cookie; return the body and the X-Cache header."""
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode(), response.headers.get("X-Cache", "")


async def click_and_load(locator) -> None:
    await locator.click()
    await locator.page.wait_for_load_state("load")


async def add_from_detail_page(page, base: str, slug: str, note: str) -> None:
    await page.goto(f"{base}{SITE}/addon/{slug}/")
    widget = page.get_by_role("region", name="Add to collection")
    choice = widget.get_by_label("Collection", exact=True)
    await choice.select_option(label="Browser picks")
    await widget.get_by_label("Note (optional)").fill(note)
    await click_and_load(widget.get_by_role("button", name="Add to collection"))
    await expect(page.get_by_role("status")).to_contain_text(
        "The add-on is added to your collection."
    )


async def test_user_builds_collection_and_reviewer_features_it(
    page, page_problems, uvicorn_server, artifacts_dir
):
    reviewer_session = await sync_to_async(build_store)()
    base = uvicorn_server.url
    home = f"{base}{SITE}/"
    collection = f"{base}{SITE}/collections/jane/browser-picks/"
    # Twice: the page cache serves the second response.
    for _ in range(2):
        body, cache = await sync_to_async(anonymous_body)(home)
    assert cache == "HIT"
    assert "Featured collections" not in body

    # Sign in.
    await page.goto(f"{base}{SITE}/users/login/")
    await page.get_by_label("Email address").fill("jane@example.com")
    await page.get_by_label("Password").fill(PASSWORD)
    await click_and_load(page.get_by_role("button", name="Log in"))

    # Create the collection from "My collections" in the header's menu.
    await page.locator(".user-menu-details summary").click()
    await click_and_load(page.get_by_role("link", name="My collections"))
    await expect(page.get_by_role("heading", level=1)).to_have_text("My collections")
    await click_and_load(page.get_by_role("link", name="Create a collection"))
    await page.get_by_label("Name").fill("Browser picks")
    await page.get_by_label("Description").fill("What I install first.")
    await save_screenshot(page, artifacts_dir, "collections-create")
    await click_and_load(page.get_by_role("button", name="Create the collection"))
    await expect(page.get_by_role("status")).to_contain_text(
        "Your collection is created."
    )

    # Add both add-ons from their pages, each with a note.
    await add_from_detail_page(page, base, "tab-tamer", "Tames a hundred tabs.")
    await save_screenshot(page, artifacts_dir, "collections-detail-widget")
    await add_from_detail_page(page, base, "keeper", "Keeps everything.")
    in_list = page.locator(".collection-widget-list")
    await expect(in_list).to_contain_text("Browser picks")

    # Reorder: Keeper up, which the script does without a page load.
    await page.goto(collection + "edit/")
    entries = page.locator(".collection-entry-name")
    await expect(entries).to_have_text(["Tab Tamer", "Keeper"])
    await page.get_by_role("button", name="Move Keeper up").click()
    await expect(entries).to_have_text(["Keeper", "Tab Tamer"])
    await expect(page.get_by_role("button", name="Move Keeper up")).to_be_disabled()
    await save_screenshot(page, artifacts_dir, "collections-edit")
    await page.reload()
    await expect(entries).to_have_text(["Keeper", "Tab Tamer"])

    # The collection's page shows the add-ons in that order, with notes.
    await page.goto(collection)
    await expect(page.get_by_role("heading", level=1)).to_have_text("Browser picks")
    cards = page.locator(".collection-addon .card-name")
    await expect(cards).to_have_text(["Keeper", "Tab Tamer"])
    await expect(page.get_by_text("Tames a hundred tabs.")).to_be_visible()
    await expect(page.get_by_text("Keeps everything.")).to_be_visible()
    await save_screenshot(page, artifacts_dir, "collections-page")

    # And the profile lists it.
    await click_and_load(page.get_by_role("link", name="Jane Doe").last)
    await expect(page.get_by_role("link", name="Browser picks")).to_be_visible()
    await save_screenshot(page, artifacts_dir, "collections-profile")
    page_problems.assert_none()

    # A reviewer features it.
    await page.context.clear_cookies()
    await page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": reviewer_session,
                "url": base,
            }
        ]
    )
    await page.goto(collection)
    await click_and_load(page.get_by_role("button", name="Feature on the home page"))
    await expect(page.get_by_role("status")).to_contain_text(
        "The collection is featured on the home page."
    )
    await expect(page.get_by_role("button", name="Unfeature")).to_be_visible()

    # Anonymous visitors, whom the page cache had served, see the shelf.
    body, _cache = await sync_to_async(anonymous_body)(home)
    assert "Featured collections" in body
    assert f'href="{SITE}/collections/jane/browser-picks/"' in body
    await page.context.clear_cookies()
    await page.goto(home)
    shelf = page.get_by_role("region", name="Featured collections")
    await expect(shelf.get_by_role("link", name="Browser picks")).to_be_visible()
    await save_screenshot(page, artifacts_dir, "collections-home-shelf")
    page_problems.assert_none()
