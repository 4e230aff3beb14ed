"""Hiding, showing and deleting an add-on, and its activity log."""

import datetime

from asgiref.sync import sync_to_async
from django.utils import timezone

from amo.addons.models import Addon
from amo.core.constants import AddonStatus
from amo.devhub import activity
from amo.devhub.models import Activity, ActivityLog
from tests.devhub.conftest import signed_in
from tests.search.helpers import slugs

ADDON = "/en-US/firefox/developers/addon/tab-keeper"


async def test_developer_hides_and_shows_the_addon(team, async_client):
    client = await signed_in(team.developer)

    hidden = await client.post(f"{ADDON}/disable/")
    public_hidden = await async_client.get("/en-US/firefox/addon/tab-keeper/")
    addon = await Addon.objects.aget(pk=team.addon.pk)
    assert addon.disabled_by_user is True
    page = await client.get(f"{ADDON}/status/")
    shown = await client.post(f"{ADDON}/enable/")
    public_shown = await async_client.get("/en-US/firefox/addon/tab-keeper/")

    assert hidden.status_code == 302
    assert hidden["Location"] == f"{ADDON}/status/"
    assert public_hidden.status_code == 404
    assert "Make visible" in page.content.decode()
    assert shown.status_code == 302
    assert public_shown.status_code == 200
    addon = await Addon.objects.aget(pk=team.addon.pk)
    assert addon.disabled_by_user is False
    logged = [entry.action async for entry in ActivityLog.objects.all()]
    assert logged == [Activity.ENABLE_ADDON, Activity.DISABLE_ADDON]


async def test_owner_deletes_after_typing_the_slug(team, async_client):
    client = await signed_in(team.owner)

    wrong = await client.post(f"{ADDON}/delete/", {"slug": "tab"})
    assert wrong.status_code == 400
    assert "The slug does not match." in wrong.content.decode()
    response = await client.post(f"{ADDON}/delete/", {"slug": "tab-keeper"})

    assert response.status_code == 302
    assert response["Location"] == "/en-US/firefox/developers/addons/"
    addon = await Addon.objects.aget(pk=team.addon.pk)
    assert addon.status == AddonStatus.DELETED
    # The guid stays on the row, so no other add-on can take it.
    assert addon.guid == team.addon.guid
    entry = await ActivityLog.objects.filter(addon=addon).afirst()
    assert entry.action == Activity.DELETE_ADDON
    assert entry.details["guid"] == team.addon.guid
    assert (await client.get(f"{ADDON}/edit/")).status_code == 404
    dashboard = await client.get("/en-US/firefox/developers/addons/")
    assert "tab-keeper" not in dashboard.content.decode()
    public = await async_client.get("/en-US/firefox/addon/tab-keeper/")
    assert public.status_code == 404
    assert await slugs(async_client, "tab keeper") == []


async def test_developer_sees_no_delete_form(team):
    client = await signed_in(team.developer)

    page = await client.get(f"{ADDON}/status/")

    assert f"{ADDON}/delete/" not in page.content.decode()


def log_entries(team, count: int) -> None:
    now = timezone.now()
    for index in range(count):
        entry = activity.log(
            Activity.EDIT_ADDON, team.addon, team.owner, fields=[f"field{index}"]
        )
        entry.created = now - datetime.timedelta(minutes=count - index)
        entry.save(update_fields=["created"])


async def test_activity_lists_changes_newest_first(team):
    await sync_to_async(log_entries)(team, 3)
    client = await signed_in(team.developer)

    response = await client.get(f"{ADDON}/activity/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("field2") < html.index("field1") < html.index("field0")
    assert "edit add-on" in html
    assert "Olga" in html


async def test_activity_is_paginated(team):
    await sync_to_async(log_entries)(team, 25)
    client = await signed_in(team.owner)

    first = await client.get(f"{ADDON}/activity/")
    second = await client.get(f"{ADDON}/activity/?page=2")

    assert first.content.decode().count('class="activity-entry"') == 20
    assert second.content.decode().count('class="activity-entry"') == 5
    assert ">field0<" in second.content.decode()


async def test_activity_of_other_addons_is_hidden(team):
    from tests.factories import AddonFactory

    other = await sync_to_async(AddonFactory)(slug="other", authors=[team.outsider])
    await sync_to_async(activity.log)(
        Activity.EDIT_ADDON, other, team.outsider, fields=["secret"]
    )
    client = await signed_in(team.owner)

    own = await client.get(f"{ADDON}/activity/")
    foreign = await client.get("/en-US/firefox/developers/addon/other/activity/")

    assert "secret" not in own.content.decode()
    assert foreign.status_code == 403
