"""Who may open the developer hub's pages: sign-in, authors, owners."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import AsyncClient

from tests.devhub.conftest import signed_in

DEV = "/en-US/firefox/developers"
ADDON = f"{DEV}/addon/tab-keeper"

# Pages of one add-on that every author may open.
AUTHOR_PAGES = [
    f"{ADDON}/edit/",
    f"{ADDON}/media/",
    f"{ADDON}/versions/",
    f"{ADDON}/versions/submit/",
    f"{ADDON}/status/",
    f"{ADDON}/activity/",
    f"{ADDON}/submit/finish/",
]
# Pages and forms that only owners may use.
OWNER_PAGES = [f"{ADDON}/ownership/"]
OWNER_POSTS = [f"{ADDON}/ownership/add/", f"{ADDON}/delete/"]
# Forms that every author may send.
AUTHOR_POSTS = [
    f"{ADDON}/edit/",
    f"{ADDON}/disable/",
    f"{ADDON}/enable/",
    f"{ADDON}/media/icon/remove/",
    f"{ADDON}/media/screenshots/",
]


@pytest.mark.parametrize(
    "path",
    [
        f"{DEV}/",
        f"{DEV}/addons/",
        f"{DEV}/agreement/",
        f"{DEV}/addon/submit/",
        f"{DEV}/addon/submit/upload-unlisted/",
        *AUTHOR_PAGES,
        *OWNER_PAGES,
    ],
)
async def test_anonymous_goes_to_login(team, settings, path):
    response = await AsyncClient().get(path)

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == settings.LOGIN_URL
    assert parse_qs(location.query) == {"next": [path]}
    assert "no-store" in response["Cache-Control"]


async def test_anonymous_post_goes_to_login(team, settings):
    response = await AsyncClient().post(f"{ADDON}/disable/")

    assert response.status_code == 302
    assert response["Location"].startswith(settings.LOGIN_URL)


async def test_anonymous_json_is_401(team):
    response = await AsyncClient().get(f"{ADDON}/media/status/")

    assert response.status_code == 401
    assert "detail" in response.json()


async def test_pages_are_never_cached(team):
    client = await signed_in(team.owner)

    response = await client.get(f"{DEV}/addons/")

    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "private" in cache_control
    assert "no-store" in cache_control
    assert "Cookie" in response["Vary"]


async def test_unprefixed_developers_redirects(team):
    response = await AsyncClient().get(
        "/developers/", headers={"Accept-Language": "de"}
    )

    assert response.status_code == 301
    assert response["Location"] == "/de/firefox/developers/"


async def test_index_redirects_to_my_addons(team):
    client = await signed_in(team.owner)

    response = await client.get(f"{DEV}/")

    assert response.status_code == 302
    assert response["Location"] == f"{DEV}/addons/"


@pytest.mark.parametrize("path", AUTHOR_PAGES + OWNER_PAGES)
async def test_outsider_is_rejected(team, path):
    client = await signed_in(team.outsider)

    response = await client.get(path)

    assert response.status_code == 403
    assert "Only the authors of this add-on" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("path", AUTHOR_POSTS + OWNER_POSTS)
async def test_outsider_cannot_post(team, path):
    client = await signed_in(team.outsider)

    response = await client.post(path, {"slug": "tab-keeper"})

    assert response.status_code == 403


async def test_outsider_gets_json_403(team):
    client = await signed_in(team.outsider)

    response = await client.get(f"{ADDON}/media/status/")

    assert response.status_code == 403
    assert response.json()["detail"]


@pytest.mark.parametrize("path", AUTHOR_PAGES)
async def test_developer_opens_author_pages(team, path):
    client = await signed_in(team.developer)

    response = await client.get(path)

    assert response.status_code == 200


@pytest.mark.parametrize("path", OWNER_PAGES)
async def test_developer_cannot_manage_authors(team, path):
    client = await signed_in(team.developer)

    response = await client.get(path)

    assert response.status_code == 403
    assert "Only the owners of this add-on" in response.content.decode()


@pytest.mark.parametrize("path", OWNER_POSTS)
async def test_developer_cannot_post_owner_forms(team, path):
    client = await signed_in(team.developer)

    response = await client.post(path, {"slug": "tab-keeper", "email": "x@y.z"})

    assert response.status_code == 403


@pytest.mark.parametrize("path", AUTHOR_PAGES + OWNER_PAGES)
async def test_owner_opens_every_page(team, path):
    client = await signed_in(team.owner)

    response = await client.get(path)

    assert response.status_code == 200


async def test_developer_menu_has_no_authors_link(team):
    client = await signed_in(team.developer)

    response = await client.get(f"{ADDON}/edit/")

    assert f"{ADDON}/ownership/" not in response.content.decode()


async def test_unknown_addon_is_404(team):
    client = await signed_in(team.owner)

    response = await client.get(f"{DEV}/addon/no-such-addon/edit/")

    assert response.status_code == 404


async def test_deleted_addon_is_404(team):
    team.addon.status = 11
    await team.addon.asave(update_fields=["status"])
    client = await signed_in(team.owner)

    response = await client.get(f"{ADDON}/edit/")

    assert response.status_code == 404


async def test_deleted_account_is_signed_out(team, settings):
    team.owner.deleted = True
    await team.owner.asave(update_fields=["deleted"])
    client = await signed_in(team.owner)

    response = await client.get(f"{DEV}/addons/")

    assert response.status_code == 302
    assert response["Location"].startswith(settings.LOGIN_URL)


async def test_get_only_pages_reject_post(team):
    client = await signed_in(team.owner)

    response = await client.post(f"{ADDON}/activity/")

    assert response.status_code == 405


async def test_page_cache_never_stores_devhub_pages(team):
    import asgi
    from tests.asgi_client import request

    application = asgi.build_application()
    client = await signed_in(team.owner)
    cookie = client.cookies["sessionid"].value
    signed = [(b"cookie", f"sessionid={cookie}".encode())]

    anonymous = [await request(application, f"{DEV}/addons/") for _ in range(2)]
    pages = [
        await request(application, f"{DEV}/addons/", headers=signed) for _ in range(2)
    ]

    assert [response.status for response in anonymous] == [302, 302]
    assert anonymous[1].headers.get("x-cache") != "HIT"
    assert [response.status for response in pages] == [200, 200]
    assert "x-cache" not in pages[1].headers
    assert "private" in pages[1].headers["cache-control"]
    assert b"Tab Keeper" in pages[1].body


@pytest.mark.parametrize("locale", ["de", "ar", "zh-TW"])
async def test_pages_in_other_locales(team, locale):
    client = await signed_in(team.owner)
    paths = ["addons/", "addon/tab-keeper/edit/", "addon/tab-keeper/media/"]

    for path in paths:
        response = await client.get(f"/{locale}/firefox/developers/{path}")

        assert response.status_code == 200, path
        assert f'<html lang="{locale}"' in response.content.decode()
    assert ('dir="rtl"' in response.content.decode()) == (locale == "ar")
