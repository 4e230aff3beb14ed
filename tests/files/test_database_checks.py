"""The checks of an upload against the add-ons in the database."""

from amo.core.constants import Channel
from amo.files.validation import validate_upload
from tests.factories import AddonFactory, UserFactory
from tests.files.helpers import build_xpi, manifest
from tests.files.test_uploads import create_upload


def codes(result) -> list[str]:
    return [message["id"][0] for message in result.validation["messages"]]


def gecko(guid: str) -> dict:
    return {"gecko": {"id": guid}}


def validate(user, data, uploads_root, **fields):
    upload = create_upload(user, build_xpi(data), uploads_root, **fields)
    return validate_upload(upload, linter=False)


def test_new_guid_is_valid(db, uploads_root):
    result = validate(UserFactory(), manifest(), uploads_root)
    assert result.valid is True
    assert codes(result) == []


def test_guid_of_someone_elses_addon(db, uploads_root):
    AddonFactory(guid="taken@example.com")
    data = manifest(browser_specific_settings=gecko("Taken@Example.com"))
    result = validate(UserFactory(), data, uploads_root)
    assert result.valid is False
    assert codes(result) == ["DUPLICATE_GUID"]
    message = result.validation["messages"][0]
    assert '"Taken@Example.com" is already used by another add-on' in message["message"]
    assert "Choose a different ID" in message["description"]


def test_guid_of_own_addon_with_new_version(db, uploads_root):
    author = UserFactory()
    AddonFactory(guid="mine@example.com", authors=[author])
    data = manifest(browser_specific_settings=gecko("mine@example.com"), version="2.0")
    result = validate(author, data, uploads_root)
    assert result.valid is True


def test_version_already_used_even_if_deleted(db, uploads_root):
    author = UserFactory()
    addon = AddonFactory(guid="mine@example.com", authors=[author], versions=2)
    addon.versions.filter(version="1.0").update(deleted=True, channel=Channel.UNLISTED)
    data = manifest(browser_specific_settings=gecko("mine@example.com"), version="1.0")
    result = validate(author, data, uploads_root)
    assert codes(result) == ["VERSION_EXISTS"]
    message = result.validation["messages"][0]
    assert message["message"] == "Version 1.0 of this add-on already exists."
    assert 'Raise "version" in manifest.json' in message["description"]


def test_upload_for_addon_with_other_guid(db, uploads_root):
    author = UserFactory()
    addon = AddonFactory(guid="mine@example.com", authors=[author])
    data = manifest(browser_specific_settings=gecko("other@example.com"))
    result = validate(author, data, uploads_root, addon=addon)
    assert codes(result) == ["GUID_MISMATCH"]
    message = result.validation["messages"][0]
    assert '"other@example.com"' in message["message"]
    assert '"mine@example.com"' in message["message"]


def test_upload_for_addon_without_guid_checks_version(db, uploads_root):
    author = UserFactory()
    addon = AddonFactory(guid="mine@example.com", authors=[author])
    data = manifest(browser_specific_settings=None, version="1.0")
    result = validate(author, data, uploads_root, addon=addon)
    assert codes(result) == ["MISSING_ADDON_ID", "VERSION_EXISTS"]


def test_upload_for_addon_with_its_guid_in_other_case(db, uploads_root):
    author = UserFactory()
    addon = AddonFactory(
        guid="{ABCDEF01-2345-6789-ABCD-EF0123456789}", authors=[author]
    )
    data = manifest(
        browser_specific_settings=gecko("{abcdef01-2345-6789-abcd-ef0123456789}"),
        version="3.0",
    )
    result = validate(author, data, uploads_root, addon=addon)
    assert result.valid is True
