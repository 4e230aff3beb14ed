import datetime
import re

import pytest
from asgiref.sync import sync_to_async
from django.utils import timezone

from amo.core.constants import AddonStatus, ApplicationChoices, Channel, FileStatus
from amo.versions.models import License
from tests.factories import AddonFactory, VersionFactory, store_package
from tests.pages.helpers import get_page, inline_code

HISTORY = "/en-US/firefox/addon/{}/versions/"


def version_numbers(html: str) -> list[str]:
    return re.findall(r"<h2>Version ([^<]+)</h2>", html)


def build_history():
    now = timezone.now()
    addon = AddonFactory(slug="history", versions=0)
    old = VersionFactory(
        addon=addon,
        version="1.0",
        created=now - datetime.timedelta(days=30),
        release_notes={"en-US": "First <b>release</b>.<script>x()</script>"},
        compatibility={ApplicationChoices.FIREFOX: ("60.0", "68.*")},
    )
    VersionFactory(
        addon=addon, version="1.1", created=now - datetime.timedelta(days=20)
    )
    newest = VersionFactory(
        addon=addon,
        version="2.0",
        created=now - datetime.timedelta(days=10),
        license=License.objects.get(slug="MIT"),
        compatibility={
            ApplicationChoices.FIREFOX: ("115.0", "*"),
            ApplicationChoices.ANDROID: ("120.0", "*"),
        },
    )
    # Versions the public never sees.
    VersionFactory(
        addon=addon,
        version="2.1-unlisted",
        channel=Channel.UNLISTED,
        created=now - datetime.timedelta(days=5),
    )
    VersionFactory(
        addon=addon,
        version="2.2-deleted",
        deleted=True,
        created=now - datetime.timedelta(days=4),
    )
    VersionFactory(
        addon=addon,
        version="2.3-pending",
        file__status=FileStatus.UNREVIEWED,
        created=now - datetime.timedelta(days=3),
    )
    store_package(newest.file, b"PK newest package")
    store_package(old.file, b"PK old package")
    addon.current_version = newest
    addon.save(update_fields=["current_version"])
    return newest


async def test_history_lists_public_versions(live_db, async_client):
    await sync_to_async(build_history)()

    page = await get_page(async_client, HISTORY.format("history"))

    assert page.status == 200
    assert version_numbers(page.html) == ["2.0", "1.1", "1.0"]
    assert "3 versions" in page.html
    assert inline_code(page.html) == []


async def test_history_shows_version_details(live_db, async_client):
    newest = await sync_to_async(build_history)()
    newest_file = await sync_to_async(lambda: newest.file)()

    page = await get_page(async_client, HISTORY.format("history"))

    html = page.html
    assert "First <b>release</b>." in html
    assert "<script>x()" not in html
    assert "Firefox 60.0 to 68.*" in html
    assert "Firefox 115.0 and later" in html
    assert "Firefox for Android 120.0 and later" in html
    assert '<a href="https://opensource.org/license/mit" rel="nofollow"' in html
    assert (
        f'href="/firefox/downloads/file/{newest_file.pk}/{newest_file.filename}"'
        in html
    )
    assert (
        f'href="/firefox/downloads/file/{newest_file.pk}/type:attachment/'
        f'{newest_file.filename}"' in html
    )
    # 1.1 has only metadata: no package is stored for it.
    section = html.split('id="version-1.1"')[1].split("</li>")[0]
    assert "Not downloadable from this site." in section
    assert "/downloads/file/" not in section


async def test_history_paginates(live_db, async_client):
    def build():
        now = timezone.now()
        addon = AddonFactory(slug="busy", versions=0)
        for index in range(23):
            VersionFactory(
                addon=addon,
                version=f"3.{index}",
                created=now - datetime.timedelta(hours=100 - index),
            )

    await sync_to_async(build)()

    first = await get_page(async_client, HISTORY.format("busy"))
    second = await get_page(async_client, HISTORY.format("busy") + "?page=2")

    assert version_numbers(first.html)[0] == "3.22"
    assert len(version_numbers(first.html)) == 20
    assert version_numbers(second.html) == ["3.2", "3.1", "3.0"]
    assert 'rel="next" href="/en-US/firefox/addon/busy/versions/?page=2"' in first.html


@pytest.mark.parametrize("value", ["0", "-1", "abc", "999999", "2"])
async def test_history_bad_page_numbers(live_db, async_client, value):
    await sync_to_async(build_history)()

    page = await get_page(async_client, HISTORY.format("history") + f"?page={value}")

    assert page.status == 404


async def test_history_of_non_public_addon(live_db, async_client):
    await sync_to_async(AddonFactory)(slug="gone", status=AddonStatus.DISABLED)

    page = await get_page(async_client, HISTORY.format("gone"))

    assert page.status == 404


async def test_history_without_versions(live_db, async_client):
    await sync_to_async(AddonFactory)(slug="bare", versions=0)

    page = await get_page(async_client, HISTORY.format("bare"))

    assert page.status == 200
    assert "This add-on has no public versions." in page.html


async def test_history_query_budget(live_db, async_client):
    await sync_to_async(build_history)()

    page = await get_page(async_client, HISTORY.format("history"))
    warm = await get_page(async_client, HISTORY.format("history"))

    # The add-on with its previews and its current version's compatibility,
    # then the page of versions (with licence and file) and their count at
    # once, then the page's compatibility rows.
    assert page.query_count == 6
    # Cached: the slug's id and the add-on, the page's ids with the count,
    # then the versions.
    assert warm.query_count == 0
    assert warm.cache_reads == ["aget", "aget_many", "aget_many", "aget_many"]
