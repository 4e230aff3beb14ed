"""Search and autocomplete: parameter rules, filters, sorts, language tools."""

import base64

import pytest
from asgiref.sync import sync_to_async

from amo.api.responses import InvalidParameter
from amo.api.search import SearchParams, SearchQuery, parse_search
from amo.core.cache import invalidation
from amo.core.constants import AddonType, PromotedCategory
from amo.users.models import User
from tests.api.helpers import get_api
from tests.factories import AddonFactory, UserFactory, VersionFactory

SEARCH = "/api/v5/addons/search/"


def parse(**raw) -> SearchQuery:
    return parse_search(SearchParams(**raw))


def test_query_is_trimmed_and_capped():
    query = parse(q="  " + "x" * 150 + "  ")
    assert query.q == "x" * 100
    assert query.sort == ("relevance",)


def test_default_sort_without_query():
    assert parse().sort == ("recommended", "users")
    assert parse(sort="rating,users,users").sort == ("ratings", "users")
    assert parse(sort="recommended").sort == ("recommended", "users")
    assert parse(q="x", sort="relevance,recommended").sort == ("relevance",)


@pytest.mark.parametrize(
    "raw",
    [
        {"sort": "random"},
        {"sort": "random,users", "promoted": "recommended"},
        {"sort": "random", "promoted": "recommended", "q": "tabs"},
        {"sort": "relevance"},
    ],
)
def test_invalid_sort_combinations(raw):
    with pytest.raises(InvalidParameter) as raised:
        parse(**raw)
    assert raised.value.name == "sort"


def test_lists_and_badged():
    query = parse(
        type="extension,statictheme",
        promoted="badged,notable",
        tag="a, b",
        author="7,jane",
        exclude_addons="3,slug",
    )
    assert query.types == (AddonType.EXTENSION, AddonType.STATICTHEME)
    assert set(query.promoted) == {"line", "recommended", "notable"}
    assert query.tags == ("a", "b")
    assert query.authors == ("7", "jane")
    assert query.exclude_addons == ("3", "slug")


def test_rta_guid():
    encoded = base64.urlsafe_b64encode(b"{abc}@x").decode().rstrip("=")
    assert parse(guid=f"rta:{encoded}").guids == ("{abc}@x",)
    with pytest.raises(InvalidParameter):
        parse(guid="rta:%%%")


def test_appversion_needs_app():
    with pytest.raises(InvalidParameter) as raised:
        parse(appversion="128.0")
    assert raised.value.name == "appversion"


def test_category_needs_app_and_type():
    assert parse(category="tabs").category is None
    assert parse(category="tabs", app="firefox", type="extension").category == "tabs"
    with pytest.raises(InvalidParameter):
        parse(category="nope", app="firefox", type="extension")


def test_thresholds():
    query = parse(users__gte="100", created="2024-05-01", ratings__lt="4.5")
    columns = {(t.column, t.lookup) for t in query.thresholds}
    assert columns == {
        ("average_daily_users", "gte"),
        ("created", ""),
        ("average_rating", "lt"),
    }
    with pytest.raises(InvalidParameter):
        parse(updated__gt="2024-02-31")


@pytest.fixture
async def shelf(live_db):
    def build():
        jane = UserFactory(username="jane")
        tabs = AddonFactory(
            slug="tab-tamer",
            name={"en-US": "Tab Tamer"},
            average_daily_users=500,
            promoted=PromotedCategory.RECOMMENDED,
            authors=[jane],
            tags=["tabs", "focus"],
            categories=["tabs"],
        )
        AddonFactory(slug="tabby", name={"en-US": "Tabby"}, average_daily_users=900)
        AddonFactory(
            slug="dark-sky",
            name={"en-US": "Dark Sky"},
            type=AddonType.STATICTHEME,
            average_daily_users=100,
            tags=["tabs"],
        )
        android = AddonFactory(
            slug="mobile", name={"en-US": "Mobile"}, average_daily_users=10
        )
        android.current_version.compatible_apps.update(application=61)
        strict = AddonFactory(
            slug="old", name={"en-US": "Old One"}, versions=0, average_daily_users=10
        )
        VersionFactory(addon=strict, compatibility={1: ("60.0", "70.*")})
        strict.current_version = strict.versions.get()
        strict.save()
        file = strict.current_version.file
        file.strict_compatibility = True
        file.save()
        return tabs

    return await sync_to_async(build)()


async def slugs(client, query):
    result = await get_api(client, f"{SEARCH}?{query}")
    assert result.status == 200, result.data
    return [addon["slug"] for addon in result.data["results"]]


async def test_name_match_ranks_exact_first(shelf, async_client):
    assert await slugs(async_client, "q=tabby") == ["tabby"]
    assert await slugs(async_client, "q=tab") == ["tabby", "tab-tamer"]
    assert await slugs(async_client, "q=tab+tamer") == ["tab-tamer"]


async def test_default_sort_puts_recommended_first(shelf, async_client):
    found = await slugs(async_client, "type=extension")
    assert found[0] == "tab-tamer"
    assert (await slugs(async_client, "type=extension&sort=users"))[:1] == ["tabby"]


async def test_filters(shelf, async_client):
    assert await slugs(async_client, "type=statictheme") == ["dark-sky"]
    assert await slugs(async_client, "tag=tabs,focus") == ["tab-tamer"]
    assert set(await slugs(async_client, "tag=tabs")) == {"tab-tamer", "dark-sky"}
    assert await slugs(async_client, "author=jane") == ["tab-tamer"]
    assert await slugs(async_client, "promoted=recommended") == ["tab-tamer"]
    assert await slugs(async_client, "app=firefox&type=extension&category=tabs") == [
        "tab-tamer"
    ]
    assert "mobile" not in await slugs(async_client, "app=firefox")
    assert await slugs(async_client, "app=android") == ["mobile"]
    assert "tabby" not in await slugs(async_client, "exclude_addons=tabby")
    assert await slugs(async_client, "users__gte=800") == ["tabby"]


async def test_appversion_binds_strict_maximum(shelf, async_client):
    assert "old" in await slugs(async_client, "app=firefox&appversion=65.0")
    assert "old" not in await slugs(async_client, "app=firefox&appversion=128.0")
    assert "tabby" in await slugs(async_client, "app=firefox&appversion=128.0")
    assert "tabby" not in await slugs(async_client, "app=firefox&appversion=100.0")


async def test_unknown_compatibility_passes_app(shelf, async_client):
    def build():
        AddonFactory(slug="no-version", name={"en-US": "No Version"}, versions=0)
        unstated = AddonFactory(slug="unstated", name={"en-US": "Unstated"})
        unstated.current_version.compatible_apps.all().delete()

    await sync_to_async(build)()

    for query in ("app=firefox", "app=android", "app=firefox&appversion=128.0"):
        found = await slugs(async_client, query)
        assert "no-version" in found, query
        assert "unstated" in found, query
    assert "mobile" not in await slugs(async_client, "app=firefox")
    assert "tabby" not in await slugs(async_client, "app=android")
    assert await slugs(async_client, "q=version&app=firefox") == ["no-version"]


async def test_random_sort_of_promoted(shelf, async_client):
    found = await slugs(async_client, "promoted=recommended&sort=random")
    assert found == ["tab-tamer"]


async def test_search_rejects_bad_combination(shelf, async_client):
    result = await get_api(async_client, f"{SEARCH}?sort=random")
    assert result.status == 400
    assert list(result.data) == ["sort"]


async def test_guid_search_is_exact(shelf, async_client):
    guid = shelf.guid.upper()
    assert await slugs(async_client, f"guid={guid},unknown@x") == ["tab-tamer"]


async def test_autocomplete(shelf, async_client):
    result = await get_api(async_client, "/api/v5/addons/autocomplete/?q=tab")
    assert [item["url"].split("/")[-2] for item in result.data["results"]] == [
        "tabby",
        "tab-tamer",
    ]
    empty = await get_api(async_client, "/api/v5/addons/autocomplete/")
    assert empty.data == {"results": []}
    assert empty.query_count == 0


@pytest.fixture
async def language_packs(live_db):
    def build():
        de = AddonFactory(
            slug="lang-de", type=AddonType.LANGUAGE, target_locale="de", versions=0
        )
        VersionFactory(addon=de, version="115.0", compatibility={1: ("115.0", "115.*")})
        fr = AddonFactory(
            slug="lang-fr", type=AddonType.LANGUAGE, target_locale="fr", versions=0
        )
        VersionFactory(addon=fr, version="128.0", compatibility={1: ("128.0", "128.*")})
        AddonFactory(slug="dict-de", type=AddonType.DICTIONARY, target_locale="de")

    await sync_to_async(build)()


async def test_language_tools(language_packs, async_client):
    result = await get_api(async_client, "/api/v5/addons/language-tools/")
    found = {item["slug"]: item for item in result.data["results"]}

    assert set(found) == {"lang-de", "lang-fr", "dict-de"}
    assert found["lang-de"]["target_locale"] == "de"
    assert "current_compatible_version" not in found["lang-de"]
    assert result.query_count == 1


async def test_language_tools_with_appversion(language_packs, async_client):
    path = "/api/v4/addons/language-tools/?app=firefox&type=language&appversion=115.0"
    result = await get_api(async_client, path)

    [item] = result.data["results"]
    assert item["slug"] == "lang-de"
    version = item["current_compatible_version"]
    assert set(version) == {"id", "files", "reviewed", "version"}
    assert version["files"][0]["platform"] == "all"
    assert result.query_count == 2

    v5 = await get_api(async_client, path.replace("/v4/", "/v5/"))
    assert set(v5.data["results"][0]["current_compatible_version"]) == {
        "id",
        "file",
        "reviewed",
        "version",
    }


@pytest.mark.parametrize(
    ("query", "name"),
    [("appversion=115.0", "app"), ("app=firefox&appversion=115.0", "type")],
)
async def test_language_tools_rules(live_db, async_client, query, name):
    result = await get_api(async_client, f"/api/v5/addons/language-tools/?{query}")
    assert result.status == 400
    assert list(result.data) == [name]


async def test_tag_count_is_capped(shelf, async_client):
    tags = ",".join(["tabs", "focus", *(f"tag{n}" for n in range(8))])
    assert await slugs(async_client, f"tag={tags}") == []
    result = await get_api(async_client, f"{SEARCH}?tag={tags},one-more")
    assert result.status == 400
    assert list(result.data) == ["tag"]
    assert "at most 10" in result.data["tag"][0]


@pytest.mark.parametrize(
    "query", ["created=9999-12-31", "updated=9999-12-31T23:59:59", "created=0001-01-01"]
)
async def test_date_at_calendar_edge(shelf, async_client, query):
    assert await slugs(async_client, query) == []


async def test_search_shows_author_rename_at_once(shelf, async_client):
    async def author_names():
        result = await get_api(async_client, f"{SEARCH}?author=jane")
        names = [author["name"] for author in result.data["results"][0]["authors"]]
        return names, result.query_count

    before, cold_queries = await author_names()
    again, warm_queries = await author_names()
    # The add-on objects of the second read come from the object cache.
    assert again == before
    assert warm_queries < cold_queries

    def rename():
        jane = User.objects.get(username="jane")
        jane.display_name = "Jane Renamed"
        jane.save()
        invalidation.invalidate([jane])

    await sync_to_async(rename)()
    renamed, _ = await author_names()
    assert renamed == ["Jane Renamed"]
