"""Which version an update check offers, and the manifest that offers it."""

import json

import pytest
from asgiref.sync import sync_to_async

from amo.core.constants import AddonStatus, ApplicationChoices, Channel, FileStatus
from tests.factories import AddonFactory, VersionFactory
from tests.update.helpers import ANDROID_ID, check, updates_of

GUID = "selection@example.com"
FIREFOX = ApplicationChoices.FIREFOX
ANDROID = ApplicationChoices.ANDROID


def build_addon():
    """An add-on whose listed versions cover three Firefox ranges.

    1.0 works with 60.0 to 70.*, 2.0 with 100.0 to 115.* and strict
    compatibility, 3.0 with 120.0 to 125.*. The versions after them are
    never offered to Firefox: unlisted, deleted, awaiting review, disabled,
    or compatible with Android only.
    """
    addon = AddonFactory(guid=GUID, slug="selection", versions=0)
    VersionFactory(
        addon=addon, version="1.0", compatibility={FIREFOX: ("60.0", "70.*")}
    )
    VersionFactory(
        addon=addon,
        version="2.0",
        compatibility={FIREFOX: ("100.0", "115.*")},
        file__strict_compatibility=True,
    )
    VersionFactory(
        addon=addon, version="3.0", compatibility={FIREFOX: ("120.0", "125.*")}
    )
    wide = {FIREFOX: ("1.0", "*")}
    VersionFactory(
        addon=addon, version="4.0", channel=Channel.UNLISTED, compatibility=wide
    )
    VersionFactory(addon=addon, version="5.0", deleted=True, compatibility=wide)
    VersionFactory(
        addon=addon,
        version="6.0",
        file__status=FileStatus.UNREVIEWED,
        compatibility=wide,
    )
    VersionFactory(
        addon=addon,
        version="6.1",
        file__status=FileStatus.DISABLED,
        compatibility=wide,
    )
    VersionFactory(addon=addon, version="6.2", file=False, compatibility=wide)
    VersionFactory(addon=addon, version="7.0", compatibility={ANDROID: ("120.0", "*")})
    return addon


# (appVersion, compatMode, the version offered or None); None as compatMode
# leaves the parameter out.
SELECTION = [
    ("65.0", "strict", "1.0"),
    ("70.0a1", "strict", "1.0"),
    ("70.5", "strict", "1.0"),
    ("75.0", "strict", None),
    ("75.0", "normal", "1.0"),
    ("75.0", "ignore", "1.0"),
    ("110.0", "strict", "2.0"),
    ("115.0.1", "strict", "2.0"),
    ("118.0", "strict", None),
    # 2.0 has strict compatibility, so normal mode checks its max.
    ("118.0", "normal", "1.0"),
    ("118.0", "ignore", "2.0"),
    ("122.0", "strict", "3.0"),
    ("122.0", "normal", "3.0"),
    ("130.0", "strict", None),
    ("130.0", None, None),
    ("130.0", "normal", "3.0"),
    ("130.0", "ignore", "3.0"),
    # Any other value is ignore.
    ("118.0", "bogus", "2.0"),
    ("118.0", "", "2.0"),
    ("50.0", "ignore", None),
    ("120.0a1", "ignore", "2.0"),
    ("*", "strict", None),
    ("*", "ignore", "3.0"),
]


@pytest.fixture
async def selection_addon(live_db):
    return await sync_to_async(build_addon)()


async def test_selection_table(selection_addon, application):
    failures = []
    for app_version, mode, expected in SELECTION:
        response = await check(application, GUID, app_version, compatMode=mode)
        updates = updates_of(response, GUID)
        offered = updates[0]["version"] if updates else None
        if offered != expected:
            failures.append((app_version, mode, expected, offered))
        assert len(updates) <= 1
    assert failures == []


async def test_android_gets_android_versions(selection_addon, application):
    response = await check(
        application, GUID, "125.0", appID=ANDROID_ID, compatMode="strict"
    )
    [update] = updates_of(response, GUID)
    assert update["version"] == "7.0"
    assert "/android/downloads/file/" in update["update_link"]
    assert update["applications"] == {"gecko": {"strict_min_version": "120.0"}}


async def test_android_below_min_gets_nothing(selection_addon, application):
    response = await check(application, GUID, "119.0", appID=ANDROID_ID)
    assert updates_of(response, GUID) == []


async def test_newest_is_highest_version_id(live_db, application):
    def build():
        addon = AddonFactory(guid=GUID, versions=0)
        VersionFactory(addon=addon, version="9.0")
        # Created later, so newer by id although its number is lower.
        VersionFactory(addon=addon, version="8.5")

    await sync_to_async(build)()
    [update] = updates_of(await check(application, GUID), GUID)
    assert update["version"] == "8.5"


async def test_manifest_of_a_strict_version(live_db, application, settings):
    def build():
        addon = AddonFactory(guid=GUID, slug="strict-one", versions=0)
        return VersionFactory(
            addon=addon,
            version="2.1.0",
            compatibility={FIREFOX: ("109.0", "128.*")},
            file__strict_compatibility=True,
            file__hash="sha256:" + "ab" * 32,
            file__filename="strict_one-2.1.0.xpi",
            release_notes={"en-US": "Fixed things."},
        )

    version = await sync_to_async(build)()
    file_id = await sync_to_async(lambda: version.file.pk)()
    [update] = updates_of(await check(application, GUID, "120.0"), GUID)
    assert update == {
        "version": "2.1.0",
        "update_link": f"{settings.SITE_URL}/firefox/downloads/file/{file_id}/"
        "strict_one-2.1.0.xpi",
        "update_hash": "sha256:" + "ab" * 32,
        "update_info_url": f"{settings.SITE_URL}/%APP_LOCALE%/firefox/addon/"
        "strict-one/versions/2.1.0/updateinfo/",
        "applications": {
            "gecko": {"strict_min_version": "109.0", "strict_max_version": "128.*"}
        },
    }


async def test_manifest_without_notes_or_hash(live_db, application):
    def build():
        addon = AddonFactory(guid=GUID, versions=0)
        VersionFactory(
            addon=addon,
            version="1.5",
            release_notes={},
            file__hash="",
            compatibility={FIREFOX: ("100.0", "*")},
        )

    await sync_to_async(build)()
    [update] = updates_of(await check(application, GUID), GUID)
    assert "update_info_url" not in update
    assert "update_hash" not in update
    assert update["applications"] == {"gecko": {"strict_min_version": "100.0"}}


@pytest.mark.parametrize(
    ("status", "disabled_by_user"),
    [
        (AddonStatus.DISABLED, False),
        (AddonStatus.DELETED, False),
        (AddonStatus.PUBLIC, True),
    ],
    ids=["disabled-by-site", "deleted", "disabled-by-developer"],
)
async def test_hidden_addon_gets_empty_object(
    live_db, application, status, disabled_by_user
):
    await sync_to_async(AddonFactory)(
        guid=GUID, status=status, disabled_by_user=disabled_by_user
    )
    response = await check(application, GUID)
    assert response.status == 200
    assert json.loads(response.body) == {}


async def test_unknown_guid_gets_empty_object(live_db, application):
    response = await check(application, "nobody@example.com")
    assert response.status == 200
    assert response.body == b"{}"


async def test_unlisted_only_addon_gets_no_update(live_db, application):
    def build():
        addon = AddonFactory(guid=GUID, versions=0, status=AddonStatus.INCOMPLETE)
        VersionFactory(addon=addon, channel=Channel.UNLISTED)

    await sync_to_async(build)()
    response = await check(application, GUID)
    assert json.loads(response.body) == {"addons": {GUID: {"updates": []}}}


async def test_nominated_addon_with_approved_version(live_db, application):
    # Only the site's disabled and deleted statuses hide an add-on.
    await sync_to_async(AddonFactory)(guid=GUID, status=AddonStatus.NOMINATED)
    [update] = updates_of(await check(application, GUID), GUID)
    assert update["version"] == "1.0"


@pytest.mark.parametrize(
    "guid",
    [
        "{E4A8A97B-F2ED-450B-B12D-EE082BA24781}",
        "weird+name&more=yes@example.com",
        "spaces and é@example.com",
        "percent%41@example.com",
    ],
)
async def test_guid_echoed_as_requested(live_db, application, guid):
    await sync_to_async(AddonFactory)(guid=guid)
    # Guids match in any case; the response keeps the requested spelling.
    requested = guid.swapcase() if guid.startswith("{") else guid
    response = await check(application, requested)
    body = json.loads(response.body)
    assert list(body["addons"]) == [requested]
    assert body["addons"][requested]["updates"][0]["version"] == "1.0"
