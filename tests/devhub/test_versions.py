"""The versions page: both channels, disabling, enabling and deleting."""

import datetime

from asgiref.sync import sync_to_async
from django.utils import timezone

from amo.addons.models import Addon
from amo.core.constants import AddonStatus, Channel, FileStatus
from amo.devhub.models import Activity, ActivityLog
from amo.files.models import File
from amo.versions.models import Version
from tests.devhub.conftest import signed_in
from tests.factories import VersionFactory

VERSIONS = "/en-US/firefox/developers/addon/tab-keeper/versions/"


def add_versions(team) -> dict[str, Version]:
    """Give the team's add-on an older listed and a newer unlisted version."""
    addon = team.addon
    current = addon.versions.get()
    current.created = timezone.now() - datetime.timedelta(days=2)
    current.save()
    older = VersionFactory(
        addon=addon,
        version="0.9",
        created=timezone.now() - datetime.timedelta(days=5),
    )
    unlisted = VersionFactory(
        addon=addon,
        version="1.1",
        channel=Channel.UNLISTED,
        file__status=FileStatus.UNREVIEWED,
    )
    return {"current": current, "older": older, "unlisted": unlisted}


async def file_status(version: Version) -> int:
    return (await File.objects.aget(version=version)).status


async def current_version_id(addon) -> int | None:
    return (await Addon.objects.aget(pk=addon.pk)).current_version_id


async def test_lists_both_channels(team):
    await sync_to_async(add_versions)(team)
    client = await signed_in(team.developer)

    response = await client.get(VERSIONS)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index('data-version="1.1"') < html.index('data-version="1.0"')
    assert html.index('data-version="1.0"') < html.index('data-version="0.9"')
    unlisted = html[html.index('data-version="1.1"') : html.index('data-version="1.0"')]
    assert "Unlisted" in unlisted
    assert "Awaiting review" in unlisted


async def test_disable_and_enable_restore_the_status(team):
    versions = await sync_to_async(add_versions)(team)
    current = versions["current"]
    client = await signed_in(team.developer)

    disabled = await client.post(f"{VERSIONS}{current.pk}/disable/")

    assert disabled.status_code == 302
    assert await file_status(current) == FileStatus.DISABLED
    # The older listed version becomes the current one.
    assert await current_version_id(team.addon) == versions["older"].pk
    page = await client.get(VERSIONS)
    assert f"{VERSIONS}{current.pk}/enable/" in page.content.decode()

    enabled = await client.post(f"{VERSIONS}{current.pk}/enable/")

    assert enabled.status_code == 302
    assert await file_status(current) == FileStatus.PUBLIC
    assert await current_version_id(team.addon) == current.pk
    logged = [
        entry.action
        async for entry in ActivityLog.objects.filter(version=current).order_by("id")
    ]
    assert logged == [Activity.DISABLE_VERSION, Activity.ENABLE_VERSION]


async def test_rejected_version_cannot_be_enabled(team):
    versions = await sync_to_async(add_versions)(team)
    older = versions["older"]
    await File.objects.filter(version=older).aupdate(status=FileStatus.DISABLED)
    client = await signed_in(team.owner)

    page = await client.get(VERSIONS)
    response = await client.post(f"{VERSIONS}{older.pk}/enable/")

    assert f"{VERSIONS}{older.pk}/enable/" not in page.content.decode()
    assert response.status_code == 302
    assert await file_status(older) == FileStatus.DISABLED
    followed = await client.get(VERSIONS)
    assert "cannot be enabled" in followed.content.decode()


async def test_delete_version(team):
    versions = await sync_to_async(add_versions)(team)
    current = versions["current"]
    client = await signed_in(team.owner)

    response = await client.post(f"{VERSIONS}{current.pk}/delete/")

    assert response.status_code == 302
    current = await Version.objects.aget(pk=current.pk)
    assert current.deleted is True
    assert await current_version_id(team.addon) == versions["older"].pk
    page = await client.get(VERSIONS)
    assert 'data-version="1.0"' not in page.content.decode()
    assert "Version 1.0 was deleted." in page.content.decode()
    entry = await ActivityLog.objects.filter(addon=team.addon).afirst()
    assert entry.action == Activity.DELETE_VERSION


async def test_deleting_the_last_listed_version(team, async_client):
    current = await team.addon.versions.aget()
    client = await signed_in(team.owner)

    await client.post(f"{VERSIONS}{current.pk}/delete/")

    addon = await Addon.objects.aget(pk=team.addon.pk)
    assert addon.current_version_id is None
    assert addon.status == AddonStatus.INCOMPLETE
    public = await async_client.get("/en-US/firefox/addon/tab-keeper/")
    assert public.status_code == 404


async def test_other_addons_version_is_untouched(team):
    from tests.factories import AddonFactory

    other = await sync_to_async(AddonFactory)(slug="other")
    version = await other.versions.aget()
    client = await signed_in(team.owner)

    response = await client.post(f"{VERSIONS}{version.pk}/delete/")

    assert response.status_code == 302
    assert (await Version.objects.aget(pk=version.pk)).deleted is False
    page = await client.get(VERSIONS)
    assert "This version does not exist." in page.content.decode()
