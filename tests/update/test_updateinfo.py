"""The release notes page that update_info_url points to."""

import json

import pytest
from asgiref.sync import sync_to_async

from amo.core.constants import AddonStatus, Channel
from tests.factories import AddonFactory, VersionFactory
from tests.pages.helpers import get_page
from tests.update.helpers import check

PAGE = "/{locale}/firefox/addon/{slug}/versions/{version}/updateinfo/"


def build():
    addon = AddonFactory(slug="noted", versions=0)
    VersionFactory(
        addon=addon,
        version="2.0",
        release_notes={
            "en-US": "Faster <b>tabs</b>.<script>alert(1)</script>",
            "de": "Schnellere Tabs.",
        },
    )
    VersionFactory(addon=addon, version="2.1", release_notes={})
    VersionFactory(addon=addon, version="3.0-beta", channel=Channel.UNLISTED)
    return addon


async def test_release_notes_page(live_db, async_client):
    await sync_to_async(build)()
    page = await get_page(
        async_client, PAGE.format(locale="en-US", slug="noted", version="2.0")
    )
    assert page.status == 200
    assert "Faster <b>tabs</b>." in page.html
    assert "<script>" not in page.html
    assert "<h1>Version 2.0</h1>" in page.html


async def test_release_notes_in_the_request_locale(live_db, async_client):
    await sync_to_async(build)()
    page = await get_page(
        async_client, PAGE.format(locale="de", slug="noted", version="2.0")
    )
    assert page.status == 200
    assert "Schnellere Tabs." in page.html
    assert 'lang="de"' in page.html


@pytest.mark.parametrize(
    ("slug", "version"),
    [
        ("noted", "9.9"),
        ("noted", "2.1"),
        ("noted", "3.0-beta"),
        ("nobody", "2.0"),
    ],
    ids=["unknown-version", "no-notes", "unlisted", "unknown-addon"],
)
async def test_missing_release_notes_are_404(live_db, async_client, slug, version):
    await sync_to_async(build)()
    page = await get_page(
        async_client, PAGE.format(locale="en-US", slug=slug, version=version)
    )
    assert page.status == 404


async def test_release_notes_of_disabled_addon_are_404(live_db, async_client):
    addon = await sync_to_async(build)()
    addon.status = AddonStatus.DISABLED
    await sync_to_async(addon.save)()
    page = await get_page(
        async_client, PAGE.format(locale="en-US", slug="noted", version="2.0")
    )
    assert page.status == 404


async def test_update_info_url_leads_here(live_db, async_client, application, settings):
    addon = await sync_to_async(AddonFactory)(slug="linked")
    response = await check(application, addon.guid)
    [update] = json.loads(response.body)["addons"][addon.guid]["updates"]
    # Firefox puts its locale in place of the placeholder.
    url = update["update_info_url"].replace("%APP_LOCALE%", "de")
    assert url.startswith(settings.SITE_URL)
    page = await get_page(async_client, url.removeprefix(settings.SITE_URL))
    assert page.status == 200
    assert "Changes in 1.0." in page.html
