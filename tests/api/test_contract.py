"""Field sets and types of every endpoint, as AMO's API v5 defines them.

The expected keys are the tables of AMO's API v5 documentation for each
object. The v4 responses are compared with real AMO v4 responses kept in
the shared fixtures.
"""

import json

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings

from amo.core.constants import AddonType
from tests.api.helpers import DATA_KEYED, get_api, shape_differences
from tests.factories import AddonFactory

ADDON_FIELDS = {
    "id", "guid", "slug", "name", "summary", "description", "developer_comments",
    "type", "status", "url", "edit_url", "review_url", "ratings_url",
    "versions_url", "icon_url", "icons", "authors", "average_daily_users",
    "weekly_downloads", "categories", "tags", "contributions_url", "homepage",
    "support_url", "support_email", "created", "last_updated", "default_locale",
    "current_version", "latest_unlisted_version", "has_eula",
    "has_privacy_policy", "is_disabled", "is_experimental", "is_noindexed",
    "requires_payment", "previews", "promoted", "ratings",
}  # fmt: skip
VERSION_FIELDS = {
    "id", "version", "channel", "compatibility",
    "is_strict_compatibility_enabled", "edit_url", "file", "license",
    "release_notes", "reviewed",
}  # fmt: skip
FILE_FIELDS = {
    "id", "url", "hash", "size", "status", "created",
    "is_mozilla_signed_extension", "permissions", "optional_permissions",
    "host_permissions", "data_collection_permissions",
    "optional_data_collection_permissions",
}  # fmt: skip
LICENSE_FIELDS = {"is_custom", "name", "slug", "url"}
AUTHOR_FIELDS = {"id", "name", "url", "username", "picture_url"}
PREVIEW_FIELDS = {
    "id", "caption", "image_url", "thumbnail_url", "image_size",
    "thumbnail_size", "position",
}  # fmt: skip
RATINGS_FIELDS = {"average", "bayesian_average", "count", "text_count"}
PAGE_FIELDS = {"count", "next", "previous", "page_size", "page_count", "results"}
CATEGORY_FIELDS = {"id", "name", "slug", "type", "misc", "weight", "description"}
LANGUAGE_TOOL_FIELDS = {
    "id", "default_locale", "guid", "name", "slug", "target_locale", "type", "url",
}  # fmt: skip
AUTOCOMPLETE_FIELDS = {"id", "icon_url", "icons", "name", "promoted", "type", "url"}
SHELF_FIELDS = {
    "title", "url", "endpoint", "addon_type", "criteria", "footer", "addons",
}  # fmt: skip
ADDON_TYPES = {
    "extension", "statictheme", "dictionary", "language", "search", "theme",
    "persona",
}  # fmt: skip

# The type of each add-on field: a type, or a tuple of types that may occur.
ADDON_TYPES_BY_FIELD = {
    "id": int,
    "guid": str,
    "slug": str,
    "name": dict,
    "summary": dict,
    "description": (dict, type(None)),
    "developer_comments": (dict, type(None)),
    "type": str,
    "status": str,
    "url": str,
    "edit_url": str,
    "review_url": str,
    "ratings_url": str,
    "versions_url": str,
    "icon_url": str,
    "icons": dict,
    "authors": list,
    "average_daily_users": int,
    "weekly_downloads": int,
    "categories": list,
    "tags": list,
    "contributions_url": (dict, type(None)),
    "homepage": (dict, type(None)),
    "support_url": (dict, type(None)),
    "support_email": (dict, type(None)),
    "created": str,
    "last_updated": (str, type(None)),
    "default_locale": str,
    "current_version": (dict, type(None)),
    "latest_unlisted_version": (dict, type(None)),
    "has_eula": bool,
    "has_privacy_policy": bool,
    "is_disabled": bool,
    "is_experimental": bool,
    "is_noindexed": (bool, type(None)),
    "requires_payment": bool,
    "previews": list,
    "promoted": list,
    "ratings": dict,
}
DATETIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"
SAMPLES = "amo-catalogue/android-components-api-samples"


def check_types(data, types):
    for field, expected in types.items():
        assert isinstance(data[field], expected), (field, data[field])


def check_version(version, *, search=False, license_text=False):
    expected = VERSION_FIELDS - ({"license", "release_notes"} if search else set())
    assert set(version) == expected
    assert isinstance(version["id"], int)
    assert isinstance(version["version"], str)
    assert version["channel"] in ("listed", "unlisted")
    for compat in version["compatibility"].values():
        assert set(compat) == {"min", "max"}
    assert isinstance(version["is_strict_compatibility_enabled"], bool)
    assert version["edit_url"].startswith(settings.SITE_URL)
    check_file(version["file"])
    if not search:
        license = version["license"]
        assert set(license) == LICENSE_FIELDS | ({"text"} if license_text else set())
        assert isinstance(license["is_custom"], bool)


def check_file(file):
    assert set(file) == FILE_FIELDS
    assert file["url"].startswith(f"{settings.SITE_URL}/firefox/downloads/file/")
    assert file["url"].endswith(".xpi")
    assert file["hash"].startswith("sha256:")
    assert file["status"] in ("public", "disabled", "unreviewed")
    for field in FILE_FIELDS - {"id", "url", "hash", "size", "status", "created"}:
        if field != "is_mozilla_signed_extension":
            assert isinstance(file[field], list), field


def check_addon(addon, *, search=False):
    assert set(addon) == ADDON_FIELDS | ({"_score"} if search else set())
    check_types(addon, ADDON_TYPES_BY_FIELD)
    assert addon["type"] in ADDON_TYPES
    for field in ("url", "edit_url", "review_url", "ratings_url", "versions_url"):
        assert addon[field].startswith(settings.SITE_URL + "/"), field
    assert set(addon["icons"]) == {"32", "64", "128"}
    for author in addon["authors"]:
        assert set(author) == AUTHOR_FIELDS - ({"picture_url"} if search else set())
    for preview in addon["previews"]:
        assert set(preview) == PREVIEW_FIELDS
        assert len(preview["image_size"]) == 2
    assert set(addon["ratings"]) >= RATINGS_FIELDS
    for promotion in addon["promoted"]:
        assert set(promotion) == {"category", "apps"}
    if addon["current_version"] is not None:
        check_version(addon["current_version"], search=search)
    if search:
        assert isinstance(addon["_score"], float)


async def test_detail_contract(catalogue, async_client):
    result = await get_api(async_client, "/api/v5/addons/addon/tab-tamer/")

    assert result.status == 200
    assert result.response["Content-Type"] == "application/json"
    addon = result.data
    check_addon(addon)
    assert addon["slug"] == "tab-tamer"
    assert addon["categories"] == ["tabs"]
    assert addon["tags"] == ["productivity"]
    assert addon["promoted"] == [
        {"apps": ["firefox", "android"], "category": "recommended"}
    ]
    assert addon["contributions_url"] == {
        "url": "https://donate.example/tabs",
        "outgoing": "https://donate.example/tabs",
    }
    assert addon["has_privacy_policy"] is True
    assert addon["has_eula"] is False
    assert set(addon["ratings"]) == RATINGS_FIELDS


async def test_detail_query_budget(catalogue, async_client):
    result = await get_api(async_client, "/api/v5/addons/addon/tab-tamer/")

    # The add-on with its version, licence and file; then authors,
    # previews, categories, tags and compatibility.
    assert result.query_count == 6


async def test_detail_datetimes(catalogue, async_client):
    addon = (await get_api(async_client, "/api/v5/addons/addon/tab-tamer/")).data

    import re

    for value in (
        addon["created"],
        addon["last_updated"],
        addon["current_version"]["reviewed"],
        addon["current_version"]["file"]["created"],
    ):
        assert re.match(DATETIME, value), value


async def test_grouped_ratings(catalogue, async_client):
    path = "/api/v5/addons/addon/tab-tamer/?show_grouped_ratings=true"
    ratings = (await get_api(async_client, path)).data["ratings"]

    assert set(ratings) == RATINGS_FIELDS | {"grouped_counts"}
    assert ratings["grouped_counts"] == {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0}
    assert ratings["count"] == 10
    assert ratings["average"] == 4.0


async def test_versions_contract(catalogue, async_client):
    result = await get_api(async_client, "/api/v5/addons/addon/tab-tamer/versions/")

    assert result.status == 200
    assert set(result.data) == PAGE_FIELDS
    assert result.data["count"] == 1
    check_version(result.data["results"][0])
    # The add-on, then the page and the count at once, then compatibility.
    assert result.query_count == 4


async def test_version_detail_contract(catalogue, async_client):
    version = catalogue.rich.current_version
    path = f"/api/v5/addons/addon/tab-tamer/versions/{version.pk}/"
    result = await get_api(async_client, path)

    assert result.status == 200
    check_version(result.data, license_text=True)
    assert result.data["version"] == version.version
    assert result.query_count == 3


async def test_search_contract(catalogue, async_client):
    result = await get_api(async_client, "/api/v5/addons/search/")

    assert result.status == 200
    assert set(result.data) == PAGE_FIELDS
    assert result.data["count"] == 2
    for addon in result.data["results"]:
        check_addon(addon, search=True)
        assert addon["is_noindexed"] is None
    # Ids and count at once, then the rows, then five relations.
    assert result.query_count == 8


async def test_autocomplete_contract(catalogue, async_client):
    result = await get_api(async_client, "/api/v5/addons/autocomplete/?q=tab")

    assert result.status == 200
    assert set(result.data) == {"results"}
    [item] = result.data["results"]
    assert set(item) == AUTOCOMPLETE_FIELDS
    assert item["name"] == {"en-US": "Tab Tamer", "fr": "Dompteur d'onglets"}
    assert result.query_count == 4


async def test_categories_contract(live_db, async_client):
    result = await get_api(async_client, "/api/v5/addons/categories/")

    assert result.status == 200
    assert isinstance(result.data, list)
    for category in result.data:
        assert set(category) == CATEGORY_FIELDS
        assert isinstance(category["name"], str)
        assert isinstance(category["description"], str)
        assert category["type"] in ADDON_TYPES
    pairs = [(c["type"], c["slug"]) for c in result.data]
    assert len(pairs) == len(set(pairs))
    assert ("extension", "tabs") in pairs
    assert ("statictheme", "abstract") in pairs
    assert result.query_count == 1


async def test_site_contract(live_db, async_client, settings):
    result = await get_api(async_client, "/api/v5/site/")
    assert result.data == {"read_only": False, "notice": None}
    assert result.query_count == 0

    settings.READ_ONLY = True
    settings.SITE_NOTICE = "Maintenance at noon."
    result = await get_api(async_client, "/api/v5/site/")
    assert result.data == {"read_only": True, "notice": "Maintenance at noon."}


async def test_shelves_contract(catalogue, async_client):
    result = await get_api(async_client, "/api/v5/shelves/?lang=fr")

    assert result.status == 200
    assert set(result.data) == {"results", "primary", "secondary"}
    assert result.data["primary"] is None
    shelves = result.data["results"]
    assert [s["addon_type"] for s in shelves] == ["extension"] * 3 + ["statictheme"] * 3
    for shelf in shelves:
        assert set(shelf) == SHELF_FIELDS
        assert shelf["endpoint"] == "search"
        assert set(shelf["footer"]) == {"url", "outgoing", "text"}
        assert set(shelf["title"]) == {"fr"}
        assert shelf["url"].startswith(f"{settings.SITE_URL}/api/v5/addons/search/?")
        for addon in shelf["addons"]:
            check_addon(addon, search=True)
    recommended = shelves[0]
    assert [a["slug"] for a in recommended["addons"]] == ["tab-tamer"]
    assert recommended["criteria"] == (
        "?promoted=recommended&sort=random&type=extension"
    )
    # Six listings, the featured collections, the add-on rows, then their
    # five relations.
    assert result.query_count == 13


async def test_hero_contract(live_db, async_client):
    result = await get_api(async_client, "/api/v5/hero/")
    assert result.data == {"primary": None, "secondary": None}
    for kind in ("primary", "secondary"):
        listed = await get_api(async_client, f"/api/v5/hero/{kind}/")
        assert listed.data == {"results": []}
    unknown = await get_api(async_client, "/api/v5/hero/tertiary/")
    assert unknown.status == 404


async def test_shelf_addons_match_their_criteria(live_db, async_client):
    def build():
        for type_ in (AddonType.STATICTHEME, AddonType.PERSONA, AddonType.THEME):
            AddonFactory(type=type_, average_daily_users=10 * type_)
        AddonFactory(type=AddonType.EXTENSION)

    await sync_to_async(build)()
    shelves = (await get_api(async_client, "/api/v5/shelves/")).data["results"]

    for shelf in shelves:
        path = f"/api/v5/addons/search/{shelf['criteria']}"
        listed = await get_api(async_client, path)
        found = {addon["id"] for addon in listed.data["results"]}
        shown = {addon["id"] for addon in shelf["addons"]}
        assert shown <= found, shelf["criteria"]
    popular_themes = shelves[4]
    assert len(popular_themes["addons"]) == 3


# --- v4, compared with AMO's own responses ----------------------------------


def sample_addon(fixtures_dir, name):
    path = fixtures_dir / SAMPLES / name
    if not path.is_file():
        pytest.skip(f"the AMO API sample {path} is missing")
    return json.loads(path.read_text())["results"][0]["addon"]


async def test_v4_detail_matches_amo_sample(catalogue, async_client, fixtures_dir):
    sample = sample_addon(fixtures_dir, "localized_collection.json")
    path = "/api/v4/addons/addon/tab-tamer/?lang=en-US"
    addon = (await get_api(async_client, path)).data

    assert set(addon) == set(sample)
    assert shape_differences(sample, addon) == []
    assert addon["name"] == "Tab Tamer"
    assert addon["categories"] == {"firefox": ["tabs"]}
    assert addon["promoted"] == {
        "apps": ["firefox", "android"],
        "category": "recommended",
    }
    [file] = addon["current_version"]["files"]
    assert file["platform"] == "all"


async def test_v4_translations_match_amo_sample(catalogue, async_client, fixtures_dir):
    sample = sample_addon(fixtures_dir, "collection.json")
    addon = (await get_api(async_client, "/api/v4/addons/addon/tab-tamer/")).data

    # This 2019 sample has fields v4 dropped later and predates
    # optional_permissions, so only the fields both have are compared.
    common = {key: sample[key] for key in set(sample) & set(addon)}
    for file in addon["current_version"]["files"]:
        file.pop("optional_permissions")
    translated = DATA_KEYED | {
        "name", "summary", "description", "homepage", "support_url",
        "release_notes", "caption",
    }  # fmt: skip
    assert (
        shape_differences(common, {k: addon[k] for k in common}, "$", translated) == []
    )
    assert addon["name"] == {"en-US": "Tab Tamer", "fr": "Dompteur d'onglets"}


async def test_v4_search_by_guid(catalogue, async_client, fixtures_dir):
    sample = sample_addon(fixtures_dir, "localized_collection.json")
    guid = catalogue.rich.guid
    result = await get_api(
        async_client, f"/api/v4/addons/search/?guid={guid},other@x&lang=fr"
    )

    assert result.status == 200
    assert set(result.data) == PAGE_FIELDS
    [addon] = result.data["results"]
    assert addon["guid"] == guid
    assert addon["name"] == "Dompteur d'onglets"
    assert addon["homepage"] == "https://tabs.example"
    # Search results leave out the licence, release notes and pictures.
    sample["current_version"].pop("license")
    sample["current_version"].pop("release_notes")
    for author in sample["authors"]:
        author.pop("picture_url")
    assert shape_differences(sample, addon) == []


async def test_v5_shared_objects_match_amo_sample(
    catalogue, async_client, fixtures_dir
):
    """Authors, ratings and icons have the same shape in v4 and v5."""
    sample = sample_addon(fixtures_dir, "localized_collection.json")
    addon = (await get_api(async_client, "/api/v5/addons/addon/tab-tamer/")).data

    for field in ("authors", "ratings", "icons"):
        assert shape_differences(sample[field], addon[field]) == [], field
    preview = dict(addon["previews"][0])
    preview.pop("position")
    preview["caption"] = "text"
    assert shape_differences(sample["previews"][0], preview) == []
