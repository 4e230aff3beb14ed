"""Lookups, visibility, translations, errors and CORS of the API."""

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings

from amo.core.constants import AddonStatus, AddonType, Channel
from tests.api.helpers import get_api
from tests.factories import AddonFactory, VersionFactory

DETAIL = "/api/v5/addons/addon/{}/"


async def test_detail_by_id_slug_and_guid(catalogue, async_client):
    addon = catalogue.rich
    for key in (str(addon.pk), "tab-tamer", "%7B7f3c9a2e-tab-tamer%7D", addon.guid):
        result = await get_api(async_client, DETAIL.format(key))
        assert result.status == 200, key
        assert result.data["id"] == addon.pk


async def test_guid_lookup_ignores_case(catalogue, async_client):
    result = await get_api(async_client, DETAIL.format("PLAIN@example.COM"))
    assert result.data["guid"] == "plain@example.com"


@pytest.mark.parametrize("key", ["nope", "999999", "9" * 40, "x@y", "%7Bnope%7D"])
async def test_unknown_addon_is_404(catalogue, async_client, key):
    result = await get_api(async_client, DETAIL.format(key))

    assert result.status == 404
    assert result.response["Content-Type"] == "application/json"
    assert result.data == {"detail": "Not found."}


@pytest.mark.parametrize(
    ("fields", "developer", "mozilla"),
    [
        ({"status": AddonStatus.DISABLED}, False, True),
        ({"disabled_by_user": True}, True, False),
        ({"status": AddonStatus.NOMINATED}, False, False),
    ],
)
async def test_hidden_addon_is_401(live_db, async_client, fields, developer, mozilla):
    await sync_to_async(AddonFactory)(slug="hidden", **fields)

    for path in (DETAIL.format("hidden"), DETAIL.format("hidden") + "versions/"):
        result = await get_api(async_client, path)
        assert result.status == 401
        assert result.response["WWW-Authenticate"] == 'JWT realm="api"'
        assert result.data == {
            "detail": "Authentication credentials were not provided.",
            "is_disabled_by_developer": developer,
            "is_disabled_by_mozilla": mozilla,
        }


async def test_deleted_addon_is_404(live_db, async_client):
    await sync_to_async(AddonFactory)(slug="gone", status=AddonStatus.DELETED)
    assert (await get_api(async_client, DETAIL.format("gone"))).status == 404


async def test_unlisted_only_addon_is_401(live_db, async_client):
    def build():
        addon = AddonFactory(slug="secret", versions=0)
        VersionFactory(addon=addon, channel=Channel.UNLISTED)

    await sync_to_async(build)()
    result = await get_api(async_client, DETAIL.format("secret"))
    assert result.status == 401


async def test_translations_without_lang(catalogue, async_client):
    addon = (await get_api(async_client, DETAIL.format("tab-tamer"))).data

    assert addon["name"] == {"en-US": "Tab Tamer", "fr": "Dompteur d'onglets"}
    # The javascript: homepage in French is never sent.
    assert addon["homepage"] == {
        "url": {"en-US": "https://tabs.example"},
        "outgoing": {"en-US": "https://tabs.example"},
    }
    assert addon["developer_comments"] is None


async def test_translations_with_lang(catalogue, async_client):
    addon = (await get_api(async_client, DETAIL.format("tab-tamer") + "?lang=fr")).data

    assert addon["name"] == {"fr": "Dompteur d'onglets"}
    assert addon["support_email"] == {
        "en-US": "help@tabs.example",
        "fr": None,
        "_default": "en-US",
    }
    assert addon["homepage"]["url"] == {
        "en-US": "https://tabs.example",
        "fr": None,
        "_default": "en-US",
    }
    assert addon["url"].endswith("/fr/firefox/addon/tab-tamer/")


@pytest.mark.parametrize(("lang", "key"), [("de-AT", "de"), ("pt_br", "pt-BR")])
async def test_lang_maps_to_supported_locale(catalogue, async_client, lang, key):
    path = DETAIL.format("tab-tamer") + f"?lang={lang}"
    name = (await get_api(async_client, path)).data["name"]

    assert name == {"en-US": "Tab Tamer", key: None, "_default": "en-US"}


async def test_unserved_language_falls_back(catalogue, async_client):
    path = DETAIL.format("tab-tamer") + "?lang=ast"
    name = (await get_api(async_client, path)).data["name"]
    assert name == {"en-US": "Tab Tamer", "ast": None, "_default": "en-US"}


async def test_v4_lang_sends_strings(catalogue, async_client):
    addon = (
        await get_api(async_client, "/api/v4/addons/addon/tab-tamer/?lang=fr")
    ).data

    assert addon["name"] == "Dompteur d'onglets"
    assert addon["support_email"] == "help@tabs.example"
    assert addon["homepage"] == "https://tabs.example"
    assert addon["contributions_url"] == "https://donate.example/tabs"


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("lang=!!", "lang"),
        ("app=safari", "app"),
        ("appversion=latest", "appversion"),
        ("show_grouped_ratings=maybe", "show_grouped_ratings"),
    ],
)
async def test_malformed_parameter_is_400(catalogue, async_client, query, name):
    result = await get_api(async_client, DETAIL.format("tab-tamer") + f"?{query}")

    assert result.status == 400
    assert list(result.data) == [name]
    assert isinstance(result.data[name][0], str)


async def test_unknown_parameters_are_ignored(catalogue, async_client):
    path = DETAIL.format("tab-tamer") + "?addonInstallSource=x&lang=&app="
    assert (await get_api(async_client, path)).status == 200


async def test_app_sets_url_segments(catalogue, async_client):
    addon = (
        await get_api(async_client, DETAIL.format("tab-tamer") + "?app=android")
    ).data

    assert "/en-US/android/addon/tab-tamer/" in addon["url"]
    assert "/android/downloads/file/" in addon["current_version"]["file"]["url"]


async def test_stored_icon_is_cache_busted(live_db, async_client):
    await sync_to_async(AddonFactory)(slug="iconic", icon_hash="abcd1234")
    addon = (await get_api(async_client, DETAIL.format("iconic"))).data

    assert addon["icon_url"].endswith("-64.png?modified=abcd1234")
    assert addon["icons"]["128"].endswith("-128.png?modified=abcd1234")


async def test_version_lookup(live_db, async_client):
    def build():
        addon = AddonFactory(slug="multi", versions=0)
        return [VersionFactory(addon=addon, version=v) for v in ("2", "2.5")]

    two, two_five = await sync_to_async(build)()
    base = DETAIL.format("multi") + "versions/"
    by_id = await get_api(async_client, f"{base}{two.pk}/")
    by_string = await get_api(async_client, f"{base}2.5/")
    forced = await get_api(async_client, f"{base}v2/")
    missing = await get_api(async_client, f"{base}v9/")

    assert by_id.data["id"] == two.pk
    assert by_string.data["id"] == two_five.pk
    assert forced.data["id"] == two.pk
    assert missing.status == 404
    assert missing.data == {"detail": "Not found."}


async def test_unlisted_version_is_404(live_db, async_client):
    def build():
        addon = AddonFactory(slug="mixed")
        return VersionFactory(addon=addon, version="9.0", channel=Channel.UNLISTED)

    version = await sync_to_async(build)()
    base = DETAIL.format("mixed") + "versions/"
    assert (await get_api(async_client, f"{base}{version.pk}/")).status == 404
    listing = (await get_api(async_client, base)).data
    assert [v["version"] for v in listing["results"]] == ["1.0"]


@pytest.mark.parametrize(
    "value", ["all_without_unlisted", "all_with_unlisted", "all_with_deleted"]
)
async def test_author_filters_need_authentication(catalogue, async_client, value):
    path = DETAIL.format("tab-tamer") + f"versions/?filter={value}"
    result = await get_api(async_client, path)
    assert result.status == 401


async def test_invalid_version_filter_is_400(catalogue, async_client):
    result = await get_api(
        async_client, DETAIL.format("tab-tamer") + "versions/?filter=x"
    )
    assert list(result.data) == ["filter"]


async def test_unknown_api_path_is_json_404(live_db, async_client):
    result = await get_api(async_client, "/api/v5/nothing/here/")

    assert result.status == 404
    assert result.response["Content-Type"] == "application/json"
    assert result.data == {"detail": "Not found."}


async def test_wrong_method_is_json_405(live_db, async_client):
    response = await async_client.post("/api/v5/site/")

    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": 'Method "POST" not allowed.'}
    assert response["Allow"] == "GET"


async def test_cors_on_get(catalogue, async_client):
    result = await get_api(
        async_client, DETAIL.format("tab-tamer"), Origin="https://x.example"
    )
    assert result.response["Access-Control-Allow-Origin"] == "*"
    missing = await get_api(async_client, DETAIL.format("nope"))
    assert missing.response["Access-Control-Allow-Origin"] == "*"


async def test_cors_preflight(live_db, async_client):
    response = await async_client.options(
        "/api/v5/addons/search/",
        headers={
            "Origin": "https://x.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization",
        },
    )

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "authorization" in response["Access-Control-Allow-Headers"]
    assert response["Content-Type"] == "application/json"


async def test_pages_get_no_cors(live_db, async_client):
    response = await async_client.get("/en-US/firefox/")
    assert "Access-Control-Allow-Origin" not in response


async def test_language_pack_detail_picks_compatible_version(live_db, async_client):
    def build():
        addon = AddonFactory(
            slug="lang-de", type=AddonType.LANGUAGE, target_locale="de", versions=0
        )
        old = VersionFactory(
            addon=addon, version="115.0", compatibility={1: ("115.0", "115.*")}
        )
        new = VersionFactory(
            addon=addon, version="128.0", compatibility={1: ("128.0", "128.*")}
        )
        addon.current_version = new
        addon.save()
        return old

    old = await sync_to_async(build)()
    path = DETAIL.format("lang-de") + "?app=firefox&appversion=115.0.3"
    addon = (await get_api(async_client, path)).data
    assert addon["current_version"]["id"] == old.pk
    none = (
        await get_api(
            async_client, DETAIL.format("lang-de") + "?app=firefox&appversion=99.0"
        )
    ).data
    assert none["current_version"] is None
    # Without app, the version is picked for Firefox.
    path = DETAIL.format("lang-de") + "?appversion=115.0.3"
    implied = (await get_api(async_client, path)).data
    assert implied["current_version"]["id"] == old.pk


@pytest.mark.parametrize("lang", ["ast", "xx"])
async def test_unserved_lang_keeps_site_urls(catalogue, async_client, lang):
    addon = (
        await get_api(async_client, DETAIL.format("tab-tamer") + f"?lang={lang}")
    ).data

    assert addon["url"] == f"{settings.SITE_URL}/en-US/firefox/addon/tab-tamer/"
    assert addon["authors"][0]["url"].startswith(f"{settings.SITE_URL}/en-US/firefox/")
    assert addon["name"] == {"en-US": "Tab Tamer", lang: None, "_default": "en-US"}


async def test_served_lang_sets_site_urls(catalogue, async_client):
    addon = (
        await get_api(async_client, DETAIL.format("tab-tamer") + "?lang=de-AT")
    ).data

    assert addon["url"] == f"{settings.SITE_URL}/de/firefox/addon/tab-tamer/"
